import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { parseHTML } from "linkedom";
import { buildRoundup, renderHtml, renderMarkdown, renderJson, type RoundupPost } from "./index.ts";
import { shownDate } from "./roundup.ts";

const post = (over: Partial<RoundupPost>): RoundupPost => ({
  platform: "x", id: "1", url: "https://twitter.com/a/status/1", authorName: "Ann", authorHandle: "ann",
  createdAt: "2026-03-03", dateText: "March 3, 2026", text: "hello", role: "reaction", sourceUri: "a.html", ...over,
});

const hostile = `<script>alert(1)</script><img src=x onerror=alert(2)> [click](javascript:alert(3)) **bold** # heading`;

describe("roundup", () => {
  it("puts the subject first, then reactions in order", () => {
    const r = buildRoundup({ name: "s", title: null, subjects: ["sub"] }, [post({ id: "1" }), post({ id: "2", role: "subject" }), post({ id: "3" })]);
    assert.deepEqual(r.sections.map((s) => [s.key, s.posts.map((p) => p.id)]), [["subject", ["2"]], ["reactions", ["1", "3"]]]);
  });

  it("HTML escapes hostile post text, names and links", () => {
    const r = buildRoundup({ name: "<b>story</b>", title: null, subjects: [] }, [
      post({ text: hostile, authorName: `"><svg onload=alert(4)>`, url: "javascript:alert(5)" }),
    ]);
    const html = renderHtml(r);
    const { document } = parseHTML(html);
    assert.equal(document.querySelectorAll("script, img, svg").length, 0);
    assert.equal(document.querySelector("h1")!.textContent, "<b>story</b>");
    assert.equal(document.querySelectorAll('a[href^="javascript"]').length, 0, "javascript: URLs are dropped");
    assert.equal(document.querySelector(".post p")!.textContent, hostile);
  });

  it("Markdown escapes hostile text so no HTML, link or heading gets through", () => {
    const md = renderMarkdown(buildRoundup({ name: "s", title: null, subjects: [] }, [post({ text: hostile, url: "javascript:x" })]));
    assert.ok(!md.includes("<script>"));
    assert.doesNotMatch(md, /(?<!\\)\]\(javascript/);
    assert.match(md, /^> &lt;script&gt;/m);
    assert.ok(md.includes("\\*\\*bold\\*\\*"));
    assert.match(md, /— Ann \(@ann\) March 3, 2026$/m);
  });

  it("Markdown links each post to its source", () => {
    const md = renderMarkdown(buildRoundup({ name: "s", title: "Title", subjects: [] }, [post({})]));
    assert.match(md, /^# Title$/m);
    assert.match(md, /> — Ann \(@ann\) \[March 3, 2026\]\(<https:\/\/twitter\.com\/a\/status\/1>\)/);
  });

  it("says what a post lacks instead of inventing it", () => {
    const md = renderMarkdown(buildRoundup({ name: "s", title: null, subjects: [] }, [post({ text: null, authorName: null, authorHandle: null, dateText: null, createdAt: null, platform: "instagram", url: null })]));
    assert.match(md, /Instagram post without text/);
    assert.match(md, /^> — Instagram$/m);
  });

  it("JSON keeps every field for citation", () => {
    const r = buildRoundup({ name: "s", title: null, subjects: [] }, [post({})]);
    assert.deepEqual(JSON.parse(renderJson(r)), r);
  });
});

it("Markdown keeps a plain ampersand readable but neutralises entities", async () => {
  const { escapeMarkdown } = await import("./index.ts");
  assert.equal(escapeMarkdown("John & Chrissy"), "John & Chrissy");
  assert.equal(escapeMarkdown("&lt;script&gt;"), "&amp;lt;script&amp;gt;");
});

it("groups classified reactions into sections, subject first, article order within each", () => {
  const r = buildRoundup({ name: "s", title: null, subjects: [] }, [
    post({ id: "1", reaction: "support" }), post({ id: "2", role: "subject" }), post({ id: "3", reaction: "defense" }),
    post({ id: "4", reaction: "support" }), post({ id: "5", reaction: null }), post({ id: "6", reaction: "information" }),
  ]);
  assert.deepEqual(r.sections.map((s) => [s.key, s.posts.map((p) => p.id)]), [
    ["subject", ["2"]], ["support", ["1", "4"]], ["defense", ["3"]], ["information", ["6"]], ["other", ["5"]],
  ]);
});

it("collapses copies onto the post they repeat, and counts them", () => {
  const r = buildRoundup({ name: "s", title: null, subjects: [] }, [
    post({ id: "1", key: "x:1" }), post({ id: "2", key: "x:2", duplicateOf: "x:1" }), post({ id: "3", key: "x:3", duplicateOf: "x:1" }),
    post({ id: "4", key: "x:4", duplicateOf: "x:99" }),
  ]);
  const shown = r.sections.flatMap((s) => s.posts);
  assert.deepEqual(shown.map((p) => [p.id, p.copies ?? 0]), [["1", 2], ["4", 0]], "a copy of a post not in the story stays");
  assert.match(renderMarkdown(r), /\(and 2 copies of it\)/);
});

it("a post without a shown date is dated like the seed: Month D, YYYY, on its own calendar day", () => {
  assert.equal(shownDate("2026-03-05T18:00:00.000Z"), "March 5, 2026");
  assert.equal(shownDate("2026-03-05T23:30:00-05:00"), "March 5, 2026");
  assert.equal(shownDate("2026-03-05"), "March 5, 2026");
  assert.equal(shownDate(null), null);
  assert.equal(shownDate("soon"), "soon");
});
