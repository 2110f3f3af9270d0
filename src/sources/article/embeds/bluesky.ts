// Bluesky: `blockquote.bluesky-embed` (data-bluesky-uri at://DID/app.bsky.feed.post/RKEY, inner
// <p> text, then "— Name (@handle) <a>date</a>"), iframes from embed.bsky.app, and any element
// carrying data-bluesky-uri. The post id is its at:// URI, as voxpop's Bluesky collectors store
// it: with the DID when the markup names it (data-bluesky-uri, embed frames), else with the
// handle the URL shows (a valid at:// form; the same post collected later carries the DID, and
// the duplicate detector joins the two by text).


import type { Detector, EmbeddedPost } from "./types.ts";
import {
  climbWrapper, collapse, collapseOrNull, dateTextOrNull, emptyPost, frameSrc, isFrame, langOf, hasClass, linksIn, mentionsIn,
  parseAttribution, stripQuery, tag, shownDateToIso, textOf,
} from "./text.ts";

const AT_URI = /^at:\/\/([^/\s]+)\/app\.bsky\.feed\.post\/([A-Za-z0-9._:~-]+)/;
const WEB_URL = /^((?:https?:)?\/\/(?:www\.)?bsky\.app\/profile\/([^/\s?#]+)\/post\/([A-Za-z0-9._:~-]+))/i;
const EMBED_URL = /^(?:https?:)?\/\/embed\.bsky\.app\/embed\/([^/\s?#]+)\/app\.bsky\.feed\.post\/([A-Za-z0-9._:~-]+)/i;
const HANDLE = "[A-Za-z0-9][A-Za-z0-9.-]*[A-Za-z0-9]";

export function atUri(authority: string, rkey: string): string {
  return `at://${authority}/app.bsky.feed.post/${rkey}`;
}

/** A Bluesky post URL (bsky.app web URL or embed.bsky.app frame URL): its at:// id and web URL. */
export function parseBlueskyUrl(href: string | null | undefined): { url: string; id: string } | null {
  if (!href) return null;
  const s = href.trim();
  const w = WEB_URL.exec(s);
  if (w) return { url: w[1]!, id: atUri(w[2]!, w[3]!) };
  const e = EMBED_URL.exec(s);
  return e ? { url: `https://bsky.app/profile/${e[1]}/post/${e[2]}`, id: atUri(e[1]!, e[2]!) } : null;
}

function fromBlockquote(el: Element): EmbeddedPost | null {
  const at = AT_URI.exec(el.getAttribute("data-bluesky-uri")?.trim() ?? "");
  const anchors = Array.from(el.querySelectorAll("a[href]"));
  const postLinks = anchors.filter((a) => WEB_URL.test((a.getAttribute("href") ?? "").trim()));
  const rkey = at?.[2] ?? (postLinks[0] ? WEB_URL.exec(postLinks[0].getAttribute("href")!.trim())![3]! : null);
  if (!rkey) return null;
  const sameRkey = postLinks.filter((a) => WEB_URL.exec(a.getAttribute("href")!.trim())![3] === rkey);
  const textP = el.querySelector("p");
  const dateLink = sameRkey.filter((a) => !textP || !textP.contains(a)).pop() ?? null;
  // The "[image or embed]" link Bluesky appends to posts with media is a placeholder, not text.
  const placeholders = new Set<Node>(sameRkey.filter((a) => textP?.contains(a) && /^\[.*\]$/.test(collapse(a.textContent))));
  const text = textP ? collapseOrNull(textOf(textP, placeholders)) : null;
  const exclude = new Set<Node>(textP ? [textP] : []);
  if (dateLink) exclude.add(dateLink);
  const attribution = parseAttribution(textOf(el, exclude), HANDLE);
  const dateText = dateTextOrNull(dateLink?.textContent);
  const web = dateLink ? WEB_URL.exec(dateLink.getAttribute("href")!.trim()) : null;
  const url = web ? web[1]! : `https://bsky.app/profile/${attribution?.handle ?? at?.[1]}/post/${rkey}`;
  const authority = at?.[1] ?? web?.[2] ?? (postLinks[0] ? WEB_URL.exec(postLinks[0].getAttribute("href")!.trim())![2]! : null) ?? attribution?.handle ?? null;
  return {
    platform: "bluesky",
    id: authority ? atUri(authority, rkey) : rkey,
    url: attribution?.handle || at || web ? stripQuery(url) : null,
    author: { name: attribution?.name ?? null, handle: attribution?.handle ?? null },
    createdAt: shownDateToIso(dateText),
    dateText,
    text,
    links: textP ? linksIn(textP).filter((h) => !sameRkey.some((a) => a.getAttribute("href") === h)) : [],
    mentions: mentionsIn(text, "bluesky"),
    lang: langOf(textP),
  };
}

export const detectBluesky: Detector = (el) => {
  const t = tag(el);
  if (el.hasAttribute("data-bluesky-uri") || (t === "BLOCKQUOTE" && hasClass(el, "bluesky-embed"))) {
    const post = fromBlockquote(el);
    return post ? { post, node: el } : null;
  }
  if (isFrame(t)) {
    const m = EMBED_URL.exec(frameSrc(el) ?? "");
    if (!m) return null;
    const post = emptyPost("bluesky", atUri(m[1]!, m[2]!));
    post.url = `https://bsky.app/profile/${m[1]}/post/${m[2]}`;
    return { post, node: climbWrapper(el) };
  }
  return null;
};
