// Shared helpers for the embed detectors: text read from markup (whitespace collapsed, <br> and
// block boundaries read as spaces), URL cleaning, link and mention collection, wrapper climbing.
// Everything here iterates rather than recurses: article DOMs can be hostile and very deep.

import { parseDateText, type Platform } from "../../../core/index.ts";
import type { EmbeddedPost } from "./types.ts";

/** Collapses every run of whitespace to one space and trims. Invisible non-space characters
 * (U+2066/U+2069 isolates, zero-width joiners in emoji) are kept exactly as written. */
export function collapse(s: string | null | undefined): string {
  if (!s) return "";
  return s.replace(/\s+/g, " ").trim();
}

/** A collapsed string, or null when it is empty. */
export function collapseOrNull(s: string | null | undefined): string | null {
  const c = collapse(s);
  return c === "" ? null : c;
}

const SKIP_TAGS = new Set(["SCRIPT", "STYLE", "TEMPLATE", "NOSCRIPT", "SVG", "svg"]);
// Elements whose edges separate words when rendered; textContent would glue "a</p><p>b" into "ab".
const BLOCK_TAGS = new Set([
  "P", "DIV", "LI", "UL", "OL", "SECTION", "ARTICLE", "HEADER", "FOOTER", "BLOCKQUOTE", "FIGURE",
  "FIGCAPTION", "H1", "H2", "H3", "H4", "H5", "H6", "TABLE", "TR", "TD", "TH", "PRE", "TIME",
]);
const MAX_TEXT_NODES = 50_000;

export function tag(el: Element): string {
  return (el.tagName ?? "").toUpperCase();
}

/**
 * The visible text of an element: <br> and block edges become spaces, script/style/template/
 * noscript are ignored, and anything in `exclude` (with its subtree) is left out. Iterative.
 */
export function textOf(root: Element, exclude?: ReadonlySet<Node>): string {
  const out: string[] = [];
  let budget = MAX_TEXT_NODES;
  // Strings on the stack are separators to emit when a block element closes.
  const stack: Array<Node | string> = [root];
  while (stack.length > 0 && budget-- > 0) {
    const node = stack.pop()!;
    if (typeof node === "string") { out.push(node); continue; }
    if (node.nodeType === 3) { out.push(node.nodeValue ?? ""); continue; }
    if (node.nodeType !== 1) continue;
    if (node !== root && exclude?.has(node)) continue;
    const el = node as Element;
    const t = tag(el);
    if (t === "BR") { out.push(" "); continue; }
    if (node !== root && SKIP_TAGS.has(t)) continue;
    const block = BLOCK_TAGS.has(t);
    if (block) stack.push(" ");
    const kids = el.childNodes;
    for (let i = kids.length - 1; i >= 0; i--) stack.push(kids[i]!);
    if (block) out.push(" ");
  }
  return collapse(out.join(""));
}

export function hasClass(el: Element, name: string): boolean {
  const c = el.getAttribute("class");
  // Substring test first: nearly every element fails it, and it is far cheaper than splitting.
  if (!c || !c.includes(name)) return false;
  return c.split(/\s+/).includes(name);
}

export function classMatches(el: Element, re: RegExp): boolean {
  const c = el.getAttribute("class");
  return c ? re.test(c) : false;
}

