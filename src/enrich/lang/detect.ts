// The chosen detector: eld's "medium" n-gram database (60 languages, ISO 639-1 output). Measured
// against franc and eld "large" on short posts in compare.ts (figures in the lang module comment).
import { eldDetect, eldDetectWords, type EldAnswer } from "./eld-fast.ts";
import { cleaned, cleanIntoRanges, isLetterUnit, joinCleaned, letterWeight, MAX_DETECT_CHARS } from "./clean.ts";
import { APOSTROPHE_CODE, EnglishCount, isAsciiLetter, isQuote, keyStep } from "./english.ts";
import { CodeUnits } from "../units.ts";

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
  return fromEld(eldDetect(cleaned), weight);
}

function fromEld(result: EldAnswer, weight: number): Detection {
  if (!result.language || !result.reliable) return { lang: null, confidence: 0 };
  const confidence = Math.min(1, Math.max(0, result.score)) * Math.min(1, weight / 30);
  return { lang: result.language, confidence: Math.round(confidence * 1000) / 1000 };
}

/**
 * A fast path for the commonest case: plain-ASCII text where at least two different English
 * function words make up a fifth of the words is English without asking eld (eld costs a few µs
 * a post even through eld-fast.ts, ~36 µs as the package runs it). compare.ts measures that the path
 * never changes a right answer on the fixture and the VADER tweets.
 *
 * Words are runs of ASCII letters, optionally joined by one apostrophe (' ‘ ’) to a second run
 * ("don't"), as /[a-z]+(?:'[a-z]+)?/g finds them in the lower-cased text; one pass (which also
 * looks for letters beyond ASCII), no allocation. (detectLanguage gets the same counts from the
 * cleaning pass itself, clean.ts; this is the string path.)
 */
export function englishByFunctionWords(cleanedText: string): boolean {
  const count = stringCount;
  count.reset();
  if (!englishIn(count, stringUnits.load(cleanedText), 0, cleanedText.length)) return false;
  return count.verdict();
}

const stringCount = new EnglishCount();
const stringUnits = new CodeUnits();

/** Counts the words of u[from, to); false when they hold a letter beyond ASCII (not English here). */
function englishIn(count: EnglishCount, u: Uint16Array, from: number, to: number): boolean {
  let i = from;
  while (i < to) {
    const c = u[i]!;
    if (!isAsciiLetter(c)) {
      // Any non-ASCII letter (accents, other scripts) goes to eld; typographic quotes and dashes
      // do not. (Every unit the word loops below do not take passes here.)
      if (c > 127 && isLetterUnit(c)) return false;
      i++;
      continue;
    }
    const start = i;
    let h = 0;
    while (i < to && isAsciiLetter(u[i]!)) { h = keyStep(h, u[i]! & 31); i++; }
    if (i + 1 < to && isQuote(u[i]!) && isAsciiLetter(u[i + 1]!)) {
      h = keyStep(h, APOSTROPHE_CODE);
      i++;
      while (i < to && isAsciiLetter(u[i]!)) { h = keyStep(h, u[i]! & 31); i++; }
    }
    count.add(u, start, i, h);
  }
  return true;
}

export function detectLanguage(text: string): Detection {
  cleanIntoRanges(text);
  if (cleaned.length > MAX_DETECT_CHARS) {
    // cut mid-word: the string path
    const cut = joinCleaned();
    const w = letterWeight(cut);
    if (w >= MIN_LETTERS && englishByFunctionWords(cut)) return englishAnswer(w);
    return detectWeighted(cut, w);
  }
  // the cleaning pass counted the letters and the English words (clean.ts)
  const weight = cleaned.weight;
  if (weight < MIN_LETTERS) return { lang: null, confidence: 0 };
  if (!cleaned.nonAscii && cleaned.english.verdict()) return englishAnswer(weight);
  // eld on the words in place, or on their string when that path cannot take them
  return fromEld(eldDetectWords(cleaned.units, cleaned.start, cleaned.end, cleaned.count) ?? eldDetect(joinCleaned()), weight);
}

function englishAnswer(weight: number): Detection {
  return { lang: "en", confidence: Math.round(0.9 * Math.min(1, weight / 30) * 1000) / 1000 };
}
