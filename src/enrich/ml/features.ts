// Text -> sparse hashed feature vector, shared by every linear model in voxpop. One scan of the
// text writes normalised tokens as UTF-16 code units into a reused buffer (no per-token strings);
// from it come word unigrams and bigrams, padded character n-grams (fastText style) of word
// tokens, emoji and punctuation tokens, and a few casing/punctuation cues. Every feature is hashed
// (FNV-1a + murmur finaliser; the top bit signs it) into 2^bits buckets. Repeated features are
// counted (value 1 + ln count) with a small open-addressing table, and the word block, the char
// block and an optional extra-cue block are each L2-normalised so none drowns the others.

import { unitsOf } from "../units.ts";

export interface FeatureConfig {
  /**
   * log2 of the number of hash buckets a model trained on these features uses. Features carry the
   * full 32-bit hash; each model keeps the low bits (so models of different sizes share one
   * featurisation).
   */
  bits: number;
  charMin: number;
  charMax: number;
  bigrams: boolean;
  /** Relative weight of the char n-gram block against the word block (both unit norm first). */
  charWeight: number;
  /**
   * Name of a token lexicon the models were trained with (e.g. "profanity"): the caller passes the
   * lexicon (a set of token hashes, see `tokenHash`) to `featurize`, and the number of its tokens
   * in a text becomes a cue in its own block. Absent: no lexicon cue.
   */
  lexicon?: string;
  /** Weight of the lexicon-cue block (unit norm first); default 1. */
  lexiconWeight?: number;
  /**
   * How a block's counts become values. "log" (the default): 1 + ln count, the block scaled to
   * unit L2 norm. "count": the count itself, the block divided by the square root of its number
   * of occurrences (unit norm when nothing repeats). With "count" a model's score is a sum over
   * occurrences, so it splits into per-token parts that can be computed once per distinct token
   * (see scorer.ts), and integer weights sum exactly (see `Features.cnt`).
   */
  values?: "log" | "count";
}

export const DEFAULT_FEATURES: FeatureConfig = { bits: 18, charMin: 2, charMax: 5, bigrams: true, charWeight: 1 };

/**
 * A sparse vector: `n` (hash, value) pairs. `idx` holds full 32-bit feature hashes; a model with
 * 2^b buckets reads bucket `idx & (2^b - 1)` (colliding entries simply add up).
 */
export interface Features {
  idx: Int32Array;
  val: Float32Array;
  n: number;
  /**
   * With `values: "count"` only: the signed counts (val = cnt × the block's norm) and the blocks
   * (word+cues, chars, lexicon: entries [blockEnd[b-1], blockEnd[b]) scaled by blockNorm[b]), so a
   * model can sum integer weights × counts exactly per block and scale once (model.ts).
   */
  cnt?: Int32Array;
  blockEnd?: Int32Array;
  blockNorm?: Float64Array;
}

const NS_WORD = 0x1b873593;
const NS_BIGRAM = 0x85ebca6b;
const NS_CHAR = 0xc2b2ae35;
const NS_CUE = 0x27d4eb2f;

function fmix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h | 0;
}

/** A token's feature hash (what lexicons store): `tokenHash(t.text)` for t of `tokenize(text)`. */
export function tokenHash(token: string): number {
  return hashString(token, NS_WORD);
}

/** Stable 32-bit hash of a string in a namespace. */
export function hashString(s: string, ns: number): number {
  let h = (0x811c9dc5 ^ ns) | 0;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return fmix(h);
}

// A token's hash is hashString of its code units (inlined in featurizeInto); a bigram's is
// fmix((imul(prev, 0x9e3779b1) ^ cur ^ NS_BIGRAM) | 0).

const WORD = 1;
const EMOJI = 2;
const PUNCT = 3;

const LETTER = /[\p{L}\p{M}\p{N}]/u;
const ALPHA = /\p{L}/u;
const PICTO = /\p{Extended_Pictographic}|\p{Emoji_Presentation}/u;

