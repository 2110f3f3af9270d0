// Short-text cleaning shared by the detector and the comparison: what a language detector must not
// see (links, handles, hashtags, emoji, digits) goes before detection, and the letters left decide
// whether a guess is worth making at all.
//
// The rule (one pass over the text, left to right; each removed stretch becomes a space, then runs
// of spaces collapse to one and the ends are trimmed). At each position, the first that applies:
//   1. a link: "http://", "https://" or "www." (any case) at a word boundary (the character
//      before is not an ASCII letter, digit or "_"), followed by at least one non-space character:
//      removed up to the next whitespace;
//   2. a handle or hashtag: "@" or "#" not preceded by a letter, digit or "_", followed by one or
//      more letters, marks, digits, "_", ".", "@" or "-" (X, Bluesky domain, Mastodon user@host):
//      removed with them;
//   3. a run of anything that is neither a letter, a combining mark, whitespace nor in-word
//      punctuation (' ’ -): emoji, symbols, digits and punctuation carry no language signal for
//      n-gram detectors: removed (the whole run, even an "@" inside it).
// This is exactly what the former regular expression
//   /\b(?:https?:\/\/|www\.)\S+|(?<![\p{L}\p{N}_])[@#][\p{L}\p{M}\p{N}_.@-]+|[^\p{L}\p{M}'’\s-]+/giu
// did (with its Unicode case-insensitive quirks: "ſ" matches the "s" of "https" and, like the Kelvin
// sign, counts as a word character), in one pass over char codes instead of three regex replaces.

import { APOSTROPHE_CODE, EnglishCount, isQuote, keyStep } from "./english.ts";
import { unitsOf } from "../units.ts";

/** Text cut to at most this many characters before detection: a post's language shows early. */
export const MAX_DETECT_CHARS = 1000;

// Character classes, one bit each, each defined by the very class the former expression used (the
// /i flag matters: U+0345, a mark, case-folds to a letter and so counts as one before a "#").
const LETTER = 1; // \p{L} (no /i: for the English fast path)
const KEEP = 2; // [\p{L}\p{M}'’\s-]/iu: not stripped (whitespace included)
const SPACE = 4; // \s
const TAG_PREV = 8; // [\p{L}\p{N}_]/iu: no handle or hashtag starts after one of these
const HANDLE = 16; // [\p{L}\p{M}\p{N}_.@-]/iu: the rest of a handle or hashtag
const WORD = 32; // \w/iu: ASCII letters, digits, "_", plus "ſ" (U+017F) and the Kelvin sign (U+212A)
const KNOWN = 128;

