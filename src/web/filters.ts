// The feed's filters as data: parsed from and written to the page's query string (so a filtered
// view can be bookmarked and shared), turned into the API's query (docs/API.md, "Posts"), and
// checked against a post that arrives live, to decide whether and where it joins the list.

import type { Curation, FeedPost, PostQuery } from "../store/store.ts";

export type Sort = NonNullable<PostQuery["sort"]>;
export const SORTS: readonly Sort[] = ["position", "newest", "oldest", "relevance", "notability", "curated"];
export const SORT_LABELS: Record<Sort, string> = {
  position: "Arrival order", newest: "Newest first", oldest: "Oldest first",
  relevance: "Most relevant", notability: "Most notable", curated: "Roundup order",
};

export type Status = NonNullable<PostQuery["status"]>;
export type Abuse = NonNullable<PostQuery["abuse"]>;

export interface Filters {
  reaction: string[];
  emotion: string[];
  lang: string[];
  platform: string[];
  role: "" | "subject" | "reaction";
  minNotability: number;
  abuse: Abuse;
  status: "" | Status;
  since: string;
  until: string;
  q: string;
  sort: Sort;
}

export const DEFAULT_FILTERS: Filters = {
  reaction: [], emotion: [], lang: [], platform: [], role: "", minNotability: 0, abuse: "hide",
  status: "", since: "", until: "", q: "", sort: "position",
};

const LISTS = ["reaction", "emotion", "lang", "platform"] as const;

/** Reads filters from a query string; unknown or malformed values fall back to the defaults. */
export function parseFilters(search: string | URLSearchParams): Filters {
  const p = typeof search === "string" ? new URLSearchParams(search) : search;
  const f: Filters = { ...DEFAULT_FILTERS, reaction: [], emotion: [], lang: [], platform: [] };
  for (const name of LISTS) {
    const values: string[] = [];
    for (const v of p.getAll(name)) for (const part of v.split(",")) {
      const t = part.trim();
      if (t && !values.includes(t)) values.push(t);
    }
    f[name] = values;
  }
  const role = p.get("role");
  if (role === "subject" || role === "reaction") f.role = role;
  const n = Number(p.get("minNotability"));
  if (Number.isFinite(n) && n > 0) f.minNotability = Math.min(1, n);
  const abuse = p.get("abuse");
  if (abuse === "show" || abuse === "only" || abuse === "hide") f.abuse = abuse;
  const status = p.get("status");
  if (status === "included" || status === "excluded" || status === "undecided" || status === "pinned") f.status = status;
  f.since = p.get("since")?.trim() ?? "";
  f.until = p.get("until")?.trim() ?? "";
  f.q = p.get("q") ?? "";
  const sort = p.get("sort");
  if (sort && (SORTS as readonly string[]).includes(sort)) f.sort = sort as Sort;
  return f;
}

/**
 * The query string for the filters, defaults left out. `forApi` writes what the API takes
 * (dates as ISO 8601; the page keeps what the date inputs hold).
 */
export function filtersToParams(f: Filters, forApi = false): URLSearchParams {
  const p = new URLSearchParams();
  for (const name of LISTS) for (const v of f[name]) p.append(name, v);
  if (f.role) p.set("role", f.role);
  if (f.minNotability > 0) p.set("minNotability", String(f.minNotability));
  if (f.abuse !== "hide") p.set("abuse", f.abuse);
  if (f.status) p.set("status", f.status);
  if (f.since) p.set("since", forApi ? toIso(f.since, false) : f.since);
  if (f.until) p.set("until", forApi ? toIso(f.until, true) : f.until);
  if (f.q.trim()) p.set("q", f.q.trim());
  if (f.sort !== "position") p.set("sort", f.sort);
  return p;
}

/** "2025-03-04" (a date input) → start or end of that UTC day; full timestamps pass through. */
export function toIso(value: string, endOfDay: boolean): string {
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return `${value}T${endOfDay ? "23:59:59.999" : "00:00:00.000"}Z`;
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(value)) return `${value}:00.000Z`;
  return value;
}

/** How many filters differ from the defaults (search and sort not counted): for a badge. */
export function activeFilterCount(f: Filters): number {
  let n = 0;
  for (const name of LISTS) if (f[name].length) n++;
  if (f.role) n++;
  if (f.minNotability > 0) n++;
  if (f.status) n++;
  if (f.since) n++;
  if (f.until) n++;
  if (f.abuse === "only") n++;
  return n;
}

export function isAbusive(p: Pick<FeedPost, "facets">): boolean {
  return p.facets.offensive || p.facets.hate;
}

/**
 * Whether a post that arrived live belongs in the filtered feed: "yes", "no", "hidden" (only the
 * abuse filter leaves it out: it adds to the hidden count), or "unknown" (a text search is on:
 * only the server can tell).
 */
export function matchPost(f: Filters, p: FeedPost, curation: Curation = p.curation): "yes" | "no" | "hidden" | "unknown" {
  if (f.reaction.length && !(p.facets.reaction && f.reaction.includes(p.facets.reaction))) return "no";
  if (f.emotion.length && !p.facets.emotions.some((e) => f.emotion.includes(e))) return "no";
  if (f.lang.length && !(p.facets.lang && f.lang.includes(p.facets.lang))) return "no";
  if (f.platform.length && !f.platform.includes(p.platform)) return "no";
  if (f.role && p.role !== f.role) return "no";
  if (f.minNotability > 0 && p.facets.notability < f.minNotability) return "no";
  if (f.status === "pinned" ? !curation.pinned : f.status && curation.status !== f.status) return "no";
  const t = p.createdAt ? Date.parse(p.createdAt) : NaN;
  if (f.since && !(t >= Date.parse(toIso(f.since, false)))) return "no";
  if (f.until && !(t <= Date.parse(toIso(f.until, true)))) return "no";
  const abusive = isAbusive(p);
  if (f.abuse === "only" && !abusive) return "no";
  if (f.q.trim()) return "unknown";
  if (f.abuse === "hide" && abusive) return "hidden";
  return "yes";
}

/**
 * Where a new post goes among the loaded ones under this sort, or null when the client cannot
 * tell (relevance, roundup order): the feed is then reloaded. `length` means "at the end".
 */
export function insertionIndex(sort: Sort, loaded: readonly FeedPost[], p: FeedPost): number | null {
  const cmp = comparator(sort);
  if (!cmp) return null;
  let lo = 0;
  let hi = loaded.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (cmp(loaded[mid]!, p) <= 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function time(p: FeedPost): number {
  const t = p.createdAt ? Date.parse(p.createdAt) : NaN;
  return Number.isNaN(t) ? 0 : t;
}

function comparator(sort: Sort): ((a: FeedPost, b: FeedPost) => number) | null {
  switch (sort) {
    case "position": return (a, b) => a.position - b.position;
    case "newest": return (a, b) => time(b) - time(a) || b.position - a.position;
    case "oldest": return (a, b) => time(a) - time(b) || a.position - b.position;
    case "notability": return (a, b) => b.facets.notability - a.facets.notability || a.position - b.position;
    default: return null;
  }
}
