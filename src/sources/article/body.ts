// The article's own words and metadata, kept apart from the posts embedded in it.
//
// Each embed is swapped for a tiny placeholder paragraph before @mozilla/readability runs, so the
// posts' text neither leaks into the main text nor sways which block Readability picks. An embed
// is in the article when its placeholder survives in Readability's result, or when it stood
// between (or right against) the paragraphs Readability kept: its cleaning also drops blocks that
// hold little besides a post. Embeds in sidebars, furniture or other stories further down are not.
// Before Readability, furniture it would drop anyway (nav, aside, footer, hidden elements, form
// controls, the head) goes, which makes it faster on a linkedom DOM; after it, one story is kept
// from a feed of stories, captions and link-only lines are dropped, and the text is rendered with
// paragraph breaks at block boundaries (Readability's textContent glues "end.</p><p>Next" into
// one run). Metadata comes from meta tags, JSON-LD and <time>, normalised to ISO 8601 and BCP 47.
// Every rule is general (tags, roles, link density, class words "caption"/"credit"); none is
// per site. Measured choices are noted where they are made.

import { Readability } from "@mozilla/readability";
import { parseDateText } from "../../core/dates.ts";

export interface BodyResult {
  title: string | null;
  byline: string | null;
  publishedAt: string | null;
  lang: string | null;
  text: string;
  inArticle: boolean[];
}

const PLACEHOLDER_ATTR = "data-voxpop-embed";
/** Pages with more elements than this (typical news pages: hundreds to a few thousand once pruned)
 * skip Readability, whose scoring grows too slow on them, and fall back to the body's text. */
const MAX_ELEMENTS = 25_000;
// Short enough (< 25 chars) that Readability never scores it as a paragraph.
const PLACEHOLDER_TEXT = "voxpop embed";

/**
 * Extracts the main text and metadata of an article page. Mutates `doc` (embeds are replaced by
 * placeholders, Readability restructures the tree).
 */
export function extractBody(doc: Document, embedNodes: Element[], pageUrl?: string | null): BodyResult {
  void pageUrl; // part of the API for callers; nothing here needs the address yet
  const meta = readMetadata(doc);
  const inArticle = embedNodes.map(() => false);
  placePlaceholders(doc, embedNodes);
  const { placeholderOrder, elements } = prepare(doc);

  let content: Element | null = null;
  let rTitle: string | null = null;
  let rByline: string | null = null;
  try {
    // Readability's own maxElemsToParse counts getElementsByTagName("*"), which linkedom answers
    // with nothing, so the guard against pathological pages is here.
    if (elements > MAX_ELEMENTS) throw new RangeError("too many elements");
    const result = new Readability<Element>(doc, {
      serializer: (el) => el as Element,
      // Classes are never rendered and metadata is read here: skip both passes.
      keepClasses: true,
      disableJSONLD: true,
    }).parse();
    if (result?.content) content = result.content;
    rTitle = clean(result?.title);
    rByline = clean(result?.byline);
  } catch {
    // Readability gives up on some degenerate trees; fall back to the page's body below.
  }
  if (!content) content = fallbackContent(doc);

  keepOneStory(content, meta.title ?? rTitle);
  for (const ph of Array.from(content.querySelectorAll(`[${PLACEHOLDER_ATTR}]`))) {
    for (const n of placeholderIndices(ph)) if (n < inArticle.length) inArticle[n] = true;
    ph.remove();
  }
  // Readability's cleaning also drops blocks that hold little besides an embed (a post with a
  // one-line intro), even in the middle of the story. An embed that stood between the first and
  // the last paragraph Readability kept was inside the article all the same.
  let first = Infinity, last = -Infinity;
  for (const p of Array.from(content.querySelectorAll(`[${ORDER_ATTR}]`))) {
    const o = Number(p.getAttribute(ORDER_ATTR));
    if (o < first) first = o;
    if (o > last) last = o;
    p.removeAttribute(ORDER_ATTR);
  }
  // Embeds right at the start or end of the story (nothing but other embeds between them and the
  // first or last kept paragraph) belong to it as well; a heading or paragraph in between ends it.
  const embedOrders = new Set(placeholderOrder.values());
  const adjacent = (from: number, to: number) => {
    for (let o = from + 1; o < to; o++) if (!embedOrders.has(o)) return false;
    return true;
  };
  for (const [i, o] of placeholderOrder) {
    if ((o > first && o < last) || (o < first && adjacent(o, first)) || (o > last && adjacent(last, o))) inArticle[i] = true;
  }

  dropCaptions(content);
  dropLinkLists(content);
  const text = renderText(content);
  return {
    title: meta.title ?? rTitle,
    byline: meta.byline ?? cleanByline(rByline),
    publishedAt: meta.publishedAt,
    lang: meta.lang,
    text,
    inArticle,
  };
}

