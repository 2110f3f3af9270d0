// The dedupe slot's conflict rule, shared by every Store implementation: when a post with the same
// (platform, id) is already stored, `mergePost` decides what the stored row becomes. Kept pure and
// separate from the SQL so SQLite and PostgreSQL cannot drift apart on what "the same post read
// again" means.

import { PLATFORMS, VoxpopError } from "../core/index.ts";
import type { ArticleMeta, CollectedPost, FlatPost } from "../core/index.ts";
import type { SaveBatch } from "./store.ts";

/** The post fields a store keeps per (platform, id); per-source facts live in provenance. */
export interface PostRecord extends FlatPost {
  links: string[];
  mentions: string[];
  lang: string | null;
  tags: string[];
  replyTo: string | null;
  replyRoot: string | null;
  quoteOf: string | null;
  repostOf: string | null;
  authorAccount: string | null;
  authorFollowers: number | null;
  authorVerified: boolean | null;
}

export function toPostRecord(post: CollectedPost): PostRecord {
  return {
    platform: post.platform,
    id: post.id,
    url: post.url ?? null,
    authorName: post.author?.name ?? null,
    authorHandle: normalizeHandle(post.author?.handle ?? null),
    createdAt: post.createdAt ?? null,
    dateText: post.dateText ?? null,
    text: post.text ?? null,
    links: [...(post.links ?? [])],
    mentions: (post.mentions ?? []).map((m) => m.replace(/^@/, "")),
    lang: post.lang ?? null,
    tags: [...(post.tags ?? [])].map((t) => t.replace(/^#/, "")),
    replyTo: post.replyTo ?? null,
    replyRoot: post.replyRoot ?? null,
    quoteOf: post.quoteOf ?? null,
    repostOf: post.repostOf ?? null,
    authorAccount: post.author?.id ?? null,
    authorFollowers: post.author?.followers ?? null,
    authorVerified: post.author?.verified ?? null,
  };
}

/**
 * Merge a new read of a post into the stored one. Returns null when nothing changes.
 * Rules: a null never erases a known value; a newer non-null value replaces an older one (a later,
 * better extraction can correct a field), except that a date-only createdAt never replaces a
 * date-time on the same day; links and mentions are unions in first-seen order.
 */
export function mergePost(existing: PostRecord, incoming: PostRecord): PostRecord | null {
  const merged: PostRecord = {
    platform: existing.platform,
    id: existing.id,
    url: incoming.url ?? existing.url,
    authorName: incoming.authorName ?? existing.authorName,
    authorHandle: incoming.authorHandle ?? existing.authorHandle,
    createdAt: mergeCreatedAt(existing.createdAt, incoming.createdAt),
    dateText: incoming.dateText ?? existing.dateText,
    text: incoming.text ?? existing.text,
    links: union(existing.links, incoming.links),
    mentions: unionCaseless(existing.mentions, incoming.mentions),
    lang: incoming.lang ?? existing.lang,
    tags: unionCaseless(existing.tags, incoming.tags),
    replyTo: incoming.replyTo ?? existing.replyTo,
    replyRoot: incoming.replyRoot ?? existing.replyRoot,
    quoteOf: incoming.quoteOf ?? existing.quoteOf,
    repostOf: incoming.repostOf ?? existing.repostOf,
    authorAccount: incoming.authorAccount ?? existing.authorAccount,
    authorFollowers: incoming.authorFollowers ?? existing.authorFollowers,
    authorVerified: incoming.authorVerified ?? existing.authorVerified,
  };
  return samePost(existing, merged) ? null : merged;
}

function mergeCreatedAt(old: string | null, neu: string | null): string | null {
  if (neu === null) return old;
  if (old === null) return neu;
  // Same calendar day, one more precise than the other: keep the precise one.
  if (old.slice(0, 10) === neu.slice(0, 10) && old.length > neu.length) return old;
  return neu;
}

function union(a: string[], b: string[]): string[] {
  const out = [...a];
  const seen = new Set(a);
  for (const x of b) if (!seen.has(x)) { seen.add(x); out.push(x); }
  return out;
}

function unionCaseless(a: string[], b: string[]): string[] {
  const out = [...a];
  const seen = new Set(a.map((x) => x.toLowerCase()));
  for (const x of b) {
    const k = x.toLowerCase();
    if (!seen.has(k)) { seen.add(k); out.push(x); }
  }
  return out;
}

export function samePost(a: PostRecord, b: PostRecord): boolean {
  return a.url === b.url && a.authorName === b.authorName && a.authorHandle === b.authorHandle &&
    a.createdAt === b.createdAt && a.dateText === b.dateText && a.text === b.text &&
    sameList(a.links, b.links) && sameList(a.mentions, b.mentions) &&
    a.lang === b.lang && sameList(a.tags, b.tags) && a.replyTo === b.replyTo && a.replyRoot === b.replyRoot &&
    a.quoteOf === b.quoteOf && a.repostOf === b.repostOf && a.authorAccount === b.authorAccount &&
    a.authorFollowers === b.authorFollowers && a.authorVerified === b.authorVerified;
}

function sameList(a: string[], b: string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/** Handle without "@" and surrounding space; empty becomes null. */
export function normalizeHandle(handle: string | null): string | null {
  if (handle === null) return null;
  const h = handle.trim().replace(/^@+/, "").trim();
  return h === "" ? null : h;
}

/** The case-insensitive key handles are compared by. */
export function handleKey(handle: string): string {
  return handle.toLowerCase();
}

/** Subjects as given, without "@", blanks and case-insensitive repeats. */
export function normalizeSubjects(subjects: readonly string[]): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  for (const s of subjects) {
    if (typeof s !== "string") throw new VoxpopError("INVALID_ARGUMENT", "story subjects must be strings");
    const h = normalizeHandle(s);
    if (h === null || seen.has(handleKey(h))) continue;
    seen.add(handleKey(h));
    out.push(h);
  }
  return out;
}

export function ensureValidStoryName(name: unknown): string {
  if (typeof name !== "string" || name.trim() === "") {
    throw new VoxpopError("INVALID_ARGUMENT", "a story name must be a non-empty string");
  }
  return name.trim();
}

const PLATFORM_SET: ReadonlySet<string> = new Set(PLATFORMS);

/**
 * Checks a batch before anything is written, so a bad post fails the batch with a clear message
 * instead of a constraint error half-way (the transaction would roll back either way).
 */
export function ensureValidBatch(batch: SaveBatch): void {
  const bad = (msg: string): never => { throw new VoxpopError("INVALID_ARGUMENT", `savePosts: ${msg}`); };
  if (batch === null || typeof batch !== "object") bad("batch must be an object");
  if (!Array.isArray(batch.posts)) bad("posts must be an array");
  if (batch.annotations != null && !Array.isArray(batch.annotations)) bad("annotations must be an array aligned with posts");
  if (!batch.source || typeof batch.source.uri !== "string" || batch.source.uri === "") bad("source.uri is required");
  if (typeof batch.source.kind !== "string" || batch.source.kind === "") bad("source.kind is required");
  if (batch.collectedAt !== undefined && (typeof batch.collectedAt !== "string" || Number.isNaN(Date.parse(batch.collectedAt)))) {
    bad("collectedAt must be an ISO 8601 date-time");
  }
  if (batch.raw != null) {
    const p = batch.raw.payload;
    if (typeof p !== "string" && !(p instanceof Uint8Array)) bad("raw.payload must be a string or bytes");
    if (typeof batch.raw.contentType !== "string" || batch.raw.contentType === "") bad("raw.contentType is required");
  }
  const perPost = (name: "raws" | "matches" | "sourceUris" | "annotations") => {
    const list = batch[name];
    if (list != null && (!Array.isArray(list) || list.length > batch.posts.length)) bad(`${name} must be an array aligned with posts`);
  };
  perPost("raws"); perPost("matches"); perPost("sourceUris"); perPost("annotations");
  for (const m of batch.matches ?? []) {
    if (m && (m.role !== "subject" && m.role !== "reaction" || !(m.relevance >= 0 && m.relevance <= 1) || !Array.isArray(m.reasons))) {
      bad("each match needs a role (subject|reaction), a relevance in 0..1 and a list of reasons");
    }
  }
  if (batch.cursor != null && (typeof batch.cursor.source !== "string" || batch.cursor.source === "" || typeof batch.cursor.cursor !== "string")) {
    bad("cursor needs a non-empty source and a string cursor");
  }
  const optString = (v: unknown): boolean => v === null || v === undefined || typeof v === "string";
  const stringList = (v: unknown): boolean => v === undefined || (Array.isArray(v) && v.every((x) => typeof x === "string"));
  batch.posts.forEach((p, i) => {
    const at = `posts[${i}]`;
    if (p === null || typeof p !== "object") bad(`${at} must be an object`);
    if (!PLATFORM_SET.has(p.platform)) bad(`${at}.platform ${JSON.stringify(p.platform)} is not a known platform`);
    if (typeof p.id !== "string" || p.id === "") bad(`${at}.id must be a non-empty string`);
    if (!optString(p.url) || !optString(p.createdAt) || !optString(p.dateText) || !optString(p.text)) {
      bad(`${at}: url, createdAt, dateText and text must be strings or null`);
    }
    if (p.author != null && (!optString(p.author.name) || !optString(p.author.handle))) bad(`${at}.author: name and handle must be strings or null`);
    if (!stringList(p.links) || !stringList(p.mentions) || !stringList(p.tags)) bad(`${at}: links, mentions and tags must be arrays of strings`);
    if (!optString(p.lang) || !optString(p.replyTo) || !optString(p.replyRoot) || !optString(p.quoteOf) || !optString(p.repostOf)) {
      bad(`${at}: lang, replyTo, replyRoot, quoteOf and repostOf must be strings or null`);
    }
    const f = p.author?.followers;
    if (f !== undefined && f !== null && !(Number.isSafeInteger(f) && f >= 0)) bad(`${at}.author.followers must be a non-negative integer`);
    if (p.position !== undefined && p.position !== null && !Number.isFinite(p.position)) bad(`${at}.position must be a number`);
  });
}

/** An article as its row stores it (column names), for `mergeArticle`. */
export interface ArticleColumns {
  url: string | null;
  title: string | null;
  byline: string | null;
  published_at: string | null;
  lang: string | null;
  text: string;
}

/**
 * A new read of a stored article, by the posts' rule: new values replace old ones, a null or an
 * empty text never erases. Returns null when nothing changes.
 */
export function mergeArticle(stored: ArticleColumns, article: ArticleMeta): ArticleColumns | null {
  const text = typeof article.text === "string" ? article.text : "";
  const next: ArticleColumns = {
    url: article.url ?? stored.url,
    title: article.title ?? stored.title,
    byline: article.byline ?? stored.byline,
    published_at: article.publishedAt ?? stored.published_at,
    lang: article.lang ?? stored.lang,
    text: text !== "" ? text : stored.text,
  };
  return (Object.keys(next) as (keyof ArticleColumns)[]).some((k) => next[k] !== stored[k]) ? next : null;
}

/** A stored article row (any driver's plain object) in the shape `mergeArticle` compares. */
export function articleColumnsOf(row: Record<string, unknown>): ArticleColumns {
  const opt = (v: unknown) => (v === null || v === undefined ? null : String(v));
  return {
    url: opt(row.url), title: opt(row.title), byline: opt(row.byline),
    published_at: opt(row.published_at), lang: opt(row.lang), text: String(row.text ?? ""),
  };
}
