// Reading a news feed: RSS 2.0 (and 0.9x), RSS 1.0 (RDF) and Atom 1.0, into the few fields voxpop
// needs to follow it (an id per entry, the article link, a title and a date).
//
// The XML is untrusted. fast-xml-parser runs with entity processing OFF: no DOCTYPE entity is ever
// expanded (a "billion laughs" feed stays a few kilobytes of text), external entities are refused,
// and the five predefined XML entities and numeric character references are decoded here in one
// pass (so "&amp;#233;" stays "&#233;" as XML means it to). Well-formedness is checked first, so a
// broken feed gives a line and column instead of a half-read result.
import { XMLParser, XMLValidator } from "fast-xml-parser";
import { VoxpopError } from "../../core/index.ts";

export interface FeedEntry {
  /** guid / id / rdf:about, else the link: what "already read" is keyed on. */
  key: string;
  /** The article URL (absolute), or null when the entry has none. */
  link: string | null;
  title: string | null;
  /** ISO 8601, or null when the entry carries no (readable) date. */
  publishedAt: string | null;
}

export interface Feed {
  format: "rss" | "rdf" | "atom";
  title: string | null;
  /** In document order (usually newest first). */
  entries: FeedEntry[];
}

const PREDEFINED: Record<string, string> = { lt: "<", gt: ">", amp: "&", quot: '"', apos: "'" };

/** Decodes XML's predefined entities and character references; other entity references stay as text. */
export function decodeXmlText(s: string): string {
  if (!s.includes("&")) return s;
  return s.replace(/&(?:#(\d{1,7})|#x([0-9a-fA-F]{1,6})|([a-zA-Z]+));/g, (whole, dec: string | undefined, hex: string | undefined, name: string | undefined) => {
    if (name !== undefined) return PREDEFINED[name] ?? whole;
    const cp = dec !== undefined ? Number.parseInt(dec, 10) : Number.parseInt(hex!, 16);
    if (cp === 0 || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return "\ufffd";
    return String.fromCodePoint(cp);
  });
}

type Node = unknown;

/** The text of an element: plain text (decoded), CDATA (as is), or both; null when empty. */
function textOf(node: Node): string | null {
  if (node == null) return null;
  if (Array.isArray(node)) return textOf(node[0]);
  if (typeof node === "string") return nonEmpty(decodeXmlText(node));
  if (typeof node === "number" || typeof node === "boolean") return String(node);
  if (typeof node === "object") {
    const o = node as Record<string, unknown>;
    const parts: string[] = [];
    if (typeof o["#text"] === "string") parts.push(decodeXmlText(o["#text"]));
    const cdata = o["#cdata"];
    if (typeof cdata === "string") parts.push(cdata);
    else if (Array.isArray(cdata)) parts.push(...cdata.filter((c): c is string => typeof c === "string"));
    return nonEmpty(parts.join(""));
  }
  return null;
}

function attr(node: Node, name: string): string | null {
  if (node == null || typeof node !== "object" || Array.isArray(node)) return null;
  const v = (node as Record<string, unknown>)[`@${name}`];
  return typeof v === "string" ? nonEmpty(decodeXmlText(v)) : null;
}

function nonEmpty(s: string): string | null {
  const t = s.trim();
  return t === "" ? null : t;
}

function asArray(node: Node): Node[] {
  if (node == null) return [];
  return Array.isArray(node) ? node : [node];
}

function child(node: Node, name: string): Node {
  if (node == null || typeof node !== "object" || Array.isArray(node)) return undefined;
  return (node as Record<string, unknown>)[name];
}

/** An absolute http(s) URL, resolved against the feed's URL; null for anything else (javascript:, data:...). */
function absoluteHttpUrl(raw: string | null, base: string | null): string | null {
  if (!raw) return null;
  try {
    const url = base ? new URL(raw, base) : new URL(raw);
    return url.protocol === "http:" || url.protocol === "https:" ? url.href : null;
  } catch {
    return null;
  }
}

function isoDate(raw: string | null): string | null {
  if (!raw) return null;
  // RFC 822 ("Tue, 10 Jun 2003 04:00:00 GMT") and RFC 3339 both parse; anything else is dropped.
  const t = Date.parse(raw);
  return Number.isFinite(t) ? new Date(t).toISOString() : null;
}

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: "@",
  // dc:date → date, content:encoded → encoded, rdf:RDF → RDF, atom:link → link.
  removeNSPrefix: true,
  processEntities: false,
  htmlEntities: false,
  cdataPropName: "#cdata",
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  isArray: (name) => name === "item" || name === "entry" || name === "link",
});

