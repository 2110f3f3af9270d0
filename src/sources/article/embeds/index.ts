// Embedded-post detection: finds every social-media post embedded in an article's raw DOM (X/Twitter,
// Bluesky, Mastodon/Truth Social, Instagram, Threads, TikTok, YouTube, Facebook), reads what the
// markup shows (never guessing what it does not), and returns each post once, in document order,
// with the outermost element of its embed so the body extractor can cut the embed out of the text.
// It runs before main-text extraction; besides `node`, the `duplicates` of each post (further
// copies of the same embed) should be cut out too. The walk is iterative and bounded, and a detector that
// trips on malformed markup is skipped rather than allowed to throw.

import type { Detector, DetectedEmbed, EmbeddedPost } from "./types.ts";
import { detectTwitter } from "./twitter.ts";
import { detectInstagram } from "./instagram.ts";
import { detectBluesky } from "./bluesky.ts";
import { detectMastodon } from "./mastodon.ts";
import { detectVideo } from "./video.ts";
import { detectFacebook } from "./facebook.ts";
import { detectAmp } from "./amp.ts";
import { detectWrapped } from "./wrappers.ts";
import { climbWrapper, tag } from "./text.ts";

export type { EmbeddedPost, DetectedEmbed } from "./types.ts";
export { collapse, textOf } from "./text.ts";

// AMP components first (their tags collide with nothing); Bluesky next: its blockquotes are
// recognised by attributes that never collide with others. URL-only carriers (proxy frames,
// unresolved WordPress blocks) last, so that a frame a platform detector knows is read by it.
export const DETECTORS: Detector[] = [
  detectAmp, detectBluesky, detectTwitter, detectInstagram, detectMastodon, detectVideo, detectFacebook, detectWrapped,
];

// Cheap pre-check run on every element before any detector: an element can only start an embed
// if its tag, its class or one of a few data attributes says so. Every detector's entry condition
// must be covered here (a test checks this on all fixtures).
const TAG_TRIGGERS = new Set(["BLOCKQUOTE", "IFRAME", "AMP-IFRAME", "LITE-YOUTUBE", "TWITTER-WIDGET"]);
const CLASS_TRIGGER = /twitter-|subbuzz-tweet|fb-post|fb-video|wp-block-embed/;
const ATTR_TRIGGERS = ["data-tweet-id", "data-tweet-url", "data-instgrm-permalink", "data-bluesky-uri"];

export function mayBeEmbed(el: Element, t: string = tag(el)): boolean {
  if (TAG_TRIGGERS.has(t) || t.startsWith("AMP-")) return true;
  if (!el.hasAttributes()) return false;
  const c = el.getAttribute("class");
  if (c && CLASS_TRIGGER.test(c)) return true;
  for (const a of ATTR_TRIGGERS) if (el.hasAttribute(a)) return true;
  return false;
}

// Script, style and template bodies are code or inert markup (page JSON repeats tweet ids: those are
// not embeds) and are never read. <noscript> is read in a second pass, and only for posts that
// appear nowhere else: lazy-loading sites sometimes ship an embed's markup only as the no-JS
// fallback, which then is the post's only carrier on the page.
const SKIP = new Set(["SCRIPT", "STYLE", "TEMPLATE", "NOSCRIPT", "SVG", "HEAD", "TEXTAREA", "SELECT"]);
/** Upper bound on elements visited, so a pathological page cannot make detection unbounded. */
const MAX_ELEMENTS = 500_000;

export interface DetectOptions {
  maxElements?: number;
}

interface Found extends DetectedEmbed { order: number }
interface Walk { found: Found[]; byKey: Map<string, Found>; budget: number; noscripts: Array<{ el: Element; order: number }> }

