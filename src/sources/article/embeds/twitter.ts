// X/Twitter embeds: the classic blockquote (text <p>, "— Name (@handle)", status link whose text is
// the date), rendered widget iframes (only the id survives), BuzzFeed's native tweet card, and
// in-house tweet iframes whose fallback reads "Twitter: NAME - TEXT".

import { contentId } from "../../../core/index.ts";
import type { Detector, EmbeddedPost } from "./types.ts";
import {
  classMatches, climbWrapper, collectLinks, collapse, collapseOrNull, dateTextOrNull, emptyPost, frameSrc, isFrame, langOf,
  hasClass, linksIn, mentionsIn, parseAttribution, tag, shownDateToIso, textOf,
} from "./text.ts";

const STATUS_RE = /^((?:https?:)?\/\/(?:www\.|mobile\.)?(?:twitter\.com|x\.com)\/(?:#!\/)?([A-Za-z0-9_]{1,15}|i\/web|i)\/status(?:es)?\/(\d{1,20}))(?:[/?#]|$)/i;

export function parseStatusUrl(href: string | null | undefined): { url: string; user: string; id: string } | null {
  if (!href) return null;
  const m = STATUS_RE.exec(href.trim());
  return m ? { url: m[1]!, user: m[2]!, id: m[3]! } : null;
}

function statusAnchors(el: Element): Element[] {
  return Array.from(el.querySelectorAll("a[href]")).filter((a) => parseStatusUrl(a.getAttribute("href")) !== null);
}

/** Classic blockquote: `<p>TEXT</p> — Name (@handle) <a href=".../status/ID">DATE</a>`. */
export function fromBlockquote(bq: Element): EmbeddedPost | null {
  const anchors = statusAnchors(bq);
  if (anchors.length === 0) return null;
  // Text paragraphs: every <p> but the attribution one. CMSs (wpautop) sometimes split a tweet's
  // text into several <p>s, so all of them are read, in order.
  const textPs: Element[] = [];
  for (const p of Array.from(bq.querySelectorAll("p"))) {
    const t = textOf(p);
    if (!t) continue;
    if (/^[\u2014\u2013]/.test(t)) continue; // "— Name (@handle) date" attribution paragraph
    if (anchors.some((a) => p.contains(a)) && /\(@[A-Za-z0-9_]{1,15}\)/.test(t)) continue;
    if (textPs.some((q) => q.contains(p))) continue;
    textPs.push(p);
  }
  const inText = (a: Element) => textPs.some((p) => p.contains(a));
  // The status link that dates the tweet sits outside the text (a status link inside the text is a
  // quoted or linked tweet); the first such link is the embed's own (later ones can only come from
  // markup that failed to close).
  const link = anchors.find((a) => !inText(a)) ?? anchors[anchors.length - 1]!;
  const status = parseStatusUrl(link.getAttribute("href"))!;

  const exclude = new Set<Node>([link, ...textPs]);
  const rest = textOf(bq, exclude);
  const attribution = parseAttribution(rest);

  let text: string | null = textPs.length ? collapseOrNull(textPs.map((p) => textOf(p)).join(" ")) : null;
  if (!textPs.length && attribution) {
    // Layouts without a <p>: the text is what precedes the "— Name (@handle)" attribution.
    const dash = Math.max(rest.lastIndexOf("\u2014"), rest.lastIndexOf("\u2013"));
    text = dash > 0 ? collapseOrNull(rest.slice(0, dash)) : null;
  }
  const dateText = dateTextOrNull(link.textContent);
  return {
    platform: "x",
    id: status.id,
    url: status.url,
    author: { name: attribution?.name ?? null, handle: attribution?.handle ?? null },
    createdAt: shownDateToIso(dateText),
    dateText,
    text,
    links: [...new Set(textPs.flatMap((p) => linksIn(p)))],
    mentions: mentionsIn(text, "x"),
    lang: langOf(textPs[0]),
  };
}

/** BuzzFeed's own tweet card: `blockquote.subbuzz-tweet__container` with classed parts. */
function fromSubbuzz(bq: Element): EmbeddedPost | null {
  const q = (sel: string) => bq.querySelector(sel);
  const created = q(".subbuzz-tweet__created-at");
  const status = parseStatusUrl(created?.getAttribute("href")) ?? statusAnchors(bq).map((a) => parseStatusUrl(a.getAttribute("href"))!)[0] ?? null;
  if (!status) return null;
  const textEl = q(".subbuzz-tweet__text");
  const text = textEl ? collapseOrNull(textOf(textEl)) : null;
  const user = collapse(q(".subbuzz-tweet__username")?.textContent).replace(/^@/, "");
  const dateText = dateTextOrNull(created?.textContent);
  return {
    platform: "x",
    id: status.id,
    url: status.url,
    author: { name: collapseOrNull(q(".subbuzz-tweet__display-name")?.textContent), handle: user || null },
    createdAt: shownDateToIso(dateText),
    dateText,
    text,
    links: collectLinks(textEl, text),
    mentions: mentionsIn(text, "x"),
  };
}

function tweetIdFromFrame(el: Element): string | null {
  const direct = el.getAttribute("data-tweet-id")?.trim();
  if (direct && /^\d{1,20}$/.test(direct)) return direct;
  const src = frameSrc(el);
  if (src && /platform\.twitter\.com\/embed\/(?:Tweet|index)\.html/i.test(src)) {
    const m = /[?&#]id=(\d{1,20})(?:&|$)/.exec(src.replace(/&amp;/g, "&"));
    if (m) return m[1]!;
  }
  return null;
}

/** Rendered widget: the iframe keeps only the id (its creatorScreenName is the site's account). */
function fromRendered(container: Element): EmbeddedPost | null {
  const frames = isFrame(tag(container)) ? [container] : Array.from(container.querySelectorAll("iframe"));
  const candidates = [container, ...frames];
  for (const c of candidates) {
    const id = tweetIdFromFrame(c);
    if (id) return emptyPost("x", id);
  }
  return null;
}

/** In-house tweet iframe whose fallback content is "Twitter: NAME - TEXT". The fallback markup
 * (<noframes>/<noframe> or plain text inside the iframe) is the only carrier of the post, which is
 * why it is read here although fallbacks are otherwise ignored. */
function fromFallbackFrame(frame: Element): EmbeddedPost | null {
  const fallback = collapse(frame.textContent);
  const m = /^Twitter:\s*(.+?)\s+[-\u2013\u2014]\s+(.+)$/s.exec(fallback);
  if (!m) return null;
  const name = collapse(m[1]);
  const text = collapse(m[2]);
  const status = [frameSrc(frame), ...linksIn(frame)].map(parseStatusUrl).find((s) => s) ?? null;
  return {
    platform: "x",
    id: status?.id ?? contentId("x", null, null, text),
    url: status?.url ?? null,
    author: { name: name || null, handle: null },
    createdAt: null,
    dateText: null,
    text: text || null,
    links: collectLinks(frame, text),
    mentions: mentionsIn(text, "x"),
  };
}

export const detectTwitter: Detector = (el) => {
  const t = tag(el);
  if (hasClass(el, "subbuzz-tweet") && t !== "BLOCKQUOTE") {
    // BuzzFeed's module wrapper holds either its native card or a rendered widget.
    const card = el.querySelector("blockquote.subbuzz-tweet__container");
    const post = (card && fromSubbuzz(card)) ?? fromRenderedOrBlockquote(el);
    return post ? { post, node: el } : null;
  }
  if (t === "BLOCKQUOTE") {
    if (hasClass(el, "subbuzz-tweet__container")) {
      const post = fromSubbuzz(el);
      return post ? { post, node: el } : null;
    }
    const classed = classMatches(el, /(?:^|\s)twitter-(?:tweet|video)(?:\s|$)/);
    if (!classed && !looksLikeTweetQuote(el)) return null;
    const post = fromBlockquote(el) ?? (classed ? fromRendered(el) : null);
    return post ? { post, node: el } : null;
  }
  if (hasClass(el, "twitter-tweet-rendered") || (classMatches(el, /(?:^|\s)twitter-(?:tweet|video)(?:\s|$)/) && el.querySelector("iframe"))) {
    const post = fromRenderedOrBlockquote(el);
    return post ? { post, node: climbWrapper(el) } : null;
  }
  if (isFrame(t)) {
    const post = fromRendered(el) ?? fromFallbackFrame(el);
    return post ? { post, node: climbWrapper(el) } : null;
  }
  const tweetUrl = el.getAttribute("data-tweet-url");
  if (tweetUrl) {
    // A site's container naming its tweet by URL; an inner blockquote, if any, shows the rest.
    const status = parseStatusUrl(tweetUrl);
    if (!status) return null;
    const inner = el.querySelector("blockquote");
    const shown = inner ? fromBlockquote(inner) : null;
    const post = shown && shown.id === status.id ? shown : emptyPost("x", status.id);
    post.url ??= status.url;
    return { post, node: el };
  }
  if (el.hasAttribute("data-tweet-id") && /^\d{1,20}$/.test(el.getAttribute("data-tweet-id")!.trim())) {
    const inner = el.querySelector("blockquote");
    const post = (inner && fromBlockquote(inner)) ?? emptyPost("x", el.getAttribute("data-tweet-id")!.trim());
    return { post, node: el };
  }
  return null;
};

function fromRenderedOrBlockquote(el: Element): EmbeddedPost | null {
  const bq = el.querySelector("blockquote");
  return (bq && fromBlockquote(bq)) ?? fromRendered(el);
}

/** An unclassed blockquote is a tweet when it links a status and shows "(@handle)". */
function looksLikeTweetQuote(bq: Element): boolean {
  if (statusAnchors(bq).length === 0) return false;
  return /\(\s*@[A-Za-z0-9_]{1,15}\s*\)/.test(textOf(bq));
}
