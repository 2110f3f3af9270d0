// Reading PostgreSQL rows back as the Store's types, shared by the store (pg-store.ts) and the
// feed queries (feed-pg.ts) so a StoredPost reads the same whichever method returns it.
// The pool parses BIGINT as a JS number (ids, counts and epoch milliseconds all fit in 2^53),
// BOOLEAN as boolean, JSONB as parsed JSON and BYTEA as a Buffer.

import type { Pool, PoolClient } from "pg";
import type { Platform } from "../../core/index.ts";
import type { PostAnnotations, Provenance, StoredPost, StoryRole } from "../store.ts";

export type Row = Record<string, unknown>;
/** A pool or one of its clients (inside a transaction). */
export type Queryable = Pool | PoolClient;

export function str(v: unknown): string { return String(v); }
export function strOrNull(v: unknown): string | null { return v === null || v === undefined ? null : String(v); }
export function num(v: unknown): number { return Number(v); }
export function list(v: unknown): string[] { return Array.isArray(v) ? v.map(String) : []; }

/** The posts columns a StoredPost is built from (everything but the search vector). */
export const POST_COLUMNS = `p.pk, p.platform, p.id, p.url, p.author_id, p.author_name, p.author_handle, p.created_at, p.date_text,
  p.text, p.links, p.mentions, p.lang, p.tags, p.reply_to, p.reply_root, p.quote_of, p.repost_of, p.author_account,
  p.author_followers, p.author_verified, p.stored_at, p.updated_at`;

/** The story membership columns that come before POST_COLUMNS in a story-post row. */
export const STORY_POST_COLUMNS = "sp.position, sp.role, sp.relevance, sp.matched";

export function postIdentity(r: Row): Pick<StoredPost, "platform" | "id" | "url" | "author"> {
  return {
    platform: str(r.platform) as Platform,
    id: str(r.id),
    url: strOrNull(r.url),
    author: {
      name: strOrNull(r.author_name),
      handle: strOrNull(r.author_handle),
      id: strOrNull(r.author_account),
      followers: r.author_followers == null ? null : num(r.author_followers),
      verified: r.author_verified == null ? null : Boolean(r.author_verified),
    },
  };
}

/**
 * Story-post rows (STORY_POST_COLUMNS, then POST_COLUMNS) as StoredPosts, in the rows' order,
 * with their provenance (oldest first) and annotations read in two queries: for the whole
 * story when `storyId` is given (cheaper for a whole story), else for these rows' posts.
 */
export async function readStoredPosts(db: Queryable, rows: Row[], scope: { storyId: number } | { rows: true }): Promise<StoredPost[]> {
  if (rows.length === 0) return [];
  const [filter, arg]: [string, unknown] = "storyId" in scope
    ? ["IN (SELECT post_pk FROM story_posts WHERE story_id = $1)", scope.storyId]
    : ["= ANY($1::bigint[])", rows.map((r) => num(r.pk))];
  const [noteRows, provRows] = await Promise.all([
    db.query(`SELECT post_pk, enricher, version, data FROM annotations WHERE post_pk ${filter} ORDER BY post_pk, enricher COLLATE "C"`, [arg]),
    db.query(`SELECT pr.post_pk, pr.source_kind, pr.source_uri, pr.raw_hash, pr.position, pr.in_article, pr.collected_at,
        a.url AS article_url, a.title AS article_title
      FROM provenance pr LEFT JOIN articles a ON a.id = pr.article_id
      WHERE pr.post_pk ${filter} ORDER BY pr.id`, [arg]),
  ]);
  const notes = new Map<number, PostAnnotations>();
  for (const r of noteRows.rows as Row[]) {
    const entry = notes.get(num(r.post_pk)) ?? {};
    entry[str(r.enricher)] = { version: str(r.version), data: r.data };
    notes.set(num(r.post_pk), entry);
  }
  const prov = new Map<number, Provenance[]>();
  for (const r of provRows.rows as Row[]) {
    const entry = prov.get(num(r.post_pk)) ?? [];
    entry.push({
      sourceKind: str(r.source_kind),
      sourceUri: str(r.source_uri),
      articleUrl: strOrNull(r.article_url),
      articleTitle: strOrNull(r.article_title),
      rawHash: strOrNull(r.raw_hash),
      position: r.position == null ? null : num(r.position),
      inArticle: r.in_article == null ? null : Boolean(r.in_article),
      collectedAt: str(r.collected_at),
    });
    prov.set(num(r.post_pk), entry);
  }
  return rows.map((r): StoredPost => ({
    ...postIdentity(r),
    createdAt: strOrNull(r.created_at),
    dateText: strOrNull(r.date_text),
    text: strOrNull(r.text),
    links: list(r.links),
    mentions: list(r.mentions),
    lang: strOrNull(r.lang),
    tags: list(r.tags),
    replyTo: strOrNull(r.reply_to),
    replyRoot: strOrNull(r.reply_root),
    quoteOf: strOrNull(r.quote_of),
    repostOf: strOrNull(r.repost_of),
    role: str(r.role) as StoryRole,
    relevance: r.relevance == null ? null : num(r.relevance),
    matched: list(r.matched),
    position: num(r.position),
    provenance: prov.get(num(r.pk)) ?? [],
    storedAt: str(r.stored_at),
    updatedAt: str(r.updated_at),
    annotations: notes.get(num(r.pk)) ?? {},
  }));
}
