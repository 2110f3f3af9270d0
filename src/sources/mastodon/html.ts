// Mastodon status HTML to plain text. A status's `content` is HTML that the origin server
// sanitized, but a remote (or hostile) server can send anything, so nothing of the markup is
// passed on: the HTML is parsed (linkedom, which never runs scripts or loads anything) and only
// text nodes are read. Paragraphs become blank lines, <br> a newline, links keep their text
// (Mastodon's "invisible"/"ellipsis" spans joined give the full URL), mentions read "@user" and
// hashtags "#tag" because that is their text. Script-like elements are dropped with their
// contents; images are dropped (custom emoji arrive as ":shortcode:" text anyway).
import { parseHTML } from "linkedom";

const SKIP = new Set(["SCRIPT", "STYLE", "TEMPLATE", "NOSCRIPT", "IFRAME", "OBJECT", "EMBED", "SVG", "MATH", "HEAD", "TITLE", "IMG", "VIDEO", "AUDIO", "CANVAS", "SELECT", "TEXTAREA", "BUTTON"]);
const PARAGRAPH = new Set(["P", "DIV", "BLOCKQUOTE", "PRE", "UL", "OL", "H1", "H2", "H3", "H4", "H5", "H6", "TABLE", "SECTION", "ARTICLE", "HEADER", "FOOTER", "FIGURE", "HR"]);
const LINE = new Set(["LI", "TR", "DT", "DD", "FIGCAPTION"]);

/** Longest content parsed; longer (hostile) content is cut first. Mastodon's own limit is 500 characters of text. */
export const MAX_CONTENT_CHARS = 200_000;

export interface HtmlText {
  text: string;
  /** hrefs of the links in the content (http/https only), in order, without duplicates. */
  links: { href: string; text: string; classes: string; rel: string }[];
}

// C0/C1 controls other than tab and newline never belong in post text.
const CONTROLS = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;

/** Plain text of a status's HTML content, and its links. */
export function htmlToText(html: string, options: { dropClasses?: string[] } = {}): HtmlText {
  // Parsed as a fragment: every top-level node stays a child of the document, so stray
  // </body></html> tags in hostile content cannot hide the text after them (a full-document
  // wrapper would drop it), and linkedom's parser is not recursive, so deep nesting is fine.
  const { document } = parseHTML(html.length > MAX_CONTENT_CHARS ? html.slice(0, MAX_CONTENT_CHARS) : html);
  const root = document as unknown as Node;
  const drop = new Set(options.dropClasses ?? []);

  let out = "";
  const links: HtmlText["links"] = [];
  const seen = new Set<string>();
  // Iterative walk: hostile content can nest deeper than the call stack.
  type Frame = { node: Node; exit: boolean };
  const stack: Frame[] = [];
  for (let c = root.lastChild; c; c = c.previousSibling) stack.push({ node: c, exit: false });
  while (stack.length) {
    const { node, exit } = stack.pop()!;
    if (node.nodeType === 3) {
      out += (node.nodeValue ?? "").replace(/[ \t\n\r\f]+/g, " ");
      continue;
    }
    if (node.nodeType !== 1) continue;
    const el = node as Element;
    const tag = el.tagName.toUpperCase();
    if (exit) {
      if (PARAGRAPH.has(tag)) out += "\n\n";
      else if (LINE.has(tag)) out += "\n";
      continue;
    }
    if (SKIP.has(tag)) continue;
    const classes = el.getAttribute("class") ?? "";
    if (drop.size && classes.split(/\s+/).some((c) => drop.has(c))) continue;
    if (tag === "BR") {
      out += "\n";
      continue;
    }
    if (PARAGRAPH.has(tag)) out += "\n\n";
    else if (LINE.has(tag)) out += "\n";
    if (tag === "A") {
      const href = (el.getAttribute("href") ?? "").trim();
      if (/^https?:\/\//i.test(href) && !seen.has(href)) {
        seen.add(href);
        links.push({ href, text: (el.textContent ?? "").trim(), classes, rel: el.getAttribute("rel") ?? "" });
      }
    }
    stack.push({ node: el, exit: true });
    for (let c = el.lastChild; c; c = c.previousSibling) stack.push({ node: c, exit: false });
  }
  return { text: cleanText(out), links };
}

/** Plain text tidied: no controls, no-break spaces as spaces, trimmed lines, at most one blank line in a row. */
export function cleanText(s: string): string {
  return s
    .replace(CONTROLS, "")
    .replace(/\u00a0/g, " ")
    .split("\n")
    .map((line) => line.replace(/ {2,}/g, " ").trim())
    .join("\n")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
}
