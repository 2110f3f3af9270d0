// Person names mentioned in a post, by a deliberately simple rule (no model, no gazetteer):
//
// 1. Links, @handles and #hashtags are removed; the text is split into sentences (. ! ? … and
//    line breaks) and words.
// 2. A name is a run of two to five capitalised words ("Chrissy Teigen", "Martin Luther King"):
//    a capitalised word starts with an upper-case letter and has a lower-case letter after it
//    (so "RIP", "OMG" and "I" are not), may carry an apostrophe or hyphen ("O'Brien",
//    "Jean-Luc"), and a trailing possessive "'s" is dropped. Particles ("de", "van", "bin", …)
//    and single initials ("John F. Kennedy") may sit inside a run, never at its ends.
// 3. Common words (function words, greetings, titles, days, months, interjections; COMMON below)
//    end a run, so "Thank You Chrissy Teigen" gives "Chrissy Teigen" and "Mr. Barack Obama" gives
//    "Barack Obama".
// 4. Sentences in Title Case (more than 75% of their words capitalised, at least four words)
//    are skipped: headlines and shouty posts would otherwise read as names.
// 5. Single capitalised words are never names (sentence-initial words, places, brands): we miss
//    "Chrissy" alone, on purpose.
// Known limits: names in scripts without case (Arabic, Hebrew, CJK) are not found; all-lower-case
// names ("john legend") are missed; two-word brands or places ("New York", "White House") that
// are not in COMMON come out as names.
//
// The rule was first written with regexes (reference.ts keeps that version; the tests compare the
// two). Run on every post, those regexes (a replace, a split with a look-behind, a match, and
// per-word tests, all over Unicode property classes) cost several µs a post, so one hand-written
// pass now reads the text as they did, without building the stripped text, the sentences or the
// words (a word is two indices until it may be part of a name):
//   STRIP_RE    /(?:https?:\/\/|www\.)\S+|(?<![\p{L}\p{N}_])[@#][\p{L}\p{M}\p{N}_.@-]+/gu, each
//               match replaced by " " (stripEnd: the scanner reads a match as one space)
//   SENTENCE_RE /(?<!(?:^|[\s(])(?:\p{Lu}|Mr|Mrs|Ms|Dr|St|Jr|Sr|Prof))[.!?…]+(?=\s|$)|[!?…]+|[\n\r]+|\s[-–—|•]\s/u,
//               split on (stopEnd, afterStop, dashBetweenSpaces; a dot after an initial or a title,
//               as in "John F. Kennedy" or "Mr. Obama", does not end a sentence)
//   WORD_RE     /[\p{L}\p{M}][\p{L}\p{M}'’.-]*/gu, then trailing [.’'-]+ dropped unless exactly "."
//   CAPITALISED_RE /^\p{Lu}[\p{L}\p{M}]*\p{Ll}[\p{L}\p{M}'’-]*$/u (isNameWord; the regex itself
//               for words beyond ASCII), INITIAL_RE /^\p{Lu}\.$/u, POSSESSIVE_RE /['’]s?$/u.
// Unicode classes come from chars.ts (filled from the same property regexes).
import { LETTER, MARK, NUMBER, SPACE, UPPER, classOf, codePointAt, codePointBefore } from "./chars.ts";
import { AsciiWords } from "./ascii-words.ts";
import { PARTICLE_WORDS, mayHoldName } from "./name-hint.ts";
import { UniqueList } from "./unique.ts";

/** Capitalised words that are not names (the regex reference in reference.ts reads them too). */
export const COMMON = new Set(`a about above after again against all also am an and any are as at be because been before
being below between both but by can could did do does doing down during each few for from further had has have having
he her here hers herself him himself his how i if in into is it its itself just me more most my myself no nor not now
of off on once only or other our ours ourselves out over own same she should so some such than that the their theirs
them themselves then there these they this those through to too under until up very was we were what when where which
while who whom why will with would you your yours yourself yourselves let lets yes yeah yep nope ok okay oh ohh ah hey
hi hello dear thanks thank thankyou please sorry congrats congratulations happy merry rip omg lol lmao wow love loving
sending praying prayers thoughts thinking stay strong god lord jesus christ allah amen bless blessed heaven rest peace
hope today tonight tomorrow yesterday everyone everybody anyone someone people folks guys ladies gentlemen friends family
monday tuesday wednesday thursday friday saturday sunday january february march april may june july august september
october november december breaking news update live watch read video photo photos new old big great good best my
mr mrs ms miss dr prof sir madam lady lord st saint president senator rep governor mayor
twitter instagram facebook tiktok youtube bluesky mastodon threads internet covid`.split(/\s+/u));
// (Titles are in COMMON, so a run never starts with one: the regex version's "drop titles from the
// start of a run" step never fired and is gone.)

