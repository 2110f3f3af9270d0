// eld's detection ("medium" database), reimplemented for speed with the same answers: the same
// text processing (eld's own separator expression, trim, lower case, its UTF-8-bytes-as-characters
// words), the same n-grams, the same integer scores and the same reliability rule, but n-grams are
// packed into integers and looked up in a typed open-addressing table instead of being built as
// strings and looked up in a dictionary-mode object, and no result objects are made (eld's
// LanguageResult sorts every language's score into arrays of pairs on each call). About 5× faster
// than eld.detect + isReliable + getScores on the posts that miss the English fast path.
//
// It reads eld's own data files (the n-gram database, the byte dictionary, the average scores and
// the separator expression) from the installed package, so it cannot drift from the eld that is
// installed; if their layout ever changes (or an n-gram cannot be packed) it falls back to eld
// itself. lang.test.ts checks both agree on the fixture and on generated texts of many scripts.
//
// The detector's own path, eldDetectWords, takes the cleaned text as the word ranges clean.ts
// leaves in a code-unit array and runs eld's text processing over them in one pass (see
// symbolsFromWords), with no string built; lang.test.ts checks it against eldDetect.
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import eld from "eld/medium";

export interface EldAnswer {
  /** ISO 639-1 code, or "" when no language scored. */
  language: string;
  /** eld's `isReliable()` (default threshold ratio 0.75). */
  reliable: boolean;
  /** eld's `getScores()[language]` (0 when no language). */
  score: number;
}

interface Db {
  codes: string[];
  avg: Float64Array;
  nLang: number;
  separators: RegExp;
  /** byte → symbol (the character eld's dictionary gives a byte >= 0x80). */
  symbol: Uint8Array;
  // n-gram table, one slot = three int32 side by side (one cache line per probe): key lo,
  // key hi | entry count << 19, and the entries' start in `entries`; hi 0 marks an empty slot
  mask: number;
  table: Int32Array;
  /** one int32 per (n-gram, language): score << 8 | language index (one load per entry) */
  entries: Int32Array;
  /** The separator expression's letter class as a one-character test, or null (see symbolsFromWords). */
  eldLetter: RegExp | null;
}

// eld subtracts this from every stored n-gram score to keep its database small.
const BASE_NGRAM_SCORE = 53;

/** Packs a key of `len` (1..6) symbols: the first four in lo, the rest and the length in hi (never 0). */
function packHi(len: number, s4: number, s5: number): number {
  return len | (s4 << 3) | (s5 << 11);
}

let db: Db | null | undefined;

function load(): Db | null {
  try {
    const base = import.meta.resolve("eld/medium");
    const req = createRequire(import.meta.url);
    const file = (rel: string) => req(fileURLToPath(new URL(rel, base))) as Record<string, unknown>;
    const { ngramsData } = file("../ngrams/medium.js") as { ngramsData: { languages: Record<string, string>; ngrams: Record<string, Record<string, number>> } };
    const { dictionary } = file("../dictionary.js") as { dictionary: string[] };
    const { avgScore } = file("../avgScore.js") as { avgScore: Record<string, number> };
    const { separators } = file("../regexPatterns.js") as { separators: RegExp };
    if (!(separators instanceof RegExp) || !separators.global || dictionary.length !== 256) return null;
    const nLang = Object.keys(ngramsData.languages).length;
    if (nLang > 256) return null; // a language index fits in the low byte of an entry
    const codes: string[] = [];
    const avg = new Float64Array(nLang);
    for (let i = 0; i < nLang; i++) {
      const code = ngramsData.languages[i];
      if (typeof code !== "string") return null;
      codes.push(code);
      avg[i] = avgScore[code] ?? NaN; // eld compares undefined * 0.75 > x: false, as NaN > x
    }
    const symbol = new Uint8Array(256);
    for (let b = 0; b < 256; b++) {
      const ch = dictionary[b]!;
      if (ch.length !== 1 || ch.charCodeAt(0) > 255) return null;
      symbol[b] = ch.charCodeAt(0);
    }
    const keys = Object.keys(ngramsData.ngrams);
    // every entry is language index → integer score (checked on one; the index loop below reads
    // only indices 0..nLang-1)
    const sample = ngramsData.ngrams[keys[0] ?? ""];
    if (!sample || !Object.keys(sample).every((l) => String(Number(l) | 0) === l && Number(l) < nLang)) return null;
    let size = 1024;
    while (size < keys.length * 2) size *= 2;
    const mask = size - 1;
    const table = new Int32Array(size * 3);
    const entries: number[] = [];
    for (const k of keys) {
      if (k.length < 1 || k.length > 6) return null;
      let lo = 0;
      for (let i = 0; i < k.length && i < 4; i++) {
        const c = k.charCodeAt(i);
        if (c > 255) return null;
        lo |= c << (8 * i);
      }
      const hi = packHi(k.length, k.length > 4 ? k.charCodeAt(4) : 0, k.length > 5 ? k.charCodeAt(5) : 0);
      let slot = hashKey(lo, hi) & mask;
      while (table[3 * slot + 1] !== 0) slot = (slot + 1) & mask;
      const from = entries.length;
      const entry = ngramsData.ngrams[k]! as unknown as ArrayLike<number | undefined>;
      // by index (ascending, as for-in lists integer keys): a for-in per entry makes a string per
      // key and takes most of the build time
      for (let id = 0; id < nLang; id++) {
        const v = entry[id];
        if (v === undefined) continue;
        const score = v + BASE_NGRAM_SCORE;
        if (!Number.isInteger(v) || score < 0 || score > 0x7fffff) return null; // fits score << 8
        entries.push((score << 8) | id);
      }
      if (entries.length - from > 0xfff) return null;
      table[3 * slot] = lo;
      table[3 * slot + 1] = hi | ((entries.length - from) << 19);
      table[3 * slot + 2] = from;
    }
    return { codes, avg, nLang, separators, symbol, mask, table, entries: Int32Array.from(entries), eldLetter: letterTest(separators) };
  } catch {
    return null;
  }
}

