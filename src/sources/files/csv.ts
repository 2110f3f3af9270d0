// CSV import (RFC 4180: quoted fields with embedded commas, newlines and doubled quotes; CRLF or
// LF; a UTF-8 BOM). The header row names the columns; common names map onto a post's fields and
// a text column is required. The file is streamed record by record; each record is one item
// whose payload is the record's exact text, and the cursor is the byte offset of the next record.
import { resolve } from "node:path";
import { openSync, readSync, closeSync } from "node:fs";
import { VoxpopError, type Platform } from "../../core/index.ts";
import type { NormalizedItem, Source, SourceItem } from "../source.ts";
import { DEFAULT_MAX_RECORD_BYTES, lineOf, parseFileCursor, scanRecords, utf8OrNull, type FileCursor } from "./records.ts";
import { simpleRecordToPost, type SimpleRecord } from "./record.ts";

export interface CsvSourceOptions {
  /** Field separator; default ",". (";" and "\t" files: pass it.) */
  delimiter?: string;
  /** The platform of records that name none (no platform column/field, no recognisable url). */
  platform?: Platform | null;
  /** Longest record accepted; longer ones become error items. Default 16 MiB. */
  maxRecordBytes?: number;
}

type Field = "text" | "author" | "handle" | "url" | "createdAt" | "platform" | "id" | "lang";

/** Header names (lower case, spaces and dashes as "_") that map to each field, best first. */
export const COLUMN_NAMES: Record<Field, string[]> = {
  text: ["text", "content", "body", "full_text", "message", "post", "tweet", "post_text"],
  author: ["author", "name", "author_name", "display_name", "user_name"],
  handle: ["handle", "username", "screen_name", "author_handle", "user_screen_name", "user"],
  url: ["url", "link", "permalink", "post_url"],
  createdAt: ["created_at", "date", "timestamp", "time", "datetime", "published", "published_at", "createdat"],
  platform: ["platform", "network"],
  id: ["id", "post_id", "tweet_id", "status_id", "id_str"],
  lang: ["lang", "language"],
};

const normalizeHeader = (h: string) => h.trim().toLowerCase().replace(/[\s-]+/g, "_");

/**
 * Splits one complete CSV record into fields. Throws a message (no prefix) for a record that
 * RFC 4180 does not allow: text after a closing quote, or a quote never closed.
 */
export function splitCsvRecord(record: string, delimiter = ","): string[] {
  const fields: string[] = [];
  let i = 0;
  const n = record.length;
  for (;;) {
    if (record[i] === '"') {
      let value = "";
      i++;
      for (;;) {
        const q = record.indexOf('"', i);
        if (q === -1) throw new Error(`a quoted field (field ${fields.length + 1}) is never closed`);
        value += record.slice(i, q);
        if (record[q + 1] === '"') {
          value += '"';
          i = q + 2;
          continue;
        }
        i = q + 1;
        break;
      }
      fields.push(value);
      if (i === n) return fields;
      if (!record.startsWith(delimiter, i)) {
        throw new Error(`text after the closing quote of field ${fields.length} ("${record.slice(i, i + 20)}")`);
      }
      i += delimiter.length;
      if (i === n) {
        fields.push("");
        return fields;
      }
    } else {
      const d = record.indexOf(delimiter, i);
      // A stray quote inside an unquoted field is kept as a character (the common lenient reading).
      if (d === -1) {
        fields.push(record.slice(i));
        return fields;
      }
      fields.push(record.slice(i, d));
      i = d + delimiter.length;
    }
  }
}

interface Header {
  names: string[];
  /** Column index of each mapped field. */
  columns: Partial<Record<Field, number>>;
}

export class CsvSource implements Source {
  readonly name: string;
  readonly kind = "file";
  readonly uri: string;
  readonly mode = "backfill" as const;
  readonly #delimiter: string;
  readonly #maxRecordBytes: number;
  readonly #platform: Platform | null;
  #header: Header | null = null;

  constructor(path: string, options: CsvSourceOptions = {}) {
    this.uri = resolve(path);
    this.name = `csv ${this.uri}`;
    this.#delimiter = options.delimiter ?? ",";
    if (this.#delimiter.length !== 1 || /["\r\n]/.test(this.#delimiter)) {
      throw new VoxpopError("INVALID_ARGUMENT", `a CSV delimiter is one character other than a quote or a newline, not ${JSON.stringify(this.#delimiter)}`);
    }
    this.#maxRecordBytes = options.maxRecordBytes ?? DEFAULT_MAX_RECORD_BYTES;
    this.#platform = options.platform ?? null;
  }

