// A fast re-implementation of VADER (Hutto & Gilbert 2014, "VADER: A Parsimonious Rule-based Model
// for Sentiment Analysis of Social Media Text", ICWSM-14) that reproduces, score for score, the
// JavaScript port in the npm package `vader-sentiment` (vaderSentiment-js, Copyright 2018 Comcast
// Cable Communications Management, LLC, Apache-2.0). The rule constants below (booster words,
// negations, idioms, punctuation list, empirical increments) follow that package; the lexicon is
// not copied: it is read once, at load, from the installed package's `vader_lexicon.txt`.
//
// Same behaviour, including the package's quirks, which are kept on purpose so that compounds are
// identical:
// - tokens are the pieces of `text.split(/\s/)` of length > 1 (UTF-16 units, so a lone BMP emoji
//   is dropped and an astral emoji is kept as a neutral word: the JS package has no emoji lexicon);
// - a token loses ONE leading or trailing punctuation affix only if that affix is in the package's
//   PUNC_LIST and the rest has no ASCII punctuation and is 2+ units long ("great!!" -> "great",
//   "don't!" and "(great)" stay as they are);
// - negation, "never so/this", "but"/"BUT" and idiom tests compare the raw (case-sensitive) words;
//   lexicon, booster, "kind of" and "least" tests use the lower-cased words;
// - "!" and "?" are counted over the whole text; compound is rounded with toFixed(4), the
//   proportions with toFixed(3), as the package does.
//
// Speed: one character scan (whitespace split, punctuation affixes, caps flags, "!"/"?" counts),
// a 16 KB bit filter over the lower-cased words (hashed in place for ASCII) then, for the few
// tokens that pass it, one Map lookup for the lexicon and one for boosters; lower-cased copies made
// only for those tokens and the words a rule reads; module-level scratch arrays reused between
// calls, no regex at all, and no per-call allocation beyond the token substrings (and those
// lower-cased copies) and the result object.

import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";

export interface VaderScores {
  neg: number;
  neu: number;
  pos: number;
  compound: number;
}

export type VaderLabel = "positive" | "negative" | "neutral";

// ---------------------------------------------------------------------------------------------
// Lexicon, read once from the installed package

const require = createRequire(import.meta.url);
const PKG_DIR = dirname(require.resolve("vader-sentiment/package.json"));
const PKG_VERSION: string = (JSON.parse(readFileSync(join(PKG_DIR, "package.json"), "utf8")) as { version: string }).version;

/** Bumped whenever this implementation's output could change; carries the reference package's version. */
export const VADER_VERSION = `vader-sentiment@${PKG_VERSION}+voxpop.1`;

/**
 * `word<TAB>mean<TAB>sd<TAB>ratings` per line. Duplicate words keep their last line, as in the
 * package's own lexicon object (and in the Python original, where later entries overwrite).
 */
function loadLexicon(): Map<string, number> {
  const text = readFileSync(join(PKG_DIR, "vader_lexicon.txt"), "utf8");
  const lexicon = new Map<string, number>();
  for (const line of text.split("\n")) {
    const tab = line.indexOf("\t");
    if (tab <= 0) continue;
    const tab2 = line.indexOf("\t", tab + 1);
    const value = Number(line.slice(tab + 1, tab2 < 0 ? undefined : tab2));
    if (Number.isFinite(value)) lexicon.set(line.slice(0, tab), value);
  }
  return lexicon;
}

const LEXICON = loadLexicon();

// ---------------------------------------------------------------------------------------------
// Rule constants of vaderSentiment-js

const B_INCR = 0.293;
const B_DECR = -0.293;
const C_INCR = 0.733;
const N_SCALAR = -0.74;

const PUNC_LIST = new Set([
  ".", "!", "?", ",", ";", ":", "-", "'", '"', "!!", "!!!", "??", "???", "?!?", "!?!", "?!?!", "!?!?",
]);