// Character classes, computed once per code point with the regexes above and then read from a
// table (BMP) or a map (astral), so the scan creates no one-character strings.
const C_SEEN = 1;
const C_WORD = 2; // [\p{L}\p{M}\p{N}]
const C_ALPHA = 4; // \p{L}
const C_PICTO = 8;
const bmpClass = new Uint8Array(65536);
const astralClass = new Map<number, number>();
const lowerOf = new Uint16Array(65536); // 0: not computed yet (no lower case of a unit >= 128 is 0)

function classOfString(ch: string): number {
  return C_SEEN | (LETTER.test(ch) ? C_WORD : 0) | (ALPHA.test(ch) ? C_ALPHA : 0) | (PICTO.test(ch) ? C_PICTO : 0);
}
function bmp(c: number): number {
  let v = bmpClass[c]!;
  if (v === 0) { v = classOfString(String.fromCharCode(c)); bmpClass[c] = v; }
  return v;
}
function astral(cp: number): number {
  let v = astralClass.get(cp);
  if (v === undefined) { v = classOfString(String.fromCodePoint(cp)); astralClass.set(cp, v); }
  return v;
}
/** Lower case of a unit >= 128 when it is one unit, else the unit itself. */
function lower(d: number): number {
  let v = lowerOf[d]!;
  if (v === 0) {
    const low = String.fromCharCode(d).toLowerCase();
    v = low.length === 1 ? low.charCodeAt(0) : d;
    lowerOf[d] = v;
  }
  return v;
}

/** [A-Za-z0-9_] by ASCII code (one load instead of up to seven comparisons per unit). */
const ASCII_WORD = Uint8Array.from({ length: 128 }, (_, c) => (/\w/.test(String.fromCharCode(c)) ? 1 : 0));

function isWordUnit(c: number, s: string, i: number): boolean {
  if (c < 128) return ASCII_WORD[c] === 1;
  if (c < 0xc0) return false;
  if (c >= 0xd800 && c <= 0xdbff) {
    const d = s.charCodeAt(i + 1);
    if (d >= 0xdc00 && d <= 0xdfff) return (astral(((c - 0xd800) << 10) + (d - 0xdc00) + 0x10000) & C_WORD) !== 0;
    return LETTER.test(s.slice(i, i + 2)); // lone high surrogate (the regex looks at the next unit too)
  }
  return (bmp(c) & C_WORD) !== 0;
}

/** /^(?:https?:\/\/|www\.)/i at s[i] (ASCII only, as the non-unicode /i regex). */
function urlAt(u: Uint16Array, i: number): boolean {
  if ((u[i]! | 32) === 119) return (u[i + 1]! | 32) === 119 && (u[i + 2]! | 32) === 119 && u[i + 3] === 46;
  if ((u[i + 1]! | 32) !== 116 || (u[i + 2]! | 32) !== 116 || (u[i + 3]! | 32) !== 112) return false;
  let j = i + 4;
  if ((u[j]! | 32) === 115) j++;
  return u[j] === 58 && u[j + 1] === 47 && u[j + 2] === 47;
}

/** /(\p{L})\1\1/u: three equal letters (code points) in a row. */
function elongUnicode(s: string): boolean {
  let prev = -1;
  let run = 0;
  const n = s.length;
  for (let i = 0; i < n; ) {
    const c = s.charCodeAt(i);
    let cp = c;
    let w = 1;
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < n) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) { cp = ((c - 0xd800) << 10) + (d - 0xdc00) + 0x10000; w = 2; }
    }
    const letter = cp < 128 ? (cp >= 97 && cp <= 122) || (cp >= 65 && cp <= 90) : ((cp > 0xffff ? astral(cp) : bmp(cp)) & C_ALPHA) !== 0;
    if (letter) {
      run = cp === prev ? run + 1 : 1;
      if (run >= 3) return true;
      prev = cp;
    } else { prev = -1; run = 0; }
    i += w;
  }
  return false;
}

