// The PostgreSQL Store: the SQLite store's behaviour (../sqlite/sqlite-store.ts is the reference,
// ../contract.ts holds both to it) on a pool from `pg`, for several processes writing at once.
//
// Concurrency: savePosts is one transaction. It locks the batch's stored posts in key order
// (SELECT … FOR UPDATE), merges each new read into the locked
// row with the shared rule (../merge.ts mergePost), and writes posts, authors, provenance,
// annotations and membership in a few set-based statements (unnest). Two workers saving the same
// post therefore never duplicate it (UNIQUE (platform, id)) nor lose a field (the second merges
// into what the first committed). A transaction that loses a race (a deadlock, or a post
// inserted by another worker between our read and our insert) is rolled back and run again.
// Story positions are handed out one writer at a time, as SQLite's single writer does: the
// story row is locked only for that last step, so batches of one story overlap until then.
// Every failure leaves as VoxpopError("STORE_ERROR") with the original as `cause`.

import { ensureValidRules, parseStoredRules } from "../rules.ts";
import { quarantineRow } from "../quarantine.ts";
import { articleColumnsOf, mergeArticle } from "../merge.ts";
import pg from "pg";
import type { Pool, PoolClient } from "pg";
import { sha256, VoxpopError } from "../../core/index.ts";
import type { ArticleMeta, Platform } from "../../core/index.ts";
import {
  ensureValidBatch, ensureValidStoryName, handleKey, mergePost, normalizeSubjects, toPostRecord,
} from "../merge.ts";
import type { PostRecord } from "../merge.ts";
import type {
  QuarantineInput, QuarantineItem, SaveBatch, SaveResult, SearchHit, SearchOptions, Store, StoredPost, Story,
  StoryFields, StoryMatch, StoryRole, StoreStats, PostAnnotations, Decision, DecisionInput, FeedPost,
  PostPage, PostQuery, StoryStats, DumpRecord,
} from "../store.ts";
import * as feed from "./feed-pg.ts";
import type { FeedDeps } from "./feed-pg.ts";
import { HEADLINE_OPTIONS, postTsvector, scoreSql, toTsQuery } from "./fts-pg.ts";
import { loadPgMigrations, migratePg } from "./migrate.ts";
import type { Migration } from "./migrate.ts";
import { PG_COLUMNS, POST_COLUMNS, STORY_POST_COLUMNS, num, readStoredPosts, str, strOrNull } from "./rows.ts";
import { postIdentity, postRecordOf, storyOf } from "../rows.ts";
import type { Queryable, Row } from "./rows.ts";
import { dumpPg, restorePg } from "./dump-pg.ts";
import { rewriteFacets } from "./facets-pg.ts";

export interface PgStoreOptions {
  /** Schema to keep voxpop's tables in (created if missing); default: the server's search_path. */
  schema?: string;
  /** Most connections the pool opens; default 10. */
  maxConnections?: number;
  /** Milliseconds to wait for a connection; default 10000. */
  connectTimeoutMs?: number;
  /** Migrations to apply instead of the bundled ones (tests). */
  migrations?: readonly Migration[];
}

const SCHEMA_RE = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/;
/** Attempts of a transaction that lost a race (deadlock, serialization failure, concurrent insert). */
const TX_ATTEMPTS = 8;
const RETRYABLE = new Set(["40001", "40P01", "23505"]);

/** BIGINT as a JS number (ids, counts and epoch milliseconds all stay below 2^53). */
const TYPES = {
  getTypeParser: ((oid: number, format?: "text" | "binary") =>
    oid === 20 && format !== "binary" ? (v: string) => Number(v) : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
};

function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** The URL without its password, for messages. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = "***";
    return u.toString();
  } catch {
    return "(unparseable URL)";
  }
}

/** True for postgres:// and postgresql:// URLs: what selects this store over SQLite. */
export function isPostgresUrl(v: string): boolean {
  return /^postgres(ql)?:\/\//i.test(v);
}