const NEGATE = new Set([
  "aint", "arent", "cannot", "cant", "couldnt", "darent", "didnt", "doesnt", "ain't", "aren't", "can't",
  "couldn't", "daren't", "didn't", "doesn't", "dont", "hadnt", "hasnt", "havent", "isnt", "mightnt",
  "mustnt", "neither", "don't", "hadn't", "hasn't", "haven't", "isn't", "mightn't", "mustn't", "neednt",
  "needn't", "never", "none", "nope", "nor", "not", "nothing", "nowhere", "oughtnt", "shant", "shouldnt",
  "uhuh", "wasnt", "werent", "oughtn't", "shan't", "shouldn't", "uh-uh", "wasn't", "weren't", "without",
  "wont", "wouldnt", "won't", "wouldn't", "rarely", "seldom", "despite",
]);

const BOOSTER_WORDS: Record<string, number> = {
  absolutely: B_INCR, amazingly: B_INCR, awfully: B_INCR, completely: B_INCR, considerably: B_INCR,
  decidedly: B_INCR, deeply: B_INCR, effing: B_INCR, enormously: B_INCR, entirely: B_INCR,
  especially: B_INCR, exceptionally: B_INCR, extremely: B_INCR, fabulously: B_INCR, flipping: B_INCR,
  flippin: B_INCR, fricking: B_INCR, frickin: B_INCR, frigging: B_INCR, friggin: B_INCR, fully: B_INCR,
  fucking: B_INCR, greatly: B_INCR, hella: B_INCR, highly: B_INCR, hugely: B_INCR, incredibly: B_INCR,
  intensely: B_INCR, majorly: B_INCR, more: B_INCR, most: B_INCR, particularly: B_INCR, purely: B_INCR,
  quite: B_INCR, really: B_INCR, remarkably: B_INCR, so: B_INCR, substantially: B_INCR,
  thoroughly: B_INCR, totally: B_INCR, tremendously: B_INCR, uber: B_INCR, unbelievably: B_INCR,
  unusually: B_INCR, utterly: B_INCR, very: B_INCR,
  almost: B_DECR, barely: B_DECR, hardly: B_DECR, "just enough": B_DECR, "kind of": B_DECR,
  kinda: B_DECR, kindof: B_DECR, "kind-of": B_DECR, less: B_DECR, little: B_DECR, marginally: B_DECR,
  occasionally: B_DECR, partly: B_DECR, scarcely: B_DECR, slightly: B_DECR, somewhat: B_DECR,
  "sort of": B_DECR, sorta: B_DECR, sortof: B_DECR, "sort-of": B_DECR,
};

/** Single-word boosters (a whitespace-split token never contains a space). */
const BOOSTER = new Map<string, number>();
/** Two-word boosters ("kind of", "sort of", "just enough"), checked in the idiom step. */
const BOOSTER_BIGRAMS = new Set<string>();
const BIGRAM_WORDS = new Set<string>();
for (const [k, v] of Object.entries(BOOSTER_WORDS)) {
  if (k.includes(" ")) {
    BOOSTER_BIGRAMS.add(k);
    for (const w of k.split(" ")) BIGRAM_WORDS.add(w);
  } else BOOSTER.set(k, v);
}

// A bit per hash of every lexicon and booster word (16 KB, so it stays in cache): a token whose
// bit is clear is in neither map, and most tokens are not, so most skip both Map lookups (each a
// hash-table walk that, beside the models' weights, misses the cache). Exact: a set bit only means
// "look in the maps".
const FILTER_BITS = 1 << 17;
const FILTER = new Int32Array(FILTER_BITS >>> 5);
function filterHash(s: string): number {
  let h = 0x811c9dc5 | 0;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  h ^= h >>> 15;
  return h & (FILTER_BITS - 1);
}
/** filterHash(s.toLowerCase()) for an ASCII s. */
function filterHashAsciiLower(s: string): number {
  let h = 0x811c9dc5 | 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    h = Math.imul(h ^ (c >= 65 && c <= 90 ? c + 32 : c), 0x01000193);
  }
  h ^= h >>> 15;
  return h & (FILTER_BITS - 1);
}
for (const k of [...LEXICON.keys(), ...BOOSTER.keys()]) { const b = filterHash(k); FILTER[b >>> 5]! |= 1 << (b & 31); }