const PARTICLES = new AsciiWords(PARTICLE_WORDS, false);
/** COMMON for ranges of the text (plain ASCII words, in any case) */
const COMMON_ASCII = new AsciiWords(COMMON, true);

const CAPITALISED_RE = /^\p{Lu}[\p{L}\p{M}]*\p{Ll}[\p{L}\p{M}'’-]*$/u;

const MAX_RUN = 5;
/** Text beyond this is not scanned for names: a name worth indexing appears early. */
const MAX_CHARS = 20_000;

export function findPeople(text: string): string[] {
  const head = text.length > MAX_CHARS ? text.slice(0, MAX_CHARS) : text;
  // most posts hold no two capitalised words close enough for a name: a regex tells (name-hint.ts)
  return mayHoldName(head) ? namesIn(head) : [];
}

/** findPeople without the precheck (for the tests that check the precheck never loses a name). */
export function findPeopleUnchecked(text: string): string[] {
  return namesIn(text.length > MAX_CHARS ? text.slice(0, MAX_CHARS) : text);
}

function namesIn(head: string): string[] {
  const names = scanPeople(head);
  return names.length && !hasCapitalOrBeyondAscii(head) ? [] : names;
}

/**
 * MAY_CAPITAL_RE /[A-Z\u0080-\uffff]/u.test(s): the regex version skipped texts without such a
 * code point, and kept doing so for the outputs to stay the same. With the u flag the class holds no
 * astral code point, so a text whose only capitals are astral ("𝐀bc 𝐀bc", mathematical letters)
 * gives no name. (Asked only once names were found: rare, and the answer then is nearly always yes.)
 */
function hasCapitalOrBeyondAscii(s: string): boolean {
  const n = s.length;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c < 128) {
      if (isAsciiUpper(c)) return true;
    } else if (c >= 0xd800 && c <= 0xdbff && i + 1 < n && s.charCodeAt(i + 1) >= 0xdc00 && s.charCodeAt(i + 1) <= 0xdfff) {
      i++; // an astral code point: outside the class
    } else {
      return true; // a BMP code point, a lone surrogate included
    }
  }
  return false;
}


// ---------------------------------------------------------------------------------------------
// Characters

const isAsciiUpper = (c: number): boolean => c >= 65 && c <= 90;
const isAsciiLower = (c: number): boolean => c >= 97 && c <= 122;
const isAsciiLetter = (c: number): boolean => isAsciiUpper(c) || isAsciiLower(c);
const isAsciiDigit = (c: number): boolean => c >= 48 && c <= 57;
/** \s for one UTF-16 unit (every \s character is in the BMP, and no surrogate is one). */
const isSpaceUnit = (c: number): boolean =>
  c < 128 ? c === 32 || (c >= 9 && c <= 13) : (classOf(c) & SPACE) !== 0;
/** [.!?…] */
const isStop = (c: number): boolean => c === 46 || c === 33 || c === 63 || c === 0x2026;
/** [!?…] */
const isBang = (c: number): boolean => c === 33 || c === 63 || c === 0x2026;
const isUpperAt = (s: string, i: number): boolean => {
  const c = s.charCodeAt(i);
  return c < 128 ? isAsciiUpper(c) : (classOf(codePointAt(s, i)) & UPPER) !== 0;
};

// ---------------------------------------------------------------------------------------------
// STRIP_RE: where a link or a handle starts, the end of what it replaces by one space