const ORDER_ATTR = "data-voxpop-order";
const MIN_STORY_CHARS = 200;

/**
 * Readability appends siblings that look like its pick, so on a feed of stories (live blogs, "speed
 * reads", infinite scroll) it returns several <article>s. The page's own story is the one that
 * carries the page title, else the first; the others, and their embeds, are not this article.
 */
function keepOneStory(content: Element, title: string | null): void {
  const stories = Array.from(content.querySelectorAll("article")).filter(
    (a) => !a.parentElement?.closest("article") && (a.textContent ?? "").trim().length >= MIN_STORY_CHARS,
  );
  if (stories.length < 2) return;
  const norm = (s: string) => s.replace(/\s+/g, " ").trim().toLowerCase();
  const t = title ? norm(title) : "";
  const keep = (t && stories.find((a) => norm(a.textContent ?? "").includes(t))) || stories[0]!;
  for (const a of stories) if (a !== keep) a.remove();
}

function placeholderIndices(ph: Element): number[] {
  return (ph.getAttribute(PLACEHOLDER_ATTR) ?? "").split(" ").map(Number).filter((n) => Number.isInteger(n) && n >= 0);
}

function placePlaceholders(doc: Document, embedNodes: Element[]): void {
  const byAnchor = new Map<Element, number[]>();
  embedNodes.forEach((node, i) => {
    if (!node || !doc.body?.contains(node)) return;
    // Readability drops <noscript> and <template>; an embed kept there is represented where its
    // outermost such wrapper stands.
    let anchor: Element = node;
    for (let p = node.parentElement; p && p !== doc.body; p = p.parentElement) {
      if (p.localName === "noscript" || p.localName === "template") anchor = p;
    }
    const list = byAnchor.get(anchor);
    if (list) list.push(i);
    else byAnchor.set(anchor, [i]);
  });
  for (const [anchor, indices] of byAnchor) {
    const ph = doc.createElement("p");
    ph.setAttribute(PLACEHOLDER_ATTR, indices.join(" "));
    ph.textContent = PLACEHOLDER_TEXT;
    anchor.replaceWith(ph);
  }
}

// Removed before Readability runs: page furniture it drops from its result anyway (aside, footer,
// nav and the roles it treats as unlikely), form controls, and elements hidden from readers.
// Dropping them first means fewer nodes for Readability to score and copy on a linkedom DOM, and
// sidebars no longer lend their text to the block that holds them.
const PRE_CLEAN_TAGS = new Set([
  "nav", "aside", "footer", "input", "button", "select", "textarea", "option", "dialog", "link", "noscript", "template",
]);
const UNLIKELY_ROLES = new Set(["menu", "menubar", "complementary", "navigation", "alert", "alertdialog", "dialog"]);

/** Descendant elements in document order (linkedom's getElementsByTagName does not take "*"). */
export function descendants(root: Element): Element[] {
  const out: Element[] = [];
  let el: Element | null = root.firstElementChild;
  while (el) {
    out.push(el);
    if (el.firstElementChild) { el = el.firstElementChild; continue; }
    while (el && el !== root && !el.nextElementSibling) el = el.parentElement;
    el = el && el !== root ? el.nextElementSibling : null;
  }
  return out;
}

