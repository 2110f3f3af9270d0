import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { parseHtmlDocument, pruneHtml, readHtml } from "./html.ts";
import { bodiesAvailable, defaultDataDir, evaluateBodies, formatBodyReport } from "../../../eval/body.ts";

const fixture = (name: string) => readFileSync(new URL(`../../../test/fixtures/html/${name}`, import.meta.url), "utf8");

test("readHtml: posts in document order with 1-based positions, inArticle, article metadata", () => {
  const r = readHtml(fixture("article-embeds.html"));
  assert.deepEqual(r.posts.map((p) => [p.position, p.id, p.author.handle, p.inArticle]), [
    [1, "1790000000000000001", "saltmeresail", true],
    [2, "1790000000000000002", "rowanashby", true],
    [3, "1790000000000000003", "islandferries", false],
  ]);
  assert.equal(r.article.url, "https://gazette.example/2024/05/lighthouse-keeper");
  assert.equal(r.article.title, "Harbour town celebrates its lighthouse keeper");
  assert.equal(r.article.byline, "Morgan Quill");
  assert.equal(r.article.publishedAt, "2024-05-14T09:30:00+01:00");
  assert.equal(r.article.lang, "en-GB");
  for (const p of r.posts) assert.ok(!r.article.text.includes(p.text!.slice(0, 20)), `post text leaked: ${p.text}`);
});

test("readHtml: options.url wins over the canonical link; og:url when there is no canonical", () => {
  assert.equal(readHtml(fixture("article-embeds.html"), { url: "https://elsewhere.example/x" }).article.url, "https://elsewhere.example/x");
  assert.equal(readHtml(`<html><head><meta property="og:url" content="https://og.example/a"></head><body><p>x</p></body></html>`).article.url, "https://og.example/a");
  assert.equal(readHtml("<p>x</p>").article.url, null);
});

test("readHtml: an embed in another story further down is not in the article", () => {
  const r = readHtml(fixture("two-stories.html"));
  assert.deepEqual(r.posts.map((p) => [p.position, p.inArticle]), [[1, true], [2, false]]);
  assert.doesNotMatch(r.article.text, /Traversée à pied|programmation du festival/);
});

test("readHtml: the same post embedded twice is one post and neither copy leaks", () => {
  const tweet = `<blockquote class="twitter-tweet"><p lang="en">Copy me twice please, said the lighthouse.</p>&mdash; Keeper (@keeper) <a href="https://twitter.com/keeper/status/1790000000000000009">May 1, 2024</a></blockquote>`;
  const prose = "<p>A paragraph of article prose that is long enough to be scored as real content here.</p>".repeat(5);
  const r = readHtml(`<html><body><article>${prose}${tweet}${prose}${tweet}</article></body></html>`);
  assert.equal(r.posts.length, 1);
  assert.equal(r.posts[0]!.inArticle, true);
  assert.doesNotMatch(r.article.text, /Copy me twice/);
});

test("hostile HTML: 10,000 and 50,000 nested tags return without throwing", () => {
  for (const n of [10_000, 50_000]) {
    const html = `<html><body>${"<div>".repeat(n)}deep text${"</div>".repeat(n)}<p>after</p></body></html>`;
    const r = readHtml(html);
    assert.equal(typeof r.article.text, "string");
    assert.match(r.article.text, /deep text/);
    const unclosed = readHtml(`<body>${"<span><b>".repeat(n)}x`);
    assert.equal(typeof unclosed.article.text, "string");
  }
});