// The text's code units (read far more often than once: a typed array beats charCodeAt), zeros
// after it (urlAt looks up to 7 units ahead).
let textUnits: Uint16Array = new Uint16Array(0);

// Scan output, reused across calls (featurize is synchronous: one set per process is safe).
let codes = new Uint16Array(1024);
let tokStart = new Int32Array(256);
let tokEnd = new Int32Array(256);
let tokKind = new Uint8Array(256);
let nCodes = 0;
let nToks = 0;

// `scan` sizes the buffers for the worst case first (3 code units and one token per unit of
// text: "@x" becomes "@user", "#ab" both "#ab" and "ab"), so pushes need no check.
function pushCode(c: number): void {
  codes[nCodes++] = c;
}
function pushStr(s: string): void {
  for (let i = 0; i < s.length; i++) pushCode(s.charCodeAt(i));
}
function endToken(start: number, kind: number): void {
  tokStart[nToks] = start;
  tokEnd[nToks] = nCodes;
  tokKind[nToks++] = kind;
}

/** Scans `s` into the token buffers (see `tokenize` for the normalisation). */
function scan(s: string): void {
  nCodes = 0;
  nToks = 0;
  const n = s.length;
  if (codes.length < 3 * n + 16) codes = new Uint16Array(3 * n + 16);
  if (tokStart.length < n + 2) { tokStart = new Int32Array(n + 2); tokEnd = new Int32Array(n + 2); tokKind = new Uint8Array(n + 2); }
  const u = (textUnits = unitsOf(s));
  let i = 0;
  while (i < n) {
    const c = u[i]!;
    if (c <= 32 || c === 0xa0 || c === 0xfe0f || c === 0x200d || c === 0x200b) { i++; continue; }
    if ((c === 104 || c === 72 || c === 119 || c === 87) && urlAt(u, i)) {
      while (i < n && u[i]! > 32) i++;
      const st = nCodes; pushStr("<url>"); endToken(st, WORD);
      continue;
    }
    if (c === 64 && i + 1 < n && isWordUnit(u[i + 1]!, s, i + 1)) {
      i++;
      while (i < n && isWordUnit(u[i]!, s, i)) i++;
      const st = nCodes; pushStr("@user"); endToken(st, WORD);
      continue;
    }
    if (c === 91 && s.startsWith("[NAME]", i)) { const st = nCodes; pushStr("<name>"); endToken(st, WORD); i += 6; continue; }
    const hashtag = c === 35 && i + 1 < n && isWordUnit(u[i + 1]!, s, i + 1);
    if (hashtag || isWordUnit(c, s, i)) {
      if (hashtag) i++;
      const first = i;
      const st = nCodes;
      let prev = -1;
      let run = 0;
      while (i < n) {
        let d = u[i]!;
        if (isWordUnit(d, s, i)) {
          if (d >= 0xd800 && d <= 0xdbff) {
            // astral letter (rare): keep both units, no case folding
            run = 1; prev = -1;
            pushCode(d); pushCode(u[i + 1]!); i += 2;
            continue;
          }
          if (d >= 48 && d <= 57) d = 48;
          else if (d >= 65 && d <= 90) d += 32;
          else if (d >= 128) d = lower(d);
          run = d === prev ? run + 1 : 1;
          prev = d;
          if (run <= 2) pushCode(d);
          i++;
        } else if ((d === 39 || d === 0x2019) && i > first && i + 1 < n && isWordUnit(u[i + 1]!, s, i + 1)) {
          pushCode(39); prev = 39; run = 1; i++;
        } else break;
      }
      if (hashtag) {
        // "#tag" then "tag": copy the word after a '#'
        const len = nCodes - st;
        pushCode(35);
        for (let j = 0; j < len; j++) pushCode(codes[st + j]!);
        // reorder: hashtag token first, then the word (both point into the buffer)
        endToken(st + len, WORD);
        const hs = tokStart[nToks - 1]!, he = tokEnd[nToks - 1]!;
        tokStart[nToks - 1] = st; tokEnd[nToks - 1] = st + len; // temporarily the word
        endToken(hs, WORD);
        tokEnd[nToks - 1] = he;
        // swap the two so "#tag" comes first
        const a0 = tokStart[nToks - 2]!, a1 = tokEnd[nToks - 2]!;
        tokStart[nToks - 2] = tokStart[nToks - 1]!; tokEnd[nToks - 2] = tokEnd[nToks - 1]!;
        tokStart[nToks - 1] = a0; tokEnd[nToks - 1] = a1;
      } else endToken(st, WORD);
      continue;
    }
    if (c >= 0xd800 && c <= 0xdbff) {
      const cp = s.codePointAt(i)!;
      const w = cp > 0xffff ? 2 : 1;
      if (!(cp >= 0x1f3fb && cp <= 0x1f3ff) && (w === 2 ? (astral(cp) & C_PICTO) !== 0 : PICTO.test(s.slice(i, i + w)))) {
        const st = nCodes; pushCode(c); if (w === 2) pushCode(u[i + 1]!); endToken(st, EMOJI);
      }
      i += w;
      continue;
    }
    if (c >= 0x2000 && (bmp(c) & C_PICTO) !== 0) { const st = nCodes; pushCode(c); endToken(st, EMOJI); i++; continue; }
    if (c === 33 || c === 63 || c === 46) {
      // runs of ! ? . : each char at most twice in a row, at most 3 kept
      const st = nCodes;
      let last = -1, rep = 0;
      while (i < n) {
        const d = u[i]!;
        if (d !== 33 && d !== 63 && d !== 46) break;
        rep = d === last ? rep + 1 : 1;
        last = d;
        if (rep <= 2 && nCodes - st < 3) pushCode(d);
        i++;
      }
      endToken(st, PUNCT);
      continue;
    }
    const st = nCodes; pushCode(c); endToken(st, PUNCT);
    i++;
  }
}