function hashKey(lo: number, hi: number): number {
  let h = Math.imul(lo ^ Math.imul(hi, 0x9e3779b1), 0x85ebca6b);
  h ^= h >>> 15;
  h = Math.imul(h, 0xc2b2ae35);
  return h ^ (h >>> 13);
}

// Per-call scratch (detection is synchronous).
let sym = new Uint8Array(512);
let wordEnd = new Int32Array(256);
let nWords = 0;
let seenLo = new Int32Array(1024);
let seenHi = new Int32Array(1024);
let seenStamp = new Uint32Array(1024);
let stamp = 0;
let scores = new Float64Array(64);

function pushSym(at: number, v: number): void {
  if (at >= sym.length) { const b = new Uint8Array(sym.length * 2); b.set(sym); sym = b; }
  sym[at] = v;
}
function endWord(at: number): void {
  if (nWords === wordEnd.length) { const b = new Int32Array(nWords * 2); b.set(wordEnd); wordEnd = b; }
  wordEnd[nWords++] = at;
}

/**
 * eld's strToUtf8Bytes: the processed text as words of byte symbols (sym, wordEnd), with eld's cut
 * (at the first space past 350 bytes, or at any character past 380). The string path of
 * symbolsFromWords' unit feed (below): the same loop, with surrogate pairs as 4-byte characters.
 */
function toSymbols(str: string, symbol: Uint8Array): void {
  symbolsReset();
  for (let ii = 0; ii < str.length && !symDone; ii++) {
    const c = str.charCodeAt(ii);
    if (c >= 0xd800 && c < 0xe000) {
      ii++;
      feedAstral(symbol, 0x10000 + (((c & 0x3ff) << 10) | (str.charCodeAt(ii) & 0x3ff)));
    } else feedSymbol(symbol, c);
  }
  if (symAt > symWordStart) endWord(symAt);
}

let numNgrams = 0;
// the text's distinct n-grams, in order: key and hash
let ngLo = new Int32Array(256);
let ngHi = new Int32Array(256);
let ngHash = new Int32Array(256);

/** Collects one n-gram (symbols sym[a, b), with optional leading/trailing space) once per text. */
function addNgram(lead: boolean, a: number, b: number, trail: boolean): void {
  const len = (lead ? 1 : 0) + (b - a) + (trail ? 1 : 0);
  // the key's symbols in order: the first four in lo, the fifth and sixth in s4, s5
  let lo = 0, s4 = 0, s5 = 0, i = 0;
  if (lead) { lo = 32; i = 1; }
  for (let k = a; k < b; k++, i++) {
    const v = sym[k]!;
    if (i < 4) lo |= v << (8 * i);
    else if (i === 4) s4 = v;
    else s5 = v;
  }
  if (trail) {
    if (i < 4) lo |= 32 << (8 * i);
    else if (i === 4) s4 = 32;
    else s5 = 32;
  }
  const hi = packHi(len, s4, s5);
  const h = hashKey(lo, hi);
  // once per text
  const smask = seenLo.length - 1;
  let slot = h & smask;
  while (seenStamp[slot] === stamp) {
    if (seenLo[slot] === lo && seenHi[slot] === hi) return;
    slot = (slot + 1) & smask;
  }
  seenStamp[slot] = stamp;
  seenLo[slot] = lo;
  seenHi[slot] = hi;
  if (numNgrams === ngLo.length) {
    const grow = (a: Int32Array) => { const g = new Int32Array(a.length * 2); g.set(a); return g; };
    ngLo = grow(ngLo); ngHi = grow(ngHi); ngHash = grow(ngHash);
  }
  ngLo[numNgrams] = lo;
  ngHi[numNgrams] = hi;
  ngHash[numNgrams++] = h;
}

