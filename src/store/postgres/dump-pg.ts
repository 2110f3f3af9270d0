// Export and import of every stored row for the PostgreSQL store (`voxpop migrate-db`). dump
// reads in one REPEATABLE READ snapshot, a page at a time (../dump.ts). restore fills an empty
// store in one transaction with the rows exactly as dumped (same ids, times, positions, decision
// log), computes what PostgreSQL derives itself (the search vectors, the facets, created_ms), and
// moves every identity sequence past the copied ids, so the store carries on as if it had been
// written here from the start.

import type { Pool, PoolClient } from "pg";
import { VoxpopError } from "../../core/index.ts";
import { DUMP_PAGE, DUMP_TABLES, dumpTables } from "../dump.ts";
import type { DumpRecord, DumpKind } from "../store.ts";
import { rewriteFacets } from "./facets-pg.ts";
import { postTsvector } from "./fts-pg.ts";
import { num, str } from "./rows.ts";
import type { Row } from "./rows.ts";

const TEXT_KEYS = new Set(["hash", "source", "enricher"]);

export async function* dumpPg(pool: Pool): AsyncGenerator<DumpRecord> {
  const c = await pool.connect();
  let ok = false;
  try {
    await c.query("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
    yield* dumpTables(
      async (t, after) => {
        const keys = t.key.map((k) => (TEXT_KEYS.has(k) ? `${k} COLLATE "C"` : k));
        const cond = after === null ? "" : `WHERE (${keys.join(", ")}) > (${after.map((_, i) => `$${i + 1}`).join(", ")})`;
        const cols = t.columns.map((col) => (t.table === "decisions" && col === "value" ? "value::text AS value" : col));
        return (await c.query(`SELECT ${cols.join(", ")} FROM ${t.table} ${cond} ORDER BY ${keys.join(", ")} LIMIT ${DUMP_PAGE}`, after ?? [])).rows as Row[];
      },
      async (storyId) => (await c.query("SELECT handle, handle_key, seq FROM story_subjects WHERE story_id = $1 ORDER BY seq", [storyId])).rows
        .map((r: Row) => ({ handle: str(r.handle), handleKey: str(r.handle_key), seq: num(r.seq) })),
    );
    await c.query("COMMIT");
    ok = true;
  } finally {
    if (!ok) await c.query("ROLLBACK").catch(() => undefined);
    c.release();
  }
}

/** How each kind is inserted: the table, its columns with their array types, and the values of a record. */
interface Insert<K extends DumpKind> {
  table: string;
  cols: Array<[name: string, type: string, cast?: string]>;
  values(r: Extract<DumpRecord, { kind: K }>): unknown[];
  /** The identity column whose sequence must move past the copied ids. */
  identity?: string;
}

const INSERTS: { [K in DumpKind]: Insert<K> } = {
  story: {
    table: "stories", identity: "id",
    cols: [["id", "bigint"], ["name", "text"], ["title", "text"], ["rules", "text", "::jsonb"], ["created_at", "text"], ["updated_at", "text"]],
    values: (r) => [r.id, r.name, r.title, JSON.stringify(r.rules ?? {}), r.createdAt, r.updatedAt],
  },
  author: {
    table: "authors", identity: "id",
    cols: [["id", "bigint"], ["platform", "text"], ["handle", "text"], ["handle_key", "text"], ["name", "text"], ["stored_at", "text"], ["updated_at", "text"]],
    values: (r) => [r.id, r.platform, r.handle, r.handleKey, r.name, r.storedAt, r.updatedAt],
  },
  raw: {
    table: "raw_payloads",
    cols: [["hash", "text"], ["payload", "bytea"], ["content_type", "text"], ["size", "bigint"], ["stored_at", "text"]],
    values: (r) => [r.hash, Buffer.from(r.payload.buffer, r.payload.byteOffset, r.payload.byteLength), r.contentType, r.size, r.storedAt],
  },
  article: {
    table: "articles", identity: "id",
    cols: [["id", "bigint"], ["key", "text"], ["url", "text"], ["title", "text"], ["byline", "text"], ["published_at", "text"], ["lang", "text"],
      ["text", "text"], ["source_uri", "text"], ["stored_at", "text"], ["updated_at", "text"]],
    values: (r) => [r.id, r.key, r.url, r.title, r.byline, r.publishedAt, r.lang, r.text, r.sourceUri, r.storedAt, r.updatedAt],
  },
  post: {
    table: "posts", identity: "pk",
    cols: [["pk", "bigint"], ["platform", "text"], ["id", "text"], ["url", "text"], ["author_id", "bigint"], ["author_name", "text"],
      ["author_handle", "text"], ["created_at", "text"], ["date_text", "text"], ["text", "text"], ["links", "text", "::jsonb"],
      ["mentions", "text", "::jsonb"], ["search", "text", "::tsvector"], ["lang", "text"], ["tags", "text", "::jsonb"], ["reply_to", "text"],
      ["reply_root", "text"], ["quote_of", "text"], ["repost_of", "text"], ["author_account", "text"], ["author_followers", "bigint"],
      ["author_verified", "boolean"], ["stored_at", "text"], ["updated_at", "text"]],
    values: (r) => [r.pk, r.platform, r.id, r.url, r.authorId, r.authorName, r.authorHandle, r.createdAt, r.dateText, r.text,
      JSON.stringify(r.links), JSON.stringify(r.mentions), postTsvector(r.text, r.authorName, r.authorHandle), r.lang, JSON.stringify(r.tags),
      r.replyTo, r.replyRoot, r.quoteOf, r.repostOf, r.authorAccount, r.authorFollowers, r.authorVerified, r.storedAt, r.updatedAt],
  },
  provenance: {
    table: "provenance", identity: "id",
    cols: [["id", "bigint"], ["post_pk", "bigint"], ["source_kind", "text"], ["source_uri", "text"], ["article_id", "bigint"], ["raw_hash", "text"],
      ["position", "bigint"], ["in_article", "boolean"], ["collected_at", "text"], ["last_seen_at", "text"]],
    values: (r) => [r.id, r.postPk, r.sourceKind, r.sourceUri, r.articleId, r.rawHash, r.position, r.inArticle, r.collectedAt, r.lastSeenAt],
  },
  annotation: {
    table: "annotations",
    cols: [["post_pk", "bigint"], ["enricher", "text"], ["version", "text"], ["data", "text", "::jsonb"], ["annotated_at", "text"]],
    values: (r) => [r.postPk, r.enricher, r.version, JSON.stringify(r.data ?? null), r.annotatedAt],
  },
  storyPost: {
    table: "story_posts",
    cols: [["story_id", "bigint"], ["post_pk", "bigint"], ["role", "text"], ["position", "bigint"], ["added_at", "text"], ["relevance", "float8"],
      ["matched", "text", "::jsonb"], ["created_ms", "bigint"]],
    values: (r) => [r.storyId, r.postPk, r.role, r.position, r.addedAt, r.relevance, JSON.stringify(r.matched), r.createdMs],
  },
  decision: {
    table: "decisions", identity: "id",
    cols: [["id", "bigint"], ["story_id", "bigint"], ["action", "text"], ["post_pk", "bigint"], ["undoes", "bigint"], ["value", "text", "::json"],
      ["actor", "text"], ["created_at", "text"]],
    values: (r) => [r.id, r.storyId, r.action, r.postPk, r.undoes, JSON.stringify(r.value ?? null), r.actor, r.createdAt],
  },
  curation: {
    table: "story_curation",
    cols: [["story_id", "bigint"], ["post_pk", "bigint"], ["status", "text"], ["pinned", "boolean"], ["rank", "float8"], ["section", "text"],
      ["note", "text"], ["last_decision", "bigint"]],
    values: (r) => [r.storyId, r.postPk, r.status, r.pinned, r.rank, r.section, r.note, r.lastDecision],
  },
  quarantine: {
    table: "quarantine", identity: "id",
    cols: [["id", "bigint"], ["source", "text"], ["code", "text"], ["reason", "text"], ["story", "text"], ["payload", "bytea"],
      ["payload_is_text", "boolean"], ["payload_size", "bigint"], ["payload_truncated", "boolean"], ["payload_hash", "text"], ["created_at", "text"]],
    values: (r) => [r.id, r.source, r.code, r.reason, r.story, r.payload === null ? null : Buffer.from(r.payload.buffer, r.payload.byteOffset, r.payload.byteLength),
      r.payloadIsText, r.payloadSize, r.payloadTruncated, r.payloadHash, r.createdAt],
  },
  cursor: {
    table: "source_cursors",
    cols: [["source", "text"], ["cursor", "text"], ["updated_at", "text"]],
    values: (r) => [r.source, r.cursor, r.updatedAt],
  },
};

async function insertRows(c: PoolClient, kind: DumpKind, records: DumpRecord[]): Promise<void> {
  if (records.length === 0) return;
  const spec = INSERTS[kind] as Insert<DumpKind>;
  const rows = records.map((r) => spec.values(r as never));
  const names = spec.cols.map(([name]) => name);
  const overriding = spec.identity ? "OVERRIDING SYSTEM VALUE" : "";
  await c.query(`INSERT INTO ${spec.table} (${names.join(", ")}) ${overriding}
    SELECT ${spec.cols.map(([name, , cast]) => `u.${name}${cast ?? ""}`).join(", ")}
    FROM unnest(${spec.cols.map(([, type], i) => `$${i + 1}::${type}[]`).join(", ")}) AS u (${names.join(", ")})`,
  spec.cols.map((_, i) => rows.map((row) => row[i])));
  if (kind === "story") {
    const subjects = records.flatMap((r) => (r.kind === "story" ? r.subjects.map((x) => [r.id, x.handle, x.handleKey, x.seq] as const) : []));
    if (subjects.length > 0) {
      await c.query(`INSERT INTO story_subjects (story_id, handle, handle_key, seq)
        SELECT * FROM unnest($1::bigint[], $2::text[], $3::text[], $4::int[])`,
      [subjects.map((x) => x[0]), subjects.map((x) => x[1]), subjects.map((x) => x[2]), subjects.map((x) => x[3])]);
    }
  }
  if (kind === "annotation") await rewriteFacets(c, records.map((r) => (r.kind === "annotation" ? r.postPk : 0)));
}

export async function restorePg(pool: Pool, records: AsyncIterable<DumpRecord>, onProgress?: (done: number) => void): Promise<void> {
  const c = await pool.connect();
  let broken = false;
  try {
    await c.query("BEGIN");
    // Nobody else writes while the copy is made; and it is made only into an empty store.
    await c.query(`LOCK TABLE stories, posts, decisions IN EXCLUSIVE MODE`);
    const { rows } = await c.query("SELECT (SELECT count(*) FROM stories) + (SELECT count(*) FROM posts) + (SELECT count(*) FROM quarantine) AS n");
    if (num(rows[0].n) > 0) throw new VoxpopError("INVALID_ARGUMENT", "restore: the target store is not empty (it holds stories, posts or quarantined items); copy into a new database or schema");
    let pending: DumpRecord[] = [];
    let kind: DumpKind | null = null;
    let done = 0;
    const flush = async () => {
      if (kind !== null) await insertRows(c, kind, pending);
      done += pending.length;
      pending = [];
      onProgress?.(done);
    };
    for await (const rec of records) {
      if (rec.kind !== kind || pending.length >= DUMP_PAGE) { await flush(); kind = rec.kind; }
      pending.push(rec);
    }
    await flush();
    for (const spec of Object.values(INSERTS) as Array<Insert<DumpKind>>) {
      if (!spec.identity) continue;
      await c.query(`SELECT setval(pg_get_serial_sequence($1, $2), coalesce((SELECT max(${spec.identity}) FROM ${spec.table}), 0) + 1, false)`,
        [spec.table, spec.identity]);
    }
    await c.query("COMMIT");
  } catch (err) {
    try { await c.query("ROLLBACK"); } catch { broken = true; }
    throw err;
  } finally {
    c.release(broken);
  }
}

export { DUMP_TABLES };
