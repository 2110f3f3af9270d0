// Streaming a file as records (JSONL lines, CSV records) with exact byte offsets, so an import
// can stop anywhere and resume at the next record without reading the file into memory.
//
// The scan works on bytes: the characters that delimit records ('"', '\n', '\r') are ASCII, and
// UTF-8 never uses ASCII bytes inside a multi-byte character, so a record boundary found in the
// bytes is a boundary in the text. In CSV mode a newline inside a quoted field does not end the
// record. Only a quote that opens a field starts a quoted field (RFC 4180): a stray quote inside an
// unquoted field (`it"s`) is a character, as the record splitter also reads it.
import { createReadStream } from "node:fs";
import { VoxpopError } from "../../core/index.ts";
import type { SourceItem } from "../source.ts";

export interface ScannedRecord {
  /** The record's bytes without its line terminator (and without a leading BOM); empty when oversize. */
  bytes: Buffer;
  /** 1-based line on which the record starts. */
  line: number;
  /** Line number of the next record. */
  nextLine: number;
  /** Byte offset just after this record's terminator: where a resumed scan starts. */
  endOffset: number;
  /** Longer than the cap: its bytes were not kept. */
  oversize: boolean;
  /** CSV mode: the file ended inside a quoted field. */
  unclosedQuote: boolean;
}

export interface ScanOptions {
  start: number;
  startLine: number;
  /** CSV mode: newlines inside a quoted field belong to the record. */
  quotes: boolean;
  /** CSV mode: the field separator (one ASCII character). Default ",". */
  delimiter?: string;
  maxRecordBytes: number;
  signal: AbortSignal;
}

export const DEFAULT_MAX_RECORD_BYTES = 16 * 1024 * 1024;

export async function* scanRecords(path: string, options: ScanOptions): AsyncGenerator<ScannedRecord> {
  const { quotes, maxRecordBytes, signal } = options;
  const stream = createReadStream(path, { start: options.start, highWaterMark: 256 * 1024 });
  let pieces: Buffer[] = [];
  let kept = 0; // bytes of the current record held in `pieces`
  let recordBytes = 0; // bytes of the current record seen so far
  let recordStart = options.start;
  let line = options.startLine;
  let newlines = 0;
  // CSV field state: at a field's start, in an unquoted field, in a quoted one, just after a quote in one.
  const START = 0, UNQUOTED = 1, QUOTED = 2, QUOTE_IN_QUOTED = 3;
  const delim = (options.delimiter ?? ",").charCodeAt(0);
  let state = START;
  let oversize = false;

  const finish = (last: Buffer, terminated: boolean): ScannedRecord => {
    if (kept + last.length > maxRecordBytes) oversize = true;
    let bytes = oversize ? Buffer.alloc(0) : pieces.length === 0 ? last : Buffer.concat([...pieces, last]);
    if (bytes.length > 0 && bytes[bytes.length - 1] === 0x0d) bytes = bytes.subarray(0, bytes.length - 1);
    if (recordStart === 0 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) bytes = bytes.subarray(3);
    const total = recordBytes + last.length + (terminated ? 1 : 0);
    const rec: ScannedRecord = {
      bytes, line, nextLine: line + newlines + 1, endOffset: recordStart + total, oversize, unclosedQuote: !terminated && state === QUOTED,
    };
    recordStart += total;
    line = rec.nextLine;
    pieces = [];
    kept = 0;
    recordBytes = 0;
    newlines = 0;
    state = START;
    oversize = false;
    return rec;
  };

  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      if (signal.aborted) throw new VoxpopError("FETCH_ABORTED", `reading ${path} was cancelled`);
      let from = 0;
      // A BOM opening the file is not the first field's first character.
      const bomAt = recordStart === 0 && recordBytes === 0 && chunk[0] === 0xef && chunk[1] === 0xbb && chunk[2] === 0xbf ? 3 : 0;
      for (let i = bomAt; i < chunk.length; i++) {
        const b = chunk[i];
        if (b === 0x0a) {
          // Once a record is over the cap its quotes are not trusted: the next newline ends it.
          if (state === QUOTED && !oversize) {
            newlines++;
            continue;
          }
          yield finish(chunk.subarray(from, i), true);
          from = i + 1;
        } else if (quotes) {
          if (state === QUOTED) {
            if (b === 0x22) state = QUOTE_IN_QUOTED;
          } else if (b === delim) {
            state = START;
          } else if (state === START) {
            state = b === 0x22 ? QUOTED : UNQUOTED;
          } else if (state === QUOTE_IN_QUOTED) {
            state = b === 0x22 ? QUOTED : UNQUOTED; // "" is an escaped quote; anything else is malformed
          }
        }
      }
      const rest = chunk.subarray(from);
      recordBytes += rest.length;
      if (!oversize) {
        kept += rest.length;
        if (kept > maxRecordBytes) {
          oversize = true;
          pieces = [];
        } else if (rest.length > 0) {
          pieces.push(Buffer.from(rest));
        }
      }
    }
    if (signal.aborted) throw new VoxpopError("FETCH_ABORTED", `reading ${path} was cancelled`);
    if (recordBytes > 0) yield finish(Buffer.alloc(0), false);
  } catch (cause) {
    if (cause instanceof VoxpopError) throw cause;
    const code = (cause as NodeJS.ErrnoException).code;
    if (code === "ENOENT") throw new VoxpopError("NOT_FOUND", `no such file: ${path}`, { cause });
    throw new VoxpopError("INVALID_ARGUMENT", `cannot read ${path}: ${code ?? String(cause)}`, { cause });
  } finally {
    stream.destroy();
  }
}