/** STRIP_RE's link branch at i: "http://", "https://" or "www.", then \S+; its end, or -1. */
function linkEnd(s: string, i: number): number {
  let j: number;
  if (s.charCodeAt(i) === 119) {
    if (s.charCodeAt(i + 1) !== 119 || s.charCodeAt(i + 2) !== 119 || s.charCodeAt(i + 3) !== 46) return -1;
    j = i + 4;
  } else {
    if (s.charCodeAt(i) !== 104 || s.charCodeAt(i + 1) !== 116 || s.charCodeAt(i + 2) !== 116 || s.charCodeAt(i + 3) !== 112) return -1;
    j = i + 4;
    if (s.charCodeAt(j) === 115) j++;
    if (s.charCodeAt(j) !== 58 || s.charCodeAt(j + 1) !== 47 || s.charCodeAt(j + 2) !== 47) return -1;
    j += 3;
  }
  const start = j;
  while (j < s.length && !isSpaceUnit(s.charCodeAt(j))) j++;
  return j > start ? j : -1;
}

/** STRIP_RE's handle branch at i: "@" or "#" not after [\p{L}\p{N}_], then [\p{L}\p{M}\p{N}_.@-]+; its end, or -1. */
function handleEnd(s: string, i: number): number {
  const p = codePointBefore(s, i);
  if (p >= 0 && (p < 128 ? isAsciiLetter(p) || isAsciiDigit(p) || p === 95 : (classOf(p) & (LETTER | NUMBER)) !== 0)) return -1;
  const n = s.length;
  let j = i + 1;
  while (j < n) {
    const d = s.charCodeAt(j);
    if (d < 128) {
      if (!(isAsciiLetter(d) || isAsciiDigit(d) || d === 95 || d === 46 || d === 64 || d === 45)) break;
      j++;
    } else {
      const cp = codePointAt(s, j);
      if ((classOf(cp) & (LETTER | MARK | NUMBER)) === 0) break;
      j += cp > 0xffff ? 2 : 1;
    }
  }
  return j > i + 1 ? j : -1;
}

/** The end of the STRIP_RE match at i, or -1 when none starts there. */
function stripEnd(s: string, i: number): number {
  const c = s.charCodeAt(i);
  if (c === 104 || c === 119) return linkEnd(s, i);
  if (c === 64 || c === 35) return handleEnd(s, i);
  return -1;
}

/**
 * Where the \s that SENTENCE_RE sees at i of the stripped text ends: after a whitespace unit, or
 * after a whole STRIP_RE match (replaced by " "); -1 when there is none at i (or i is the end).
 */
function spaceEnd(s: string, i: number): number {
  if (i >= s.length) return -1;
  return isSpaceUnit(s.charCodeAt(i)) ? i + 1 : stripEnd(s, i);
}

// ---------------------------------------------------------------------------------------------
// SENTENCE_RE

const STOP_TITLES = ["Mr", "Mrs", "Ms", "Dr", "St", "Jr", "Sr", "Prof"];

/** (?:^|[\s(]) just before k */
const opensBefore = (s: string, k: number): boolean => k === 0 || s.charCodeAt(k - 1) === 40 || isSpaceUnit(s.charCodeAt(k - 1));

/**
 * SENTENCE_RE's look-behind at q: the text before q ends with an upper-case letter or a title
 * that starts the text or follows whitespace or "(". (Read on the text itself: a stripped link or
 * handle never ends just before a letter, so none of these characters could have been replaced.)
 */
function afterInitialOrTitle(s: string, q: number): boolean {
  const p = codePointBefore(s, q);
  if (p < 0) return false;
  if ((p < 128 ? isAsciiUpper(p) : (classOf(p) & UPPER) !== 0) && opensBefore(s, q - (p > 0xffff ? 2 : 1))) return true;
  if (p === 114 || p === 115 || p === 116 || p === 102) { // r s t f: how the titles end
    for (const title of STOP_TITLES) {
      const k = q - title.length;
      if (k >= 0 && s.startsWith(title, k) && opensBefore(s, k)) return true;
    }
  }
  return false;
}

/**
 * SENTENCE_RE's first branch at q (s[q] in [.!?…]): the end of the [.!?…]+ run when whitespace, a
 * stripped link or handle, or the end of the text follows it, and no initial or title precedes q;
 * else -1.
 */
