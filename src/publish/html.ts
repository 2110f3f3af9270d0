import type { RenderOptions, Renderer, RoundupPost } from "./types.ts";
import { attributionParts, missingTextNote, safeHref } from "./roundup.ts";
import { escapeHtml, safeLang } from "./escape.ts";
import { officialEmbed } from "./embeds.ts";

export { escapeHtml } from "./escape.ts";

const STYLE = `body{font:16px/1.5 system-ui,sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem}.post{border:1px solid #ccc;border-radius:8px;padding:1rem;margin:1rem 0}.post p{margin:0 0 .5rem;white-space:pre-wrap}.attribution{color:#555;font-size:.9rem}.embed{margin:1rem 0}figure.embed{margin:1rem 0}figcaption{color:#555;font-size:.9rem}`;

/** A self-contained card: the post's text escaped, never platform HTML, and no script. */
function staticCard(p: RoundupPost): string {
  const { who, label, copies } = attributionParts(p);
  const href = safeHref(p.url);
  const dateLabel = escapeHtml(label);
  const dated = href ? `<a href="${escapeHtml(href)}" rel="nofollow noopener noreferrer">${dateLabel}</a>` : dateLabel;
  const lang = safeLang(p.lang);
  const body = p.text
    ? p.text.split(/\n{2,}/).map((para) => `<p>${escapeHtml(para)}</p>`).join("")
    : `<p><em>(${escapeHtml(missingTextNote(p))})</em></p>`;
  return `<blockquote class="post" data-platform="${escapeHtml(p.platform)}" data-id="${escapeHtml(p.id)}"${lang ? ` lang="${escapeHtml(lang)}"` : ""}>${body}<footer class="attribution">— ${who ? `${escapeHtml(who)} ` : ""}${dated}${escapeHtml(copies)}</footer></blockquote>`;
}

/**
 * The roundup as one HTML page. `embeds: "static"` (default): static cards, and a CSP that lets
 * the page load nothing but https images. `embeds: "official"`: each post in its platform's
 * official embed markup (static card where a post has none), each platform script once at the
 * end, and a CSP whose `script-src` and `frame-src` name exactly the hosts those embeds use.
 */
export const renderHtml: Renderer = (roundup, options: RenderOptions = {}) => {
  const official = options.embeds === "official";
  const scripts = new Set<string>();
  const frames = new Set<string>();
  const body: string[] = [];
  const title = escapeHtml(roundup.story.title ?? roundup.story.name);
  body.push(`<h1>${title}</h1>`);
  if (roundup.sections.length === 0) body.push(`<p><em>No posts in this story yet.</em></p>`);
  for (const section of roundup.sections) {
    body.push(`<section data-section="${escapeHtml(section.key)}">\n<h2>${escapeHtml(section.title)}</h2>`);
    for (const p of section.posts) {
      const embed = official ? officialEmbed(p) : null;
      if (!embed) {
        body.push(staticCard(p));
        continue;
      }
      for (const s of embed.scripts) scripts.add(s);
      for (const f of embed.frames) frames.add(f);
      body.push(`<div class="embed" data-platform="${escapeHtml(p.platform)}" data-id="${escapeHtml(p.id)}">${embed.html}</div>`);
    }
    body.push(`</section>`);
  }
  for (const src of scripts) body.push(`<script async src="${escapeHtml(src)}" charset="utf-8"></script>`);

  const origins = (urls: Iterable<string>) => [...new Set([...urls].map((u) => new URL(u).origin))].sort().join(" ");
  const csp = ["default-src 'none'", "style-src 'unsafe-inline'", "img-src https:"];
  if (scripts.size) csp.push(`script-src ${origins(scripts)}`);
  if (frames.size) csp.push(`frame-src ${origins(frames)}`);
  const head = [
    `<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<meta name="viewport" content="width=device-width, initial-scale=1">`,
    `<meta http-equiv="Content-Security-Policy" content="${escapeHtml(csp.join("; "))}">`,
    `<meta name="referrer" content="strict-origin-when-cross-origin">`,
    `<title>${title}</title>`,
    `<style>${STYLE}</style>\n</head>\n<body>`,
  ];
  return [...head, ...body, `</body>\n</html>\n`].join("\n");
};
