// The shared contract every Store implementation runs (SQLite now, PostgreSQL later): the
// behaviour callers rely on, stated once. An implementation's test file calls
// storeContract("name", open) where `open` returns a fresh, empty store; each test closes it.
// All posts here are fictional.

import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { sha256, VoxpopError } from "../core/index.ts";
import type { ArticleMeta, CollectedPost, Platform } from "../core/index.ts";
import { QUARANTINE_PAYLOAD_CAP } from "./store.ts";
import type { SaveBatch, Store } from "./store.ts";
import { feedContract } from "./contract-feed.ts";

export interface ContractOptions {
  /** Called after each test's store is closed (e.g. to drop a database). */
  cleanup?: () => Promise<void> | void;
}

/** A fictional post; override what the test is about. */
export function fakePost(n: number, over: Partial<CollectedPost> = {}): CollectedPost {
  return {
    platform: "x" as Platform,
    id: `p${n}`,
    url: `https://x.example/status/${n}`,
    author: { name: `Person ${n}`, handle: `person${n}` },
    createdAt: "2031-03-04",
    dateText: "March 4, 2031",
    text: `Fictional post number ${n}`,
    links: [],
    mentions: [],
    position: n,
    inArticle: true,
    ...over,
  };
}

export function fakeArticle(url: string, over: Partial<ArticleMeta> = {}): ArticleMeta {
  return {
    url,
    title: `Article at ${url}`,
    byline: "By A. Reporter",
    publishedAt: "2031-03-05T09:00:00Z",
    lang: "en",
    text: "First paragraph.\n\nSecond paragraph.",
    ...over,
  };
}

function batch(posts: CollectedPost[], over: Partial<SaveBatch> = {}): SaveBatch {
  return { posts, source: { kind: "article", uri: "https://news.example/one" }, ...over };
}

export const HOSTILE_QUERIES: readonly string[] = readFileSync(new URL("./testdata/hostile-queries.txt", import.meta.url), "utf8")
  .split("\n")
  .filter((l) => l !== "" && !l.startsWith("# "));

function isCode(code: string) {
  return (err: unknown): boolean => {
    assert.ok(err instanceof VoxpopError, `expected a VoxpopError, got ${String(err)}`);
    assert.equal(err.code, code);
    return true;
  };
}

