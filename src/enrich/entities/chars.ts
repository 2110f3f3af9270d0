// Unicode classes of code points, as this folder's regexes see them (\p{L}, \p{M}, \p{N}, \p{Lu},
// \p{Ll} and \s, all with the u flag), for the hand-written scanners that replace those regexes.
// Each class is taken from the very same property regex, once per code point (lazily: the first
// time a scanner meets it), so a scanner agrees with the regex it mirrors by construction.

export const LETTER = 1; // \p{L}
export const MARK = 2; // \p{M}
export const NUMBER = 4; // \p{N}
export const UPPER = 8; // \p{Lu}
export const LOWER = 16; // \p{Ll}
export const SPACE = 32; // \s
const KNOWN = 128; // the slot has been filled (a filled slot is never 0)

const BMP = new Uint8Array(0x10000);
const ASTRAL = new Map<number, number>();
const ASTRAL_CACHE_MAX = 10_000;

function computeClass(cp: number): number {
  // a lone surrogate (cp in D800–DFFF) is in none of these classes, as for the regexes
  const ch = String.fromCodePoint(cp);
  return KNOWN |
    (/\p{L}/u.test(ch) ? LETTER : 0) |
    (/\p{M}/u.test(ch) ? MARK : 0) |
    (/\p{N}/u.test(ch) ? NUMBER : 0) |
    (/\p{Lu}/u.test(ch) ? UPPER : 0) |
    (/\p{Ll}/u.test(ch) ? LOWER : 0) |
    (/\s/u.test(ch) ? SPACE : 0);
}

/** The class bits of code point `cp` (any value 0–10FFFF, a lone surrogate included). */
export function classOf(cp: number): number {
  if (cp < 0x10000) {
    const v = BMP[cp]!;
    if (v !== 0) return v;
    return (BMP[cp] = computeClass(cp));
  }
  let v = ASTRAL.get(cp);
  if (v === undefined) {
    v = computeClass(cp);
    if (ASTRAL.size < ASTRAL_CACHE_MAX) ASTRAL.set(cp, v);
  }
  return v;
}

/** The code point at UTF-16 index i of s, as a u-flag regex reads it (a lone surrogate alone). */
export function codePointAt(s: string, i: number): number {
  const c = s.charCodeAt(i);
  if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
    const d = s.charCodeAt(i + 1);
    if (d >= 0xdc00 && d <= 0xdfff) return ((c - 0xd800) << 10) + (d - 0xdc00) + 0x10000;
  }
  return c;
}

/** The code point that ends just before UTF-16 index i of s (a lone surrogate alone), or -1 at 0. */
export function codePointBefore(s: string, i: number): number {
  if (i <= 0) return -1;
  const d = s.charCodeAt(i - 1);
  if (d >= 0xdc00 && d <= 0xdfff && i >= 2) {
    const c = s.charCodeAt(i - 2);
    if (c >= 0xd800 && c <= 0xdbff) return ((c - 0xd800) << 10) + (d - 0xdc00) + 0x10000;
  }
  return d;
}

/** UTF-16 length of code point cp. */
export const unitsOf = (cp: number): number => (cp > 0xffff ? 2 : 1);
