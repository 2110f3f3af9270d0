// Short-text cleaning shared by the detector and the comparison: what a language detector must not
// see (links, handles, hashtags, emoji, digits) goes before detection, and the letters left decide
// whether a guess is worth making at all.

const URL_RE = /\b(?:https?:\/\/|www\.)\S+/giu;
// @user, @user.bsky.social, @user@mastodon.social
const MENTION_RE = /(?<![\p{L}\p{N}_])@[\p{L}\p{N}_.-]+(?:@[\p{L}\p{N}_.-]+)?/gu;
const HASHTAG_RE = /(?<![\p{L}\p{N}_&])#[\p{L}\p{M}\p{N}_]+/gu;
// Anything that is neither a letter, a combining mark nor in-word punctuation becomes a space:
// emoji, symbols, digits and punctuation carry no language signal for trigram detectors.
const NON_LETTER_RE = /[^\p{L}\p{M}'’\s-]+/gu;
const SPACES_RE = /\s+/gu;
const LETTER_RE = /\p{L}/gu;
// Scripts whose single characters carry a word's worth of signal (Han, Kana, Hangul).
const DENSE_RE = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/gu;

/** Text cut to at most this many characters before detection: a post's language shows early. */
export const MAX_DETECT_CHARS = 1000;

export function cleanForDetection(text: string): string {
  const head = text.length > MAX_DETECT_CHARS * 4 ? text.slice(0, MAX_DETECT_CHARS * 4) : text;
  const cleaned = head
    .replace(URL_RE, " ")
    .replace(MENTION_RE, " ")
    .replace(HASHTAG_RE, " ")
    .replace(NON_LETTER_RE, " ")
    .replace(SPACES_RE, " ")
    .trim();
  return cleaned.length > MAX_DETECT_CHARS ? cleaned.slice(0, MAX_DETECT_CHARS) : cleaned;
}

/**
 * Letters in the cleaned text, with each Han/Kana/Hangul character counted as three letters (one
 * such character holds about as much as a short alphabetic word's worth of trigrams).
 */
export function letterWeight(cleaned: string): number {
  const letters = cleaned.match(LETTER_RE)?.length ?? 0;
  const dense = cleaned.match(DENSE_RE)?.length ?? 0;
  return letters + 2 * dense;
}