export interface Token { text: string; kind: number }

/**
 * Normalised tokens: lower-cased words (apostrophes kept inside, runs of 3+ equal letters cut to
 * 2, digits mapped to 0), `<url>`, `@user`, hashtags as both `#tag` and `tag`, `<name>` for the
 * masked names of GoEmotions, emoji one per pictograph (modifiers dropped), punctuation runs.
 */
export function tokenize(text: string): Token[] {
  scan(text);
  const out: Token[] = [];
  for (let t = 0; t < nToks; t++) out.push({ text: String.fromCharCode(...codes.subarray(tokStart[t]!, tokEnd[t]!)), kind: tokKind[t]! });
  return out;
}

// Counting: each feature hash goes straight into an open-addressing table (interleaved key and
// 1 + its output entry; 0 marks an empty slot), sized for the block's upper bound and cleared
// slot by slot afterwards. Output entries are made in first-occurrence order (so the table size
// never changes the result); a repeat bumps its entry's count.
let table = new Int32Array(2 * 1024);
let tmask = 0;
let outIdx = new Int32Array(4096);
let outVal = new Float32Array(4096);
let outSlot = new Int32Array(4096);
let outCnt = new Int32Array(4096);
let nOut = 0;
let blockStart = 0;

/** Starts a block of at most `bound` features. */
function beginBlock(bound: number): void {
  let size = 16;
  while (size < bound * 2) size *= 2;
  if (table.length < size * 2) table = new Int32Array(size * 2);
  tmask = size - 1;
  if (outIdx.length < nOut + bound) {
    let len = outIdx.length;
    while (len < nOut + bound) len *= 2;
    const a = new Int32Array(len); a.set(outIdx.subarray(0, nOut)); outIdx = a;
    const b = new Float32Array(len); b.set(outVal.subarray(0, nOut)); outVal = b;
    outSlot = new Int32Array(len);
    const c = new Int32Array(len); c.set(outCnt.subarray(0, nOut)); outCnt = c;
  }
  blockStart = nOut;
}

