// The HTML reader the rest of voxpop calls: one parse of a news page, then the embedded posts
// (embeds/) and the article's main text and metadata (body.ts), composed into an Extraction.
//
// Parsing is hardened for hostile input: linkedom builds whatever tree the markup implies (no
// <html>/<body> at all, content after </body>, 100,000 nested tags), so the tree is normalised to
// html > head + body and capped in depth before anything recursive (Readability) walks it. Markup
// that can never be article text nor an embed (inline script code, CSS, comments, SVG drawings)
// is dropped before parsing: it is most of the bytes of a modern news page and most of the time
// Readability spends on a linkedom DOM.

import { parseHTML } from "linkedom";
import type { Extraction, ExtractedPost } from "../../core/types.ts";
import { detectEmbeds } from "./embeds/index.ts";
import type { DetectedEmbed } from "./embeds/index.ts";
import { extractBody } from "./body.ts";
import type { BodyResult } from "./body.ts";

/** Deeper elements are flattened to their text; real pages stay far below this. */
const MAX_DEPTH = 160;

// Whitespace-only text next to one of these block-level tags is never rendered (it collapses at
// the block boundary) and is most of a page's text nodes, each of which costs linkedom a full
// Node. Inline and invisible tags (script, svg, iframe...) are not listed: "a</b> <script/> <b>b"
// still needs one of its spaces. In the <head> no whitespace matters.
const BLOCKISH = new Set([
  "html", "head", "body", "div", "p", "ul", "ol", "li", "dl", "dt", "dd", "table", "thead", "tbody",
  "tfoot", "tr", "td", "th", "caption", "colgroup", "col", "section", "article", "aside", "header",
  "footer", "nav", "main", "figure", "figcaption", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote",
  "form", "fieldset", "legend", "hr", "br", "option", "optgroup", "select", "address", "details",
  "summary", "dialog", "menu", "hgroup", "pre", "listing",
]);
// Void elements and those the parser closes implicitly (<p><p>, <li><li>) do not deepen the tree,
// so they are not counted towards MAX_TAG_NESTING.
const VOID_OR_AUTO_CLOSED = new Set([
  "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
  "track", "wbr", "p", "li", "dt", "dd", "tr", "td", "th", "tbody", "thead", "tfoot", "option",
  "optgroup", "rb", "rt", "rp", "html", "head", "body",
]);
/** Opening tags nested deeper than this in the source are dropped (their text stays). */
const MAX_TAG_NESTING = 1000;

// Elements whose content the HTML parser reads as raw text: skipped whole, never scanned for tags.
const RAW_TEXT = new Set(["script", "style", "title", "textarea", "xmp"]);

/**
 * Removes what can never be article text or an embed, in one linear scan: comments, scripts
 * (except JSON-LD, which carries the article's metadata), CSS, SVG/MathML drawings
 * (the opening tag stays) and whitespace-only text beside block-level tags. <noscript> and
 * <template> are kept: embeds live there. Attributes are kept as they are (embeds live in them).
 */
