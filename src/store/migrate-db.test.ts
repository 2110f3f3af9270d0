// migrateDb: a SQLite store with what a demo holds (an imported article with its posts, posts
// collected from a live source with raw payloads, matches and enrichment, an editor's decisions
// with moves and undos, quarantined items, cursors) copied into PostgreSQL reads back the same
// through every Store method. Skips when no PostgreSQL answers on 127.0.0.1:5432.

import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { VoxpopError } from "../core/index.ts";
import { fakeArticle, fakePost } from "./contract.ts";
import { migrateDb } from "./migrate-db.ts";
import { openPostgresStore } from "./postgres/pg-store.ts";
import { dropSchemas, freshSchema, pgSkipReason, TEST_PG_URL } from "./postgres/test-support.ts";
import { openSqliteStore } from "./sqlite/sqlite-store.ts";
import type { PostAnnotations, Store } from "./store.ts";

const skip = await pgSkipReason();
let dir = "";
const schemas: string[] = [];
before(() => { dir = mkdtempSync(join(tmpdir(), "voxpop-migrate-")); });
after(async () => { rmSync(dir, { recursive: true, force: true }); await dropSchemas(schemas); });

const notes = (n: number): PostAnnotations => ({
  reaction: { version: "r-1", data: { primary: ["support", "condolence", "criticism", "personal"][n % 4], labels: [] } },
  lang: { version: "l-1", data: { lang: n % 3 ? "en" : "es" } },
  emotions: { version: "e-1", data: { labels: n % 2 ? ["love", "caring"] : ["sadness"] } },
  offensive: { version: "o-1", data: { label: n % 7 === 0 } },
  notability: { version: "n-1", data: { score: (n % 10) / 10 } },
});

/** A SQLite store holding what the demo holds. */
async function demo(s: Store): Promise<void> {
  await s.ensureStory("loss", { subjects: ["@CelebOne"], title: "A fictional loss", rules: { keywords: ["loss"], since: "2031-03-01" } });
  await s.savePosts({
    posts: [fakePost(1, { author: { name: "Celeb One", handle: "celebone" } }), ...Array.from({ length: 24 }, (_, i) => fakePost(i + 2))],
    annotations: Array.from({ length: 25 }, (_, i) => notes(i + 1)),
    article: fakeArticle("https://news.example/loss"), raw: { payload: "<html>the article</html>", contentType: "text/html" },
    source: { kind: "article", uri: "https://news.example/loss" }, story: "loss", collectedAt: "2031-03-05T10:00:00.000Z",
  });
  for (let batch = 0; batch < 3; batch++) {
    const posts = Array.from({ length: 20 }, (_, i) => fakePost(100 + batch * 20 + i, {
      platform: "bluesky", id: `at://did:plc:x/app.bsky.feed.post/${batch}-${i}`, createdAt: `2031-03-0${4 + batch}T1${i % 10}:00:00Z`,
      author: { name: `Fan ${i}`, handle: `fan${i}.bsky.social`, id: `did:plc:fan${i}`, followers: i * 10, verified: i % 2 === 0 },
      tags: ["Loss"], lang: "en", replyTo: i % 5 ? null : "at://did:plc:celeb/app.bsky.feed.post/1",
    }));
    await s.savePosts({
      posts, source: { kind: "bluesky", uri: "jetstream" }, story: "loss",
      raws: posts.map((p) => ({ payload: JSON.stringify({ commit: p.id }), contentType: "application/json" })),
      matches: posts.map((_, i) => ({ role: "reaction", relevance: (i % 10) / 10, reasons: [`keyword: loss ${i}`] })),
      annotations: posts.map((_, i) => notes(i)),
      cursor: { source: "bluesky:jetstream:loss", cursor: String(1_700_000_000_000_000 + batch) },
      quarantine: batch === 1 ? [{ source: "jetstream", code: "PARSE_ERROR", reason: "bad record", payload: new Uint8Array([0, 255, 7]) }] : [],
    });
  }
  // The same posts seen again in a second story, and a second source for some.
  await s.savePosts({ posts: [fakePost(3), fakePost(4)], source: { kind: "rss", uri: "https://feed.example/rss" }, story: "second" });
  await s.quarantine({ source: "https://news.example/bad", code: "NO_POSTS", reason: "no posts found", payload: "<html>💔</html>", story: "loss" });
  await s.setCursor("rss:https://feed.example/rss", "etag-1");
  const ref = (n: number) => ({ platform: "x" as const, id: `p${n}` });
  await s.appendDecision("loss", { action: "include", post: ref(2), actor: "editor" });
  await s.appendDecision("loss", { action: "pin", post: ref(3) });
  await s.appendDecision("loss", { action: "move", post: ref(9), value: { before: ref(2) } });
  await s.appendDecision("loss", { action: "section", post: ref(5), value: { section: "Support" } });
  await s.appendDecision("loss", { action: "exclude", post: ref(6) });
  await s.appendDecision("loss", { action: "undo" });
  await s.appendDecision("loss", { action: "note", post: ref(2), value: { note: "lead quote" } });
  await s.appendDecision("second", { action: "include", post: ref(4) });
}

