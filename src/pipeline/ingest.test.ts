// The runner against an in-memory list source (the runner is under test here, not a protocol;
// real sources are tested against their peers in their own folders and in test/).
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { VoxpopError, type CollectedPost } from "../core/index.ts";
import { createPipeline, DedupeIndex } from "../enrich/index.ts";
import { openSqliteStore } from "../store/index.ts";
import type { Source, SourceItem } from "../sources/index.ts";
import { compileRules } from "./rules.ts";
import { ingestSource, newStats, storyCursorKey } from "./ingest.ts";

function listSource(lines: string[], options: { failAfter?: number } = {}): Source & { reads: Array<string | null> } {
  const reads: Array<string | null> = [];
  return {
    name: "list", kind: "file", uri: "memory:list", mode: "backfill", reads,
    async *read(cursor, signal) {
      reads.push(cursor);
      for (let i = cursor === null ? 0 : Number(cursor); i < lines.length; i++) {
        if (signal.aborted) throw new VoxpopError("FETCH_ABORTED", "cancelled");
        if (options.failAfter !== undefined && i === options.failAfter) throw new VoxpopError("FETCH_FAILED", "connection dropped");
        yield { raw: { payload: lines[i]!, contentType: "application/json" }, cursor: String(i + 1) } satisfies SourceItem;
      }
    },
    normalize(item) {
      let data: { id: string; text: string; handle?: string };
      try { data = JSON.parse(String(item.raw.payload)); } catch (cause) { throw new VoxpopError("PARSE_ERROR", "not JSON", { cause }); }
      const post: CollectedPost = {
        platform: "x", id: data.id, url: null, author: { name: null, handle: data.handle ?? "someone" }, createdAt: null, dateText: null,
        text: data.text, links: [], mentions: [], position: 0, inArticle: true,
      };
      return { posts: [post] };
    },
  };
}

function lines(n: number): string[] {
  return Array.from({ length: n }, (_, i) => (i % 10 === 7 ? "{broken" : JSON.stringify({ id: String(i), text: i % 2 ? `the verdict number ${i} is in` : `unrelated chatter ${i}` })));
}

function context(store = openSqliteStore(":memory:")) {
  return {
    store, story: "s", dedupe: new DedupeIndex(), enrichContext: {}, batchSize: 7,
    pipeline: createPipeline([]),
    matcher: compileRules({ subjects: ["subj"], keywords: ["verdict"], tags: [], urls: [], since: null, until: null, sources: [] }),
  };
}

describe("ingest runner", () => {
  it("stores matching posts, skips the rest, quarantines bad items and records the cursor", async () => {
    const ctx = context();
    await ctx.store.ensureStory("s");
    const stats = await ingestSource(listSource(lines(100)), ctx, new AbortController().signal);
    const matching = lines(100).filter((l) => l.includes("verdict")).length;
    assert.equal(stats.fetched, 100);
    assert.equal(stats.stored, matching);
    assert.equal(stats.quarantined, 10);
    assert.equal(stats.unmatched, 100 - 10 - matching);
    assert.equal((await ctx.store.storyPosts("s")).length, matching);
    assert.equal(await ctx.store.getCursor(storyCursorKey("s", "list")), "100");
    const q = await ctx.store.listQuarantine();
    assert.equal(q.length, 10);
    assert.equal(q[0]?.payload, "{broken");
    assert.equal(q[0]?.code, "PARSE_ERROR");
  });

  it("resumes from the stored cursor after a failure: nothing lost, nothing duplicated", async () => {
    const ctx = context();
    await ctx.store.ensureStory("s");
    const first = await ingestSource(listSource(lines(100), { failAfter: 45 }), ctx, new AbortController().signal);
    assert.match(first.error ?? "", /connection dropped/);
    const cursor = await ctx.store.getCursor(storyCursorKey("s", "list"));
    assert.equal(cursor, "45");
    const again = listSource(lines(100));
    await ingestSource(again, ctx, new AbortController().signal);
    assert.deepEqual(again.reads, ["45"]);
    const posts = await ctx.store.storyPosts("s");
    assert.equal(posts.length, lines(100).filter((l) => l.includes("verdict")).length);
    assert.equal(new Set(posts.map((p) => p.id)).size, posts.length);
    assert.equal((await ctx.store.listQuarantine()).length, 10, "no item quarantined twice");
  });

  it("stops on abort and flushes what it read", async () => {
    const ctx = context();
    await ctx.store.ensureStory("s");
    const controller = new AbortController();
    const source = listSource(lines(1000));
    const wrapped: Source = {
      ...source,
      async *read(cursor, signal) {
        let n = 0;
        for await (const item of source.read(cursor, signal)) {
          yield item;
          if (++n === 33) controller.abort();
        }
      },
    };
    const stats = await ingestSource(wrapped, ctx, controller.signal, newStats(wrapped));
    assert.equal(stats.error, null);
    assert.equal(stats.fetched, 33);
    assert.equal(await ctx.store.getCursor(storyCursorKey("s", "list")), "33");
  });
});