// Feature hashes of the current block, written inline by the producers (a hash passed to a
// function that is not inlined would be boxed: most 32-bit hashes are no small integers).
let hs = new Int32Array(4096);

function ensureHashes(bound: number): void {
  if (hs.length < bound) { let len = hs.length; while (len < bound) len *= 2; hs = new Int32Array(len); }
}

/** Counts hs[0..m) into the table: new hashes get an output entry, repeats bump its count. */
function countHashes(m: number): void {
  const t = table;
  const mask = tmask;
  const h0 = hs;
  const oi = outIdx;
  const ov = outVal;
  const os = outSlot;
  let o = nOut;
  for (let j = 0; j < m; j++) {
    const h = h0[j]!;
    let slot = (h ^ (h >>> 15)) & mask;
    for (;;) {
      const e = t[2 * slot + 1]!;
      if (e === 0) {
        t[2 * slot] = h;
        t[2 * slot + 1] = o + 1;
        os[o] = slot;
        oi[o] = h;
        ov[o++] = 1;
        break;
      }
      if (t[2 * slot] === h) { ov[e - 1]!++; break; }
      slot = (slot + 1) & mask;
    }
  }
  nOut = o;
}

// Blocks of the text being featurised (count mode): where each ends and its norm; 0 when absent.
const blockEnds = new Int32Array(3);
const blockNorms = new Float64Array(3);

/** Count mode: the counts signed by the hash's top bit, the block scaled by scale/√(occurrences). */
function endCountBlock(block: number, scale: number): void {
  const start = blockStart;
  const end = nOut;
  const t = table;
  let total = 0;
  for (let j = start; j < end; j++) { t[2 * outSlot[j]! + 1] = 0; total += outVal[j]!; }
  const norm = scale / Math.sqrt(total);
  for (let j = start; j < end; j++) {
    const c = outVal[j]! * ((outIdx[j]! >> 31) | 1);
    outCnt[j] = c;
    outVal[j] = c * norm;
  }
  blockEnds[block] = end;
  blockNorms[block] = norm;
}

/** Counts -> 1 + ln count, the block scaled to L2 norm `scale`, signed by the hash's top bit. */
function endBlock(scale: number): void {
  const start = blockStart;
  const end = nOut;
  const t = table;
  let sumsq = 0;
  for (let j = start; j < end; j++) {
    t[2 * outSlot[j]! + 1] = 0;
    const c = outVal[j]!;
    if (c === 1) { sumsq += 1; continue; }
    const v = 1 + Math.log(c);
    outVal[j] = v;
    sumsq += v * v;
  }
  const norm = scale / Math.sqrt(sumsq);
  // (-v) * norm is exactly v * (-norm): the sign is a factor of ±1, no branch
  for (let j = start; j < end; j++) outVal[j] = outVal[j]! * (norm * ((outIdx[j]! >> 31) | 1));
}

const cueHash = (name: string): number => hashString(name, NS_CUE);
const H_BOS = hashString("<s>", NS_WORD);
const H_EOS = hashString("</s>", NS_WORD);
const H_CAPS = [0, cueHash("caps1"), cueHash("caps2"), cueHash("caps3")];
const H_EXCL = [0, cueHash("excl1"), cueHash("excl2"), cueHash("excl3")];
const H_SHOUT = cueHash("shout");
const H_Q = cueHash("q");
const H_ELONG = cueHash("elong");
const H_LEN = [0, 1, 2, 3, 4, 5, 6].map((k) => cueHash("len" + k));
// Lexicons as open-addressing tables of their int32 members (Set.has boxes most 32-bit hashes),
// built once per set (again if its size changes); a table hit is confirmed with the set itself.
interface LexTable { size: number; keys: Int32Array; used: Uint8Array; mask: number }
const lexTables = new WeakMap<ReadonlySet<number>, LexTable>();
function lexTable(lex: ReadonlySet<number>): LexTable {
  let t = lexTables.get(lex);
  if (t !== undefined && t.size === lex.size) return t;
  let size = 16;
  while (size < lex.size * 2) size *= 2;
  t = { size: lex.size, keys: new Int32Array(size), used: new Uint8Array(size), mask: size - 1 };
  for (const h of lex) {
    if ((h | 0) !== h) continue; // never equal to a token hash
    let slot = (h ^ (h >>> 15)) & t.mask;
    while (t.used[slot] === 1 && t.keys[slot] !== h) slot = (slot + 1) & t.mask;
    t.used[slot] = 1;
    t.keys[slot] = h;
  }
  lexTables.set(lex, t);
  return t;
}