export async function openPostgresStore(url: string, options: PgStoreOptions = {}): Promise<Store & PgStoreExtras> {
  if (typeof url !== "string" || !isPostgresUrl(url)) {
    throw new VoxpopError("INVALID_ARGUMENT", "openPostgresStore: a postgres://user@host:port/database URL is required");
  }
  try {
    new URL(url);
  } catch (err) {
    throw new VoxpopError("INVALID_ARGUMENT", `openPostgresStore: ${JSON.stringify(redactUrl(url))} is not a valid URL`, { cause: err });
  }
  const schema = options.schema;
  if (schema !== undefined && !SCHEMA_RE.test(schema)) {
    throw new VoxpopError("INVALID_ARGUMENT", "openPostgresStore: schema must be a plain SQL identifier (letters, digits, _)");
  }
  const pool = new pg.Pool({
    connectionString: url,
    max: options.maxConnections ?? 10,
    connectionTimeoutMillis: options.connectTimeoutMs ?? 10_000,
    types: TYPES,
    // Every connection works in the store's schema (the trigger functions resolve through it).
    ...(schema ? { options: `-c search_path=${schema}` } : {}),
  });
  // An idle connection dropped by the server must not crash the process; the next query reconnects.
  pool.on("error", () => undefined);
  const where = redactUrl(url);
  let client: PoolClient;
  try {
    client = await pool.connect();
  } catch (err) {
    await pool.end().catch(() => undefined);
    throw new VoxpopError("STORE_ERROR", `cannot connect to PostgreSQL at ${where}: ${message(err) || (err as { code?: string }).code || "connection failed"}`, { cause: err });
  }
  try {
    if (schema) {
      // Two processes creating the schema at once: the loser's IF NOT EXISTS still fails (23505); the schema is there.
      await client.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`).catch((err: { code?: string }) => {
        if (err.code !== "23505" && err.code !== "42P06") throw err;
      });
    }
    await migratePg(client, options.migrations ?? loadPgMigrations());
    client.release();
  } catch (err) {
    client.release(true);
    await pool.end().catch(() => undefined);
    if (err instanceof VoxpopError) throw new VoxpopError(err.code, `cannot open ${where}: ${err.message}`, { cause: err });
    throw new VoxpopError("STORE_ERROR", `cannot open ${where}: ${message(err)}`, { cause: err });
  }
  return new PgStore(pool);
}

/** What the PostgreSQL store offers beyond the Store interface. */
export interface PgStoreExtras {
  /** The pool (tests, benchmarks). */
  readonly pool: Pool;
}


const RECORD_COLUMNS = `pk, platform, id, url, author_name, author_handle, created_at, date_text, text, links, mentions,
  lang, tags, reply_to, reply_root, quote_of, repost_of, author_account, author_followers, author_verified`;

/** Thrown inside a transaction that must start again (another writer won a race). */
class Retry extends Error {}


const postKeyOf = (platform: string, id: string) => `${platform}\u0000${id}`;

/** A post's state while a batch is folded into the stored rows. */
interface Slot {
  pk: number | null;
  record: PostRecord;
  /** Stored before this batch (else inserted by it). */
  stored: boolean;
  /** Changed by this batch (a stored row to update). */
  dirty: boolean;
}

/** A story post's state while a batch is folded in. */
interface Member {
  position: number;
  role: StoryRole;
  relevance: number | null;
  matched: string[];
  stored: boolean;
  dirty: boolean;
}

/** The posts columns a batch writes: name, array type for unnest, cast from it, value. */
type PostCol = [name: string, type: string, cast: string, value: (r: PostRecord, authorId: number | null) => unknown];
const POST_COLS: PostCol[] = [
  ["platform", "text", "", (r) => r.platform],
  ["id", "text", "", (r) => r.id],
  ["url", "text", "", (r) => r.url],
  ["author_id", "bigint", "", (_r, a) => a],
  ["author_name", "text", "", (r) => r.authorName],
  ["author_handle", "text", "", (r) => r.authorHandle],
  ["created_at", "text", "", (r) => r.createdAt],
  ["date_text", "text", "", (r) => r.dateText],
  ["text", "text", "", (r) => r.text],
  ["links", "text", "::jsonb", (r) => JSON.stringify(r.links)],
  ["mentions", "text", "::jsonb", (r) => JSON.stringify(r.mentions)],
  ["search", "text", "::tsvector", (r) => postTsvector(r.text, r.authorName, r.authorHandle)],
  ["lang", "text", "", (r) => r.lang],
  ["tags", "text", "::jsonb", (r) => JSON.stringify(r.tags)],
  ["reply_to", "text", "", (r) => r.replyTo],
  ["reply_root", "text", "", (r) => r.replyRoot],
  ["quote_of", "text", "", (r) => r.quoteOf],
  ["repost_of", "text", "", (r) => r.repostOf],
  ["author_account", "text", "", (r) => r.authorAccount],
  ["author_followers", "bigint", "", (r) => r.authorFollowers],
  ["author_verified", "boolean", "", (r) => r.authorVerified],
];

/** `unnest($k::type[], …) AS u (names…)` over the records, parameters numbered after `offset`. */
function unnest(cols: PostCol[], records: PostRecord[], authorOf: (r: PostRecord) => number | null, offset: number): { sql: string; values: unknown[][] } {
  return {
    sql: `unnest(${cols.map(([, type], i) => `$${offset + i + 1}::${type}[]`).join(", ")}) AS u (${cols.map(([n]) => n).join(", ")})`,
    values: cols.map(([, , , value]) => records.map((r) => value(r, authorOf(r)))),
  };
}

class PgStore implements Store, PgStoreExtras {
  readonly pool: Pool;
  #closed = false;
  readonly #feed: FeedDeps;

  constructor(pool: Pool) {
    this.pool = pool;
    this.#feed = {
      pool,
      readPosts: (client, storyId, pks) => this.#readPosts(client, storyId, pks),
    };
  }

  async #guard<T>(op: string, fn: () => Promise<T>): Promise<T> {
    if (this.#closed) throw new VoxpopError("STORE_ERROR", `store: ${op} called after close()`);
    try {
      return await fn();
    } catch (err) {
      if (err instanceof VoxpopError) throw err;
      throw new VoxpopError("STORE_ERROR", `store: ${op} failed: ${message(err)}`, { cause: err });
    }
  }

  /** Runs fn in a transaction on one client, again from the start when it lost a race. */
  async #tx<T>(fn: (c: PoolClient) => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      const c = await this.pool.connect();
      let broken = false;
      try {
        await c.query("BEGIN");
        const out = await fn(c);
        await c.query("COMMIT");
        return out;
      } catch (err) {
        try { await c.query("ROLLBACK"); } catch { broken = true; }
        const code = (err as { code?: string }).code;
        const retry = err instanceof Retry || (typeof code === "string" && RETRYABLE.has(code));
        if (!retry || attempt >= TX_ATTEMPTS) throw err instanceof Retry ? new Error(`lost a race ${attempt} times: ${err.message}`) : err;
        await new Promise((r) => setTimeout(r, Math.random() * 10 * attempt));
      } finally {
        c.release(broken);
      }
    }
  }

  // ---- stories -------------------------------------------------------------------------------

  async ensureStory(name: string, fields: StoryFields = {}): Promise<Story> {
    return this.#guard("ensureStory", async () => {
      const storyName = ensureValidStoryName(name);
      if (fields.title !== undefined && fields.title !== null && typeof fields.title !== "string") {
        throw new VoxpopError("INVALID_ARGUMENT", "ensureStory: title must be a string");
      }
      const subjects = normalizeSubjects(fields.subjects ?? []);
      const rules = fields.rules === undefined ? null : ensureValidRules(fields.rules);
      await this.#tx(async (c) => {
        const now = new Date().toISOString();
        const id = await this.#ensureStoryRow(c, storyName, fields.title ?? null, subjects, now);
        if (rules) {
          const row = (await c.query("SELECT rules FROM stories WHERE id = $1", [id])).rows[0] as Row;
          const current = parseStoredRules(row.rules);
          const next = { ...current, ...rules };
          if (JSON.stringify(next) !== JSON.stringify(current)) {
            await c.query("UPDATE stories SET rules = $1::jsonb, updated_at = $2 WHERE id = $3", [JSON.stringify(next), now, id]);
          }
        }
      });
      return (await this.#readStory(this.pool, storyName))!;
    });
  }

  /**
   * Creates or updates a story inside the caller's transaction and locks its row until the
   * transaction ends (so story positions are handed out one writer at a time); returns its id.
   */
  async #ensureStoryRow(c: PoolClient, name: string, title: string | null, subjects: string[], now: string): Promise<number> {
    const lock = () => c.query("SELECT id, title FROM stories WHERE name = $1 FOR UPDATE", [name]);
    let row = (await lock()).rows[0] as Row | undefined;
    let changed = false;
    if (!row) {
      const ins = await c.query(`INSERT INTO stories (name, title, created_at, updated_at) VALUES ($1, $2, $3, $3)
        ON CONFLICT (name) DO NOTHING RETURNING id, title`, [name, title, now]);
      row = (ins.rows[0] as Row | undefined) ?? ((await lock()).rows[0] as Row);
    } else if (title !== null && title !== row.title) {
      await c.query("UPDATE stories SET title = $1 WHERE id = $2", [title, num(row.id)]);
      changed = true;
    }
    const id = num(row.id);
    if (subjects.length > 0) {
      const have = new Set((await c.query("SELECT handle_key FROM story_subjects WHERE story_id = $1", [id])).rows.map((r) => str(r.handle_key)));
      const fresh = subjects.filter((h) => !have.has(handleKey(h)));
      if (fresh.length > 0) {
        await c.query(`INSERT INTO story_subjects (story_id, handle, handle_key, seq)
          SELECT $1, h, k, (SELECT coalesce(max(seq), 0) FROM story_subjects WHERE story_id = $1) + n
          FROM unnest($2::text[], $3::text[]) WITH ORDINALITY AS u (h, k, n)
          ON CONFLICT (story_id, handle_key) DO NOTHING`, [id, fresh, fresh.map(handleKey)]);
        changed = true;
        // A new subject turns that author's posts already in the story into subject posts.
        await c.query(`UPDATE story_posts SET role = 'subject'
          WHERE story_id = $1 AND role = 'reaction' AND post_pk IN (
            SELECT p.pk FROM posts p JOIN authors a ON a.id = p.author_id
            JOIN story_subjects s ON s.story_id = $1 AND s.handle_key = a.handle_key)`, [id]);
      }
    }
    if (changed) await c.query("UPDATE stories SET updated_at = $1 WHERE id = $2", [now, id]);
    return id;
  }

  /**
   * The id of the batch's story, created if missing, without locking it: the story row is
   * locked only when the batch's posts join it (#attach), so concurrent batches of one story do
   * their post work in parallel and wait for each other only to take positions.
   */
  async #storyFor(c: PoolClient, name: string, now: string): Promise<number> {
    const find = () => c.query("SELECT id FROM stories WHERE name = $1", [name]);
    const row = (await find()).rows[0] ?? (await c.query(`INSERT INTO stories (name, title, created_at, updated_at) VALUES ($1, NULL, $2, $2)
      ON CONFLICT (name) DO NOTHING RETURNING id`, [name, now])).rows[0] ?? (await find()).rows[0];
    return num(row.id);
  }

  async #readStory(db: Queryable, name: string): Promise<Story | null> {
    const row = (await db.query(`SELECT s.id, s.name, s.title, s.rules, s.created_at, s.updated_at,
        (SELECT count(*) FROM story_posts sp WHERE sp.story_id = s.id) AS post_count
      FROM stories s WHERE s.name = $1`, [name])).rows[0] as Row | undefined;
    return row ? this.#toStory(db, row) : null;
  }

  async #toStory(db: Queryable, row: Row): Promise<Story> {
    const subjects = (await db.query("SELECT handle FROM story_subjects WHERE story_id = $1 ORDER BY seq", [num(row.id)])).rows
      .map((r) => str(r.handle));
    return storyOf(row, subjects);
  }

  async #storyId(db: Queryable, name: string): Promise<number> {
    const row = (await db.query("SELECT id FROM stories WHERE name = $1", [ensureValidStoryName(name)])).rows[0] as Row | undefined;
    if (!row) throw new VoxpopError("NOT_FOUND", `no story named ${JSON.stringify(name)}`);
    return num(row.id);
  }

  async getStory(name: string): Promise<Story | null> {
    return this.#guard("getStory", () => this.#readStory(this.pool, ensureValidStoryName(name)));
  }

  async listStories(): Promise<Story[]> {
    return this.#guard("listStories", async () => {
      const rows = (await this.pool.query(`SELECT s.id, s.name, s.title, s.rules, s.created_at, s.updated_at,
          (SELECT count(*) FROM story_posts sp WHERE sp.story_id = s.id) AS post_count
        FROM stories s ORDER BY s.created_at COLLATE "C", s.id`)).rows as Row[];
      return Promise.all(rows.map((r) => this.#toStory(this.pool, r)));
    });
  }

  // ---- posts ---------------------------------------------------------------------------------

  async savePosts(input: SaveBatch): Promise<SaveResult> {
    return this.#guard("savePosts", async () => {
      ensureValidBatch(input);
      const batch: SaveBatch = {
        ...input,
        posts: withoutNul(input.posts), annotations: withoutNul(input.annotations), matches: withoutNul(input.matches),
        sourceUris: withoutNul(input.sourceUris), article: withoutNul(input.article), story: withoutNul(input.story),
        quarantine: input.quarantine?.map(nulFreeQuarantine),
      };
      const storyName = batch.story == null ? null : ensureValidStoryName(batch.story);
      return this.#tx((c) => this.#saveBatch(c, batch, storyName));
    });
  }

  async #saveBatch(c: PoolClient, batch: SaveBatch, storyName: string | null): Promise<SaveResult> {
    const now = new Date().toISOString();
    const collectedAt = batch.collectedAt ?? now;
    const result: SaveResult = { inserted: 0, updated: 0, unchanged: 0 };

    // Raw payloads, once by hash: the batch's own and each post's.
    const raws = new Map<string, { bytes: Uint8Array; contentType: string }>();
    const addRaw = (payload: string | Uint8Array, contentType: string): string => {
      const bytes = typeof payload === "string" ? Buffer.from(payload, "utf8") : payload;
      const hash = sha256(bytes);
      if (!raws.has(hash)) raws.set(hash, { bytes, contentType });
      return hash;
    };
    const rawHash = batch.raw ? addRaw(batch.raw.payload, batch.raw.contentType) : null;
    const postRaw = batch.posts.map((_, i) => {
      const r = batch.raws?.[i];
      return r ? addRaw(r.payload, r.contentType) : rawHash;
    });
    if (raws.size > 0) {
      const list = [...raws];
      await c.query(`INSERT INTO raw_payloads (hash, payload, content_type, size, stored_at)
        SELECT h, p, t, s, $5 FROM unnest($1::text[], $2::bytea[], $3::text[], $4::bigint[]) AS u (h, p, t, s)
        ON CONFLICT (hash) DO NOTHING`,
      [list.map(([h]) => h), list.map(([, r]) => Buffer.from(r.bytes.buffer, r.bytes.byteOffset, r.bytes.byteLength)),
        list.map(([, r]) => r.contentType), list.map(([, r]) => r.bytes.byteLength), now]);
    }
    const articleId = batch.article ? await this.#saveArticle(c, batch.article, batch.source.uri, now) : null;
    const storyId = storyName === null ? null : await this.#storyFor(c, storyName, now);
    for (const item of batch.quarantine ?? []) await this.#quarantine(c, item, now);

    // Posts in article order, so story positions follow it.
    const ordered = batch.posts
      .map((post, index) => ({ post, index, at: Number.isFinite(post.position) ? post.position! : index + 1, handle: null as string | null }))
      .sort((a, b) => a.at - b.at || a.index - b.index);
    const incoming = ordered.map((o) => toPostRecord(o.post));

    // The dedupe slot: lock the stored posts of the batch, in key order (so that two batches
    // sharing posts wait for each other instead of deadlocking).
    const keys = [...new Map(incoming.map((r) => [postKeyOf(r.platform, r.id), r])).values()]
      .sort((a, b) => (a.platform < b.platform ? -1 : a.platform > b.platform ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    const slots = new Map<string, Slot>();
    if (keys.length > 0) {
      const found = await c.query(`SELECT ${RECORD_COLUMNS} FROM posts
        WHERE (platform, id) IN (SELECT * FROM unnest($1::text[], $2::text[]))
        ORDER BY platform COLLATE "C", id COLLATE "C" FOR UPDATE`, [keys.map((k) => k.platform), keys.map((k) => k.id)]);
      for (const r of found.rows as Row[]) {
        slots.set(postKeyOf(str(r.platform), str(r.id)), { pk: num(r.pk), record: postRecordOf(r, PG_COLUMNS), stored: true, dirty: false });
      }
    }

    // Fold each read into its slot in order, as SQLite does one post at a time; authors are
    // written for the reads that insert or change a post.
    const authorWrites: Array<{ platform: string; handle: string; name: string | null }> = [];
    const fresh: Slot[] = [];
    ordered.forEach((o, i) => {
      const rec = incoming[i]!;
      const key = postKeyOf(rec.platform, rec.id);
      let slot = slots.get(key);
      if (!slot) {
        slot = { pk: null, record: rec, stored: false, dirty: false };
        slots.set(key, slot);
        fresh.push(slot);
        result.inserted++;
        if (rec.authorHandle !== null) authorWrites.push({ platform: rec.platform, handle: rec.authorHandle, name: rec.authorName });
      } else {
        const merged = mergePost(slot.record, rec);
        if (merged) {
          slot.record = merged;
          if (slot.stored) slot.dirty = true;
          result.updated++;
          if (merged.authorHandle !== null) authorWrites.push({ platform: merged.platform, handle: merged.authorHandle, name: merged.authorName });
        } else {
          result.unchanged++;
        }
      }
      o.handle = slot.record.authorHandle;
    });

    const authorIds = await this.#saveAuthors(c, authorWrites, now);
    const authorOf = (r: PostRecord) => (r.authorHandle === null ? null : authorIds.get(`${r.platform}\u0000${handleKey(r.authorHandle)}`) ?? null);

    if (fresh.length > 0) {
      const u = unnest(POST_COLS, fresh.map((x) => x.record), authorOf, 0);
      const ins = await c.query(`INSERT INTO posts (${POST_COLS.map(([n]) => n).join(", ")}, stored_at, updated_at)
        SELECT ${POST_COLS.map(([n, , cast]) => `u.${n}${cast}`).join(", ")}, $${u.values.length + 1}, $${u.values.length + 1}
        FROM ${u.sql}
        ON CONFLICT (platform, id) DO NOTHING
        RETURNING pk, platform, id`, [...u.values, now]);
      // Another writer inserted one of them since we looked: start again (it is a stored post now).
      if (ins.rows.length !== fresh.length) throw new Retry("a post of the batch was inserted by another writer");
      const pks = new Map((ins.rows as Row[]).map((r) => [postKeyOf(str(r.platform), str(r.id)), num(r.pk)]));
      for (const x of fresh) x.pk = pks.get(postKeyOf(x.record.platform, x.record.id))!;
    }
    const dirty = [...slots.values()].filter((x) => x.dirty);
    if (dirty.length > 0) {
      const cols = POST_COLS.filter(([n]) => n !== "platform" && n !== "id");
      const u = unnest(cols, dirty.map((x) => x.record), authorOf, 1);
      await c.query(`UPDATE posts p SET ${cols.map(([n, , cast]) => `${n} = u.${n}${cast}`).join(", ")}, updated_at = $${u.values.length + 2}
        FROM ${u.sql.replace("AS u (", "AS u (pk, ").replace("unnest(", "unnest($1::bigint[], ")}
        WHERE p.pk = u.pk`, [dirty.map((x) => x.pk), ...u.values, now]);
    }
    const pkOf = (i: number) => slots.get(postKeyOf(incoming[i]!.platform, incoming[i]!.id))!.pk!;

    // Provenance: one row per (post, source); the first sighting's facts are kept, later ones
    // fill what it lacked, last_seen_at moves on.
    const prov = new Map<string, { pk: number; uri: string; raw: string | null; position: number; inArticle: boolean | null }>();
    ordered.forEach((o, i) => {
      const pk = pkOf(i);
      const uri = batch.sourceUris?.[o.index] ?? batch.source.uri;
      const inArticle = typeof o.post.inArticle === "boolean" ? o.post.inArticle : null;
      const key = `${pk}\u0000${uri}`;
      const seen = prov.get(key);
      if (!seen) prov.set(key, { pk, uri, raw: postRaw[o.index] ?? null, position: o.at, inArticle });
      else {
        seen.raw ??= postRaw[o.index] ?? null;
        seen.inArticle ??= inArticle;
      }
    });
    if (prov.size > 0) {
      const rows = [...prov.values()];
      await c.query(`INSERT INTO provenance (post_pk, source_kind, source_uri, article_id, raw_hash, position, in_article, collected_at, last_seen_at)
        SELECT pk, $1, uri, $2::bigint, raw, pos, ina, $3, $3
        FROM unnest($4::bigint[], $5::text[], $6::text[], $7::bigint[], $8::boolean[]) AS u (pk, uri, raw, pos, ina)
        ON CONFLICT (post_pk, source_uri) DO UPDATE SET
          article_id = coalesce(provenance.article_id, excluded.article_id),
          raw_hash = coalesce(provenance.raw_hash, excluded.raw_hash),
          position = coalesce(provenance.position, excluded.position),
          in_article = coalesce(provenance.in_article, excluded.in_article),
          last_seen_at = greatest(provenance.last_seen_at COLLATE "C", excluded.last_seen_at COLLATE "C")`,
      [batch.source.kind, articleId, collectedAt, rows.map((r) => r.pk), rows.map((r) => r.uri), rows.map((r) => r.raw),
        rows.map((r) => Math.trunc(r.position)), rows.map((r) => r.inArticle)]);
    }

    // Annotations: the last read of a (post, enricher) wins, then the posts' facets follow.
    const notes = new Map<string, { pk: number; enricher: string; version: string; data: string }>();
    ordered.forEach((o, i) => {
      const a = batch.annotations?.[o.index];
      if (!a) return;
      for (const [enricher, note] of Object.entries(a)) {
        notes.set(`${pkOf(i)}\u0000${enricher}`, { pk: pkOf(i), enricher, version: String(note.version), data: JSON.stringify(note.data ?? null) });
      }
    });
    await this.#writeAnnotations(c, [...notes.values()], now);

    if (storyId !== null) await this.#attach(c, storyId, ordered.flatMap((o, i) =>
      o.post.inArticle === false ? [] : [{ pk: pkOf(i), handle: o.handle, match: batch.matches?.[o.index] ?? null }]), now);
    if (batch.cursor) await this.#setCursor(c, batch.cursor.source, batch.cursor.cursor, now);
    return result;
  }

  /** Upserts the authors the batch wrote (the first spelling of a handle is kept, the last known name wins); ids by platform + handle key. */
  async #saveAuthors(c: PoolClient, writes: Array<{ platform: string; handle: string; name: string | null }>, now: string): Promise<Map<string, number>> {
    const byKey = new Map<string, { platform: string; handle: string; key: string; name: string | null }>();
    for (const w of writes) {
      const key = handleKey(w.handle);
      const k = `${w.platform}\u0000${key}`;
      const seen = byKey.get(k);
      if (!seen) byKey.set(k, { platform: w.platform, handle: w.handle, key, name: w.name });
      else if (w.name !== null) seen.name = w.name;
    }
    const ids = new Map<string, number>();
    if (byKey.size === 0) return ids;
    const list = [...byKey.values()].sort((a, b) => (a.platform < b.platform ? -1 : a.platform > b.platform ? 1 : a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    const { rows } = await c.query(`INSERT INTO authors (platform, handle, handle_key, name, stored_at, updated_at)
      SELECT pl, h, k, n, $5, $5 FROM unnest($1::text[], $2::text[], $3::text[], $4::text[]) AS u (pl, h, k, n)
      ON CONFLICT (platform, handle_key) DO UPDATE SET
        name = coalesce(excluded.name, authors.name),
        updated_at = CASE WHEN excluded.name IS NOT NULL AND excluded.name IS DISTINCT FROM authors.name
                          THEN excluded.updated_at ELSE authors.updated_at END
      RETURNING id, platform, handle_key`,
    [list.map((a) => a.platform), list.map((a) => a.handle), list.map((a) => a.key), list.map((a) => a.name), now]);
    for (const r of rows as Row[]) ids.set(`${str(r.platform)}\u0000${str(r.handle_key)}`, num(r.id));
    return ids;
  }

  /** Story membership: position on first addition, the role only ever upgraded, relevance keeps its highest. */
  async #attach(c: PoolClient, storyId: number, items: Array<{ pk: number; handle: string | null; match: StoryMatch | null }>, now: string): Promise<void> {
    if (items.length === 0) return;
    // Positions are handed out one writer at a time per story: the story row stays locked until commit.
    await c.query("SELECT id FROM stories WHERE id = $1 FOR UPDATE", [storyId]);
    const pks = [...new Set(items.map((x) => x.pk))];
    const [subjectRows, memberRows, maxRow] = [
      await c.query("SELECT handle_key FROM story_subjects WHERE story_id = $1", [storyId]),
      await c.query("SELECT post_pk, position, role, relevance, matched FROM story_posts WHERE story_id = $1 AND post_pk = ANY($2::bigint[])", [storyId, pks]),
      await c.query("SELECT coalesce(max(position), 0) AS m FROM story_posts WHERE story_id = $1", [storyId]),
    ];
    const subjects = new Set(subjectRows.rows.map((r) => str(r.handle_key)));
    const members = new Map<number, Member>();
    for (const r of memberRows.rows as Row[]) {
      members.set(num(r.post_pk), {
        position: num(r.position), role: str(r.role) as StoryRole, relevance: r.relevance == null ? null : num(r.relevance),
        matched: Array.isArray(r.matched) ? r.matched.map(String) : [], stored: true, dirty: false,
      });
    }
    let last = num(maxRow.rows[0].m);
    const added: number[] = [];
    for (const { pk, handle, match } of items) {
      const role: StoryRole = (handle !== null && subjects.has(handleKey(handle))) || match?.role === "subject" ? "subject" : "reaction";
      const relevance = match?.relevance ?? null;
      const matched = match?.reasons ?? [];
      const m = members.get(pk);
      if (!m) {
        members.set(pk, { position: ++last, role, relevance, matched, stored: false, dirty: false });
        added.push(pk);
        continue;
      }
      const nextRole: StoryRole = role === "subject" ? "subject" : m.role;
      const better = relevance !== null && relevance > (m.relevance ?? -1);
      const nextRelevance = m.relevance === null || (relevance !== null && relevance > m.relevance) ? relevance : m.relevance;
      const nextMatched = better ? matched : m.matched;
      if (nextRole !== m.role || nextRelevance !== m.relevance || JSON.stringify(nextMatched) !== JSON.stringify(m.matched)) {
        m.role = nextRole; m.relevance = nextRelevance; m.matched = nextMatched;
        if (m.stored) m.dirty = true;
      }
    }
    if (added.length > 0) {
      const rows = added.map((pk) => [pk, members.get(pk)!] as const);
      // created_ms is set by the story_posts trigger (005_feed_time.sql).
      await c.query(`INSERT INTO story_posts (story_id, post_pk, role, position, added_at, relevance, matched)
        SELECT $1, pk, role, pos, $2, rel, matched::jsonb
        FROM unnest($3::bigint[], $4::text[], $5::bigint[], $6::float8[], $7::text[]) AS u (pk, role, pos, rel, matched)`,
      [storyId, now, rows.map(([pk]) => pk), rows.map(([, m]) => m.role), rows.map(([, m]) => m.position),
        rows.map(([, m]) => m.relevance), rows.map(([, m]) => JSON.stringify(m.matched))]);
    }
    const changed = [...members].filter(([, m]) => m.dirty);
    if (changed.length > 0) {
      await c.query(`UPDATE story_posts sp SET role = u.role, relevance = u.rel, matched = u.matched::jsonb
        FROM unnest($2::bigint[], $3::text[], $4::float8[], $5::text[]) AS u (pk, role, rel, matched)
        WHERE sp.story_id = $1 AND sp.post_pk = u.pk`,
      [storyId, changed.map(([pk]) => pk), changed.map(([, m]) => m.role), changed.map(([, m]) => m.relevance),
        changed.map(([, m]) => JSON.stringify(m.matched))]);
    }
  }

  /** Upserts annotations and rewrites the facets of their posts (rules: feed-pg.ts facetsOf). */
  async #writeAnnotations(c: PoolClient, notes: Array<{ pk: number; enricher: string; version: string; data: string }>, now: string): Promise<void> {
    if (notes.length === 0) return;
    await c.query(`INSERT INTO annotations (post_pk, enricher, version, data, annotated_at)
      SELECT pk, e, v, d::jsonb, $5 FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[]) AS u (pk, e, v, d)
      ON CONFLICT (post_pk, enricher) DO UPDATE SET version = excluded.version, data = excluded.data, annotated_at = excluded.annotated_at`,
    [notes.map((n) => n.pk), notes.map((n) => n.enricher), notes.map((n) => n.version), notes.map((n) => n.data), now]);
    await rewriteFacets(c, notes.map((n) => n.pk));
  }

  async saveAnnotations(input: Array<{ platform: Platform; id: string; annotations: PostAnnotations }>): Promise<{ saved: number; missing: number }> {
    return this.#guard("saveAnnotations", async () => {
      if (!Array.isArray(input)) throw new VoxpopError("INVALID_ARGUMENT", "saveAnnotations: items must be an array");
      const items = withoutNul(input);
      const now = new Date().toISOString();
      return this.#tx(async (c) => {
        const { rows } = await c.query(`SELECT pk, platform, id FROM posts
          WHERE (platform, id) IN (SELECT * FROM unnest($1::text[], $2::text[]))
          ORDER BY platform COLLATE "C", id COLLATE "C" FOR UPDATE`,
        [items.map((x) => String(x.platform)), items.map((x) => String(x.id))]);
        const pks = new Map((rows as Row[]).map((r) => [postKeyOf(str(r.platform), str(r.id)), num(r.pk)]));
        let saved = 0;
        let missing = 0;
        const notes = new Map<string, { pk: number; enricher: string; version: string; data: string }>();
        for (const item of items) {
          const pk = pks.get(postKeyOf(String(item.platform), String(item.id)));
          if (pk === undefined) { missing++; continue; }
          saved++;
          for (const [enricher, note] of Object.entries(item.annotations ?? {})) {
            notes.set(`${pk}\u0000${enricher}`, { pk, enricher, version: String(note.version), data: JSON.stringify(note.data ?? null) });
          }
        }
        await this.#writeAnnotations(c, [...notes.values()], now);
        return { saved, missing };
      });
    });
  }

  async #saveArticle(c: PoolClient, article: ArticleMeta, sourceUri: string, now: string): Promise<number> {
    const key = article.url ?? sourceUri;
    const text = typeof article.text === "string" ? article.text : "";
    const lock = () => c.query("SELECT id, url, title, byline, published_at, lang, text FROM articles WHERE key = $1 FOR UPDATE", [key]);
    let row = (await lock()).rows[0] as Row | undefined;
    if (!row) {
      const ins = await c.query(`INSERT INTO articles (key, url, title, byline, published_at, lang, text, source_uri, stored_at, updated_at)
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9) ON CONFLICT (key) DO NOTHING RETURNING id`,
      [key, article.url ?? null, article.title ?? null, article.byline ?? null, article.publishedAt ?? null, article.lang ?? null, text, sourceUri, now]);
      if (ins.rows[0]) return num(ins.rows[0].id);
      row = (await lock()).rows[0] as Row;
    }
    const next = mergeArticle(articleColumnsOf(row), article);
    if (next) {
      await c.query("UPDATE articles SET url = $1, title = $2, byline = $3, published_at = $4, lang = $5, text = $6, updated_at = $7 WHERE id = $8",
        [next.url, next.title, next.byline, next.published_at, next.lang, next.text, now, num(row.id)]);
    }
    return num(row.id);
  }

  async storyPosts(story: string): Promise<StoredPost[]> {
    return this.#guard("storyPosts", async () => {
      const c = await this.pool.connect();
      try {
        // One snapshot for the posts, their provenance and annotations.
        await c.query("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
        const storyId = await this.#storyId(c, story);
        const { rows } = await c.query(`SELECT ${STORY_POST_COLUMNS}, ${POST_COLUMNS}
          FROM story_posts sp JOIN posts p ON p.pk = sp.post_pk
          WHERE sp.story_id = $1 ORDER BY sp.position`, [storyId]);
        const out = await readStoredPosts(c, rows as Row[], { storyId });
        await c.query("COMMIT");
        return out;
      } catch (err) {
        await c.query("ROLLBACK").catch(() => undefined);
        throw err;
      } finally {
        c.release();
      }
    });
  }

  /** The StoredPosts of these posts of the story, in the order of `pks` (for feed-pg.ts). */
  async #readPosts(c: Queryable, storyId: number, pks: number[]): Promise<StoredPost[]> {
    if (pks.length === 0) return [];
    const { rows } = await c.query(`SELECT ${STORY_POST_COLUMNS}, ${POST_COLUMNS}
      FROM story_posts sp JOIN posts p ON p.pk = sp.post_pk
      WHERE sp.story_id = $1 AND sp.post_pk = ANY($2::bigint[])`, [storyId, pks]);
    const byPk = new Map((rows as Row[]).map((r) => [num(r.pk), r]));
    const ordered = pks.map((pk) => byPk.get(pk)).filter((r): r is Row => r !== undefined);
    return readStoredPosts(c, ordered, { rows: true });
  }

  // ---- curation and the feed: feed-pg.ts -----------------------------------------------------

  async appendDecision(story: string, input: DecisionInput): Promise<Decision> {
    return this.#guard("appendDecision", () => feed.appendDecision(this.#feed, story, input));
  }

  async listDecisions(story: string, options: { afterId?: number } = {}): Promise<Decision[]> {
    return this.#guard("listDecisions", () => feed.listDecisions(this.#feed, story, options));
  }

  async queryPosts(story: string, query: PostQuery = {}): Promise<PostPage> {
    return this.#guard("queryPosts", () => feed.queryPosts(this.#feed, story, query));
  }

  async postsAfter(story: string, position: number, limit = 100): Promise<FeedPost[]> {
    return this.#guard("postsAfter", () => feed.postsAfter(this.#feed, story, position, limit));
  }

  async storyStats(story: string, options: { bucket?: "hour" | "day" } = {}): Promise<StoryStats> {
    return this.#guard("storyStats", () => feed.storyStats(this.#feed, story, options));
  }

  // ---- search --------------------------------------------------------------------------------

  async search(query: string, options: SearchOptions = {}): Promise<SearchHit[]> {
    return this.#guard("search", async () => {
      const limit = Math.min(500, Math.max(1, Math.floor(Number.isFinite(options.limit) ? options.limit! : 20)));
      const storyId = options.story == null ? null : await this.#storyId(this.pool, options.story);
      const tsq = toTsQuery(typeof query === "string" ? query : "");
      if (tsq === null) return [];
      // Rank through the GIN index first; the snippets are made for the page's hits only.
      const { rows } = await this.pool.query(`WITH q AS (SELECT $1::tsquery AS q),
        hits AS (
          SELECT p.pk, p.platform, p.id, p.url, p.author_name, p.author_handle, p.author_account, p.author_followers,
            p.author_verified, p.text, p.created_at, ${scoreSql("p.search", "q.q")} AS score
          FROM posts p, q
          WHERE p.search @@ q.q
            AND ($2::bigint IS NULL OR EXISTS (SELECT 1 FROM story_posts sp WHERE sp.post_pk = p.pk AND sp.story_id = $2))
          ORDER BY score, p.pk LIMIT $3)
        SELECT h.*,
          ts_headline('voxpop_search', coalesce(h.text, ''), q.q, $4) AS snippet_text,
          ts_headline('voxpop_search', concat_ws(' ', h.author_name, h.author_handle), q.q, $4) AS snippet_author
        FROM hits h, q ORDER BY h.score, h.pk`, [tsq, storyId, limit, HEADLINE_OPTIONS]);
      return (rows as Row[]).map((r): SearchHit => {
        const inText = str(r.snippet_text ?? "");
        const inAuthor = str(r.snippet_author ?? "");
        // The excerpt of the field that matched, as SQLite's snippet() picks its column.
        const snippet = inText.includes("«") || !inAuthor.includes("«") ? inText : inAuthor;
        return {
          ...postIdentity(r, PG_COLUMNS),
          text: strOrNull(r.text),
          createdAt: strOrNull(r.created_at),
          snippet,
          score: num(r.score),
        };
      });
    });
  }

  // ---- quarantine ----------------------------------------------------------------------------

  async quarantine(item: QuarantineInput): Promise<void> {
    return this.#guard("quarantine", () => this.#quarantine(this.pool, nulFreeQuarantine(item), new Date().toISOString()));
  }

  async #quarantine(db: Queryable, item: QuarantineInput, now: string): Promise<void> {
    const row = quarantineRow(item);
    const stored = row.payload === null ? null : Buffer.from(row.payload.buffer, row.payload.byteOffset, row.payload.byteLength);
    await db.query(`INSERT INTO quarantine
        (source, code, reason, story, payload, payload_is_text, payload_size, payload_truncated, payload_hash, created_at)
      VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
    [item.source, item.code, item.reason, item.story ?? null, stored, row.isText, row.size, row.truncated, row.hash, now]);
  }

  async listQuarantine(): Promise<QuarantineItem[]> {
    return this.#guard("listQuarantine", async () => {
      const { rows } = await this.pool.query("SELECT * FROM quarantine ORDER BY id");
      return (rows as Row[]).map((r): QuarantineItem => {
        const blob = r.payload == null ? null : (r.payload as Buffer);
        return {
          id: num(r.id),
          source: str(r.source),
          code: str(r.code),
          reason: str(r.reason),
          story: strOrNull(r.story),
          payload: blob === null ? null : r.payload_is_text ? blob.toString("utf8") : new Uint8Array(blob),
          payloadSize: r.payload_size == null ? null : num(r.payload_size),
          payloadTruncated: Boolean(r.payload_truncated),
          payloadHash: strOrNull(r.payload_hash),
          createdAt: str(r.created_at),
        };
      });
    });
  }

  // ---- cursors, stats, dump, close -----------------------------------------------------------

  async getCursor(source: string): Promise<string | null> {
    return this.#guard("getCursor", async () => {
      const row = (await this.pool.query("SELECT cursor FROM source_cursors WHERE source = $1", [String(source)])).rows[0] as Row | undefined;
      return row ? str(row.cursor) : null;
    });
  }

  async setCursor(source: string, cursor: string): Promise<void> {
    return this.#guard("setCursor", async () => {
      if (typeof source !== "string" || source === "" || typeof cursor !== "string") {
        throw new VoxpopError("INVALID_ARGUMENT", "setCursor: source must be a non-empty string and cursor a string");
      }
      await this.#setCursor(this.pool, source, cursor, new Date().toISOString());
    });
  }

  async #setCursor(db: Queryable, source: string, cursor: string, now: string): Promise<void> {
    await db.query(`INSERT INTO source_cursors (source, cursor, updated_at) VALUES ($1, $2, $3)
      ON CONFLICT (source) DO UPDATE SET cursor = excluded.cursor, updated_at = excluded.updated_at`, [source, cursor, now]);
  }

  async stats(): Promise<StoreStats> {
    return this.#guard("stats", async () => {
      const { rows } = await this.pool.query(`SELECT
        (SELECT coalesce(max(version), 0) FROM schema_migrations) AS schema_version,
        (SELECT count(*) FROM stories) AS stories, (SELECT count(*) FROM posts) AS posts,
        (SELECT count(*) FROM authors) AS authors, (SELECT count(*) FROM articles) AS articles,
        (SELECT count(*) FROM provenance) AS provenance, (SELECT count(*) FROM story_posts) AS story_posts,
        (SELECT count(*) FROM raw_payloads) AS raw_payloads, (SELECT coalesce(sum(size), 0)::bigint FROM raw_payloads) AS raw_bytes,
        (SELECT count(*) FROM quarantine) AS quarantine, (SELECT count(*) FROM source_cursors) AS cursors`);
      const r = rows[0] as Row;
      return {
        schemaVersion: num(r.schema_version),
        stories: num(r.stories),
        posts: num(r.posts),
        authors: num(r.authors),
        articles: num(r.articles),
        provenance: num(r.provenance),
        storyPosts: num(r.story_posts),
        rawPayloads: num(r.raw_payloads),
        rawBytes: num(r.raw_bytes),
        quarantine: num(r.quarantine),
        cursors: num(r.cursors),
      };
    });
  }

  dump(): AsyncIterable<DumpRecord> {
    if (this.#closed) throw new VoxpopError("STORE_ERROR", "store: dump called after close()");
    return dumpPg(this.pool);
  }

  async restore(records: AsyncIterable<DumpRecord>, onProgress?: (done: number) => void): Promise<void> {
    return this.#guard("restore", () => restorePg(this.pool, records, onProgress));
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    try {
      await this.pool.end();
    } catch (err) {
      throw new VoxpopError("STORE_ERROR", `store: close failed: ${message(err)}`, { cause: err });
    }
  }
}