function stopEnd(s: string, q: number): number {
  if (q < stopRunFailsUntil) return -1; // inside a run already found to fail: "a.....b" stays linear
  const n = s.length;
  let r = q + 1;
  while (r < n && isStop(s.charCodeAt(r))) r++;
  if (r < n && spaceEnd(s, r) < 0) {
    stopRunFailsUntil = r;
    return -1;
  }
  return afterInitialOrTitle(s, q) ? -1 : r;
}
/** stopEnd answers -1 for every q below this (reset for each text). */
let stopRunFailsUntil = 0;

// ---------------------------------------------------------------------------------------------
// The scan. State of the text being scanned: the words of the current sentence and the current
// run of a name, as UTF-16 ranges of the text (grown when full; one scan at a time).

let wordStarts = new Int32Array(64);
let wordEnds = new Int32Array(64); // after dropping the trailing [.’'-]+ (unless exactly ".")
let wordUpper = new Uint8Array(64); // 1: the word starts with an upper-case letter
let wordCount = 0;
let upperCount = 0; // words of the sentence that start with an upper-case letter

let runStarts = new Int32Array(8);
let runEnds = new Int32Array(8);
let runIsName = new Uint8Array(8); // a name word (else a particle or an initial)
let runLength = 0;

let found: UniqueList | null = null;

// What an ASCII character does in the scan, looked up once instead of a chain of comparisons.
const OTHER = 0, LOWER_LETTER = 1, UPPER_LETTER = 2, MAY_LINK = 3, MAY_HANDLE = 4, LINE_BREAK = 5, STOP = 6, DASH = 7;
const ASCII_ROLE = new Uint8Array(128).fill(OTHER);
for (let c = 97; c <= 122; c++) ASCII_ROLE[c] = LOWER_LETTER;
for (let c = 65; c <= 90; c++) ASCII_ROLE[c] = UPPER_LETTER;
ASCII_ROLE[104] = ASCII_ROLE[119] = MAY_LINK; // h w
ASCII_ROLE[64] = ASCII_ROLE[35] = MAY_HANDLE; // @ #
ASCII_ROLE[10] = ASCII_ROLE[13] = LINE_BREAK;
ASCII_ROLE[46] = ASCII_ROLE[33] = ASCII_ROLE[63] = STOP; // . ! ?
ASCII_ROLE[45] = ASCII_ROLE[124] = DASH; // - |
// ... and inside a word (WORD_RE's [\p{L}\p{M}'’.-]): a letter, a letter that may start a link, ' or -, a dot
// (beyond ASCII: ’, letters and marks)
const W_END = 0, W_LETTER = 1, W_MAY_LINK = 2, W_JOINER = 3, W_DOT = 4;
const ASCII_IN_WORD = new Uint8Array(128);
for (let c = 97; c <= 122; c++) ASCII_IN_WORD[c] = W_LETTER;
for (let c = 65; c <= 90; c++) ASCII_IN_WORD[c] = W_LETTER;
ASCII_IN_WORD[104] = ASCII_IN_WORD[119] = W_MAY_LINK;
ASCII_IN_WORD[39] = ASCII_IN_WORD[45] = W_JOINER;
ASCII_IN_WORD[46] = W_DOT;

function scanPeople(s: string): string[] {
  stopRunFailsUntil = 0;
  wordCount = 0;
  upperCount = 0;
  runLength = 0;
  found = null;
  const n = s.length;
  let stripEndedAt = -1; // where the last stripped link or handle ended (a \s before a dash)
  let i = 0;
  while (i < n) {
    const c = s.charCodeAt(i);
    if (c < 128) {
      switch (ASCII_ROLE[c]) {
        case LOWER_LETTER:
          i = scanWord(s, i, 1, false);
          break;
        case UPPER_LETTER:
          i = scanWord(s, i, 1, true);
          break;
        case MAY_LINK: {
          const end = linkEnd(s, i);
          i = end >= 0 ? (stripEndedAt = end) : scanWord(s, i, 1, false);
          break;
        }
        case MAY_HANDLE: {
          const end = handleEnd(s, i);
          i = end >= 0 ? (stripEndedAt = end) : i + 1;
          break;
        }
        case LINE_BREAK: // [\n\r]+ (one break each: the sentences between them are empty)
          endSentence(s);
          i++;
          break;
        case STOP:
          i = afterStop(s, i);
          break;
        case DASH:
          if (dashBetweenSpaces(s, i, stripEndedAt)) endSentence(s);
          i++;
          break;
        default:
          i++;
      }
    } else if (c === 0x2026) {
      i = afterStop(s, i);
    } else if (c === 0x2013 || c === 0x2014 || c === 0x2022) {
      if (dashBetweenSpaces(s, i, stripEndedAt)) endSentence(s);
      i++;
    } else {
      const cp = codePointAt(s, i);
      const units = cp > 0xffff ? 2 : 1;
      const cls = classOf(cp);
      i = (cls & (LETTER | MARK)) !== 0 ? scanWord(s, i, units, (cls & UPPER) !== 0) : i + units;
    }
  }
  endSentence(s);
  const names = found as UniqueList | null;
  found = null;
  return names ? names.values : [];
}

