import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { extractBody, renderText, toIsoDate } from "./body.ts";
import { parseHtmlDocument } from "./html.ts";

const fixture = (name: string) => readFileSync(new URL(`../../../test/fixtures/html/${name}`, import.meta.url), "utf8");

// The embed nodes are picked by hand here so these tests do not depend on the embed detectors.
function tweets(doc: Document): Element[] {
  return Array.from(doc.querySelectorAll("blockquote.twitter-tweet"));
}

test("metadata from meta tags: title, byline, ISO date with offset, <html lang>", () => {
  const doc = parseHtmlDocument(fixture("article-embeds.html"));
  const r = extractBody(doc, tweets(doc));
  assert.equal(r.title, "Harbour town celebrates its lighthouse keeper");
  assert.equal(r.byline, "Morgan Quill");
  assert.equal(r.publishedAt, "2024-05-14T09:30:00+01:00");
  assert.equal(r.lang, "en-GB");
});

test("metadata from JSON-LD @graph (headline, several authors, datePublished) and og:locale", () => {
  const doc = parseHtmlDocument(fixture("two-stories.html"));
  const r = extractBody(doc, tweets(doc));
  assert.equal(r.title, "Un pont de glace relie deux villages");
  assert.equal(r.byline, "Camille Roy, Luc Tremblay");
  assert.equal(r.publishedAt, "2023-01-20T07:15:00");
  assert.equal(r.lang, "fr-CA");
});

test("metadata fallbacks: twitter:title, dc.creator (only an English 'By' is stripped), <time datetime>, xml:lang", () => {
  const doc = parseHtmlDocument(fixture("metadata-fallbacks.html"));
  const r = extractBody(doc, []);
  assert.equal(r.title, "Feira de livros usados volta à praça");
  assert.equal(r.byline, "Por Beatriz Nunes");
  assert.equal(r.publishedAt, "2022-09-03T18:05:00Z");
  assert.equal(r.lang, "pt-BR");
  assert.match(r.text, /\n\nDepois de dois anos/);
  assert.match(r.text, /tendas para proteger os livros da chuva\.$/);
});

test("embedded posts' text does not leak into the body; paragraphs are separated by blank lines", () => {
  const doc = parseHtmlDocument(fixture("article-embeds.html"));
  const r = extractBody(doc, tweets(doc));
  assert.doesNotMatch(r.text, /Forty-one years of light|My grandmother kept|spring timetable/);
  assert.doesNotMatch(r.text, /saltmeresail|voxpop/);
  const paras = r.text.split("\n\n");
  assert.equal(paras.length, 5);
  assert.match(paras[0]!, /^The small harbour town of Saltmere/);
  assert.match(paras[4]!, /as long as she wants it\.$/);
  // Sidebar and footer text stay out too.
  assert.doesNotMatch(r.text, /Most read|All rights reserved|Fishing quotas/);
});

test("inArticle: true for embeds in the story, false for a sidebar embed", () => {
  const doc = parseHtmlDocument(fixture("article-embeds.html"));
  assert.deepEqual(extractBody(doc, tweets(doc)).inArticle, [true, true, false]);
});

test("inArticle: false for an embed in another story further down the page", () => {
  const doc = parseHtmlDocument(fixture("two-stories.html"));
  const r = extractBody(doc, tweets(doc));
  assert.deepEqual(r.inArticle, [true, false]);
  assert.doesNotMatch(r.text, /Traversée à pied|programmation du festival/);
});

test("an embed inside <noscript> is placed where the <noscript> stands", () => {
  const html = `<html><body><article>${"<p>Paragraph of the article with enough words to be scored as real content by the extractor.</p>".repeat(6)}
    <noscript><blockquote class="twitter-tweet"><p>Fallback post text</p></blockquote></noscript>
    ${"<p>More article text after the embed, long enough to count as a paragraph of prose.</p>".repeat(3)}</article></body></html>`;
  const doc = parseHtmlDocument(html);
  const r = extractBody(doc, tweets(doc));
  assert.deepEqual(r.inArticle, [true]);
  assert.doesNotMatch(r.text, /Fallback post text/);
});

test("embed nodes that are not in the document are simply not in the article", () => {
  const doc = parseHtmlDocument("<p>x</p>");
  const stray = doc.createElement("blockquote");
  assert.deepEqual(extractBody(doc, [stray]).inArticle, [false]);
});

test("empty document: empty text, null metadata", () => {
  const r = extractBody(parseHtmlDocument(""), []);
  assert.deepEqual(r, { title: null, byline: null, publishedAt: null, lang: null, text: "", inArticle: [] });
});

test("renderText: blocks become paragraphs, <br> a line break, inline runs stay joined", () => {
  const doc = parseHtmlDocument("<div><p>One <b>bold</b>word.</p><p>Two<br>lines</p><ul><li>a</li><li>b</li></ul>tail</div>");
  assert.equal(renderText(doc.body), "One boldword.\n\nTwo\nlines\n\na\n\nb\n\ntail");
});

test("toIsoDate: ISO variants, RFC 2822, printed dates; null for junk", () => {
  assert.equal(toIsoDate("2020-03-01"), "2020-03-01");
  assert.equal(toIsoDate("2020-03-01T10:00:00.000Z"), "2020-03-01T10:00:00Z");
  assert.equal(toIsoDate("2020-03-01 10:00:00 +0200"), "2020-03-01T10:00:00+02:00");
  assert.equal(new Date(toIsoDate("Sun, 01 Mar 2020 10:00:00 GMT")!).toISOString(), "2020-03-01T10:00:00.000Z");
  assert.equal(toIsoDate("March 1, 2020"), "2020-03-01");
  assert.equal(toIsoDate("yesterday"), null);
  assert.equal(toIsoDate("2020-02-31"), null);
});

test("a feed of several stories: only the page's own story is the article, embeds at its very start and end included", () => {
  const doc = parseHtmlDocument(fixture("story-feed.html"));
  const r = extractBody(doc, tweets(doc));
  assert.deepEqual(r.inArticle, [true, true, false]);
  assert.match(r.text, /sleeper services have resumed/);
  assert.doesNotMatch(r.text, /harvest festival|riverside meadow/i);
  assert.doesNotMatch(r.text, /Slept like a log|First night train/);
});
