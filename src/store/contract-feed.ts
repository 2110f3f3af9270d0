// The Store contract for curation and the feed (issue 5): the decision log, the feed query,
// postsAfter, storyStats and the facets kept from annotations. Called by storeContract
// (./contract.ts) with its helpers, so every Store implementation runs it. All posts are
// fictional.

import { describe, it } from "node:test";
import assert from "node:assert/strict";
import type { CollectedPost, Platform } from "../core/index.ts";
import type { Decision, FeedPost, PostAnnotations, PostQuery, Store, StoryMatch } from "./store.ts";

interface Helpers {
  withStore: (fn: (store: Store) => Promise<void>) => () => Promise<void>;
  fakePost: (n: number, over?: Partial<CollectedPost>) => CollectedPost;
  isCode: (code: string) => (err: unknown) => boolean;
}

/** One row per post of the feed story: what each filter and sort will see. */
interface Spec {
  n: number;
  platform: Platform;
  hour: number | null;
  reaction: string | null;
  lang: string;
  emotions: string[];
  offensive?: boolean;
  hate?: boolean;
  notability: number;
  relevance: number;
  subject?: boolean;
  text: string;
}

const SPECS: Spec[] = [
  { n: 1, platform: "bluesky", hour: 5, reaction: null, lang: "en", emotions: ["sadness"], notability: 0.9, relevance: 1, subject: true, text: "We lost our baby and we are heartbroken" },
  { n: 2, platform: "bluesky", hour: 3, reaction: "support", lang: "en", emotions: ["love", "caring"], notability: 0.2, relevance: 0.5, text: "Sending love and strength to you both" },
  { n: 3, platform: "mastodon", hour: 9, reaction: "condolence", lang: "es", emotions: ["sadness"], notability: 0.4, relevance: 0.7, text: "Lo siento mucho por su pérdida" },
  { n: 4, platform: "bluesky", hour: 1, reaction: "criticism", lang: "en", emotions: ["anger"], offensive: true, notability: 0.1, relevance: 0.3, text: "Why share this, attention seeking again" },
  { n: 5, platform: "x", hour: 12, reaction: "personal", lang: "en", emotions: [], notability: 0.6, relevance: 0.9, text: "The same happened to us in 2029, sending love" },
  { n: 6, platform: "mastodon", hour: 7, reaction: "support", lang: "fr", emotions: ["caring"], notability: 0.3, relevance: 0.2, text: "Toute notre force et notre amour" },
  { n: 7, platform: "bluesky", hour: 2, reaction: "criticism", lang: "en", emotions: ["disgust"], hate: true, notability: 0.05, relevance: 0.4, text: "People like them should not be on television" },
  { n: 8, platform: "x", hour: 11, reaction: "information", lang: "en", emotions: ["neutral"], notability: 0.8, relevance: 0.6, text: "One in four pregnancies ends in loss, a fictional statistic" },
  { n: 9, platform: "bluesky", hour: 4, reaction: "defense", lang: "en", emotions: ["anger", "caring"], notability: 0.5, relevance: 0.8, text: "Leave them alone, grief is not attention seeking" },
  { n: 10, platform: "mastodon", hour: 8, reaction: "praise", lang: "de", emotions: ["admiration"], notability: 0.7, relevance: 0.1, text: "Danke, dass ihr das teilt" },
  { n: 11, platform: "x", hour: 6, reaction: "prayer", lang: "en", emotions: ["caring"], notability: 0.0, relevance: 0.65, text: "Praying for your family tonight" },
  { n: 12, platform: "bluesky", hour: null, reaction: "support", lang: "en", emotions: ["love"], notability: 0.45, relevance: 0.55, text: "So much love to you" },
];

const STORY = "feed";
const id = (n: number) => `f${n}`;
const ids = (posts: FeedPost[]) => posts.map((p) => p.id);
const abusive = (s: Spec) => Boolean(s.offensive || s.hate);
const time = (hour: number) => `2031-03-04T${String(hour).padStart(2, "0")}:00:00Z`;

