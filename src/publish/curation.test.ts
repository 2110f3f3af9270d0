// The roundup from the editor's curation: selection, curated order (the same as src/curate's
// sort=curated), editor and custom sections, copies, and notes that never reach any output.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { parseHTML } from "linkedom";
import { buildRoundup, renderHtml, renderJson, renderMarkdown, type RoundupPost } from "./index.ts";
import { compareCurated, foldDecisions, UNDECIDED } from "../curate/index.ts";
import type { Curation, Decision, DecisionAction } from "../store/store.ts";

const story = { name: "s", title: "Story", subjects: ["sub"] };
let n = 0;
const post = (over: Partial<RoundupPost> & { id: string }): RoundupPost => ({
  platform: "x", url: `https://twitter.com/a/status/${over.id}`, authorName: "Ann", authorHandle: "ann",
  createdAt: "2026-03-03", dateText: "March 3, 2026", text: `post ${over.id}`, role: "reaction", sourceUri: null,
  key: `x:${over.id}`, reaction: "support", position: ++n, ...over,
});
const cur = (over: Partial<Curation>): Curation => ({ ...UNDECIDED, ...over });
const ids = (r: ReturnType<typeof buildRoundup>) => r.sections.map((s) => [s.key, s.posts.map((p) => p.id)]);

describe("roundup selection", () => {
  it("publishes only the included posts once any post is included", () => {
    const r = buildRoundup(story, [
      post({ id: "1", curation: cur({ status: "included" }) }), post({ id: "2" }),
      post({ id: "3", curation: cur({ status: "excluded" }) }), post({ id: "4", curation: cur({ status: "included" }) }),
    ]);
    assert.deepEqual(ids(r), [["support", ["1", "4"]]]);
  });

  it("publishes every post not excluded while nothing is included (today's behaviour)", () => {
    const r = buildRoundup(story, [post({ id: "1" }), post({ id: "2", curation: cur({ status: "excluded" }) }), post({ id: "3", curation: cur({ pinned: true }) })]);
    assert.deepEqual(ids(r), [["support", ["3", "1"]]]);
  });

  it("selection 'all' previews every post not excluded, included or not", () => {
    const r = buildRoundup(story, [post({ id: "1", curation: cur({ status: "included" }) }), post({ id: "2" }), post({ id: "3", curation: cur({ status: "excluded" }) })], { selection: "all" });
    assert.deepEqual(ids(r), [["support", ["1", "2"]]]);
  });

  it("counts every available copy on the shown original, included or not, but not excluded ones", () => {
    const r = buildRoundup(story, [
      post({ id: "1", curation: cur({ status: "included" }) }),
      post({ id: "2", duplicateOf: "x:1" }), post({ id: "3", duplicateOf: "x:1", curation: cur({ status: "included" }) }),
      post({ id: "4", duplicateOf: "x:1", curation: cur({ status: "excluded" }) }),
      post({ id: "5", duplicateOf: "x:9", curation: cur({ status: "included" }) }),
    ]);
    assert.deepEqual(r.sections.flatMap((s) => s.posts.map((p) => [p.id, p.copies ?? 0])), [["1", 2], ["5", 0]]);
  });
});

describe("roundup order", () => {
  it("puts pinned posts first in their section, and a pinned subject post first overall", () => {
    const r = buildRoundup(story, [
      post({ id: "s1", role: "subject" }), post({ id: "s2", role: "subject", curation: cur({ pinned: true }) }),
      post({ id: "1" }), post({ id: "2", curation: cur({ pinned: true }) }), post({ id: "3", reaction: "prayer", curation: cur({ pinned: true }) }),
    ]);
    assert.deepEqual(ids(r), [["subject", ["s2", "s1"]], ["support", ["2", "1"]], ["prayer", ["3"]]]);
    assert.equal(r.sections[0]!.posts[0]!.pinned, true);
    assert.equal(r.sections[0]!.posts[1]!.pinned, undefined);
  });

  it("orders by rank on the position scale, as src/curate does (rank 0 first, 2.5 between 2 and 3)", () => {
    const r = buildRoundup(story, [
      post({ id: "a", position: 1 }), post({ id: "b", position: 2 }), post({ id: "c", position: 3 }),
      post({ id: "d", position: 4, curation: cur({ rank: 2.5 }) }), post({ id: "e", position: 5, curation: cur({ rank: 0 }) }),
    ]);
    assert.deepEqual(ids(r), [["support", ["e", "a", "b", "d", "c"]]]);
  });

  it("matches the feed's sort=curated for a folded decision log", () => {
    const posts = Array.from({ length: 6 }, (_, i) => post({ id: String(i + 1), position: i + 1 }));
    let id = 0;
    const d = (action: DecisionAction, pid: string, value: unknown = null): Decision =>
      ({ id: ++id, story: "s", action, post: { platform: "x", id: pid }, value, actor: null, createdAt: "2026-03-03T00:00:00Z", undone: false });
    const log = [d("move", "5", { rank: 0 }), d("pin", "3"), d("move", "1", { rank: 4.5 }), d("include", "2"), d("exclude", "2"), d("move", "6", { rank: 1.5 })];
    const { state } = foldDecisions(log);
    const curated = posts.map((p) => ({ ...p, curation: state.get(`x:${p.id}`) ?? UNDECIDED }));
    const feedOrder = curated
      .filter((p) => p.curation.status !== "excluded")
      .sort((a, b) => compareCurated({ curation: a.curation, position: a.position! }, { curation: b.curation, position: b.position! }))
      .map((p) => p.id);
    assert.deepEqual(buildRoundup(story, curated).sections[0]!.posts.map((p) => p.id), feedOrder);
    assert.deepEqual(feedOrder, ["3", "5", "6", "4", "1"]);
  });
});

