// What `dump()` reads, shared by the SQLite and PostgreSQL stores: for each kind of DumpRecord
// (./store.ts), the table, its columns, the key it is paged by, and how a row becomes a record
// whichever database it came from (SQLite gives 0/1 and JSON text where PostgreSQL gives booleans
// and parsed JSON). Every table is read in key order, in pages, so a dump of a large store never
// holds more than a page in memory.

import type { DumpKind, DumpRecord } from "./store.ts";

type Row = Record<string, unknown>;

export interface DumpTable {
  kind: DumpKind;
  table: string;
  columns: string[];
  /** The key columns rows are ordered and paged by. */
  key: string[];
  toRecord(r: Row): DumpRecord;
}

const s = (v: unknown) => String(v);
const sn = (v: unknown) => (v == null ? null : String(v));
const n = (v: unknown) => Number(v);
const nn = (v: unknown) => (v == null ? null : Number(v));
const b = (v: unknown) => v === true || v === 1 || v === 1n;
const bn = (v: unknown) => (v == null ? null : b(v));
const json = (v: unknown): unknown => (typeof v === "string" ? JSON.parse(v) : v);
const strings = (v: unknown): string[] => { const x = json(v); return Array.isArray(x) ? x.map(String) : []; };
const bytes = (v: unknown): Uint8Array => (v instanceof Uint8Array ? new Uint8Array(v.buffer, v.byteOffset, v.byteLength) : new TextEncoder().encode(String(v)));

