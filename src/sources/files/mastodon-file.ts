// Mastodon Status entities saved to a file: a JSON array (an API page, e.g. a hashtag timeline or
// `statuses` of a search, saved as is) or JSONL (one status per line). Each status is one item whose
// payload is its exact text, normalized by the Mastodon source's own `normalizeStatus`, so a
// status reads the same from a file as from the API: its ActivityPub uri as id, a boost as the
// boosted status, private and direct statuses dropped. A broken status is refused with its line.
//
// normalizeStatus needs the host of the instance that answered (bare `acct`s are local to it). A
// file does not say, so it is told from each status: a local author's (bare acct) status address;
// else a local account the status mentions (a bare acct with its profile URL); else the
// `instance` option; else the host of the status's own uri (the author's server).
import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import { VoxpopError } from "../../core/index.ts";
import { normalizeStatus } from "../mastodon/index.ts";
import type { NormalizedItem, Source, SourceItem } from "../source.ts";
import { arrayBodyStart, countNewlines, nextArrayElement } from "./json-array.ts";
import { DEFAULT_MAX_RECORD_BYTES, jsonLineItems, lineOf, parseFileCursor, payloadJson, utf8OrNull, type FileCursor } from "./records.ts";

export const MASTODON_STATUS_FILE_TYPE = "application/json; mastodon=status";

/**
 * True when a parsed JSON value looks like a Mastodon Status entity (for format detection; a
 * status with a bad field still counts, so the reader can refuse it with its line).
 */
export function isMastodonStatus(value: unknown): boolean {
  if (value === null || typeof value !== "object" || Array.isArray(value)) return false;
  const v = value as Record<string, unknown>;
  return "account" in v && "content" in v && "created_at" in v && ("uri" in v || "id" in v);
}

export interface MastodonFileOptions {
  /** Host of the instance the statuses were fetched from, when the statuses cannot tell. */
  instance?: string | null;
  /** Longest status accepted; longer ones become error items. Default 16 MiB. */
  maxRecordBytes?: number;
}

function hostOf(url: unknown): string | null {
  if (typeof url !== "string") return null;
  try {
    const u = new URL(url);
    return u.protocol === "https:" || u.protocol === "http:" ? u.host : null;
  } catch {
    return null;
  }
}

/** The host of the instance that served `status` (see the file comment), or null. */
export function answeringHost(status: unknown, fallback: string | null = null): string | null {
  if (status === null || typeof status !== "object") return fallback;
  const s = status as Record<string, unknown>;
  const local = (x: Record<string, unknown> | null | undefined): string | null => {
    const account = x?.["account"] as Record<string, unknown> | undefined;
    if (!account || typeof account["acct"] !== "string" || account["acct"].includes("@")) return null;
    return hostOf(account["url"]) ?? hostOf(x!["url"]) ?? hostOf(x!["uri"]);
  };
  const reblog = s["reblog"] && typeof s["reblog"] === "object" ? (s["reblog"] as Record<string, unknown>) : null;
  const byLocal = local(s) ?? local(reblog);
  if (byLocal) return byLocal;
  for (const m of [...((s["mentions"] as unknown[]) ?? []), ...((reblog?.["mentions"] as unknown[]) ?? [])]) {
    const mention = m as Record<string, unknown> | null;
    if (mention && typeof mention["acct"] === "string" && !mention["acct"].includes("@")) {
      const h = hostOf(mention["url"]);
      if (h) return h;
    }
  }
  return fallback ?? hostOf(s["uri"]) ?? hostOf(s["url"]);
}

export class MastodonFileSource implements Source {
  readonly name: string;
  readonly kind = "file";
  readonly uri: string;
  readonly mode = "backfill" as const;
  readonly #instance: string | null;
  readonly #maxRecordBytes: number;

  constructor(path: string, options: MastodonFileOptions = {}) {
    this.uri = resolve(path);
    this.name = `mastodon-file ${this.uri}`;
    this.#instance = options.instance?.trim().replace(/^https?:\/\//, "").replace(/\/.*$/, "") || null;
    this.#maxRecordBytes = options.maxRecordBytes ?? DEFAULT_MAX_RECORD_BYTES;
  }

