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
// Speed: one character scan (whitespace split, punctuation affixes, caps flags, "n't", "!"/"?"
// counts, and each token's key rolled from its lower-cased code units) that keeps tokens as
// positions, not strings; one lookup per token in an open-addressing table of every word a rule
// reads, which gives the word's valence, booster value and rule flags, so the rules test flags,
// not strings; only the lexicon words are then scored (a text without one scores 0 at once). No
// regex, no substring (except for a token holding U+212A KELVIN SIGN, lower-cased the slow way),
// module-level scratch arrays reused between calls, and no per-call allocation beyond the result
// object (none for vaderCompoundScore, which the sentiment enricher uses).

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

const IDIOMS = new Map<string, number>([
  ["the shit", 3], ["the bomb", 3], ["bad ass", 1.5], ["yeah right", -2],
  ["cut the mustard", 2], ["kiss of death", -1.5], ["hand to mouth", -2],
]);

// ---------------------------------------------------------------------------------------------
// The word table: what every rule wants to know about a word, found with one lookup per token
//
// VADER's rules ask about the words around a lexicon word: is it in the lexicon, a booster, a
// negation, "never", "so"/"this", "but", "kind"/"of", "least", "at"/"very", a word of an idiom?
// The answers are computed here once per word, as flags, and kept in one open-addressing hash
// table; a token is looked up once, by a key rolled from its lower-cased code units during the
// character scan (no substring), and the rules then test flags instead of comparing strings.
//
// The package compares some words lower-cased (lexicon, boosters, "kind of", "least", "at"/"very")
// and others as written (negations, "never", "so"/"this", "but", the idioms and the two-word
// boosters in idioms_check). All of those words are lower case, so a token equals one as written
// exactly when the token is its own lower case; "BUT" is "but" written in capitals.

/** In the lexicon (compared lower-cased). */
const W_LEX = 1 << 0;
/** A one-word booster or dampener (lower-cased). */
const W_BOOST = 1 << 1;
/** "kind" (lower-cased): "kind" before "of" scores nothing. */
const W_KIND = 1 << 2;
/** "of" (lower-cased). */
const W_OF = 1 << 3;
/** "least" (lower-cased): negates the next word unless after "at" or "very". */
const W_LEAST = 1 << 4;
/** "at" or "very" (lower-cased). */
const W_AT_VERY = 1 << 5;
/** In NEGATE (as written). On a token: the package's negated(), which adds any word with "n't". */
const W_NEGATE = 1 << 6;
/** "never" (as written). */
const W_NEVER = 1 << 7;
/** "so" or "this" (as written). */
const W_SO_THIS = 1 << 8;
/** "but" (as written). */
const W_BUT = 1 << 9;
/** On a token only: Python-style isupper (an ASCII capital and no ASCII small letter). */
const T_UPPER = 1 << 10;

// A token's facts packed in one int32: its flags (bits 0-10), the phrase number of the word it is
// written as (bits 11-15, see below) and the index + 1 of its lower-cased word (bits 16-31, 0 for
// no word).
const PHRASE_SHIFT = 11;
const PHRASE_BITS = 5;
const PHRASE_MASK = ((1 << PHRASE_BITS) - 1) << PHRASE_SHIFT;
const WORD_SHIFT = 16;
/** The facts that hold only for a token written exactly as the word. */
const AS_WRITTEN = W_NEGATE | W_NEVER | W_SO_THIS | W_BUT | PHRASE_MASK;

/** One-word boosters (a whitespace-split token never contains a space). */
const BOOSTER = new Map<string, number>();
/** Two-word boosters ("kind of", "sort of", "just enough"), checked in the idiom step. */
const BOOSTER_BIGRAMS: string[] = [];
for (const [k, v] of Object.entries(BOOSTER_WORDS)) {
  if (k.includes(" ")) BOOSTER_BIGRAMS.push(k);
  else BOOSTER.set(k, v);
}