export function detectEmbeds(doc: Document, options: DetectOptions = {}): DetectedEmbed[] {
  // Walk from the document's first element across all top-level elements: parsers given a fragment
  // (no <html>) can leave several elements at the top, and linkedom's `body` getter throws on an
  // empty document.
  let first: Element | null = null;
  try {
    first = (doc as unknown as ParentNode).firstElementChild ?? null;
  } catch {
    return [];
  }
  if (!first) return [];
  const state: Walk = { found: [], byKey: new Map(), budget: options.maxElements ?? MAX_ELEMENTS, noscripts: [] };
  walk(first, null, state, 0);

  for (const { el, order } of state.noscripts) {
    const inner = noscriptContent(el, doc);
    if (!inner) continue;
    const sub: Walk = { found: [], byKey: new Map(), budget: state.budget, noscripts: [] };
    walk(inner, inner, sub, order);
    state.budget = sub.budget;
    for (const f of sub.found) {
      // The fallback is removed as a whole: it is the outermost element of the embed in the page.
      record(f.post, el, state, order);
    }
  }
  return state.found
    .sort((a, b) => a.order - b.order)
    .map(({ post, node, duplicates }) => ({ post, node, duplicates }));
}

/** Iterative pre-order walk: document order, no recursion, a matched embed's subtree is skipped so
 * that returned nodes never nest. `stop` bounds the walk to a subtree (null: the whole document). */
function walk(start: Element, stop: Element | null, state: Walk, baseOrder: number): void {
  let el: Element | null = stop ? start.firstElementChild : start;
  let order = baseOrder;
  while (el && state.budget-- > 0) {
    order++;
    const t = tag(el);
    if (t === "NOSCRIPT") state.noscripts.push({ el, order });
    let match: ReturnType<Detector> = null;
    if (!SKIP.has(t) && mayBeEmbed(el, t)) {
      for (const detect of DETECTORS) {
        try {
          match = detect(el);
        } catch {
          match = null; // malformed markup: not an embed we can read
        }
        if (match) break;
      }
    }
    if (match) {
      // The outermost element of the embed: a site or CMS wrapper that holds nothing else (WordPress's
      // figure.wp-block-embed with its caption, div.embed-twitter...) goes with it.
      if (!stop) match.node = climbWrapper(match.node); // (a <noscript> fallback is cut whole anyway)
      record(match.post, match.node, state, stop ? baseOrder : order);
      // A detector may return a wrapper above `el`; continue after whichever is outermost.
      el = nextAfter(match.node.contains(el) ? match.node : el, stop);
      continue;
    }
    el = SKIP.has(t) ? nextAfter(el, stop) : (el.firstElementChild ?? nextAfter(el, stop));
  }
}

/** The markup inside a <noscript>: parsed elements, or its raw text parsed when the HTML parser
 * kept it as text (as browsers with scripting enabled do). */
function noscriptContent(el: Element, doc: Document): Element | null {
  try {
    if (el.firstElementChild) return el;
    const raw = el.textContent ?? "";
    if (!raw.includes("<")) return null;
    const holder = doc.createElement("div");
    holder.innerHTML = raw;
    return holder;
  } catch {
    return null;
  }
}

function nextAfter(el: Element, stop: Element | null): Element | null {
  let cur: Element | null = el;
  while (cur && cur !== stop) {
    if (cur.nextElementSibling) return cur.nextElementSibling;
    cur = cur.parentElement;
  }
  return null;
}

function record(post: EmbeddedPost, node: Element, state: Walk, order: number): void {
  const key = `${post.platform}:${post.id}`;
  const prior = state.byKey.get(key);
  if (!prior) {
    const embed: Found = { post, node, duplicates: [], order };
    state.byKey.set(key, embed);
    state.found.push(embed);
    return;
  }
  // The same post twice (e.g. a rendered copy and a blockquote): keep the first, fill what it lacks.
  // A copy inside the first carrier (e.g. a <noscript> within a wrapper figure) goes with it.
  if (node !== prior.node && !prior.node.contains(node) && !prior.duplicates.includes(node)) prior.duplicates.push(node);
  const p = prior.post;
  p.url ??= post.url;
  p.author.name ??= post.author.name;
  p.author.handle ??= post.author.handle;
  if (p.dateText === null && post.dateText !== null) {
    p.dateText = post.dateText;
    p.createdAt = post.createdAt;
  }
  p.createdAt ??= post.createdAt;
  if (p.text === null && post.text !== null) {
    p.text = post.text;
    p.links = post.links;
    p.mentions = post.mentions;
  }
}