const CLASSES: ReadonlyArray<readonly [RegExp, number]> = [
  [/^\p{L}$/u, LETTER], [/^[\p{L}\p{M}'’\s-]$/iu, KEEP], [/^\s$/u, SPACE], [/^[\p{L}\p{N}_]$/iu, TAG_PREV],
  [/^[\p{L}\p{M}\p{N}_.@-]$/iu, HANDLE], [/^\w$/iu, WORD],
];

function classify(ch: string): number {
  let bits = KNOWN;
  for (const [re, bit] of CLASSES) if (re.test(ch)) bits |= bit;
  return bits;
}

// BMP code units (lone surrogates included) are classified lazily into this table, the ASCII
// range up front; astral code points go through a bounded cache.
const BMP = new Uint8Array(0x10000);
for (let c = 0; c < 128; c++) BMP[c] = classify(String.fromCharCode(c));
const ASTRAL = new Map<number, number>();

/** The class bits of a BMP code unit (a lone surrogate stands for itself). */
function unitClass(c: number): number {
  const bits = BMP[c]!;
  return bits !== 0 ? bits : (BMP[c] = classify(String.fromCharCode(c)));
}

/** The class bits of a code point (or a lone surrogate); -1 (the start of the text) has none. */
function charClass(cp: number): number {
  if (cp < 0x10000) return cp < 0 ? 0 : unitClass(cp);
  let bits = ASTRAL.get(cp);
  if (bits === undefined) {
    bits = classify(String.fromCodePoint(cp));
    if (ASTRAL.size < 10_000) ASTRAL.set(cp, bits);
  }
  return bits;
}

/** Whether a BMP code unit is a letter (\p{L}); a surrogate half is not. */
export function isLetterUnit(c: number): boolean {
  return (unitClass(c) & LETTER) !== 0;
}

// The scanner below walks the text's code units (copied into a typed array, units.ts, with a 0
// after the last) and asks for the class of the code point at a position; a surrogate pair is one
// code point of two units, flagged by PAIR on top of its class bits (so the caller advances by
// 1 + (bits >> 8) without a second return value). A lone surrogate stands for itself, as in the
// former expression (/u matches a lone surrogate as one code point).
const PAIR = 256;

/** The class bits of the code point starting at i (< the text's length), plus PAIR for a surrogate pair. */
function classAt(u: Uint16Array, i: number): number {
  const c = u[i]!;
  if ((c & 0xfc00) !== 0xd800) return unitClass(c);
  const d = u[i + 1]!; // the sentinel 0 past the end
  if ((d & 0xfc00) !== 0xdc00) return unitClass(c);
  return charClass(((c - 0xd800) << 10) + (d - 0xdc00) + 0x10000) | PAIR;
}

/** The class bits of the code point ending just before i; none at the start. */
function classBefore(u: Uint16Array, i: number): number {
  if (i === 0) return 0;
  const d = u[i - 1]!;
  if ((d & 0xfc00) === 0xdc00 && i >= 2) {
    const c = u[i - 2]!;
    if ((c & 0xfc00) === 0xd800) return charClass(((c - 0xd800) << 10) + (d - 0xdc00) + 0x10000);
  }
  return unitClass(d);
}

const lower = (c: number): number => (c >= 65 && c <= 90 ? c | 32 : c);

/**
 * Length of "http://", "https://" or "www." (any case; "ſ" as "s") at i, or 0. Each comparison
 * stops the match before the next unit is read, so the sentinel 0 ends it at the text's end.
 */
function linkPrefix(u: Uint16Array, i: number): number {
  const c0 = lower(u[i]!);
  if (c0 === 119) { // w
    return lower(u[i + 1]!) === 119 && lower(u[i + 2]!) === 119 && u[i + 3] === 46 ? 4 : 0;
  }
  if (c0 !== 104 || lower(u[i + 1]!) !== 116 || lower(u[i + 2]!) !== 116 || lower(u[i + 3]!) !== 112) return 0;
  let j = i + 4;
  const s4 = lower(u[j]!);
  if (s4 === 115 || s4 === 0x17f) j++;
  if (u[j] === 58 && u[j + 1] === 47 && u[j + 2] === 47) return j + 3 - i;
  return 0;
}

/** Rule 1: a link starts at i (an "h" or "w" of a text of n units). */
function linkStartsAt(u: Uint16Array, i: number, n: number): boolean {
  if ((classBefore(u, i) & WORD) !== 0) return false;
  const prefix = linkPrefix(u, i);
  return prefix > 0 && i + prefix < n && (classAt(u, i + prefix) & SPACE) === 0;
}

/**
 * The words of the last cleaned text, as [start, end) ranges of `head` (the cleaned text is them
 * joined by single spaces, `length` units before the cut): the detector reads them in place and
 * builds the string only when it asks eld. Overwritten by the next cleanIntoRanges, which also
 * counts, in the same pass, what the detector decides on first: the words' letter weight
 * (letterWeight of the cleaned text), whether they hold a letter beyond ASCII, and their English
 * function words (the fast path's counts, detect.ts). The counts hold the whole of every range,
 * so they are those of the cleaned text when `length` is at most MAX_DETECT_CHARS.
 */
export const cleaned = {
  head: "", count: 0, length: 0, start: new Int32Array(64), end: new Int32Array(64),
  /** head's code units (then a 0), valid until the next cleanIntoRanges or unitsOf (units.ts) of another text. */
  units: new Uint16Array(0) as Uint16Array,
  weight: 0, nonAscii: false, english: new EnglishCount(),
};


function pushRange(start: number, end: number): void {
  const r = cleaned;
  if (r.count === r.start.length) {
    const a = new Int32Array(r.count * 2); a.set(r.start); r.start = a;
    const b = new Int32Array(r.count * 2); b.set(r.end); r.end = b;
  }
  r.start[r.count] = start;
  r.end[r.count++] = end;
  r.length += (r.length ? 1 : 0) + (end - start);
}

/** Runs the cleaning rule on `text` into the ranges above (no string is built). */
export function cleanIntoRanges(text: string): void {
  const head = text.length > MAX_DETECT_CHARS * 4 ? text.slice(0, MAX_DETECT_CHARS * 4) : text;
  const n = head.length;
  const u = unitsOf(head);
  cleaned.head = head;
  cleaned.units = u;
  cleaned.count = 0;
  cleaned.length = 0;
  cleaned.weight = 0;
  cleaned.nonAscii = false;
  cleaned.english.reset();
  let i = 0;
  while (i < n && cleaned.length < MAX_DETECT_CHARS) {
    // Skip separators: whitespace, handles and hashtags, runs of anything else not kept; links
    // start with a kept letter and are found by the word scan.
    const c = u[i]!;
    // the commonest units first: a space, a word's first ASCII letter (the rule would find the same)
    if (c === 32) { i++; continue; }
    if (((c | 32) - 97) >>> 0 < 26) {
      const end = asciiWord(u, i, n);
      i = end >= 0 ? end : scanWord(u, i, n);
      continue;
    }
    const bits = classAt(u, i);
    if (bits & SPACE) { i++; continue; } // whitespace is all in the BMP
    if ((c === 64 || c === 35) && (classBefore(u, i) & TAG_PREV) === 0 && i + 1 < n && (classAt(u, i + 1) & HANDLE) !== 0) {
      i = skipWhile(u, i + 1, n, HANDLE);
    } else if ((bits & KEEP) === 0) {
      i = skipUntil(u, i + 1 + (bits >> 8), n, KEEP); // KEEP includes whitespace
    } else {
      i = scanWord(u, i, n);
    }
  }
}

/** The first position from i whose code point has none of the class bits `bits`, or n. */
function skipWhile(u: Uint16Array, i: number, n: number, bits: number): number {
  while (i < n) {
    const b = classAt(u, i);
    if ((b & bits) === 0) break;
    i += 1 + (b >> 8);
  }
  return i;
}

/** The first position from i whose code point has one of the class bits `stop`, or n. */
function skipUntil(u: Uint16Array, i: number, n: number, stop: number): number {
  while (i < n) {
    const b = classAt(u, i);
    if ((b & stop) !== 0) break;
    i += 1 + (b >> 8);
  }
  return i;
}

/**
 * The commonest word, taken without scanWord's bookkeeping: ASCII letters from `start` up to
 * ASCII whitespace or punctuation, or the end of the text. Counts and pushes it as scanWord would
 * and returns its end; -1 when the word goes on otherwise (scanWord then takes it from the
 * start). No link starts in such a word: a link's prefix has a ":" or "." right after its
 * letters.
 */
function asciiWord(u: Uint16Array, start: number, n: number): number {
  let j = start + 1;
  let key = u[start]! & 31;
  for (;;) { // the sentinel 0 after the text ends the run at n at the latest
    const d = u[j]! | 32;
    if ((d - 97) >>> 0 >= 26) break;
    key = keyStep(key, d & 31);
    j++;
  }
  // ended by an ASCII unit that ends a word in scanWord (whitespace, punctuation, digits, the
  // sentinel); a unit beyond ASCII or a kept one (an apostrophe, a hyphen) is scanWord's to take,
  // and so are ":" and "." (the letters may start a link: "http://", "www.")
  const end = u[j]!;
  if (end >= 128 || end === 58 || end === 46 || (BMP[end]! & (KEEP | SPACE)) === KEEP) return -1;
  if (!cleaned.nonAscii) cleaned.english.add(u, start, j, key);
  pushRange(start, j);
  cleaned.weight += j - start;
  return j;
}

// Where scanWord is in an English word (EnglishCount's words: letters, one apostrophe, letters).
const OUTSIDE = 0; // not in a word
const FIRST_RUN = 1; // in its first run of ASCII letters
const APOSTROPHE = 2; // just after its first run, on an apostrophe that may join a second run
const SECOND_RUN = 3; // in its second run

/**
 * A word from `start` (a kept, non-space code point): kept characters up to a separator, or up to
 * a link that starts inside it (the link is then skipped up to whitespace). Pushes its range,
 * counts it into `cleaned` and returns where the scan goes on.
 */
function scanWord(u: Uint16Array, start: number, n: number): number {
  const english = cleaned.english;
  let weight = 0;
  let nonAscii = cleaned.nonAscii;
  let state = OUTSIDE, wordStart = 0, key = 0;
  let j = start;
  let linkAt = -1;
  while (j < n) {
    const c = u[j]!;
    if (((c | 32) - 97) >>> 0 < 26) {
      // A run of ASCII letters (the common case: no class lookup, one test a letter). A link can
      // start only at its first letter: after an ASCII letter (a \w character) none does.
      const lc = c | 32;
      if ((lc === 104 || lc === 119) && linkStartsAt(u, j, n)) { linkAt = j; break; } // h, w
      const runStart = j;
      let k = state === APOSTROPHE ? keyStep(keyStep(key, APOSTROPHE_CODE), lc & 31) : lc & 31; // keyStep(0, code) is code
      j++;
      for (;;) { // the sentinel 0 after the text ends the run at n at the latest
        const d = u[j]! | 32;
        if ((d - 97) >>> 0 >= 26) break;
        k = keyStep(k, d & 31);
        j++;
      }
      weight += j - runStart;
      if (state === OUTSIDE) { state = FIRST_RUN; wordStart = runStart; } else state = SECOND_RUN; // after APOSTROPHE
      key = k;
      continue;
    }
    const b = classAt(u, j);
    if ((b & (KEEP | SPACE)) !== KEEP) break;
    const at = j;
    if (b & PAIR) {
      // an astral letter or mark: two units of weight 1, and neither unit an English letter
      weight += 2;
      j += 2;
    } else {
      weight += unitWeight(c);
      if (c > 127 && (b & LETTER) !== 0) nonAscii = true;
      j++;
    }
    // a unit that is not an ASCII letter: it may hold an apostrophe, else it ends a word
    if (state === FIRST_RUN && isQuote(c)) state = APOSTROPHE;
    else if (state !== OUTSIDE) {
      if (!nonAscii) english.add(u, wordStart, state === APOSTROPHE ? at - 1 : at, key);
      state = OUTSIDE;
    }
  }
  // linkAt >= 0: the word ends where the link starts
  const end = linkAt >= 0 ? linkAt : j;
  if (state !== OUTSIDE && !nonAscii) english.add(u, wordStart, state === APOSTROPHE ? end - 1 : end, key);
  if (end > start) pushRange(start, end); // or a link at the start
  cleaned.weight += weight;
  cleaned.nonAscii = nonAscii;
  return linkAt >= 0 ? skipUntil(u, linkAt, n, SPACE) : j;
}

/** The cleaned text of the last cleanIntoRanges: its words joined by single spaces, cut to MAX_DETECT_CHARS. */
export function joinCleaned(): string {
  const { head, count, start, end } = cleaned;
  let out = "";
  for (let r = 0; r < count; r++) {
    const word = head.slice(start[r]!, end[r]!);
    out += r > 0 ? " " + word : word;
  }
  return out.length > MAX_DETECT_CHARS ? out.slice(0, MAX_DETECT_CHARS) : out;
}

export function cleanForDetection(text: string): string {
  cleanIntoRanges(text);
  return joinCleaned();
}

/**
 * Letters in the cleaned text, with each Han/Kana/Hangul character counted as three letters (one
 * such character holds about as much as a short alphabetic word's worth of trigrams).
 */
export function letterWeight(text: string): number {
  return letterWeightIn(text, 0, text.length);
}

/** letterWeight of s[from, to). */
export function letterWeightIn(s: string, from: number, to: number): number {
  // The cleaned text holds only letters, marks, spaces, apostrophes and hyphens: count by code
  // unit (a character outside the BMP counts twice; marks count as letters: both rare, both harmless).
  let weight = 0;
  for (let i = from; i < to; i++) weight += unitWeight(s.charCodeAt(i));
  return weight;
}

/** One code unit's letter weight: none for whitespace, apostrophes and hyphens, 3 for Han/Kana/Hangul. */
function unitWeight(c: number): number {
  if (c === 32 || c === 39 || c === 45 || c === 0x2019 || c === 9 || c === 10 || c === 13) return 0;
  const dense = (c >= 0x3040 && c <= 0x30ff) || (c >= 0x3400 && c <= 0x4dbf) || (c >= 0x4e00 && c <= 0x9fff) ||
    (c >= 0xac00 && c <= 0xd7af) || (c >= 0x1100 && c <= 0x11ff) || (c >= 0xf900 && c <= 0xfaff);
  return dense ? 3 : 1;
}
