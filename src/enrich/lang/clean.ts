// Short-text cleaning shared by the detector and the comparison: what a language detector must not
// see (links, handles, hashtags, emoji, digits) goes before detection, and the letters left decide
// whether a guess is worth making at all.

// One pass: links, @handles (X, Bluesky domain, Mastodon user@host), #hashtags, and anything that
// is neither a letter, a combining mark nor in-word punctuation (emoji, symbols, digits and
// punctuation carry no language signal for n-gram detectors) all become spaces.
const STRIP_RE = /\b(?:https?:\/\/|www\.)\S+|(?<![\p{L}\p{N}_])[@#][\p{L}\p{M}\p{N}_.@-]+|[^\p{L}\p{M}'’\s-]+/giu;
const SPACES_RE = /\s+/gu;
/** Text cut to at most this many characters before detection: a post's language shows early. */
export const MAX_DETECT_CHARS = 1000;

export function cleanForDetection(text: string): string {
  const head = text.length > MAX_DETECT_CHARS * 4 ? text.slice(0, MAX_DETECT_CHARS * 4) : text;
  const cleaned = head.replace(STRIP_RE, " ").replace(SPACES_RE, " ").trim();
  return cleaned.length > MAX_DETECT_CHARS ? cleaned.slice(0, MAX_DETECT_CHARS) : cleaned;
}

/**
 * Letters in the cleaned text, with each Han/Kana/Hangul character counted as three letters (one
 * such character holds about as much as a short alphabetic word's worth of trigrams).
 */
export function letterWeight(cleaned: string): number {
  // The cleaned text holds only letters, marks, spaces, apostrophes and hyphens: count by code
  // unit (a character outside the BMP counts twice; marks count as letters: both rare, both harmless).
  let weight = 0;
  for (let i = 0; i < cleaned.length; i++) {
    const c = cleaned.charCodeAt(i);
    if (c === 32 || c === 39 || c === 45 || c === 0x2019 || c === 9 || c === 10 || c === 13) continue;
    const dense = (c >= 0x3040 && c <= 0x30ff) || (c >= 0x3400 && c <= 0x4dbf) || (c >= 0x4e00 && c <= 0x9fff) ||
      (c >= 0xac00 && c <= 0xd7af) || (c >= 0x1100 && c <= 0x11ff) || (c >= 0xf900 && c <= 0xfaff);
    weight += dense ? 3 : 1;
  }
  return weight;
}
