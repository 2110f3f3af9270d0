// Pure text helpers for the web app (no DOM, so node:test covers them): which URLs may become
// links, splitting post text into text and link segments, and the labels and dates shown on cards.

/**
 * The URL to put in an href, or null. External links: absolute http(s) only. With
 * `allowRelative`, a same-origin path ("/api/...") is accepted too, never "//host" or a scheme.
 */
export function safeHref(raw: string, allowRelative: boolean): string | null {
  const url = raw.trim();
  if (!url) return null;
  if (allowRelative && url.startsWith("/") && !url.startsWith("//") && !url.startsWith("/\\")) return url;
  let parsed: URL;
  try { parsed = new URL(url); } catch { return null; }
  if (parsed.protocol !== "http:" && parsed.protocol !== "https:") return null;
  return parsed.href;
}

export type Segment = { kind: "text"; text: string } | { kind: "link"; text: string; href: string };

const URL_RE = /\bhttps?:\/\/[^\s<>"'`]+/gi;

/** Splits text into plain and link segments; trailing punctuation stays out of a link. */
export function splitLinks(text: string): Segment[] {
  const out: Segment[] = [];
  let last = 0;
  for (const m of text.matchAll(URL_RE)) {
    let raw = m[0];
    // "see https://x.org/a)." : the ")." belongs to the sentence, unless the URL opened a "(".
    while (/[.,;:!?)\]}'"»]$/.test(raw)) {
      if (raw.endsWith(")") && (raw.match(/\(/g)?.length ?? 0) >= (raw.match(/\)/g)?.length ?? 0)) break;
      raw = raw.slice(0, -1);
    }
    const start = m.index;
    const href = safeHref(raw, false);
    if (!href) continue;
    if (start > last) out.push({ kind: "text", text: text.slice(last, start) });
    out.push({ kind: "link", text: raw, href });
    last = start + raw.length;
  }
  if (last < text.length) out.push({ kind: "text", text: text.slice(last) });
  return out;
}

const NETWORKS: Record<string, string> = {
  x: "X", bluesky: "Bluesky", mastodon: "Mastodon", instagram: "Instagram", threads: "Threads",
  tiktok: "TikTok", youtube: "YouTube", facebook: "Facebook", truthsocial: "Truth Social",
};

export function networkLabel(platform: string): string {
  return NETWORKS[platform] ?? platform;
}

export const PLATFORM_OPTIONS = Object.keys(NETWORKS);

export const REACTIONS = [
  "condolence", "support", "prayer", "praise", "defense", "criticism", "personal", "information", "humor", "other",
] as const;

export const EMOTIONS = [
  "admiration", "amusement", "anger", "annoyance", "approval", "caring", "confusion", "curiosity", "desire",
  "disappointment", "disapproval", "disgust", "embarrassment", "excitement", "fear", "gratitude", "grief", "joy",
  "love", "nervousness", "optimism", "pride", "realization", "relief", "remorse", "sadness", "surprise", "neutral",
] as const;

export function capitalize(s: string): string {
  return s ? s[0]!.toUpperCase() + s.slice(1) : s;
}

/** "3 posts", "1 post". */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString("en-US")} ${n === 1 ? one : many}`;
}

/**
 * A short absolute date for a card: "Mar 4, 2025, 14:05 UTC" for a time with a zone; a date alone
 * ("Mar 4, 2025") when the source showed only a date; no "UTC" when the source named no zone.
 */
export function formatDate(iso: string | null | undefined): string {
  if (!iso) return "";
  const months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
  const local = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::[\d.]+)?)?$/.exec(iso);
  if (local) {
    const [, y, mo, da, hh, mi] = local;
    const day = `${months[Number(mo) - 1] ?? mo} ${Number(da)}, ${y}`;
    return hh === undefined ? day : `${day}, ${hh}:${mi}`;
  }
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const month = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"][d.getUTCMonth()];
  const hh = String(d.getUTCHours()).padStart(2, "0");
  const mm = String(d.getUTCMinutes()).padStart(2, "0");
  return `${month} ${d.getUTCDate()}, ${d.getUTCFullYear()}, ${hh}:${mm} UTC`;
}

/** "5 min ago", "3 h ago", "2 d ago", else the date. */
export function relativeTime(iso: string | null | undefined, now: number): string {
  if (!iso) return "";
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return iso;
  const s = Math.round((now - t) / 1000);
  if (s < 0) return formatDate(iso);
  if (s < 60) return "just now";
  if (s < 3600) return `${Math.floor(s / 60)} min ago`;
  if (s < 86400) return `${Math.floor(s / 3600)} h ago`;
  if (s < 86400 * 30) return `${Math.floor(s / 86400)} d ago`;
  return formatDate(iso);
}

/** Splits a list typed into one input: commas or whitespace; "@" and "#" prefixes dropped. */
export function parseList(input: string, strip: "@" | "#" | null = null): string[] {
  const parts = input.split(strip ? /[\s,]+/ : /,/).map((p) => p.trim()).filter(Boolean);
  const out: string[] = [];
  for (let p of parts) {
    if (strip && p.startsWith(strip)) p = p.slice(1);
    if (p && !out.includes(p)) out.push(p);
  }
  return out;
}

export function postKey(p: { platform: string; id: string }): string {
  return `${p.platform}:${p.id}`;
}

export function truncate(s: string, max: number): string {
  return s.length <= max ? s : `${s.slice(0, max - 1)}…`;
}
