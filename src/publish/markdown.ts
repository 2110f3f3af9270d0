import type { Renderer } from "./types.ts";
import { attributionParts, missingTextNote, safeHref } from "./roundup.ts";

/**
 * Escapes untrusted text for Markdown: no raw HTML, no links, no emphasis or headings can be
 * smuggled in through a post.
 */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/[\\`*_\[\]|~]/g, (c) => `\\${c}`)
    // Raw HTML and character references: "<" and an "&" that would start an entity are neutralised;
    // a plain "John & Chrissy" stays readable.
    .replace(/&(?=#?[a-z0-9]+;)/gi, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    // Line starts that Markdown reads as headings, lists or rules.
    .replace(/^(\s*)([#+=-])/gm, "$1\\$2")
    .replace(/^(\s*\d+)([.)])/gm, "$1\\$2");
}

function quote(text: string): string {
  return text.split(/\n/).map((line) => (line.trim() ? `> ${escapeMarkdown(line)}` : ">")).join("\n");
}

export const renderMarkdown: Renderer = (roundup) => {
  const out: string[] = [];
  out.push(`# ${escapeMarkdown(roundup.story.title ?? roundup.story.name)}`, "");
  if (roundup.sections.length === 0) out.push("_No posts in this story yet._", "");
  for (const section of roundup.sections) {
    out.push(`## ${escapeMarkdown(section.title)}`, "");
    for (const p of section.posts) {
      out.push(p.text ? quote(p.text) : `> _(${escapeMarkdown(missingTextNote(p))})_`);
      const { who, label, copies } = attributionParts(p);
      const href = safeHref(p.url);
      const dateLabel = escapeMarkdown(label);
      const link = href ? `[${dateLabel}](<${href.replace(/[<>]/g, encodeURIComponent)}>)` : dateLabel;
      out.push(">", `> — ${who ? `${escapeMarkdown(who)} ` : ""}${link}${copies}`, "");
    }
  }
  return out.join("\n").trimEnd() + "\n";
};