/** Parses a feed document; throws PARSE_ERROR (with where) for anything that is not a feed. */
export function parseFeed(xml: string, feedUrl: string | null = null): Feed {
  const label = feedUrl ?? "the feed";
  const valid = XMLValidator.validate(xml, { allowBooleanAttributes: true });
  if (valid !== true) {
    const { msg, line, col } = valid.err;
    throw new VoxpopError("PARSE_ERROR", `${label} is not well-formed XML (line ${line}, column ${col}: ${msg})`);
  }
  let doc: Record<string, unknown>;
  try {
    doc = parser.parse(xml) as Record<string, unknown>;
  } catch (cause) {
    throw new VoxpopError("PARSE_ERROR", `${label} could not be read as XML: ${(cause as Error).message}`, { cause });
  }

  const rss = child(doc, "rss");
  if (rss !== undefined) {
    const channel = asArray(child(rss, "channel"))[0];
    return { format: "rss", title: textOf(child(channel, "title")), entries: asArray(child(channel, "item")).map((i) => rssEntry(i, feedUrl)).filter(isEntry) };
  }
  const rdf = child(doc, "RDF");
  if (rdf !== undefined) {
    // RSS 1.0: items are siblings of the channel, not its children (some feeds nest them anyway).
    const channel = asArray(child(rdf, "channel"))[0];
    const items = [...asArray(child(rdf, "item")), ...asArray(child(channel, "item"))];
    return { format: "rdf", title: textOf(child(channel, "title")), entries: items.map((i) => rssEntry(i, feedUrl)).filter(isEntry) };
  }
  const feed = child(doc, "feed");
  if (feed !== undefined) {
    const base = absoluteHttpUrl(attr(feed, "base"), feedUrl) ?? feedUrl;
    return { format: "atom", title: textOf(child(feed, "title")), entries: asArray(child(feed, "entry")).map((e) => atomEntry(e, base)).filter(isEntry) };
  }
  const root = Object.keys(doc).find((k) => !k.startsWith("?")) ?? "nothing";
  throw new VoxpopError("PARSE_ERROR", `${label} is not an RSS or Atom feed (its root element is <${root}>)`);
}

function isEntry(e: FeedEntry | null): e is FeedEntry {
  return e !== null;
}

function rssEntry(item: Node, base: string | null): FeedEntry | null {
  // FeedBurner and similar proxies put a tracking link in <link> and the real one in origLink.
  const rawLink = textOf(child(item, "origLink")) ?? textOf(child(item, "link")) ?? attr(item, "about");
  const guidNode = child(item, "guid");
  const guid = textOf(guidNode);
  const guidIsLink = guid !== null && attr(guidNode, "isPermaLink") !== "false";
  const link = absoluteHttpUrl(rawLink, base) ?? (guidIsLink ? absoluteHttpUrl(guid, base) : null);
  const key = guid ?? attr(item, "about") ?? link;
  if (!key) return null;
  const date = textOf(child(item, "pubDate")) ?? textOf(child(item, "date")) ?? textOf(child(item, "published"));
  return { key, link, title: textOf(child(item, "title")), publishedAt: isoDate(date) };
}

function atomEntry(entry: Node, feedBase: string | null): FeedEntry | null {
  const base = absoluteHttpUrl(attr(entry, "base"), feedBase) ?? feedBase;
  const links = asArray(child(entry, "link"));
  // rel defaults to "alternate"; the alternate HTML link is the article.
  const alternate = links.find((l) => (attr(l, "rel") ?? "alternate") === "alternate" && /html/i.test(attr(l, "type") ?? "text/html"))
    ?? links.find((l) => (attr(l, "rel") ?? "alternate") === "alternate");
  const link = absoluteHttpUrl(attr(alternate, "href") ?? textOf(alternate), base);
  const key = textOf(child(entry, "id")) ?? link;
  if (!key) return null;
  const date = textOf(child(entry, "published")) ?? textOf(child(entry, "updated"));
  return { key, link, title: textOf(child(entry, "title")), publishedAt: isoDate(date) };
}

/** The charset an XML document declares (`<?xml ... encoding="...">`), if any. */
export function xmlDeclaredEncoding(bytes: Uint8Array): string | null {
  const head = Buffer.from(bytes.subarray(0, 200)).toString("latin1");
  return /^\s*<\?xml[^>]*\bencoding\s*=\s*["']([A-Za-z0-9._:-]+)["']/.exec(head.replace(/^\ufeff|^ï»¿/, ""))?.[1]?.toLowerCase() ?? null;
}
