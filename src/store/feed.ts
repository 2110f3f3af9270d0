// What every Store shares about the feed query (docs/API.md "Posts"): checking and normalising
// a PostQuery, the opaque keyset cursor, and the stats timeline's buckets. The SQL lives with
// each backend.
//
// Paging: the first page takes a snapshot (the story's highest position); every later page of
// the same query reads only posts up to it, so posts that arrive while a client pages through
// never shift, repeat or skip a page (they come through postsAfter / the events stream). Each
// page starts after the last row of the page before, by that row's sort key (keyset), which
// ends in the position, so the order is total. The counts are the first page's, carried along.

import { PLATFORMS, sha256, VoxpopError } from "../core/index.ts";
import type { Platform } from "../core/index.ts";
import type { PostQuery, StoryStats } from "./store.ts";

export const FEED_LIMIT_DEFAULT = 50;
export const FEED_LIMIT_MAX = 500;
export const SORTS = ["position", "newest", "oldest", "relevance", "notability", "curated"] as const;
export type FeedSort = (typeof SORTS)[number];

export interface NormalQuery {
  reaction: string[];
  emotion: string[];
  lang: string[];
  platform: Platform[];
  role: "subject" | "reaction" | null;
  minNotability: number | null;
  abuse: "hide" | "show" | "only";
  status: "included" | "excluded" | "undecided" | "pinned" | null;
  /** ISO 8601 instants (a date-only `until` runs to the end of that day). */
  since: string | null;
  until: string | null;
  q: string | null;
  sort: FeedSort;
  limit: number;
  cursor: FeedCursor | null;
  /** Identifies the filters and sort, so a cursor is not used with another query. */
  fingerprint: string;
}

export interface FeedCursor {
  /** The story's highest position when the first page was read. */
  snapshot: number;
  /** The sort key of the last row of the previous page. */
  after: Array<number | string>;
  /** The first page's counts (posts matching all but the abuse filter, abusive ones among them). */
  counts: [number, number];
}

function bad(message: string): never {
  throw new VoxpopError("INVALID_ARGUMENT", `posts query: ${message}`);
}

function stringList(v: unknown, name: string): string[] {
  if (v === undefined || v === null) return [];
  const list = Array.isArray(v) ? v : [v];
  if (!list.every((x) => typeof x === "string" && x !== "" && x.length <= 200)) bad(`${name} must be a list of non-empty strings`);
  return [...new Set(list as string[])].sort();
}

function instant(v: unknown, name: string, endOfDay: boolean): string | null {
  if (v === undefined || v === null || v === "") return null;
  if (typeof v !== "string" || !/^\d{4}-\d{2}-\d{2}/.test(v) || !Number.isFinite(Date.parse(v))) bad(`${name} must be an ISO 8601 date or date-time`);
  const ms = Date.parse(v) + (endOfDay && /^\d{4}-\d{2}-\d{2}$/.test(v) ? 86_400_000 - 1 : 0);
  return new Date(ms).toISOString();
}

export function normalizeQuery(query: PostQuery | null | undefined): NormalQuery {
  const q = (query ?? {}) as Record<string, unknown>;
  if (typeof q !== "object") bad("must be an object");
  const platform = stringList(q.platform, "platform");
  for (const p of platform) if (!(PLATFORMS as readonly string[]).includes(p)) bad(`platform must be one of ${PLATFORMS.join(", ")}`);
  const oneOf = <T extends string>(v: unknown, name: string, allowed: readonly T[]): T | null => {
    if (v === undefined || v === null) return null;
    if (typeof v !== "string" || !(allowed as readonly string[]).includes(v)) bad(`${name} must be one of ${allowed.join(", ")}`);
    return v as T;
  };
  let minNotability: number | null = null;
  if (q.minNotability !== undefined && q.minNotability !== null) {
    if (typeof q.minNotability !== "number" || !(q.minNotability >= 0 && q.minNotability <= 1)) bad("minNotability must be a number from 0 to 1");
    minNotability = q.minNotability;
  }
  let limit = FEED_LIMIT_DEFAULT;
  if (q.limit !== undefined && q.limit !== null) {
    if (typeof q.limit !== "number" || !Number.isInteger(q.limit) || q.limit < 1) bad("limit must be a positive whole number");
    limit = Math.min(FEED_LIMIT_MAX, q.limit);
  }
  let text: string | null = null;
  if (q.q !== undefined && q.q !== null) {
    if (typeof q.q !== "string" || q.q.length > 1000) bad("q must be a string of at most 1000 characters");
    text = q.q.trim() === "" ? null : q.q;
  }
  const since = instant(q.since, "since", false);
  const until = instant(q.until, "until", true);
  if (since && until && since > until) bad("since is after until");
  const normal: Omit<NormalQuery, "cursor" | "fingerprint"> = {
    reaction: stringList(q.reaction, "reaction"),
    emotion: stringList(q.emotion, "emotion"),
    lang: stringList(q.lang, "lang"),
    platform: platform as Platform[],
    role: oneOf(q.role, "role", ["subject", "reaction"] as const),
    minNotability,
    abuse: oneOf(q.abuse, "abuse", ["hide", "show", "only"] as const) ?? "hide",
    status: oneOf(q.status, "status", ["included", "excluded", "undecided", "pinned"] as const),
    since,
    until,
    q: text,
    sort: oneOf(q.sort, "sort", SORTS) ?? "position",
    limit,
  };
  const { limit: _limit, ...filters } = normal;
  const fingerprint = sha256(JSON.stringify(filters)).slice(0, 16);
  let cursor: FeedCursor | null = null;
  if (q.cursor !== undefined && q.cursor !== null && q.cursor !== "") cursor = decodeCursor(q.cursor, fingerprint);
  return { ...normal, cursor, fingerprint };
}