export function storeContract(name: string, open: () => Promise<Store>, options: ContractOptions = {}): void {
  /** Runs `fn` on a fresh store and always closes it. */
  const withStore = (fn: (store: Store) => Promise<void>) => async () => {
    const store = await open();
    try {
      await fn(store);
    } finally {
      await store.close();
      await options.cleanup?.();
    }
  };

  describe(`Store contract: ${name}`, () => {
    describe("stories", () => {
      it("creates a story, merges subjects case-insensitively and without @, updates the title", withStore(async (s) => {
        const a = await s.ensureStory("pregnancy-loss", { subjects: ["@CelebOne"], title: "First title" });
        assert.equal(a.name, "pregnancy-loss");
        assert.deepEqual(a.subjects, ["CelebOne"]);
        assert.equal(a.title, "First title");
        assert.equal(a.postCount, 0);
        const b = await s.ensureStory("pregnancy-loss", { subjects: ["celebone", "Partner_Two", "@partner_two", " "] });
        assert.deepEqual(b.subjects, ["CelebOne", "Partner_Two"]);
        assert.equal(b.title, "First title", "an omitted title is kept");
        const c = await s.ensureStory("pregnancy-loss", { title: "Second title" });
        assert.equal(c.title, "Second title");
        assert.deepEqual((await s.getStory("pregnancy-loss"))?.subjects, ["CelebOne", "Partner_Two"]);
        assert.equal(await s.getStory("no-such-story"), null);
        await s.ensureStory("another");
        assert.deepEqual((await s.listStories()).map((x) => x.name), ["pregnancy-loss", "another"]);
      }));

      it("rejects an empty story name", withStore(async (s) => {
        await assert.rejects(s.ensureStory("  "), isCode("INVALID_ARGUMENT"));
      }));

      it("storyPosts of an unknown story is NOT_FOUND", withStore(async (s) => {
        await assert.rejects(s.storyPosts("nope"), isCode("NOT_FOUND"));
      }));
    });

    describe("annotations", () => {
      it("stores each post's enrichment with its version, replaces it on re-enrichment, and reads it back", withStore(async (s) => {
        const emo = { version: "emo-1", data: { labels: ["sadness"], scores: { sadness: 0.9 } } };
        await s.savePosts(batch([fakePost(1), fakePost(2)], { story: "s", annotations: [{ emotions: emo }, null] }));
        let posts = await s.storyPosts("s");
        assert.deepEqual(posts[0]!.annotations, { emotions: emo });
        assert.deepEqual(posts[1]!.annotations, {}, "a post never enriched has no annotations");
        const emo2 = { version: "emo-2", data: { labels: [], scores: {} } };
        const result = await s.saveAnnotations([
          { platform: "x", id: "p1", annotations: { emotions: emo2 } },
          { platform: "x", id: "p2", annotations: { reaction: { version: "r-1", data: { primary: "support" } } } },
          { platform: "x", id: "nope", annotations: { reaction: { version: "r-1", data: null } } },
        ]);
        assert.deepEqual(result, { saved: 2, missing: 1 });
        posts = await s.storyPosts("s");
        assert.deepEqual(posts[0]!.annotations, { emotions: emo2 });
        assert.deepEqual(posts[1]!.annotations, { reaction: { version: "r-1", data: { primary: "support" } } });
      }));
    });

    describe("savePosts", () => {
      it("inserts, then counts an identical re-import as unchanged without duplicating anything", withStore(async (s) => {
        const posts = [fakePost(1), fakePost(2), fakePost(3)];
        const raw = { payload: "<html>fictional</html>", contentType: "text/html" };
        const b = batch(posts, { story: "s", raw, article: fakeArticle("https://news.example/one") });
        assert.deepEqual(await s.savePosts(b), { inserted: 3, updated: 0, unchanged: 0 });
        const before = await s.stats();
        assert.deepEqual(await s.savePosts(b), { inserted: 0, updated: 0, unchanged: 3 });
        const after = await s.stats();
        assert.equal(after.posts, 3);
        assert.equal(after.provenance, 3);
        assert.equal(after.storyPosts, 3);
        assert.equal(after.rawPayloads, 1);
        assert.equal(after.articles, 1);
        assert.equal(after.authors, 3);
        assert.deepEqual({ ...after }, { ...before });
        assert.equal((await s.storyPosts("s")).length, 3);
      }));

      it("counts a post repeated within one batch once as inserted, then as unchanged", withStore(async (s) => {
        const r = await s.savePosts(batch([fakePost(1), fakePost(2), fakePost(1, { position: 3 })], { story: "s" }));
        assert.deepEqual(r, { inserted: 2, updated: 0, unchanged: 1 });
        const posts = await s.storyPosts("s");
        assert.deepEqual(posts.map((p) => p.id), ["p1", "p2"]);
        assert.deepEqual(posts[0]?.provenance.map((x) => x.position), [1], "the first sighting in a source is kept");
      }));

      it("creates the story named by a batch when it does not exist", withStore(async (s) => {
        await s.savePosts(batch([fakePost(1)], { story: "fresh" }));
        assert.equal((await s.getStory("fresh"))?.postCount, 1);
      }));

      it("fills in fields a later read carries but never erases known ones with null", withStore(async (s) => {
        const bare = fakePost(1, { text: null, url: null, createdAt: null, dateText: null, links: [], author: { name: null, handle: "person1" } });
        await s.savePosts(batch([bare], { story: "s" }));
        let [p] = await s.storyPosts("s");
        assert.equal(p?.text, null);

        const full = fakePost(1, { links: ["https://link.example/a"], mentions: ["friend"] });
        assert.deepEqual(await s.savePosts(batch([full], { story: "s" })), { inserted: 0, updated: 1, unchanged: 0 });
        [p] = await s.storyPosts("s");
        assert.equal(p?.text, "Fictional post number 1");
        assert.equal(p?.url, "https://x.example/status/1");
        assert.equal(p?.author.name, "Person 1");
        assert.equal(p?.createdAt, "2031-03-04");
        assert.deepEqual(p?.links, ["https://link.example/a"]);
        assert.deepEqual(p?.mentions, ["friend"]);

        // The bare read again: nothing is erased, so nothing changes.
        assert.deepEqual(await s.savePosts(batch([bare], { story: "s" })), { inserted: 0, updated: 0, unchanged: 1 });
        [p] = await s.storyPosts("s");
        assert.equal(p?.text, "Fictional post number 1");
        assert.deepEqual(p?.links, ["https://link.example/a"]);

        // A date-only createdAt never replaces a date-time of the same day; a more precise one does.
        await s.savePosts(batch([fakePost(1, { createdAt: "2031-03-04T18:30:00-05:00" })]));
        await s.savePosts(batch([fakePost(1, { createdAt: "2031-03-04" })]));
        [p] = await s.storyPosts("s");
        assert.equal(p?.createdAt, "2031-03-04T18:30:00-05:00");
        assert.equal((await s.stats()).posts, 1);
      }));

      it("keeps one provenance row per source: a post in two articles has two", withStore(async (s) => {
        const post = fakePost(7);
        await s.savePosts(batch([post], {
          story: "s", source: { kind: "article", uri: "https://news.example/one" },
          article: fakeArticle("https://news.example/one", { title: "One" }),
          raw: { payload: "<p>one</p>", contentType: "text/html" }, collectedAt: "2031-03-05T10:00:00.000Z",
        }));
        await s.savePosts(batch([{ ...post, position: 3 }], {
          story: "s", source: { kind: "article", uri: "https://news.example/two" },
          article: fakeArticle("https://news.example/two", { title: "Two" }),
          raw: { payload: new TextEncoder().encode("<p>two</p>"), contentType: "text/html" }, collectedAt: "2031-03-06T10:00:00.000Z",
        }));
        const [p] = await s.storyPosts("s");
        assert.equal(p?.provenance.length, 2);
        assert.deepEqual(p?.provenance.map((x) => [x.sourceUri, x.articleUrl, x.articleTitle, x.position, x.collectedAt]), [
          ["https://news.example/one", "https://news.example/one", "One", 7, "2031-03-05T10:00:00.000Z"],
          ["https://news.example/two", "https://news.example/two", "Two", 3, "2031-03-06T10:00:00.000Z"],
        ]);
        assert.equal(p?.provenance[0]?.rawHash, sha256("<p>one</p>"));
        assert.equal(p?.provenance[1]?.rawHash, sha256("<p>two</p>"));
        assert.equal(p?.provenance[0]?.inArticle, true);
        const st = await s.stats();
        assert.equal(st.posts, 1);
        assert.equal(st.provenance, 2);
        assert.equal(st.articles, 2);
        assert.equal(st.rawPayloads, 2);
        assert.equal(st.rawBytes, 20);
      }));

      it("stores a raw payload once by hash and an article without a url under the source uri", withStore(async (s) => {
        const raw = { payload: "same bytes", contentType: "text/plain" };
        const article = fakeArticle("x", { url: null, title: "Flat text file" });
        await s.savePosts(batch([fakePost(1)], { raw, article, source: { kind: "file", uri: "/tmp/fictional.txt" }, story: "s" }));
        await s.savePosts(batch([fakePost(2)], { raw, article, source: { kind: "file", uri: "/tmp/fictional.txt" }, story: "s" }));
        const st = await s.stats();
        assert.equal(st.rawPayloads, 1);
        assert.equal(st.articles, 1);
        const posts = await s.storyPosts("s");
        assert.equal(posts[1]?.provenance[0]?.articleTitle, "Flat text file");
        assert.equal(posts[1]?.provenance[0]?.articleUrl, null);
        assert.equal(posts[1]?.provenance[0]?.sourceKind, "file");
      }));

      it("keeps the name of an author without a handle", withStore(async (s) => {
        await s.savePosts(batch([fakePost(1, { author: { name: "Nameless Handle", handle: null } })], { story: "s" }));
        const [p] = await s.storyPosts("s");
        assert.deepEqual(p?.author, { name: "Nameless Handle", handle: null, id: null, followers: null, verified: null });
        assert.equal(p?.role, "reaction");
        assert.equal((await s.stats()).authors, 0);
      }));

      it("stores a post whose text and annotations hold U+0000 (kept, or as U+FFFD where the engine cannot hold it), and keeps a payload's bytes exactly", withStore(async (s) => {
        const text = "broken\u0000text";
        const payload = "raw\u0000payload";
        await s.savePosts({
          ...batch([fakePost(1, { text, author: { name: "N\u0000ame", handle: "nul_test" } })], { story: "s" }),
          annotations: [{ note: { version: "1", data: { label: "x\u0000y" } } }],
          raws: [{ payload, contentType: "application/json" }],
          quarantine: [{ source: "src", code: "PARSE_ERROR", reason: "bad\u0000item", payload }],
        });
        const [p] = await s.storyPosts("s");
        const same = (got: string | null | undefined, want: string) => assert.equal(got?.replaceAll("\uFFFD", "\u0000"), want);
        same(p?.text, text);
        same(p?.author.name, "N\u0000ame");
        same((p?.annotations.note?.data as { label?: string } | undefined)?.label, "x\u0000y");
        const [q] = await s.listQuarantine();
        assert.equal(q?.payload, payload, "a quarantined payload is kept exactly");
        same(q?.reason, "bad\u0000item");
      }));

      it("keeps what collecting sources add, merges it by the dedupe rule, and records per-post raws and matches", withStore(async (s) => {
        const collected = fakePost(1, {
          author: { name: "A", handle: "a.bsky.social", id: "did:plc:aaa", followers: 12, verified: false },
          lang: "en", tags: ["Verdict"], replyTo: "at://did:plc:s/app.bsky.feed.post/1", replyRoot: "at://did:plc:s/app.bsky.feed.post/1",
          quoteOf: null, repostOf: null,
        });
        await s.savePosts({
          ...batch([collected, fakePost(2)], { story: "s" }),
          raws: [{ payload: '{"kind":"commit"}', contentType: "application/json" }, null],
          matches: [{ role: "subject", relevance: 0.9, reasons: ["replies to a subject's post"] }, { role: "reaction", relevance: 0.3, reasons: ["keyword: verdict"] }],
          cursor: { source: "jetstream", cursor: "1700000000000000" },
          quarantine: [{ source: "jetstream", code: "PARSE_ERROR", reason: "bad record", payload: "{" }],
        });
        let [p1, p2] = await s.storyPosts("s");
        assert.deepEqual(p1?.author, { name: "A", handle: "a.bsky.social", id: "did:plc:aaa", followers: 12, verified: false });
        assert.equal(p1?.lang, "en");
        assert.deepEqual(p1?.tags, ["Verdict"]);
        assert.equal(p1?.replyRoot, "at://did:plc:s/app.bsky.feed.post/1");
        assert.equal(p1?.role, "subject");
        assert.equal(p1?.relevance, 0.9);
        assert.deepEqual(p1?.matched, ["replies to a subject's post"]);
        assert.notEqual(p1?.provenance[0]?.rawHash, p2?.provenance[0]?.rawHash);
        assert.equal(p2?.relevance, 0.3);
        assert.equal(await s.getCursor("jetstream"), "1700000000000000");
        assert.equal((await s.listQuarantine()).length, 1);
        // Read again with fewer facts and a lower match: nothing known is erased, relevance keeps its best.
        await s.savePosts({
          ...batch([fakePost(1, { author: { name: "A", handle: "a.bsky.social", followers: 15 } })], { story: "s" }),
          matches: [{ role: "reaction", relevance: 0.1, reasons: ["keyword: x"] }],
        });
        [p1] = await s.storyPosts("s");
        assert.deepEqual(p1?.author, { name: "A", handle: "a.bsky.social", id: "did:plc:aaa", followers: 15, verified: false });
        assert.equal(p1?.lang, "en");
        assert.equal(p1?.role, "subject");
        assert.equal(p1?.relevance, 0.9);
      }));

      it("stores story rules, replacing only the fields given", withStore(async (s) => {
        const created = await s.ensureStory("s", { subjects: ["subj"], rules: { keywords: ["verdict"], since: "2026-01-01" } });
        assert.deepEqual(created.rules, { keywords: ["verdict"], tags: [], urls: [], since: "2026-01-01", until: null, sources: [] });
        const edited = await s.ensureStory("s", { rules: { tags: ["Trial"] } });
        assert.deepEqual(edited.rules.keywords, ["verdict"]);
        assert.deepEqual(edited.rules.tags, ["Trial"]);
        await assert.rejects(s.ensureStory("s", { rules: { since: "not a date" } }), /since/);
        await assert.rejects(s.ensureStory("s", { rules: { since: "2026-02-01", until: "2026-01-01" } }), /after/);
      }));

      it("gives the subject role by handle, case-insensitively, also to posts added before the subject", withStore(async (s) => {
        await s.ensureStory("s", { subjects: ["@CelebOne"] });
        await s.savePosts(batch([
          fakePost(1, { author: { name: "Celeb One", handle: "celebone" } }),
          fakePost(2, { author: { name: "Fan", handle: "fan_account" } }),
          fakePost(3, { author: { name: "Ünïcode", handle: "ÜNÏCODE" } }),
        ], { story: "s" }));
        assert.deepEqual((await s.storyPosts("s")).map((p) => p.role), ["subject", "reaction", "reaction"]);
        await s.ensureStory("s", { subjects: ["ünïcode"] });
        assert.deepEqual((await s.storyPosts("s")).map((p) => p.role), ["subject", "reaction", "subject"]);
        assert.equal((await s.stats()).authors, 3);
      }));

      it("orders a story by article position, appends later additions, and never reorders on re-import", withStore(async (s) => {
        const first = [fakePost(3), fakePost(1), fakePost(2)]; // given out of order; positions say 1, 2, 3
        await s.savePosts(batch(first, { story: "s" }));
        assert.deepEqual((await s.storyPosts("s")).map((p) => [p.id, p.position]), [["p1", 1], ["p2", 2], ["p3", 3]]);

        // A second article shows p3 first, then two new posts: only the new ones are appended, in its order.
        await s.savePosts(batch([
          fakePost(3, { position: 1 }), fakePost(9, { position: 2 }), fakePost(8, { position: 3 }),
        ], { story: "s", source: { kind: "article", uri: "https://news.example/two" } }));
        // Re-import of the first article in reverse.
        await s.savePosts(batch([...first].reverse().map((p, i) => ({ ...p, position: i + 1 })), { story: "s" }));
        assert.deepEqual((await s.storyPosts("s")).map((p) => p.id), ["p1", "p2", "p3", "p9", "p8"]);
        assert.deepEqual((await s.storyPosts("s")).map((p) => p.position), [1, 2, 3, 4, 5]);
      }));

      it("stores posts outside the article body without adding them to the story", withStore(async (s) => {
        const r = await s.savePosts(batch([fakePost(1), fakePost(2, { inArticle: false })], { story: "s" }));
        assert.equal(r.inserted, 2);
        assert.deepEqual((await s.storyPosts("s")).map((p) => p.id), ["p1"]);
        assert.equal((await s.search("number 2")).length, 1);
      }));

      it("keeps the same id on two platforms apart", withStore(async (s) => {
        await s.savePosts(batch([fakePost(1), fakePost(1, { platform: "bluesky", position: 2 })], { story: "s" }));
        assert.deepEqual((await s.storyPosts("s")).map((p) => p.platform), ["x", "bluesky"]);
      }));

      it("saves a 5,000-post batch in one transaction, and a batch with a bad post not at all", withStore(async (s) => {
        const many = Array.from({ length: 5000 }, (_, i) => fakePost(i + 1));
        assert.deepEqual(await s.savePosts(batch(many, { story: "big" })), { inserted: 5000, updated: 0, unchanged: 0 });
        assert.equal((await s.getStory("big"))?.postCount, 5000);
        const posts = await s.storyPosts("big");
        assert.equal(posts[4999]?.id, "p5000");
        assert.equal(posts[4999]?.position, 5000);

        const bad = [fakePost(6001), fakePost(6002), { ...fakePost(6003), platform: "myspace" as Platform }];
        await assert.rejects(s.savePosts(batch(bad, { story: "other" })), isCode("INVALID_ARGUMENT"));
        const st = await s.stats();
        assert.equal(st.posts, 5000);
        assert.equal(await s.getStory("other"), null);
      }));

      it("rejects a batch without a source", withStore(async (s) => {
        await assert.rejects(s.savePosts({ posts: [], source: { kind: "article", uri: "" } }), isCode("INVALID_ARGUMENT"));
      }));
    });

    describe("quarantine", () => {
      it("keeps the reason, code, story and payload (text or bytes)", withStore(async (s) => {
        await s.quarantine({ source: "https://news.example/bad", code: "PARSE_ERROR", reason: "no posts found", payload: "<html>💔</html>", story: "s" });
        await s.quarantine({ source: "/tmp/bin.dat", code: "BINARY_INPUT", reason: "binary", payload: new Uint8Array([0, 1, 2, 255]) });
        await s.quarantine({ source: "feed", code: "FETCH_FAILED", reason: "timeout" });
        const items = await s.listQuarantine();
        assert.equal(items.length, 3);
        assert.equal(items[0]?.payload, "<html>💔</html>");
        assert.equal(items[0]?.reason, "no posts found");
        assert.equal(items[0]?.code, "PARSE_ERROR");
        assert.equal(items[0]?.story, "s");
        assert.equal(items[0]?.payloadSize, Buffer.byteLength("<html>💔</html>"));
        assert.equal(items[0]?.payloadHash, sha256("<html>💔</html>"));
        assert.deepEqual(items[1]?.payload, new Uint8Array([0, 1, 2, 255]));
        assert.equal(items[1]?.story, null);
        assert.equal(items[2]?.payload, null);
        assert.equal(items[2]?.payloadSize, null);
        assert.equal((await s.stats()).quarantine, 3);
      }));

      it("cuts a payload over the cap and records its original size", withStore(async (s) => {
        const big = "é".repeat(QUARANTINE_PAYLOAD_CAP / 2 + 10); // two bytes each: just over the cap
        await s.quarantine({ source: "big", code: "INPUT_TOO_LARGE", reason: "too big", payload: big });
        const [item] = await s.listQuarantine();
        assert.equal(item?.payloadTruncated, true);
        assert.equal(item?.payloadSize, Buffer.byteLength(big));
        assert.equal(typeof item?.payload, "string");
        const kept = item?.payload as string;
        assert.ok(Buffer.byteLength(kept) <= QUARANTINE_PAYLOAD_CAP);
        assert.ok(big.startsWith(kept), "the kept part is a prefix, with no broken character");
        assert.equal(item?.payloadHash, sha256(big));
      }));
    });

    describe("search", () => {
      const corpus = [
        fakePost(1, { text: "Sending love and strength to the whole family", author: { name: "Gentle Reader", handle: "gentle_reader" } }),
        fakePost(2, { text: "Love love love this family, strength to you", author: { name: "Big Fan", handle: "bigfan" } }),
        fakePost(3, { text: "Statistics: one in four pregnancies ends in loss", author: { name: "Health Facts", handle: "healthfacts" } }),
        fakePost(4, { text: "Café crème with Zoë, thinking of you 😀", author: { name: "Émile", handle: "emile" } }),
        fakePost(5, { text: null, author: { name: "Silent Poster", handle: "silent" } }),
      ];

      it("finds words, phrases and prefixes, ranked by bm25, with a snippet", withStore(async (s) => {
        await s.savePosts(batch(corpus, { story: "s" }));
        const love = await s.search("love");
        assert.deepEqual(love.map((h) => h.id), ["p2", "p1"], "more occurrences rank first");
        assert.ok(love[0]!.score <= love[1]!.score);
        assert.match(love[0]!.snippet, /«love»/i);
        assert.deepEqual((await s.search('"strength to the"')).map((h) => h.id), ["p1"]);
        assert.deepEqual((await s.search("statist*")).map((h) => h.id), ["p3"]);
        assert.deepEqual((await s.search("pregnan* loss")).map((h) => h.id), ["p3"]);
        assert.deepEqual((await s.search("family strength")).map((h) => h.id).sort(), ["p1", "p2"]);
      }));

      it("matches author name and handle, and ignores accents", withStore(async (s) => {
        await s.savePosts(batch(corpus, { story: "s" }));
        assert.deepEqual((await s.search("healthfacts")).map((h) => h.id), ["p3"]);
        assert.deepEqual((await s.search("gentle_reader")).map((h) => h.id), ["p1"]);
        assert.deepEqual((await s.search("silent")).map((h) => h.id), ["p5"]);
        assert.deepEqual((await s.search("cafe zoe")).map((h) => h.id), ["p4"]);
        assert.deepEqual((await s.search("emile")).map((h) => h.id), ["p4"]);
      }));

      it("sees updated text and filters by story and limit", withStore(async (s) => {
        await s.savePosts(batch(corpus, { story: "s" }));
        await s.savePosts(batch([fakePost(20, { text: "love from another story" })], { story: "t" }));
        await s.savePosts(batch([{ ...corpus[4]!, text: "Finally speaking: love" }], { story: "s" }));
        assert.deepEqual((await s.search("love", { story: "t" })).map((h) => h.id), ["p20"]);
        assert.equal((await s.search("love", { story: "s" })).length, 3);
        assert.equal((await s.search("love", { limit: 1 })).length, 1);
        assert.equal((await s.search("love")).length, 4);
        assert.equal((await s.search("silent")).length, 1, "the author still matches after the text changed");
        await assert.rejects(s.search("love", { story: "missing" }), isCode("NOT_FOUND"));
      }));

      it("never fails on hostile queries", withStore(async (s) => {
        await s.savePosts(batch(corpus, { story: "s" }));
        assert.ok(HOSTILE_QUERIES.length > 40);
        for (const q of [...HOSTILE_QUERIES, "x".repeat(10_000), "a ".repeat(2_000), "\u0000hello\u0000"]) {
          const hits = await s.search(q).catch((err: unknown) => assert.fail(`query ${JSON.stringify(q)} threw: ${String(err)}`));
          assert.ok(Array.isArray(hits));
        }
        // Operators are plain words, not syntax.
        assert.deepEqual(await s.search("AND OR NOT"), []);
        assert.deepEqual((await s.search('"unbalanced love')).map((h) => h.id), []);
        assert.deepEqual((await s.search('love "strength')).map((h) => h.id).sort(), ["p1", "p2"]);
        assert.deepEqual((await s.search("text:love")).map((h) => h.id), [], "col:val is a phrase, not a column filter");
        assert.deepEqual((await s.search("(love)")).map((h) => h.id).sort(), ["p1", "p2"]);
        assert.deepEqual(await s.search("*"), []);
        assert.deepEqual(await s.search(""), []);
      }));
    });

    describe("cursors, stats, close", () => {
      it("stores and replaces source cursors", withStore(async (s) => {
        assert.equal(await s.getCursor("bluesky:search:fictional"), null);
        await s.setCursor("bluesky:search:fictional", "cursor-1");
        await s.setCursor("bluesky:search:fictional", "cursor-2");
        await s.setCursor("rss:https://feed.example", "etag-9");
        assert.equal(await s.getCursor("bluesky:search:fictional"), "cursor-2");
        assert.equal(await s.getCursor("rss:https://feed.example"), "etag-9");
        assert.equal((await s.stats()).cursors, 2);
      }));

      it("commits a batch's cursor with its posts, and not when the batch fails", withStore(async (s) => {
        await s.savePosts(batch([fakePost(1)], { cursor: { source: "rss:https://feed.example", cursor: "page-1" } }));
        assert.equal(await s.getCursor("rss:https://feed.example"), "page-1");
        const bad = [fakePost(2), { ...fakePost(3), id: "" }];
        await assert.rejects(s.savePosts(batch(bad, { cursor: { source: "rss:https://feed.example", cursor: "page-2" } })), isCode("INVALID_ARGUMENT"));
        assert.equal(await s.getCursor("rss:https://feed.example"), "page-1");
        assert.equal((await s.stats()).posts, 1);
      }));

      it("reports a schema version and refuses use after close", withStore(async (s) => {
        assert.ok((await s.stats()).schemaVersion >= 1);
        await s.close();
        await s.close(); // idempotent
        await assert.rejects(s.stats(), isCode("STORE_ERROR"));
      }));
    });

    feedContract({ withStore, fakePost, isCode });
  });
}
