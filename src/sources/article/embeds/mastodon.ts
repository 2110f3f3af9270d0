// Mastodon and Mastodon-based servers (Truth Social): iframes https://server/@user/ID/embed
// (often lazy, in data-src) and the Mastodon 4.3+ `blockquote.mastodon-embed` (data-embed-url and
// a link card that prints "Post by @user@server"). The user in the URL path is not shown to the
// reader as an author line in the iframe case, so the handle stays null there.

import type { Detector, EmbeddedPost } from "./types.ts";
import type { Platform } from "../../../core/index.ts";
import { climbWrapper, emptyPost, frameSrc, isFrame, hasClass, tag, textOf } from "./text.ts";

const POST_RE = /^((?:https?:)?\/\/([A-Za-z0-9.-]+\.[A-Za-z]{2,})\/@([A-Za-z0-9_]+(?:@[A-Za-z0-9.-]+)?)\/(\d{1,20}))(?:\/embed)?\/?(?:[?#]|$)/i;

function platformOf(host: string): Platform {
  return /(^|\.)truthsocial\.com$/i.test(host) ? "truthsocial" : "mastodon";
}

export function parseMastodonUrl(href: string | null | undefined): { url: string; host: string; id: string; platform: Platform } | null {
  if (!href) return null;
  const m = POST_RE.exec(href.trim());
  if (!m) return null;
  return { url: m[1]!, host: m[2]!, id: m[4]!, platform: platformOf(m[2]!) };
}

function fromBlockquote(bq: Element): EmbeddedPost | null {
  const candidates = [bq.getAttribute("data-embed-url"), ...Array.from(bq.querySelectorAll("a[href]")).map((a) => a.getAttribute("href"))];
  const parsed = candidates.map(parseMastodonUrl).find((p) => p) ?? null;
  if (!parsed) return null;
  const post = emptyPost(parsed.platform, parsed.id);
  post.url = parsed.url;
  const shown = /\bPost by @([A-Za-z0-9_]+(?:@[A-Za-z0-9.-]*[A-Za-z0-9])?)/i.exec(textOf(bq));
  post.author.handle = shown ? shown[1]! : null;
  return post;
}

export const detectMastodon: Detector = (el) => {
  const t = tag(el);
  if (t === "BLOCKQUOTE" && (hasClass(el, "mastodon-embed") || hasClass(el, "truthsocial-embed"))) {
    const post = fromBlockquote(el);
    return post ? { post, node: el } : null;
  }
  if (isFrame(t)) {
    const src = frameSrc(el);
    const p = parseMastodonUrl(src);
    // The /embed suffix (or the embed class) is what marks a post iframe rather than a profile page.
    if (!p || !(/\/embed\/?(?:[?#]|$)/.test(src!) || hasClass(el, "mastodon-embed") || hasClass(el, "truthsocial-embed"))) return null;
    const post = emptyPost(p.platform, p.id);
    post.url = p.url;
    return { post, node: climbWrapper(el) };
  }
  return null;
};