/** Removes query and fragment, keeping the URL otherwise as written (scheme, host, path). */
export function stripQuery(href: string | null | undefined): string | null {
  if (!href) return null;
  const s = href.trim().replace(/[?#].*$/, "");
  return s === "" ? null : s;
}

/** Hrefs of the anchors inside an element, in order, each once. */
export function linksIn(el: Element | null): string[] {
  if (!el) return [];
  const seen = new Set<string>();
  for (const a of Array.from(el.querySelectorAll("a[href]"))) {
    // @mention and #hashtag anchors are entities of the post (see mentionsIn), not links it shares.
    if (/^\s*[@#＃]/.test(a.textContent ?? "")) continue;
    const h = (a.getAttribute("href") ?? "").trim();
    if (h && !seen.has(h)) seen.add(h);
  }
  return [...seen];
}

/** Anchor hrefs inside an element, then bare http(s) URLs its text carries outside any anchor
 * (some site-native cards print t.co links as plain text). */
export function collectLinks(el: Element | null, text: string | null): string[] {
  const links = linksIn(el);
  const seen = new Set(links);
  for (const m of (text ?? "").matchAll(/https?:\/\/[^\s<>"”’]+[^\s<>"”’.,;:!?)\]]/g)) {
    if (!seen.has(m[0])) { seen.add(m[0]); links.push(m[0]); }
  }
  return links;
}

/** @handles in a text, without "@", each once. Instagram/Threads/TikTok handles may contain dots. */
export function mentionsIn(text: string | null, platform: Platform): string[] {
  if (!text) return [];
  const re = platform === "x"
    ? /(?:^|[^\w@/])@([A-Za-z0-9_]{1,15})(?![\w@])/g
    : platform === "bluesky"
      ? /(?:^|[^\w@/])@([A-Za-z0-9][A-Za-z0-9.-]*[A-Za-z0-9])/g
      : platform === "mastodon" || platform === "truthsocial"
        ? /(?:^|[^\w@/])@([A-Za-z0-9_]+(?:@[A-Za-z0-9.-]+[A-Za-z0-9])?)/g
        : /(?:^|[^\w@/])@([A-Za-z0-9_.]*[A-Za-z0-9_])/g;
  const seen = new Set<string>();
  for (const m of text.matchAll(re)) seen.add(m[1]!);
  return [...seen];
}

/** ISO form of a displayed date; also reads dates behind a weekday ("Monday, 1 June 2020"), which
 * Facebook's fallback markup prints. */
export function shownDateToIso(dateText: string | null): string | null {
  if (!dateText) return null;
  return parseDateText(dateText)
    ?? parseDateText(dateText.replace(/^[A-Za-zÀ-ÿ]{3,12}\.?,\s+/, ""));
}

/** A date as printed: kept only when it reads like one (has a digit), so that link texts such as
 * "View on Twitter" or "Tweet may have been deleted" are never taken for dates. */
export function dateTextOrNull(s: string | null | undefined): string | null {
  const c = collapse(s);
  if (!c || c.length > 60 || !/\d/.test(c)) return null;
  return c;
}

const WRAPPER_HINT = /embed|tweet|twitter|instagram|insta|tiktok|youtube|video|social|iframe|bluesky|bsky|mastodon|truth|facebook|fb-|threads|oembed/i;
const IGNORABLE_TAGS = new Set(["SCRIPT", "NOSCRIPT", "STYLE", "TEMPLATE", "BR"]);

/**
 * Climbs from an embed's element to the wrapper a site put around it (e.g. `div.embed-instagram`,
 * WordPress's `figure.wp-block-embed > div.wp-block-embed__wrapper`), so that removing the
 * returned node removes the whole embed. Climbs only while the parent holds nothing else (other
 * than scripts and whitespace) and names itself an embed by class or id; a <figure> is climbed to
 * whatever its class, and may also hold its <figcaption> (the caption or credit of the embed).
 */
export function climbWrapper(el: Element, maxLevels = 4): Element {
  let cur = el;
  for (let level = 0; level < maxLevels; level++) {
    const parent = cur.parentElement;
    if (!parent) break;
    const t = tag(parent);
    if (t === "BODY" || t === "HTML" || t === "P" || t === "ARTICLE" || t === "MAIN") break;
    const figure = t === "FIGURE";
    if (!figure) {
      const hint = `${parent.getAttribute("class") ?? ""} ${parent.getAttribute("id") ?? ""}`;
      if (!WRAPPER_HINT.test(hint)) break;
    }
    let alone = true;
    for (const n of Array.from(parent.childNodes)) {
      if (n === cur) continue;
      if (n.nodeType === 3 && collapse(n.nodeValue) === "") continue;
      if (n.nodeType === 8) continue;
      if (n.nodeType === 1) {
        const nt = tag(n as Element);
        if (IGNORABLE_TAGS.has(nt) || (figure && nt === "FIGCAPTION")) continue;
      }
      alone = false;
      break;
    }
    if (!alone) break;
    cur = parent;
  }
  return cur;
}

/** Frame elements: <iframe> and AMP's <amp-iframe>, which carry their URL the same way. */
export function isFrame(t: string): boolean {
  return t === "IFRAME" || t === "AMP-IFRAME";
}

const SRC_ATTRS = ["src", "data-src", "data-lazy-src", "data-original", "data-url"];

/** The src of an iframe, including the lazy-loading variants sites use before it is shown. An
 * absolute URL wins over a placeholder (about:blank, data:, a relative blank page) in `src`. */
export function frameSrc(el: Element): string | null {
  let fallback: string | null = null;
  for (const a of SRC_ATTRS) {
    const v = el.getAttribute(a)?.trim();
    if (!v || v.startsWith("about:") || v.startsWith("data:")) continue;
    if (/^(?:https?:)?\/\//i.test(v)) return v;
    fallback ??= v;
  }
  return fallback;
}

/** The platform's language tag on the text paragraph ("und" means the platform could not tell). */
export function langOf(p: Element | null | undefined): string | null {
  const lang = p?.getAttribute("lang")?.trim();
  return lang && lang !== "und" ? lang : null;
}

export function emptyPost(platform: EmbeddedPost["platform"], id: string): EmbeddedPost {
  return {
    platform, id, url: null, author: { name: null, handle: null },
    createdAt: null, dateText: null, text: null, links: [], mentions: [],
  };
}

/** Finds the handle shown in an attribution such as "— Name (@handle)" and the name before it. */
export function parseAttribution(s: string, handleRe = "[A-Za-z0-9_]{1,15}"): { name: string | null; handle: string } | null {
  const re = new RegExp(String.raw`\(\s*@(${handleRe})\s*\)`, "g");
  let last: RegExpExecArray | null = null;
  for (const m of s.matchAll(re)) last = m as RegExpExecArray;
  if (!last) return null;
  let before = s.slice(0, last.index);
  // Names may contain hyphens ("ABC 7 News - WJLA"), so only em/en dashes separate them.
  const dash = Math.max(before.lastIndexOf("\u2014"), before.lastIndexOf("\u2013"));
  if (dash >= 0) before = before.slice(dash + 1);
  const name = collapse(before.replace(/^\s*-\s+/, ""));
  return { name: name || null, handle: last[1]! };
}
