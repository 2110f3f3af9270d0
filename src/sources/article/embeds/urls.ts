// One post from one URL, for carriers that hold nothing but a post's URL: proxy frames (Embedly,
// Iframely, Twitframe: the post URL sits in their query), WordPress embed blocks whose oEmbed was
// never resolved (the block holds the bare URL), `data-*-url` attributes, AMP elements. Only the id
// and the URL come from a URL: its path user is not shown to the reader, so author stays null.

import type { EmbeddedPost } from "./types.ts";
import { emptyPost, stripQuery } from "./text.ts";
import { parseStatusUrl } from "./twitter.ts";
import { parseInstagramUrl, parseThreadsUrl } from "./instagram.ts";
import { parseBlueskyUrl } from "./bluesky.ts";
import { parseMastodonUrl } from "./mastodon.ts";
import { parseTiktokUrl, parseYoutubeUrl } from "./video.ts";
import { facebookId, facebookPost } from "./facebook.ts";

/** The post a URL names, or null. Mastodon-style URLs (`/@user/NUMBER` on any host) are read only
 * when `anyHost` is set: outside an embed context that shape is too common to be taken for a post. */
export function postFromUrl(href: string | null | undefined, anyHost = false): EmbeddedPost | null {
  if (!href) return null;
  const s = href.trim();
  if (!/^(?:https?:)?\/\//i.test(s)) return null;
  const tw = parseStatusUrl(s);
  if (tw) return withUrl(emptyPost("x", tw.id), tw.url);
  const ig = parseInstagramUrl(s);
  if (ig) return withUrl(emptyPost("instagram", ig.id), stripQuery(ig.url));
  const th = parseThreadsUrl(s);
  if (th) return withUrl(emptyPost("threads", th.id), th.url);
  const bs = parseBlueskyUrl(s);
  if (bs) return withUrl(emptyPost("bluesky", bs.id), bs.url);
  const yt = parseYoutubeUrl(s);
  if (yt) return withUrl(emptyPost("youtube", yt.id), yt.url);
  const tt = parseTiktokUrl(s);
  if (tt) return withUrl(emptyPost("tiktok", tt.id), tt.url);
  if (/^(?:https?:)?\/\/(?:[a-z0-9-]+\.)?facebook\.com\//i.test(s) && facebookId(s)) return facebookPost(s, null);
  if (anyHost) {
    const md = parseMastodonUrl(s);
    if (md) return withUrl(emptyPost(md.platform, md.id), md.url);
  }
  return null;
}

function withUrl(post: EmbeddedPost, url: string | null): EmbeddedPost {
  post.url = url;
  return post;
}

/** The post URL a proxy frame carries in its `url`, `src` or `href` query value (Embedly's
 * media.html, Iframely, Twitframe), decoded; null when there is none. */
export function wrappedUrls(src: string): string[] {
  const q = src.indexOf("?");
  if (q < 0) return [];
  const byKey: Record<string, string> = {};
  for (const kv of src.slice(q + 1).replace(/&amp;/g, "&").split(/[&#]/)) {
    const m = /^(url|src|href)=(.+)$/.exec(kv);
    if (!m || byKey[m[1]!] !== undefined) continue;
    try { byKey[m[1]!] = decodeURIComponent(m[2]!.replace(/\+/g, " ")); } catch { /* malformed escape */ }
  }
  // `url` (the post's own address) before `href`, before `src` (often a player URL).
  return [byKey.url, byKey.href, byKey.src].filter((u): u is string => u !== undefined);
}