  async *read(cursor: string | null, signal: AbortSignal): AsyncIterable<SourceItem> {
    if (signal.aborted) throw new VoxpopError("FETCH_ABORTED", `reading ${this.uri} was cancelled`);
    const at = parseFileCursor(cursor, this.uri);
    let buf: Buffer;
    try {
      buf = await readFile(this.uri);
    } catch (cause) {
      const code = (cause as NodeJS.ErrnoException).code;
      throw new VoxpopError(code === "ENOENT" ? "NOT_FOUND" : "INVALID_ARGUMENT", `cannot read ${this.uri}: ${code ?? String(cause)}`, { cause });
    }
    const body = arrayBodyStart(buf);
    if (body === -1) {
      yield* jsonLineItems(this.uri, at, { contentType: MASTODON_STATUS_FILE_TYPE, maxRecordBytes: this.#maxRecordBytes, signal });
      return;
    }
    // A JSON array: elements cut by the scanner; the cursor is the byte after the last element read.
    let pos = at.offset > 0 ? at.offset : body;
    let line = at.offset > 0 ? at.line : 1 + countNewlines(buf, 0, body);
    let record = at.record;
    for (;;) {
      if (signal.aborted) throw new VoxpopError("FETCH_ABORTED", `reading ${this.uri} was cancelled`);
      const el = nextArrayElement(buf, pos);
      if ("end" in el && el.end === "array") break;
      if ("broken" in el) {
        record++;
        const startLine = line + countNewlines(buf, pos, el.broken);
        const rest = buf.subarray(el.broken, Math.min(buf.length, el.broken + 4096));
        yield {
          raw: { payload: utf8OrNull(rest) ?? new Uint8Array(rest), contentType: `${MASTODON_STATUS_FILE_TYPE}; line=${startLine}` },
          cursor: JSON.stringify({ v: 1, offset: buf.length, line: startLine, record } satisfies FileCursor),
          error: { code: "PARSE_ERROR", reason: `line ${startLine} of ${this.uri}: the file ends inside status ${record} (truncated or not a JSON array)` },
        };
        return;
      }
      const { start, end } = el as { start: number; end: number };
      const startLine = line + countNewlines(buf, pos, start);
      line = startLine + countNewlines(buf, start, end);
      pos = end;
      record++;
      const cursorAfter = JSON.stringify({ v: 1, offset: end, line, record } satisfies FileCursor);
      const contentType = `${MASTODON_STATUS_FILE_TYPE}; line=${startLine}`;
      if (end - start > this.#maxRecordBytes) {
        yield { raw: { payload: "", contentType }, cursor: cursorAfter, error: { code: "INPUT_TOO_LARGE", reason: `line ${startLine} of ${this.uri}: a status longer than ${this.#maxRecordBytes} bytes` } };
        continue;
      }
      const bytes = buf.subarray(start, end);
      yield { raw: { payload: utf8OrNull(bytes) ?? new Uint8Array(bytes), contentType }, cursor: cursorAfter };
    }
  }

  normalize(item: SourceItem): NormalizedItem {
    if (item.error) throw new VoxpopError("PARSE_ERROR", item.error.reason);
    const line = lineOf(item.raw.contentType);
    const where = line ? `line ${line} of ${this.uri}` : `a status of ${this.uri}`;
    const value = payloadJson(item, where);
    if (value === null || typeof value !== "object" || Array.isArray(value)) {
      throw new VoxpopError("PARSE_ERROR", `${where}: a status must be a JSON object, not ${Array.isArray(value) ? "an array" : value === null ? "null" : typeof value}`);
    }
    const host = answeringHost(value, this.#instance);
    if (!host) throw new VoxpopError("PARSE_ERROR", `${where}: cannot tell which instance the status came from (no http(s) url or uri)`);
    try {
      const post = normalizeStatus(value, host);
      return { posts: post ? [{ ...post, position: line ?? post.position }] : [] };
    } catch (err) {
      if (err instanceof VoxpopError) throw new VoxpopError(err.code, `${where}: ${err.message}`, { cause: err });
      throw err;
    }
  }
}
