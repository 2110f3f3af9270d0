// The embedded Store on node:sqlite. Work is synchronous inside each async method, so one call
// runs to completion before another starts in this process; other processes are kept out by
// SQLite's locks (WAL, BEGIN IMMEDIATE, a busy timeout). Every SQLite failure leaves as a
// VoxpopError("STORE_ERROR") with the original as `cause`.

import { ensureValidRules, parseStoredRules } from "../rules.ts";
import { quarantineRow } from "../quarantine.ts";
import { articleColumnsOf, mergeArticle } from "../merge.ts";
import { DatabaseSync } from "node:sqlite";
import type { StatementSync } from "node:sqlite";
import { sha256, VoxpopError } from "../../core/index.ts";
import type { ArticleMeta, Platform } from "../../core/index.ts";
import {
  ensureValidBatch, ensureValidStoryName, handleKey, mergePost, normalizeSubjects, toPostRecord,
} from "../merge.ts";
import type { PostRecord } from "../merge.ts";
import type {
  Provenance, QuarantineInput, QuarantineItem, SaveBatch, SaveResult, SearchHit, SearchOptions,
  Store, StoredPost, Story, StoryFields, StoryMatch, StoryRole, StoreStats, PostAnnotations,
  Curation, Decision, DecisionAction, DecisionInput, FeedPost, PostFacets, PostPage, PostQuery, PostRef, StoryStats,
  DumpRecord,
} from "../store.ts";
import { DUMP_PAGE, dumpTables } from "../dump.ts";
import { foldDecisions, parseDecisionInput, postKey, rankBetween, UNDECIDED } from "../../curate/index.ts";
import { bucketStart, chooseBucket, encodeCursor, fillTimeline, normalizeQuery } from "../feed.ts";
import { FEED_COLUMNS, FEED_FROM, feedSql } from "./feed-sql.ts";
import { loadMigrations, migrate } from "./migrate.ts";
import type { Migration } from "./migrate.ts";
import { toFtsQuery } from "./fts.ts";
import { num, postIdentity, postRecordOf, provenanceOf, storedPostOf, storyOf, str, strOrNull, type ColumnDecoders, type Row } from "../rows.ts";

export interface SqliteStoreOptions {
  /** Migrations to apply instead of the bundled ones (tests). */
  migrations?: readonly Migration[];
  /** Milliseconds to wait for another connection's lock; default 5000. */
  busyTimeoutMs?: number;
}

const SQLITE_CORRUPT = 11;
const SQLITE_NOTADB = 26;


export function openSqliteStore(path: string, options: SqliteStoreOptions = {}): Store {
  if (typeof path !== "string" || path === "") {
    throw new VoxpopError("INVALID_ARGUMENT", "openSqliteStore: a database path (or \":memory:\") is required");
  }
  const timeout = options.busyTimeoutMs ?? 5000;
  let db: DatabaseSync;
  try {
    db = new DatabaseSync(path, { timeout, enableForeignKeyConstraints: true });
  } catch (err) {
    throw new VoxpopError("STORE_ERROR", `cannot open database ${JSON.stringify(path)}: ${message(err)}`, { cause: err });
  }
  try {
    // The first statement reads the file header: this is where a non-database file fails.
    db.prepare("PRAGMA journal_mode = WAL").get();
    db.exec(`PRAGMA foreign_keys = ON; PRAGMA busy_timeout = ${Math.max(0, Math.floor(timeout))}; PRAGMA synchronous = NORMAL;`);
    migrate(db, options.migrations ?? loadMigrations());
  } catch (err) {
    try { db.close(); } catch { /* already failing; keep the first error */ }
    const code = (err as { errcode?: number }).errcode;
    if (code === SQLITE_NOTADB || code === SQLITE_CORRUPT) {
      throw new VoxpopError("STORE_ERROR", `${JSON.stringify(path)} is not a SQLite database (or is corrupt)`, { cause: err });
    }
    if (err instanceof VoxpopError) {
      throw new VoxpopError(err.code, `cannot open ${JSON.stringify(path)}: ${err.message}`, { cause: err });
    }
    throw new VoxpopError("STORE_ERROR", `cannot open database ${JSON.stringify(path)}: ${message(err)}`, { cause: err });
  }
  return new SqliteStore(db);
}

function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

function jsonList(v: unknown): string[] {
  try {
    const parsed: unknown = JSON.parse(String(v ?? "[]"));
    return Array.isArray(parsed) ? parsed.map(String) : [];
  } catch {
    return [];
  }
}
/** How node:sqlite returns list (JSON text) and boolean (0/1) columns. */
const SQLITE_COLUMNS: ColumnDecoders = { list: jsonList, bool: (v) => num(v) === 1 };

interface ExistingPost {
  pk: number;
  record: PostRecord;
}

class SqliteStore implements Store {
  readonly #db: DatabaseSync;
  #closed = false;
  readonly #stmts = new Map<string, StatementSync>();

  constructor(db: DatabaseSync) {
    this.#db = db;
  }

  /** Statements are prepared on first use and reused. */
  #q(sql: string): StatementSync {
    let s = this.#stmts.get(sql);
    if (!s) { s = this.#db.prepare(sql); this.#stmts.set(sql, s); }
    return s;
  }

  #guard<T>(op: string, fn: () => T): T {
    if (this.#closed) throw new VoxpopError("STORE_ERROR", `store: ${op} called after close()`);
    try {
      return fn();
    } catch (err) {
      if (err instanceof VoxpopError) throw err;
      throw new VoxpopError("STORE_ERROR", `store: ${op} failed: ${message(err)}`, { cause: err });
    }
  }

  #tx<T>(fn: () => T): T {
    this.#db.exec("BEGIN IMMEDIATE");
    try {
      const out = fn();
      this.#db.exec("COMMIT");
      return out;
    } catch (err) {
      if (this.#db.isTransaction) this.#db.exec("ROLLBACK");
      throw err;
    }
  }