/** Module-level sink for touchNgrams' loads (so they are not optimised away). */
const sink = { touched: 0 };

/**
 * Reads, for every collected n-gram, the table slot its probe starts at and the entries that slot
 * points to, in a loop with no branch on the data: the loads do not wait for one another, so their
 * cache misses (the table is megabytes) overlap instead of coming one after the other in scoreNgrams.
 */
function touchNgrams(d: Db): void {
  const table = d.table, entries = d.entries, mask = d.mask;
  let sum = 0;
  for (let k = 0; k < numNgrams; k++) {
    const t = ngHash[k]! & mask;
    sum += table[3 * t + 1]! + entries[table[3 * t + 2]!]!;
  }
  sink.touched = sum;
}

/** Adds every collected n-gram's scores (from the database) into `scores`. */
function scoreNgrams(d: Db): void {
  const table = d.table, entries = d.entries, mask = d.mask;
  for (let k = 0; k < numNgrams; k++) {
    const lo = ngLo[k]!, hi = ngHi[k]!;
    let t = ngHash[k]! & mask;
    let kh: number;
    for (;;) {
      kh = table[3 * t + 1]!;
      if (kh === 0 || ((kh & 0x7ffff) === hi && table[3 * t] === lo)) break;
      t = (t + 1) & mask;
    }
    if (kh === 0) continue;
    for (let j = table[3 * t + 2]!, e = j + (kh >>> 19); j < e; j++) {
      const entry = entries[j]!;
      scores[entry & 255]! += entry >> 8;
    }
  }
}

/** eld's orderAndScale of one raw score. */
function scale(raw: number, ngrams: number): number {
  const s = raw / ngrams;
  return s / (s + 25);
}

const NONE: EldAnswer = { language: "", reliable: false, score: 0 };

function viaEld(text: string): EldAnswer {
  const r = eld.detect(text);
  if (!r.language) return NONE;
  return { language: r.language, reliable: r.isReliable(), score: r.getScores()[r.language] ?? 0 };
}

/** What eld/medium's `detect(text)` answers: language, `isReliable()`, and its score. */
export function eldDetect(text: string): EldAnswer {
  if (db === undefined) db = load();
  const d = db;
  if (d === null || typeof text !== "string") return viaEld(text);
  const str = text.substring(0, 1000).replace(d.separators, " ").trim().toLowerCase();
  toSymbols(str, d.symbol);
  return scoreSymbols(d) ?? viaEld(text);
}

/**
 * eldDetect(text) for the text made of the words u[start[w], end[w]) (w < count) joined by single
 * spaces, at most 1000 units long, read in place (no string, no regular expression); null when
 * it holds a unit this path does not take (see symbolsFromWords), or a word too long for
 * eld-fast: the caller then asks eldDetect with the string.
 */
export function eldDetectWords(u: Uint16Array, start: Int32Array, end: Int32Array, count: number): EldAnswer | null {
  if (db === undefined) db = load();
  const d = db;
  if (d === null || d.eldLetter === null) return null;
  if (!symbolsFromWords(d, d.eldLetter, u, start, end, count)) return null;
  return scoreSymbols(d);
}