  #parseHeader(bytes: Buffer): Header {
    const text = utf8OrNull(bytes);
    if (text === null) throw new VoxpopError("PARSE_ERROR", `the header row of ${this.uri} is not valid UTF-8`);
    let names: string[];
    try {
      names = splitCsvRecord(text, this.#delimiter);
    } catch (err) {
      throw new VoxpopError("PARSE_ERROR", `the header row of ${this.uri} is not valid CSV: ${(err as Error).message}`);
    }
    const normalized = names.map(normalizeHeader);
    const columns: Header["columns"] = {};
    for (const [field, aliases] of Object.entries(COLUMN_NAMES) as Array<[Field, string[]]>) {
      for (const alias of aliases) {
        const at = normalized.indexOf(alias);
        if (at !== -1) {
          columns[field] = at;
          break;
        }
      }
    }
    if (columns.text === undefined) {
      const found = names.map((h) => JSON.stringify(h.slice(0, 40))).join(", ") || "none";
      throw new VoxpopError("PARSE_ERROR", `${this.uri} has no text column (columns found: ${found}); name the post text column one of: ${COLUMN_NAMES.text.join(", ")}`);
    }
    return { names, columns };
  }

  /** The header, read synchronously when `normalize` runs before `read` (a replayed item). */
  #headerSync(): Header {
    if (this.#header) return this.#header;
    const fd = openSync(this.uri, "r");
    try {
      const buf = Buffer.alloc(1024 * 1024);
      const got = readSync(fd, buf, 0, buf.length, 0);
      let inQuotes = false;
      let end = got;
      for (let i = 0; i < got; i++) {
        if (buf[i] === 0x22) inQuotes = !inQuotes;
        else if (buf[i] === 0x0a && !inQuotes) {
          end = i;
          break;
        }
      }
      let bytes = buf.subarray(0, end);
      if (bytes[bytes.length - 1] === 0x0d) bytes = bytes.subarray(0, -1);
      if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) bytes = bytes.subarray(3);
      return (this.#header = this.#parseHeader(bytes));
    } finally {
      closeSync(fd);
    }
  }

  async *read(cursor: string | null, signal: AbortSignal): AsyncIterable<SourceItem> {
    if (signal.aborted) throw new VoxpopError("FETCH_ABORTED", `reading ${this.uri} was cancelled`);
    const at = parseFileCursor(cursor, this.uri);
    const scan = (start: number, startLine: number) => scanRecords(this.uri, { start, startLine, quotes: true, delimiter: this.#delimiter, maxRecordBytes: this.#maxRecordBytes, signal });
    // The header is read every time (resuming included); the cursor never points into it.
    let position = { offset: at.offset, line: at.line };
    for await (const rec of scan(0, 1)) {
      if (rec.bytes.length === 0 && !rec.oversize && !rec.unclosedQuote) continue;
      if (rec.oversize) throw new VoxpopError("PARSE_ERROR", `the header row of ${this.uri} is longer than ${this.#maxRecordBytes} bytes`);
      this.#header = this.#parseHeader(rec.bytes);
      if (at.offset < rec.endOffset) position = { offset: rec.endOffset, line: rec.nextLine };
      break;
    }
    if (!this.#header) throw new VoxpopError("PARSE_ERROR", `${this.uri} is empty (no header row)`);
    let record = at.record;
    for await (const rec of scan(position.offset, position.line)) {
      const next: FileCursor = { v: 1, offset: rec.endOffset, line: rec.nextLine, record: record + 1 };
      const contentType = `text/csv; header=present; line=${rec.line}`;
      if (rec.oversize) {
        record++;
        yield { raw: { payload: "", contentType }, cursor: JSON.stringify(next), error: { code: "INPUT_TOO_LARGE", reason: `the record on line ${rec.line} of ${this.uri} is longer than ${this.#maxRecordBytes} bytes${rec.unclosedQuote ? " (a quote is never closed)" : ""}` } };
        continue;
      }
      if (rec.bytes.length === 0) continue; // a blank line is not a record
      record++;
      const text = utf8OrNull(rec.bytes);
      yield { raw: { payload: text ?? new Uint8Array(rec.bytes), contentType }, cursor: JSON.stringify(next) };
    }
  }

  normalize(item: SourceItem): NormalizedItem {
    if (item.error) throw new VoxpopError("PARSE_ERROR", item.error.reason);
    const line = lineOf(item.raw.contentType);
    const where = line === null ? `a record of ${this.uri}` : `line ${line} of ${this.uri}`;
    const text = typeof item.raw.payload === "string" ? item.raw.payload : utf8OrNull(item.raw.payload);
    if (text === null) throw new VoxpopError("PARSE_ERROR", `${where}: not valid UTF-8`);
    const header = this.#headerSync();
    let fields: string[];
    try {
      fields = splitCsvRecord(text, this.#delimiter);
    } catch (err) {
      throw new VoxpopError("PARSE_ERROR", `${where}: ${(err as Error).message}`);
    }
    if (fields.length !== header.names.length) {
      throw new VoxpopError("PARSE_ERROR", `${where}: ${fields.length} field${fields.length === 1 ? "" : "s"} where the header has ${header.names.length}`);
    }
    const get = (f: Field) => (header.columns[f] === undefined ? null : fields[header.columns[f]!] ?? null);
    const rec: SimpleRecord = {
      text: get("text"), author: get("author"), handle: get("handle"), url: get("url"), createdAt: get("createdAt"),
      platform: get("platform"), id: get("id"), lang: get("lang"),
    };
    return { posts: [simpleRecordToPost(rec, line ?? 1, where, this.#platform)] };
  }
}
