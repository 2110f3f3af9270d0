// Story rules: does a collected post belong to a story, in what role, and how relevant is it?
// Evidence, each with a weight (the chance, roughly, that a post with only that evidence is about
// the story; set by reading matches, not fitted):
//   written by a subject ............................ role "subject", relevance 1
//   replies to or quotes a subject's post ........... 0.9
//   mentions a subject (@handle or mention facet) ... 0.85
//   links to one of the story's URLs ................ 0.8
//   carries one of the story's hashtags ............. 0.6
//   contains a keyword or phrase (each) ............. 0.5
// Relevance combines the evidence as independent: 1 − Π(1 − weight). A post created outside the
// story's window never matches (a post with no date is kept: its date cannot rule it out).
// Runs on every event of a live stream, so it is cheap: one lower-casing and a few `includes`.
import type { CollectedPost } from "../core/index.ts";
import type { StoryMatch, StoryRules } from "../store/index.ts";

export interface RuleSet extends StoryRules {
  /** Subject handles without "@". */
  subjects: string[];
  /** The subjects' account ids where resolved (Bluesky DIDs, Mastodon account URIs). */
  subjectIds?: string[];
}

export const WEIGHTS = { replyOrQuote: 0.9, mention: 0.85, url: 0.8, tag: 0.6, keyword: 0.5 } as const;

export type Matcher = (post: CollectedPost) => StoryMatch | null;

const WORD = /[\p{L}\p{N}_]/u;
/** Scripts written without spaces between words: a letter of these next to a term is no glue. */
const NO_SPACES = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}\p{Script=Myanmar}]/u;

function glues(ch: string): boolean {
  return ch !== "" && WORD.test(ch) && !NO_SPACES.test(ch);
}

/** `needle` (lower-case) found in `hay` (lower-case) with no letter or digit glued to either end. */
function hasWord(hay: string, needle: string): boolean {
  if (needle === "") return false;
  let at = hay.indexOf(needle);
  while (at !== -1) {
    const before = at === 0 ? "" : hay[at - 1]!;
    const after = hay[at + needle.length] ?? "";
    if (!glues(before) && !glues(after)) return true;
    at = hay.indexOf(needle, at + 1);
  }
  return false;
}

/**
 * "@handle" in `hay` as a mention: not inside an e-mail address or a longer handle (a handle may
 * contain dots and hyphens, so "@a.b" is not "@a.b.c"; a sentence's full stop after it is fine).
 */
function hasMention(hay: string, handle: string): boolean {
  const needle = `@${handle}`;
  let at = hay.indexOf(needle);
  while (at !== -1) {
    const before = at === 0 ? "" : hay[at - 1]!;
    const end = at + needle.length;
    const after = hay[end] ?? "";
    const glued = WORD.test(after) || ((after === "." || after === "-") && WORD.test(hay[end + 1] ?? ""));
    if (!WORD.test(before) && !glued) return true;
    at = hay.indexOf(needle, at + 1);
  }
  return false;
}

