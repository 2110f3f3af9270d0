import type { Roundup, RoundupPost, RoundupSection } from "./types.ts";

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

/**
 * Groups posts for a roundup: the subject's own posts first, then one section per primary
 * reaction type (article order within each). When nothing has been classified, all reactions
 * stay together in article order.
 */
export function buildRoundup(story: Roundup["story"], allPosts: RoundupPost[]): Roundup {
  const posts = collapseCopies(allPosts);
  const sections: RoundupSection[] = [];
  const subject = posts.filter((p) => p.role === "subject");
  const reactions = posts.filter((p) => p.role !== "subject");
  if (subject.length) sections.push({ key: "subject", title: "In their own words", posts: subject });
  if (!reactions.some((p) => p.reaction)) {
    if (reactions.length) sections.push({ key: "reactions", title: "What people are saying", posts: reactions });
    return { story, sections };
  }
  const known = new Set(REACTION_SECTIONS.map(([key]) => key));
  for (const [key, title] of REACTION_SECTIONS) {
    const group = reactions.filter((p) => (p.reaction && known.has(p.reaction) ? p.reaction : "other") === key);
    if (group.length) sections.push({ key, title, posts: group });
  }
  return { story, sections };
}

/** Copies of a post (exact or near duplicates) are left out; the original counts them. */
function collapseCopies(posts: RoundupPost[]): RoundupPost[] {
  const present = new Set(posts.map((p) => p.key).filter(Boolean));
  const copies = new Map<string, number>();
  for (const p of posts) if (p.duplicateOf && present.has(p.duplicateOf)) copies.set(p.duplicateOf, (copies.get(p.duplicateOf) ?? 0) + 1);
  return posts
    .filter((p) => !(p.duplicateOf && present.has(p.duplicateOf)))
    .map((p) => (p.key && copies.has(p.key) ? { ...p, copies: copies.get(p.key) } : p));
}

/** What stands in for a post whose source carried no text (a bare video or a text-less embed). */
export function missingTextNote(p: RoundupPost): string {
  return p.platform === "youtube" ? "YouTube video; the article shows no text with it" : `${platformName(p.platform)} post without text in the source`;
}

/**
 * "— Name (@handle) date" parts, with whatever the source carried: `who` is null when no author
 * is shown, and `label` (the text of the link to the post) falls back to the platform's name.
 */
export function copiesNote(p: RoundupPost): string {
  return p.copies ? ` (and ${p.copies} ${p.copies === 1 ? "copy" : "copies"} of it)` : "";
}

export function attributionParts(p: RoundupPost): { who: string | null; label: string; copies: string } {
  const name = p.authorName?.trim() || null;
  const handle = p.authorHandle ? `@${p.authorHandle}` : null;
  const who = name && handle ? `${name} (${handle})` : name ?? handle;
  const date = p.dateText ?? p.createdAt;
  return { who, label: date ?? (who ? `on ${platformName(p.platform)}` : platformName(p.platform)), copies: copiesNote(p) };
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