let lexName = "";
const lexCues = new Int32Array(2);
/** The lexicon block's two cue hashes ("one lexicon token", "two or more"). */
function lexiconCues(name: string): Int32Array {
  if (name !== lexName) { lexName = name; lexCues[0] = cueHash(name + ":1"); lexCues[1] = cueHash(name + ":2"); }
  return lexCues;
}
let lexHits = 0;
let tokHash = new Int32Array(256);

// Padded word token ('<' + token + '>') for the char n-grams.
let pad = new Uint16Array(256);

/**
 * The word block of `text` (unigrams, bigrams, cues) as feature hashes in `hs[0..m)`, one per
 * occurrence; also scans the text into the token buffers, each word token's hash into `tokHash`,
 * and the number of lexicon tokens into `lexHits`. Returns m.
 */
function wordBlockHashes(text: string, cfg: FeatureConfig, lexicon: ReadonlySet<number> | undefined): number {
  if (cfg.lexicon && !lexicon) throw new Error(`featurize: this feature config needs the "${cfg.lexicon}" lexicon`);
  let hits = 0;
  scan(text);
  const bigrams = cfg.bigrams;
  const lt = lexicon !== undefined ? lexTable(lexicon) : null;
  // word block: unigrams, bigrams, cues
  ensureHashes(2 * nToks + 8);
  if (tokHash.length < nToks) tokHash = new Int32Array(Math.max(nToks, tokHash.length * 2));
  const H = hs;
  let m = 0;
  let prevH = H_BOS;
  for (let t = 0; t < nToks; t++) {
    let h = (0x811c9dc5 ^ NS_WORD) | 0;
    const e = tokEnd[t]!;
    for (let i = tokStart[t]!; i < e; i++) h = Math.imul(h ^ codes[i]!, 0x01000193);
    h = fmix(h);
    tokHash[t] = h;
    H[m++] = h;
    if (lt !== null) {
      let slot = (h ^ (h >>> 15)) & lt.mask;
      while (lt.used[slot] === 1) {
        if (lt.keys[slot] === h) { if (lexicon!.has(h)) hits++; break; }
        slot = (slot + 1) & lt.mask;
      }
    }
    if (bigrams) H[m++] = fmix((Math.imul(prevH, 0x9e3779b1) ^ h ^ NS_BIGRAM) | 0);
    prevH = h;
  }
  if (bigrams && nToks > 0) H[m++] = fmix((Math.imul(prevH, 0x9e3779b1) ^ H_EOS ^ NS_BIGRAM) | 0);
  // one pass over the raw text: ASCII letter runs of 2+ (all-caps or not), '!' count, '?', and
  // three equal ASCII letters in a row (non-ASCII texts fall back to a code-point scan for that)
  let caps = 0;
  let words = 0;
  let excl = 0;
  let question = false;
  let elong = false;
  let nonAscii = false;
  // a unit >= 128 equal to the one or two before it: only then can elongUnicode find three equal
  // letters that the ASCII scan did not (a BMP letter thrice is c c c; an astral one, hi lo hi lo)
  let repeatWide = false;
  let prev2 = -1;
  let runLen = 0;
  let runUpper = true;
  let same = 0;
  let prevCh = -1;
  const u = textUnits; // loaded by scan(text)
  const n = text.length;
  for (let j = 0; j <= n; j++) {
    const ch = j < n ? u[j]! : 32;
    const isUpper = ch >= 65 && ch <= 90;
    if (isUpper || (ch >= 97 && ch <= 122)) {
      runLen++;
      if (!isUpper) runUpper = false;
      same = ch === prevCh ? same + 1 : 1;
      if (same >= 3) elong = true;
    } else {
      if (runLen >= 2) { words++; if (runUpper) caps++; }
      runLen = 0;
      runUpper = true;
      same = 0;
      if (ch === 33) excl++;
      else if (ch === 63) question = true;
      else if (ch >= 128) {
        nonAscii = true;
        if (ch === prevCh || ch === prev2) repeatWide = true;
      }
    }
    prev2 = prevCh;
    prevCh = ch;
  }
  if (!elong && nonAscii && repeatWide && elongUnicode(text)) elong = true;
  if (caps > 0) H[m++] = H_CAPS[caps >= 3 ? 3 : caps]!;
  if (words >= 3 && caps / words > 0.5) H[m++] = H_SHOUT;
  if (excl > 0) H[m++] = H_EXCL[excl >= 3 ? 3 : excl]!;
  if (question) H[m++] = H_Q;
  if (elong) H[m++] = H_ELONG;
  // floor(log2(1 + nToks)), capped at 6, by counting bits
  H[m++] = H_LEN[Math.min(6, 31 - Math.clz32(1 + nToks))]!;
  lexHits = hits;
  scanned.codes = codes; scanned.tokStart = tokStart; scanned.tokEnd = tokEnd; scanned.tokKind = tokKind;
  scanned.tokHash = tokHash; scanned.nToks = nToks; scanned.hashes = hs; scanned.m = m; scanned.lexHits = hits;
  return m;
}

