// JSONL import: voxpop's own export (one StoredPost per line, see src/store/store.ts) read back
// exactly, and plain JSONL of simple {text, author, handle, url, createdAt, platform, id} records.
// Each non-blank line is one item whose payload is the line's exact text; the cursor is the byte
// offset of the next line, so a killed import resumes where it stopped.
//
// An export record carries more than a post: its story role, its provenance and what the
// enrichers said. `normalize` returns the post (every CollectedPost field kept); the rest is read
// with `exportRecordOf` / `annotationsOf`, so the runner can store the annotations unchanged
// instead of enriching the post again.
import { resolve } from "node:path";
import { z } from "zod";
import { VoxpopError, PLATFORMS, type CollectedPost, type Platform } from "../../core/index.ts";
import type { NormalizedItem, Source, SourceItem } from "../source.ts";
import { DEFAULT_MAX_RECORD_BYTES, jsonLineItems, lineOf, parseFileCursor, payloadJson } from "./records.ts";
import { simpleRecordToPost } from "./record.ts";

const isoDate = z.string().refine((s) => Number.isFinite(Date.parse(s)), "not an ISO 8601 date");
const httpUrl = z.string().refine((s) => {
  try {
    const u = new URL(s);
    return u.protocol === "http:" || u.protocol === "https:";
  } catch {
    return false;
  }
}, "not an http(s) URL");

/** One provenance entry of an export record (StoredPost.provenance). */
export const provenanceSchema = z.looseObject({
  sourceKind: z.string(),
  sourceUri: z.string(),
  articleUrl: z.string().nullable(),
  articleTitle: z.string().nullable(),
  rawHash: z.string().nullable(),
  position: z.number().nullable(),
  inArticle: z.boolean().nullable(),
  collectedAt: isoDate,
});

/**
 * voxpop's export record: a StoredPost (src/store/store.ts) with the optional CollectedPost
 * fields. The post's own fields are required; the store's bookkeeping (role, position,
 * provenance, storedAt, updatedAt, annotations) is optional so a hand-trimmed export still reads.
 * Unknown fields are tolerated (a newer voxpop may add some).
 */
export const exportRecordSchema = z.looseObject({
  platform: z.enum(PLATFORMS),
  id: z.string().min(1),
  url: httpUrl.nullable(),
  author: z.looseObject({
    name: z.string().nullable(),
    handle: z.string().min(1).refine((h) => !h.startsWith("@"), "handle keeps no leading @").nullable(),
    id: z.string().nullable().optional(),
    followers: z.number().int().nonnegative().nullable().optional(),
    verified: z.boolean().nullable().optional(),
  }),
  createdAt: isoDate.nullable(),
  dateText: z.string().nullable(),
  text: z.string().nullable(),
  links: z.array(z.string()),
  mentions: z.array(z.string()),
  role: z.enum(["subject", "reaction"]).optional(),
  position: z.number().optional(),
  provenance: z.array(provenanceSchema).optional(),
  storedAt: isoDate.optional(),
  updatedAt: isoDate.optional(),
  annotations: z.record(z.string(), z.looseObject({ version: z.string(), data: z.unknown() })).optional(),
  lang: z.string().nullable().optional(),
  inArticle: z.boolean().optional(),
  tags: z.array(z.string()).optional(),
  replyTo: z.string().nullable().optional(),
  replyRoot: z.string().nullable().optional(),
  quoteOf: z.string().nullable().optional(),
  repostOf: z.string().nullable().optional(),
});
export type ExportRecord = z.infer<typeof exportRecordSchema>;

/** The plain records voxpop also imports: a text and whatever else is known. */
export const simpleJsonRecordSchema = z.looseObject({
  text: z.string(),
  author: z.string().nullable().optional(),
  handle: z.string().nullable().optional(),
  url: z.string().nullable().optional(),
  createdAt: z.union([z.string(), z.number()]).nullable().optional(),
  platform: z.string().nullable().optional(),
  id: z.union([z.string(), z.number()]).nullable().optional(),
  lang: z.string().nullable().optional(),
  dateText: z.string().nullable().optional(),
  tags: z.array(z.string()).nullable().optional(),
});

/** What an export record says beyond the post itself. */
export interface ExportMeta {
  role: "subject" | "reaction" | null;
  position: number | null;
  provenance: z.infer<typeof provenanceSchema>[];
  storedAt: string | null;
  updatedAt: string | null;
  /** Enricher outputs exactly as exported ({} when the post was never enriched). */
  annotations: Record<string, { version: string; data: unknown }>;
}

export interface JsonlSourceOptions {
  /** The platform of simple records that name none (no platform field, no recognisable url). */
  platform?: Platform | null;
  /** Longest line accepted; longer ones become error items. Default 16 MiB. */
  maxRecordBytes?: number;
}

const CONTENT_TYPE = "application/x-ndjson";

function issues(err: z.ZodError): string {
  return err.issues.slice(0, 3).map((i) => `${i.path.join(".") || "record"}: ${i.message}`).join("; ");
}