const IDIOMS = new Map<string, number>([
  ["the shit", 3], ["the bomb", 3], ["bad ass", 1.5], ["yeah right", -2],
  ["cut the mustard", 2], ["kiss of death", -1.5], ["hand to mouth", -2],
]);
/** Every word of every idiom: a sequence with a word outside this set cannot be an idiom. */
const IDIOM_WORDS = new Set<string>();
for (const k of IDIOMS.keys()) for (const w of k.split(" ")) IDIOM_WORDS.add(w);

// ---------------------------------------------------------------------------------------------
// Character classes

const C_WS = 1;
const C_PUNCT = 2; // string.punctuation, the package's REGEX_REMOVE_PUNCTUATION
const C_UPPER = 4; // A-Z
const C_LOWER = 8; // a-z
const ASCII = new Uint8Array(128);
for (const c of "\t\n\v\f\r ") ASCII[c.charCodeAt(0)] = C_WS;
for (const c of "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~") ASCII[c.charCodeAt(0)] = C_PUNCT;
for (let c = 65; c <= 90; c++) ASCII[c] = C_UPPER;
for (let c = 97; c <= 122; c++) ASCII[c] = C_LOWER;

/** JavaScript's `\s` beyond ASCII: Unicode Zs, NBSP, line/paragraph separators and the BOM. */
function isWideSpace(c: number): boolean {
  return c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 ||
    c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;
}

// ---------------------------------------------------------------------------------------------
// Scratch, reused between calls (scoring is synchronous, so never re-entered)

let cap = 0;
const tok: string[] = [];
/** Lower-cased words, or null until lowAt makes one. */
const low: Array<string | null> = [];
/** The lower-cased word i (made and kept on first use). */
function lowAt(i: number): string {
  let l = low[i];
  if (l === null || l === undefined) { l = tok[i]!.toLowerCase(); low[i] = l; }
  return l;
}
let lexV = new Float64Array(0);
let hasLex = new Uint8Array(0);
let boost = new Float64Array(0);
let upper = new Uint8Array(0);

/** Room for n words, keeping the words already written (growth happens mid-tokenisation). */
function grow(n: number): void {
  cap = Math.max(n, cap * 2, 64);
  const lv = new Float64Array(cap), hl = new Uint8Array(cap), bo = new Float64Array(cap), up = new Uint8Array(cap);
  lv.set(lexV);
  hl.set(hasLex);
  bo.set(boost);
  up.set(upper);
  lexV = lv;
  hasLex = hl;
  boost = bo;
  upper = up;
}
grow(64);

let nTok = 0;
let nCaps = 0;
let butIdx = -1;
let bigButIdx = -1;