/**
 * What `scanWordBlock` left (views on reused buffers, valid until the next call): the normalised
 * code units, the tokens (ranges into them, kinds, hashes) and the word block's feature hashes.
 */
export interface ScanState {
  codes: Uint16Array; tokStart: Int32Array; tokEnd: Int32Array; tokKind: Uint8Array; tokHash: Int32Array; nToks: number;
  hashes: Int32Array; m: number; lexHits: number;
}
export const scanned: ScanState = {
  codes, tokStart, tokEnd, tokKind, tokHash: new Int32Array(0), nToks: 0, hashes: hs, m: 0, lexHits: 0,
};
/** Token kind of words (the tokens whose character n-grams are features). */
export const WORD_TOKEN = WORD;

/** Scans `text` and hashes its word block into `scanned` (for scorers that skip counting). */
export function scanWordBlock(text: string, cfg: FeatureConfig, lexicon: ReadonlySet<number> | undefined): ScanState {
  wordBlockHashes(text, cfg, lexicon);
  return scanned;
}

/** The hashes of the lexicon block's cues for `hits` lexicon tokens (1 or 2 of them). */
export function lexiconCueHashes(name: string): Int32Array {
  return lexiconCues(name);
}

/**
 * The padded character n-grams ('<' + token + '>', lengths lo..charMax) of token `t` as feature
 * hashes into out[m..); returns the new m.
 */
export function tokenCharHashes(t: number, lo: number, charMax: number, out: Int32Array, m: number): number {
  const a = tokStart[t]!;
  const b = tokEnd[t]!;
  const L = b - a + 2;
  if (pad.length < L) pad = new Uint16Array(L * 2);
  const p = pad;
  p[0] = 60;
  for (let q = a; q < b; q++) p[q - a + 1] = codes[q]!;
  p[L - 1] = 62;
  for (let st = 0; st < L; st++) {
    let h = (0x811c9dc5 ^ NS_CHAR) | 0;
    const top = Math.min(charMax, L - st);
    let len = 1;
    for (; len < lo && len <= top; len++) h = Math.imul(h ^ p[st + len - 1]!, 0x01000193);
    for (; len <= top; len++) {
      h = Math.imul(h ^ p[st + len - 1]!, 0x01000193);
      out[m++] = fmix(h ^ len);
    }
  }
  return m;
}

