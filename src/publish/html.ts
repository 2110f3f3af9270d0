import type { Renderer } from "./types.ts";
import { attributionParts, missingTextNote, safeHref } from "./roundup.ts";

/** Escapes text for HTML element content and quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"'`]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;", "`": "&#96;" })[c]!);
}

/**
 * A self-contained page of static cards: post text is escaped, never platform HTML, and no
 * third-party script is loaded (official embeds come with the publishing issue).
 */
export const renderHtml: Renderer = (roundup) => {
  const title = escapeHtml(roundup.story.title ?? roundup.story.name);
  const parts: string[] = [];
  parts.push(`<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<meta name="viewport" content="width=device-width, initial-scale=1">`);
  parts.push(`<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src https:">`);
  parts.push(`<title>${title}</title>`);
  parts.push(`<style>body{font:16px/1.5 system-ui,sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem}.post{border:1px solid #ccc;border-radius:8px;padding:1rem;margin:1rem 0}.post p{margin:0 0 .5rem;white-space:pre-wrap}.attribution{color:#555;font-size:.9rem}</style>\n</head>\n<body>`);
  parts.push(`<h1>${title}</h1>`);
  if (roundup.sections.length === 0) parts.push(`<p><em>No posts in this story yet.</em></p>`);
  for (const section of roundup.sections) {
    parts.push(`<section data-section="${escapeHtml(section.key)}">\n<h2>${escapeHtml(section.title)}</h2>`);
    for (const p of section.posts) {
      const { who, label, copies } = attributionParts(p);
      const href = safeHref(p.url);
      const dateLabel = escapeHtml(label);
      const dated = href ? `<a href="${escapeHtml(href)}" rel="nofollow noopener noreferrer">${dateLabel}</a>` : dateLabel;
      const body = p.text
        ? p.text.split(/\n{2,}/).map((para) => `<p>${escapeHtml(para)}</p>`).join("")
        : `<p><em>(${escapeHtml(missingTextNote(p))})</em></p>`;
      parts.push(`<blockquote class="post" data-platform="${escapeHtml(p.platform)}" data-id="${escapeHtml(p.id)}">${body}<footer class="attribution">— ${who ? `${escapeHtml(who)} ` : ""}${dated}${escapeHtml(copies)}</footer></blockquote>`);
    }
    parts.push(`</section>`);
  }
  parts.push(`</body>\n</html>\n`);
  return parts.join("\n");
};