function annotationsOf(s: Spec): PostAnnotations {
  return {
    lang: { version: "t", data: { lang: s.lang, confidence: 0.9, source: "detector" } },
    reaction: { version: "t", data: { role: s.subject ? "subject" : "reaction", primary: s.reaction, labels: s.reaction ? [s.reaction] : [], scores: {} } },
    emotions: { version: "t", data: { labels: s.emotions, scores: {}, ekman: [], sentimentGroups: [] } },
    offensive: { version: "t", data: { label: Boolean(s.offensive), score: s.offensive ? 0.9 : 0.1 } },
    hate: { version: "t", data: { label: Boolean(s.hate), score: s.hate ? 0.9 : 0.1 } },
    notability: { version: "t", data: { score: s.notability, reasons: [] } },
  };
}

export function feedContract({ withStore, fakePost, isCode }: Helpers): void {
  const post = (s: Spec, extra: Partial<CollectedPost> = {}): CollectedPost => fakePost(s.n, {
    platform: s.platform, id: id(s.n), url: `https://${s.platform}.example/${s.n}`,
    author: s.subject ? { name: "Celeb One", handle: "celebone" } : { name: `Person ${s.n}`, handle: `person${s.n}` },
    createdAt: s.hour === null ? null : time(s.hour), text: s.text, position: s.n, inArticle: true, ...extra,
  });
  const ref = (n: number) => ({ platform: SPECS[n - 1]!.platform, id: id(n) });
  const source = { kind: "bluesky", uri: "test:feed" };

  /** The feed story: the twelve specs, stored in order with their enrichment. */
  async function feedStory(s: Store): Promise<void> {
    await s.ensureStory(STORY, { subjects: ["celebone"] });
    await s.savePosts({
      posts: SPECS.map((x) => post(x)), annotations: SPECS.map(annotationsOf), story: STORY, source,
      matches: SPECS.map((x): StoryMatch => ({ role: x.subject ? "subject" : "reaction", relevance: x.relevance, reasons: ["keyword: fictional"] })),
    });
  }
  const want = (pred: (s: Spec) => boolean, order?: (a: Spec, b: Spec) => number) => {
    const list = SPECS.filter(pred);
    if (order) list.sort(order);
    return list.map((x) => id(x.n));
  };
  const all = async (s: Store, q: PostQuery) => {
    const out: FeedPost[] = [];
    let cursor: string | null = null;
    for (let i = 0; i < 50; i++) {
      const page = await s.queryPosts(STORY, { ...q, cursor });
      out.push(...page.posts);
      cursor = page.nextCursor;
      if (!cursor) break;
    }
    return out;
  };

  describe("curation: the decision log", () => {
    it("appends decisions and never changes or removes one (undo appends too)", withStore(async (s) => {
      await feedStory(s);
      const d1 = await s.appendDecision(STORY, { action: "include", post: ref(2), actor: "editor" });
      const d2 = await s.appendDecision(STORY, { action: "note", post: ref(2), value: { note: "lead quote" } });
      const d3 = await s.appendDecision(STORY, { action: "section", post: ref(3), value: { section: "From abroad" } });
      assert.deepEqual([d1.id < d2.id, d2.id < d3.id], [true, true], "ids grow");
      assert.deepEqual({ ...d1, id: 0, createdAt: "" }, { id: 0, story: STORY, action: "include", post: ref(2), value: null, actor: "editor", createdAt: "", undone: false });
      assert.ok(Number.isFinite(Date.parse(d1.createdAt)));
      const before = await s.listDecisions(STORY);
      assert.deepEqual(before, [d1, d2, d3]);
      const u = await s.appendDecision(STORY, { action: "undo" });
      assert.deepEqual([u.action, u.post, u.value], ["undo", ref(3), { decision: d3.id }], "the default undo is the latest decision; its post is named");
      await s.appendDecision(STORY, { action: "exclude", post: ref(4) });
      const after = await s.listDecisions(STORY);
      assert.equal(after.length, 5);
      const strip = (d: Decision) => ({ ...d, undone: false });
      assert.deepEqual(after.slice(0, 3).map(strip), before, "earlier decisions are unchanged");
      assert.deepEqual(after.map((d) => d.undone), [false, false, true, false, false], "only undone is computed");
      assert.deepEqual(await s.listDecisions(STORY, { afterId: d3.id }), after.slice(3));
    }));

    it("folds into each post's curation, and undo reverts exactly one decision", withStore(async (s) => {
      await feedStory(s);
      const curation = async (n: number) => (await all(s, { abuse: "show" })).find((p) => p.id === id(n))!.curation;
      assert.deepEqual(await curation(2), { status: "undecided", pinned: false, rank: null, section: null, note: null });
      const inc = await s.appendDecision(STORY, { action: "include", post: ref(2) });
      await s.appendDecision(STORY, { action: "pin", post: ref(2) });
      await s.appendDecision(STORY, { action: "section", post: ref(2), value: { section: "Love and support" } });
      await s.appendDecision(STORY, { action: "note", post: ref(2), value: { note: "check spelling" } });
      await s.appendDecision(STORY, { action: "exclude", post: ref(2) });
      assert.deepEqual(await curation(2), { status: "excluded", pinned: true, rank: null, section: "Love and support", note: "check spelling" });
      await s.appendDecision(STORY, { action: "undo" }); // the exclude
      assert.equal((await curation(2)).status, "included");
      await s.appendDecision(STORY, { action: "undo", value: { decision: inc.id } });
      assert.deepEqual(await curation(2), { status: "undecided", pinned: true, rank: null, section: "Love and support", note: "check spelling" });
      await s.appendDecision(STORY, { action: "note", post: ref(2), value: { note: "" } });
      await s.appendDecision(STORY, { action: "section", post: ref(2), value: { section: null } });
      await s.appendDecision(STORY, { action: "unpin", post: ref(2) });
      await s.appendDecision(STORY, { action: "include", post: ref(2) });
      await s.appendDecision(STORY, { action: "reset", post: ref(2) });
      assert.deepEqual(await curation(2), { status: "undecided", pinned: false, rank: null, section: null, note: null });
    }));

    it("refuses to undo an undo, to undo twice, and names what is wrong in bad decisions", withStore(async (s) => {
      await feedStory(s);
      await assert.rejects(s.appendDecision(STORY, { action: "undo" }), isCode("INVALID_ARGUMENT"), "nothing to undo yet");
      const d = await s.appendDecision(STORY, { action: "include", post: ref(5) });
      const u = await s.appendDecision(STORY, { action: "undo", value: { decision: d.id } });
      await assert.rejects(s.appendDecision(STORY, { action: "undo", value: { decision: u.id } }),
        (err: unknown) => isCode("INVALID_ARGUMENT")(err) && /undo cannot be undone/.test((err as Error).message));
      await assert.rejects(s.appendDecision(STORY, { action: "undo", value: { decision: d.id } }),
        (err: unknown) => isCode("INVALID_ARGUMENT")(err) && /already undone/.test((err as Error).message));
      await assert.rejects(s.appendDecision(STORY, { action: "undo", value: { decision: 99999 } }), isCode("NOT_FOUND"));
      await assert.rejects(s.appendDecision(STORY, { action: "undo" }), isCode("INVALID_ARGUMENT"), "the only decision is undone");

      await s.ensureStory("other");
      await s.savePosts({ posts: [fakePost(99, { id: "elsewhere", position: 1 })], story: "other", source });
      const bad: Array<[unknown, string, RegExp]> = [
        [{ action: "publish", post: ref(1) }, "INVALID_ARGUMENT", /action/],
        [{ action: "include" }, "INVALID_ARGUMENT", /needs a post/],
        [{ action: "include", post: { platform: "x", id: "" } }, "INVALID_ARGUMENT", /post\.id/],
        [{ action: "include", post: { platform: "myspace", id: "1" } }, "INVALID_ARGUMENT", /post\.platform/],
        [{ action: "include", post: ref(1), value: { why: 1 } }, "INVALID_ARGUMENT", /value/],
        [{ action: "note", post: ref(1), value: { note: "x".repeat(2001) } }, "INVALID_ARGUMENT", /2000/],
        [{ action: "note", post: ref(1) }, "INVALID_ARGUMENT", /value/],
        [{ action: "section", post: ref(1), value: { section: 3 } }, "INVALID_ARGUMENT", /section/],
        [{ action: "move", post: ref(1), value: {} }, "INVALID_ARGUMENT", /exactly one/],
        [{ action: "move", post: ref(1), value: { rank: 1, after: ref(2) } }, "INVALID_ARGUMENT", /exactly one/],
        [{ action: "move", post: ref(1), value: { rank: "1" } }, "INVALID_ARGUMENT", /rank/],
        [{ action: "move", post: ref(1), value: { before: ref(1) } }, "INVALID_ARGUMENT", /itself/],
        [{ action: "undo", post: ref(1) }, "INVALID_ARGUMENT", /undo takes no post/],
        [{ action: "undo", value: { decision: -1 } }, "INVALID_ARGUMENT", /decision/],
        [{ action: "include", post: { platform: "x", id: "never-stored" } }, "NOT_FOUND", /never-stored/],
        [{ action: "include", post: { platform: "x", id: "elsewhere" } }, "INVALID_ARGUMENT", /not in story/],
        [{ action: "move", post: ref(1), value: { after: { platform: "x", id: "elsewhere" } } }, "INVALID_ARGUMENT", /not in story/],
        [null, "INVALID_ARGUMENT", /decision/],
      ];
      for (const [input, code, message] of bad) {
        await assert.rejects(s.appendDecision(STORY, input as never), (err: unknown) => {
          isCode(code)(err);
          assert.match((err as Error).message, message, JSON.stringify(input));
          return true;
        });
      }
      await assert.rejects(s.appendDecision("nope", { action: "include", post: ref(1) }), isCode("NOT_FOUND"));
      await assert.rejects(s.listDecisions("nope"), isCode("NOT_FOUND"));
      assert.equal((await s.listDecisions(STORY)).length, 2, "refused decisions leave no trace");
    }));

    it("moves posts before and after others in the curated order, and by rank; pins come first", withStore(async (s) => {
      await feedStory(s);
      const curated = async () => ids(await all(s, { sort: "curated", abuse: "show", limit: 5 }));
      const natural = SPECS.map((x) => id(x.n));
      assert.deepEqual(await curated(), natural, "nothing moved: arrival order");
      const m1 = await s.appendDecision(STORY, { action: "move", post: ref(9), value: { before: ref(2) } });
      assert.deepEqual(m1.value, { before: ref(2), rank: 1.5 }, "stored with the rank it got");
      assert.deepEqual(await curated(), ["f1", "f9", "f2", "f3", "f4", "f5", "f6", "f7", "f8", "f10", "f11", "f12"]);
      await s.appendDecision(STORY, { action: "move", post: ref(12), value: { after: ref(9) } });
      assert.deepEqual(await curated(), ["f1", "f9", "f12", "f2", "f3", "f4", "f5", "f6", "f7", "f8", "f10", "f11"]);
      await s.appendDecision(STORY, { action: "move", post: ref(3), value: { before: ref(1) } });
      await s.appendDecision(STORY, { action: "move", post: ref(1), value: { after: ref(11) } });
      assert.deepEqual(await curated(), ["f3", "f9", "f12", "f2", "f4", "f5", "f6", "f7", "f8", "f10", "f11", "f1"]);
      await s.appendDecision(STORY, { action: "move", post: ref(5), value: { rank: 0 } });
      await s.appendDecision(STORY, { action: "pin", post: ref(10) });
      assert.deepEqual(await curated(), ["f10", "f3", "f5", "f9", "f12", "f2", "f4", "f6", "f7", "f8", "f11", "f1"]);
      // Moving a post next to itself in another place, and undoing a move, restore the order.
      await s.appendDecision(STORY, { action: "undo" }); // the pin
      await s.appendDecision(STORY, { action: "undo" }); // the rank 0
      assert.deepEqual(await curated(), ["f3", "f9", "f12", "f2", "f4", "f5", "f6", "f7", "f8", "f10", "f11", "f1"]);
      // Repeated moves into the same gap keep finding room.
      for (let i = 0; i < 20; i++) {
        await s.appendDecision(STORY, { action: "move", post: ref(i % 2 ? 6 : 7), value: { after: ref(3) } });
        const order = await curated();
        assert.equal(order[1], i % 2 ? "f6" : "f7");
      }
      // Only the curated posts of one status, in the same order.
      await s.appendDecision(STORY, { action: "include", post: ref(2) });
      await s.appendDecision(STORY, { action: "include", post: ref(12) });
      await s.appendDecision(STORY, { action: "include", post: ref(8) });
      assert.deepEqual(ids((await s.queryPosts(STORY, { status: "included", sort: "curated" })).posts), ["f12", "f2", "f8"]);
    }));
  });

  describe("feed: queryPosts", () => {
    it("hides abusive posts by default and counts them; show and only", withStore(async (s) => {
      await feedStory(s);
      const hide = await s.queryPosts(STORY);
      assert.deepEqual(ids(hide.posts), want((x) => !abusive(x)));
      assert.deepEqual([hide.total, hide.abusiveHidden, hide.nextCursor], [10, 2, null]);
      const show = await s.queryPosts(STORY, { abuse: "show" });
      assert.deepEqual([show.posts.length, show.total, show.abusiveHidden], [12, 12, 0]);
      const only = await s.queryPosts(STORY, { abuse: "only" });
      assert.deepEqual([ids(only.posts), only.total, only.abusiveHidden], [["f4", "f7"], 2, 0]);
      const f4 = only.posts[0]!;
      assert.deepEqual(f4.facets, { reaction: "criticism", lang: "en", offensive: true, hate: false, notability: 0.1, emotions: ["anger"] });
      assert.equal(f4.text, SPECS[3]!.text, "a FeedPost is a StoredPost");
      assert.deepEqual((await s.storyPosts(STORY)).find((p) => p.id === "f4"), (({ curation, facets, ...rest }) => rest)(f4));
    }));

    it("filters by reaction, emotion, language, platform (any of), role, notability, status, time and text", withStore(async (s) => {
      await feedStory(s);
      await s.appendDecision(STORY, { action: "include", post: ref(2) });
      await s.appendDecision(STORY, { action: "include", post: ref(3) });
      await s.appendDecision(STORY, { action: "exclude", post: ref(5) });
      await s.appendDecision(STORY, { action: "pin", post: ref(8) });
      const cases: Array<[PostQuery, string[]]> = [
        [{ reaction: ["support"] }, want((x) => x.reaction === "support")],
        [{ reaction: ["support", "praise"] }, want((x) => x.reaction === "support" || x.reaction === "praise")],
        [{ emotion: ["caring", "sadness"] }, want((x) => x.emotions.some((e) => e === "caring" || e === "sadness"))],
        [{ lang: ["es", "fr"] }, ["f3", "f6"]],
        [{ platform: ["mastodon", "x"] }, want((x) => x.platform !== "bluesky" && !abusive(x))],
        [{ role: "subject" }, ["f1"]],
        [{ role: "reaction" }, want((x) => !x.subject && !abusive(x))],
        [{ minNotability: 0.5 }, want((x) => x.notability >= 0.5)],
        [{ status: "included" }, ["f2", "f3"]],
        [{ status: "excluded" }, ["f5"]],
        [{ status: "pinned" }, ["f8"]],
        [{ status: "undecided" }, want((x) => ![2, 3, 5].includes(x.n) && !abusive(x))],
        [{ since: time(6), until: time(9) }, want((x) => x.hour !== null && x.hour >= 6 && x.hour <= 9)],
        [{ since: time(10) }, want((x) => x.hour !== null && x.hour >= 10)],
        [{ until: "2031-03-03" }, []],
        [{ until: "2031-03-04" }, want((x) => x.hour !== null && !abusive(x)), ],
        [{ q: "love" }, ["f2", "f5", "f12"]],
        [{ q: "attention seeking" }, ["f9"]],
        [{ q: "attention seeking", abuse: "show" }, ["f4", "f9"]],
        [{ q: "\"attention seeking\" again" }, []],
        [{ q: "pérdida" }, ["f3"]],
        [{ q: "perdida" }, ["f3"]],
        [{ q: "!!!" }, []],
        [{ q: "NOT love" }, []],
        [{ reaction: ["support"], lang: ["en"], platform: ["bluesky"], minNotability: 0.3 }, ["f12"]],
        [{ reaction: ["criticism"], abuse: "show", emotion: ["disgust"] }, ["f7"]],
      ];
      for (const [query, expected] of cases) {
        const page = await s.queryPosts(STORY, query);
        assert.deepEqual(ids(page.posts), expected, JSON.stringify(query));
        assert.equal(page.total, expected.length, `total of ${JSON.stringify(query)}`);
      }
      const hidden = await s.queryPosts(STORY, { reaction: ["criticism"] });
      assert.deepEqual([hidden.total, hidden.abusiveHidden], [0, 2], "the hidden count follows the other filters");
    }));

    it("sorts by position, newest, oldest, relevance, notability and curated order", withStore(async (s) => {
      await feedStory(s);
      const q = (sort: PostQuery["sort"], extra: PostQuery = {}) => all(s, { sort, abuse: "show", limit: 5, ...extra }).then(ids);
      const byHour = (dir: 1 | -1) => (a: Spec, b: Spec) =>
        (a.hour === null ? 1 : 0) - (b.hour === null ? 1 : 0) || dir * ((a.hour ?? 0) - (b.hour ?? 0));
      assert.deepEqual(await q("position"), want(() => true));
      assert.deepEqual(await q("newest"), want(() => true, byHour(-1)), "undated posts last");
      assert.deepEqual(await q("oldest"), want(() => true, byHour(1)), "undated posts last");
      assert.deepEqual(await q("notability"), want(() => true, (a, b) => b.notability - a.notability || a.n - b.n));
      assert.deepEqual(await q("relevance"), want(() => true, (a, b) => b.relevance - a.relevance || a.n - b.n), "without q: how well each post matched the story");
      const rel = await q("relevance", { q: "love" });
      assert.deepEqual([...rel].sort(), ["f12", "f2", "f5"]);
      assert.equal(rel[0], "f12", "the shortest text with the term ranks first (bm25)");
      assert.deepEqual(await q("curated"), want(() => true));
      await assert.rejects(s.queryPosts(STORY, { sort: "random" as never }), isCode("INVALID_ARGUMENT"));
    }));

    it("pages with an opaque cursor that stays exact while posts keep arriving", withStore(async (s) => {
      await feedStory(s);
      let extra = 100;
      for (const sort of ["position", "newest", "oldest", "notability", "curated", "relevance"] as const) {
        const expected = ids(await all(s, { sort, limit: 500 }));
        const seen: string[] = [];
        let page = await s.queryPosts(STORY, { sort, limit: 3 });
        const total = page.total;
        for (let i = 0; page; i++) {
          assert.ok(i < 10, "paging ends");
          assert.equal(page.total, total, "the total holds across pages");
          seen.push(...ids(page.posts));
          // New posts (some of them sorting first, some abusive) arrive between pages.
          extra++;
          await s.savePosts({
            posts: [fakePost(extra, { id: `new-${sort}-${extra}`, createdAt: "2031-03-05T00:00:00Z", position: 1, inArticle: true })],
            annotations: [{ notability: { version: "t", data: { score: 1 } }, offensive: { version: "t", data: { label: extra % 2 === 0 } } }],
            matches: [{ role: "reaction", relevance: 1, reasons: [] }], story: STORY, source,
          });
          if (!page.nextCursor) break;
          page = await s.queryPosts(STORY, { sort, limit: 3, cursor: page.nextCursor });
        }
        assert.deepEqual(seen, expected, `${sort}: every post once, in order, none of the new ones`);
        assert.ok(ids(await all(s, { sort, limit: 500 })).length > expected.length, "new posts did arrive");
        assert.equal(seen.length, total);
      }
      const first = await s.queryPosts(STORY, { limit: 2 });
      assert.ok(first.nextCursor && /^[A-Za-z0-9_-]+$/.test(first.nextCursor), "opaque and URL-safe");
      await assert.rejects(s.queryPosts(STORY, { limit: 2, sort: "newest", cursor: first.nextCursor }), isCode("INVALID_ARGUMENT"), "another query's cursor");
      await assert.rejects(s.queryPosts(STORY, { limit: 2, cursor: "not-a-cursor" }), isCode("INVALID_ARGUMENT"));
      const again = await s.queryPosts(STORY, { limit: 5, cursor: first.nextCursor });
      assert.deepEqual(ids(again.posts), ["f3", "f5", "f6", "f8", "f9"], "the limit may change between pages");
    }));

    it("checks its query and its story", withStore(async (s) => {
      await feedStory(s);
      await assert.rejects(s.queryPosts("nope"), isCode("NOT_FOUND"));
      for (const bad of [{ limit: 0 }, { limit: 1.5 }, { minNotability: 2 }, { since: "yesterday" }, { since: time(9), until: time(3) },
        { abuse: "maybe" }, { status: "liked" }, { role: "author" }, { platform: ["myspace"] }]) {
        await assert.rejects(s.queryPosts(STORY, bad as PostQuery), isCode("INVALID_ARGUMENT"), JSON.stringify(bad));
      }
      assert.equal((await s.queryPosts(STORY, { limit: 100000, abuse: "show" })).posts.length, 12, "limit is capped, not refused");
      assert.deepEqual(ids((await s.queryPosts(STORY, { limit: 2 })).posts), ["f1", "f2"]);
    }));
  });

  describe("feed: postsAfter, storyStats, facets", () => {
    it("postsAfter returns every post after a position, in order, with curation and facets", withStore(async (s) => {
      await feedStory(s);
      await s.appendDecision(STORY, { action: "include", post: ref(11) });
      const after = await s.postsAfter(STORY, 9);
      assert.deepEqual(after.map((p) => [p.id, p.position]), [["f10", 10], ["f11", 11], ["f12", 12]]);
      assert.equal(after[1]!.curation.status, "included");
      assert.equal(after[0]!.facets.lang, "de");
      assert.deepEqual((await s.postsAfter(STORY, 0, 2)).map((p) => p.id), ["f1", "f2"]);
      assert.deepEqual(await s.postsAfter(STORY, 12), []);
      assert.deepEqual((await s.postsAfter(STORY, 3, 1)).map((p) => p.id), ["f4"], "abusive posts too: the client filters");
      await assert.rejects(s.postsAfter("nope", 0), isCode("NOT_FOUND"));
    }));

    it("storyStats: the reaction mix with the subject apart, and a timeline by hour or day", withStore(async (s) => {
      await feedStory(s);
      await s.savePosts({ posts: [post({ ...SPECS[0]!, n: 13, hour: 10 }, { id: "f13", author: { name: "Celeb One", handle: "celebone" } })], story: STORY, source });
      const stats = await s.storyStats(STORY);
      assert.equal(stats.total, 13);
      assert.deepEqual(stats.reactions, {
        subject: 2, support: 3, criticism: 2, condolence: 1, personal: 1, information: 1, defense: 1, praise: 1, prayer: 1,
      });
      assert.equal(stats.bucket, "hour");
      assert.equal(stats.timeline.length, 12, "hours 1 to 12, none missing");
      assert.deepEqual(stats.timeline[0], { t: "2031-03-04T01:00:00Z", posts: 1, subjectPosts: 0 });
      assert.deepEqual(stats.timeline.find((b) => b.t === "2031-03-04T10:00:00Z"), { t: "2031-03-04T10:00:00Z", posts: 1, subjectPosts: 1 });
      assert.equal(stats.timeline.reduce((n, b) => n + b.posts, 0), 12, "the undated post is in no bucket");
      const daily = await s.storyStats(STORY, { bucket: "day" });
      assert.deepEqual(daily.timeline, [{ t: "2031-03-04T00:00:00Z", posts: 12, subjectPosts: 2 }]);
      await s.ensureStory("empty");
      assert.deepEqual(await s.storyStats("empty"), { total: 0, bucket: "hour", reactions: {}, timeline: [] });
      await assert.rejects(s.storyStats("nope"), isCode("NOT_FOUND"));
    }));

    it("keeps the facets in step when annotations are replaced, and reads enrichment of any shape safely", withStore(async (s) => {
      await feedStory(s);
      const facets = async (n: number) => (await s.postsAfter(STORY, n - 1, 1))[0]!.facets;
      await s.saveAnnotations([{ platform: "bluesky", id: "f2", annotations: {
        reaction: { version: "t2", data: { primary: "criticism" } },
        hate: { version: "t2", data: { label: true, score: 0.8 } },
        emotions: { version: "t2", data: { labels: ["anger"] } },
      } }]);
      assert.deepEqual(await facets(2), { reaction: "criticism", lang: "en", offensive: false, hate: true, notability: 0.2, emotions: ["anger"] });
      assert.deepEqual(ids((await s.queryPosts(STORY, { emotion: ["anger"], abuse: "show" })).posts), ["f2", "f4", "f9"]);
      assert.ok(!ids((await s.queryPosts(STORY, { emotion: ["love"] })).posts).includes("f2"), "old emotions are gone");
      assert.equal((await s.queryPosts(STORY)).abusiveHidden, 3);
      // Re-saving a post with new annotations through savePosts updates them too.
      await s.savePosts({ posts: [post(SPECS[1]!)], annotations: [{ hate: { version: "t3", data: { label: false } } }], story: STORY, source });
      assert.equal((await facets(2)).hate, false);
      // Unexpected shapes are read as "unknown", never trusted.
      await s.saveAnnotations([{ platform: "bluesky", id: "f2", annotations: {
        reaction: { version: "bad", data: { primary: 7 } }, lang: { version: "bad", data: "en" }, notability: { version: "bad", data: { score: "high" } },
        emotions: { version: "bad", data: { labels: ["joy", 3, null] } }, offensive: { version: "bad", data: { label: "yes" } },
      } }]);
      assert.deepEqual(await facets(2), { reaction: null, lang: null, offensive: false, hate: false, notability: 0, emotions: ["joy"] });
      // A post never enriched has empty facets.
      await s.savePosts({ posts: [fakePost(50, { id: "plain", position: 1, inArticle: true })], story: STORY, source });
      assert.deepEqual((await s.postsAfter(STORY, 12))[0]!.facets, { reaction: null, lang: null, offensive: false, hate: false, notability: 0, emotions: [] });
    }));
  });
}