/**
 * PostgreSQL's text and jsonb cannot hold U+0000, which SQLite stores; hostile or broken posts do
 * carry it. Every string a batch writes to a text or jsonb column has it replaced by U+FFFD (the
 * replacement character), so one such post never fails its whole batch. Bytes (raw payloads,
 * quarantined payloads) are kept exactly. Returns the input itself when there is nothing to replace.
 */
/** A quarantined item's text fields without U+0000; its payload is kept exactly (bytes or text). */
function nulFreeQuarantine(item: QuarantineInput): QuarantineInput {
  if (!item || typeof item !== "object") return item;
  return { ...withoutNul({ ...item, payload: null }), payload: item.payload };
}

export function withoutNul<T>(value: T): T {
  if (typeof value === "string") return (value.includes("\u0000") ? value.replaceAll("\u0000", "\uFFFD") : value) as T;
  if (value === null || typeof value !== "object" || value instanceof Uint8Array) return value;
  if (Array.isArray(value)) {
    let changed = false;
    const out = value.map((v) => { const w = withoutNul(v); if (w !== v) changed = true; return w; });
    return (changed ? out : value) as T;
  }
  let changed = false;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    const w = withoutNul(v);
    if (w !== v) changed = true;
    out[k] = w;
  }
  return (changed ? out : value) as T;
}
