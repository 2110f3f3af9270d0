// publish: pure renderers from a story and its posts to text (or bytes, for Parquet). Roundups
// (Markdown, HTML with static cards or the platforms' official embeds, JSON) follow the editor's
// curation; JSON Feed publishes the same selection; research exports (JSONL, CSV, Parquet) carry
// every stored post with its provenance and enricher versions, with a datasheet README beside
// them. All post text is untrusted: Markdown and HTML escape it, links are limited to http(s),
// no platform HTML passes, CSV cells are guarded against spreadsheet formulas.
import type { RenderOptions, Renderer, Roundup, RoundupFormat } from "./types.ts";
import { buildRoundup, type BuildOptions } from "./roundup.ts";
import { renderMarkdown } from "./markdown.ts";
import { renderHtml } from "./html.ts";
import { renderJson } from "./json.ts";
import { renderJsonlExport } from "./jsonl.ts";
import { renderCsvExport } from "./csv.ts";
import { renderParquetExport } from "./parquet.ts";
import { renderJsonFeed, type JsonFeedOptions } from "./jsonfeed.ts";
import { toRoundupPost, type ExportPost, type ExportStory } from "./posts.ts";
import type { ExportFormat } from "./datasheet.ts";

export type { Roundup, RoundupPost, RoundupSection, RoundupFormat, Renderer, RenderOptions, EmbedMode } from "./types.ts";
export type { BuildOptions } from "./roundup.ts";
export type { ExportPost, ExportStory } from "./posts.ts";
export type { JsonFeedOptions } from "./jsonfeed.ts";
export type { ExportFormat, DatasheetOptions } from "./datasheet.ts";
export type { Column, ColumnType } from "./columns.ts";
export { buildRoundup, safeHref, REACTION_SECTIONS } from "./roundup.ts";
export { escapeMarkdown, renderMarkdown } from "./markdown.ts";
export { escapeHtml, renderHtml } from "./html.ts";
export { officialEmbed } from "./embeds.ts";
export { renderJson } from "./json.ts";
export { renderJsonlExport } from "./jsonl.ts";
export { renderCsvExport, guardFormula } from "./csv.ts";
export { renderParquetExport } from "./parquet.ts";
export { renderJsonFeed } from "./jsonfeed.ts";
export { renderDatasheet } from "./datasheet.ts";
export { EXPORT_COLUMNS } from "./columns.ts";
export { toRoundupPost, selectPublished } from "./posts.ts";

export const RENDERERS: Record<RoundupFormat, Renderer> = { md: renderMarkdown, html: renderHtml, json: renderJson };

export const ROUNDUP_FORMATS = ["md", "html", "json"] as const satisfies readonly RoundupFormat[];
export const EXPORT_FORMATS = ["jsonl", "csv", "parquet", "jsonfeed"] as const satisfies readonly ExportFormat[];

/** Media type and file extension of each roundup and export format (for HTTP and `--out`). */
export const MEDIA_TYPES: Record<RoundupFormat | ExportFormat, { contentType: string; extension: string }> = {
  md: { contentType: "text/markdown; charset=utf-8", extension: "md" },
  html: { contentType: "text/html; charset=utf-8", extension: "html" },
  json: { contentType: "application/json; charset=utf-8", extension: "json" },
  jsonl: { contentType: "application/jsonl; charset=utf-8", extension: "jsonl" },
  csv: { contentType: "text/csv; charset=utf-8; header=present", extension: "csv" },
  parquet: { contentType: "application/vnd.apache.parquet", extension: "parquet" },
  jsonfeed: { contentType: "application/feed+json; charset=utf-8", extension: "json" },
};

/** Renders a roundup; `options.embeds` picks HTML's embed mode (ignored by md and json). */
export function renderRoundup(roundup: Roundup, format: RoundupFormat, options: RenderOptions = {}): string {
  return RENDERERS[format](roundup, options);
}

/** The roundup of a story from its stored or feed posts (curation applied when the posts carry it). */
export function roundupOf(story: ExportStory, posts: readonly ExportPost[], options: BuildOptions = {}): Roundup {
  return buildRoundup({ name: story.name, title: story.title, subjects: story.subjects }, posts.map(toRoundupPost), options);
}

/**
 * A research export or feed of a story's posts (in the order given: the store's story order).
 * Parquet is bytes; every other format is text. JSONL, CSV and Parquet hold every post given;
 * JSON Feed publishes the roundup's selection.
 */
export function renderExport(format: ExportFormat, story: ExportStory, posts: readonly ExportPost[], options: JsonFeedOptions = {}): string | Uint8Array {
  switch (format) {
    case "jsonl": return renderJsonlExport(story.name, posts);
    case "csv": return renderCsvExport(story.name, posts);
    case "parquet": return renderParquetExport(story.name, posts);
    case "jsonfeed": return renderJsonFeed(story, posts, options);
  }
}

/** A file name for a story's export: the story name made safe, and the format's extension. */
export function exportFileName(story: string, format: ExportFormat): string {
  const base = story.normalize("NFKC").replace(/[^\p{L}\p{N}._-]+/gu, "-").replace(/^[-.]+|[-.]+$/g, "").slice(0, 100) || "story";
  return `${base}${format === "jsonfeed" ? ".feed" : ""}.${MEDIA_TYPES[format].extension}`;
}

/** Where the datasheet of an export file goes: beside it, "NAME.README.md" for "NAME.EXT". */
export function datasheetFileName(exportFile: string): string {
  const slash = Math.max(exportFile.lastIndexOf("/"), exportFile.lastIndexOf("\\"));
  const dot = exportFile.lastIndexOf(".");
  return `${dot > slash + 1 ? exportFile.slice(0, dot) : exportFile}.README.md`;
}
