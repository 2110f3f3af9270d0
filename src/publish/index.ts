// publish: pure renderers from a story's selected posts to text. All post text is untrusted:
// Markdown and HTML output escape it, links are limited to http(s), no platform HTML passes.
import type { Renderer, RoundupFormat } from "./types.ts";
import { renderMarkdown } from "./markdown.ts";
import { renderHtml } from "./html.ts";
import { renderJson } from "./json.ts";

export type { Roundup, RoundupPost, RoundupSection, RoundupFormat, Renderer } from "./types.ts";
export { buildRoundup, safeHref } from "./roundup.ts";
export { escapeMarkdown, renderMarkdown } from "./markdown.ts";
export { escapeHtml, renderHtml } from "./html.ts";
export { renderJson } from "./json.ts";

export const RENDERERS: Record<RoundupFormat, Renderer> = { md: renderMarkdown, html: renderHtml, json: renderJson };
export { renderJsonlExport } from "./jsonl.ts";
