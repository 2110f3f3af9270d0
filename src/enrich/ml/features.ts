// Text -> sparse hashed feature vector, shared by every linear model in voxpop. One pass over the
// text builds word unigrams/bigrams, padded character n-grams (fastText style), emoji and
// punctuation tokens and a few casing/punctuation cues; each feature is hashed (FNV-1a + murmur
// finaliser, signed) into 2^bits buckets. No substrings are allocated for n-grams: hashes are
// rolled over UTF-16 code units. The word block and the char block are each L2-normalised so
// neither drowns the other.

export interface FeatureConfig {
  /** log2 of the number of hash buckets. */
  bits: number;
  charMin: number;
  charMax: number;
  bigrams: boolean;
  /** Relative weight of the char n-gram block against the word block (both unit norm first). */
  charWeight: number;
}

export const DEFAULT_FEATURES: FeatureConfig = { bits: 18, charMin: 2, charMax: 5, bigrams: true, charWeight: 1 };

/** A sparse vector: `n` (bucket, value) pairs; buckets may repeat (collisions), which is harmless. */
export interface Features {
  idx: Int32Array;
  val: Float32Array;
  n: number;
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

/** Stable 32-bit hash of a string in a namespace (exported for tests and tools). */
export function hashString(s: string, ns: number): number {
  let h = (0x811c9dc5 ^ ns) | 0;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return fmix(h);
}

function combine(a: number, b: number, ns: number): number {
  return fmix((Math.imul(a, 0x9e3779b1) ^ b ^ ns) | 0);
}

const enum_WORD = 1;
const enum_EMOJI = 2;
const enum_PUNCT = 3;

const LETTER = /[\p{L}\p{M}\p{N}]/u;
const PICTO = /\p{Extended_Pictographic}|\p{Emoji_Presentation}/u;

function isWordUnit(c: number, s: string, i: number): boolean {
  if (c < 128) return (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || c === 95;
  if (c >= 0xd800 && c <= 0xdbff) return LETTER.test(s.slice(i, i + 2));
  return c >= 0xc0 && LETTER.test(s[i]!);
}

interface Token {
  text: string;
  kind: number;
}

/**
 * Normalised tokens: lower-cased words (apostrophes kept inside, runs of 3+ equal letters cut to
 * 2, digits mapped to 0), `<url>`, `@user`, hashtags as both `#tag` and `tag`, `<name>` for the
 * masked names of GoEmotions, emoji one per pictograph (modifiers dropped), punctuation runs.
 */
export function tokenize(text: string): Token[] {
  const out: Token[] = [];
  const s = text;
  const n = s.length;
  let i = 0;
  while (i < n) {
    const c = s.charCodeAt(i);
    if (c <= 32 || c === 0xa0 || c === 0xfe0f || c === 0x200d || c === 0x200b) { i++; continue; }
    // URLs
    if ((c === 104 || c === 72 || c === 119 || c === 87) && /^(?:https?:\/\/|www\.)/i.test(s.slice(i, i + 8))) {
      while (i < n && s.charCodeAt(i) > 32) i++;
      out.push({ text: "<url>", kind: enum_WORD });
      continue;
    }
    if (c === 64 && i + 1 < n && isWordUnit(s.charCodeAt(i + 1), s, i + 1)) { // @mention
      i++;
      while (i < n && isWordUnit(s.charCodeAt(i), s, i)) i++;
      out.push({ text: "@user", kind: enum_WORD });
      continue;
    }
    if (c === 91 && s.startsWith("[NAME]", i)) { out.push({ text: "<name>", kind: enum_WORD }); i += 6; continue; }
    const hashtag = c === 35 && i + 1 < n && isWordUnit(s.charCodeAt(i + 1), s, i + 1);
    if (hashtag || isWordUnit(c, s, i)) {
      const start = hashtag ? ++i : i;
      let w = "";
      let prev = -1;
      let run = 0;
      while (i < n) {
        const d = s.charCodeAt(i);
        if (isWordUnit(d, s, i)) {
          const w1 = d >= 0xd800 && d <= 0xdbff ? 2 : 1;
          let ch = w1 === 2 ? s.slice(i, i + 2) : s[i]!;
          if (d >= 48 && d <= 57) ch = "0";
          else ch = ch.toLowerCase();
          const code = ch.charCodeAt(0);
          run = code === prev ? run + 1 : 1;
          prev = code;
          if (run <= 2) w += ch;
          i += w1;
        } else if ((d === 39 || d === 0x2019) && i + 1 < n && i > start && isWordUnit(s.charCodeAt(i + 1), s, i + 1)) {
          w += "'";
          prev = 39;
          i++;
        } else break;
      }
      if (hashtag) out.push({ text: "#" + w, kind: enum_WORD });
      out.push({ text: w, kind: enum_WORD });
      continue;
    }
    if (c >= 0xd800 && c <= 0xdbff) {
      const cp = s.slice(i, i + 2);
      i += 2;
      const code = cp.codePointAt(0)!;
      if (code >= 0x1f3fb && code <= 0x1f3ff) continue; // skin tone modifiers
      if (PICTO.test(cp)) out.push({ text: cp, kind: enum_EMOJI });
      continue;
    }
    if (c >= 0x2000 && PICTO.test(s[i]!)) { out.push({ text: s[i]!, kind: enum_EMOJI }); i++; continue; }
    // punctuation / symbols: runs of the same class collapse ("!!!" -> "!!")
    if (c === 33 || c === 63 || c === 46) {
      let j = i;
      let seen = "";
      while (j < n && (s.charCodeAt(j) === 33 || s.charCodeAt(j) === 63 || s.charCodeAt(j) === 46)) {
        const ch = s[j]!;
        if (!seen.endsWith(ch + ch)) seen += ch;
        j++;
      }
      out.push({ text: seen.length > 3 ? seen.slice(0, 3) : seen, kind: enum_PUNCT });
      i = j;
      continue;
    }
    out.push({ text: s[i]!, kind: enum_PUNCT });
    i++;
  }
  return out;
}

// Reused scratch buffers: featurize is synchronous, so one set per process is safe.
let scratchH = new Int32Array(4096);

function grow(need: number): void {
  if (need <= scratchH.length) return;
  let len = scratchH.length;
  while (len < need) len *= 2;
  const next = new Int32Array(len);
  next.set(scratchH);
  scratchH = next;
}

/** Sorts and counts hashes in scratchH[from, to), appends (bucket, signed weight) pairs, L2-normalised. */
function emitBlock(from: number, to: number, mask: number, scale: number, idx: number[], val: number[]): void {
  if (to <= from) return;
  const block = scratchH.subarray(from, to);
  block.sort();
  let sumsq = 0;
  const start = idx.length;
  let k = 0;
  while (k < block.length) {
    const h = block[k]!;
    let cnt = 1;
    while (k + cnt < block.length && block[k + cnt] === h) cnt++;
    k += cnt;
    const v = cnt === 1 ? 1 : 1 + Math.log(cnt);
    idx.push(h & mask);
    val.push(h < 0 ? -v : v);
    sumsq += v * v;
  }
  const norm = scale / Math.sqrt(sumsq);
  for (let j = start; j < val.length; j++) val[j]! *= norm;
}

/** Featurises one text: tokenise once, hash every feature family, return a sparse vector. */
export function featurize(text: string, cfg: FeatureConfig = DEFAULT_FEATURES): Features {
  const mask = (1 << cfg.bits) - 1;
  const toks = tokenize(text);
  grow(toks.length * (3 + 40) + 64);
  let m = 0;
  // word block: unigrams, bigrams, cues
  let prevH = hashString("<s>", NS_WORD);
  for (const t of toks) {
    const h = hashString(t.text, NS_WORD);
    grow(m + 2);
    scratchH[m++] = h;
    if (cfg.bigrams) scratchH[m++] = combine(prevH, h, NS_BIGRAM);
    prevH = h;
  }
  if (cfg.bigrams && toks.length > 0) scratchH[m++] = combine(prevH, hashString("</s>", NS_WORD), NS_BIGRAM);
  // cues from the raw text: shouting, exclamations, questions, length, elongation
  let caps = 0;
  let words = 0;
  const raw = text.match(/[A-Za-z]{2,}/g);
  if (raw) for (const w of raw) { words++; if (w === w.toUpperCase()) caps++; }
  const cues: string[] = [];
  if (caps > 0) cues.push(caps >= 3 ? "caps3" : "caps" + caps);
  if (words >= 3 && caps / words > 0.5) cues.push("shout");
  const excl = text.split("!").length - 1;
  if (excl > 0) cues.push(excl >= 3 ? "excl3" : "excl" + excl);
  if (text.includes("?")) cues.push("q");
  if (/(\p{L})\1\1/u.test(text)) cues.push("elong");
  cues.push("len" + Math.min(6, Math.floor(Math.log2(1 + toks.length))));
  grow(m + cues.length + 8);
  for (const c of cues) scratchH[m++] = hashString(c, NS_CUE);
  const idx: number[] = [];
  const val: number[] = [];
  emitBlock(0, m, mask, 1, idx, val);
  // char block: padded n-grams of every word token
  const wordEnd = m;
  const { charMin, charMax } = cfg;
  for (const t of toks) {
    if (t.kind !== enum_WORD) continue;
    const w = t.text;
    const L = w.length + 2;
    grow(m + L * (charMax - charMin + 1) + 8);
    for (let st = 0; st < L; st++) {
      let h = (0x811c9dc5 ^ NS_CHAR) | 0;
      for (let len = 1; len <= charMax && st + len <= L; len++) {
        const p = st + len - 1;
        const c = p === 0 ? 60 : p === L - 1 ? 62 : w.charCodeAt(p - 1);
        h = Math.imul(h ^ c, 0x01000193);
        if (len >= charMin && !(len === 1)) scratchH[m++] = fmix(h ^ len);
      }
    }
  }
  if (cfg.charWeight > 0) emitBlock(wordEnd, m, mask, cfg.charWeight, idx, val);
  return { idx: Int32Array.from(idx), val: Float32Array.from(val), n: idx.length };
}
