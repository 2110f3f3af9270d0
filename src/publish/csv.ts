// CSV research export (RFC 4180): a header row, one row per post, CRLF line ends, fields quoted
// when they hold a comma, quote, CR or LF (quotes doubled). Spreadsheets run a cell that starts
// with = + - @, tab or CR as a formula, so such text cells get a leading apostrophe (the
// datasheet says so; JSONL and Parquet keep the text exact). Numbers and booleans are ours and
// written plainly.
import { EXPORT_COLUMNS, exportRows, type CellValue } from "./columns.ts";
import type { ExportPost } from "./posts.ts";

/** Neutralises spreadsheet formula injection in a text cell. */
export function guardFormula(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

function field(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

function cell(value: CellValue): string {
  if (value === null) return "";
  if (typeof value === "number") return Number.isFinite(value) ? String(value) : "";
  if (typeof value === "boolean") return value ? "true" : "false";
  const text = typeof value === "string" ? value : JSON.stringify(value);
  // An empty string is quoted so that readers can tell it from a missing value.
  return text === "" ? '""' : field(guardFormula(text));
}

export function renderCsvExport(story: string, posts: readonly ExportPost[]): string {
  const lines = [EXPORT_COLUMNS.map((c) => field(c.name)).join(",")];
  for (const row of exportRows(story, posts)) lines.push(row.map(cell).join(","));
  return lines.join("\r\n") + "\r\n";
}