/** Appends one whitespace-delimited piece (start..end) of `text` as a word, as SentiText does. */
function addToken(
  text: string, start: number, end: number,
  punct: number, lead: number, lastWord: number, letters: number, wide: boolean,
): void {
  const len = end - start;
  if (len < 2) return;
  if (punct > 0 && punct < len) {
    // get_words_plus_punc: p + w or w + p with p in PUNC_LIST, w punctuation-free and 2+ units.
    if (lead === punct) {
      if (len - lead > 1 && PUNC_LIST.has(text.slice(start, start + lead))) start += lead;
    } else {
      const trail = end - 1 - lastWord;
      if (trail === punct && len - trail > 1 && PUNC_LIST.has(text.slice(end - trail, end))) end -= trail;
    }
  }
  const i = nTok++;
  if (i >= cap) grow(i + 1);
  const t = text.slice(start, end);
  tok[i] = t;
  // The lower-cased word is made only when needed (the filter passes, or a rule reads it: lowAt);
  // an ASCII word's filter hash is taken over its lower case in place.
  let l: string | null;
  let b: number;
  if (wide) { l = t.toLowerCase(); b = filterHash(l); }
  else if ((letters & C_UPPER) !== 0) { l = null; b = filterHashAsciiLower(t); }
  else { l = t; b = filterHash(t); }
  if ((FILTER[b >>> 5]! & (1 << (b & 31))) === 0) {
    low[i] = l;
    hasLex[i] = 0;
    lexV[i] = 0;
    boost[i] = 0;
  } else {
    if (l === null) l = t.toLowerCase();
    low[i] = l;
    const v = LEXICON.get(l);
    if (v === undefined) {
      hasLex[i] = 0;
      lexV[i] = 0;
    } else {
      hasLex[i] = 1;
      lexV[i] = v;
    }
    boost[i] = BOOSTER.get(l) ?? 0;
  }
  // Python-style isupper: an ASCII capital and no ASCII small letter.
  const up = (letters & (C_UPPER | C_LOWER)) === C_UPPER ? 1 : 0;
  upper[i] = up;
  nCaps += up;
  if (butIdx < 0 && t === "but") butIdx = i;
  else if (bigButIdx < 0 && t === "BUT") bigButIdx = i;
}

function negated(word: string): boolean {
  return NEGATE.has(word) || word.includes("n't");
}

function idiom2(a: string, b: string): number | undefined {
  return IDIOM_WORDS.has(a) && IDIOM_WORDS.has(b) ? IDIOMS.get(`${a} ${b}`) : undefined;
}

function idiom3(a: string, b: string, c: string): number | undefined {
  return IDIOM_WORDS.has(a) && IDIOM_WORDS.has(b) && IDIOM_WORDS.has(c) ? IDIOMS.get(`${a} ${b} ${c}`) : undefined;
}

function boosterBigram(a: string, b: string): boolean {
  return BIGRAM_WORDS.has(a) && BIGRAM_WORDS.has(b) && BOOSTER_BIGRAMS.has(`${a} ${b}`);
}

/** SentimentIntensityAnalyzer.idioms_check, for the word at i (i >= 3). */
function idiomsCheck(valence: number, i: number, n: number): number {
  const t0 = tok[i]!, t1 = tok[i - 1]!, t2 = tok[i - 2]!, t3 = tok[i - 3]!;
  const v = idiom2(t1, t0) ?? idiom3(t2, t1, t0) ?? idiom2(t2, t1) ?? idiom3(t3, t2, t1) ?? idiom2(t3, t2);
  if (v !== undefined) valence = v;
  if (n - 1 > i) {
    const a = tok[i + 1]!;
    const v1 = idiom2(t0, a);
    if (v1 !== undefined) valence = v1;
    if (n - 1 > i + 1) {
      const v2 = idiom3(t0, a, tok[i + 2]!);
      if (v2 !== undefined) valence = v2;
    }
  }
  if (boosterBigram(t3, t2) || boosterBigram(t2, t1)) valence = valence + B_DECR;
  return valence;
}

