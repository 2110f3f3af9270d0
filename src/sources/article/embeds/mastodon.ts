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

/**
 * A post URL's id in the scheme voxpop's Mastodon collector stores: a local account's status is
 * its ActivityPub URI (https://host/users/NAME/statuses/ID, the same on every instance); a remote
 * account's copy (/@name@other/ID) has only this instance's local id: mastodon-local:host/ID.
 */
export function parseMastodonUrl(href: string | null | undefined): { url: string; host: string; id: string; platform: Platform } | null {
  if (!href) return null;
  const m = POST_RE.exec(href.trim());
  if (!m) return null;
  const [, url, host, user, local] = m as unknown as [string, string, string, string, string];
  const id = user.includes("@") ? `mastodon-local:${host.toLowerCase()}/${local}` : `https://${host.toLowerCase()}/users/${user}/statuses/${local}`;
  return { url: url.startsWith("//") ? `https:${url}` : url, host, id, platform: platformOf(host) };
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
