// Instagram and Threads (Meta's blockquote embeds share one layout family).
// Instagram blockquote v3…v14: an optional caption <p>, then "A post shared by Name (@handle) on
// <time>" (older versions), or nothing but "View this post on Instagram" (captionless). Rendered
// iframes keep only the permalink. Threads: `blockquote.text-post-media` with "Post by @handle".

import { parseDateText } from "../../../core/index.ts";
import type { Detector, EmbeddedPost } from "./types.ts";
import {
  climbWrapper, collapse, collapseOrNull, emptyPost, frameSrc, isFrame, hasClass, linksIn, mentionsIn, stripQuery,
  tag, shownDateToIso, textOf,
} from "./text.ts";

const IG_RE = /^((?:https?:)?\/\/(?:www\.)?instagr(?:am\.com|\.am)\/(?:[A-Za-z0-9_.]+\/)?(?:p|reel|reels|tv)\/([A-Za-z0-9_-]{5,64})\/?)/i;

export function parseInstagramUrl(href: string | null | undefined): { url: string; id: string } | null {
  if (!href) return null;
  const m = IG_RE.exec(href.trim());
  if (!m) return null;
  return { url: m[1]!.replace(/\/embed\/?$/, "/"), id: m[2]! };
}

// Lead-ins Instagram prints before the author in the languages its embed code is served in.
const LEAD_IN = /^(?:A (?:post|photo|video) (?:shared|posted) by|Ein (?:Beitrag|Foto|Video) geteilt von|Un(?:e)? (?:publication|photo|vidéo) (?:partagée?|publiée?) par|Una publicación (?:compartida|publicada) (?:por|de)|Un post condiviso da|Uma publicação (?:partilhada|compartilhada) por|Een bericht gedeeld door)\s*/i;
const CTA = /^(?:View (?:this post )?on Instagram|Diesen Beitrag auf Instagram ansehen|Voir cette publication sur Instagram|Ver esta publicación en Instagram|Visualizza questo post su Instagram|Ver essa publicação no Instagram|Dit bericht op Instagram bekijken)$/i;

export function fromInstagramBlockquote(bq: Element): EmbeddedPost | null {
  const permalink = parseInstagramUrl(bq.getAttribute("data-instgrm-permalink"))
    ?? Array.from(bq.querySelectorAll("a[href]")).map((a) => parseInstagramUrl(a.getAttribute("href"))).find((x) => x) ?? null;
  if (!permalink) return null;
  let caption: Element | null = null;
  let name: string | null = null;
  let handle: string | null = null;
  let dateText: string | null = null;
  let createdAt: string | null = null;
  for (const p of Array.from(bq.querySelectorAll("p"))) {
    const t = textOf(p);
    if (!t) continue;
    const time = p.querySelector("time");
    const attribution = /^(.*?)\(\s*@([A-Za-z0-9_.]+)\s*\)/.exec(t);
    if (time || (attribution && LEAD_IN.test(t))) {
      if (attribution) {
        const n = collapse(attribution[1]!.replace(LEAD_IN, ""));
        // Only a recognised lead-in tells where the name starts; otherwise leave it unknown.
        name = LEAD_IN.test(attribution[1]!) && n ? n : null;
        handle = attribution[2]!;
      }
      if (time) {
        dateText = collapseOrNull(time.textContent);
        createdAt = parseDateText(time.getAttribute("datetime")) ?? shownDateToIso(dateText);
      }
      continue;
    }
    if (CTA.test(t)) continue;
    caption ??= p;
  }
  const text = caption ? collapseOrNull(textOf(caption)) : null;
  return {
    platform: "instagram",
    id: permalink.id,
    url: stripQuery(permalink.url),
    author: { name, handle },
    createdAt,
    dateText,
    text,
    links: caption ? linksIn(caption).filter((h) => !parseInstagramUrl(h) || parseInstagramUrl(h)!.id !== permalink.id) : [],
    mentions: mentionsIn(text, "instagram"),
  };
}

const THREADS_RE = /^((?:https?:)?\/\/(?:www\.)?threads\.(?:net|com)\/@([A-Za-z0-9_.]+)\/post\/([A-Za-z0-9_-]+))/i;

export function parseThreadsUrl(href: string | null | undefined): { url: string; id: string } | null {
  const m = href ? THREADS_RE.exec(href.trim()) : null;
  return m ? { url: m[1]!, id: m[3]! } : null;
}

function fromThreads(bq: Element): EmbeddedPost | null {
  const href = bq.getAttribute("data-text-post-permalink")
    ?? Array.from(bq.querySelectorAll("a[href]")).map((a) => a.getAttribute("href")).find((h) => THREADS_RE.test(h ?? "")) ?? null;
  const m = href ? THREADS_RE.exec(href.trim()) : null;
  if (!m) return null;
  const post = emptyPost("threads", m[3]!);
  post.url = m[1]!;
  // The embed prints "Post by @handle" (the handle is displayed, so it is not a guess).
  const shown = /\bPost by @([A-Za-z0-9_.]+)/i.exec(textOf(bq));
  post.author.handle = shown ? shown[1]!.replace(/\.$/, "") : null;
  return post;
}

export const detectInstagram: Detector = (el) => {
  const t = tag(el);
  if (t === "BLOCKQUOTE" && (hasClass(el, "instagram-media") || el.hasAttribute("data-instgrm-permalink"))) {
    const post = fromInstagramBlockquote(el);
    return post ? { post, node: el } : null;
  }
  if (t === "BLOCKQUOTE" && (hasClass(el, "text-post-media") || el.hasAttribute("data-text-post-permalink"))) {
    const post = fromThreads(el);
    return post ? { post, node: el } : null;
  }
  if (isFrame(t)) {
    const src = frameSrc(el);
    const ig = parseInstagramUrl(src);
    if (ig && /\/embed\b/.test(src!)) {
      const post = emptyPost("instagram", ig.id);
      post.url = ig.url;
      return { post, node: climbWrapper(el) };
    }
    const th = src ? THREADS_RE.exec(src) : null;
    if (th && /\/embed\b/.test(src!)) {
      const post = emptyPost("threads", th[3]!);
      post.url = th[1]!;
      return { post, node: climbWrapper(el) };
    }
  }
  if (t !== "BLOCKQUOTE" && el.hasAttribute("data-instgrm-permalink")) {
    // A container (not the blockquote) naming the post; its inner blockquote, if any, shows the rest.
    const permalink = parseInstagramUrl(el.getAttribute("data-instgrm-permalink"));
    if (!permalink) return null;
    const inner = el.querySelector("blockquote");
    const shown = inner ? fromInstagramBlockquote(inner) : null;
    const post = shown && shown.id === permalink.id ? shown : emptyPost("instagram", permalink.id);
    post.url ??= stripQuery(permalink.url);
    return { post, node: climbWrapper(el) };
  }
  return null;
};
