// Reads a news article that has already been flattened to plain text, with its embedded posts
// written out as `TEXT — Name (@handle) Month D, YYYY` (the shape of ../shared/seeds/000_*.txt).
//
// Input shape:
//   - an optional header: a first line `date YYYY-MM-DD` (leading spaces allowed, an optional colon,
//     and the first paragraph may follow on the same line), and optionally a clearly marked title
//     line (`title: ...` or a Markdown `# ...` heading) before or after it;
//   - paragraphs separated by blank lines;
//   - posts: a paragraph whose last line ends in an attribution
//       `— Name (@handle) October 1, 2020`                 (X / Twitter)
//       `— Name (@alice.bsky.social) Mar 22, 2026 at 2:09 PM`  (Bluesky)
//     optionally followed by the post's own URL. The dash may be an em dash (also `&mdash;`,
//     `&#8212;`, `&#x2014;`, U+2015), or, when it stands alone between spaces, an en dash
//     (`–`, `&ndash;`, `&#8211;`) or `--`. An em dash wins over the others when both are present, so
//     a spaced en dash or `--` inside a name does not cut it.
//
// Post boundaries (the hard part). A post always ends at its attribution; the question is where it
// starts. The attributed paragraph's own text is always part of the post. Paragraphs before it
// that carry no attribution (the "candidates") are added to it only under these rules:
//   1. Context. Walking back from the attribution, the candidates are the unattributed paragraphs
//      up to the nearest "boundary": the previous attributed post, or a paragraph ending with a
//      colon (an introducer such as "Check out what stars are saying:", which is always prose). If
//      there is no boundary (we reach the start of the article), nothing is added: the lede of an
//      article is prose. So a post can only grow backwards inside a run of posts, or right after
//      an introducer.
//   2. Content. Every candidate must read like someone posting, not like article prose:
//        - at most 280 characters (no single paragraph of a post is longer than a whole post);
//        - does not end with a colon, and is not boilerplate ("Advertisement", "Read more", ...);
//        - outside quotation marks, no reporting language ("said", "wrote", "revealed", "told",
//          "according to", "in a statement", "for comment", ...);
//        - and shows a voice: outside quotation marks a first- or second-person word (I, my, we,
//          our, you, your, ...), or it starts with an @mention (a reply), or it holds an emoji, or
//          it is a short exclamation or question (at most 6 words ending in "!", "?" or "…"), or a
//          verbless fragment of at most 3 words ("So sorry.", "Forty-one years."). A short
//          statement is not enough ("Whitcombe thanked her teammates.", "Others were less kind."
//          are prose): no word ending in -ed, no is/was/has..., no he/she/they/others/fans....
//   3. Size. The whole post (counting a URL as 23 characters, as X does) must stay within 300
//      characters, the longest classic post (X 280, Bluesky 300).
//   4. All or nothing. If any candidate fails, none is added: a prose paragraph between two posts
//      means the posts are separate, and the paragraphs after that prose are prose too.
//   5. An attribution standing alone (its paragraph has no text before the dash) takes the
//      paragraph right before it unconditionally (unless that one is itself a post or ends with a
//      colon); rules 1-4 then apply to the paragraphs before that.
// These rules err on the side of leaving a paragraph in the article text rather than swallowing
// prose into a post.
//
// Output: platform "x" for handles without a dot, "bluesky" for domain handles or a date with
// "at h:mm AM/PM", "mastodon" for `@user@host`. The id is the platform id when the post's own
// status/post URL is printed (after the date, or in the text with the author's handle): the status
// number for X, `at://<handle>/app.bsky.feed.post/<rkey>` for Bluesky; else contentId(). Text is
// kept as printed (runs of spaces collapsed, paragraphs joined by "\n\n", lines inside a
// paragraph by "\n"); HTML entities in it are left as they are.
//
// Robustness: never throws (garbage gives zero posts); CRLF/CR, NBSP and other Unicode spaces,
// trailing whitespace and a missing final newline are normalised; every step is linear in the input
// (attribution detection only looks at a bounded tail of each line, and no regular expression
// here can backtrack over more than a bounded window).