/** eld's n-grams and scores over the symbols (sym, wordEnd); null when a word is too long to pack. */
function scoreSymbols(d: Db): EldAnswer | null {
  // a word longer than 71 bytes makes an n-gram too long to pack: leave it to eld (rare)
  let start = 0;
  for (let w = 0; w < nWords; w++) {
    if (wordEnd[w]! - start > 71) return null;
    start = wordEnd[w]!;
  }
  // the seen-table sized for this text's n-grams (at most one per 3 bytes plus one per word)
  let need = 1024;
  while (need < (start / 3 + nWords + 8) * 2) need *= 2;
  if (seenLo.length < need) { seenLo = new Int32Array(need); seenHi = new Int32Array(need); seenStamp = new Uint32Array(need); stamp = 0; }
  if (++stamp === 0xffffffff) { seenStamp.fill(0); stamp = 1; }
  if (scores.length < d.nLang) scores = new Float64Array(d.nLang);
  scores.fill(0, 0, d.nLang);
  numNgrams = 0;
  start = 0;
  for (let w = 0; w < nWords; w++) {
    const a = start;
    const end = wordEnd[w]!;
    start = end;
    const full = end - a;
    const len = full > 70 ? 70 : full;
    let j = 0;
    for (; j + 4 < len; j += 3) addNgram(j === 0, a + j, a + j + 4, false);
    const from = len !== 3 ? Math.max(0, len - 4) : 0;
    addNgram(j === 0, a + from, end, true);
  }
  touchNgrams(d);
  scoreNgrams(d);
  // eld's getMaxLang: the first strictly highest positive score
  let best = -1, bestVal = 0;
  for (let l = 0; l < d.nLang; l++) { const v = scores[l]!; if (v > 0 && v > bestVal) { bestVal = v; best = l; } }
  if (best < 0) return NONE;
  // LanguageResult: the positive scores scaled to 0..1 and sorted (stably) high to low; isReliable
  // reads the first two entries, getScores()[language] the scaled score of `best`. One pass keeps
  // the first two of that order: the first highest, then the first highest of the others.
  let first = -1, firstScore = -Infinity, second = -1, secondScore = -Infinity;
  for (let l = 0; l < d.nLang; l++) {
    const v = scores[l]!;
    if (!(v > 0)) continue;
    const s = scale(v, numNgrams);
    if (s > firstScore) { second = first; secondScore = firstScore; first = l; firstScore = s; }
    else if (s > secondScore) { second = l; secondScore = s; }
  }
  // eld's isReliable compares the top score with the runner-up's *index* (results[1][0]): kept as is
  const next = second >= 0 ? second : 0;
  const reliable = !(numNgrams < 3 || d.avg[best]! * 0.75 > firstScore || 0.01 > Math.abs(firstScore - next));
  const top = scale(bestVal, numNgrams);
  return { language: d.codes[best]!, reliable, score: top };
}

// ---- eld's text processing on words read in place ----
//
// eld turns a text into n-gram input in four steps: text.replace(separators, " "), trim(),
// toLowerCase(), then the UTF-8 bytes of each space-separated word (toSymbols). The separator
// expression is [^L]+(?<![Q]) (L: eld's list of BMP letters; Q: ' ` ’), global: each maximal
// run of non-letters (astral characters and lone surrogates included) becomes one space, except
// for the apostrophes at its end, which stay. So every unit falls into one of three kinds, and
// the four steps can run as one pass over units: letters are lower-cased one by one, which is
// what toLowerCase does for every BMP letter except "Σ" (final or not depends on its neighbours)
// and "İ" (two units in lower case); units with a surrogate half, and those two, are left to the
// string path. lang.test.ts checks the result against eldDetect on the joined string.

/** The letter class of eld's separator expression, when it has the expected shape; else null. */
function letterTest(separators: RegExp): RegExp | null {
  const shape = /^\[\^([^\]\[\\]+)\]\+\(\?<!\[\\x27\\x60\\u2019\]\)$/u.exec(separators.source);
  if (!shape || separators.flags !== "gu") return null;
  const letter = new RegExp(`^[${shape[1]}]$`, "u");
  for (let c = 0; c < 0x80; c++) kindOf(letter, c);
  return letter;
}

// Per BMP unit, filled on first sight: its kind (0: not seen yet) and its lower case.
const LETTER = 1;
const APOSTROPHE = 2; // one of Q: stays when it ends a run of non-letters
const SEPARATOR = 3;
const UNSUPPORTED = 4; // left to the string path
const unitKind = new Uint8Array(0x10000);
const unitLower = new Uint16Array(0x10000);

function kindOf(eldLetter: RegExp, c: number): number {
  const k = unitKind[c]!;
  if (k !== 0) return k;
  const ch = String.fromCharCode(c);
  const lower = ch.toLowerCase();
  let kind: number;
  if (c >= 0xd800 && c <= 0xdfff) kind = UNSUPPORTED;
  else if (c === 0x27 || c === 0x60 || c === 0x2019) kind = APOSTROPHE;
  else if (!eldLetter.test(ch)) kind = SEPARATOR;
  else if (c === 0x3a3 || lower.length !== 1) kind = UNSUPPORTED; // Σ, İ
  else kind = LETTER;
  unitLower[c] = lower.charCodeAt(0);
  unitKind[c] = kind;
  return kind;
}

