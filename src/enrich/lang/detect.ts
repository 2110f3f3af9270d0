// The chosen detector: eld's "medium" n-gram database (60 languages, ISO 639-1 output). Measured
// against franc and eld "large" on short posts in compare.ts (figures in the lang module comment).
import { eldDetect } from "./eld-fast.ts";
import { cleaned, cleanIntoRanges, isLetterUnit, joinCleaned, letterWeight, letterWeightIn, MAX_DETECT_CHARS } from "./clean.ts";

/**
 * Minimum letter weight (letters, Han/Kana/Hangul counting three) before a guess is made. On the
 * VADER tweets (all English) eld is right on 50% of texts below 10 and 83% at 10–19.
 */
export const MIN_LETTERS = 10;

export interface Detection { lang: string | null; confidence: number }

/**
 * Detects the language of already-cleaned text. Returns null when there are too few letters or eld
 * itself calls its answer unreliable (too few n-grams, or the runner-up within 0.01): on short
 * posts an unreliable answer is wrong more often than right (60% wrong on the VADER tweets).
 *
 * Confidence: eld's top score (0..1, a normalised n-gram match) scaled down linearly below 30
 * letters, since short texts give inflated scores. A ranking aid, not a calibrated probability.
 */
export function detectCleaned(cleanedText: string): Detection {
  return detectWeighted(cleanedText, letterWeight(cleanedText));
}

function detectWeighted(cleaned: string, weight: number): Detection {
  if (weight < MIN_LETTERS) return { lang: null, confidence: 0 };
  // eld.detect's answers, computed faster (eld-fast.ts)
  const result = eldDetect(cleaned);
  if (!result.language || !result.reliable) return { lang: null, confidence: 0 };
  const confidence = Math.min(1, Math.max(0, result.score)) * Math.min(1, weight / 30);
  return { lang: result.language, confidence: Math.round(confidence * 1000) / 1000 };
}

/**
 * English function words that are rare as words in the other languages eld knows (no "was",
 * "will", "for", "her", "is", "in": German, Scandinavian and Dutch use those too).
 */
const ENGLISH = new Set([
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
const hashStep = (h: number, c: number): number => (Math.imul(h, 31) + c) | 0;
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

const isAsciiLetter = (c: number): boolean => ((c | 32) >= 97 && (c | 32) <= 122);
const isQuote = (c: number): boolean => c === 39 || c === 0x2018 || c === 0x2019;

/** Index in ENGLISH_WORDS of text[start, end) lower-cased, quotes as "'", or -1. */
function englishWordId(text: string, start: number, end: number, hash: number): number {
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
    const c = text.charCodeAt(i);
    if ((isQuote(c) ? 39 : isAsciiLetter(c) ? c | 32 : c) !== word.charCodeAt(i - start)) return -1;
  }
  return id;
}

/**
 * A fast path for the commonest case: plain-ASCII text where at least two different English
 * function words make up a fifth of the words is English without asking eld (eld costs ~9 µs a
 * post even through eld-fast.ts, ~36 µs as the package runs it). compare.ts measures that the path
 * never changes a right answer on the fixture and the VADER tweets.
 *
 * Words are runs of ASCII letters, optionally joined by one apostrophe (' ‘ ’) to a second run
 * ("don't"), as /[a-z]+(?:'[a-z]+)?/g finds them in the lower-cased text; one pass (which also
 * looks for letters beyond ASCII), no allocation.
 */
export function englishByFunctionWords(cleanedText: string): boolean {
  englishReset();
  if (!englishIn(cleanedText, 0, cleanedText.length)) return false;
  return englishVerdict();
}

// The check's counts, accumulated over the words of one text (the ranges of a cleaned text in
// place, or the cleaned string as one range: the same words either way, since a space ends a word
// and separates two ranges).
let words = 0;
let hits = 0;
let firstHit = -1;
let distinct = false;

function englishReset(): void {
  words = 0; hits = 0; firstHit = -1; distinct = false;
}

function englishVerdict(): boolean {
  return words >= 4 && distinct && hits / words >= 0.15;
}

/** Counts the words of s[from, to); false when it holds a letter beyond ASCII (not English here). */
function englishIn(s: string, from: number, to: number): boolean {
  let i = from;
  while (i < to) {
    const c = s.charCodeAt(i);
    if (!isAsciiLetter(c)) {
      // Any non-ASCII letter (accents, other scripts) goes to eld; typographic quotes and dashes
      // do not. (Every unit the word loops below do not take passes here.)
      if (c > 127 && isLetterUnit(c)) return false;
      i++;
      continue;
    }
    const start = i;
    let h = 0;
    while (i < to && isAsciiLetter(s.charCodeAt(i))) { h = hashStep(h, s.charCodeAt(i) | 32); i++; }
    if (i + 1 < to && isQuote(s.charCodeAt(i)) && isAsciiLetter(s.charCodeAt(i + 1))) {
      h = hashStep(h, 39);
      i++;
      while (i < to && isAsciiLetter(s.charCodeAt(i))) { h = hashStep(h, s.charCodeAt(i) | 32); i++; }
    }
    words++;
    const id = englishWordId(s, start, i, h);
    if (id >= 0) {
      hits++;
      if (firstHit < 0) firstHit = id;
      else if (id !== firstHit) distinct = true;
    }
  }
  return true;
}

export function detectLanguage(text: string): Detection {
  cleanIntoRanges(text);
  const { head, count, start, end } = cleaned;
  if (cleaned.length > MAX_DETECT_CHARS) {
    // cut mid-word: the string path
    const cut = joinCleaned();
    const w = letterWeight(cut);
    if (w >= MIN_LETTERS && englishByFunctionWords(cut)) return englishAnswer(w);
    return detectWeighted(cut, w);
  }
  let weight = 0;
  for (let r = 0; r < count; r++) weight += letterWeightIn(head, start[r]!, end[r]!);
  if (weight >= MIN_LETTERS) {
    englishReset();
    let ascii = true;
    for (let r = 0; r < count && ascii; r++) ascii = englishIn(head, start[r]!, end[r]!);
    if (ascii && englishVerdict()) return englishAnswer(weight);
  }
  return detectWeighted(joinCleaned(), weight);
}

function englishAnswer(weight: number): Detection {
  return { lang: "en", confidence: Math.round(0.9 * Math.min(1, weight / 30) * 1000) / 1000 };
}