import type { ArticleMeta, Extraction, ExtractedPost, Platform } from "../../core/index.ts";
import { contentId, parseDateText } from "../../core/index.ts";

export interface FlatTextOptions {
  url?: string | null;
}

/** How far from the end of a line an attribution may start (name + handle + date + URL). */
const MAX_TAIL = 700;
/** Longest display name we accept between the dash and the handle (UTF-16 units; emoji are 2+). */
const MAX_NAME = 250;
const MAX_HANDLE = 260;
const MAX_DATE = 40;
const MAX_TRAILING_URL = 300;
/** A paragraph longer than this cannot be one paragraph of a post. */
const MAX_POST_PARAGRAPH = 280;
/** A post assembled from several paragraphs must fit the longest classic post (Bluesky: 300). */
const MAX_POST = 300;
/** X counts every URL as 23 characters. */
const URL_WEIGHT = 23;

interface Attribution {
  /** The post text on the attributed line, before the dash (may be empty). */
  body: string;
  name: string | null;
  handle: string;
  dateText: string;
  /** A URL printed after the date (the post's own link), if any. */
  trailingUrl: string | null;
}

interface Paragraph {
  /** For an attributed paragraph: the post text before the dash (lines joined by "\n"). */
  text: string;
  attr: Attribution | null;
}

// ---------------------------------------------------------------------------------------------
// Normalisation

/** Splits into trimmed lines: CRLF/CR/Unicode line separators, NBSP and other spaces, tabs. */
function normaliseLines(input: string): string[] {
  let s = input;
  if (s.charCodeAt(0) === 0xfeff) s = s.slice(1);
  s = s
    .replace(/\r\n?|[\u2028\u2029\u0085]/g, "\n")
    .replace(/[\t\v\f\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]/g, " ");
  const lines = s.split("\n");
  for (let i = 0; i < lines.length; i++) lines[i] = lines[i]!.trim().replace(/ {2,}/g, " ");
  return lines;
}

// ---------------------------------------------------------------------------------------------
// Header