export const DUMP_TABLES: readonly DumpTable[] = [
  { kind: "story", table: "stories", columns: ["id", "name", "title", "rules", "created_at", "updated_at"], key: ["id"],
    toRecord: (r) => ({ kind: "story", id: n(r.id), name: s(r.name), title: sn(r.title), rules: json(r.rules), createdAt: s(r.created_at),
      updatedAt: s(r.updated_at), subjects: [] }) },
  { kind: "author", table: "authors", columns: ["id", "platform", "handle", "handle_key", "name", "stored_at", "updated_at"], key: ["id"],
    toRecord: (r) => ({ kind: "author", id: n(r.id), platform: s(r.platform), handle: s(r.handle), handleKey: s(r.handle_key), name: sn(r.name),
      storedAt: s(r.stored_at), updatedAt: s(r.updated_at) }) },
  { kind: "raw", table: "raw_payloads", columns: ["hash", "payload", "content_type", "size", "stored_at"], key: ["hash"],
    toRecord: (r) => ({ kind: "raw", hash: s(r.hash), payload: bytes(r.payload), contentType: s(r.content_type), size: n(r.size), storedAt: s(r.stored_at) }) },
  { kind: "article", table: "articles", columns: ["id", "key", "url", "title", "byline", "published_at", "lang", "text", "source_uri", "stored_at", "updated_at"], key: ["id"],
    toRecord: (r) => ({ kind: "article", id: n(r.id), key: s(r.key), url: sn(r.url), title: sn(r.title), byline: sn(r.byline),
      publishedAt: sn(r.published_at), lang: sn(r.lang), text: s(r.text ?? ""), sourceUri: s(r.source_uri), storedAt: s(r.stored_at), updatedAt: s(r.updated_at) }) },
  { kind: "post", table: "posts", columns: ["pk", "platform", "id", "url", "author_id", "author_name", "author_handle", "created_at", "date_text", "text",
    "links", "mentions", "lang", "tags", "reply_to", "reply_root", "quote_of", "repost_of", "author_account", "author_followers", "author_verified",
    "stored_at", "updated_at"], key: ["pk"],
  toRecord: (r) => ({ kind: "post", pk: n(r.pk), platform: s(r.platform), id: s(r.id), url: sn(r.url), authorId: nn(r.author_id),
    authorName: sn(r.author_name), authorHandle: sn(r.author_handle), createdAt: sn(r.created_at), dateText: sn(r.date_text), text: sn(r.text),
    links: strings(r.links), mentions: strings(r.mentions), lang: sn(r.lang), tags: strings(r.tags), replyTo: sn(r.reply_to),
    replyRoot: sn(r.reply_root), quoteOf: sn(r.quote_of), repostOf: sn(r.repost_of), authorAccount: sn(r.author_account),
    authorFollowers: nn(r.author_followers), authorVerified: bn(r.author_verified), storedAt: s(r.stored_at), updatedAt: s(r.updated_at) }) },
  { kind: "provenance", table: "provenance", columns: ["id", "post_pk", "source_kind", "source_uri", "article_id", "raw_hash", "position", "in_article",
    "collected_at", "last_seen_at"], key: ["id"],
  toRecord: (r) => ({ kind: "provenance", id: n(r.id), postPk: n(r.post_pk), sourceKind: s(r.source_kind), sourceUri: s(r.source_uri),
    articleId: nn(r.article_id), rawHash: sn(r.raw_hash), position: nn(r.position), inArticle: bn(r.in_article), collectedAt: s(r.collected_at),
    lastSeenAt: s(r.last_seen_at) }) },
  { kind: "annotation", table: "annotations", columns: ["post_pk", "enricher", "version", "data", "annotated_at"], key: ["post_pk", "enricher"],
    toRecord: (r) => ({ kind: "annotation", postPk: n(r.post_pk), enricher: s(r.enricher), version: s(r.version), data: json(r.data), annotatedAt: s(r.annotated_at) }) },
  { kind: "storyPost", table: "story_posts", columns: ["story_id", "post_pk", "role", "position", "added_at", "relevance", "matched", "created_ms"],
    key: ["story_id", "position"],
  toRecord: (r) => ({ kind: "storyPost", storyId: n(r.story_id), postPk: n(r.post_pk), role: s(r.role) as "subject" | "reaction", position: n(r.position),
    addedAt: s(r.added_at), relevance: nn(r.relevance), matched: strings(r.matched), createdMs: nn(r.created_ms) }) },
  { kind: "decision", table: "decisions", columns: ["id", "story_id", "action", "post_pk", "undoes", "value", "actor", "created_at"], key: ["id"],
    toRecord: (r) => ({ kind: "decision", id: n(r.id), storyId: n(r.story_id), action: s(r.action) as never, postPk: n(r.post_pk), undoes: nn(r.undoes),
      value: json(r.value), actor: sn(r.actor), createdAt: s(r.created_at) }) },
  { kind: "curation", table: "story_curation", columns: ["story_id", "post_pk", "status", "pinned", "rank", "section", "note", "last_decision"],
    key: ["story_id", "post_pk"],
  toRecord: (r) => ({ kind: "curation", storyId: n(r.story_id), postPk: n(r.post_pk), status: s(r.status) as never, pinned: b(r.pinned),
    rank: nn(r.rank), section: sn(r.section), note: sn(r.note), lastDecision: n(r.last_decision) }) },
  { kind: "quarantine", table: "quarantine", columns: ["id", "source", "code", "reason", "story", "payload", "payload_is_text", "payload_size",
    "payload_truncated", "payload_hash", "created_at"], key: ["id"],
  toRecord: (r) => ({ kind: "quarantine", id: n(r.id), source: s(r.source), code: s(r.code), reason: s(r.reason), story: sn(r.story),
    payload: r.payload == null ? null : bytes(r.payload), payloadIsText: b(r.payload_is_text), payloadSize: nn(r.payload_size),
    payloadTruncated: b(r.payload_truncated), payloadHash: sn(r.payload_hash), createdAt: s(r.created_at) }) },
  { kind: "cursor", table: "source_cursors", columns: ["source", "cursor", "updated_at"], key: ["source"],
    toRecord: (r) => ({ kind: "cursor", source: s(r.source), cursor: s(r.cursor), updatedAt: s(r.updated_at) }) },
];

export const DUMP_PAGE = 1000;

/**
 * Every record of every table, paged by key: `page(table, after)` returns up to DUMP_PAGE rows
 * after the key values `after` (null: from the start), in key order. Story subjects are read
 * with their story through `subjects`.
 */
export async function* dumpTables(
  page: (t: DumpTable, after: unknown[] | null) => Promise<Row[]>,
  subjects: (storyId: number) => Promise<Array<{ handle: string; handleKey: string; seq: number }>>,
): AsyncGenerator<DumpRecord> {
  for (const t of DUMP_TABLES) {
    let after: unknown[] | null = null;
    for (;;) {
      const rows = await page(t, after);
      for (const r of rows) {
        const rec = t.toRecord(r);
        if (rec.kind === "story") rec.subjects = await subjects(rec.id);
        yield rec;
      }
      if (rows.length < DUMP_PAGE) break;
      const last = rows[rows.length - 1]!;
      after = t.key.map((k) => last[k]);
    }
  }
}
