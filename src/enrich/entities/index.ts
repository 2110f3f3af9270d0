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
import { findPeople } from "./people.ts";

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

const MENTION_RE = /(?<![\p{L}\p{N}_.@/+-])@([\p{L}\p{N}_](?:[\p{L}\p{N}_-]*[\p{L}\p{N}_])?(?:\.[\p{L}\p{N}_-]+)*(?:@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)+)?)/gu;
const HASHTAG_RE = /(?<![\p{L}\p{N}_&#/])#([\p{L}\p{M}\p{N}_]*\p{L}[\p{L}\p{M}\p{N}_]*)/gu;
// Bidi controls and zero-width characters end a URL (RTL posts wrap links in them).
const URL_RE = /\b(?:https?:\/\/|www\.)[^\s<>"\u200B-\u200F\u202A-\u202E\u2060-\u2069\uFEFF]+/giu;
const TRAILING_RE = /[.,;:!?'"’”…]+$/u;

const HANDLE_END_RE = /[.-]+$/u;
function cleanHandle(handle: string): string {
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

function expander(map: EntitiesInput["linkExpansions"]): (url: string) => string {
  if (!map) return (url) => url;
  if (map instanceof Map) return (url) => map.get(url) ?? url;
  const record = map as Readonly<Record<string, string>>;
  return (url) => (Object.hasOwn(record, url) && typeof record[url] === "string" ? record[url] : url);
}

function pushUnique(out: string[], seen: Set<string>, value: string, key = value): void {
  if (value && !seen.has(key)) { seen.add(key); out.push(value); }
}

// Only texts holding one of these can match URL_RE (a quick test before the scans).
const MAY_URL_RE = /https?:\/\/|www\./iu;
const WWW_RE = /^www\./iu;
const AT_HANDLE_RE = /^@/u;
const NO_LINKS: readonly string[] = [];

export function extractEntities(input: EntitiesInput): EntitiesAnnotation {
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

  return { mentions, hashtags, links, people: findPeople(text) };
}

export const entitiesEnricher: Enricher<EntitiesAnnotation> = {
  name: "entities",
  version: "1.0.0",
  enrich(input: EnrichInput, _context: EnrichContext): EntitiesAnnotation {
    return extractEntities(input);
  },
};