function isDoomed(el: Element): boolean {
  if (PRE_CLEAN_TAGS.has(el.localName)) return true;
  const role = el.getAttribute("role");
  if (role && UNLIKELY_ROLES.has(role)) return true;
  if (el.hasAttribute("hidden")) return true;
  if (el.getAttribute("aria-hidden") === "true" && !/fallback-image/.test(el.getAttribute("class") ?? "")) return true;
  const style = el.getAttribute("style");
  return !!style && /(?:^|;)\s*(?:display\s*:\s*none|visibility\s*:\s*hidden)/i.test(style);
}

/**
 * One walk over the body before Readability: removes what PRE_CLEAN drops (without walking into
 * it), counts the elements left, and numbers paragraphs, headings and placeholders in document
 * order. Paragraphs and headings carry their number as an attribute (it survives Readability
 * re-parsing the page between attempts); placeholders' numbers are returned per embed index.
 */
function prepare(doc: Document): { placeholderOrder: Map<number, number>; elements: number } {
  const placeholderOrder = new Map<number, number>();
  const body = doc.body;
  if (!body) return { placeholderOrder, elements: 0 };
  const doomed: Element[] = [];
  // Metadata has been read: the head only needs its <title> now.
  for (let el = doc.head?.firstElementChild ?? null; el; el = el.nextElementSibling) {
    if (el.localName !== "title") doomed.push(el);
  }
  let elements = 0;
  let k = 0;
  let el: Element | null = body.firstElementChild;
  while (el) {
    let enter = true;
    if (el.hasAttribute(PLACEHOLDER_ATTR)) {
      k++;
      for (const i of placeholderIndices(el)) placeholderOrder.set(i, k);
      enter = false;
    } else if (isDoomed(el)) {
      doomed.push(el);
      enter = false;
    } else {
      elements++;
      if (/^(p|h[1-6])$/.test(el.localName)) el.setAttribute(ORDER_ATTR, String(++k));
    }
    if (enter && el.firstElementChild) { el = el.firstElementChild; continue; }
    while (el && el !== body && !el.nextElementSibling) el = el.parentElement;
    el = el && el !== body ? el.nextElementSibling : null;
  }
  for (const d of doomed) d.remove();
  return { placeholderOrder, elements };
}

// Image captions and credits sit inside the article block but are not its text (measured on the
// benchmark: F1 0.955 -> 0.963). Only short elements go, so a wrapper that happens to carry such a
// class around real prose is kept.
const CAPTION_CLASS = /caption|credit/i;
const MAX_CAPTION_CHARS = 400;

function dropCaptions(content: Element): void {
  for (const el of descendants(content)) {
    if (!el.parentElement) continue; // already removed with an ancestor
    if (el.localName === "figcaption") { el.remove(); continue; }
    const cls = `${el.getAttribute("class") ?? ""} ${el.getAttribute("id") ?? ""}`;
    if (CAPTION_CLASS.test(cls) && (el.textContent ?? "").length < MAX_CAPTION_CHARS) el.remove();
  }
}

// A paragraph, list item or heading that is nothing but a link is a pointer to another page
// ("You may also like", related stories, "Read more on ..."), not the article's prose (measured:
// F1 0.963 -> 0.967; deal round-ups made of links lose a little recall).
const LINK_ONLY = 0.95;

function dropLinkLists(content: Element): void {
  for (const el of Array.from(content.querySelectorAll("li, p, h2, h3, h4, h5, h6"))) {
    const text = (el.textContent ?? "").replace(/\s+/g, "");
    if (!text) continue;
    let linked = 0;
    for (const a of Array.from(el.querySelectorAll("a"))) linked += (a.textContent ?? "").replace(/\s+/g, "").length;
    if (linked / text.length >= LINK_ONLY) el.remove();
  }
}

const BOILERPLATE = "nav, header, footer, aside, form, script, style, noscript, template, [role=navigation], [role=complementary]";

/** When Readability finds nothing, the body minus obvious page furniture is the best we have. */
function fallbackContent(doc: Document): Element {
  const body = doc.body ?? doc.createElement("body");
  for (const el of Array.from(body.querySelectorAll(BOILERPLATE))) el.remove();
  return body;
}

// ---------------------------------------------------------------------------------------------
// Text rendering

