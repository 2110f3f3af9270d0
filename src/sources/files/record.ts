// The simple record every file format can map to (a JSONL line of {text, author, ...}, a CSV row
// under a header): turned into a CollectedPost with the same checks whatever the format, and
// refused (PARSE_ERROR, saying where) when it cannot be a post.
import { VoxpopError, contentId, PLATFORMS, type CollectedPost, type Platform } from "../../core/index.ts";

export interface SimpleRecord {
  text?: string | null;
  author?: string | null;
  handle?: string | null;
  url?: string | null;
  createdAt?: string | number | null;
  platform?: string | null;
  id?: string | number | null;
  lang?: string | null;
  dateText?: string | null;
  tags?: string[] | null;
}

const PLATFORM_ALIASES: Record<string, Platform> = { twitter: "x", "x.com": "x", bsky: "bluesky", truth: "truthsocial", "truth social": "truthsocial", ig: "instagram", fb: "facebook", yt: "youtube" };

const HOST_PLATFORMS: Array<[RegExp, Platform]> = [
  [/(^|\.)(twitter\.com|x\.com)$/, "x"], [/(^|\.)bsky\.app$/, "bluesky"], [/(^|\.)instagram\.com$/, "instagram"],
  [/(^|\.)threads\.(net|com)$/, "threads"], [/(^|\.)tiktok\.com$/, "tiktok"], [/(^|\.)(youtube\.com|youtu\.be)$/, "youtube"],
  [/(^|\.)(facebook\.com|fb\.com)$/, "facebook"], [/(^|\.)truthsocial\.com$/, "truthsocial"],
];

function platformOf(raw: string | null | undefined, url: URL | null, where: string, fallback: Platform | null): Platform {
  const named = raw?.trim().toLowerCase();
  if (named) {
    if ((PLATFORMS as readonly string[]).includes(named)) return named as Platform;
    const alias = PLATFORM_ALIASES[named];
    if (alias) return alias;
    throw new VoxpopError("PARSE_ERROR", `${where}: unknown platform "${raw!.slice(0, 40)}" (one of ${PLATFORMS.join(", ")})`);
  }
  if (url) {
    const host = url.hostname.toLowerCase();
    for (const [re, platform] of HOST_PLATFORMS) if (re.test(host)) return platform;
    // Mastodon has no single host; its post URLs look like https://instance/@user/123456.
    if (/^\/@[^/]+\/\d+\/?$/.test(url.pathname)) return "mastodon";
  }
  if (fallback) return fallback;
  throw new VoxpopError("PARSE_ERROR", `${where}: no platform given and none can be told from the url; add a platform (${PLATFORMS.join(", ")}) or import with a default platform`);
}

const TWITTER_DATE = /^(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun) (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) (\d{2}) (\d{2}):(\d{2}):(\d{2}) ([+-]\d{4}) (\d{4})$/;
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** X's archive/API date ("Wed Oct 10 20:19:24 +0000 2018") as ISO 8601, or null. */
export function parseTwitterDate(s: string): string | null {
  const m = TWITTER_DATE.exec(s.trim());
  if (!m) return null;
  const [, mon, day, hh, mm, ss, off, year] = m;
  const iso = `${year}-${String(MONTHS.indexOf(mon!) + 1).padStart(2, "0")}-${day}T${hh}:${mm}:${ss}${off!.slice(0, 3)}:${off!.slice(3)}`;
  const t = Date.parse(iso);
  return Number.isFinite(t) ? new Date(t).toISOString() : null;
}

/**
 * A date as files write them: ISO 8601 (a bare date stays a date), epoch seconds or
 * milliseconds, X's format, or an RFC 2822 date. Null when it cannot be read with confidence.
 */
export function parseLooseDate(value: string | number): string | null {
  if (typeof value === "number" || /^\d{10}(\.\d+)?$|^\d{13}$/.test(value.trim())) {
    const n = Number(value);
    const ms = n < 1e11 ? n * 1000 : n;
    return Number.isFinite(ms) ? new Date(ms).toISOString() : null;
  }
  const s = value.trim();
  if (/^\d{4}-\d{2}-\d{2}$/.test(s)) return Number.isFinite(Date.parse(s)) ? s : null;
  const tw = parseTwitterDate(s);
  if (tw) return tw;
  // Date.parse accepts almost anything ("1" is 2001); ask for a four-digit year at least.
  if (!/\b\d{4}\b/.test(s)) return null;
  const t = Date.parse(s);
  return Number.isFinite(t) ? new Date(t).toISOString() : null;
}

function httpUrl(raw: string | null | undefined, where: string): URL | null {
  const s = raw?.trim();
  if (!s) return null;
  let url: URL;
  try {
    url = new URL(s);
  } catch {
    throw new VoxpopError("PARSE_ERROR", `${where}: url is not a valid URL: ${s.slice(0, 80)}`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") throw new VoxpopError("PARSE_ERROR", `${where}: url must be http or https, not ${url.protocol}`);
  return url;
}

const blankToNull = (s: string | null | undefined): string | null => {
  const t = s?.trim();
  return t ? t : null;
};

/** One simple record to a post; `where` ("line 12 of posts.csv") prefixes every refusal. */
export function simpleRecordToPost(rec: SimpleRecord, position: number, where: string, defaultPlatform: Platform | null = null): CollectedPost {
  const text = typeof rec.text === "string" ? rec.text : null;
  if (text === null || text.trim() === "") throw new VoxpopError("PARSE_ERROR", `${where}: the post has no text`);
  const url = httpUrl(rec.url, where);
  const platform = platformOf(rec.platform, url, where, defaultPlatform);
  const handle = blankToNull(rec.handle)?.replace(/^@+/, "") || null;
  const rawDate = rec.createdAt == null || rec.createdAt === "" ? null : rec.createdAt;
  const createdAt = rawDate === null ? null : parseLooseDate(rawDate);
  const dateText = blankToNull(rec.dateText) ?? (rawDate === null ? null : String(rawDate).trim());
  const givenId = rec.id == null ? null : blankToNull(String(rec.id));
  // An X post's URL names its id; using it lets the same post found in an article merge with this one.
  const urlId = platform === "x" && url ? (/\/status(?:es)?\/(\d+)/.exec(url.pathname)?.[1] ?? null) : null;
  const post: CollectedPost = {
    platform,
    id: givenId ?? urlId ?? contentId(platform, handle, dateText, text),
    url: url ? url.href : null,
    author: { name: blankToNull(rec.author), handle },
    createdAt,
    dateText,
    text,
    links: [],
    mentions: [],
    position,
    inArticle: true,
  };
  const lang = blankToNull(rec.lang);
  if (lang) post.lang = lang;
  if (rec.tags && rec.tags.length) post.tags = rec.tags;
  return post;
}