test("hostile HTML: binary junk, invalid markup, broken attributes, stray closers", () => {
  const junk = Array.from({ length: 20_000 }, (_, i) => String.fromCharCode((i * 7919) % 65536)).join("");
  const inputs = [
    junk,
    "\u0000\u0001\u0002<\u0000div>\uFFFF\uD800<<<>>></ /><!-- never closed",
    "<div><p>unclosed <b>bold <i>x</p><table><td>cell</div></body></html><p>after html</p>",
    `<div class="a" data-x='{"unterminated: "<p>' title="x>y">t</div><script>if (a < b) { "</div>" }`,
    "<svg><svg><g></svg>text after broken svg",
    "<html><html><body><body><head><title>late</title></head>text",
    "</p></div></body>",
    "<!doctype html>",
    // Inputs that would make a naive tag scanner or extractor quadratic.
    "<a".repeat(50_000),
    "<svg>".repeat(20_000) + "text",
    ('<a "' + "<b '").repeat(20_000),
    "<!--".repeat(50_000),
    "<p>".repeat(50_000),
    `<div ${"a=1 ".repeat(50_000)}>x</div>`,
  ];
  // Megabytes of attributes once overflowed a regex's backtracking stack in the pruner.
  assert.match(readHtml(`<div ${'a="1" '.repeat(500_000)}>kept text</div>`).article.text, /kept text/);
  for (const html of inputs) {
    assert.doesNotThrow(() => readHtml(html), `input: ${JSON.stringify(html.slice(0, 40))}`);
    const doc = parseHtmlDocument(html);
    assert.equal(doc.documentElement.localName, "html");
    assert.equal(doc.head.localName, "head");
    assert.equal(doc.body.localName, "body");
  }
});

test("empty document: empty article, no posts", () => {
  for (const html of ["", "   ", "<html></html>"]) {
    const r = readHtml(html);
    assert.deepEqual(r.posts, []);
    assert.equal(r.article.text, "");
    assert.equal(r.article.title, null);
  }
});

test("parseHtmlDocument: content outside <body> is moved in; head tags go to <head>", () => {
  const doc = parseHtmlDocument("<!doctype html><title>T</title><p>one</p><html><p>two</p></html>");
  assert.equal(doc.title, "T");
  assert.match(doc.body.textContent ?? "", /one/);
});

test("pruneHtml: drops comments, scripts (not JSON-LD), styles, svg drawings, whitespace between blocks", () => {
  const out = pruneHtml(`<head><script>var s = "<p>";</script><script type="application/ld+json">{"a":1}</script><style>p{}</style></head>
    <body>\n  <div>\n <p>Hi <b>x</b> <i>y</i></p> <!-- c --> <svg viewBox="0 0 1 1"><path d="M0"/></svg></div>
    <pre>\n  kept\n</pre><noscript><blockquote class="twitter-tweet">t</blockquote></noscript></body>`);
  assert.doesNotMatch(out, /var s|<style|<!--|<path/);
  assert.match(out, /application\/ld\+json">\{"a":1\}<\/script>/);
  assert.match(out, /<div><p>Hi <b>x<\/b> <i>y<\/i><\/p>/);
  assert.match(out, /<pre>\n  kept\n<\/pre>/);
  assert.match(out, /<noscript><blockquote class="twitter-tweet">t<\/blockquote><\/noscript>/);
});

test("body quality on the article-extraction-benchmark: voxpop F1 >= Readability.js F1", async (t) => {
  const dataDir = defaultDataDir();
  if (!bodiesAvailable(dataDir)) {
    t.skip(`benchmark pages not found under ${dataDir}/articles/bodies (set VOXPOP_DATA)`);
    return;
  }
  const report = await evaluateBodies(dataDir);
  t.diagnostic(formatBodyReport(report));
  assert.ok(report.pages > 0);
  assert.ok(report.voxpop.f1 >= report.readability.f1, formatBodyReport(report));
});

test("pruneHtml: markup nested past 1,000 levels is dropped, its text kept", () => {
  const out = pruneHtml(`<body>${"<div><span>".repeat(3000)}deep text${"</span></div>".repeat(3000)}<p>after</p></body>`);
  assert.ok((out.match(/<div>/g) ?? []).length <= 1000);
  assert.equal((out.match(/<div>/g) ?? []).length, (out.match(/<\/div>/g) ?? []).length);
  assert.match(out, /deep text/);
  assert.match(out, /<p>after<\/p><\/body>$/);
});
