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

/** The class bits of a code point (or a lone surrogate); -1 (the start of the text) has none. */
function charClass(cp: number): number {
  if (cp < 0x10000) {
    if (cp < 0) return 0;
    const bits = BMP[cp]!;
    return bits !== 0 ? bits : (BMP[cp] = classify(String.fromCharCode(cp)));
  }
  let bits = ASTRAL.get(cp);
  if (bits === undefined) {
    bits = classify(String.fromCodePoint(cp));
    if (ASTRAL.size < 10_000) ASTRAL.set(cp, bits);
  }
  return bits;
}

/** Whether a BMP code unit is a letter (\p{L}); a surrogate half is not. */
export function isLetterUnit(c: number): boolean {
  return (charClass(c) & LETTER) !== 0;
}

/** The code point starting at i (a lone surrogate stands for itself). */
function codePointAt(s: string, i: number): number {
  const c = s.charCodeAt(i);
  if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
    const d = s.charCodeAt(i + 1);
    if (d >= 0xdc00 && d <= 0xdfff) return ((c - 0xd800) << 10) + (d - 0xdc00) + 0x10000;
  }
  return c;
}

/** The code point ending just before i, or -1 at the start. */
function codePointBefore(s: string, i: number): number {
  if (i === 0) return -1;
  const d = s.charCodeAt(i - 1);
  if (d >= 0xdc00 && d <= 0xdfff && i >= 2) {
    const c = s.charCodeAt(i - 2);
    if (c >= 0xd800 && c <= 0xdbff) return ((c - 0xd800) << 10) + (d - 0xdc00) + 0x10000;
  }
  return d;
}

const lower = (c: number): number => (c >= 65 && c <= 90 ? c | 32 : c);

/** Length of "http://", "https://" or "www." (any case; "ſ" as "s") at i, or 0. */
function linkPrefix(s: string, i: number): number {
  const c0 = lower(s.charCodeAt(i));
  if (c0 === 119) { // w
    return lower(s.charCodeAt(i + 1)) === 119 && lower(s.charCodeAt(i + 2)) === 119 && s.charCodeAt(i + 3) === 46 ? 4 : 0;
  }
  if (c0 !== 104 || lower(s.charCodeAt(i + 1)) !== 116 || lower(s.charCodeAt(i + 2)) !== 116 || lower(s.charCodeAt(i + 3)) !== 112) return 0;
  let j = i + 4;
  const s4 = lower(s.charCodeAt(j));
  if (s4 === 115 || s4 === 0x17f) j++;
  if (s.charCodeAt(j) === 58 && s.charCodeAt(j + 1) === 47 && s.charCodeAt(j + 2) === 47) return j + 3 - i;
  return 0;
}

function isHandleChar(cp: number): boolean {
  return (charClass(cp) & HANDLE) !== 0;
}

/** Letters, marks and in-word punctuation are kept; whitespace separates. */
function isKept(cp: number): boolean {
  return (charClass(cp) & (KEEP | SPACE)) === KEEP;
}

/**
 * The words of the last cleaned text, as [start, end) ranges of `head` (the cleaned text is them
 * joined by single spaces, `length` units before the cut): the detector reads them in place and
 * builds the string only when it asks eld. Overwritten by the next cleanIntoRanges.
 */
export const cleaned = { head: "", count: 0, length: 0, start: new Int32Array(64), end: new Int32Array(64) };

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
  cleaned.head = head;
  cleaned.count = 0;
  cleaned.length = 0;
  let i = 0;
  while (i < n && cleaned.length < MAX_DETECT_CHARS) {
    // Skip separators: whitespace, links, handles and hashtags, runs of anything else not kept.
    const cp = codePointAt(head, i);
    const width = cp > 0xffff ? 2 : 1;
    const bits = charClass(cp);
    if (bits & SPACE) { i += width; continue; }
    if (cp === 64 || cp === 35) { // @ #
      const prev = codePointBefore(head, i);
      const tagStart = (charClass(prev) & TAG_PREV) === 0;
      if (tagStart && i + 1 < n && isHandleChar(codePointAt(head, i + 1))) {
        i++;
        while (i < n) { const c = codePointAt(head, i); if (!isHandleChar(c)) break; i += c > 0xffff ? 2 : 1; }
        continue;
      }
    }
    if (!isKept(cp)) {
      i += width;
      while (i < n) { const c = codePointAt(head, i); if (isKept(c) || charClass(c) & SPACE) break; i += c > 0xffff ? 2 : 1; }
      continue;
    }
    // A word: kept characters up to a separator, or up to a link that starts inside it.
    const start = i;
    let j = i;
    let linkAt = -1;
    while (j < n) {
      const c = codePointAt(head, j);
      if (!isKept(c)) break;
      if ((c | 32) === 104 || (c | 32) === 119) { // h, w: a link may start here
        const prev = codePointBefore(head, j);
        if ((charClass(prev) & WORD) === 0 && linkPrefix(head, j) > 0) {
          const after = j + linkPrefix(head, j);
          if (after < n && !(charClass(codePointAt(head, after)) & SPACE)) { linkAt = j; break; }
        }
      }
      j += c > 0xffff ? 2 : 1;
    }
    if (j > start) pushRange(start, j);
    if (linkAt >= 0) {
      j = linkAt;
      while (j < n) { const c = codePointAt(head, j); if (charClass(c) & SPACE) break; j += c > 0xffff ? 2 : 1; }
    }
    i = j;
  }
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
  for (let i = from; i < to; i++) {
    const c = s.charCodeAt(i);
    if (c === 32 || c === 39 || c === 45 || c === 0x2019 || c === 9 || c === 10 || c === 13) continue;
    const dense = (c >= 0x3040 && c <= 0x30ff) || (c >= 0x3400 && c <= 0x4dbf) || (c >= 0x4e00 && c <= 0x9fff) ||
      (c >= 0xac00 && c <= 0xd7af) || (c >= 0x1100 && c <= 0x11ff) || (c >= 0xf900 && c <= 0xfaff);
    weight += dense ? 3 : 1;
  }
  return weight;
}
