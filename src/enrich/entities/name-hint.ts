import { LETTER, MARK, NUMBER, classOf, codePointAt } from "./chars.ts";

// A quick test that lets most posts skip the scan of people.ts: false only when the text surely
// holds no name.
//
// A name needs two capitalised words with nothing between them but what a run passes over.
// MAY_NAME_RE asks for that, reading the text as the scan does but more loosely, so that it never
// misses a name:
//   a capitalised word: an upper-case letter at a word start, more upper-case ones, a lower-case
//   one, then the rest of the word ([A-Za-z'’.-] up to a link);
//   then any number of: characters other than letters (sentence ends included); "@" or "#" after
//   [A-Za-z0-9_], which no handle starts; a handle or hashtag that STRIP_RE strips (all of it, as
//   the scan skips it); a link (idem); a particle; an upper-case letter and a dot (an initial);
//   then an upper-case letter or more and a lower-case one: the start of the next capitalised word.
// It ignores COMMON, possessives, sentence ends and the Title-Case rule (each only drops names).
// Each step has one way to match at a given character (the "(?=(x))\N" groups take x whole, as a
// possessive x would), so the test stays linear however long or odd the text.
//
// That reading holds for ASCII text, and for text whose other characters are no letter, mark or
// digit (\p{L}, \p{M}, \p{N}: what words, handles and the handle look-behind are made of beyond
// ASCII); of those others only "’" can sit inside a word, and the rest of a word takes it. A text
// with a letter, mark or digit beyond ASCII is always scanned.
/** The particles of people.ts (here, as the hint reads them too): lower-case ASCII words. */
export const PARTICLE_WORDS = ["de", "da", "das", "do", "dos", "del", "della", "di", "du", "van", "von", "der", "den",
  "ter", "la", "le", "bin", "binti", "ibn", "al", "el", "y"];
if (!PARTICLE_WORDS.every((w) => /^[a-z]+$/.test(w))) throw new Error("particles must be lower-case ASCII words");

const LINK_START = String.raw`https?:\/\/\S|www\.\S`;
const PARTICLE_WORD = String.raw`(?<![A-Za-z])(?:${PARTICLE_WORDS.join("|")})(?:(?![A-Za-z])|(?=${LINK_START}))`;
const MAY_NAME_RE = new RegExp(
  String.raw`(?<![A-Za-z])[A-Z]+[a-z](?=((?:(?!${LINK_START})[A-Za-z'’.-])*))\1` +
  String.raw`(?:[^A-Za-z@#]|(?<=[A-Za-z0-9_])[@#]|(?<![A-Za-z0-9_])(?=([@#][A-Za-z0-9_.@-]*))\2` +
  String.raw`|(?=((?:https?:\/\/|www\.)\S+))\3|${PARTICLE_WORD}|[A-Z]\.)*` +
  String.raw`[A-Z]+[a-z]`,
);

const BEYOND_ASCII_RE = /[^\x00-\x7f]/g;
const WORDISH = LETTER | MARK | NUMBER;

/** Whether s holds a letter, mark or digit beyond ASCII (found by the regex, classed by chars.ts). */
function hasWordishBeyondAscii(s: string): boolean {
  const re = BEYOND_ASCII_RE;
  re.lastIndex = 0;
  while (re.test(s)) {
    const cp = codePointAt(s, re.lastIndex - 1);
    if ((classOf(cp) & WORDISH) !== 0) return true;
    if (cp > 0xffff) re.lastIndex++;
  }
  return false;
}

/** False only when the text surely holds no name (see above). */
export function mayHoldName(s: string): boolean {
  return hasWordishBeyondAscii(s) || MAY_NAME_RE.test(s);
}