/** The number of character n-grams `tokenCharHashes` gives for a token of `len` code units. */
export function charNgramCount(len: number, lo: number, charMax: number): number {
  const L = len + 2;
  let count = 0;
  for (let st = 0; st < L; st++) { const top = Math.min(charMax, L - st); if (top >= lo) count += top - lo + 1; }
  return count;
}

/** Featurises one text into the module's output buffers (`outIdx`, `outVal`, `nOut`). */
function featurizeInto(text: string, cfg: FeatureConfig, lexicon: ReadonlySet<number> | undefined): void {
  const counted = cfg.values === "count";
  const m = wordBlockHashes(text, cfg, lexicon);
  nOut = 0;
  blockEnds.fill(0);
  blockNorms.fill(0);
  beginBlock(m);
  countHashes(m);
  if (counted) endCountBlock(0, 1); else endBlock(1);
  // char block: padded n-grams of every word token
  const { charMin, charMax } = cfg;
  if (cfg.charWeight > 0) {
    const lo = Math.max(1, charMin);
    const per = Math.max(0, charMax - lo + 1);
    let bound = 0;
    for (let t = 0; t < nToks; t++) if (tokKind[t] === WORD) bound += (tokEnd[t]! - tokStart[t]! + 2) * per;
    if (bound > 0) {
      beginBlock(bound);
      ensureHashes(bound);
      let m2 = 0;
      for (let t = 0; t < nToks; t++) if (tokKind[t] === WORD) m2 = tokenCharHashes(t, lo, charMax, hs, m2);
      countHashes(m2);
      if (counted) endCountBlock(1, cfg.charWeight); else endBlock(cfg.charWeight);
    }
  }
  const lexScale = cfg.lexiconWeight ?? 1;
  if (cfg.lexicon && lexHits > 0 && lexScale > 0) {
    beginBlock(2);
    const cues = lexiconCues(cfg.lexicon);
    hs[0] = cues[0]!;
    hs[1] = cues[1]!;
    countHashes(lexHits > 1 ? 2 : 1);
    if (counted) endCountBlock(2, lexScale); else endBlock(lexScale);
  }
  // an absent block ends where the one before it ended
  if (blockEnds[1]! < blockEnds[0]!) blockEnds[1] = blockEnds[0]!;
  if (blockEnds[2]! < blockEnds[1]!) blockEnds[2] = blockEnds[1]!;
}

// Returned vectors are views on shared slabs (a fresh slab when one fills up): two typed arrays of
// their own per text cost about ten times more (each gets its own off-heap buffer). Each text's
// views are its own and never rewritten.
const SLAB = 1 << 16;
let slab = new ArrayBuffer(SLAB);
let slabOff = 0;

/** Featurises one text: one scan, every feature family hashed, a fresh sparse vector returned. */
export function featurize(text: string, cfg: FeatureConfig = DEFAULT_FEATURES, lexicon?: ReadonlySet<number>): Features {
  featurizeInto(text, cfg, lexicon);
  const n = nOut;
  const bytes = n * 8;
  let buf = slab;
  let off = slabOff;
  if (bytes > SLAB / 4) { buf = new ArrayBuffer(bytes); off = 0; }
  else {
    if (off + bytes > SLAB) { slab = buf = new ArrayBuffer(SLAB); off = 0; }
    slabOff = off + bytes;
  }
  const idx = new Int32Array(buf, off, n);
  const val = new Float32Array(buf, off + n * 4, n);
  idx.set(outIdx.subarray(0, n));
  val.set(outVal.subarray(0, n));
  if (cfg.values !== "count") return { idx, val, n };
  return { idx, val, n, cnt: outCnt.slice(0, n), blockEnd: blockEnds.slice(), blockNorm: blockNorms.slice() };
}