/** Parses one line's JSON: an export record, a simple record, or a refusal saying where. */
function parseLine(item: SourceItem, label: string): { kind: "export"; record: ExportRecord } | { kind: "simple"; record: z.infer<typeof simpleJsonRecordSchema> } {
  const line = lineOf(item.raw.contentType);
  const where = line === null ? label : `line ${line} of ${label}`;
  const value = payloadJson(item, where);
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    throw new VoxpopError("PARSE_ERROR", `${where}: a line must be one JSON object, not ${Array.isArray(value) ? "an array" : String(value === null ? "null" : typeof value)}`);
  }
  // An author object means voxpop's export shape; a plain text record has at most an author name.
  if (typeof (value as { author?: unknown }).author === "object" && (value as { author?: unknown }).author !== null) {
    const parsed = exportRecordSchema.safeParse(value);
    if (!parsed.success) throw new VoxpopError("PARSE_ERROR", `${where}: not a voxpop export record (${issues(parsed.error)})`);
    return { kind: "export", record: parsed.data };
  }
  const parsed = simpleJsonRecordSchema.safeParse(value);
  if (!parsed.success) throw new VoxpopError("PARSE_ERROR", `${where}: not a post record (${issues(parsed.error)}); a record needs at least "text"`);
  return { kind: "simple", record: parsed.data };
}

/** An export record as the CollectedPost it holds, every post field kept. */
export function exportRecordToPost(r: ExportRecord, fallbackPosition: number): CollectedPost {
  const author: CollectedPost["author"] = { name: r.author.name, handle: r.author.handle };
  if (r.author.id !== undefined) author.id = r.author.id;
  if (r.author.followers !== undefined) author.followers = r.author.followers;
  if (r.author.verified !== undefined) author.verified = r.author.verified;
  const post: CollectedPost = {
    platform: r.platform,
    id: r.id,
    url: r.url,
    author,
    createdAt: r.createdAt,
    dateText: r.dateText,
    text: r.text,
    links: r.links,
    mentions: r.mentions,
    position: r.position ?? fallbackPosition,
    inArticle: r.inArticle ?? true,
  };
  if (r.lang !== undefined) post.lang = r.lang;
  if (r.tags !== undefined) post.tags = r.tags;
  if (r.replyTo !== undefined) post.replyTo = r.replyTo;
  if (r.replyRoot !== undefined) post.replyRoot = r.replyRoot;
  if (r.quoteOf !== undefined) post.quoteOf = r.quoteOf;
  if (r.repostOf !== undefined) post.repostOf = r.repostOf;
  return post;
}

/** Role, provenance, timestamps and annotations of an export-record item; null for a simple record. */
export function exportMetaOf(item: SourceItem): ExportMeta | null {
  const parsed = parseLine(item, "the JSONL record");
  if (parsed.kind !== "export") return null;
  const r = parsed.record;
  return {
    role: r.role ?? null,
    position: r.position ?? null,
    provenance: r.provenance ?? [],
    storedAt: r.storedAt ?? null,
    updatedAt: r.updatedAt ?? null,
    annotations: r.annotations ?? {},
  };
}

/**
 * The enricher outputs an exported post carried, to store unchanged (one entry per post of
 * `normalize(item).posts`, which is always one). Null when the record has none (a simple
 * record, or an export of a post that was never enriched): then enrich as usual.
 */
export function annotationsOf(item: SourceItem): Array<Record<string, { version: string; data: unknown }> | null> {
  const meta = exportMetaOf(item);
  return [meta && Object.keys(meta.annotations).length > 0 ? meta.annotations : null];
}

export class JsonlSource implements Source {
  readonly name: string;
  readonly kind = "file";
  readonly uri: string;
  readonly mode = "backfill" as const;
  readonly #maxRecordBytes: number;
  readonly #platform: Platform | null;

  constructor(path: string, options: JsonlSourceOptions = {}) {
    this.uri = resolve(path);
    this.name = `jsonl ${this.uri}`;
    this.#maxRecordBytes = options.maxRecordBytes ?? DEFAULT_MAX_RECORD_BYTES;
    this.#platform = options.platform ?? null;
  }

  async *read(cursor: string | null, signal: AbortSignal): AsyncIterable<SourceItem> {
    if (signal.aborted) throw new VoxpopError("FETCH_ABORTED", `reading ${this.uri} was cancelled`);
    const at = parseFileCursor(cursor, this.uri);
    yield* jsonLineItems(this.uri, at, { contentType: CONTENT_TYPE, maxRecordBytes: this.#maxRecordBytes, signal });
  }

  normalize(item: SourceItem): NormalizedItem {
    if (item.error) throw new VoxpopError("PARSE_ERROR", item.error.reason);
    const parsed = parseLine(item, this.uri);
    const line = lineOf(item.raw.contentType) ?? 1;
    if (parsed.kind === "export") {
      // The export's own enrichment travels with the post, so a round trip stores it unchanged.
      const carried = parsed.record.annotations;
      return {
        posts: [exportRecordToPost(parsed.record, line)],
        annotations: [carried && Object.keys(carried).length > 0 ? carried : null],
        roles: [parsed.record.role ?? null],
      };
    }
    const where = `line ${line} of ${this.uri}`;
    return { posts: [simpleRecordToPost(parsed.record, line, where, this.#platform)] };
  }
}