export function pruneHtml(html: string): string {
  const out: string[] = [];
  // Tag names are found by a regex, tag ends by tagEnd's plain loop: a regex over whole tags
  // overflows V8's backtracking stack on a multi-megabyte attribute list.
  const tagRe = /<(?:!--|(\/?)([a-zA-Z][a-zA-Z0-9:-]*))/g;
  let last = 0; // end of the previous token copied or skipped
  let prevBlockish = true;
  let inHead = false;
  let pre = 0;
  let depth = 0; // open elements that nest (approximate: the parser closes some implicitly)
  let excess = 0; // opening tags dropped past MAX_TAG_NESTING and not yet closed
  let m: RegExpExecArray | null;
  while ((m = tagRe.exec(html)) !== null) {
    const text = html.slice(last, m.index);
    if (m[0] === "<!--") {
      if (pre > 0 || !(prevBlockish || inHead) || /\S/.test(text)) out.push(text);
      const end = html.indexOf("-->", m.index + 4);
      last = end < 0 ? html.length : end + 3;
      tagRe.lastIndex = last;
      continue;
    }
    const end = tagEnd(html, tagRe.lastIndex);
    if (end < 0) continue; // not a tag after all: left in the text for the parser to judge
    tagRe.lastIndex = end;
    const full = html.slice(m.index, end);
    const attrs = html.slice(m.index + m[0].length, end - 1);
    const closing = m[1] === "/";
    const tag = m[2]!.toLowerCase();
    const blockish = BLOCKISH.has(tag);
    if (pre > 0 || !(prevBlockish || blockish || inHead) || /\S/.test(text)) out.push(text);
    if (tag === "head") inHead = !closing;
    else if (tag === "body") inHead = false;
    if (tag === "pre" || tag === "listing") pre = Math.max(0, pre + (closing ? -1 : 1));
    prevBlockish = blockish;
    const contentStart = end;
    const nests = !VOID_OR_AUTO_CLOSED.has(tag);
    if (closing) {
      if (excess > 0) {
        if (nests) excess--;
      } else {
        if (nests) depth = Math.max(0, depth - 1);
        out.push(full);
      }
      last = contentStart;
      continue;
    }
    if (excess > 0 || (nests && depth >= MAX_TAG_NESTING)) {
      // Past any sane nesting: keep the text, drop the markup (and its closing tag) so the parser
      // is not asked to build, nor anything to walk, a tree tens of thousands of levels deep.
      if (nests && !/\/\s*$/.test(attrs)) excess++;
      last = contentStart;
      continue;
    }
    if (/\/\s*$/.test(attrs)) {
      out.push(full);
      last = contentStart;
      continue;
    }
    if (RAW_TEXT.has(tag)) {
      const close = new RegExp(`</${tag}\\s*>`, "gi");
      close.lastIndex = contentStart;
      const c = close.exec(html);
      const end = c ? c.index + c[0].length : html.length;
      if (tag === "script" && !/type\s*=\s*["']?application\/ld\+json/i.test(attrs)) {
        // dropped whole: neither text nor an embed (embeds are recognised by their markup)
      } else if (tag !== "style") {
        out.push(html.slice(m.index, end));
      }
      last = end;
      tagRe.lastIndex = end;
      continue;
    }
    if (tag === "svg" || tag === "math") {
      const end = findForeignEnd(html, tag, contentStart);
      out.push(`<${tag}${attrs}></${tag}>`);
      last = end;
      tagRe.lastIndex = end;
      continue;
    }
    if (nests) depth++;
    out.push(full);
    last = contentStart;
  }
  out.push(html.slice(last));
  return out.join("");
}

function findForeignEnd(html: string, tag: string, from: number): number {
  const re = new RegExp(`<(/?)${tag}(?![a-zA-Z0-9:-])`, "gi");
  re.lastIndex = from;
  let depth = 1;
  let m: RegExpExecArray | null;
  while ((m = re.exec(html)) !== null) {
    const end = tagEnd(html, re.lastIndex);
    if (end < 0) continue;
    re.lastIndex = end;
    if (m[1]) depth--;
    else if (html.charCodeAt(end - 2) !== 47 /* "/" */) depth++;
    if (depth === 0) return end;
  }
  return html.length;
}

/**
 * Index just past the ">" that ends a tag whose name ends at `i`, honouring quoted attribute
 * values; -1 when an unquoted "<" or the end of input comes first (then it was not a tag).
 */
function tagEnd(html: string, i: number): number {
  const n = html.length;
  while (i < n) {
    const c = html.charCodeAt(i);
    if (c === 62 /* > */) return i + 1;
    if (c === 60 /* < */) return -1;
    i++;
    if (c === 61 /* = */) {
      while (i < n && (html.charCodeAt(i) === 32 || html.charCodeAt(i) === 9 || html.charCodeAt(i) === 10 || html.charCodeAt(i) === 13)) i++;
      const q = html.charCodeAt(i);
      if (q === 34 || q === 39) {
        const close = html.indexOf(q === 34 ? '"' : "'", i + 1);
        if (close < 0) return -1;
        i = close + 1;
      }
    }
  }
  return -1;
}

const HEAD_TAGS = new Set(["title", "meta", "link", "base", "style", "script", "noscript"]);

/**
 * Parses HTML into a linkedom Document with exactly html > head, body, and no element deeper than
 * MAX_DEPTH. Never throws on any string input.
 */
export function parseHtmlDocument(html: string): Document {
  const input = String(html ?? "").replace(/\u0000/g, "\uFFFD"); // NUL is never text
  let source = input;
  try {
    source = pruneHtml(input);
  } catch {
    // pruning is an optimisation: the raw markup still parses
  }
  let doc: Document;
  try {
    doc = parseHTML(source).document as unknown as Document;
  } catch {
    doc = parseHTML("<!doctype html><html><head></head><body></body></html>").document as unknown as Document;
  }
  normaliseStructure(doc);
  capDepth(doc.body, MAX_DEPTH);
  return doc;
}

function normaliseStructure(doc: Document): void {
  let root = doc.documentElement as Element | null;
  if (!root || root.localName !== "html") {
    const html = doc.createElement("html");
    for (const n of Array.from(doc.childNodes)) {
      if (n.nodeType === 10 /* doctype */) continue;
      html.appendChild(n);
    }
    doc.appendChild(html);
    root = html;
  }
  const kids = Array.from(root.childNodes);
  let head = kids.find((n): n is Element => n.nodeType === 1 && (n as Element).localName === "head") ?? null;
  const bodies = kids.filter((n): n is Element => n.nodeType === 1 && (n as Element).localName === "body");
  head ??= doc.createElement("head");
  const body = bodies[0] ?? doc.createElement("body");
  const beforeBody: Node[] = [];
  const afterBody: Node[] = [];
  let seenBody = false;
  for (const n of kids) {
    if (n === head) continue;
    if (n === body) { seenBody = true; continue; }
    if (bodies.includes(n as Element)) {
      afterBody.push(...Array.from(n.childNodes));
      n.parentNode?.removeChild(n);
      continue;
    }
    if (!seenBody && n.nodeType === 1 && HEAD_TAGS.has((n as Element).localName)) {
      head.appendChild(n);
    } else if (seenBody) {
      afterBody.push(n);
    } else {
      beforeBody.push(n);
    }
  }
  root.insertBefore(head, root.firstChild);
  if (head.nextSibling !== body) root.insertBefore(body, head.nextSibling);
  const first = body.firstChild;
  for (const n of beforeBody) body.insertBefore(n, first);
  for (const n of afterBody) body.appendChild(n);
  // Anything else left in <html> after the body (whitespace) goes away so body follows head.
  for (const n of Array.from(root.childNodes)) if (n !== head && n !== body) root.removeChild(n);
}

/** Replaces the content of every element at `max` depth that has child elements by its text. */
function capDepth(root: Element, max: number): void {
  const stack: Array<[Element, number]> = [[root, 0]];
  while (stack.length) {
    const [el, depth] = stack.pop()!;
    if (depth >= max) {
      if (el.firstElementChild) el.textContent = el.textContent;
      continue;
    }
    for (let c = el.firstElementChild; c; c = c.nextElementSibling) stack.push([c, depth + 1]);
  }
}

function canonicalUrl(doc: Document): string | null {
  const link = doc.querySelector('link[rel~="canonical"][href]')?.getAttribute("href")?.trim();
  if (link && /^https?:\/\//i.test(link)) return link;
  const og = doc.querySelector('meta[property="og:url"][content]')?.getAttribute("content")?.trim();
  if (og && /^https?:\/\//i.test(og)) return og;
  return null;
}

/** Reads a news page: its embedded posts (document order, 1-based position) and its main text. */
export function readHtml(html: string, options: { url?: string | null } = {}): Extraction {
  const doc = parseHtmlDocument(html);
  const url = options.url ?? canonicalUrl(doc);
  let embeds: DetectedEmbed[] = [];
  try {
    embeds = detectEmbeds(doc);
  } catch {
    embeds = []; // a detector bug must not cost the article text
  }
  // Duplicates (further copies of an embedded post) are cut out of the text too; the post counts
  // as in the article when any of its copies is.
  const nodes: Element[] = [];
  const owner: number[] = [];
  embeds.forEach((e, i) => {
    for (const n of [e.node, ...(e.duplicates ?? [])]) {
      nodes.push(n);
      owner.push(i);
    }
  });
  let body: BodyResult;
  try {
    body = extractBody(doc, nodes, url);
  } catch {
    // Never seen on any input so far; if it happens the posts are still worth returning.
    body = { title: null, byline: null, publishedAt: null, lang: null, text: "", inArticle: nodes.map(() => false) };
  }
  const inArticle = embeds.map(() => false);
  body.inArticle.forEach((v, k) => {
    if (v) inArticle[owner[k]!] = true;
  });
  const posts: ExtractedPost[] = embeds.map((e, i) => ({
    ...e.post,
    position: i + 1,
    inArticle: inArticle[i]!,
    lang: e.post.lang ?? null,
  }));
  return {
    article: {
      url,
      title: body.title,
      byline: body.byline,
      publishedAt: body.publishedAt,
      lang: body.lang,
      text: body.text,
    },
    posts,
  };
}
