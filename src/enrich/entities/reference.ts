// The regex implementation of extractEntities and findPeople that the hand-written scanners of
// index.ts and people.ts replaced (as of commit 6cda5c2, verbatim but for names and imports, and
// with findPeople's ASCII shortcuts and its exact precheck mayHaveName left out: the plain regex rules). Kept only as
// the reference the tests compare the scanners against; the enricher does not use it. The word
// lists and the handle/URL helpers come from the scanners' modules: they are data and shared
// steps, not the rules under test.
import { cleanHandle, expander, trimUrl, URL_RE, type EntitiesAnnotation, type EntitiesInput } from "./index.ts";
import { COMMON } from "./people.ts";
import { PARTICLE_WORDS } from "./name-hint.ts";

const TITLES = new Set(["mr", "mrs", "ms", "miss", "dr", "prof", "sir", "madam", "lady", "lord", "st", "saint",
  "president", "senator", "rep", "governor", "mayor"]);

const PARTICLES = new Set(PARTICLE_WORDS);

const STRIP_RE = /(?:https?:\/\/|www\.)\S+|(?<![\p{L}\p{N}_])[@#][\p{L}\p{M}\p{N}_.@-]+/gu;
// A dot after an initial or a title ("John F. Kennedy", "Mr. Obama") does not end a sentence.
const SENTENCE_RE = /(?<!(?:^|[\s(])(?:\p{Lu}|Mr|Mrs|Ms|Dr|St|Jr|Sr|Prof))[.!?…]+(?=\s|$)|[!?…]+|[\n\r]+|\s[-–—|•]\s/u;
const WORD_RE = /[\p{L}\p{M}][\p{L}\p{M}'’.-]*/gu;
const CAPITALISED_RE = /^\p{Lu}[\p{L}\p{M}]*\p{Ll}[\p{L}\p{M}'’-]*$/u;
const INITIAL_RE = /^\p{Lu}\.$/u;
const POSSESSIVE_RE = /['’]s?$/u;

const MAX_RUN = 5;
/** Text beyond this is not scanned for names: a name worth indexing appears early. */
const MAX_PEOPLE_CHARS = 20_000;

const UPPER_RE = /^\p{Lu}/u;

const startsUpper = (word: string): boolean => UPPER_RE.test(word);
const isNameWord = (word: string): boolean => CAPITALISED_RE.test(word) && !COMMON.has(word.toLowerCase());
const isInitial = (word: string): boolean => INITIAL_RE.test(word);

/** Drops trailing . ’ ' - (a trailing dot alone stays). */
function trimWordEnd(w: string): string {
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

// This precheck is part of the behaviour: with the u flag, [\u0080-\uffff] matches no astral code
// point, so a text whose only capitals are astral ("𝐀bc 𝐀bc", mathematical letters) gives no name.
const MAY_CAPITAL_RE = /[A-Z\u0080-\uffff]/u;

export function findPeopleReference(text: string): string[] {
  const head = text.length > MAX_PEOPLE_CHARS ? text.slice(0, MAX_PEOPLE_CHARS) : text;
  if (!MAY_CAPITAL_RE.test(head)) return [];
  return scanPeople(head, [], new Set());
}

function scanPeople(head: string, found: string[], seen: Set<string>): string[] {
  const stripped = head.replace(STRIP_RE, " ");
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

const MAX_CHARS = 50_000;

const MENTION_RE = /(?<![\p{L}\p{N}_.@/+-])@([\p{L}\p{N}_](?:[\p{L}\p{N}_-]*[\p{L}\p{N}_])?(?:\.[\p{L}\p{N}_-]+)*(?:@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)+)?)/gu;
const HASHTAG_RE = /(?<![\p{L}\p{N}_&#/])#([\p{L}\p{M}\p{N}_]*\p{L}[\p{L}\p{M}\p{N}_]*)/gu;

function pushUnique(out: string[], seen: Set<string>, value: string, key = value): void {
  if (value && !seen.has(key)) { seen.add(key); out.push(value); }
}

// Only texts holding one of these can match URL_RE (a quick test before the scans).
const MAY_URL_RE = /https?:\/\/|www\./iu;
const WWW_RE = /^www\./iu;
const AT_HANDLE_RE = /^@/u;
const NO_LINKS: readonly string[] = [];

export function extractEntitiesReference(input: EntitiesInput): EntitiesAnnotation {
  const raw = typeof input.text === "string" ? input.text : "";
  const text = raw.length > MAX_CHARS ? raw.slice(0, MAX_CHARS) : raw;
  const hasUrl = MAY_URL_RE.test(text);
  const hasAt = text.includes("@");
  const hasHash = text.includes("#");
  const withoutUrls = hasUrl && (hasAt || hasHash) ? text.replace(URL_RE, " ") : text;

  const mentions: string[] = [];
  const seenMentions = new Set<string>();
  if (hasAt) for (const m of withoutUrls.matchAll(MENTION_RE)) pushUnique(mentions, seenMentions, cleanHandle(m[1]!));
  if (input.mentions) {
    for (const h of input.mentions) {
      if (typeof h === "string") pushUnique(mentions, seenMentions, cleanHandle(h.replace(AT_HANDLE_RE, "")));
    }
  }

  const hashtags: string[] = [];
  if (hasHash) {
    const seenTags = new Set<string>();
    for (const m of withoutUrls.matchAll(HASHTAG_RE)) pushUnique(hashtags, seenTags, m[1]!, m[1]!.toLowerCase());
  }

  const links: string[] = [];
  const given = input.links ?? NO_LINKS;
  if (hasUrl || given.length) {
    const seenLinks = new Set<string>();
    const expand = expander(input.linkExpansions);
    const add = (url: unknown): void => {
      if (typeof url !== "string" || !url) return;
      const full = expand(url);
      pushUnique(links, seenLinks, WWW_RE.test(full) ? `https://${full}` : full);
    };
    if (hasUrl) for (const m of text.matchAll(URL_RE)) add(trimUrl(m[0]));
    for (const url of given) add(url);
  }

  return { mentions, hashtags, links, people: findPeopleReference(text) };
}