const DATE_LINE = /^date:?\s+(\d{4}-\d{2}-\d{2})(?![\w-])\s*/i;
const TITLE_LINE = /^(?:title:\s*|#\s+)(\S.*)$/i;

interface Header { publishedAt: string | null; title: string | null; hasDateLine: boolean }

/** Consumes header lines at the top of `lines` (in place) and returns what they said. */
function readHeader(lines: string[]): Header {
  const header: Header = { publishedAt: null, title: null, hasDateLine: false };
  let i = 0;
  for (let consumed = 0; consumed < 2; consumed++) {
    while (i < lines.length && lines[i] === "") i++;
    if (i >= lines.length) break;
    const line = lines[i]!;
    const d = header.hasDateLine ? null : DATE_LINE.exec(line);
    if (d) {
      header.hasDateLine = true;
      header.publishedAt = parseDateText(d[1]!);
      // The first paragraph may follow the date on the same line.
      lines[i] = line.slice(d[0].length);
      if (lines[i] !== "") break;
      continue;
    }
    const t = header.title === null ? TITLE_LINE.exec(line) : null;
    if (t) {
      header.title = t[1]!.trim();
      lines[i] = "";
      continue;
    }
    break;
  }
  return header;
}

// ---------------------------------------------------------------------------------------------
// Attribution

const HANDLE = /^@([A-Za-z0-9_](?:[A-Za-z0-9_.-]*[A-Za-z0-9_])?(?:@[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?)?)$/;
const HAS_YEAR = /\d{4}/;
const BSKY_TIME = /\bat\s+\d{1,2}:\d{2}\s*[ap]\.?m\.?$/i;

// Em-dash family: unambiguous anywhere. En-dash family and "--": only between spaces.
const EM_DASHES = ["\u2014", "\u2015", "&mdash;", "&#8212;", "&#x2014;", "&#X2014;"];
const SPACED_DASHES = ["\u2013", "&ndash;", "&#8211;", "&#x2013;", "&#X2013;", "--"];

/** Last index of `needle` in `s` within [from, to), or -1; `ok` filters candidates. */
function lastIndexIn(s: string, needle: string, from: number, to: number, ok: (i: number) => boolean): number {
  let i = s.lastIndexOf(needle, to - needle.length);
  while (i >= from) {
    if (ok(i)) return i;
    if (i === 0) break;
    i = s.lastIndexOf(needle, i - 1);
  }
  return -1;
}

/** Finds the dash that opens the attribution before position `open` (the "(@"); bounded window. */
function findDash(line: string, open: number): { at: number; len: number } | null {
  const from = Math.max(0, open - MAX_NAME);
  let best: { at: number; len: number } | null = null;
  for (const d of EM_DASHES) {
    const at = lastIndexIn(line, d, from, open, () => true);
    if (at >= 0 && (!best || at > best.at)) best = { at, len: d.length };
  }
  if (best) return best;
  for (const d of SPACED_DASHES) {
    const at = lastIndexIn(line, d, from, open, (i) =>
      (i === 0 || line[i - 1] === " ") && line[i + d.length] === " ");
    if (at >= 0 && (!best || at > best.at)) best = { at, len: d.length };
  }
  return best;
}

function validDateText(s: string): string | null {
  if (s.length === 0 || s.length > MAX_DATE || !HAS_YEAR.test(s)) return null;
  if (parseDateText(s)) return s;
  // "October 1, 2020." — a sentence-final dot after the date is not part of it.
  if (s.endsWith(".") && parseDateText(s.slice(0, -1))) return s.slice(0, -1);
  return null;
}

/** Recognises `… — Name (@handle) <date> [url]` at the end of a (trimmed) line. */
function detectAttribution(line: string): Attribution | null {
  if (line.length < 8) return null;
  const start = Math.max(0, line.length - MAX_TAIL);
  let end = line.length;
  let trailingUrl: string | null = null;

  // Optional trailing URL after the date: "... October 1, 2020 https://twitter.com/x/status/1".
  const lastSpace = line.lastIndexOf(" ");
  if (lastSpace >= start && line.length - lastSpace - 1 <= MAX_TRAILING_URL) {
    let tok = line.slice(lastSpace + 1);
    if (/^[(<[]/.test(tok) && /[)>\]]$/.test(tok)) tok = tok.slice(1, -1);
    if (/^https?:\/\/\S+$/i.test(tok)) {
      trailingUrl = tok;
      end = lastSpace;
    }
  }

  const close = line.lastIndexOf(")", end - 1);
  if (close < start || close < 3) return null;
  const dateText = validDateText(line.slice(close + 1, end).trim());
  if (!dateText) return null;
  // The date must be separated from the handle by a space.
  if (line[close + 1] !== " ") return null;

  const open = line.lastIndexOf("(", close - 1);
  if (open < 1 || close - open > MAX_HANDLE || line[open + 1] !== "@") return null;
  const h = HANDLE.exec(line.slice(open + 1, close));
  if (!h) return null;
  if (line[open - 1] !== " ") return null;

  const dash = findDash(line, open);
  if (!dash) return null;
  const name = line.slice(dash.at + dash.len, open).trim();
  return {
    body: line.slice(0, dash.at).trimEnd(),
    name: name === "" ? null : name,
    handle: h[1]!,
    dateText,
    trailingUrl,
  };
}

// ---------------------------------------------------------------------------------------------
// Paragraphs

/**
 * Groups lines into paragraphs (blank-line separated). A line that ends in an attribution also
 * closes its paragraph, so posts written one per line without blank lines are still separated.
 */
function toParagraphs(lines: string[]): Paragraph[] {
  const out: Paragraph[] = [];
  let buf: string[] = [];
  const flush = (attr: Attribution | null) => {
    if (attr) {
      if (attr.body !== "") buf.push(attr.body);
      out.push({ text: buf.join("\n"), attr });
    } else if (buf.length > 0) {
      out.push({ text: buf.join("\n"), attr: null });
    }
    buf = [];
  };
  for (const line of lines) {
    if (line === "") { flush(null); continue; }
    const attr = detectAttribution(line);
    if (attr) flush(attr);
    else buf.push(line);
  }
  flush(null);
  return out;
}

// ---------------------------------------------------------------------------------------------
// Does an unattributed paragraph read like part of a post?

const BOILERPLATE = /^(?:advertisement|sponsored|story continues|read more|read next|related|recommended|see also|more from|click here|sign up|subscribe|follow us|watch|stay tuned|more to come|developing|update[ds]?\b|editor['’]s note|photo:|image:|credit:|getty images)|\bif you or someone you know\b|\b(?:getty images|shutterstock|ap photo)\b/i;
const REPORTING = /\b(?:said|says|wrote|writes|tweeted|revealed|reveals|told|tells|added|adds|explained|explains|announced|announces|captioned|commented|responded|replied|reported|reports|recalled|noted|insisted|confirmed|thanked|praised|slammed|blasted|defended|joked|quipped|gushed|penned|urged|weighed in|chimed in|hit back|clapped back|according to|took to|in a statement|in an? (?:instagram|twitter|facebook|bluesky|tiktok) (?:post|story|video|live)|for comment|reached out|spokes(?:person|man|woman)|representatives?)\b/i;
const PERSON = /\b(?:i|me|my|mine|myself|we|our|ours|ourselves|you|your|yours|yourself|yourselves|y['’]all)\b/i;
// "us" but not the country "US".
const PERSON_US = /\b(?:us|Us)\b/;
const EMOJI = /\p{Extended_Pictographic}/u;
const STARTS_WITH_MENTION = /^@[A-Za-z0-9_]/;
const SHORT_END = /[!?…]$/;
const STATEMENT = /\b(?:\w+ed|was|were|is|are|has|have|had|he|she|they|it|his|her|their|them|others?|everyone|everybody|some|many|fans)\b/i;

/** Removes text inside double quotation marks (“…”, "…", «…»); an unclosed quote runs to the end. */
function stripQuotes(s: string): string {
  let out = "";
  let depth = 0;
  let straight = false;
  for (const ch of s) {
    if (ch === "“" || ch === "«" || ch === "„") { depth++; continue; }
    if ((ch === "”" || ch === "»") && depth > 0) { depth--; continue; }
    if (ch === "\"") { straight = !straight; continue; }
    if (depth === 0 && !straight) out += ch;
  }
  return out;
}

function readsLikePostParagraph(p: string): boolean {
  if (p.length > MAX_POST_PARAGRAPH) return false;
  if (p.endsWith(":")) return false;
  if (BOILERPLATE.test(p)) return false;
  const own = stripQuotes(p);
  if (REPORTING.test(own)) return false;
  if (PERSON.test(own) || PERSON_US.test(own)) return true;
  if (STARTS_WITH_MENTION.test(p)) return true;
  if (EMOJI.test(p)) return true;
  const words = p.split(" ").filter((w) => w !== "").length;
  // A short exclamation or question ("Heartbroken!", "Why?").
  if (words <= 6 && SHORT_END.test(p)) return true;
  // A verbless fragment of at most three words ("So sorry.", "Forty-one years."). A short
  // statement is prose: "Whitcombe thanked her teammates.", "Others were less kind.".
  return words <= 3 && p.endsWith(".") && !STATEMENT.test(p);
}

/** Post length as the platforms count it, roughly: code points, a URL weighing 23. */
function postWeight(text: string): number {
  let n = 0;
  for (const word of text.split(/[ \n]/)) {
    n += /^https?:\/\//i.test(word) ? URL_WEIGHT : [...word].length;
    n += 1;
  }
  return Math.max(0, n - 1);
}

// ---------------------------------------------------------------------------------------------
// Links, mentions, ids

const URL_RE = /\bhttps?:\/\/[^\s<>"“”‘’]+|(?<![\w/.])pic\.twitter\.com\/\w+/gi;
const TRAILING_PUNCT = new Set([".", ",", ";", ":", "!", "?", "'", "’", "”", "…", ")", "]", "}"]);

function cleanUrl(raw: string): string {
  let open = 0;
  let close = 0;
  for (const ch of raw) {
    if (ch === "(") open++;
    else if (ch === ")") close++;
  }
  let end = raw.length;
  while (end > 0 && TRAILING_PUNCT.has(raw[end - 1]!)) {
    const ch = raw[end - 1]!;
    // Keep a closing parenthesis that closes one opened inside the URL (Wikipedia-style links).
    if (ch === ")" && open >= close) break;
    if (ch === ")") close--;
    end--;
  }
  const url = raw.slice(0, end);
  return /^pic\.twitter\.com\//i.test(url) ? "https://" + url : url;
}

function extractLinks(text: string): string[] {
  const seen = new Set<string>();
  for (const m of text.matchAll(URL_RE)) {
    const url = cleanUrl(m[0]);
    if (/^https?:\/\/[^/\s]+\.[^/\s]/i.test(url)) seen.add(url);
  }
  return [...seen];
}

const MENTION_RE = /(?<![\w@./])@([A-Za-z0-9_][A-Za-z0-9_.-]*)/g;

function extractMentions(text: string): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  for (const m of text.matchAll(MENTION_RE)) {
    let h = m[1]!;
    let end = h.length;
    while (end > 0 && (h[end - 1] === "." || h[end - 1] === "-")) end--;
    h = h.slice(0, end);
    const key = h.toLowerCase();
    if (h && !seen.has(key)) { seen.add(key); out.push(h); }
  }
  return out;
}

const X_STATUS = /^https?:\/\/(?:www\.|mobile\.)?(?:twitter|x)\.com\/([A-Za-z0-9_]{1,15}|i(?:\/web)?)\/status(?:es)?\/(\d{1,20})(?:[/?#]|$)/i;
const BSKY_POST = /^https?:\/\/(?:www\.)?bsky\.app\/profile\/([^/?#\s]+)\/post\/([a-z0-9]{8,20})(?:[/?#]|$)/i;

function canonicalUrl(url: string): string {
  const cut = url.search(/[?#]/);
  return cut === -1 ? url : url.slice(0, cut);
}

/**
 * The platform id and URL of the post itself, when its own status/post URL appears (after the date
 * or in the text). A URL in the text only counts when it is the author's own (otherwise it is a
 * quoted post). Bluesky ids are AT URIs with the handle as authority (the DID is not printed).
 */
function ownPostId(platform: Platform, handle: string, urls: string[]): { id: string; url: string } | null {
  const h = handle.toLowerCase();
  for (const raw of urls) {
    const url = canonicalUrl(raw);
    if (platform === "x") {
      const m = X_STATUS.exec(url);
      if (m && (m[1]!.toLowerCase() === h || /^i(\/web)?$/i.test(m[1]!))) return { id: m[2]!, url };
    } else if (platform === "bluesky") {
      const m = BSKY_POST.exec(url);
      if (m && m[1]!.toLowerCase() === h) return { id: `at://${handle}/app.bsky.feed.post/${m[2]!}`, url };
    }
  }
  return null;
}

function platformOf(handle: string, dateText: string): Platform {
  if (handle.includes("@")) return "mastodon";
  if (handle.includes(".") || BSKY_TIME.test(dateText)) return "bluesky";
  return "x";
}

// ---------------------------------------------------------------------------------------------
// Assembly

/** Indexes of the unattributed paragraphs that belong to the post attributed at `i`. */
function leadingParagraphs(paras: Paragraph[], i: number): number[] {
  const taken: number[] = [];
  let j = i - 1;
  const self = paras[i]!;
  // Rule 5: a bare attribution takes the paragraph right before it.
  if (self.text === "" && j >= 0 && !paras[j]!.attr && !paras[j]!.text.endsWith(":")) {
    taken.unshift(j);
    j--;
  }
  // Rule 1: candidates up to the nearest boundary (a post, or an introducer ending with a colon).
  const candidates: number[] = [];
  while (j >= 0 && !paras[j]!.attr && !paras[j]!.text.endsWith(":")) {
    candidates.unshift(j);
    j--;
  }
  if (j < 0 || candidates.length === 0) return taken;
  // Rules 2-4.
  if (!candidates.every((k) => readsLikePostParagraph(paras[k]!.text))) return taken;
  const all = [...candidates, ...taken].map((k) => paras[k]!.text);
  if (self.text !== "") all.push(self.text);
  if (postWeight(all.join("\n\n")) > MAX_POST) return taken;
  return [...candidates, ...taken];
}

function emptyExtraction(url: string | null): Extraction {
  return { article: { url, title: null, byline: null, publishedAt: null, lang: null, text: "" }, posts: [] };
}

/**
 * True when the text looks like a flattened article: a `date YYYY-MM-DD` first line or at least one
 * `— Name (@handle) <date>` attribution.
 */
export function looksLikeFlatText(text: string): boolean {
  try {
    if (typeof text !== "string" || text.length === 0) return false;
    const lines = normaliseLines(text);
    if (readHeader(lines.slice()).hasDateLine) return true;
    for (const line of lines) if (line !== "" && detectAttribution(line)) return true;
    return false;
  } catch {
    return false;
  }
}

/** Extracts the article prose and every embedded post from a flattened article. Never throws. */
export function parseFlatText(text: string, options: FlatTextOptions = {}): Extraction {
  const url = options?.url ?? null;
  if (typeof text !== "string") return emptyExtraction(url);
  try {
    return parse(text, url);
  } catch {
    return emptyExtraction(url);
  }
}

function parse(text: string, url: string | null): Extraction {
  const lines = normaliseLines(text);
  const header = readHeader(lines);
  const paras = toParagraphs(lines);

  const owner = new Array<number>(paras.length).fill(-1);
  for (let i = 0; i < paras.length; i++) {
    if (!paras[i]!.attr) continue;
    owner[i] = i;
    for (const k of leadingParagraphs(paras, i)) owner[k] = i;
  }

  const posts: ExtractedPost[] = [];
  const prose: string[] = [];
  const parts = new Map<number, string[]>();
  for (let i = 0; i < paras.length; i++) {
    const p = paras[i]!;
    if (owner[i] === -1) { prose.push(p.text); continue; }
    const list = parts.get(owner[i]!) ?? [];
    if (p.text !== "") list.push(p.text);
    parts.set(owner[i]!, list);
    if (!p.attr) continue;

    const a = p.attr;
    const body = list.join("\n\n");
    const postText = body === "" ? null : body;
    const platform = platformOf(a.handle, a.dateText);
    const links = postText ? extractLinks(postText) : [];
    const own = ownPostId(platform, a.handle, [...(a.trailingUrl ? [a.trailingUrl] : []), ...links]);
    posts.push({
      platform,
      id: own?.id ?? contentId(platform, a.handle, a.dateText, postText),
      url: own?.url ?? null,
      author: { name: a.name, handle: a.handle },
      createdAt: parseDateText(a.dateText),
      dateText: a.dateText,
      text: postText,
      links,
      mentions: postText ? extractMentions(postText) : [],
      position: posts.length + 1,
      inArticle: true,
      lang: null, // flattened text keeps no language tag
    });
  }

  const article: ArticleMeta = {
    url,
    title: header.title,
    byline: null,
    publishedAt: header.publishedAt,
    lang: null,
    text: prose.join("\n\n"),
  };
  return { article, posts };
}