// eld's strToUtf8Bytes as a consumer of units (the processed text, one unit at a time)
let symAt = 0;
let symWordStart = 0;
let symBytes = 0;
let symDone = false;

function symbolsReset(): void {
  nWords = 0; symAt = 0; symWordStart = 0; symBytes = 0; symDone = false;
}

/** Feeds one unit of the processed text (a BMP unit, no surrogate) to the symbols: eld's strToUtf8Bytes loop. */
function feedSymbol(symbol: Uint8Array, c: number): void {
  if (c < 0x80) {
    if (c === 32) {
      if (symAt > symWordStart) { endWord(symAt); symWordStart = symAt; }
      if (symBytes > 350) { symDone = true; return; }
    } else pushSym(symAt++, c);
    symBytes++;
  } else if (c < 0x800) {
    pushSym(symAt++, symbol[0xc0 | (c >> 6)]!);
    pushSym(symAt++, symbol[0x80 | (c & 0x3f)]!);
    symBytes += 2;
  } else {
    pushSym(symAt++, symbol[0xe0 | (c >> 12)]!);
    pushSym(symAt++, symbol[0x80 | ((c >> 6) & 0x3f)]!);
    pushSym(symAt++, symbol[0x80 | (c & 0x3f)]!);
    symBytes += 3;
  }
  if (symBytes > 380) symDone = true;
}

/** Feeds one astral code point (a surrogate pair of the text) as its four UTF-8 bytes. */
function feedAstral(symbol: Uint8Array, c: number): void {
  pushSym(symAt++, symbol[0xf0 | (c >> 18)]!);
  pushSym(symAt++, symbol[0x80 | ((c >> 12) & 0x3f)]!);
  pushSym(symAt++, symbol[0x80 | ((c >> 6) & 0x3f)]!);
  pushSym(symAt++, symbol[0x80 | (c & 0x3f)]!);
  symBytes += 4;
  if (symBytes > 380) symDone = true;
}

/**
 * The symbols (sym, wordEnd) eldDetect makes of the words u[start[w], end[w]) joined by single
 * spaces; false when a unit is UNSUPPORTED.
 */
function symbolsFromWords(d: Db, eldLetter: RegExp, u: Uint16Array, start: Int32Array, end: Int32Array, count: number): boolean {
  const symbol = d.symbol;
  symbolsReset();
  // the run of non-letters in progress: whether it holds a separator (then it becomes a space),
  // and its apostrophes since the last separator (they stay), as a stretch of u
  let runHasSeparator = false;
  let apostrophesFrom = 0, apostrophes = 0;
  let emitted = false; // trim(): no space before the first unit out
  words: for (let r = 0; r < count; r++) {
    if (r > 0) { runHasSeparator = true; apostrophes = 0; } // the space between two words
    for (let i = start[r]!, e = end[r]!; i < e; i++) {
      const c = u[i]!;
      const kind = kindOf(eldLetter, c);
      if (kind === LETTER) {
        if (runHasSeparator || apostrophes > 0) {
          // the run before this letter: a space unless it leads the text, then its apostrophes
          if (runHasSeparator && emitted) feedSymbol(symbol, 32);
          for (let q = apostrophesFrom; q < apostrophesFrom + apostrophes && !symDone; q++) feedSymbol(symbol, u[q]!);
          runHasSeparator = false;
          apostrophes = 0;
          if (symDone) break words;
        }
        feedSymbol(symbol, unitLower[c]!);
        emitted = true;
        if (symDone) break words;
      } else if (kind === APOSTROPHE) {
        if (apostrophes === 0) apostrophesFrom = i;
        apostrophes++;
      } else if (kind === SEPARATOR) {
        runHasSeparator = true;
        apostrophes = 0;
      } else return false;
    }
  }
  // the last run: its space is trimmed unless apostrophes follow it
  if (!symDone && apostrophes > 0) {
    if (runHasSeparator && emitted) feedSymbol(symbol, 32);
    for (let q = apostrophesFrom; q < apostrophesFrom + apostrophes && !symDone; q++) feedSymbol(symbol, u[q]!);
  }
  if (symAt > symWordStart) endWord(symAt);
  return true;
}
