// A recording of Bluesky's Jetstream as a file: one frame per line, exactly as the socket sent
// them (`{did, time_us, kind, commit: {rev, operation, collection, rkey, record, cid}}`). Each
// line is one item whose payload is the frame's exact text; post creates and updates become posts
// through the same `postFromRecord` every Bluesky path uses, other frames (likes, reposts,
// deletions, profiles, identity and account events) become none, and a line that is not a
// Jetstream frame is refused with its line number.
//
// Jetstream carries DIDs, not handles or names. A recording also holds the identity events
// (`kind: "identity"`, with the handle) and, when the subscription asked for
// app.bsky.actor.profile, profile commits (with the display name): the reader learns both as it
// goes, and a post gets the handle and name its author had at that line of the file. On a resumed
// read, the lines before the cursor are scanned once for them. Normalizing a post thus depends on
// the lines read before it, which this source has always read by then.
import { resolve } from "node:path";
import { z } from "zod";
import { VoxpopError } from "../../core/index.ts";
import { postFromRecord, POST_COLLECTION } from "../bluesky/index.ts";
import type { NormalizedItem, Source, SourceItem } from "../source.ts";
import { DEFAULT_MAX_RECORD_BYTES, jsonLineItems, lineOf, parseFileCursor, payloadJson, scanRecords, utf8OrNull } from "./records.ts";

export const JETSTREAM_FRAME_TYPE = "application/json; jetstream=frame";
const PROFILE_COLLECTION = "app.bsky.actor.profile";

const frameSchema = z.looseObject({
  did: z.string().startsWith("did:").max(2048),
  time_us: z.number().int().nonnegative(),
  kind: z.string().max(64),
});
const commitSchema = z.looseObject({
  operation: z.enum(["create", "update", "delete"]),
  collection: z.string().max(512),
  rkey: z.string().max(512),
  record: z.unknown().optional(),
  cid: z.string().max(256).nullable().optional(),
});

/** True when a parsed JSON value has a Jetstream frame's shape (for format detection). */
export function isJetstreamFrame(value: unknown): boolean {
  return frameSchema.safeParse(value).success;
}

interface Known { line: number; handle?: string; name?: string | null }

export interface JetstreamFileOptions {
  /** Longest line accepted; longer ones become error items. Default 16 MiB. */
  maxRecordBytes?: number;
}

export class JetstreamFileSource implements Source {
  readonly name: string;
  readonly kind = "file";
  readonly uri: string;
  readonly mode = "backfill" as const;
  readonly #maxRecordBytes: number;
  /** Per DID, what identity events and profile commits said, in line order. */
  readonly #known = new Map<string, Known[]>();
  /** Lines up to which #known is complete. */
  #learnedTo = 0;

  constructor(path: string, options: JetstreamFileOptions = {}) {
    this.uri = resolve(path);
    this.name = `jetstream-file ${this.uri}`;
    this.#maxRecordBytes = options.maxRecordBytes ?? DEFAULT_MAX_RECORD_BYTES;
  }

  /** Remembers the handle or display name a frame announces (cheap test first: most lines are posts). */
  #learn(text: string, line: number): void {
    if (line <= this.#learnedTo) return;
    this.#learnedTo = line;
    if (!text.includes('"identity"') && !text.includes(PROFILE_COLLECTION)) return;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      return;
    }
    const frame = frameSchema.safeParse(value);
    if (!frame.success) return;
    const body = value as Record<string, unknown>;
    const list = this.#known.get(frame.data.did) ?? [];
    if (frame.data.kind === "identity") {
      const handle = (body["identity"] as { handle?: unknown } | undefined)?.handle;
      if (typeof handle === "string") list.push({ line, handle });
    } else if (frame.data.kind === "commit") {
      const commit = commitSchema.safeParse(body["commit"]);
      if (commit.success && commit.data.collection === PROFILE_COLLECTION && commit.data.operation !== "delete") {
        const name = (commit.data.record as { displayName?: unknown } | undefined)?.displayName;
        list.push({ line, name: typeof name === "string" && name.trim() !== "" ? name : null });
      }
    }
    if (list.length) this.#known.set(frame.data.did, list);
  }

  /** The handle and display name `did` had just before `line`. */
  #who(did: string, line: number): { handle: string | null; name: string | null } {
    let handle: string | null = null;
    let name: string | null = null;
    for (const k of this.#known.get(did) ?? []) {
      if (k.line >= line) break;
      if (k.handle !== undefined) handle = k.handle;
      if (k.name !== undefined) name = k.name;
    }
    return { handle, name };
  }

  async *read(cursor: string | null, signal: AbortSignal): AsyncIterable<SourceItem> {
    if (signal.aborted) throw new VoxpopError("FETCH_ABORTED", `reading ${this.uri} was cancelled`);
    const at = parseFileCursor(cursor, this.uri);
    if (at.offset > 0 && this.#learnedTo < at.line - 1) {
      // Resuming: the identities announced before the cursor still name the posts after it.
      for await (const rec of scanRecords(this.uri, { start: 0, startLine: 1, quotes: false, maxRecordBytes: this.#maxRecordBytes, signal })) {
        if (rec.line >= at.line) break;
        const text = rec.oversize ? null : utf8OrNull(rec.bytes);
        if (text !== null) this.#learn(text, rec.line);
      }
    }
    const onText = (text: string, line: number) => this.#learn(text, line);
    yield* jsonLineItems(this.uri, at, { contentType: JETSTREAM_FRAME_TYPE, maxRecordBytes: this.#maxRecordBytes, signal, onText });
  }

  normalize(item: SourceItem): NormalizedItem {
    if (item.error) throw new VoxpopError("PARSE_ERROR", item.error.reason);
    const line = lineOf(item.raw.contentType) ?? 0;
    const where = line ? `line ${line} of ${this.uri}` : `a frame of ${this.uri}`;
    const value = payloadJson(item, where);
    const frame = frameSchema.safeParse(value);
    if (!frame.success) {
      const why = frame.error.issues.slice(0, 3).map((i) => `${i.path.join(".") || "frame"}: ${i.message}`).join("; ");
      throw new VoxpopError("PARSE_ERROR", `${where}: not a Jetstream frame (${why})`);
    }
    if (frame.data.kind !== "commit") return { posts: [] };
    const commit = commitSchema.safeParse((value as Record<string, unknown>)["commit"]);
    if (!commit.success) {
      const why = commit.error.issues.slice(0, 3).map((i) => `commit.${i.path.join(".")}: ${i.message}`).join("; ");
      throw new VoxpopError("PARSE_ERROR", `${where}: not a Jetstream commit (${why})`);
    }
    const c = commit.data;
    if (c.collection !== POST_COLLECTION || c.operation === "delete") return { posts: [] };
    if (c.record === undefined) throw new VoxpopError("PARSE_ERROR", `${where}: a post ${c.operation} without its record`);
    const { handle, name } = this.#who(frame.data.did, line || Number.MAX_SAFE_INTEGER);
    try {
      const post = postFromRecord({ did: frame.data.did, rkey: c.rkey, cid: c.cid ?? null, record: c.record, handle, displayName: name });
      return { posts: [{ ...post, position: line || post.position }] };
    } catch (err) {
      if (err instanceof VoxpopError) throw new VoxpopError(err.code, `${where}: ${err.message}`, { cause: err });
      throw err;
    }
  }
}
