// Video platforms: TikTok blockquotes (cite URL, data-video-id, caption in <section> after the
// "@handle" author link, then a "♬ sound" link) and YouTube iframes (src, or the lazy data-src /
// data-lazy-src). A YouTube iframe shows neither author nor text nor date, so those stay null.

import type { Detector, EmbeddedPost } from "./types.ts";
import { climbWrapper, collapse, collapseOrNull, emptyPost, frameSrc, isFrame, hasClass, linksIn, mentionsIn, stripQuery, tag, textOf } from "./text.ts";

const TIKTOK_RE = /^((?:https?:)?\/\/(?:www\.|m\.)?tiktok\.com\/@([A-Za-z0-9_.]+)\/video\/(\d{5,25}))/i;
// Embed, Shorts and live paths on youtube.com / youtube-nocookie.com, and youtu.be short links.
const YT_RE = /^((?:https?:)?\/\/(?:(?:www\.|m\.)?youtube(?:-nocookie)?\.com\/(?:embed|shorts|live|v)\/|youtu\.be\/)([A-Za-z0-9_-]{6,20}))(?:[?#/&]|$)/i;
const YT_WATCH_RE = /^((?:https?:)?\/\/(?:www\.|m\.)?youtube\.com\/watch\/?)\?(?:[^#]*?&(?:amp;)?)?v=([A-Za-z0-9_-]{6,20})(?:[&#]|$)/i;
const TIKTOK_EMBED_RE = /^(?:https?:)?\/\/(?:www\.)?tiktok\.com\/(?:embed|player)\/(?:v\d\/)?(\d{5,25})/i;

/** A YouTube video URL: id, and the URL as written minus its query (a watch URL keeps its `v`,
 * which is what names the video). Playlists and channel streams are not single videos. */
export function parseYoutubeUrl(href: string | null | undefined): { url: string; id: string } | null {
  if (!href) return null;
  const s = href.trim();
  const m = YT_RE.exec(s);
  if (m) return /^(?:videoseries|live_stream)$/i.test(m[2]!) ? null : { url: m[1]!, id: m[2]! };
  const w = YT_WATCH_RE.exec(s);
  return w ? { url: `${w[1]}?v=${w[2]}`, id: w[2]! } : null;
}

/** A TikTok video URL: the post URL (id, and the author as written in its path), or the embed
 * player URL (id only). */
export function parseTiktokUrl(href: string | null | undefined): { url: string | null; id: string } | null {
  if (!href) return null;
  const s = href.trim();
  const m = TIKTOK_RE.exec(s);
  if (m) return { url: m[1]!, id: m[3]! };
  const e = TIKTOK_EMBED_RE.exec(s);
  return e ? { url: null, id: e[1]! } : null;
}

export function fromTiktok(bq: Element): EmbeddedPost | null {
  const cite = bq.getAttribute("cite")?.trim() ?? "";
  const m = TIKTOK_RE.exec(cite);
  const id = bq.getAttribute("data-video-id")?.trim() || m?.[3];
  if (!id || !/^\d+$/.test(id)) return null;
  const post = emptyPost("tiktok", id);
  post.url = m ? m[1]! : stripQuery(cite) || null;
  const section = bq.querySelector("section");
  if (section) {
    const anchors = Array.from(section.querySelectorAll("a[href]"));
    const exclude = new Set<Node>();
    const author = anchors.find((a) => /^@[A-Za-z0-9_.]+$/.test(collapse(a.textContent)) && /tiktok\.com\/@[^/]+\/?(?:[?#]|$)/i.test(a.getAttribute("href") ?? ""));
    if (author) {
      post.author.handle = collapse(author.textContent).slice(1);
      exclude.add(author);
    }
    // The sound credit ("♬ original sound - …") is not part of the caption.
    for (const a of anchors) if (/\/music\//i.test(a.getAttribute("href") ?? "") || collapse(a.textContent).startsWith("\u266C")) exclude.add(a);
    post.text = collapseOrNull(textOf(section, exclude));
    post.links = linksIn(section).filter((h) => !Array.from(exclude).some((a) => (a as Element).getAttribute("href") === h));
    post.mentions = mentionsIn(post.text, "tiktok");
  }
  return post;
}

export const detectVideo: Detector = (el) => {
  const t = tag(el);
  if (t === "BLOCKQUOTE" && hasClass(el, "tiktok-embed")) {
    const post = fromTiktok(el);
    return post ? { post, node: el } : null;
  }
  if (t === "LITE-YOUTUBE") {
    // The lite-youtube web component carries only the video id; no URL is written in the markup.
    const id = el.getAttribute("videoid")?.trim();
    if (!id || !/^[A-Za-z0-9_-]{6,20}$/.test(id)) return null;
    return { post: emptyPost("youtube", id), node: el };
  }
  if (isFrame(t)) {
    const src = frameSrc(el);
    const yt = parseYoutubeUrl(src);
    if (yt) {
      const post = emptyPost("youtube", yt.id);
      post.url = yt.url; // as written, protocol-relative included
      return { post, node: climbWrapper(el) };
    }
    const tt = src ? TIKTOK_EMBED_RE.exec(src) : null;
    if (tt) {
      const post = emptyPost("tiktok", tt[1]!);
      return { post, node: climbWrapper(el) };
    }
  }
  return null;
};