interface WordInfo { flags: number; valence: number; boost: number; phrase: number }
const WORDS = new Map<string, WordInfo>();
function word(w: string): WordInfo {
  let info = WORDS.get(w);
  if (info === undefined) { info = { flags: 0, valence: 0, boost: 0, phrase: 0 }; WORDS.set(w, info); }
  return info;
}
for (const [w, v] of LEXICON) { const info = word(w); info.flags |= W_LEX; info.valence = v; }
for (const [w, v] of BOOSTER) { const info = word(w); info.flags |= W_BOOST; info.boost = v; }
for (const w of NEGATE) word(w).flags |= W_NEGATE;
word("never").flags |= W_NEVER;
for (const w of ["so", "this"]) word(w).flags |= W_SO_THIS;
word("but").flags |= W_BUT;
word("kind").flags |= W_KIND;
word("of").flags |= W_OF;
word("least").flags |= W_LEAST;
for (const w of ["at", "very"]) word(w).flags |= W_AT_VERY;

// Phrases (idioms and two-word boosters) are matched as written, word by word: each of their words
// gets a small number, and a phrase is the number packed from its words' numbers.
let phraseWords = 0;
function phraseKey(ws: string[]): number {
  let key = 0;
  for (const w of ws) {
    const info = word(w);
    if (info.phrase === 0) info.phrase = ++phraseWords;
    key = (key << PHRASE_BITS) | info.phrase;
  }
  return key;
}
/** Idiom valence by phrase key. */
const IDIOM_BY_KEY = new Map<number, number>();
for (const [k, v] of IDIOMS) IDIOM_BY_KEY.set(phraseKey(k.split(" ")), v);
/** Phrase keys of the two-word boosters. */
const BIGRAM_KEYS = new Set<number>(BOOSTER_BIGRAMS.map((k) => phraseKey(k.split(" "))));
if (phraseWords >= 1 << PHRASE_BITS) throw new Error("vader: too many phrase words for PHRASE_BITS");

