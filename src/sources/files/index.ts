// files: imports posts from local files, each format a backfill Source over one file (or one
// unzipped X archive): voxpop's own JSONL export (read back exactly, annotations included) and
// plain JSONL records, CSV with a header row, X/Twitter archives, recordings of Bluesky's
// Jetstream (JSONL of frames) and Mastodon Status entities (a JSON array or JSONL). Every record is one item
// whose payload is the record's exact text, a broken record is refused by `normalize` with its
// line (or tweet) number while the rest imports, and the cursor is a position in the file, so a
// killed import resumes where it stopped. `openFileSource` picks the format from the path.
import { statSync, openSync, readSync, closeSync, existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { VoxpopError } from "../../core/index.ts";
import type { Source } from "../source.ts";
import { JsonlSource, type JsonlSourceOptions } from "./jsonl.ts";
import { CsvSource, type CsvSourceOptions } from "./csv.ts";
import { XArchiveSource } from "./x-archive.ts";
import { JetstreamFileSource, isJetstreamFrame } from "./jetstream-file.ts";
import { MastodonFileSource, isMastodonStatus } from "./mastodon-file.ts";
import { arrayBodyStart, nextArrayElement } from "./json-array.ts";

export { JsonlSource, annotationsOf, exportMetaOf, exportRecordSchema, exportRecordToPost, simpleJsonRecordSchema } from "./jsonl.ts";
export type { JsonlSourceOptions, ExportRecord, ExportMeta } from "./jsonl.ts";
export { CsvSource, splitCsvRecord, COLUMN_NAMES } from "./csv.ts";
export type { CsvSourceOptions } from "./csv.ts";
export { XArchiveSource, archiveFiles } from "./x-archive.ts";
export { parseLooseDate, parseTwitterDate } from "./record.ts";
export { JetstreamFileSource, JETSTREAM_FRAME_TYPE, isJetstreamFrame } from "./jetstream-file.ts";
export type { JetstreamFileOptions } from "./jetstream-file.ts";
export { MastodonFileSource, MASTODON_STATUS_FILE_TYPE, answeringHost, isMastodonStatus } from "./mastodon-file.ts";
export type { MastodonFileOptions } from "./mastodon-file.ts";

export type FileFormat = "jsonl" | "csv" | "x-archive" | "car" | "zip" | "jetstream" | "mastodon";

export interface FileSourceOptions extends JsonlSourceOptions, CsvSourceOptions {
  /** Skip detection and read the file as this format. */
  format?: "jsonl" | "csv" | "x-archive" | "jetstream" | "mastodon";
  /** Mastodon statuses: the host of the instance they were fetched from, when they cannot tell. */
  instance?: string | null;
}

function head(path: string, bytes = 512): string {
  const fd = openSync(path, "r");
  try {
    const buf = Buffer.alloc(bytes);
    const got = readSync(fd, buf, 0, bytes, 0);
    return buf.subarray(0, got).toString("utf8").replace(/^\ufeff/, "");
  } finally {
    closeSync(fd);
  }
}

const SNIFF_BYTES = 64 * 1024;

/**
 * JSON lines by what their first readable line holds: Jetstream frames, Mastodon statuses, or
 * voxpop's own records (export or simple), which the JSONL reader takes and refuses line by line.
 */
function jsonLinesFormat(start: string): "jetstream" | "mastodon" | "jsonl" {
  for (const line of start.split("\n")) {
    if (line.trim() === "") continue;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      continue; // a broken (or cut-off) line: look at the next one
    }
    if (value === null || typeof value !== "object" || Array.isArray(value)) continue;
    if (isJetstreamFrame(value)) return "jetstream";
    if (isMastodonStatus(value)) return "mastodon";
    return "jsonl";
  }
  return "jsonl";
}

/** A JSON array of Mastodon statuses (judged by its first elements); null for any other array. */
function jsonArrayFormat(path: string): "mastodon" | null {
  const buf = Buffer.from(head(path, SNIFF_BYTES), "utf8");
  let pos = arrayBodyStart(buf);
  for (let i = 0; i < 8 && pos !== -1; i++) {
    const el = nextArrayElement(buf, pos);
    if (!("start" in el)) return null;
    pos = el.end;
    try {
      if (isMastodonStatus(JSON.parse(buf.subarray(el.start, el.end).toString("utf8")))) return "mastodon";
    } catch {
      // an element that is not JSON: look at the next one
    }
  }
  return null;
}

/** The format of a path by its extension, then its first bytes; null when it is none voxpop imports. */
export function fileFormatOf(path: string): FileFormat | null {
  const abs = resolve(path);
  const info = statSync(abs, { throwIfNoEntry: false });
  if (!info) throw new VoxpopError("NOT_FOUND", `no such file or folder: ${abs}`);
  if (info.isDirectory()) {
    for (const p of ["data/tweets.js", "data/tweet.js", "tweets.js", "tweet.js"]) if (existsSync(join(abs, p))) return "x-archive";
    return null;
  }
  const name = abs.toLowerCase();
  if (/\.(jsonl|ndjson)$/.test(name)) return jsonLinesFormat(head(abs, SNIFF_BYTES));
  if (/\.(csv|tsv)$/.test(name)) return "csv";
  if (/\.car$/.test(name)) return "car";
  if (/\.zip$/.test(name)) return "zip";
  if (/(^|[\\/])tweets?(-part\d+)?\.js$/.test(name)) return "x-archive";
  const start = head(abs);
  if (start.startsWith("PK\u0003\u0004")) return "zip";
  if (/^\s*window\.YTD\.tweets?\.part\d+\s*=/.test(start)) return "x-archive";
  if (/^\s*\{/.test(start)) return jsonLinesFormat(head(abs, SNIFF_BYTES));
  if (/^\s*\[/.test(start)) return jsonArrayFormat(abs);
  return null;
}

/**
 * A Source for a local file or an unzipped X archive folder, picked by extension and content:
 * .jsonl/.ndjson → JSONL (Jetstream frames or Mastodon statuses when its first readable line is
 * one), a JSON array of Mastodon statuses, .csv (.tsv: tab-separated) → CSV, a folder with
 * data/tweets.js or a tweets.js/tweet.js file → X archive. A .car file is the Bluesky CAR
 * source's, not this one's.
 */
export function openFileSource(path: string, options: FileSourceOptions = {}): Source {
  const format = options.format ?? fileFormatOf(path);
  switch (format) {
    case "jsonl":
      return new JsonlSource(path, options);
    case "csv":
      return new CsvSource(path, { ...options, delimiter: options.delimiter ?? (/\.tsv$/i.test(path) ? "\t" : ",") });
    case "x-archive":
      return new XArchiveSource(path);
    case "jetstream":
      return new JetstreamFileSource(path, options);
    case "mastodon":
      return new MastodonFileSource(path, options);
    case "car":
      throw new VoxpopError("INVALID_ARGUMENT", `${path} is a Bluesky repository (CAR) file: it is handled by the Bluesky CAR source, not the file importer`);
    case "zip":
      throw new VoxpopError("INVALID_ARGUMENT", `${path} is a ZIP archive: unzip the archive first and import the folder (an X archive's folder holds data/tweets.js)`);
    default:
      throw new VoxpopError("INVALID_ARGUMENT", `${path}: not a format voxpop imports (a .jsonl/.ndjson export, Jetstream frames or Mastodon statuses as JSONL or a JSON array, a .csv with a header row, an X archive folder or its data/tweets.js)`);
  }
}
