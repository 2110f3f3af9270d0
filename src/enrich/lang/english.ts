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

export const isAsciiLetter = (c: number): boolean => ((c | 32) >= 97 && (c | 32) <= 122);
export const isQuote = (c: number): boolean => c === 39 || c === 0x2018 || c === 0x2019;

// The words keyed by their letters themselves, five bits a letter ("a".."z" 1..26, either case;
// an apostrophe 27), shifted into an int32 as a scan meets them: the key holds the last six
// letters exactly, so with the length it names a word of up to six letters with no check, and
// longer words are checked letter by letter. The scans build keys in place: no lower-cased copy,
// no word array, no per-call Set.
export const APOSTROPHE_CODE = 27;
/** The key of a word extended by one letter code (a letter's code unit & 31, or APOSTROPHE_CODE). */
export const keyStep = (key: number, code: number): number => (key << 5) | code;
const EXACT_LENGTH = 6;

// The table is typed, open addressing: a slot holds a key, its word's length (0: empty) and id.
const ENGLISH_WORDS = [...ENGLISH];
const ENGLISH_MASK = 1023;
const ENGLISH_KEYS = new Int32Array(ENGLISH_MASK + 1);
const ENGLISH_LENGTHS = new Uint8Array(ENGLISH_MASK + 1);
const ENGLISH_IDS = new Int16Array(ENGLISH_MASK + 1);
let englishMaxLength = 0;

const slotOf = (key: number, length: number): number => (Math.imul(key ^ (length << 27), 0x9e3779b1) >>> 22) & ENGLISH_MASK;
const codeOf = (c: number): number => (isQuote(c) ? APOSTROPHE_CODE : c & 31);

for (const [id, word] of ENGLISH_WORDS.entries()) {
  if (!/^[a-z]+(?:'[a-z]+)?$/u.test(word)) throw new Error(`not an English word of the scan: ${word}`);
  let key = 0;
  for (let i = 0; i < word.length; i++) key = keyStep(key, codeOf(word.charCodeAt(i)));
  let slot = slotOf(key, word.length);
  while (ENGLISH_LENGTHS[slot] !== 0) {
    // two long words sharing a key would hide one of them
    if (ENGLISH_LENGTHS[slot] === word.length && ENGLISH_KEYS[slot] === key) throw new Error(`English word key collision: ${word}`);
    slot = (slot + 1) & ENGLISH_MASK;
  }
  ENGLISH_KEYS[slot] = key;
  ENGLISH_LENGTHS[slot] = word.length;
  ENGLISH_IDS[slot] = id;
  englishMaxLength = Math.max(englishMaxLength, word.length);
}

/**
 * Index in ENGLISH of the word u[start, end) (ASCII letters, perhaps one apostrophe ' ‘ ’ inside),
 * case-insensitive, or -1; `key` is keyStep folded over its letter codes.
 */
export function englishWordId(u: Uint16Array, start: number, end: number, key: number): number {
  const length = end - start;
  if (length > englishMaxLength) return -1;
  let slot = slotOf(key, length);
  for (;;) {
    const l = ENGLISH_LENGTHS[slot]!;
    if (l === 0) return -1;
    if (l === length && ENGLISH_KEYS[slot] === key) break;
    slot = (slot + 1) & ENGLISH_MASK;
  }
  const id = ENGLISH_IDS[slot]!;
  if (length > EXACT_LENGTH) {
    // letters the key has lost: compare them all
    const word = ENGLISH_WORDS[id]!;
    for (let i = start; i < end; i++) if (codeOf(u[i]!) !== codeOf(word.charCodeAt(i - start))) return -1;
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

  /** Counts the word u[start, end) (its key as in englishWordId). */
  add(u: Uint16Array, start: number, end: number, key: number): void {
    this.words++;
    const id = englishWordId(u, start, end, key);
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
