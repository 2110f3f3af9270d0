// Facebook: the SDK placeholder `div.fb-post` / `div.fb-video` (data-href, optional fallback
// blockquote "TEXT — Posted by <a>Name</a> on <a>date</a>") and plugin iframes
// facebook.com/plugins/post.php?href=ENCODED (video.php for videos).

import { contentId } from "../../../core/index.ts";
import type { Detector, EmbeddedPost } from "./types.ts";
import { climbWrapper, collapseOrNull, dateTextOrNull, emptyPost, frameSrc, isFrame, hasClass, linksIn, mentionsIn, stripQuery, shownDateToIso, tag, textOf } from "./text.ts";

function decodeAmp(s: string): string {
  return s.replace(/&amp;/g, "&");
}

/** The post id in a Facebook URL: story_fbid / fbid / v query values, or the number after
 * /posts/, /videos/, /photos/…/, /permalink/, or a pfbid token. */
export function facebookId(href: string): string | null {
  const s = decodeAmp(href);
  const q = /[?&](?:story_fbid|fbid|v)=([A-Za-z0-9]+)/.exec(s);
  if (q) return q[1]!;
  const p = /\/(?:posts|videos|permalink|reel)\/(?:[^/?#]+\/)?((?:pfbid)?[A-Za-z0-9]+)\/?(?:[?#]|$)/.exec(s);
  if (p) return p[1]!;
  const ph = /\/photos\/[^?#]*?\/(\d{5,})\/?(?:[?#]|$)/.exec(s);
  return ph ? ph[1]! : null;
}

/** A Facebook post from its URL and, when the markup has one, the SDK's fallback blockquote. */
export function facebookPost(href: string, fallback: Element | null): EmbeddedPost {
  let text: string | null = null;
  let name: string | null = null;
  let dateText: string | null = null;
  let links: string[] = [];
  if (fallback) {
    const p = fallback.querySelector("p");
    text = p ? collapseOrNull(textOf(p)) : null;
    links = p ? linksIn(p) : [];
    const outside = Array.from(fallback.querySelectorAll("a[href]")).filter((a) => !p || !p.contains(a));
    // "Posted by <a>Name</a> on <a>Date</a>": the last outside link is the date, the one before the author.
    if (outside.length >= 2) {
      name = collapseOrNull(outside[outside.length - 2]!.textContent);
      dateText = dateTextOrNull(outside[outside.length - 1]!.textContent);
    } else if (outside.length === 1) {
      dateText = dateTextOrNull(outside[0]!.textContent);
      if (!dateText) name = collapseOrNull(outside[0]!.textContent);
    }
  }
  const id = facebookId(href) ?? contentId("facebook", null, dateText, text ?? stripQuery(href));
  const post = emptyPost("facebook", id);
  post.url = stripQuery(decodeAmp(href));
  post.author.name = name;
  post.text = text;
  post.dateText = dateText;
  post.createdAt = shownDateToIso(dateText);
  post.links = links;
  post.mentions = mentionsIn(text, "facebook");
  return post;
}

export const detectFacebook: Detector = (el) => {
  const t = tag(el);
  if ((hasClass(el, "fb-post") || hasClass(el, "fb-video")) && !isFrame(t)) {
    const href = el.getAttribute("data-href")?.trim();
    if (!href || !/facebook\.com\//i.test(href)) return null;
    return { post: facebookPost(href, el.querySelector("blockquote")), node: el };
  }
  if (isFrame(t)) {
    const src = frameSrc(el);
    if (!src || !/facebook\.com\/plugins\/(?:post|video)\.php/i.test(src)) return null;
    const m = /[?&]href=([^&]+)/.exec(decodeAmp(src));
    if (!m) return null;
    let href: string;
    try { href = decodeURIComponent(m[1]!); } catch { return null; }
    if (!/facebook\.com\//i.test(href)) return null;
    return { post: facebookPost(href, null), node: climbWrapper(el) };
  }
  return null;
};

