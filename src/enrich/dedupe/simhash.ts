// Text normalisation and 64-bit SimHash for duplicate detection. Kept in 32-bit halves internally
// (bigint arithmetic is ~20× slower); `simhash64` joins them for callers.

const URL_RE = /\b(?:https?:\/\/|www\.)\S+/giu;
const MENTION_RE = /(?<![\p{L}\p{N}_])@[\p{L}\p{N}_.-]+(?:@[\p{L}\p{N}_.-]+)?/gu;
const RT_RE = /^\s*(?:rt|mt)\b\s*:?\s*/iu;
// Punctuation and separators go; letters, digits, marks and symbols (emoji) stay.
const PUNCT_RE = /[\p{P}\p{Z}\p{Cc}\p{Cf}\s]+/gu;
/** Text beyond this is not used: two posts that agree on their first 20k characters are duplicates. */
export const MAX_CHARS = 20_000;

/**
 * The text duplicates are compared on: Unicode-compatibility folded (NFKC), lower-case, without
 * links, @handles, a leading "RT"/"MT", punctuation and extra whitespace. Emoji and hashtag words
 * are kept ("#" itself is punctuation).
 */
export function normalizeForDedupe(text: string): string {
  if (typeof text !== "string") return "";
  const head = text.length > MAX_CHARS ? text.slice(0, MAX_CHARS) : text;
  return head
    .normalize("NFKC")
    .toLowerCase()
    .replace(URL_RE, " ")
    .replace(RT_RE, " ")
    .replace(MENTION_RE, " ")
    .replace(PUNCT_RE, " ")
    .trim();
}

function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** murmur3's finaliser: a bijection on 32 bits with full avalanche. */
function fmix32(x: number): number {
  x ^= x >>> 16;
  x = Math.imul(x, 0x85ebca6b);
  x ^= x >>> 13;
  x = Math.imul(x, 0xc2b2ae35);
  x ^= x >>> 16;
  return x >>> 0;
}

/** Words per shingle: single words measured best on short posts (see the dedupe module comment). */
export const SHINGLE = 1;

export interface Fingerprint { hi: number; lo: number; features: number }

const counts = new Int32Array(64);

/**
 * SimHash over word shingles (SHINGLE consecutive words; a text shorter than that is one shingle)
 * of already-normalised text. Every shingle weighs the same.
 */
export function simhashNormalized(normalized: string): Fingerprint {
  const words = normalized ? normalized.split(" ") : [];
  if (words.length === 0) return { hi: 0, lo: 0, features: 0 };
  const hashes = words.map(fnv1a);
  counts.fill(0);
  const n = Math.max(1, hashes.length - SHINGLE + 1);
  for (let i = 0; i < n; i++) {
    let h = 0x9747b28c;
    for (let j = i; j < Math.min(i + SHINGLE, hashes.length); j++) h = Math.imul(h ^ hashes[j]!, 0x5bd1e995) ^ (h >>> 15);
    const hi = fmix32(h ^ 0x9e3779b9);
    const lo = fmix32((h + 0x7f4a7c15) >>> 0);
    for (let b = 0; b < 32; b++) {
      counts[b]! += (hi >>> b) & 1 ? 1 : -1;
      counts[32 + b]! += (lo >>> b) & 1 ? 1 : -1;
    }
  }
  let hi = 0;
  let lo = 0;
  for (let b = 0; b < 32; b++) {
    if (counts[b]! > 0) hi |= 1 << b;
    if (counts[32 + b]! > 0) lo |= 1 << b;
  }
  return { hi: hi >>> 0, lo: lo >>> 0, features: n };
}

/** 64-bit SimHash of a text (normalised first). */
export function simhash64(text: string): bigint {
  const { hi, lo } = simhashNormalized(normalizeForDedupe(text));
  return (BigInt(hi) << 32n) | BigInt(lo);
}

export function popcount32(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  return (Math.imul((x + (x >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24);
}

export function hamming64(a: bigint, b: bigint): number {
  const x = BigInt.asUintN(64, a ^ b);
  return popcount32(Number(x >> 32n)) + popcount32(Number(x & 0xffffffffn));
}