if (skip) {
  it("migrateDb into PostgreSQL", { skip }, () => undefined);
} else {
  describe("migrateDb: SQLite → PostgreSQL", () => {
    it("copies every row, and the copy reads back the same through every Store method", async () => {
      const from = openSqliteStore(join(dir, "demo.db"));
      const schema = freshSchema();
      schemas.push(schema);
      const to = await openPostgresStore(TEST_PG_URL, { schema });
      try {
        await demo(from);
        const seen: number[] = [];
        const report = await migrateDb(from, to, (p) => seen.push(p.records));
        assert.ok(seen.length > 0 && seen.at(-1)! === Object.values(report.copied).reduce((a, b) => a + b!, 0));
        assert.deepEqual(await to.stats(), await from.stats());
        assert.deepEqual(report.stories, [{ name: "loss", posts: 85, decisions: 7 }, { name: "second", posts: 2, decisions: 1 }]);
        assert.deepEqual(await to.listStories(), await from.listStories());
        for (const story of ["loss", "second"]) {
          assert.deepEqual(await to.storyPosts(story), await from.storyPosts(story), `storyPosts(${story})`);
          assert.deepEqual(await to.listDecisions(story), await from.listDecisions(story), `listDecisions(${story})`);
          assert.deepEqual(await to.storyStats(story), await from.storyStats(story), `storyStats(${story})`);
          for (const q of [{}, { sort: "curated" as const, abuse: "show" as const, limit: 500 }, { status: "included" as const },
            { reaction: ["support"], emotion: ["love"], lang: ["en"] }, { sort: "newest" as const, limit: 7 }, { sort: "relevance" as const }]) {
            assert.deepEqual(await to.queryPosts(story, q), await from.queryPosts(story, q), `queryPosts(${story}, ${JSON.stringify(q)})`);
          }
        }
        assert.deepEqual(await to.listQuarantine(), await from.listQuarantine());
        assert.equal(await to.getCursor("bluesky:jetstream:loss"), "1700000000000002");
        const ids = async (s: Store, q: string) => (await s.search(q, { limit: 500 })).map((h) => h.id).sort();
        for (const q of ["fictional", "fan3", "number 1*", "celeb"]) assert.deepEqual(await ids(to, q), await ids(from, q), `search ${q}`);

        // The copy carries on: new ids come after the copied ones.
        const d = await to.appendDecision("loss", { action: "include", post: { platform: "x", id: "p7" } });
        assert.equal(d.id, 9);
        await to.savePosts({ posts: [fakePost(999)], source: { kind: "file", uri: "later" }, story: "loss" });
        assert.equal((await to.storyPosts("loss")).at(-1)?.position, 86);
        await to.quarantine({ source: "x", code: "C", reason: "r" });
        assert.equal((await to.listQuarantine()).at(-1)?.id, 3);
      } finally {
        await from.close();
        await to.close();
      }
    });

    it("refuses a target that already holds data, and one that cannot be filled", async () => {
      const from = openSqliteStore(join(dir, "small.db"));
      const schema = freshSchema();
      schemas.push(schema);
      const to = await openPostgresStore(TEST_PG_URL, { schema });
      try {
        await from.savePosts({ posts: [fakePost(1)], source: { kind: "file", uri: "f" }, story: "s" });
        await to.savePosts({ posts: [fakePost(2)], source: { kind: "file", uri: "g" }, story: "t" });
        await assert.rejects(migrateDb(from, to), (err: unknown) => err instanceof VoxpopError && /not empty/.test(err.message));
        assert.equal((await to.stats()).posts, 1, "nothing was copied");
        await assert.rejects(migrateDb(to, from), (err: unknown) => err instanceof VoxpopError && err.code === "INVALID_ARGUMENT");
      } finally {
        await from.close();
        await to.close();
      }
    });
  });
}
