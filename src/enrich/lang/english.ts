// The English function-word table behind the detector's fast path (detect.ts), shared with the
// cleaning scan (clean.ts), which counts the words while it finds them.

/**
 * English function words that are rare as words in the other languages eld knows (no "was",
 * "will", "for", "her", "is", "in": German, Scandinavian and Dutch use those too).
 */
export const ENGLISH: ReadonlySet<string> = new Set([
  "the", "and", "you", "that", "this", "with", "have", "are", "not", "but", "what", "your", "just",
  "they", "from", "would", "there", "their", "been", "when", "who", "like", "because", "people",
  "know", "about", "she", "him", "his", "it's", "i'm", "don't", "can't", "we're", "our", "these",
  "those", "were", "which", "could", "should", "than", "then", "them", "how", "why", "where",
  "it", "be", "do", "get", "got", "out", "now", "love", "good", "really", "think", "want", "going",
  "time", "day", "thank", "thanks", "today", "has", "had", "did", "does", "didn't", "doesn't",
  "isn't", "wasn't", "i've", "i'll", "you're", "that's", "he's", "she's", "they're", "one", "up",
  "make", "more", "right", "back", "still", "never", "only", "even", "much", "very", "well", "here",
  "after", "over", "first", "every", "some", "any", "into", "being", "says", "said", "new", "if",
  "he", "we", "yeah", "lol", "always", "need", "let", "ever", "tell",
]);

// The words keyed by a hash of their char codes (checked to be collision-free below), so the fast
// path looks words up in place: no lower-cased copy, no word array, no per-call Set.
export const hashStep = (h: number, c: number): number => (Math.imul(h, 31) + c) | 0;
// The table is typed (open addressing, 1 + id per slot, 0 empty): a Map keyed by int32 hashes
// would box most of them (V8 small integers are 31-bit).
const ENGLISH_WORDS = [...ENGLISH];
const ENGLISH_MASK = 1023;
const ENGLISH_KEYS = new Int32Array(ENGLISH_MASK + 1);
const ENGLISH_IDS = new Int16Array(ENGLISH_MASK + 1);
let englishMaxLength = 0;
for (const [id, word] of ENGLISH_WORDS.entries()) {
  let h = 0;
  for (let i = 0; i < word.length; i++) h = hashStep(h, word.charCodeAt(i));
  let slot = (h ^ (h >>> 10)) & ENGLISH_MASK;
  while (ENGLISH_IDS[slot] !== 0) {
    if (ENGLISH_KEYS[slot] === h) throw new Error(`English word hash collision: ${word}`);
    slot = (slot + 1) & ENGLISH_MASK;
  }
  ENGLISH_KEYS[slot] = h;
  ENGLISH_IDS[slot] = id + 1;
  englishMaxLength = Math.max(englishMaxLength, word.length);
}

export const isAsciiLetter = (c: number): boolean => ((c | 32) >= 97 && (c | 32) <= 122);
export const isQuote = (c: number): boolean => c === 39 || c === 0x2018 || c === 0x2019;

/**
 * Index in ENGLISH of the code units u[start, end) lower-cased, quotes as "'", or -1; `hash` is
 * hashStep folded over those lower-cased units.
 */
export function englishWordId(u: Uint16Array, start: number, end: number, hash: number): number {
  if (end - start > englishMaxLength) return -1;
  let slot = (hash ^ (hash >>> 10)) & ENGLISH_MASK;
  let id = -1;
  for (;;) {
    const e = ENGLISH_IDS[slot]!;
    if (e === 0) return -1;
    if (ENGLISH_KEYS[slot] === hash) { id = e - 1; break; }
    slot = (slot + 1) & ENGLISH_MASK;
  }
  const word = ENGLISH_WORDS[id]!;
  if (word.length !== end - start) return -1;
  for (let i = start; i < end; i++) {
    const c = u[i]!;
    if ((isQuote(c) ? 39 : isAsciiLetter(c) ? c | 32 : c) !== word.charCodeAt(i - start)) return -1;
  }
  return id;
}

/**
 * The counts behind the fast path's verdict, accumulated over the words of one text: words are
 * runs of ASCII letters, optionally joined by one apostrophe (' ‘ ’) to a second run ("don't"),
 * as /[a-z]+(?:'[a-z]+)?/g finds them in the lower-cased text.
 */
export class EnglishCount {
  words = 0;
  hits = 0;
  firstHit = -1;
  distinct = false;

  reset(): void {
    this.words = 0; this.hits = 0; this.firstHit = -1; this.distinct = false;
  }

  /** Counts the word u[start, end) (its hash as in englishWordId). */
  add(u: Uint16Array, start: number, end: number, hash: number): void {
    this.words++;
    const id = englishWordId(u, start, end, hash);
    if (id < 0) return;
    this.hits++;
    if (this.firstHit < 0) this.firstHit = id;
    else if (id !== this.firstHit) this.distinct = true;
  }

  /** At least four words, two different function words among them, making up 15% of the words. */
  verdict(): boolean {
    return this.words >= 4 && this.distinct && this.hits / this.words >= 0.15;
  }
}
