import type { Roundup, RoundupPost, RoundupSection } from "./types.ts";
import { compareCurated, UNDECIDED } from "../curate/index.ts";
import { selectPublished } from "./posts.ts";

const PLATFORM_NAMES: Record<string, string> = {
  x: "X", bluesky: "Bluesky", mastodon: "Mastodon", instagram: "Instagram", threads: "Threads",
  tiktok: "TikTok", youtube: "YouTube", facebook: "Facebook", truthsocial: "Truth Social",
};

export function platformName(platform: string): string {
  return PLATFORM_NAMES[platform] ?? platform;
}

/** Section titles by primary reaction, in the order an editor would run them. */
export const REACTION_SECTIONS: ReadonlyArray<[string, string]> = [
  ["condolence", "Sorrow and sympathy"],
  ["support", "Love and support"],
  ["prayer", "Prayers"],
  ["praise", "Praise and thanks"],
  ["defense", "Pushing back against the critics"],
  ["personal", "Personal stories"],
  ["information", "Facts and context"],
  ["criticism", "Criticism"],
  ["humor", "Humour"],
  ["other", "Other reactions"],
];

export interface BuildOptions {
  /**
   * "curated" (default): the included posts when the editor has included any, otherwise every
   * post not excluded. "all": every post not excluded, included or not (a preview of the pool).
   */
  selection?: "curated" | "all";
}

/** Section keys an editor's `section` decision can name besides the reaction types. */
const SUBJECT_SECTION: [string, string] = ["subject", "In their own words"];
const UNCLASSIFIED_SECTION: [string, string] = ["reactions", "What people are saying"];

/**
 * Groups posts for a roundup, following the editor's decisions where there are any:
 *
 * - Selection: when any post is included, only included posts; otherwise every post that is not
 *   excluded (so an uncurated story still has a roundup).
 * - Sections: the subject's own posts first ("In their own words"), then one section per primary
 *   reaction type in REACTION_SECTIONS order; when no reaction is classified, all reactions stay
 *   together ("What people are saying"). An editor's `section` overrides this for a post: a
 *   section key ("subject", a reaction type, "reactions") or a section title puts it there; any
 *   other text becomes a custom section with that title, after the built-in sections, in the
 *   order the curated post list first uses them.
 * - Order within a section: the curated order of src/curate (pinned first, then by effective
 *   rank: a hand-given rank, else the post's position, on one scale; unmoved posts keep arrival
 *   order). The subject's section always opens the roundup, so a pinned subject post comes first
 *   overall; a pinned reaction tops its own section.
 * - Copies (exact or near duplicates) of a post that is shown are left out and counted on it.
 * - Curation data does not reach the output (notes are never published); a pinned post is
 *   marked `pinned: true`.
 */
export function buildRoundup(story: Roundup["story"], allPosts: RoundupPost[], options: BuildOptions = {}): Roundup {
  const available = allPosts.filter((p) => p.curation?.status !== "excluded");
  const selected = (options.selection ?? "curated") === "curated" ? selectPublished(available) : available;
  const posts = curatedOrder(collapseCopies(selected, available));

  const classified = posts.some((p) => p.role !== "subject" && p.reaction);
  const known = new Map<string, string>([SUBJECT_SECTION, ...REACTION_SECTIONS, UNCLASSIFIED_SECTION]);
  const byTitle = new Map([...known].map(([key, title]) => [title.toLowerCase(), key]));
  const sectionKey = (p: RoundupPost): string => {
    const chosen = p.curation?.section?.trim();
    if (chosen) return known.has(chosen) ? chosen : byTitle.get(chosen.toLowerCase()) ?? `custom:${chosen}`;
    if (p.role === "subject") return "subject";
    if (!classified) return "reactions";
    return p.reaction && known.has(p.reaction) && p.reaction !== "subject" && p.reaction !== "reactions" ? p.reaction : "other";
  };

  const groups = new Map<string, RoundupPost[]>();
  for (const p of posts) {
    const key = sectionKey(p);
    let group = groups.get(key);
    if (!group) groups.set(key, (group = []));
    group.push(publicPost(p));
  }
  const builtIn = [SUBJECT_SECTION, ...REACTION_SECTIONS.filter(([key]) => key !== "other"), UNCLASSIFIED_SECTION, ["other", known.get("other")!] as [string, string]];
  const sections: RoundupSection[] = [];
  for (const [key, title] of builtIn) {
    const group = groups.get(key);
    if (group) sections.push({ key, title, posts: group });
  }
  // Custom sections: Map iteration follows insertion, i.e. first use in curated order.
  for (const [key, group] of groups) if (key.startsWith("custom:")) sections.push({ key, title: key.slice("custom:".length), posts: group });
  return { story, sections };
}

