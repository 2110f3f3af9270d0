// Entities of a post: @handles, #hashtags, links and person names, found in the text by rules
// (no model) and merged with what the source already extracted (`input.mentions`, `input.links`).
//
// - mentions: X-style `@name`, Bluesky domain handles `@alice.bsky.social` / `@nytimes.com`,
//   Mastodon `@user@host`; without the "@", lower-cased (handles are case-insensitive on every
//   platform we read), a trailing sentence dot dropped, e-mail addresses not taken.
// - hashtags: `#` + Unicode letters, marks, digits or "_", with at least one letter ("#1" is not a
//   tag, "C#" and "&#39;" are not either); without "#", as first written, deduplicated ignoring case.
// - links: http(s) and www. URLs in the text, then `input.links`, trailing punctuation (and an
//   unbalanced closing bracket, and a truncation "…") removed, each replaced by its expansion when
//   the payload supplied one (`linkExpansions`: short URL → full URL, e.g. X's t.co entities).
//   Nothing is fetched.
// - people: see people.ts for the rule and its limits.
import type { Annotations, EnrichContext, EnrichInput, Enricher } from "../types.ts";
import { LETTER, MARK, NUMBER, classOf, codePointAt, codePointBefore } from "./chars.ts";
import { findPeople } from "./people.ts";
import { UniqueList } from "./unique.ts";

export { findPeople } from "./people.ts";

export type EntitiesAnnotation = Annotations["entities"];

/**
 * The shared EnrichInput plus an optional map of link expansions the payload carried (short URL →
 * expanded URL). Pass it as extra field on the input; absent, links are kept as written.
 */
export interface EntitiesInput extends EnrichInput {
  linkExpansions?: Readonly<Record<string, string>> | ReadonlyMap<string, string> | null;
}

/** Text beyond this is not scanned; a 100 KB post still yields the entities of its first 50 KB. */
const MAX_CHARS = 50_000;