/** SentimentIntensityAnalyzer.sentiment_valence for a lexicon word at i. */
function valenceAt(i: number, n: number, capDiff: boolean): number {
  let valence = lexV[i]!;
  if (upper[i] === 1 && capDiff) {
    if (valence > 0) valence += C_INCR;
    else valence -= C_INCR;
  }
  for (let k = 0; k < 3; k++) {
    const j = i - (k + 1);
    if (j < 0) break;
    if (hasLex[j] === 1) continue;
    // scalar_inc_dec
    let s = 0;
    const b = boost[j]!;
    if (b !== 0) {
      s = b;
      if (valence < 0) s *= -1;
      if (capDiff && upper[j] === 1) {
        if (valence > 0) s += C_INCR;
        else s -= C_INCR;
      }
    }
    if (k === 1 && s !== 0) s = s * 0.95;
    else if (k === 2 && s !== 0) s = s * 0.9;
    valence = valence + s;
    // never_check
    if (k === 0) {
      if (negated(tok[i - 1]!)) valence = valence * N_SCALAR;
    } else if (k === 1) {
      const w1 = tok[i - 1]!;
      if (tok[i - 2] === "never" && (w1 === "so" || w1 === "this")) valence = valence * 1.5;
      else if (negated(tok[i - 2]!)) valence = valence * N_SCALAR;
    } else {
      const w1 = tok[i - 1]!, w2 = tok[i - 2]!;
      if ((tok[i - 3] === "never" && (w2 === "so" || w2 === "this")) || w1 === "so" || w1 === "this") {
        valence = valence * 1.25;
      } else if (negated(tok[i - 3]!)) valence = valence * N_SCALAR;
      valence = idiomsCheck(valence, i, n);
    }
  }
  // least_check
  if (i > 1 && hasLex[i - 1] === 0 && lowAt(i - 1) === "least") {
    const w2 = lowAt(i - 2);
    if (w2 !== "at" && w2 !== "very") valence = valence * N_SCALAR;
  } else if (i > 0 && hasLex[i - 1] === 0 && lowAt(i - 1) === "least") {
    valence = valence * N_SCALAR;
  }
  return valence;
}

let exclCount = 0;
let questCount = 0;

/**
 * SentiText.get_words_and_emoticons into the scratch arrays, in one scan: split on \s, per-piece
 * punctuation and letter statistics, and the text's "!" and "?" counts.
 */
function tokenize(text: string): void {
  nTok = 0;
  nCaps = 0;
  butIdx = -1;
  bigButIdx = -1;
  let excl = 0;
  let quest = 0;

  const len = text.length;
  let start = 0;
  let punct = 0; // ASCII punctuation characters in the piece
  let lead = 0; // leading punctuation run (valid once a non-punctuation character is seen)
  let lastWord = -1; // index of the last non-punctuation character in the piece
  let letters = 0; // C_UPPER | C_LOWER seen
  let wide = false; // a non-ASCII character seen (lower-case with toLowerCase)
  for (let p = 0; p < len; p++) {
    const c = text.charCodeAt(p);
    let cls: number;
    if (c < 128) {
      cls = ASCII[c]!;
      if (cls === C_WS) {
        addToken(text, start, p, punct, lead, lastWord, letters, wide);
        start = p + 1;
        punct = 0;
        lead = 0;
        lastWord = -1;
        letters = 0;
        wide = false;
        continue;
      }
      if (cls === C_PUNCT) {
        if (c === 33) excl++;
        else if (c === 63) quest++;
        punct++;
        if (lastWord < 0) lead++;
        continue;
      }
      letters |= cls;
    } else if (isWideSpace(c)) {
      addToken(text, start, p, punct, lead, lastWord, letters, wide);
      start = p + 1;
      punct = 0;
      lead = 0;
      lastWord = -1;
      letters = 0;
      wide = false;
      continue;
    } else wide = true;
    lastWord = p;
  }
  addToken(text, start, len, punct, lead, lastWord, letters, wide);

  exclCount = excl;
  questCount = quest;
}

/**
 * `parseFloat(x.toFixed(digits))` (scale = 10^digits) without toFixed's cost. toFixed rounds the
 * exact value of |x| half-up; |x| * scale is within ~1e-12 of it here (|x| <= 1), so whenever its
 * fraction is clearly off one half, floor/ceil give toFixed's integer, and integer / scale is the
 * same correctly rounded double that parseFloat returns. Near a half, toFixed decides.
 */