// Only words made of printable ASCII without capitals can ever equal a lower-cased token: a key
// with a capital (":D"), a space ("can't stand") or a non-ASCII character (":Þ") never matches
// (vader.test.ts checks that the lower case of a token with a non-ASCII character other than
// U+212A is never ASCII), so such keys stay out of the table.
const KEYS = [...WORDS.keys()].filter((k) => /^[!-@\[-~]+$/.test(k));

// A word's key: its ASCII code units rolled into an int32, one byte per unit, the byte shifted
// out at the top folded back in. A key of up to 4 units is the units themselves, packed (nothing
// has been shifted out yet), so for such words an equal key and length is an exact match and no
// character is compared; longer words are compared character by character.
const KEY_SEED = 0;
function keyStep(key: number, c: number): number {
  return (((key << 8) | c) + Math.imul(key >>> 24, 0x9e3779b1)) | 0;
}
function keyOf(s: string): number {
  let key = KEY_SEED;
  for (let i = 0; i < s.length; i++) key = keyStep(key, s.charCodeAt(i));
  return key;
}
/** The table slot of a key: its bits mixed, so that the low ones spread well. */
function slotOf(key: number): number {
  let h = key ^ (key >>> 16);
  h = Math.imul(h, 0x45d9f3b);
  return (h ^ (h >>> 16)) & SLOT_MASK;
}
/** Keys of up to this many code units are exact. */
const EXACT_KEY_LENGTH = 4;

/** Open addressing, linear probing, at most 1/4 full; a slot holds word index + 1, 0 when empty. */
const SLOT_MASK = (1 << 15) - 1;
const SLOTS = new Uint16Array(SLOT_MASK + 1);

// Word w's record, four int32s in one cache line: its key, where its characters are in
// KEY_CHARS (start << 8 | length), and the facts a token written as it gets (flags, phrase
// number, index + 1). Its valence and booster value, read only for lexicon words and boosters,
// are in their own arrays.
const REC_KEY = 0;
const REC_CHARS = 1;
const REC_FACTS = 2;
const RECORD = 4;
const WORD_COUNT = KEYS.length;
const WORD_RECORDS = new Int32Array(WORD_COUNT * RECORD);
const KEY_CHARS = new Uint8Array(KEYS.reduce((n, k) => n + k.length, 0));
const WORD_VALENCE = new Float64Array(WORD_COUNT);
const WORD_BOOST = new Float64Array(WORD_COUNT);
/** A token longer than every word is in no rule (most URLs). */
const MAX_WORD_LENGTH = Math.max(...KEYS.map((k) => k.length));
if (WORD_COUNT * 4 > SLOTS.length || WORD_COUNT >= 1 << (32 - WORD_SHIFT - 1) || MAX_WORD_LENGTH > 255) {
  throw new Error("vader: word table too small");
}
{
  let at = 0;
  KEYS.forEach((key, w) => {
    const info = WORDS.get(key)!;
    const k = keyOf(key);
    WORD_RECORDS[w * RECORD + REC_KEY] = k;
    WORD_RECORDS[w * RECORD + REC_CHARS] = (at << 8) | key.length;
    WORD_RECORDS[w * RECORD + REC_FACTS] = info.flags | (info.phrase << PHRASE_SHIFT) | ((w + 1) << WORD_SHIFT);
    for (let i = 0; i < key.length; i++) KEY_CHARS[at++] = key.charCodeAt(i);
    WORD_VALENCE[w] = info.valence;
    WORD_BOOST[w] = info.boost;
    let s = slotOf(k);
    while (SLOTS[s] !== 0) s = (s + 1) & SLOT_MASK;
    SLOTS[s] = w + 1;
  });
}

/** Facts of the word `s` (already lower case), or 0 when it is no word of the table. */
function wordFacts(s: string): number {
  const key = keyOf(s);
  for (let slot = slotOf(key); ; slot = (slot + 1) & SLOT_MASK) {
    const w = SLOTS[slot]! - 1;
    if (w < 0) return 0;
    const rec = w * RECORD;
    if (WORD_RECORDS[rec + REC_KEY] === key && KEYS[w] === s) return WORD_RECORDS[rec + REC_FACTS]!;
  }
}

/**
 * Facts of the word equal to text[start, end) lower-cased, or 0, for an ASCII-only range whose
 * lower-cased key is `key` (see tokenize): wordFacts(text.slice(start, end).toLowerCase())
 * without making either string.
 */
function wordFactsIn(text: string, start: number, end: number, key: number): number {
  const len = end - start;
  for (let slot = slotOf(key); ; slot = (slot + 1) & SLOT_MASK) {
    const w = SLOTS[slot]! - 1;
    if (w < 0) return 0;
    const rec = w * RECORD;
    if (WORD_RECORDS[rec + REC_KEY] === key) {
      const chars = WORD_RECORDS[rec + REC_CHARS]!;
      if ((chars & 255) === len && (len <= EXACT_KEY_LENGTH || sameLowerCase(text, start, chars >>> 8, len))) {
        return WORD_RECORDS[rec + REC_FACTS]!;
      }
    }
  }
}

/** Whether text[start, start + len) lower-cased equals KEY_CHARS[at, at + len). */
function sameLowerCase(text: string, start: number, at: number, len: number): boolean {
  for (let k = 0; k < len; k++) if (KEY_CHARS[at + k] !== lowerAscii(text.charCodeAt(start + k))) return false;
  return true;
}

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

/** The lower case of an ASCII code unit c of class cls (C_UPPER is 4: 4 << 3 adds 32 to A-Z). */
function lowerOf(c: number, cls: number): number {
  return c + ((cls & C_UPPER) << 3);
}
function lowerAscii(c: number): number {
  return lowerOf(c, ASCII[c]!);
}

/** The key of text[start, end) lower-cased, for an ASCII-only range. */
function keyOfRange(text: string, start: number, end: number): number {
  let key = KEY_SEED;
  for (let p = start; p < end; p++) key = keyStep(key, lowerAscii(text.charCodeAt(p)));
  return key;
}

/** JavaScript's `\s` beyond ASCII: Unicode Zs, NBSP, line/paragraph separators and the BOM. */
function isWideSpace(c: number): boolean {
  if (c > 0x3000) return c === 0xfeff; // surrogates (emoji), CJK and most other scripts: one test
  if (c < 0x2000) return c === 0xa0 || c === 0x1680;
  return c <= 0x200a || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000;
}

// What the scan saw in a piece, beside C_UPPER and C_LOWER:
/** U+212A KELVIN SIGN, the one non-ASCII character whose lower case is ASCII ("k"). */
const S_KELVIN = 16;
/**
 * Any other non-ASCII code unit: the piece's lower case then holds a non-ASCII character (checked
 * over every code point in vader.test.ts) while every word of the table is ASCII, so the piece is
 * no word of the table.
 */
const S_FOREIGN = 32;
/** "n't" inside the piece: negated() holds whatever the word. */
const S_NT = 64;

// ---------------------------------------------------------------------------------------------
// Scratch, reused between calls (scoring is synchronous, so never re-entered)

let cap = 0;
/** Token i's facts (see PHRASE_SHIFT). */
let tokens = new Int32Array(0);
/** Token i is text[ranges[2i], ranges[2i + 1]), kept only for vaderWords (keepRanges). */
let ranges = new Int32Array(0);
let keepRanges = false;
/** The tokens with W_LEX, in order: the only ones that can score. */
let lexTokens = new Int32Array(0);

/** Room for n words, keeping the words already written (growth happens mid-tokenisation). */
function grow(n: number): void {
  cap = Math.max(n, cap * 2, 64);
  const t = new Int32Array(cap), r = new Int32Array(cap * 2), l = new Int32Array(cap);
  t.set(tokens);
  r.set(ranges);
  l.set(lexTokens);
  tokens = t;
  ranges = r;
  lexTokens = l;
}
grow(64);

let nTok = 0;
let nLex = 0;
let nCaps = 0;
let butIdx = -1;
let bigButIdx = -1;

/** Token i's facts, to test with the W_ and T_ flags. */
function flagsOf(i: number): number {
  return tokens[i]!;
}
function phraseOf(i: number): number {
  return (tokens[i]! & PHRASE_MASK) >>> PHRASE_SHIFT;
}
/** Index of token i's lower-cased word in the word table (token i must be a word). */
function wordOf(i: number): number {
  return (tokens[i]! >>> WORD_SHIFT) - 1;
}

/**
 * Appends the token text[start, end) (a piece after get_words_plus_punc) with the facts of its
 * lower-cased word (0 if none) and what the scan `seen` in it.
 */
function addToken(start: number, end: number, facts: number, seen: number): void {
  const i = nTok++;
  if (i >= cap) grow(i + 1);
  if (keepRanges) {
    ranges[2 * i] = start;
    ranges[2 * i + 1] = end;
  }
  const cased = seen & (C_UPPER | C_LOWER);
  if ((seen & (C_UPPER | S_KELVIN)) !== 0 && facts !== 0) {
    // Not written as its lower-cased word: only "BUT" still counts, as the package's second "but".
    if ((facts & W_BUT) !== 0 && cased === C_UPPER && bigButIdx < 0) bigButIdx = i;
    facts &= ~AS_WRITTEN;
  }
  if ((seen & S_NT) !== 0) facts |= W_NEGATE;
  if (cased === C_UPPER) { facts |= T_UPPER; nCaps++; }
  tokens[i] = facts;
  if ((facts & W_LEX) !== 0) lexTokens[nLex++] = i;
  if ((facts & W_BUT) !== 0 && butIdx < 0) butIdx = i;
}

/**
 * Whether text[start, end) is in PUNC_LIST. Called only on a run of ASCII punctuation: PUNC_LIST
 * is the single characters . ! ? , ; : - ' " and the runs of 2-4 "!" and "?" listed there.
 */
function isPuncListAffix(text: string, start: number, end: number): boolean {
  const c = text.charCodeAt(start);
  switch (end - start) {
    case 1: return c === 46 || c === 33 || c === 63 || c === 44 || c === 59 || c === 58 || c === 45 || c === 39 || c === 34;
    case 2: case 3: case 4: return PUNC_LIST.has(text.slice(start, end));
    default: return false;
  }
}

/** SentimentIntensityAnalyzer.negated for the one word at j. */
function negated(j: number): boolean {
  return (flagsOf(j) & W_NEGATE) !== 0;
}

/** The idiom made of the phrase words a, b (and c), or undefined. */
function idiom2(a: number, b: number): number | undefined {
  return a !== 0 && b !== 0 ? IDIOM_BY_KEY.get((a << PHRASE_BITS) | b) : undefined;
}
function idiom3(a: number, b: number, c: number): number | undefined {
  return a !== 0 && b !== 0 && c !== 0 ? IDIOM_BY_KEY.get((((a << PHRASE_BITS) | b) << PHRASE_BITS) | c) : undefined;
}
/** Whether the phrase words a, b are a two-word booster ("kind of", "sort of", "just enough"). */
function boosterBigram(a: number, b: number): boolean {
  return a !== 0 && b !== 0 && BIGRAM_KEYS.has((a << PHRASE_BITS) | b);
}

/** SentimentIntensityAnalyzer.idioms_check, for the word at i (i >= 3). */
function idiomsCheck(valence: number, i: number, n: number): number {
  const t0 = phraseOf(i), t1 = phraseOf(i - 1), t2 = phraseOf(i - 2), t3 = phraseOf(i - 3);
  const v = idiom2(t1, t0) ?? idiom3(t2, t1, t0) ?? idiom2(t2, t1) ?? idiom3(t3, t2, t1) ?? idiom2(t3, t2);
  if (v !== undefined) valence = v;
  if (n - 1 > i) {
    const a = phraseOf(i + 1);
    const v1 = idiom2(t0, a);
    if (v1 !== undefined) valence = v1;
    if (n - 1 > i + 1) {
      const v2 = idiom3(t0, a, phraseOf(i + 2));
      if (v2 !== undefined) valence = v2;
    }
  }
  if (boosterBigram(t3, t2) || boosterBigram(t2, t1)) valence = valence + B_DECR;
  return valence;
}

/** SentimentIntensityAnalyzer.sentiment_valence for a lexicon word at i. */
function valenceAt(i: number, n: number, capDiff: boolean): number {
  let valence = WORD_VALENCE[wordOf(i)]!;
  if ((flagsOf(i) & T_UPPER) !== 0 && capDiff) {
    if (valence > 0) valence += C_INCR;
    else valence -= C_INCR;
  }
  for (let k = 0; k < 3; k++) {
    const j = i - (k + 1);
    if (j < 0) break;
    const before = flagsOf(j);
    if ((before & W_LEX) !== 0) continue;
    // scalar_inc_dec
    let s = 0;
    if ((before & W_BOOST) !== 0) {
      s = WORD_BOOST[wordOf(j)]!;
      if (valence < 0) s *= -1;
      if (capDiff && (before & T_UPPER) !== 0) {
        if (valence > 0) s += C_INCR;
        else s -= C_INCR;
      }
    }
    if (k === 1 && s !== 0) s = s * 0.95;
    else if (k === 2 && s !== 0) s = s * 0.9;
    valence = valence + s;
    // never_check
    if (k === 0) {
      if (negated(i - 1)) valence = valence * N_SCALAR;
    } else if (k === 1) {
      if ((flagsOf(i - 2) & W_NEVER) !== 0 && (flagsOf(i - 1) & W_SO_THIS) !== 0) valence = valence * 1.5;
      else if (negated(i - 2)) valence = valence * N_SCALAR;
    } else {
      if (((flagsOf(i - 3) & W_NEVER) !== 0 && (flagsOf(i - 2) & W_SO_THIS) !== 0) || (flagsOf(i - 1) & W_SO_THIS) !== 0) {
        valence = valence * 1.25;
      } else if (negated(i - 3)) valence = valence * N_SCALAR;
      valence = idiomsCheck(valence, i, n);
    }
  }
  // least_check
  if (i > 1 && (flagsOf(i - 1) & (W_LEAST | W_LEX)) === W_LEAST) {
    if ((flagsOf(i - 2) & W_AT_VERY) === 0) valence = valence * N_SCALAR;
  } else if (i > 0 && (flagsOf(i - 1) & (W_LEAST | W_LEX)) === W_LEAST) {
    valence = valence * N_SCALAR;
  }
  return valence;
}

let exclCount = 0;
let questCount = 0;

/**
 * SentiText.get_words_and_emoticons into the scratch arrays, in one scan: split on \s, per-piece
 * punctuation and letter statistics with the lower-cased piece's key, the affix rule of
 * get_words_plus_punc, one word-table lookup per token, and the text's "!" and "?" counts.
 */
function tokenize(text: string): void {
  nTok = 0;
  nLex = 0;
  nCaps = 0;
  butIdx = -1;
  bigButIdx = -1;
  let excl = 0;
  let quest = 0;

  const len = text.length;
  for (let p = 0; p <= len; p++) {
    // One piece, from p to the next \s (or the end of the text).
    let start = p;
    let punct = 0; // ASCII punctuation characters in the piece
    let lead = 0; // leading punctuation run (valid once a non-punctuation character is seen)
    let lastWord = -1; // index of the last non-punctuation character in the piece
    let seen = 0; // C_UPPER | C_LOWER | S_KELVIN | S_FOREIGN | S_NT
    let key = KEY_SEED; // of the piece's ASCII code units, lower-cased
    let keyToLastWord = KEY_SEED; // the same up to lastWord
    for (; p < len; p++) {
      const c = text.charCodeAt(p);
      if (c >= 97 && c <= 122) {
        // a-z first: most characters are small letters
        key = keyStep(key, c);
        seen |= C_LOWER;
      } else if (c < 128) {
        const cls = ASCII[c]!;
        if (cls === C_WS) break;
        key = keyStep(key, lowerOf(c, cls));
        if (cls === C_PUNCT) {
          if (c === 33) excl++;
          else if (c === 63) quest++;
          else if (c === 39 && p > start && text.charCodeAt(p - 1) === 110 && text.charCodeAt(p + 1) === 116) seen |= S_NT;
          punct++;
          if (lastWord < 0) lead++;
          continue;
        }
        seen |= cls;
      } else if (isWideSpace(c)) break;
      else seen |= c === 0x212a ? S_KELVIN : S_FOREIGN;
      lastWord = p;
      keyToLastWord = key;
    }
    let end = p;
    if (end - start < 2) continue; // pieces shorter than 2 code units are dropped

    // get_words_plus_punc: p + w or w + p with p in PUNC_LIST, w punctuation-free and 2+ units.
    if (punct > 0 && punct < end - start) {
      if (lead === punct) {
        if (end - start - lead > 1 && isPuncListAffix(text, start, start + lead)) {
          start += lead;
          if ((seen & (S_FOREIGN | S_KELVIN)) === 0) key = keyOfRange(text, start, end);
        }
      } else {
        const trail = end - 1 - lastWord;
        if (trail === punct && end - start - trail > 1 && isPuncListAffix(text, end - trail, end)) {
          end -= trail;
          key = keyToLastWord;
        }
      }
    }

    const facts = (seen & S_FOREIGN) !== 0 || end - start > MAX_WORD_LENGTH ? 0
      : (seen & S_KELVIN) !== 0 ? wordFacts(text.slice(start, end).toLowerCase())
      : wordFactsIn(text, start, end, key);
    addToken(start, end, facts, seen);
  }

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

// The sums of SentimentIntensityAnalyzer.score_valence over the words of the last tokenize().
let sumS = 0;
let posSum = 0;
let negSum = 0;
let neuCount = 0;

/**
 * polarity_scores' per-word loop, "but" shift and sift_sentiment_scores, into the sums above. Only
 * lexicon words can score; every other word scores 0, which adds nothing to the sum (a sum that
 * starts at +0 stays exactly the same when 0 is added) and counts as neutral.
 */
function scoreWords(): void {
  const n = nTok;
  const capsLeft = n - nCaps;
  const capDiff = capsLeft > 0 && capsLeft < n;
  const but = butIdx >= 0 ? butIdx : bigButIdx;
  let sum = 0;
  let pos = 0;
  let neg = 0;
  let scored = 0;
  for (let q = 0; q < nLex; q++) {
    const i = lexTokens[q]!;
    const flags = flagsOf(i);
    // Boosters and "kind" in "kind of" score 0.
    if ((flags & W_BOOST) !== 0 || ((flags & W_KIND) !== 0 && i < n - 1 && (flagsOf(i + 1) & W_OF) !== 0)) continue;
    let s = valenceAt(i, n, capDiff);
    if (but >= 0) {
      if (i < but) s = 0.5 * s;
      else if (i > but) s = 1.5 * s;
    }
    sum += s;
    if (s > 0) { pos += s + 1; scored++; }
    else if (s < 0) { neg += s - 1; scored++; }
  }
  sumS = sum;
  posSum = pos;
  negSum = neg;
  neuCount = n - scored;
}

/** punctuation_emphasis: "!" (up to 4) and "?" (2 or more) over the whole text. */
function punctuationAmplifier(): number {
  const excl = exclCount;
  const quest = questCount;
  const ep = (excl > 4 ? 4 : excl) * 0.292;
  const qm = quest > 1 ? (quest <= 3 ? quest * 0.18 : 0.96) : 0;
  return ep + qm;
}

/** normalize(sum_s + emphasis), unrounded. */
function compoundOf(sum: number, amp: number): number {
  if (sum > 0) sum += amp;
  else if (sum < 0) sum -= amp;
  const compound = sum / Math.sqrt(sum * sum + 15);
  return compound < -1 ? -1 : compound > 1 ? 1 : compound;
}

/**
 * VADER scores of `text`, identical to `vader-sentiment`'s
 * `SentimentIntensityAnalyzer.polarity_scores(text)` (compound rounded to 4 decimals, the
 * proportions to 3, as the package returns them).
 */
export function vaderScores(text: string): VaderScores {
  if (typeof text !== "string") text = text == null ? "" : String(text);
  tokenize(text);
  if (nTok === 0) return { neg: 0, neu: 0, pos: 0, compound: 0 };
  // Without a lexicon word every word scores 0: compound 0, all neutral.
  if (nLex === 0) return { neg: 0, neu: 1, pos: 0, compound: 0 };
  scoreWords();
  const amp = punctuationAmplifier();
  const compound = compoundOf(sumS, amp);
  let pos = posSum;
  let neg = negSum;
  const absNeg = Math.abs(neg);
  if (pos > absNeg) pos += amp;
  else if (pos < absNeg) neg -= amp;
  const total = pos + Math.abs(neg) + neuCount;
  return {
    neg: roundTo(Math.abs(neg / total), 1e3, 3),
    neu: roundTo(Math.abs(neuCount / total), 1e3, 3),
    pos: roundTo(Math.abs(pos / total), 1e3, 3),
    compound: roundTo(compound, 1e4, 4),
  };
}

/** `vaderScores(text).compound`, without the proportions. */
export function vaderCompoundScore(text: string): number {
  if (typeof text !== "string") text = text == null ? "" : String(text);
  tokenize(text);
  if (nLex === 0) return 0;
  scoreWords();
  return roundTo(compoundOf(sumS, punctuationAmplifier()), 1e4, 4);
}

/** VADER's usual reading of a compound: positive at ≥ 0.05, negative at ≤ -0.05, else neutral. */
export function vaderLabel(compound: number): VaderLabel {
  if (compound >= 0.05) return "positive";
  if (compound <= -0.05) return "negative";
  return "neutral";
}

/** The words VADER scores (SentiText.words_and_emoticons), for tests and debugging. */
export function vaderWords(text: string): string[] {
  keepRanges = true;
  try {
    tokenize(text);
  } finally {
    keepRanges = false;
  }
  const words: string[] = [];
  for (let i = 0; i < nTok; i++) words.push(text.slice(ranges[2 * i], ranges[2 * i + 1]));
  return words;
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
  /** The word-table key of a lower-cased word (exact up to 4 code units). */
  wordKey: keyOf,
  /** The non-ASCII code unit whose lower case is ASCII (S_KELVIN); every other one is S_FOREIGN. */
  kelvinSign: 0x212a,
};
