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
//    end a run, so "Thank You Chrissy Teigen" gives "Chrissy Teigen", and titles ("Mr", "Dr") are
//    dropped from its start.
// 4. Sentences in Title Case (more than 75% of their words capitalised, at least four words)
//    are skipped: headlines and shouty posts would otherwise read as names.
// 5. Single capitalised words are never names (sentence-initial words, places, brands): we miss
//    "Chrissy" alone, on purpose.
// Known limits: names in scripts without case (Arabic, Hebrew, CJK) are not found; all-lower-case
// names ("john legend") are missed; two-word brands or places ("New York", "White House") that
// are not in COMMON come out as names.

const COMMON = new Set(`a about above after again against all also am an and any are as at be because been before
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

const TITLES = new Set(["mr", "mrs", "ms", "miss", "dr", "prof", "sir", "madam", "lady", "lord", "st", "saint",
  "president", "senator", "rep", "governor", "mayor"]);

const PARTICLES = new Set(["de", "da", "das", "do", "dos", "del", "della", "di", "du", "van", "von", "der", "den",
  "ter", "la", "le", "bin", "binti", "ibn", "al", "el", "y"]);

const STRIP_RE = /(?:https?:\/\/|www\.)\S+|(?<![\p{L}\p{N}_])[@#][\p{L}\p{M}\p{N}_.@-]+/gu;
// A dot after an initial or a title ("John F. Kennedy", "Mr. Obama") does not end a sentence.
const SENTENCE_RE = /(?<!(?:^|[\s(])(?:\p{Lu}|Mr|Mrs|Ms|Dr|St|Jr|Sr|Prof))[.!?…]+(?=\s|$)|[!?…]+|[\n\r]+|\s[-–—|•]\s/u;
const WORD_RE = /[\p{L}\p{M}][\p{L}\p{M}'’.-]*/gu;
const CAPITALISED_RE = /^\p{Lu}[\p{L}\p{M}]*\p{Ll}[\p{L}\p{M}'’-]*$/u;
const INITIAL_RE = /^\p{Lu}\.$/u;
const POSSESSIVE_RE = /['’]s?$/u;

const MAX_RUN = 5;
/** Text beyond this is not scanned for names: a name worth indexing appears early. */
const MAX_CHARS = 20_000;

const UPPER_RE = /^\p{Lu}/u;
// Only texts holding one of these can match STRIP_RE (a quick test before the replace).
const MAY_STRIP_RE = /[@#]|https?:\/\/|www\./u;

const isAsciiUpper = (c: number): boolean => c >= 65 && c <= 90;
const isAsciiLower = (c: number): boolean => c >= 97 && c <= 122;

/** /^\p{Lu}/u, with ASCII answered from the char code. */
function startsUpper(word: string): boolean {
  const c = word.charCodeAt(0);
  return c < 128 ? isAsciiUpper(c) : UPPER_RE.test(word);
}

/** CAPITALISED_RE, with plain ASCII words answered from their char codes. */
function isCapitalised(word: string): boolean {
  const n = word.length;
  if (n < 2 || !isAsciiUpper(word.charCodeAt(0))) return word.charCodeAt(0) >= 128 && CAPITALISED_RE.test(word);
  // ^\p{Lu} [\p{L}\p{M}]* \p{Ll} [\p{L}\p{M}'’-]* $ over ASCII letters, ' ’ and -
  let i = 1;
  let sawLower = false;
  for (; i < n; i++) {
    const c = word.charCodeAt(i);
    if (c >= 128) return CAPITALISED_RE.test(word);
    if (isAsciiLower(c)) { sawLower = true; break; }
    if (!isAsciiUpper(c)) return false; // punctuation before the first lower-case letter
  }
  if (!sawLower) return false;
  for (i++; i < n; i++) {
    const c = word.charCodeAt(i);
    if (c >= 128) return CAPITALISED_RE.test(word);
    if (!(isAsciiLower(c) || isAsciiUpper(c) || c === 39 || c === 45)) return false;
  }
  return true;
}

function isNameWord(word: string): boolean {
  return isCapitalised(word) && !COMMON.has(word.toLowerCase());
}

/** INITIAL_RE: an upper-case letter and a dot. */
function isInitial(word: string): boolean {
  if (word.length === 2 && word.charCodeAt(1) === 46) {
    const c = word.charCodeAt(0);
    return c < 128 ? isAsciiUpper(c) : INITIAL_RE.test(word);
  }
  return word.length === 3 && word.charCodeAt(2) === 46 && INITIAL_RE.test(word);
}

/** Drops trailing ’ ' - (a trailing dot stays, as the former /[.’'-]+$/ replace kept exactly "."). */
function trimWordEnd(w: string): string {
  const last = w.charCodeAt(w.length - 1);
  if (last !== 46 && last !== 0x2019 && last !== 39 && last !== 45) return w;
  return w.replace(TRAIL_RE, (m) => (m === "." ? m : ""));
}
const TRAIL_RE = /[.’'-]+$/u;
const DOT_END_RE = /\.$/u;

function flushRun(run: string[], seen: Set<string>, found: string[]): void {
  while (run.length && (PARTICLES.has(run[run.length - 1]!) || isInitial(run[run.length - 1]!))) run.pop();
  while (run.length && TITLES.has(run[0]!.toLowerCase().replace(DOT_END_RE, ""))) run.shift();
  if (run.length >= 2 && run.length <= MAX_RUN) {
    let names = 0;
    for (const w of run) if (!PARTICLES.has(w) && !isInitial(w)) names++;
    if (names >= 2) {
      const name = run.join(" ");
      const key = name.toLowerCase();
      if (!seen.has(key)) { seen.add(key); found.push(name); }
    }
  }
  run.length = 0;
}

// Precheck classes of code points beyond ASCII, computed once each: letter or mark (could be part
// of a word), number (part of a handle), whitespace (ends a link).
const P_SEEN = 1, P_WORD = 2, P_NUM = 4, P_SPACE = 8;
const P_BMP = new Uint8Array(0x10000);
const P_ASTRAL = new Map<number, number>();
function precheckClass(cp: number): number {
  let v = cp < 0x10000 ? P_BMP[cp]! : (P_ASTRAL.get(cp) ?? 0);
  if (v === 0) {
    const ch = String.fromCodePoint(cp);
    v = P_SEEN | (/[\p{L}\p{M}]/u.test(ch) ? P_WORD : 0) | (/\p{N}/u.test(ch) ? P_NUM : 0) | (/\s/u.test(ch) ? P_SPACE : 0);
    if (cp < 0x10000) P_BMP[cp] = v;
    else if (P_ASTRAL.size < 10_000) P_ASTRAL.set(cp, v);
  }
  return v;
}
function codePointAt(s: string, i: number): number {
  const c = s.charCodeAt(i);
  if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
    const d = s.charCodeAt(i + 1);
    if (d >= 0xdc00 && d <= 0xdfff) return ((c - 0xd800) << 10) + (d - 0xdc00) + 0x10000;
  }
  return c;
}
const isAsciiLetter = (c: number): boolean => isAsciiUpper(c) || isAsciiLower(c);

// COMMON keyed by a hash of the lower-cased char codes (checked collision-free), so the precheck
// looks plain ASCII words up in place, without a lower-cased copy.
const hashStep = (h: number, c: number): number => (Math.imul(h, 31) + c) | 0;
// (a typed table, 1 + id per slot, 0 empty: a Map would box most int32 hashes)
const COMMON_WORDS = [...COMMON];
const COMMON_MASK = 1023;
const COMMON_KEYS = new Int32Array(COMMON_MASK + 1);
const COMMON_IDS = new Int16Array(COMMON_MASK + 1);
for (const [id, word] of COMMON_WORDS.entries()) {
  let h = 0;
  for (let i = 0; i < word.length; i++) h = hashStep(h, word.charCodeAt(i));
  let slot = (h ^ (h >>> 10)) & COMMON_MASK;
  while (COMMON_IDS[slot] !== 0) {
    if (COMMON_KEYS[slot] === h) throw new Error(`COMMON word hash collision: ${word}`);
    slot = (slot + 1) & COMMON_MASK;
  }
  COMMON_KEYS[slot] = h;
  COMMON_IDS[slot] = id + 1;
}
/** COMMON.has(s.slice(a, b).toLowerCase()) for ASCII letters s[a, b). */
function isCommonAscii(s: string, a: number, b: number): boolean {
  let h = 0;
  for (let i = a; i < b; i++) h = hashStep(h, s.charCodeAt(i) | 32);
  let slot = (h ^ (h >>> 10)) & COMMON_MASK;
  let id = -1;
  for (;;) {
    const e = COMMON_IDS[slot]!;
    if (e === 0) return false;
    if (COMMON_KEYS[slot] === h) { id = e - 1; break; }
    slot = (slot + 1) & COMMON_MASK;
  }
  const word = COMMON_WORDS[id]!;
  if (word.length !== b - a) return false;
  for (let i = a; i < b; i++) if ((s.charCodeAt(i) | 32) !== word.charCodeAt(i - a)) return false;
  return true;
}
/** A link as STRIP_RE takes one (case-sensitive "http://", "https://", "www.", then a non-space). */
function linkAt(s: string, i: number): boolean {
  let j = i;
  if (s.charCodeAt(i) === 119) {
    if (s.charCodeAt(i + 1) !== 119 || s.charCodeAt(i + 2) !== 119 || s.charCodeAt(i + 3) !== 46) return false;
    j += 4;
  } else {
    if (s.charCodeAt(i + 1) !== 116 || s.charCodeAt(i + 2) !== 116 || s.charCodeAt(i + 3) !== 112) return false;
    j += 4;
    if (s.charCodeAt(j) === 115) j++;
    if (s.charCodeAt(j) !== 58 || s.charCodeAt(j + 1) !== 47 || s.charCodeAt(j + 2) !== 47) return false;
    j += 3;
  }
  if (j >= s.length) return false;
  const c = s.charCodeAt(j);
  return c < 128 ? !(c === 32 || (c >= 9 && c <= 13)) : (precheckClass(codePointAt(s, j)) & P_SPACE) === 0;
}

const isAsciiSpace = (c: number): boolean => c === 32 || (c >= 9 && c <= 13);
const DOT_TITLES = new Set(["Mr", "Mrs", "Ms", "Dr", "St", "Jr", "Sr", "Prof"]);
/** s[start, end) without its trailing dots is one upper-case letter or a title of SENTENCE_RE. */
function initialOrTitle(s: string, start: number, end: number): boolean {
  let e = end;
  while (e > start && s.charCodeAt(e - 1) === 46) e--;
  if (e - start === 1) return isAsciiUpper(s.charCodeAt(start));
  return e - start <= 4 && DOT_TITLES.has(s.slice(start, e));
}

/**
 * Whether `head` may hold a name, answered without building the sentences and words: false only
 * when findPeople would surely find none. Words are read as WORD_RE reads them after STRIP_RE
 * (links, handles and hashtags skipped); a possible name word is one starting with an upper-case
 * ASCII letter with a lower-case one after it, unless it is a plain word in COMMON; particles and
 * initials are passed over (they may sit inside a run) and every other word ends a run, as do the
 * sentence breaks that need no context (! ? … line breaks, and a dot after a word that is no
 * initial or title, before a space). Other sentence breaks, the
 * Title-Case rule and possessives are ignored (they only end runs or drop names), and
 * any letter or mark beyond ASCII answers "maybe". A name needs two possible name words in one run.
 */
function mayHaveName(s: string): boolean {
  const n = s.length;
  let lastName = false;
  let i = 0;
  while (i < n) {
    const c = s.charCodeAt(i);
    if (c >= 128) {
      const cp = codePointAt(s, i);
      if (cp !== 0x2019 && (precheckClass(cp) & P_WORD) !== 0) return true;
      if (cp === 0x2026) lastName = false; // "…" always ends a sentence (SENTENCE_RE)
      i += cp > 0xffff ? 2 : 1;
      continue;
    }
    // "!", "?", line breaks: always sentence ends (SENTENCE_RE), so they end a run
    if (c === 33 || c === 63 || c === 10 || c === 13) { lastName = false; i++; continue; }
    if ((c === 104 || c === 119) && linkAt(s, i)) {
      // a link: up to the next whitespace
      while (i < n) {
        const d = s.charCodeAt(i);
        if (d < 128 ? d === 32 || (d >= 9 && d <= 13) : (precheckClass(codePointAt(s, i)) & P_SPACE) !== 0) break;
        i++;
      }
      continue;
    }
    if (c === 64 || c === 35) {
      // not after [\p{L}\p{N}_] (a letter beyond ASCII before it has already answered "maybe")
      let p = i > 0 ? s.charCodeAt(i - 1) : 32;
      if (p >= 0xdc00 && p <= 0xdfff && i >= 2) { const h = s.charCodeAt(i - 2); if (h >= 0xd800 && h <= 0xdbff) p = codePointAt(s, i - 2); }
      const tagStart = p < 128 ? !(isAsciiLetter(p) || (p >= 48 && p <= 57) || p === 95) : (precheckClass(p) & (P_WORD | P_NUM)) === 0;
      if (tagStart) {
        let j = i + 1;
        for (; j < n; j++) {
          const d = s.charCodeAt(j);
          if (d < 128) {
            if (!(isAsciiLetter(d) || (d >= 48 && d <= 57) || d === 95 || d === 46 || d === 64 || d === 45)) break;
          } else {
            const v = precheckClass(codePointAt(s, j));
            if (v & P_WORD) return true;
            if (!(v & P_NUM)) break;
            if (codePointAt(s, j) > 0xffff) j++;
          }
        }
        if (j > i + 1) { i = j; continue; }
      }
      i++;
      continue;
    }
    if (!isAsciiLetter(c)) { i++; continue; }
    // a word: letters, ' ’ . - (a link starting inside it ends it)
    const start = i;
    let lower = false;
    let plain = true; // letters only, up to a trailing run of . ' ’ - or a possessive
    i++;
    while (i < n) {
      const d = s.charCodeAt(i);
      if (isAsciiLetter(d)) {
        if ((d === 104 || d === 119) && linkAt(s, i)) break;
        if (isAsciiLower(d)) lower = true;
      } else if (d === 39 || d === 46 || d === 45 || d === 0x2019) {
        plain = false;
      } else if (d >= 128) {
        const cp = codePointAt(s, i);
        if ((precheckClass(cp) & P_WORD) !== 0) return true;
        break;
      } else break;
      i++;
    }
    let name = false; // a possible name word
    let transparent = true; // leaves the run as it is
    if (isAsciiUpper(c) && lower) {
      name = true;
      if (plain) name = !isCommonAscii(s, start, i);
      else {
        // bare: without a trailing possessive and trailing . ' ’ -
        let e = i;
        while (e > start && !isAsciiLetter(s.charCodeAt(e - 1))) e--;
        if (e - start >= 2 && (s.charCodeAt(e - 1) === 115) && (s.charCodeAt(e - 2) === 39 || s.charCodeAt(e - 2) === 0x2019)) e -= 2;
        let letters = true;
        for (let k = start; k < e; k++) if (!isAsciiLetter(s.charCodeAt(k))) { letters = false; break; }
        if (letters && e > start && isCommonAscii(s, start, e)) name = false;
      }
      if (!name) transparent = false;
    } else if (lastName) {
      // particles and initials may sit inside a run; anything else ends it
      let e = i;
      while (e > start + 1 && !isAsciiLetter(s.charCodeAt(e - 1))) e--;
      transparent = PARTICLES.has(s.slice(start, e)) || (e - start === 1 && isAsciiUpper(c));
    }
    if (name) {
      if (lastName) return true;
      lastName = true;
    } else if (!transparent) lastName = false;
    // a word ending in "." before a space or the end ends its sentence, unless it is an initial or
    // a title (SENTENCE_RE's look-behind; other cases it does not split are never split here)
    if (s.charCodeAt(i - 1) === 46 && (i >= n || isAsciiSpace(s.charCodeAt(i))) && !initialOrTitle(s, start, i)) lastName = false;
  }
  return false;
}

const MAY_CAPITAL_RE = /[A-Z\u0080-\uffff]/u;

export function findPeople(text: string): string[] {
  const head = text.length > MAX_CHARS ? text.slice(0, MAX_CHARS) : text;
  // No upper-case ASCII letter and nothing beyond ASCII: no capitalised word, no name.
  if (!MAY_CAPITAL_RE.test(head)) return [];
  if (!mayHaveName(head)) return [];
  return scanPeople(head, [], new Set());
}

/** findPeople without the precheck (for the test that checks the precheck never loses a name). */
export function findPeopleUnchecked(text: string): string[] {
  const head = text.length > MAX_CHARS ? text.slice(0, MAX_CHARS) : text;
  return scanPeople(head, [], new Set());
}

function scanPeople(head: string, found: string[], seen: Set<string>): string[] {
  const stripped = MAY_STRIP_RE.test(head) ? head.replace(STRIP_RE, " ") : head;
  const run: string[] = [];
  for (const sentence of stripped.split(SENTENCE_RE)) {
    const matched = sentence.match(WORD_RE);
    if (!matched) continue;
    const words = matched;
    let capitalised = 0;
    for (let k = 0; k < words.length; k++) {
      const w = trimWordEnd(words[k]!);
      words[k] = w;
      if (startsUpper(w)) capitalised++;
    }
    if (words.length >= 4 && capitalised / words.length > 0.75) continue;
    for (const raw of words) {
      const word = raw.charCodeAt(raw.length - 1) === 46 && raw.length !== 2 ? raw.slice(0, -1) : raw;
      const end = word.charCodeAt(word.length - 1);
      const possessive = word.length > 2 && (end === 39 || end === 0x2019 ||
        ((end === 115) && (word.charCodeAt(word.length - 2) === 39 || word.charCodeAt(word.length - 2) === 0x2019)));
      const bare = possessive ? word.replace(POSSESSIVE_RE, "") : word;
      if (isNameWord(bare)) {
        run.push(bare);
        if (possessive) flushRun(run, seen, found);
      } else if (run.length && (PARTICLES.has(word) || isInitial(word))) {
        run.push(word);
      } else {
        flushRun(run, seen, found);
      }
    }
    flushRun(run, seen, found);
  }
  return found;
}