const BLOCK = new Set([
  "address", "article", "aside", "blockquote", "caption", "dd", "details", "dialog", "div", "dl",
  "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6",
  "header", "hgroup", "hr", "li", "main", "nav", "ol", "p", "pre", "section", "summary", "table",
  "tbody", "thead", "tfoot", "tr", "ul", "body", "html",
]);
const SKIP = new Set(["script", "style", "noscript", "template", "svg", "math", "head", "title", "iframe", "object"]);
const PARA = "\u0001";
const LINE = "\u0002";

/** Text of an element: block boundaries become blank lines, <br> a line break. */
export function renderText(root: Element): string {
  const parts: string[] = [];
  const stack: Array<Node | string> = [root];
  while (stack.length) {
    const item = stack.pop()!;
    if (typeof item === "string") { parts.push(item); continue; }
    if (item.nodeType === 3) { parts.push((item as Text).data); continue; }
    if (item.nodeType !== 1) continue;
    const el = item as Element;
    const tag = el.localName;
    if (SKIP.has(tag)) continue;
    if (tag === "br") { parts.push(LINE); continue; }
    const sep = BLOCK.has(tag) ? PARA : tag === "td" || tag === "th" ? " " : "";
    if (sep) { parts.push(sep); stack.push(sep); }
    const kids = el.childNodes;
    for (let i = kids.length - 1; i >= 0; i--) stack.push(kids[i]!);
  }
  const paragraphs: string[] = [];
  for (const para of parts.join("").split(/\u0001+/)) {
    const lines = para.split(LINE).map((l) => l.replace(/\s+/g, " ").trim()).filter(Boolean);
    if (lines.length) paragraphs.push(lines.join("\n"));
  }
  return paragraphs.join("\n\n");
}

// ---------------------------------------------------------------------------------------------
// Metadata

interface Metadata { title: string | null; byline: string | null; publishedAt: string | null; lang: string | null }

function clean(s: string | null | undefined): string | null {
  const t = (s ?? "").replace(/\s+/g, " ").trim();
  return t || null;
}

function cleanByline(s: string | null | undefined): string | null {
  const t = clean(s);
  if (!t || /^https?:\/\//i.test(t)) return null;
  return clean(t.replace(/^by\s+/i, ""));
}

function metaMap(doc: Document): Map<string, string> {
  const map = new Map<string, string>();
  // getElementsByTagName is a plain walk in linkedom; querySelectorAll compiles a selector each call.
  for (const m of Array.from(doc.getElementsByTagName("meta"))) {
    const content = m.getAttribute("content");
    if (content == null || !content.trim()) continue;
    for (const attr of ["property", "name", "itemprop", "http-equiv"]) {
      const key = m.getAttribute(attr)?.trim().toLowerCase();
      if (key && !map.has(key)) map.set(key, content.trim());
    }
  }
  return map;
}

type Json = Record<string, unknown>;

function jsonLdObjects(doc: Document): Json[] {
  const out: Json[] = [];
  for (const s of Array.from(doc.getElementsByTagName("script"))) {
    if (!/application\/ld\+json/i.test(s.getAttribute("type") ?? "")) continue;
    let data: unknown;
    try {
      data = JSON.parse((s.textContent ?? "").replace(/^\s*<!\[CDATA\[|\]\]>\s*$/g, ""));
    } catch {
      continue;
    }
    const queue: unknown[] = [data];
    while (queue.length && out.length < 200) {
      const v = queue.shift();
      if (Array.isArray(v)) queue.push(...v);
      else if (v && typeof v === "object") {
        out.push(v as Json);
        const graph = (v as Json)["@graph"];
        if (graph) queue.push(graph);
      }
    }
  }
  return out;
}

const ARTICLE_TYPE = /Article|BlogPosting|Report|Posting|WebPage/i;

function types(o: Json): string[] {
  const t = o["@type"];
  return (Array.isArray(t) ? t : [t]).filter((x): x is string => typeof x === "string");
}

function article(objs: Json[]): Json | null {
  return objs.find((o) => types(o).some((t) => /Article|BlogPosting|Report|Posting/i.test(t)))
    ?? objs.find((o) => types(o).some((t) => ARTICLE_TYPE.test(t)))
    ?? null;
}

function str(v: unknown): string | null {
  if (typeof v === "string") return clean(v);
  if (Array.isArray(v)) return str(v[0]);
  if (v && typeof v === "object") return str((v as Json)["@value"] ?? (v as Json)["name"]);
  return null;
}

function authorNames(v: unknown): string | null {
  const list = Array.isArray(v) ? v : [v];
  const names = list
    .map((a) => (typeof a === "string" ? a : a && typeof a === "object" ? (a as Json)["name"] : null))
    .map((n) => cleanByline(typeof n === "string" ? n : null))
    .filter((n): n is string => !!n);
  return names.length ? [...new Set(names)].join(", ") : null;
}

/** Normalises a machine-readable date to ISO 8601; null when it is not one. */
export function toIsoDate(input: string | null | undefined): string | null {
  let s = clean(input);
  if (!s) return null;
  const m = /^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)\s*(Z|[+-]\d{2}:?\d{2}|UTC|GMT)?)?$/i.exec(s);
  if (m) {
    let zone = m[3] ?? "";
    if (/^(utc|gmt)$/i.test(zone)) zone = "Z";
    else if (/^[+-]\d{4}$/.test(zone)) zone = `${zone.slice(0, 3)}:${zone.slice(3)}`;
    s = m[2] ? `${m[1]}T${m[2]}${zone}` : m[1]!;
    return parseDateText(s);
  }
  const printed = parseDateText(s);
  if (printed) return printed;
  // RFC 2822 and similar carry their own zone, so the instant is exact.
  if (/\d{4}/.test(s) && /\d{1,2}:\d{2}/.test(s) && /(GMT|UTC|[+-]\d{4}|Z)\b/i.test(s)) {
    const d = new Date(s);
    if (!Number.isNaN(d.getTime())) return d.toISOString().replace(".000Z", "Z");
  }
  return null;
}