export function encodeCursor(fingerprint: string, cursor: FeedCursor): string {
  return Buffer.from(JSON.stringify({ f: fingerprint, s: cursor.snapshot, a: cursor.after, c: cursor.counts }), "utf8").toString("base64url");
}

function decodeCursor(v: unknown, fingerprint: string): FeedCursor {
  const invalid = () => bad("cursor is not valid (it must be a nextCursor from this same query)");
  if (typeof v !== "string" || v.length > 2000 || !/^[A-Za-z0-9_-]+$/.test(v)) invalid();
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(v as string, "base64url").toString("utf8"));
  } catch {
    invalid();
  }
  const c = parsed as { f?: unknown; s?: unknown; a?: unknown; c?: unknown };
  if (!c || typeof c !== "object" || c.f !== fingerprint) {
    if (c && typeof c === "object" && typeof c.f === "string") bad("cursor belongs to another query (filters or sort changed); start again without it");
    invalid();
  }
  if (typeof c.s !== "number" || !Number.isInteger(c.s) || !Array.isArray(c.a) || c.a.length === 0 || c.a.length > 4 ||
      !c.a.every((x) => (typeof x === "number" && Number.isFinite(x)) || typeof x === "string") ||
      !Array.isArray(c.c) || c.c.length !== 2 || !c.c.every((x) => Number.isInteger(x) && x >= 0)) invalid();
  return { snapshot: c.s as number, after: c.a as Array<number | string>, counts: c.c as [number, number] };
}

// ---- stats --------------------------------------------------------------------------------------

const HOUR = 3_600_000;
const DAY = 86_400_000;
/** Gaps in the timeline are filled with zero buckets up to this many buckets. */
const FILL_MAX = 5000;

/** Hourly buckets for a story spanning up to three days, daily beyond. */
export function chooseBucket(firstMs: number | null, lastMs: number | null): "hour" | "day" {
  if (firstMs === null || lastMs === null) return "hour";
  return lastMs - firstMs <= 3 * DAY ? "hour" : "day";
}

/** Bucket starts as ISO 8601 UTC ("2031-03-04T17:00:00Z"), the format both backends produce. */
export function bucketStart(ms: number, bucket: "hour" | "day"): string {
  const step = bucket === "hour" ? HOUR : DAY;
  return new Date(Math.floor(ms / step) * step).toISOString().replace(/\.\d{3}Z$/, "Z");
}

/** The counted buckets in time order, with empty buckets between them filled in. */
export function fillTimeline(rows: StoryStats["timeline"], bucket: "hour" | "day"): StoryStats["timeline"] {
  const sorted = [...rows].sort((a, b) => (a.t < b.t ? -1 : a.t > b.t ? 1 : 0));
  if (sorted.length < 2) return sorted;
  const step = bucket === "hour" ? HOUR : DAY;
  const first = Date.parse(sorted[0]!.t);
  const last = Date.parse(sorted[sorted.length - 1]!.t);
  if ((last - first) / step > FILL_MAX) return sorted;
  const byT = new Map(sorted.map((r) => [r.t, r]));
  const out: StoryStats["timeline"] = [];
  for (let ms = first; ms <= last; ms += step) {
    const t = bucketStart(ms, bucket);
    out.push(byT.get(t) ?? { t, posts: 0, subjectPosts: 0 });
  }
  return out;
}
