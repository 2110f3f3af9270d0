// Carriers that hold a post only as a URL: proxy frames (Embedly's media.html, Iframely,
// Twitframe: `?url=ENCODED`), and WordPress embed blocks whose oEmbed was never resolved, which
// then hold the bare post URL (`figure.wp-block-embed > div.wp-block-embed__wrapper > URL`).
// Runs after the platform detectors, so a frame they know (Facebook's plugin, Twitter's widget)
// is theirs.

import type { Detector } from "./types.ts";
import { classMatches, climbWrapper, collapse, frameSrc, isFrame, tag } from "./text.ts";
import { postFromUrl, wrappedUrls } from "./urls.ts";

const WP_EMBED = /(?:^|\s)wp-block-embed(?:__wrapper)?(?:\s|$)/;

export const detectWrapped: Detector = (el) => {
  const t = tag(el);
  if (isFrame(t)) {
    const src = frameSrc(el);
    if (!src || !/[?&](?:amp;)?(?:url|src|href)=/.test(src)) return null;
    for (const u of wrappedUrls(src)) {
      const post = postFromUrl(u);
      if (post) return { post, node: climbWrapper(el) };
    }
    return null;
  }
  if (classMatches(el, WP_EMBED)) {
    // Unresolved block: no markup but (at most) one link, and the text is one URL.
    const kids = el.children;
    if (kids.length > 1 || (kids.length === 1 && tag(kids[0]!) !== "A")) return null;
    const text = collapse(el.textContent);
    if (!text || /\s/.test(text)) return null;
    const post = postFromUrl(kids.length === 1 ? kids[0]!.getAttribute("href") ?? text : text, true);
    return post ? { post, node: climbWrapper(el) } : null;
  }
  return null;
};