function normalizeUrl(u: string): string {
  return u.trim().toLowerCase().replace(/^https?:\/\/(www\.)?/, "").replace(/[?#].*$/, "").replace(/\/+$/, "");
}

export function compileRules(rules: RuleSet): Matcher {
  const subjects = new Set(rules.subjects.map((h) => h.replace(/^@/, "").toLowerCase()).filter(Boolean));
  const subjectIds = new Set((rules.subjectIds ?? []).filter(Boolean));
  const keywords = [...new Set(rules.keywords.map((k) => k.trim().toLowerCase()).filter(Boolean))];
  const tags = new Set(rules.tags.map((t) => t.replace(/^#/, "").toLowerCase()).filter(Boolean));
  const urls = rules.urls.map(normalizeUrl).filter(Boolean);
  const since = rules.since ? Date.parse(rules.since) : -Infinity;
  // A date-only `until` includes that whole day.
  const until = rules.until ? Date.parse(rules.until) + (/^\d{4}-\d{2}-\d{2}$/.test(rules.until) ? 86_400_000 - 1 : 0) : Infinity;
  // Relation targets name their author: at://DID/…, https://host/users/NAME/statuses/….
  const isSubjectPost = (id: string | null | undefined): boolean => {
    if (!id) return false;
    if (id.startsWith("at://")) {
      const did = id.slice(5, id.indexOf("/", 5) === -1 ? undefined : id.indexOf("/", 5));
      return subjectIds.has(did);
    }
    for (const sid of subjectIds) if (id.startsWith(sid.endsWith("/") ? sid : `${sid}/`)) return true;
    return false;
  };

  return (post) => {
    if (post.createdAt) {
      const t = Date.parse(post.createdAt);
      if (Number.isFinite(t) && (t < since || t > until)) return null;
    }
    const handle = post.author.handle?.toLowerCase() ?? null;
    if ((handle !== null && subjects.has(handle)) || (post.author.id && subjectIds.has(post.author.id))) {
      return { role: "subject", relevance: 1, reasons: ["by a subject"] };
    }
    const reasons: string[] = [];
    let miss = 1;
    const add = (weight: number, reason: string) => { miss *= 1 - weight; reasons.push(reason); };

    if (isSubjectPost(post.replyTo) || isSubjectPost(post.replyRoot)) add(WEIGHTS.replyOrQuote, "replies to a subject's post");
    if (isSubjectPost(post.quoteOf) || isSubjectPost(post.repostOf)) add(WEIGHTS.replyOrQuote, "quotes a subject's post");

    const text = post.text ? post.text.toLowerCase() : "";
    if (subjects.size > 0) {
      const mentioned = post.mentions.find((m) => subjects.has(m.replace(/^@/, "").toLowerCase()))
        ?? [...subjects].find((h) => text.includes(`@${h}`) && hasMention(text, h));
      if (mentioned) add(WEIGHTS.mention, `mentions @${mentioned.replace(/^@/, "")}`);
    }
    if (urls.length > 0 && post.links.length > 0) {
      const hit = urls.find((u) => post.links.some((l) => normalizeUrl(l).startsWith(u)));
      if (hit) add(WEIGHTS.url, `links to ${hit}`);
    }
    if (tags.size > 0) {
      const hit = (post.tags ?? []).find((t) => tags.has(t.replace(/^#/, "").toLowerCase()))
        ?? [...tags].find((t) => text.includes(`#${t}`) && hasWord(text, t));
      if (hit) add(WEIGHTS.tag, `hashtag #${hit.replace(/^#/, "")}`);
    }
    for (const k of keywords) if (text.includes(k) && hasWord(text, k)) add(WEIGHTS.keyword, `keyword: ${k}`);

    if (reasons.length === 0) return null;
    return { role: "reaction", relevance: Math.round((1 - miss) * 1000) / 1000, reasons };
  };
}

/**
 * A cheap first pass over a raw JSON payload, for live streams where almost every event is about
 * something else: false only when the post it carries certainly cannot match, because none of
 * the rules' terms (subject handles and account ids, keywords, tags, URL cores) occurs in the
 * lower-cased JSON text. Payloads with JSON escapes (\uXXXX, \/) are always passed on, since a
 * term could hide behind an escape; so are all payloads when a term has characters JSON escapes.
 * Returns null when the rules have no terms (then only subjects' ids could match; no filter).
 * Such skipped events are counted as unmatched and are not parsed, so a malformed event that
 * mentions nothing of the story is not quarantined either: it would not have been kept anyway.
 */
export function compileRawPrefilter(rules: RuleSet): ((raw: string) => boolean) | null {
  const terms = [
    ...rules.subjects.map((h) => h.replace(/^@/, "").toLowerCase()),
    ...(rules.subjectIds ?? []).map((d) => d.toLowerCase()),
    ...rules.keywords.map((k) => k.trim().toLowerCase()),
    ...rules.tags.map((t) => t.replace(/^#/, "").toLowerCase()),
    ...rules.urls.map(normalizeUrl),
  ].filter(Boolean);
  if (terms.length === 0) return null;
  if (terms.some((t) => /["\\\u0000-\u001f\u2028\u2029<>&]/.test(t))) return null;
  // One case-insensitive alternation: V8 scans the payload once, without lower-casing a copy.
  const pattern = new RegExp([...new Set(terms)].sort((a, b) => b.length - a.length).map(escapeRegExp).join("|"), "iu");
  return (raw) => raw.includes("\\u") || raw.includes("\\/") || pattern.test(raw);
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