/**
 * SENTENCE_RE's \s[-–—|•]\s branch, found from the dash at i: whitespace or a stripped link or
 * handle on both sides. (The regex would not try it when the \s before was taken by the break just
 * before, "\n- " or " - - ": an extra break there, with no word in between, changes nothing.)
 */
function dashBetweenSpaces(s: string, i: number, stripEndedAt: number): boolean {
  return (stripEndedAt === i || (i > 0 && isSpaceUnit(s.charCodeAt(i - 1)))) && spaceEnd(s, i + 1) >= 0;
}

/** At one of [.!?…]: SENTENCE_RE's first branch, else its [!?…]+ one; where to go on. */
function afterStop(s: string, q: number): number {
  const end = stopEnd(s, q);
  if (end >= 0) {
    endSentence(s);
    return end;
  }
  if (!isBang(s.charCodeAt(q))) return q + 1; // a dot that ends nothing
  let r = q + 1;
  while (r < s.length && isBang(s.charCodeAt(r))) r++;
  endSentence(s);
  return r;
}

/**
 * A word of WORD_RE from i (a letter or mark of `units` units, upper-case or not), up to a
 * character beyond the class, a link (stripped) or a sentence-ending dot; records it, returns its end.
 */
function scanWord(s: string, i: number, units: number, upper: boolean): number {
  const n = s.length;
  let j = i + units;
  let tail = j; // where the trailing run of [.’'-] starts (the first unit is a letter or mark: it stays)
  while (j < n) {
    const d = s.charCodeAt(j);
    if (d < 128) {
      const role = ASCII_IN_WORD[d];
      if (role === W_LETTER) {
        tail = ++j;
        continue;
      }
      if (role === W_END) break;
      if (role === W_MAY_LINK) {
        if (linkEnd(s, j) >= 0) break;
        tail = ++j;
        continue;
      }
      if (role === W_DOT && stopEnd(s, j) >= 0) break;
      j++; // W_JOINER, W_DOT
    } else if (d === 0x2019) {
      j++;
    } else {
      const cp = codePointAt(s, j);
      if ((classOf(cp) & (LETTER | MARK)) === 0) break;
      tail = j += cp > 0xffff ? 2 : 1;
    }
  }
  // the trailing [.’'-]+ goes unless it is exactly "."
  addWord(i, j - tail === 1 && s.charCodeAt(tail) === 46 ? j : tail, upper);
  return j;
}

function addWord(start: number, end: number, upper: boolean): void {
  if (wordCount === wordStarts.length) {
    wordStarts = grown(wordStarts);
    wordEnds = grown(wordEnds);
    wordUpper = grown(wordUpper);
  }
  wordStarts[wordCount] = start;
  wordEnds[wordCount] = end;
  wordUpper[wordCount] = upper ? 1 : 0;
  wordCount++;
  if (upper) upperCount++;
}

function grown<T extends Int32Array | Uint8Array>(a: T): T {
  const b = new (a.constructor as new (n: number) => T)(a.length * 2);
  b.set(a);
  return b;
}