/** Strict UTF-8: a string, or null when the bytes are not valid UTF-8. */
export function utf8OrNull(bytes: Uint8Array): string | null {
  try {
    return new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    return null;
  }
}

/** Cursor of the line-oriented file sources: where the next record starts. */
export interface FileCursor {
  v: 1;
  /** Byte offset of the next record. */
  offset: number;
  /** Its line number. */
  line: number;
  /** Records read so far (the next record's 0-based index). */
  record: number;
}

export function parseFileCursor(cursor: string | null, path: string): FileCursor {
  if (!cursor) return { v: 1, offset: 0, line: 1, record: 0 };
  let c: Partial<FileCursor>;
  try {
    c = JSON.parse(cursor) as Partial<FileCursor>;
  } catch (cause) {
    throw new VoxpopError("INVALID_ARGUMENT", `not a cursor of a file import of ${path}: ${cursor.slice(0, 80)}`, { cause });
  }
  const ok = (n: unknown, min: number): n is number => typeof n === "number" && Number.isSafeInteger(n) && n >= min;
  if (c.v !== 1 || !ok(c.offset, 0) || !ok(c.line, 1) || !ok(c.record, 0)) {
    throw new VoxpopError("INVALID_ARGUMENT", `not a cursor of a file import of ${path}: ${cursor.slice(0, 80)}`);
  }
  return { v: 1, offset: c.offset, line: c.line, record: c.record };
}

/** The `line=N` parameter the line-oriented sources put on an item's content type. */
export function lineOf(contentType: string): number | null {
  const m = /;\s*line=(\d+)/.exec(contentType);
  return m ? Number(m[1]) : null;
}

/**
 * The items of a file of one JSON value a line (JSONL, Jetstream recordings, Mastodon status
 * lines), from `at` on: each line's text (its bytes when they are not UTF-8, for normalize to
 * refuse with the line number), or an INPUT_TOO_LARGE error item for a line over the cap. Blank
 * lines are not records. Each item's cursor points after it; its content type names its line.
 */
export async function* jsonLineItems(path: string, at: FileCursor, options: {
  contentType: string;
  maxRecordBytes: number;
  signal: AbortSignal;
  /** Sees each line's text as it is read (before its item is yielded). */
  onText?: (text: string, line: number) => void;
}): AsyncGenerator<SourceItem> {
  const { maxRecordBytes, signal, onText } = options;
  let record = at.record;
  for await (const rec of scanRecords(path, { start: at.offset, startLine: at.line, quotes: false, maxRecordBytes, signal })) {
    const next: FileCursor = { v: 1, offset: rec.endOffset, line: rec.nextLine, record: record + 1 };
    const contentType = `${options.contentType}; line=${rec.line}`;
    if (rec.oversize) {
      record++;
      yield {
        raw: { payload: "", contentType }, cursor: JSON.stringify(next),
        error: { code: "INPUT_TOO_LARGE", reason: `line ${rec.line} of ${path} is longer than ${maxRecordBytes} bytes` },
      };
      continue;
    }
    const text = utf8OrNull(rec.bytes);
    if (text !== null && text.trim() === "") continue;
    record++;
    if (text !== null) onText?.(text, rec.line);
    yield { raw: { payload: text ?? new Uint8Array(rec.bytes), contentType }, cursor: JSON.stringify(next) };
  }
}

/** An item's payload parsed as JSON, or a PARSE_ERROR that says `where` (not UTF-8, not JSON). */
export function payloadJson(item: SourceItem, where: string): unknown {
  const text = typeof item.raw.payload === "string" ? item.raw.payload : utf8OrNull(item.raw.payload);
  if (text === null) throw new VoxpopError("PARSE_ERROR", `${where}: not valid UTF-8`);
  try {
    return JSON.parse(text);
  } catch (cause) {
    throw new VoxpopError("PARSE_ERROR", `${where}: not JSON (${(cause as Error).message})`, { cause });
  }
}