  // ---- stories -------------------------------------------------------------------------------

  async ensureStory(name: string, fields: StoryFields = {}): Promise<Story> {
    return this.#guard("ensureStory", () => {
      const storyName = ensureValidStoryName(name);
      if (fields.title !== undefined && fields.title !== null && typeof fields.title !== "string") {
        throw new VoxpopError("INVALID_ARGUMENT", "ensureStory: title must be a string");
      }
      const subjects = normalizeSubjects(fields.subjects ?? []);
      const rules = fields.rules === undefined ? null : ensureValidRules(fields.rules);
      this.#tx(() => {
        const now = new Date().toISOString();
        const id = this.#ensureStoryRow(storyName, fields.title ?? null, subjects, now);
        if (rules) {
          const row = this.#q("SELECT rules FROM stories WHERE id = ?").get(id) as Row;
          const next = JSON.stringify({ ...parseStoredRules(row.rules), ...rules });
          if (next !== row.rules) this.#q("UPDATE stories SET rules = ?, updated_at = ? WHERE id = ?").run(next, now, id);
        }
      });
      return this.#readStory(storyName)!;
    });
  }

  /** Creates or updates a story inside the caller's transaction; returns its id. */
  #ensureStoryRow(name: string, title: string | null, subjects: string[], now: string): number {
    let row = this.#q("SELECT id, title FROM stories WHERE name = ?").get(name) as Row | undefined;
    let changed = false;
    if (!row) {
      this.#q("INSERT INTO stories (name, title, created_at, updated_at) VALUES (?, ?, ?, ?)").run(name, title, now, now);
      row = this.#q("SELECT id, title FROM stories WHERE name = ?").get(name) as Row;
    } else if (title !== null && title !== row.title) {
      this.#q("UPDATE stories SET title = ? WHERE id = ?").run(title, num(row.id));
      changed = true;
    }
    const id = num(row.id);
    let added = 0;
    for (const handle of subjects) {
      const r = this.#q(`INSERT INTO story_subjects (story_id, handle, handle_key, seq)
        VALUES (?, ?, ?, (SELECT coalesce(max(seq), 0) + 1 FROM story_subjects WHERE story_id = ?))
        ON CONFLICT (story_id, handle_key) DO NOTHING`).run(id, handle, handleKey(handle), id);
      added += Number(r.changes);
    }
    if (added > 0) {
      changed = true;
      // A new subject turns that author's posts already in the story into subject posts.
      this.#q(`UPDATE story_posts SET role = 'subject'
        WHERE story_id = ? AND role = 'reaction' AND post_pk IN (
          SELECT p.pk FROM posts p JOIN authors a ON a.id = p.author_id
          JOIN story_subjects s ON s.story_id = ? AND s.handle_key = a.handle_key)`).run(id, id);
    }
    if (changed) this.#q("UPDATE stories SET updated_at = ? WHERE id = ?").run(now, id);
    return id;
  }

  // A story's post count is its highest position: positions run 1..n, are never reused and
  // members are never removed, and max() is one step down the (story_id, position) index where
  // count(*) walks every member (3 ms on a 100k-post story, on every story read).
  #readStory(name: string): Story | null {
    const row = this.#q(`SELECT s.id, s.name, s.title, s.rules, s.created_at, s.updated_at,
        (SELECT coalesce(max(sp.position), 0) FROM story_posts sp WHERE sp.story_id = s.id) AS post_count
      FROM stories s WHERE s.name = ?`).get(name) as Row | undefined;
    return row ? this.#toStory(row) : null;
  }

  #toStory(row: Row): Story {
    const subjects = (this.#q("SELECT handle FROM story_subjects WHERE story_id = ? ORDER BY seq").all(num(row.id)) as Row[])
      .map((r) => str(r.handle));
    return storyOf(row, subjects);
  }

  #storyId(name: string): number {
    const row = this.#q("SELECT id FROM stories WHERE name = ?").get(ensureValidStoryName(name)) as Row | undefined;
    if (!row) throw new VoxpopError("NOT_FOUND", `no story named ${JSON.stringify(name)}`);
    return num(row.id);
  }

  async getStory(name: string): Promise<Story | null> {
    return this.#guard("getStory", () => this.#readStory(ensureValidStoryName(name)));
  }

  async listStories(): Promise<Story[]> {
    return this.#guard("listStories", () => {
      const rows = this.#q(`SELECT s.id, s.name, s.title, s.rules, s.created_at, s.updated_at,
          (SELECT coalesce(max(sp.position), 0) FROM story_posts sp WHERE sp.story_id = s.id) AS post_count
        FROM stories s ORDER BY s.created_at, s.id`).all() as Row[];
      return rows.map((r) => this.#toStory(r));
    });
  }

  // ---- posts ---------------------------------------------------------------------------------

  async savePosts(batch: SaveBatch): Promise<SaveResult> {
    return this.#guard("savePosts", () => {
      ensureValidBatch(batch);
      const now = new Date().toISOString();
      const collectedAt = batch.collectedAt ?? now;
      const storyName = batch.story == null ? null : ensureValidStoryName(batch.story);
      return this.#tx(() => {
        const result: SaveResult = { inserted: 0, updated: 0, unchanged: 0 };
        const rawHash = batch.raw ? this.#saveRaw(batch.raw.payload, batch.raw.contentType, now) : null;
        const articleId = batch.article ? this.#saveArticle(batch.article, batch.source.uri, now) : null;
        const storyId = storyName === null ? null : this.#ensureStoryRow(storyName, null, [], now);

        // Handle posts in article order, so story positions follow it.
        const ordered = batch.posts
          .map((post, index) => ({ post, index, at: Number.isFinite(post.position) ? post.position : index + 1 }))
          .sort((a, b) => a.at - b.at || a.index - b.index);

        for (const item of batch.quarantine ?? []) this.#quarantine(item, now);
        for (const { post, index, at } of ordered) {
          const incoming = toPostRecord(post);
          const existing = this.findDuplicate(incoming.platform, incoming.id);
          let pk: number;
          let final: PostRecord;
          if (!existing) {
            final = incoming;
            pk = this.#insertPost(final, this.#saveAuthor(final, now), now);
            result.inserted++;
          } else {
            pk = existing.pk;
            const merged = mergePost(existing.record, incoming);
            if (merged) {
              final = merged;
              this.#updatePost(pk, final, this.#saveAuthor(final, now), now);
              result.updated++;
            } else {
              final = existing.record;
              result.unchanged++;
            }
          }
          this.#q(`INSERT INTO provenance
              (post_pk, source_kind, source_uri, article_id, raw_hash, position, in_article, collected_at, last_seen_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (post_pk, source_uri) DO UPDATE SET
              article_id = coalesce(provenance.article_id, excluded.article_id),
              raw_hash = coalesce(provenance.raw_hash, excluded.raw_hash),
              position = coalesce(provenance.position, excluded.position),
              in_article = coalesce(provenance.in_article, excluded.in_article),
              last_seen_at = max(provenance.last_seen_at, excluded.last_seen_at)`)
            .run(pk, batch.source.kind, batch.sourceUris?.[index] ?? batch.source.uri, articleId,
              batch.raws?.[index] ? this.#saveRaw(batch.raws[index]!.payload, batch.raws[index]!.contentType, now) : rawHash, at,
              typeof post.inArticle === "boolean" ? (post.inArticle ? 1 : 0) : null, collectedAt, collectedAt);

          const annotations = batch.annotations?.[index];
          if (annotations) this.#saveAnnotations(pk, annotations, now);

          // Posts outside the article body (sidebars, other stories) are kept but are not
          // reactions to this story.
          if (storyId !== null && post.inArticle !== false) this.#attach(storyId, pk, final.authorHandle, batch.matches?.[index] ?? null, now);
        }
        if (batch.cursor) this.#setCursor(batch.cursor.source, batch.cursor.cursor, now);
        return result;
      });
    });
  }

  #saveAnnotations(pk: number, annotations: PostAnnotations, now: string): void {
    const upsert = this.#q(`INSERT INTO annotations (post_pk, enricher, version, data, annotated_at) VALUES (?, ?, ?, ?, ?)
      ON CONFLICT (post_pk, enricher) DO UPDATE SET version = excluded.version, data = excluded.data, annotated_at = excluded.annotated_at`);
    for (const [enricher, { version, data }] of Object.entries(annotations)) {
      upsert.run(pk, enricher, String(version), JSON.stringify(data ?? null), now);
    }
    this.#refreshFacets(pk);
  }

  /** Rewrites a post's facets from its annotations as now stored (see 004_curation.sql). */
  #refreshFacets(pk: number): void {
    this.#q(`INSERT INTO post_facets (post_pk, reaction, lang, offensive, hate, notability, emotions)
      SELECT post_pk, reaction, lang, offensive, hate, notability, emotions FROM annotation_facets WHERE post_pk = ?
      ON CONFLICT (post_pk) DO UPDATE SET reaction = excluded.reaction, lang = excluded.lang, offensive = excluded.offensive,
        hate = excluded.hate, notability = excluded.notability, emotions = excluded.emotions`).run(pk);
    this.#q("DELETE FROM post_emotions WHERE post_pk = ?").run(pk);
    this.#q(`INSERT OR IGNORE INTO post_emotions (post_pk, emotion)
      SELECT f.post_pk, e.value FROM post_facets f, json_each(f.emotions) e WHERE f.post_pk = ?`).run(pk);
  }

  async saveAnnotations(items: Array<{ platform: Platform; id: string; annotations: PostAnnotations }>): Promise<{ saved: number; missing: number }> {
    return this.#guard("saveAnnotations", () => {
      const now = new Date().toISOString();
      return this.#tx(() => {
        let saved = 0;
        let missing = 0;
        for (const item of items) {
          const existing = this.findDuplicate(item.platform, item.id);
          if (!existing) { missing++; continue; }
          this.#saveAnnotations(existing.pk, item.annotations, now);
          saved++;
        }
        return { saved, missing };
      });
    });
  }

  /**
   * The named dedupe slot: the stored post with the same (platform, id), if any. What happens
   * on a match is decided by mergePost (../merge.ts), shared by every Store implementation.
   */
  findDuplicate(platform: Platform, id: string): ExistingPost | undefined {
    const row = this.#q(`SELECT pk, platform, id, url, author_name, author_handle, created_at, date_text, text, links, mentions,
        lang, tags, reply_to, reply_root, quote_of, repost_of, author_account, author_followers, author_verified
      FROM posts WHERE platform = ? AND id = ?`).get(platform, id) as Row | undefined;
    if (!row) return undefined;
    return { pk: num(row.pk), record: postRecordOf(row, SQLITE_COLUMNS) };
  }

  #saveAuthor(rec: PostRecord, now: string): number | null {
    if (rec.authorHandle === null) return null;
    const row = this.#q(`INSERT INTO authors (platform, handle, handle_key, name, stored_at, updated_at)
      VALUES (?, ?, ?, ?, ?, ?)
      ON CONFLICT (platform, handle_key) DO UPDATE SET
        name = coalesce(excluded.name, authors.name),
        updated_at = CASE WHEN excluded.name IS NOT NULL AND excluded.name IS NOT authors.name
                          THEN excluded.updated_at ELSE authors.updated_at END
      RETURNING id`).get(rec.platform, rec.authorHandle, handleKey(rec.authorHandle), rec.authorName, now, now) as Row;
    return num(row.id);
  }

  #insertPost(rec: PostRecord, authorId: number | null, now: string): number {
    const row = this.#q(`INSERT INTO posts
        (platform, id, url, author_id, author_name, author_handle, created_at, date_text, text, links, mentions,
         lang, tags, reply_to, reply_root, quote_of, repost_of, author_account, author_followers, author_verified, stored_at, updated_at)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING pk`)
      .get(rec.platform, rec.id, rec.url, authorId, rec.authorName, rec.authorHandle, rec.createdAt, rec.dateText, rec.text,
        JSON.stringify(rec.links), JSON.stringify(rec.mentions), ...this.#extra(rec), now, now) as Row;
    return num(row.pk);
  }

  #updatePost(pk: number, rec: PostRecord, authorId: number | null, now: string): void {
    this.#q(`UPDATE posts SET url = ?, author_id = ?, author_name = ?, author_handle = ?, created_at = ?, date_text = ?,
        text = ?, links = ?, mentions = ?, lang = ?, tags = ?, reply_to = ?, reply_root = ?, quote_of = ?, repost_of = ?,
        author_account = ?, author_followers = ?, author_verified = ?, updated_at = ? WHERE pk = ?`)
      .run(rec.url, authorId, rec.authorName, rec.authorHandle, rec.createdAt, rec.dateText, rec.text,
        JSON.stringify(rec.links), JSON.stringify(rec.mentions), ...this.#extra(rec), now, pk);
  }

  /** The collected-post columns, in table order (lang … author_verified). */
  #extra(rec: PostRecord): Array<string | number | null> {
    return [rec.lang, JSON.stringify(rec.tags), rec.replyTo, rec.replyRoot, rec.quoteOf, rec.repostOf, rec.authorAccount,
      rec.authorFollowers, rec.authorVerified === null ? null : rec.authorVerified ? 1 : 0];
  }

  #attach(storyId: number, pk: number, handle: string | null, match: StoryMatch | null, now: string): void {
    const bySubjectHandle = handle !== null &&
      this.#q("SELECT 1 FROM story_subjects WHERE story_id = ? AND handle_key = ?").get(storyId, handleKey(handle)) !== undefined;
    const role: StoryRole = bySubjectHandle || match?.role === "subject" ? "subject" : "reaction";
    // Position is assigned once, on first addition; re-imports never reorder. A role can only be
    // upgraded (a handle learned later may reveal a subject's post); relevance keeps its highest.
    this.#q(`INSERT INTO story_posts (story_id, post_pk, role, position, added_at, relevance, matched, created_ms)
      VALUES (?, ?, ?, (SELECT coalesce(max(position), 0) + 1 FROM story_posts WHERE story_id = ?), ?, ?, ?,
        (SELECT CAST(round((julianday(created_at) - 2440587.5) * 86400000) AS INTEGER) FROM posts WHERE pk = ?))
      ON CONFLICT (story_id, post_pk) DO UPDATE SET
        role = CASE WHEN excluded.role = 'subject' THEN 'subject' ELSE story_posts.role END,
        relevance = CASE WHEN story_posts.relevance IS NULL OR excluded.relevance > story_posts.relevance
                         THEN excluded.relevance ELSE story_posts.relevance END,
        matched = CASE WHEN excluded.relevance > coalesce(story_posts.relevance, -1) THEN excluded.matched ELSE story_posts.matched END`)
      .run(storyId, pk, role, storyId, now, match?.relevance ?? null, JSON.stringify(match?.reasons ?? []), pk);
  }

  #saveRaw(payload: string | Uint8Array, contentType: string, now: string): string {
    const bytes = typeof payload === "string" ? Buffer.from(payload, "utf8") : payload;
    const hash = sha256(bytes);
    this.#q(`INSERT INTO raw_payloads (hash, payload, content_type, size, stored_at) VALUES (?, ?, ?, ?, ?)
      ON CONFLICT (hash) DO NOTHING`).run(hash, bytes, contentType, bytes.byteLength, now);
    return hash;
  }

  #saveArticle(article: ArticleMeta, sourceUri: string, now: string): number {
    const key = article.url ?? sourceUri;
    const row = this.#q("SELECT id, url, title, byline, published_at, lang, text FROM articles WHERE key = ?").get(key) as Row | undefined;
    const text = typeof article.text === "string" ? article.text : "";
    if (!row) {
      const ins = this.#q(`INSERT INTO articles (key, url, title, byline, published_at, lang, text, source_uri, stored_at, updated_at)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`)
        .get(key, article.url ?? null, article.title ?? null, article.byline ?? null, article.publishedAt ?? null,
          article.lang ?? null, text, sourceUri, now, now) as Row;
      return num(ins.id);
    }
    const next = mergeArticle(articleColumnsOf(row), article);
    if (next) {
      this.#q("UPDATE articles SET url = ?, title = ?, byline = ?, published_at = ?, lang = ?, text = ?, updated_at = ? WHERE id = ?")
        .run(next.url, next.title, next.byline, next.published_at, next.lang, next.text, now, num(row.id));
    }
    return num(row.id);
  }

  async storyPosts(story: string): Promise<StoredPost[]> {
    return this.#guard("storyPosts", () => {
      const storyId = this.#storyId(story);
      const rows = this.#q(`SELECT sp.position, sp.role, sp.relevance, sp.matched, p.*
        FROM story_posts sp JOIN posts p ON p.pk = sp.post_pk
        WHERE sp.story_id = ? ORDER BY sp.position`).all(storyId) as Row[];
      return this.#toStoredPosts(rows, { storyId });
    });
  }

  /**
   * Story-post rows (story_posts sp columns position, role, relevance, matched, then p.*) as
   * StoredPosts, with their provenance and annotations read for the whole story (`storyId`) or
   * for just these rows' posts.
   */
  #toStoredPosts(rows: Row[], scope: { storyId: number } | { rows: true }): StoredPost[] {
    if (rows.length === 0) return [];
    const [filter, arg] = "storyId" in scope
      ? ["IN (SELECT post_pk FROM story_posts WHERE story_id = ?)", scope.storyId]
      : ["IN (SELECT value FROM json_each(?))", JSON.stringify(rows.map((r) => num(r.pk)))];
    const notes = new Map<number, PostAnnotations>();
    const noteRows = this.#q(`SELECT post_pk, enricher, version, data FROM annotations WHERE post_pk ${filter}`).all(arg) as Row[];
    for (const r of noteRows) {
      const entry = notes.get(num(r.post_pk)) ?? {};
      entry[str(r.enricher)] = { version: str(r.version), data: JSON.parse(str(r.data)) };
      notes.set(num(r.post_pk), entry);
    }
    const prov = new Map<number, Provenance[]>();
    const provRows = this.#q(`SELECT pr.post_pk, pr.source_kind, pr.source_uri, pr.raw_hash, pr.position, pr.in_article,
        pr.collected_at, a.url AS article_url, a.title AS article_title
      FROM provenance pr LEFT JOIN articles a ON a.id = pr.article_id
      WHERE pr.post_pk ${filter}
      ORDER BY pr.id`).all(arg) as Row[];
    for (const r of provRows) {
      const list = prov.get(num(r.post_pk)) ?? [];
      list.push(provenanceOf(r, SQLITE_COLUMNS));
      prov.set(num(r.post_pk), list);
    }
    return rows.map((r) => storedPostOf(r, SQLITE_COLUMNS, prov.get(num(r.pk)) ?? [], notes.get(num(r.pk)) ?? {}));
  }

  /** Rows of FEED_COLUMNS (./feed-sql.ts) as FeedPosts. */
  #toFeedPosts(rows: Row[]): FeedPost[] {
    const stored = this.#toStoredPosts(rows, { rows: true });
    return rows.map((r, i): FeedPost => ({
      ...stored[i]!,
      curation: r.c_status == null ? { ...UNDECIDED } : {
        status: str(r.c_status) as Curation["status"],
        pinned: num(r.c_pinned) === 1,
        rank: r.c_rank == null ? null : num(r.c_rank),
        section: strOrNull(r.c_section),
        note: strOrNull(r.c_note),
      },
      facets: {
        reaction: strOrNull(r.f_reaction),
        lang: strOrNull(r.f_lang),
        offensive: num(r.f_offensive ?? 0) === 1,
        hate: num(r.f_hate ?? 0) === 1,
        notability: r.f_notability == null ? 0 : num(r.f_notability),
        emotions: r.f_emotions == null ? [] : jsonList(r.f_emotions),
      } satisfies PostFacets,
    }));
  }

  // ---- the feed ------------------------------------------------------------------------------

  async queryPosts(story: string, query: PostQuery = {}): Promise<PostPage> {
    return this.#guard("queryPosts", () => {
      const storyId = this.#storyId(story);
      const q = normalizeQuery(query);
      let match: string | null = null;
      if (q.q !== null) {
        match = toFtsQuery(q.q);
        // Nothing searchable in q (only punctuation): nothing matches, as in search().
        if (match === null) return { posts: [], total: 0, abusiveHidden: 0, nextCursor: null };
      }
      // Read the page and the counts from one snapshot of the database.
      this.#db.exec("BEGIN");
      try {
        const snapshot = q.cursor?.snapshot ??
          num((this.#q("SELECT coalesce(max(position), 0) AS m FROM story_posts WHERE story_id = ?").get(storyId) as Row).m);
        const sql = feedSql(storyId, q, match, snapshot);
        if (q.cursor && q.cursor.after.length !== sql.keyCount) {
          throw new VoxpopError("INVALID_ARGUMENT", "posts query: cursor is not valid (it must be a nextCursor from this same query)");
        }
        const counts = q.cursor?.counts ?? (() => {
          const row = this.#q(sql.count.sql).get(...sql.count.args) as Row;
          return [num(row.n), num(row.a)] as [number, number];
        })();
        const keyRows = this.#q(sql.page.sql).all(...sql.page.args) as Row[];
        const more = keyRows.length > q.limit;
        if (more) keyRows.length = q.limit;
        const [n, a] = counts;
        const last = keyRows[keyRows.length - 1];
        const nextCursor = more && last
          ? encodeCursor(q.fingerprint, { snapshot, counts, after: Array.from({ length: sql.keyCount }, (_, i) => last[`k${i}`] as number | string) })
          : null;
        // The page's posts, read by pk and put back in the sorted order.
        const rows = keyRows.length === 0 ? [] : this.#q(`SELECT ${FEED_COLUMNS} FROM ${FEED_FROM}
          WHERE sp.story_id = ? AND sp.post_pk IN (SELECT value FROM json_each(?))`).all(storyId, JSON.stringify(keyRows.map((r) => num(r.pk)))) as Row[];
        const byPk = new Map(rows.map((r) => [num(r.pk), r]));
        return {
          posts: this.#toFeedPosts(keyRows.map((r) => byPk.get(num(r.pk))!)),
          total: q.abuse === "hide" ? n - a : q.abuse === "only" ? a : n,
          abusiveHidden: q.abuse === "hide" ? a : 0,
          nextCursor,
        };
      } finally {
        if (this.#db.isTransaction) this.#db.exec("COMMIT");
      }
    });
  }

  async postsAfter(story: string, position: number, limit = 100): Promise<FeedPost[]> {
    return this.#guard("postsAfter", () => {
      const storyId = this.#storyId(story);
      if (typeof position !== "number" || !Number.isFinite(position)) throw new VoxpopError("INVALID_ARGUMENT", "postsAfter: position must be a number");
      if (typeof limit !== "number" || !Number.isInteger(limit) || limit < 1) throw new VoxpopError("INVALID_ARGUMENT", "postsAfter: limit must be a positive whole number");
      const rows = this.#q(`SELECT ${FEED_COLUMNS} FROM ${FEED_FROM}
        WHERE sp.story_id = ? AND sp.position > ? ORDER BY sp.position LIMIT ?`).all(storyId, position, Math.min(500, limit)) as Row[];
      return this.#toFeedPosts(rows);
    });
  }

  async storyStats(story: string, options: { bucket?: "hour" | "day" } = {}): Promise<StoryStats> {
    return this.#guard("storyStats", () => {
      const storyId = this.#storyId(story);
      const asked = options?.bucket;
      if (asked !== undefined && asked !== "hour" && asked !== "day") throw new VoxpopError("INVALID_ARGUMENT", "storyStats: bucket must be hour or day");
      this.#db.exec("BEGIN");
      try {
        const reactions: Record<string, number> = {};
        let total = 0;
        const mix = this.#q(`SELECT CASE WHEN sp.role = 'subject' THEN 'subject' ELSE coalesce(f.reaction, 'unclassified') END AS k, count(*) AS n
          FROM story_posts sp LEFT JOIN post_facets f ON f.post_pk = sp.post_pk
          WHERE sp.story_id = ? GROUP BY k ORDER BY n DESC, k`).all(storyId) as Row[];
        for (const r of mix) { reactions[str(r.k)] = num(r.n); total += num(r.n); }
        let bucket = asked;
        if (!bucket) {
          // The two ends of the time indexes (posts without a time sort last in both).
          const span = this.#q(`SELECT
              (SELECT coalesce(created_ms, 9000000000000000) FROM story_posts WHERE story_id = ?1 ORDER BY coalesce(created_ms, 9000000000000000), position LIMIT 1) AS lo,
              (SELECT coalesce(created_ms, -9000000000000000) FROM story_posts WHERE story_id = ?1 ORDER BY coalesce(created_ms, -9000000000000000) DESC, position DESC LIMIT 1) AS hi`)
            .get(storyId) as Row;
          const known = (v: unknown) => (v == null || Math.abs(num(v)) >= 9e15 ? null : num(v));
          bucket = chooseBucket(known(span.lo), known(span.hi));
        }
        const step = bucket === "hour" ? 3_600_000 : 86_400_000;
        const rows = this.#q(`SELECT created_ms - ((created_ms % ?1) + ?1) % ?1 AS b, count(*) AS posts, sum(role = 'subject') AS subject
          FROM story_posts WHERE story_id = ?2 AND created_ms IS NOT NULL GROUP BY b`).all(step, storyId) as Row[];
        const timeline = fillTimeline(rows.map((r) => ({ t: bucketStart(num(r.b), bucket), posts: num(r.posts), subjectPosts: num(r.subject) })), bucket);
        return { total, bucket, reactions, timeline };
      } finally {
        if (this.#db.isTransaction) this.#db.exec("COMMIT");
      }
    });
  }

  // ---- curation: the decision log ------------------------------------------------------------

  async appendDecision(story: string, input: DecisionInput): Promise<Decision> {
    return this.#guard("appendDecision", () => {
      const parsed = parseDecisionInput(input);
      const storyId = this.#storyId(story);
      return this.#tx(() => {
        let postPk: number;
        let undoes: number | null = null;
        let value: unknown = parsed.value;
        if (parsed.action === "undo") {
          const target = this.#undoTarget(storyId, story, parsed.value.decision);
          postPk = target.postPk;
          undoes = target.id;
          value = { decision: target.id };
        } else {
          postPk = this.#storyPostPk(storyId, story, parsed.post);
          if (parsed.action === "move" && !("rank" in parsed.value)) {
            const side = "before" in parsed.value ? "before" : "after";
            const ref = "before" in parsed.value ? parsed.value.before : parsed.value.after;
            const targetPk = this.#storyPostPk(storyId, story, ref);
            if (targetPk === postPk) throw new VoxpopError("INVALID_ARGUMENT", "decision value: a post cannot be moved before or after itself");
            value = { [side]: ref, rank: this.#rankBeside(storyId, postPk, targetPk, side) };
          }
        }
        const row = this.#q(`INSERT INTO decisions (story_id, action, post_pk, undoes, value, actor, created_at)
          VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id, created_at`)
          .get(storyId, parsed.action, postPk, undoes, JSON.stringify(value ?? null), parsed.actor, new Date().toISOString()) as Row;
        this.#refold(storyId, postPk);
        const post = this.#q("SELECT platform, id FROM posts WHERE pk = ?").get(postPk) as Row;
        return {
          id: num(row.id),
          story: ensureValidStoryName(story),
          action: parsed.action,
          post: { platform: str(post.platform) as Platform, id: str(post.id) },
          value: value ?? null,
          actor: parsed.actor,
          createdAt: str(row.created_at),
          undone: false,
        };
      });
    });
  }

  /** The pk of a post of the story; NOT_FOUND when no such post is stored, INVALID_ARGUMENT when it is not in the story. */
  #storyPostPk(storyId: number, story: string, ref: PostRef): number {
    const row = this.#q(`SELECT p.pk, sp.story_id FROM posts p LEFT JOIN story_posts sp ON sp.post_pk = p.pk AND sp.story_id = ?
      WHERE p.platform = ? AND p.id = ?`).get(storyId, ref.platform, ref.id) as Row | undefined;
    if (!row) throw new VoxpopError("NOT_FOUND", `no post ${postKey(ref)} is stored`);
    if (row.story_id == null) throw new VoxpopError("INVALID_ARGUMENT", `post ${postKey(ref)} is not in story ${JSON.stringify(story)}`);
    return num(row.pk);
  }

  /** The decision an undo reverts: the one named, or the latest one not undone that is not an undo. */
  #undoTarget(storyId: number, story: string, id: number | undefined): { id: number; postPk: number } {
    if (id === undefined) {
      const row = this.#q(`SELECT d.id, d.post_pk FROM decisions d
        WHERE d.story_id = ? AND d.action != 'undo' AND NOT EXISTS (SELECT 1 FROM decisions u WHERE u.undoes = d.id)
        ORDER BY d.id DESC LIMIT 1`).get(storyId) as Row | undefined;
      if (!row) throw new VoxpopError("INVALID_ARGUMENT", `undo: story ${JSON.stringify(story)} has no decision left to undo`);
      return { id: num(row.id), postPk: num(row.post_pk) };
    }
    const row = this.#q(`SELECT d.id, d.post_pk, d.action, EXISTS (SELECT 1 FROM decisions u WHERE u.undoes = d.id) AS undone
      FROM decisions d WHERE d.id = ? AND d.story_id = ?`).get(id, storyId) as Row | undefined;
    if (!row) throw new VoxpopError("NOT_FOUND", `undo: story ${JSON.stringify(story)} has no decision ${id}`);
    if (row.action === "undo") throw new VoxpopError("INVALID_ARGUMENT", `undo: decision ${id} is itself an undo, and an undo cannot be undone; make the decision again instead`);
    if (num(row.undone) === 1) throw new VoxpopError("INVALID_ARGUMENT", `undo: decision ${id} is already undone`);
    return { id: num(row.id), postPk: num(row.post_pk) };
  }

  /**
   * The rank that puts a post just before or after the target in the curated order (rule in
   * src/curate/fold.ts): midway between the target's effective rank and the nearest effective
   * rank on that side among the story's other posts (hand-ranked ones, and unranked ones by
   * position; both found through indexes).
   */
  #rankBeside(storyId: number, movedPk: number, targetPk: number, side: "before" | "after"): number {
    const t = this.#q(`SELECT coalesce(c.rank, sp.position) AS eff FROM story_posts sp
      LEFT JOIN story_curation c ON c.story_id = sp.story_id AND c.post_pk = sp.post_pk
      WHERE sp.story_id = ? AND sp.post_pk = ?`).get(storyId, targetPk) as Row;
    const eff = num(t.eff);
    const [cmp, order, pick] = side === "before" ? ["<", "DESC", Math.max] as const : [">", "ASC", Math.min] as const;
    const ranked = this.#q(`SELECT rank FROM story_curation
      WHERE story_id = ? AND rank IS NOT NULL AND rank ${cmp} ? AND post_pk != ? ORDER BY rank ${order} LIMIT 1`)
      .get(storyId, eff, movedPk) as Row | undefined;
    const unranked = this.#q(`SELECT sp.position FROM story_posts sp
      LEFT JOIN story_curation c ON c.story_id = sp.story_id AND c.post_pk = sp.post_pk
      WHERE sp.story_id = ? AND sp.position ${cmp} ? AND c.rank IS NULL AND sp.post_pk != ?
      ORDER BY sp.position ${order} LIMIT 1`).get(storyId, eff, movedPk) as Row | undefined;
    const found = [ranked?.rank, unranked?.position].filter((x) => x != null).map(num);
    const neighbour = found.length ? pick(...found) : null;
    return side === "before" ? rankBetween(neighbour, eff) : rankBetween(eff, neighbour);
  }

  /** Re-folds one post's decisions (its own and the undos naming them) into story_curation. */
  #refold(storyId: number, postPk: number): void {
    const rows = this.#q(`SELECT d.id, d.action, d.value, d.actor, d.created_at, p.platform, p.id AS post_id
      FROM decisions d JOIN posts p ON p.pk = d.post_pk
      WHERE d.story_id = ? AND d.post_pk = ? ORDER BY d.id`).all(storyId, postPk) as Row[];
    const decisions = rows.map((r) => this.#toDecision(r, "", false));
    const { state } = foldDecisions(decisions);
    const c = (decisions[0]?.post && state.get(postKey(decisions[0].post))) || UNDECIDED;
    this.#q(`INSERT INTO story_curation (story_id, post_pk, status, pinned, rank, section, note, last_decision)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?)
      ON CONFLICT (story_id, post_pk) DO UPDATE SET status = excluded.status, pinned = excluded.pinned, rank = excluded.rank,
        section = excluded.section, note = excluded.note, last_decision = excluded.last_decision`)
      .run(storyId, postPk, c.status, c.pinned ? 1 : 0, c.rank, c.section, c.note, decisions.at(-1)?.id ?? 0);
  }

  #toDecision(r: Row, story: string, undone: boolean): Decision {
    return {
      id: num(r.id),
      story,
      action: str(r.action) as DecisionAction,
      post: r.platform == null ? null : { platform: str(r.platform) as Platform, id: str(r.post_id) },
      value: JSON.parse(str(r.value)),
      actor: strOrNull(r.actor),
      createdAt: str(r.created_at),
      undone,
    };
  }

  async listDecisions(story: string, options: { afterId?: number } = {}): Promise<Decision[]> {
    return this.#guard("listDecisions", () => {
      const storyId = this.#storyId(story);
      const afterId = options?.afterId ?? 0;
      if (typeof afterId !== "number" || !Number.isInteger(afterId) || afterId < 0) {
        throw new VoxpopError("INVALID_ARGUMENT", "listDecisions: afterId must be a decision id");
      }
      const rows = this.#q(`SELECT d.id, d.action, d.value, d.actor, d.created_at, p.platform, p.id AS post_id,
          EXISTS (SELECT 1 FROM decisions u WHERE u.undoes = d.id) AS undone
        FROM decisions d JOIN posts p ON p.pk = d.post_pk
        WHERE d.story_id = ? AND d.id > ? ORDER BY d.id`).all(storyId, afterId) as Row[];
      const name = ensureValidStoryName(story);
      return rows.map((r) => this.#toDecision(r, name, num(r.undone) === 1));
    });
  }

  // ---- search --------------------------------------------------------------------------------

  async search(query: string, options: SearchOptions = {}): Promise<SearchHit[]> {
    return this.#guard("search", () => {
      const limit = Math.min(500, Math.max(1, Math.floor(Number.isFinite(options.limit) ? options.limit! : 20)));
      const storyId = options.story == null ? null : this.#storyId(options.story);
      const match = toFtsQuery(typeof query === "string" ? query : "");
      if (match === null) return [];
      const rows = this.#q(`SELECT p.platform, p.id, p.url, p.author_name, p.author_handle, p.author_account, p.author_followers,
          p.author_verified, p.text, p.created_at,
          snippet(posts_fts, -1, '«', '»', '…', 16) AS snippet, bm25(posts_fts) AS score
        FROM posts_fts JOIN posts p ON p.pk = posts_fts.rowid
        WHERE posts_fts MATCH ?
          AND (? IS NULL OR EXISTS (SELECT 1 FROM story_posts sp WHERE sp.post_pk = p.pk AND sp.story_id = ?))
        ORDER BY score, p.pk LIMIT ?`).all(match, storyId, storyId, limit) as Row[];
      return rows.map((r): SearchHit => ({
        ...postIdentity(r, SQLITE_COLUMNS),
        text: strOrNull(r.text),
        createdAt: strOrNull(r.created_at),
        snippet: str(r.snippet ?? ""),
        score: num(r.score),
      }));
    });
  }

  // ---- quarantine ----------------------------------------------------------------------------

  async quarantine(item: QuarantineInput): Promise<void> {
    return this.#guard("quarantine", () => this.#quarantine(item, new Date().toISOString()));
  }

  #quarantine(item: QuarantineInput, now: string): void {
    const row = quarantineRow(item);
    this.#q(`INSERT INTO quarantine
        (source, code, reason, story, payload, payload_is_text, payload_size, payload_truncated, payload_hash, created_at)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
      .run(item.source, item.code, item.reason, item.story ?? null, row.payload, row.isText ? 1 : 0, row.size,
        row.truncated ? 1 : 0, row.hash, now);
  }

  async listQuarantine(): Promise<QuarantineItem[]> {
    return this.#guard("listQuarantine", () => {
      const rows = this.#q("SELECT * FROM quarantine ORDER BY id").all() as Row[];
      return rows.map((r): QuarantineItem => {
        const blob = r.payload == null ? null : (r.payload as Uint8Array);
        return {
          id: num(r.id),
          source: str(r.source),
          code: str(r.code),
          reason: str(r.reason),
          story: strOrNull(r.story),
          payload: blob === null ? null : num(r.payload_is_text) === 1 ? Buffer.from(blob).toString("utf8") : new Uint8Array(blob),
          payloadSize: r.payload_size == null ? null : num(r.payload_size),
          payloadTruncated: num(r.payload_truncated) === 1,
          payloadHash: strOrNull(r.payload_hash),
          createdAt: str(r.created_at),
        };
      });
    });
  }

  // ---- cursors, stats, close -----------------------------------------------------------------

  async getCursor(source: string): Promise<string | null> {
    return this.#guard("getCursor", () => {
      const row = this.#q("SELECT cursor FROM source_cursors WHERE source = ?").get(String(source)) as Row | undefined;
      return row ? str(row.cursor) : null;
    });
  }

  async setCursor(source: string, cursor: string): Promise<void> {
    return this.#guard("setCursor", () => {
      if (typeof source !== "string" || source === "" || typeof cursor !== "string") {
        throw new VoxpopError("INVALID_ARGUMENT", "setCursor: source must be a non-empty string and cursor a string");
      }
      this.#setCursor(source, cursor, new Date().toISOString());
    });
  }

  #setCursor(source: string, cursor: string, now: string): void {
    this.#q(`INSERT INTO source_cursors (source, cursor, updated_at) VALUES (?, ?, ?)
      ON CONFLICT (source) DO UPDATE SET cursor = excluded.cursor, updated_at = excluded.updated_at`)
      .run(source, cursor, now);
  }

  async stats(): Promise<StoreStats> {
    return this.#guard("stats", () => {
      const count = (table: string): number => num((this.#q(`SELECT count(*) AS n FROM ${table}`).get() as Row).n);
      return {
        schemaVersion: num((this.#q("SELECT coalesce(max(version), 0) AS v FROM schema_migrations").get() as Row).v),
        stories: count("stories"),
        posts: count("posts"),
        authors: count("authors"),
        articles: count("articles"),
        provenance: count("provenance"),
        storyPosts: count("story_posts"),
        rawPayloads: count("raw_payloads"),
        rawBytes: num((this.#q("SELECT coalesce(sum(size), 0) AS n FROM raw_payloads").get() as Row).n),
        quarantine: count("quarantine"),
        cursors: count("source_cursors"),
      };
    });
  }

  /** Every row, table by table in key order, a page at a time (see ../dump.ts). */
  dump(): AsyncIterable<DumpRecord> {
    if (this.#closed) throw new VoxpopError("STORE_ERROR", "store: dump called after close()");
    return dumpTables(
      async (t, after) => this.#guard("dump", () => {
        const keys = t.key.join(", ");
        const cond = after === null ? "" : `WHERE (${keys}) > (${after.map(() => "?").join(", ")})`;
        return this.#q(`SELECT ${t.columns.join(", ")} FROM ${t.table} ${cond} ORDER BY ${keys} LIMIT ${DUMP_PAGE}`)
          .all(...((after ?? []) as Array<string | number>)) as Row[];
      }),
      async (storyId) => this.#guard("dump", () => (this.#q("SELECT handle, handle_key, seq FROM story_subjects WHERE story_id = ? ORDER BY seq")
        .all(storyId) as Row[]).map((r) => ({ handle: str(r.handle), handleKey: str(r.handle_key), seq: num(r.seq) }))),
    );
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#stmts.clear();
    try {
      this.#db.close();
    } catch (err) {
      throw new VoxpopError("STORE_ERROR", `store: close failed: ${message(err)}`, { cause: err });
    }
  }
}

