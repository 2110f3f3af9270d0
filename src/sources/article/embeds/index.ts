// Embedded-post detection: finds every social-media post embedded in an article's raw DOM (X/Twitter,
// Bluesky, Mastodon/Truth Social, Instagram, Threads, TikTok, YouTube, Facebook), reads what the
// markup shows (never guessing what it does not), and returns each post once, in document order,
// with the outermost element of its embed so the body extractor can cut the embed out of the text.
// It runs before main-text extraction. The walk is iterative and bounded, and a detector that
// trips on malformed markup is skipped rather than allowed to throw.

import type { Detector, DetectedEmbed, EmbeddedPost } from "./types.ts";
import { detectTwitter } from "./twitter.ts";
import { detectInstagram } from "./instagram.ts";
import { detectBluesky } from "./bluesky.ts";
import { detectMastodon } from "./mastodon.ts";
import { detectVideo } from "./video.ts";
import { detectFacebook } from "./facebook.ts";
import { tag } from "./text.ts";

export type { EmbeddedPost, DetectedEmbed } from "./types.ts";
export { collapse, textOf } from "./text.ts";

// Bluesky first: its blockquotes are recognised by attributes that never collide with others.
const DETECTORS: Detector[] = [detectBluesky, detectTwitter, detectInstagram, detectMastodon, detectVideo, detectFacebook];

// Script, style and template bodies are code or inert markup (page JSON repeats tweet ids: those are
// not embeds). <noscript> holds fallbacks for content that is present elsewhere on the page.
const SKIP = new Set(["SCRIPT", "STYLE", "TEMPLATE", "NOSCRIPT", "SVG", "HEAD", "TEXTAREA", "SELECT"]);
/** Upper bound on elements visited, so a pathological page cannot make detection unbounded. */
const MAX_ELEMENTS = 500_000;

export interface DetectOptions {
  maxElements?: number;
}

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
  const found: DetectedEmbed[] = [];
  const byKey = new Map<string, DetectedEmbed>();
  let budget = options.maxElements ?? MAX_ELEMENTS;

  // Iterative pre-order walk: document order, no recursion, a matched embed's subtree is skipped
  // so that returned nodes never nest.
  let el: Element | null = first;
  while (el && budget-- > 0) {
    let match: ReturnType<Detector> = null;
    if (!SKIP.has(tag(el))) {
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
      record(match.post, match.node, found, byKey);
      // A detector may return a wrapper above `el`; continue after whichever is outermost.
      el = nextAfter(match.node.contains(el) ? match.node : el);
      continue;
    }
    el = SKIP.has(tag(el)) ? nextAfter(el) : (el.firstElementChild ?? nextAfter(el));
  }
  return found;
}

function nextAfter(el: Element): Element | null {
  let cur: Element | null = el;
  while (cur) {
    if (cur.nextElementSibling) return cur.nextElementSibling;
    cur = cur.parentElement;
  }
  return null;
}

function record(post: EmbeddedPost, node: Element, found: DetectedEmbed[], byKey: Map<string, DetectedEmbed>): void {
  const key = `${post.platform}:${post.id}`;
  const prior = byKey.get(key);
  if (!prior) {
    const embed: DetectedEmbed = { post, node, duplicates: [] };
    byKey.set(key, embed);
    found.push(embed);
    return;
  }
  // The same post twice (e.g. a rendered copy and a blockquote): keep the first, fill what it lacks.
  prior.duplicates.push(node);
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