/** The words of a sentence, read for names. */
function endSentence(s: string): void {
  const count = wordCount;
  const upper = upperCount;
  wordCount = 0;
  upperCount = 0;
  // Every name word starts upper-case: fewer than two, no name. Title Case: skipped.
  if (upper < 2 || (count >= 4 && upper / count > 0.75)) return;
  for (let k = 0; k < count; k++) {
    const startsUpper = wordUpper[k] === 1;
    // only an upper-case word can be a name word or an initial; any other word matters only
    // inside a run (a particle, or the end of the run)
    if (!startsUpper && runLength === 0) continue;
    const start = wordStarts[k]!;
    const raw = wordEnds[k]!;
    // a final "." goes, unless the word is two units long ("F.")
    const end = s.charCodeAt(raw - 1) === 46 && raw - start !== 2 ? raw - 1 : raw;
    if (!startsUpper) {
      if (PARTICLES.has(s, start, end)) pushRun(start, end, 0);
      else flushRun(s);
      continue;
    }
    // a possessive (POSSESSIVE_RE /['’]s?$/u on words of three units or more) goes
    let bare = end;
    if (end - start > 2) {
      const last = s.charCodeAt(end - 1);
      if (last === 39 || last === 0x2019) bare = end - 1;
      else if (last === 115 && (s.charCodeAt(end - 2) === 39 || s.charCodeAt(end - 2) === 0x2019)) bare = end - 2;
    }
    if (isNameWord(s, start, bare)) {
      pushRun(start, bare, 1);
      if (bare !== end) flushRun(s);
    } else if (runLength > 0 && isInitial(s, start, end)) {
      pushRun(start, end, 0);
    } else {
      flushRun(s);
    }
  }
  flushRun(s);
}

function pushRun(start: number, end: number, isName: number): void {
  if (runLength === runStarts.length) {
    runStarts = grown(runStarts);
    runEnds = grown(runEnds);
    runIsName = grown(runIsName);
  }
  runStarts[runLength] = start;
  runEnds[runLength] = end;
  runIsName[runLength] = isName;
  runLength++;
}

/** Ends the run: particles and initials at its end go; two to five words, two of them names, make a name. */
function flushRun(s: string): void {
  let length = runLength;
  if (length === 0) return;
  runLength = 0;
  while (length > 0 && runIsName[length - 1] === 0) length--;
  if (length < 2 || length > MAX_RUN) return;
  let names = 0;
  for (let k = 0; k < length; k++) names += runIsName[k]!;
  if (names < 2) return;
  let name = s.slice(runStarts[0]!, runEnds[0]!);
  for (let k = 1; k < length; k++) name += " " + s.slice(runStarts[k]!, runEnds[k]!);
  (found ??= new UniqueList()).add(name, name.toLowerCase());
}

// ---------------------------------------------------------------------------------------------
// Words

/** CAPITALISED_RE and not in COMMON, for s[start, end); plain ASCII words answered in place. */
function isNameWord(s: string, start: number, end: number): boolean {
  const c = s.charCodeAt(start);
  if (c >= 128) return (classOf(codePointAt(s, start)) & UPPER) !== 0 && isNameWordSlow(s.slice(start, end));
  if (!isAsciiUpper(c)) return false;
  // ^\p{Lu} [\p{L}\p{M}]* \p{Ll} [\p{L}\p{M}'’-]* $ over ASCII letters, ' and -
  let i = start + 1;
  for (;; i++) {
    if (i >= end) return false; // no lower-case letter
    const d = s.charCodeAt(i);
    if (d >= 128) return isNameWordSlow(s.slice(start, end));
    if (isAsciiLower(d)) break;
    if (!isAsciiUpper(d)) return false; // punctuation before the first lower-case letter
  }
  for (i++; i < end; i++) {
    const d = s.charCodeAt(i);
    if (d >= 128) return isNameWordSlow(s.slice(start, end));
    if (!(isAsciiLetter(d) || d === 39 || d === 45)) return false;
  }
  return !COMMON_ASCII.has(s, start, end);
}

function isNameWordSlow(word: string): boolean {
  return CAPITALISED_RE.test(word) && !COMMON.has(word.toLowerCase());
}

/** INITIAL_RE /^\p{Lu}\.$/u for s[start, end). */
function isInitial(s: string, start: number, end: number): boolean {
  if (s.charCodeAt(end - 1) !== 46) return false;
  if (end - start === 2) return isUpperAt(s, start); // (a high surrogate before the dot is alone: no letter)
  return end - start === 3 && codePointAt(s, start) > 0xffff && isUpperAt(s, start);
}