// Mentions and hashtags are read by hand-written scanners that mirror these regexes (the ones the
// enricher first ran; reference.ts keeps that version and the tests compare the two). The regexes,
// Unicode property classes behind look-behinds, were most of the cost of a post; the scanners only
// look at the "@" and "#" of the text (indexOf) and build no string before a match is certain.
//   MENTION_RE /(?<![\p{L}\p{N}_.@/+-])@([\p{L}\p{N}_](?:[\p{L}\p{N}_-]*[\p{L}\p{N}_])?(?:\.[\p{L}\p{N}_-]+)*(?:@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)+)?)/gu
//   HASHTAG_RE /(?<![\p{L}\p{N}_&#/])#([\p{L}\p{M}\p{N}_]*\p{L}[\p{L}\p{M}\p{N}_]*)/gu
// Bidi controls and zero-width characters end a URL (RTL posts wrap links in them).
export const URL_RE = /\b(?:https?:\/\/|www\.)[^\s<>"\u200B-\u200F\u202A-\u202E\u2060-\u2069\uFEFF]+/giu;
const TRAILING_RE = /[.,;:!?'"’”…]+$/u;

const HANDLE_END_RE = /[.-]+$/u;
export function cleanHandle(handle: string): string {
  const last = handle.charCodeAt(handle.length - 1);
  return (last === 46 || last === 45 ? handle.replace(HANDLE_END_RE, "") : handle).toLowerCase();
}

/** Drops trailing punctuation and a closing bracket that has no opening one inside the URL. */
export function trimUrl(url: string): string {
  let out = url.replace(/…+$/u, "");
  for (;;) {
    const before = out;
    out = out.replace(TRAILING_RE, "");
    const last = out.at(-1);
    const pairs: Record<string, string> = { ")": "(", "]": "[", "}": "{" };
    if (last && pairs[last]) {
      const open = out.split(pairs[last]).length - 1;
      const close = out.split(last).length - 1;
      if (close > open) out = out.slice(0, -1);
    }
    if (out === before) return out;
  }
}

export function expander(map: EntitiesInput["linkExpansions"]): (url: string) => string {
  if (!map) return (url) => url;
  if (map instanceof Map) return (url) => map.get(url) ?? url;
  const record = map as Readonly<Record<string, string>>;
  return (url) => (Object.hasOwn(record, url) && typeof record[url] === "string" ? record[url] : url);
}

const WWW_RE = /^www\./iu;
const AT_HANDLE_RE = /^@/u;
const NO_LINKS: readonly string[] = [];

export function extractEntities(input: EntitiesInput): EntitiesAnnotation {
  const raw = typeof input.text === "string" ? input.text : "";
  const text = raw.length > MAX_CHARS ? raw.slice(0, MAX_CHARS) : raw;
  const hasUrl = mayHaveUrl(text);
  const firstAt = text.indexOf("@");
  const firstHash = text.indexOf("#");
  // links are no source of mentions or hashtags: each is read as a space
  const withoutUrls = hasUrl && (firstAt >= 0 || firstHash >= 0) ? text.replace(URL_RE, " ") : text;
  const same = withoutUrls === text;

  let mentions: UniqueList | null = null;
  if (firstAt >= 0) mentions = scanMentions(withoutUrls, same ? firstAt : withoutUrls.indexOf("@"));
  if (input.mentions) {
    for (const h of input.mentions) {
      if (typeof h === "string") {
        const handle = cleanHandle(h.replace(AT_HANDLE_RE, ""));
        (mentions ??= new UniqueList()).add(handle, handle);
      }
    }
  }

  const hashtags = firstHash >= 0 ? scanHashtags(withoutUrls, same ? firstHash : withoutUrls.indexOf("#")) : null;

  let links: UniqueList | null = null;
  const given = input.links ?? NO_LINKS;
  if (hasUrl || given.length) {
    const found = (links = new UniqueList());
    const expand = expander(input.linkExpansions);
    const add = (url: unknown): void => {
      if (typeof url !== "string" || !url) return;
      const full = expand(url);
      const link = WWW_RE.test(full) ? `https://${full}` : full;
      found.add(link, link);
    };
    if (hasUrl) for (const m of text.matchAll(URL_RE)) add(trimUrl(m[0]));
    for (const url of given) add(url);
  }

  return {
    mentions: mentions ? mentions.values : [],
    hashtags: hashtags ? hashtags.values : [],
    links: links ? links.values : [],
    people: findPeople(text),
  };
}

// ---------------------------------------------------------------------------------------------
// Scanners

const isAsciiLetter = (c: number): boolean => (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
const isAsciiDigit = (c: number): boolean => c >= 48 && c <= 57;
/** [\p{L}\p{N}] (in ASCII: letters and digits only) */
const isLetterOrDigit = (cp: number): boolean =>
  cp < 128 ? isAsciiLetter(cp) || isAsciiDigit(cp) : (classOf(cp) & (LETTER | NUMBER)) !== 0;

/**
 * Whether MAY_URL_RE /https?:\/\/|www\./iu would match: "://" after "http" or "https", or "." after
 * "www", in any case (the u and i flags also let "ſ", U+017F, stand for "s"). Only such a text
 * can hold a link of URL_RE.
 */
function mayHaveUrl(s: string): boolean {
  if (!MAY_URL_HINT_RE.test(s)) return false;
  for (let i = s.indexOf("://"); i !== -1; i = s.indexOf("://", i + 1)) {
    if (endsWithHttp(s, i)) return true;
    const c = s.charCodeAt(i - 1);
    if (((c | 32) === 115 || c === 0x17f) && endsWithHttp(s, i - 1)) return true;
  }
  for (let i = s.indexOf("."); i !== -1; i = s.indexOf(".", i + 1)) {
    if (i >= 3 && (s.charCodeAt(i - 1) | 32) === 119 && (s.charCodeAt(i - 2) | 32) === 119 && (s.charCodeAt(i - 3) | 32) === 119) return true;
  }
  return false;
}

/** A quick test before mayHaveUrl's exact one: "://", or "www." in any case. */
const MAY_URL_HINT_RE = /:\/\/|[wW][wW][wW]\./;

/** s before k ends with "http" in any case. */
const endsWithHttp = (s: string, k: number): boolean =>
  k >= 4 && (s.charCodeAt(k - 4) | 32) === 104 && (s.charCodeAt(k - 3) | 32) === 116 &&
  (s.charCodeAt(k - 2) | 32) === 116 && (s.charCodeAt(k - 1) | 32) === 112;

/** s[a, b) and s[c, d) hold the same characters. */
function sameText(s: string, a: number, b: number, c: number, d: number): boolean {
  if (b - a !== d - c) return false;
  for (let i = 0; i < b - a; i++) if (s.charCodeAt(a + i) !== s.charCodeAt(c + i)) return false;
  return true;
}

/** MENTION_RE over s from the "@" at `first` (-1: none), each handle cleaned (cleanHandle), deduplicated. */
function scanMentions(s: string, first: number): UniqueList | null {
  let list: UniqueList | null = null;
  let lastStart = 0, lastEnd = 0; // the handle before: written again ("@user @user"), it is skipped unread
  for (let at = first; at !== -1;) {
    const end = mentionAt(s, at);
    if (end < 0) {
      at = s.indexOf("@", at + 1);
      continue;
    }
    if (!sameText(s, at + 1, end, lastStart, lastEnd)) {
      const handle = cleanHandle(s.slice(at + 1, end));
      (list ??= new UniqueList()).add(handle, handle);
      lastStart = at + 1;
      lastEnd = end;
    }
    at = s.indexOf("@", end);
  }
  return list;
}

/** The end of MENTION_RE's match at the "@" at `at`, or -1 when it does not match there. */
function mentionAt(s: string, at: number): number {
  // (?<![\p{L}\p{N}_.@/+-])
  const p = codePointBefore(s, at);
  if (p >= 0 && (isLetterOrDigit(p) || p === 95 || p === 46 || p === 64 || p === 47 || p === 43 || p === 45)) return -1;
  const n = s.length;
  // [\p{L}\p{N}_](?:[\p{L}\p{N}_-]*[\p{L}\p{N}_])?: the longest run of [\p{L}\p{N}_-] from a first
  // [\p{L}\p{N}_] on, up to its last [\p{L}\p{N}_] (a trailing "-" is backtracked)
  const first = at + 1 < n ? codePointAt(s, at + 1) : -1;
  if (!(first === 95 || isLetterOrDigit(first))) return -1;
  let end = at + 1 + (first > 0xffff ? 2 : 1);
  for (let j = end; j < n;) {
    const cp = codePointAt(s, j);
    if (cp === 45) j++;
    else if (cp === 95 || isLetterOrDigit(cp)) end = j += cp > 0xffff ? 2 : 1;
    else break;
  }
  // (?:\.[\p{L}\p{N}_-]+)*
  while (s.charCodeAt(end) === 46) {
    const e = handleRunEnd(s, end + 1, true);
    if (e === end + 1) break;
    end = e;
  }
  // (?:@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)+)?
  if (s.charCodeAt(end) === 64) {
    let e = handleRunEnd(s, end + 1, false);
    if (e > end + 1) {
      let labels = 0;
      while (s.charCodeAt(e) === 46) {
        const f = handleRunEnd(s, e + 1, false);
        if (f === e + 1) break;
        e = f;
        labels++;
      }
      if (labels > 0) end = e;
    }
  }
  return end;
}

/** The end of the run of [\p{L}\p{N}-] (with "_" too when `underscore`) from j (j when none). */
function handleRunEnd(s: string, j: number, underscore: boolean): number {
  const n = s.length;
  while (j < n) {
    const cp = codePointAt(s, j);
    if (!(cp === 45 || (underscore && cp === 95) || isLetterOrDigit(cp))) break;
    j += cp > 0xffff ? 2 : 1;
  }
  return j;
}

/** HASHTAG_RE over s from the "#" at `first` (-1: none): the tags, deduplicated ignoring case. */
function scanHashtags(s: string, first: number): UniqueList | null {
  let list: UniqueList | null = null;
  let lastStart = 0, lastEnd = 0; // the tag before: written again, it is skipped unread
  const n = s.length;
  for (let hash = first; hash !== -1;) {
    // (?<![\p{L}\p{N}_&#/])
    const p = codePointBefore(s, hash);
    if (p >= 0 && (isLetterOrDigit(p) || p === 95 || p === 38 || p === 35 || p === 47)) {
      hash = s.indexOf("#", hash + 1);
      continue;
    }
    // [\p{L}\p{M}\p{N}_]*\p{L}[\p{L}\p{M}\p{N}_]*: the longest run of [\p{L}\p{M}\p{N}_], if it holds a letter
    let j = hash + 1;
    let letter = false;
    while (j < n) {
      const cp = codePointAt(s, j);
      if (cp < 128) {
        if (isAsciiLetter(cp)) letter = true;
        else if (!(isAsciiDigit(cp) || cp === 95)) break;
        j++;
      } else {
        const cls = classOf(cp);
        if ((cls & (LETTER | MARK | NUMBER)) === 0) break;
        if ((cls & LETTER) !== 0) letter = true;
        j += cp > 0xffff ? 2 : 1;
      }
    }
    if (!letter) {
      hash = s.indexOf("#", hash + 1);
      continue;
    }
    if (!sameText(s, hash + 1, j, lastStart, lastEnd)) {
      const tag = s.slice(hash + 1, j);
      (list ??= new UniqueList()).add(tag, tag.toLowerCase());
      lastStart = hash + 1;
      lastEnd = j;
    }
    hash = s.indexOf("#", j);
  }
  return list;
}

export const entitiesEnricher: Enricher<EntitiesAnnotation> = {
  name: "entities",
  version: "1.0.0",
  enrich(input: EnrichInput, _context: EnrichContext): EntitiesAnnotation {
    return extractEntities(input);
  },
};
