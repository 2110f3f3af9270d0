// AMP components (amp.dev): <amp-twitter data-tweetid>, <amp-instagram data-shortcode>,
// <amp-youtube data-videoid>, <amp-facebook data-href>, <amp-tiktok data-src>. Each may hold the
// platform's own embed markup as its placeholder (e.g. `<blockquote placeholder
// class="twitter-tweet">`): what that shows is read; otherwise only the id (and the URL, where
// the component writes one) is known. <amp-iframe> is read as an iframe by the platform detectors.

import type { Detector, EmbeddedPost } from "./types.ts";
import { climbWrapper, emptyPost, stripQuery, tag } from "./text.ts";
import { fromBlockquote } from "./twitter.ts";
import { fromInstagramBlockquote } from "./instagram.ts";
import { fromTiktok, parseTiktokUrl } from "./video.ts";
import { facebookPost } from "./facebook.ts";

function attr(el: Element, name: string): string | null {
  const v = el.getAttribute(name)?.trim();
  return v ? v : null;
}

function twitter(el: Element): EmbeddedPost | null {
  const id = attr(el, "data-tweetid");
  if (!id || !/^\d{1,20}$/.test(id)) return null;
  const bq = el.querySelector("blockquote");
  const shown = bq ? fromBlockquote(bq) : null;
  return shown && shown.id === id ? shown : emptyPost("x", id);
}

function instagram(el: Element): EmbeddedPost | null {
  const code = attr(el, "data-shortcode");
  if (!code || !/^[A-Za-z0-9_-]{5,64}$/.test(code)) return null;
  const bq = el.querySelector("blockquote");
  const shown = bq ? fromInstagramBlockquote(bq) : null;
  // The component writes only the shortcode, no URL: the URL stays unknown unless a placeholder shows it.
  return shown && shown.id === code ? shown : emptyPost("instagram", code);
}

function youtube(el: Element): EmbeddedPost | null {
  const id = attr(el, "data-videoid");
  return id && /^[A-Za-z0-9_-]{6,20}$/.test(id) ? emptyPost("youtube", id) : null;
}

function facebook(el: Element): EmbeddedPost | null {
  const href = attr(el, "data-href");
  if (!href || !/facebook\.com\//i.test(href)) return null;
  return facebookPost(href, el.querySelector("blockquote"));
}

function tiktok(el: Element): EmbeddedPost | null {
  const src = attr(el, "data-src");
  const bq = el.querySelector("blockquote");
  const shown = bq ? fromTiktok(bq) : null;
  // data-src is the video URL or the bare video id.
  const parsed = src && /^\d{5,25}$/.test(src) ? { url: null, id: src } : parseTiktokUrl(src);
  if (!parsed) return shown;
  if (shown && shown.id === parsed.id) {
    shown.url ??= parsed.url;
    return shown;
  }
  const post = emptyPost("tiktok", parsed.id);
  post.url = parsed.url ? stripQuery(parsed.url) : null;
  return post;
}

const READERS: Record<string, (el: Element) => EmbeddedPost | null> = {
  "AMP-TWITTER": twitter,
  "AMP-INSTAGRAM": instagram,
  "AMP-YOUTUBE": youtube,
  "AMP-FACEBOOK": facebook,
  "AMP-TIKTOK": tiktok,
};

export const detectAmp: Detector = (el) => {
  const t = tag(el);
  if (!t.startsWith("AMP-")) return null;
  const read = READERS[t];
  const post = read ? read(el) : null;
  return post ? { post, node: climbWrapper(el) } : null;
};