function normaliseLang(s: string | null | undefined): string | null {
  const t = clean(s)?.split(/[,;\s]/)[0]?.replace(/_/g, "-");
  if (!t || !/^[a-z]{2,3}(-[a-z0-9]{2,8})*$/i.test(t)) return null;
  const [base, ...rest] = t.split("-");
  return [base!.toLowerCase(), ...rest.map((r) => (r.length === 2 ? r.toUpperCase() : r))].join("-");
}

const DATE_KEYS = [
  "article:published_time", "og:article:published_time", "article.published", "datepublished",
  "published_time", "publishdate", "publish-date", "pubdate", "parsely-pub-date", "sailthru.date",
  "dc.date.issued", "dcterms.issued", "dc.date", "dcterms.created", "date", "og:published_time",
];
const AUTHOR_KEYS = ["author", "article:author", "parsely-author", "dc.creator", "dcterms.creator", "byl", "sailthru.author"];

function readMetadata(doc: Document): Metadata {
  const metas = metaMap(doc);
  const ld = article(jsonLdObjects(doc));

  const title = str(ld?.["headline"]) ?? clean(metas.get("og:title")) ?? clean(metas.get("twitter:title")) ?? null;

  let byline = ld ? authorNames(ld["author"]) : null;
  for (const k of AUTHOR_KEYS) {
    if (byline) break;
    byline = cleanByline(metas.get(k));
  }

  let publishedAt = toIsoDate(str(ld?.["datePublished"]));
  for (const k of DATE_KEYS) {
    if (publishedAt) break;
    publishedAt = toIsoDate(metas.get(k));
  }
  if (!publishedAt) {
    const el = doc.querySelector("[itemprop=datePublished]") ?? doc.querySelector("time[pubdate]") ?? doc.querySelector("time[datetime]");
    publishedAt = toIsoDate(el?.getAttribute("datetime") ?? el?.getAttribute("content") ?? null);
  }

  const html = doc.documentElement;
  const lang = normaliseLang(html?.getAttribute("lang"))
    ?? normaliseLang(html?.getAttribute("xml:lang"))
    ?? normaliseLang(metas.get("content-language"))
    ?? normaliseLang(metas.get("og:locale"))
    ?? normaliseLang(str(ld?.["inLanguage"]))
    ?? normaliseLang(metas.get("language"))
    ?? normaliseLang(metas.get("dc.language"));

  return { title, byline, publishedAt, lang };
}
