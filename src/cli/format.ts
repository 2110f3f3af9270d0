import type { Extraction, ExtractedPost } from "../core/index.ts";
import type { SearchHit } from "../store/index.ts";
import type { ImportOutcome } from "../app.ts";

/**
 * Post text is hostile: before it reaches a terminal, control characters (ANSI escapes that
 * could rewrite the screen, bidi overrides) are made visible or removed.
 */
export function terminalSafe(text: string): string {
  return text
    .replace(/\x1b/g, "␛")
    .replace(/[\x00-\x08\x0b-\x1f\x7f-\x9f]/g, "")
    .replace(/[\u202a-\u202e\u2066-\u2069]/g, "");
}

function oneLine(text: string | null, max: number): string {
  if (!text) return "";
  const flat = terminalSafe(text).replace(/\s+/g, " ").trim();
  return flat.length > max ? flat.slice(0, max - 1) + "…" : flat;
}

function attribution(p: Pick<ExtractedPost, "author">): string {
  const { name, handle } = p.author;
  if (name && handle) return `${name} (@${handle})`;
  return name ?? (handle ? `@${handle}` : "(no author shown)");
}

export function extractionTable(x: Extraction): string {
  const a = x.article;
  const lines: string[] = [];
  lines.push(`Article: ${oneLine(a.title, 100) || "(untitled)"}`);
  if (a.url) lines.push(`URL:     ${oneLine(a.url, 200)}`);
  if (a.publishedAt) lines.push(`Date:    ${a.publishedAt}`);
  if (a.byline) lines.push(`By:      ${oneLine(a.byline, 100)}`);
  lines.push(`Text:    ${a.text.split(/\s+/).filter(Boolean).length} words`);
  lines.push(`Posts:   ${x.posts.length}`, "");
  for (const p of x.posts) {
    const where = p.inArticle ? "" : "  [outside the article]";
    lines.push(`${String(p.position).padStart(3)}. ${p.platform.padEnd(11)} ${oneLine(attribution(p), 60)}  ${p.dateText ?? p.createdAt ?? ""}${where}`);
    if (p.text) lines.push(`     ${oneLine(p.text, 110)}`);
    if (p.url) lines.push(`     ${oneLine(p.url, 200)}`);
  }
  return lines.join("\n") + "\n";
}

export function outcomeLine(o: ImportOutcome, index: number, total: number): string {
  const prefix = `[${index}/${total}] ${terminalSafe(o.source)}`;
  if (!o.ok) return `${prefix}: quarantined (${o.code}): ${terminalSafe(o.message)}`;
  const outside = o.outsideArticle ? `; ${o.outsideArticle} outside the article (kept, not in the story)` : "";
  return `${prefix}: ${o.posts} posts (${o.inserted} new, ${o.updated} updated, ${o.unchanged} unchanged)${outside}`;
}

export function searchTable(hits: SearchHit[]): string {
  if (hits.length === 0) return "No matches.\n";
  return hits
    .map((h, i) => `${String(i + 1).padStart(3)}. ${h.platform.padEnd(11)} ${oneLine(attribution(h), 50)}  ${h.createdAt ?? ""}\n     ${oneLine(h.snippet, 120)}${h.url ? `\n     ${oneLine(h.url, 200)}` : ""}`)
    .join("\n") + "\n";
}

export function classifyTable(records: Array<{ text: string; lang: string | null; reaction: string | null; reactions: string[]; emotions: string[]; sentiment: { label: string } | null; offensive: { label: boolean } | null; hate: { label: boolean } | null }>, first = 0): string {
  return records
    .map((r, at) => {
      const i = first + at;
      const flags = [r.offensive?.label ? "offensive" : "", r.hate?.label ? "hate" : ""].filter(Boolean).join(", ");
      return `${String(i + 1).padStart(3)}. ${oneLine(r.text, 100)}\n     reaction: ${r.reaction ?? "-"}${r.reactions.length > 1 ? ` (${r.reactions.join(", ")})` : ""}; emotions: ${r.emotions.join(", ") || "-"}; sentiment: ${r.sentiment?.label ?? "-"}; lang: ${r.lang ?? "-"}${flags ? `; ${flags}` : ""}`;
    })
    .join("\n") + "\n";
}