/**
 * The curated order of src/curate (the same as the feed's sort=curated): pinned first, then by
 * effective rank (a hand-given rank, else the post's position, on one scale), then position. A
 * post without a position takes its place in the input (1-based).
 */
function curatedOrder(posts: RoundupPost[]): RoundupPost[] {
  return posts
    .map((p, i) => ({ p, position: p.position ?? i + 1, curation: p.curation ?? UNDECIDED, i }))
    .sort((a, b) => compareCurated(a, b) || a.i - b.i)
    .map(({ p }) => p);
}

/** What a roundup publishes of a post: everything but the editor's curation record. */
function publicPost(p: RoundupPost): RoundupPost {
  const { curation, ...rest } = p;
  return curation?.pinned ? { ...rest, pinned: true } : rest;
}

/**
 * Copies (exact or near duplicates) of a post that is shown are left out; the original counts
 * every available copy (selected or not), since each is one more person posting the same words.
 * A copy whose original is not shown stays.
 */
function collapseCopies(selected: RoundupPost[], available: RoundupPost[]): RoundupPost[] {
  const present = new Set(selected.map((p) => p.key).filter(Boolean));
  const isHiddenCopy = (p: RoundupPost) => Boolean(p.duplicateOf && present.has(p.duplicateOf));
  const copies = new Map<string, number>();
  for (const p of available) if (isHiddenCopy(p)) copies.set(p.duplicateOf!, (copies.get(p.duplicateOf!) ?? 0) + 1);
  return selected
    .filter((p) => !isHiddenCopy(p))
    .map((p) => (p.key && copies.has(p.key) ? { ...p, copies: copies.get(p.key) } : p));
}

/** What stands in for a post whose source carried no text (a bare video or a text-less embed). */
export function missingTextNote(p: Pick<RoundupPost, "platform">): string {
  return p.platform === "youtube" ? "YouTube video; the article shows no text with it" : `${platformName(p.platform)} post without text in the source`;
}

/** " (and N copies of it)" after a post that others repeated. */
export function copiesNote(p: RoundupPost): string {
  return p.copies ? ` (and ${p.copies} ${p.copies === 1 ? "copy" : "copies"} of it)` : "";
}

/**
 * "— Name (@handle) date" parts, with whatever the source carried: `who` is null when no author
 * is shown, and `label` (the text of the link to the post) falls back to the platform's name.
 */
export function attributionParts(p: RoundupPost): { who: string | null; label: string; copies: string } {
  const name = p.authorName?.trim() || null;
  const handle = p.authorHandle ? `@${p.authorHandle}` : null;
  const who = name && handle ? `${name} (${handle})` : name ?? handle;
  const date = p.dateText ?? shownDate(p.createdAt);
  return { who, label: date ?? (who ? `on ${platformName(p.platform)}` : platformName(p.platform)), copies: copiesNote(p) };
}

const MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];

/**
 * A stored creation time as the seed article prints dates ("March 5, 2026"): the calendar day
 * in the time's own offset (UTC for "Z"), so a post is dated as its platform showed it.
 */
export function shownDate(createdAt: string | null): string | null {
  if (!createdAt) return null;
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(createdAt);
  if (!m) return createdAt;
  const month = MONTHS[Number(m[2]) - 1];
  return month ? `${month} ${Number(m[3])}, ${m[1]}` : createdAt;
}

/** Only http(s) links are ever written out; anything else (javascript:, data:) is dropped. */
export function safeHref(url: string | null): string | null {
  if (!url) return null;
  const full = url.startsWith("//") ? `https:${url}` : url;
  try {
    const u = new URL(full);
    return u.protocol === "https:" || u.protocol === "http:" ? u.href : null;
  } catch {
    return null;
  }
}