function roundTo(x: number, scale: number, digits: number): number {
  const a = x < 0 ? -x : x + 0; // + 0 turns -0 into 0, as toFixed does
  const y = a * scale;
  const n = Math.floor(y);
  const f = y - n;
  if (f > 0.5 + 1e-7 || f < 0.5 - 1e-7) {
    const r = (f > 0.5 ? n + 1 : n) / scale;
    return x < 0 ? -r : r;
  }
  return parseFloat(x.toFixed(digits));
}

/**
 * VADER scores of `text`, identical to `vader-sentiment`'s
 * `SentimentIntensityAnalyzer.polarity_scores(text)` (compound rounded to 4 decimals, the
 * proportions to 3, as the package returns them).
 */
export function vaderScores(text: string): VaderScores {
  if (typeof text !== "string") text = text == null ? "" : String(text);
  tokenize(text);
  const n = nTok;
  if (n === 0) return { neg: 0, neu: 0, pos: 0, compound: 0 };
  const capsLeft = n - nCaps;
  const capDiff = capsLeft > 0 && capsLeft < n;
  const but = butIdx >= 0 ? butIdx : bigButIdx;

  // One pass over words: valence, "but" shift, sum and the positive/negative/neutral split.
  let sum = 0;
  let posSum = 0;
  let negSum = 0;
  let neuCount = 0;
  for (let i = 0; i < n; i++) {
    let s = 0;
    if (boost[i] !== 0 || (i < n - 1 && lowAt(i) === "kind" && lowAt(i + 1) === "of")) s = 0;
    else if (hasLex[i] === 1) s = valenceAt(i, n, capDiff);
    if (but >= 0) {
      if (i < but) s = 0.5 * s;
      else if (i > but) s = 1.5 * s;
    }
    sum += s;
    if (s > 0) posSum += s + 1;
    else if (s < 0) negSum += s - 1;
    else neuCount += 1;
  }

  // Punctuation emphasis over the whole text.
  const excl = exclCount;
  const quest = questCount;
  const ep = (excl > 4 ? 4 : excl) * 0.292;
  const qm = quest > 1 ? (quest <= 3 ? quest * 0.18 : 0.96) : 0;
  const amp = ep + qm;
  if (sum > 0) sum += amp;
  else if (sum < 0) sum -= amp;

  let compound = sum / Math.sqrt(sum * sum + 15);
  if (compound < -1) compound = -1;
  else if (compound > 1) compound = 1;

  const absNeg = Math.abs(negSum);
  if (posSum > absNeg) posSum += amp;
  else if (posSum < absNeg) negSum -= amp;
  const total = posSum + Math.abs(negSum) + neuCount;
  return {
    neg: roundTo(Math.abs(negSum / total), 1e3, 3),
    neu: roundTo(Math.abs(neuCount / total), 1e3, 3),
    pos: roundTo(Math.abs(posSum / total), 1e3, 3),
    compound: roundTo(compound, 1e4, 4),
  };
}

/** VADER's usual reading of a compound: positive at ≥ 0.05, negative at ≤ -0.05, else neutral. */
export function vaderLabel(compound: number): VaderLabel {
  if (compound >= 0.05) return "positive";
  if (compound <= -0.05) return "negative";
  return "neutral";
}

/** The words VADER scores (SentiText.words_and_emoticons), for tests and debugging. */
export function vaderWords(text: string): string[] {
  tokenize(text);
  return tok.slice(0, nTok);
}

/** Rule tables, exposed so tests can compare them with the reference package's own. */
export const vaderInternals = {
  lexicon: LEXICON as ReadonlyMap<string, number>,
  negate: NEGATE as ReadonlySet<string>,
  boosters: BOOSTER_WORDS as Readonly<Record<string, number>>,
  idioms: IDIOMS as ReadonlyMap<string, number>,
  puncList: PUNC_LIST as ReadonlySet<string>,
  constants: { B_INCR, B_DECR, C_INCR, N_SCALAR },
  roundTo,
};
