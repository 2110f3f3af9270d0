// Reading PostgreSQL rows back as the Store's types, shared by the store (pg-store.ts) and the
// feed queries (feed-pg.ts); the column mapping itself is the one both stores share (../rows.ts).
// The pool parses BIGINT as a JS number (ids, counts and epoch milliseconds all fit in 2^53),
// BOOLEAN as boolean, JSONB as parsed JSON and BYTEA as a Buffer.

import type { Pool, PoolClient } from "pg";
import type { PostAnnotations, Provenance, StoredPost } from "../store.ts";
import { num, provenanceOf, str, storedPostOf, type ColumnDecoders, type Row } from "../rows.ts";

/** A pool or one of its clients (inside a transaction). */
export type Queryable = Pool | PoolClient;

export { str, strOrNull, num } from "../rows.ts";
export type { Row } from "../rows.ts";

export function list(v: unknown): string[] { return Array.isArray(v) ? v.map(String) : []; }
/** How node-postgres returns list (TEXT[] or JSONB array) and BOOLEAN columns. */
export const PG_COLUMNS: ColumnDecoders = { list, bool: Boolean };

/** The posts columns a StoredPost is built from (everything but the search vector). */
export const POST_COLUMNS = `p.pk, p.platform, p.id, p.url, p.author_id, p.author_name, p.author_handle, p.created_at, p.date_text,
  p.text, p.links, p.mentions, p.lang, p.tags, p.reply_to, p.reply_root, p.quote_of, p.repost_of, p.author_account,
  p.author_followers, p.author_verified, p.stored_at, p.updated_at`;

/** The story membership columns that come before POST_COLUMNS in a story-post row. */
export const STORY_POST_COLUMNS = "sp.position, sp.role, sp.relevance, sp.matched";

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
    entry.push(provenanceOf(r, PG_COLUMNS));
    prov.set(num(r.post_pk), entry);
  }
  return rows.map((r) => storedPostOf(r, PG_COLUMNS, prov.get(num(r.pk)) ?? [], notes.get(num(r.pk)) ?? {}));
}
