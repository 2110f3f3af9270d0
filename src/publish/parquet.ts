// Parquet research export: the same columns as the CSV (columns.ts), typed: strings as UTF-8,
// counts as INT32/INT64, scores as DOUBLE, flags as BOOLEAN, times as UTC timestamps
// (milliseconds), lists and objects as JSON-annotated strings. Written in memory by
// hyparquet-writer (pure JavaScript, Snappy-compressed); the story's name and the column
// descriptions ride along in the file's key-value metadata.
import { parquetWriteBuffer, type BasicType, type ColumnSource } from "hyparquet-writer";
import { EXPORT_COLUMNS, exportRows, type CellValue, type ColumnType } from "./columns.ts";
import type { ExportPost } from "./posts.ts";

const PARQUET_TYPES: Record<ColumnType, BasicType> = {
  string: "STRING", int32: "INT32", int64: "INT64", double: "DOUBLE", bool: "BOOLEAN", timestamp: "TIMESTAMP", json: "JSON",
};

function typed(type: ColumnType, v: CellValue): unknown {
  if (v === null) return null;
  switch (type) {
    case "string": return typeof v === "string" ? v : JSON.stringify(v);
    case "int32": return typeof v === "number" && Number.isInteger(v) ? v : null;
    case "int64": return typeof v === "number" && Number.isSafeInteger(v) ? BigInt(v) : null;
    case "double": return typeof v === "number" && Number.isFinite(v) ? v : null;
    case "bool": return typeof v === "boolean" ? v : null;
    case "timestamp": {
      const ms = typeof v === "string" ? Date.parse(v) : NaN;
      return Number.isFinite(ms) ? new Date(ms) : null;
    }
    case "json": return v;
  }
}

export function renderParquetExport(story: string, posts: readonly ExportPost[]): Uint8Array {
  const rows = exportRows(story, posts);
  const columnData: ColumnSource[] = EXPORT_COLUMNS.map((c, i) => ({
    name: c.name,
    type: PARQUET_TYPES[c.type],
    nullable: true,
    data: rows.map((row) => typed(c.type, row[i]!)) as ColumnSource["data"],
  }));
  const buffer = parquetWriteBuffer({
    columnData,
    createdBy: "voxpop",
    kvMetadata: [
      { key: "voxpop.story", value: story },
      { key: "voxpop.columns", value: JSON.stringify(Object.fromEntries(EXPORT_COLUMNS.map((c) => [c.name, c.description]))) },
    ],
  });
  return new Uint8Array(buffer);
}
