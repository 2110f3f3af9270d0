import type { Roundup, RoundupPost, RoundupSection } from "./types.ts";

const PLATFORM_NAMES: Record<string, string> = {
  x: "X", bluesky: "Bluesky", mastodon: "Mastodon", instagram: "Instagram", threads: "Threads",
  tiktok: "TikTok", youtube: "YouTube", facebook: "Facebook", truthsocial: "Truth Social",
};

export function platformName(platform: string): string {
  return PLATFORM_NAMES[platform] ?? platform;
}

/**
 * Groups posts for a roundup. For now: the subject's own posts first, then every reaction in
 * story (article) order. Grouping by reaction type arrives with the understanding stage.
 */
export function buildRoundup(story: Roundup["story"], posts: RoundupPost[]): Roundup {
  const sections: RoundupSection[] = [];
  const subject = posts.filter((p) => p.role === "subject");
  const reactions = posts.filter((p) => p.role !== "subject");
  if (subject.length) sections.push({ key: "subject", title: "In their own words", posts: subject });
  if (reactions.length) sections.push({ key: "reactions", title: "What people are saying", posts: reactions });
  return { story, sections };
}

/** "— Name (@handle) date" parts, with whatever the source carried. */
export function attributionParts(p: RoundupPost): { who: string; date: string | null } {
  const name = p.authorName?.trim() || null;
  const handle = p.authorHandle ? `@${p.authorHandle}` : null;
  const who = name && handle ? `${name} (${handle})` : name ?? handle ?? `an unnamed ${platformName(p.platform)} user`;
  return { who, date: p.dateText ?? p.createdAt };
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