describe("roundup sections", () => {
  it("an editor's section moves a post: a reaction key, a section title, or a custom section after the built-in ones", () => {
    const r = buildRoundup(story, [
      post({ id: "1", curation: cur({ section: "Best of the rest" }) }),
      post({ id: "2", curation: cur({ section: "prayer" }) }),
      post({ id: "3", reaction: "criticism" }),
      post({ id: "4", curation: cur({ section: "Pushing back against the critics" }) }),
      post({ id: "5", curation: cur({ section: "From readers" }) }),
      post({ id: "6", reaction: "humor", curation: cur({ section: "Best of the rest" }) }),
      post({ id: "7", curation: cur({ section: "   " }) }),
      post({ id: "8", role: "subject", curation: cur({ section: "From readers" }) }),
    ]);
    assert.deepEqual(r.sections.map((s) => [s.key, s.title, s.posts.map((p) => p.id)]), [
      ["support", "Love and support", ["7"]],
      ["prayer", "Prayers", ["2"]],
      ["defense", "Pushing back against the critics", ["4"]],
      ["criticism", "Criticism", ["3"]],
      ["custom:Best of the rest", "Best of the rest", ["1", "6"]],
      ["custom:From readers", "From readers", ["5", "8"]],
    ]);
  });

  it("custom sections come in the order the curated list first uses them", () => {
    const r = buildRoundup(story, [
      post({ id: "1", curation: cur({ section: "B" }) }), post({ id: "2", curation: cur({ section: "A", pinned: true }) }),
    ]);
    assert.deepEqual(r.sections.map((s) => s.title), ["A", "B"]);
  });

  it("keeps unclassified reactions together, with editor-assigned sections beside them", () => {
    const r = buildRoundup(story, [post({ id: "1", reaction: null }), post({ id: "2", reaction: null, curation: cur({ section: "information" }) }), post({ id: "3", reaction: null, role: "subject" })]);
    assert.deepEqual(ids(r), [["subject", ["3"]], ["information", ["2"]], ["reactions", ["1"]]]);
  });
});

describe("notes are never published", () => {
  const note = "EDITOR-ONLY: check with legal before running";
  const r = buildRoundup(story, [
    post({ id: "1", curation: cur({ status: "included", note, section: "<script>alert(1)</script>" }) }),
    post({ id: "2", role: "subject", curation: cur({ status: "included", note, pinned: true }) }),
  ]);

  it("in the roundup data, Markdown, HTML and JSON", () => {
    assert.ok(r.sections.every((s) => s.posts.every((p) => !("curation" in p))));
    for (const out of [renderMarkdown(r), renderHtml(r), renderHtml(r, { embeds: "official" }), renderJson(r)]) assert.ok(!out.includes("EDITOR-ONLY"));
  });

  it("even when a caller hands renderJson posts that still carry curation", () => {
    const leaky = { ...r, sections: [{ key: "k", title: "t", posts: [post({ id: "9", curation: cur({ note }) })] }] };
    assert.ok(!renderJson(leaky).includes("EDITOR-ONLY"));
  });

  it("a custom section title is untrusted text too", () => {
    const { document } = parseHTML(renderHtml(r));
    assert.equal(document.querySelectorAll("script").length, 0);
    assert.equal(document.querySelectorAll("h2")[1]!.textContent, "<script>alert(1)</script>");
    assert.match(renderMarkdown(r), /^## &lt;script&gt;alert\(1\)&lt;\/script&gt;$/m);
  });
});
