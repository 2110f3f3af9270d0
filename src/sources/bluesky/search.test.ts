// The search backfill past the AppView's result cap. The local dev AppView (used in
// test/bluesky-network.test.ts) has no cap and ignores `until`, so this runs against a simulated
// searchPosts (an in-process Xrpc, not a real server) that behaves like the public AppView:
// newest first, `until` exclusive, and no cursor after `cap` results of one query.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { VoxpopError } from "../../core/index.ts";
import type { SourceItem } from "../source.ts";
import { BlueskySearchSource } from "./search.ts";
import type { Xrpc } from "./session.ts";

const DID = "did:plc:searchtestaccount000000";
const T0 = Date.parse("2025-03-01T00:00:00.000Z");

function view(i: number, ms: number) {
  return {
    uri: `at://${DID}/app.bsky.feed.post/p${String(i).padStart(4, "0")}`,
    cid: "bafyreib2rxk3rh6kzwq",
    author: { did: DID, handle: "searcher.test", displayName: "Searcher" },
    record: { $type: "app.bsky.feed.post", text: `post ${i}`, createdAt: new Date(ms).toISOString() },
    indexedAt: new Date(ms + 1000).toISOString(),
  };
}

function appview(opts: { count: number; cap: number; sameMsPairs?: boolean }) {
  // Newest first; with sameMsPairs every two posts share a millisecond (the boundary case).
  const posts = Array.from({ length: opts.count }, (_, i) => view(i, T0 - (opts.sameMsPairs ? Math.floor(i / 2) : i) * 60_000));
  const calls: Record<string, unknown>[] = [];
  const xrpc: Xrpc = {
    service: "https://appview.simulated",
    async query(method, params) {
      assert.equal(method, "app.bsky.feed.searchPosts");
      calls.push(params);
      const until = typeof params.until === "string" ? Date.parse(params.until) : Infinity;
      const since = typeof params.since === "string" ? Date.parse(params.since) : -Infinity;
      const matching = posts.filter((p) => Date.parse(p.record.createdAt) < until && Date.parse(p.record.createdAt) >= since);
      const offset = typeof params.cursor === "string" ? Number(params.cursor) : 0;
      const limit = Number(params.limit);
      const page = matching.slice(offset, Math.min(offset + limit, opts.cap));
      const next = offset + page.length;
      return { posts: page, ...(next < Math.min(matching.length, opts.cap) ? { cursor: String(next) } : {}) };
    },
  };
  return { xrpc, calls, posts };
}

async function readAll(source: BlueskySearchSource, cursor: string | null = null, limit = Infinity): Promise<SourceItem[]> {
  const items: SourceItem[] = [];
  const controller = new AbortController();
  for await (const item of source.read(cursor, controller.signal)) {
    items.push(item);
    if (items.length >= limit) break;
  }
  return items;
}

const ids = (source: BlueskySearchSource, items: SourceItem[]) => new Set(items.flatMap((i) => source.normalize(i).posts.map((p) => p.id)));

describe("Bluesky search past the result cap (simulated searchPosts, not a real AppView)", () => {
  it("reads every post by stepping `until` back once the cursor runs out", async () => {
    const av = appview({ count: 250, cap: 100 });
    const source = new BlueskySearchSource({ xrpc: av.xrpc, query: "post", pageSize: 30 });
    const got = ids(source, await readAll(source));
    assert.equal(got.size, 250);
    assert.ok(av.calls.filter((c) => c.until).length >= 2, "stepped back in time at least twice");
  });

  it("keeps posts that share the boundary millisecond", async () => {
    const av = appview({ count: 41, cap: 10, sameMsPairs: true });
    const source = new BlueskySearchSource({ xrpc: av.xrpc, query: "post", pageSize: 3 });
    assert.equal(ids(source, await readAll(source)).size, 41);
  });

  it("stops at the story's since", async () => {
    const av = appview({ count: 250, cap: 100 });
    const since = new Date(T0 - 49 * 60_000).toISOString();
    const source = new BlueskySearchSource({ xrpc: av.xrpc, query: "post", since });
    const got = ids(source, await readAll(source));
    assert.equal(got.size, 50);
  });

  it("resumes from any stored cursor, across windows, without losing a post", async () => {
    const av = appview({ count: 250, cap: 100 });
    const source = new BlueskySearchSource({ xrpc: av.xrpc, query: "post", pageSize: 30 });
    for (const cut of [1, 29, 30, 130, 201]) {
      const first = await readAll(source, null, cut);
      const rest = await readAll(source, first[first.length - 1]!.cursor);
      const all = new Set([...ids(source, first), ...ids(source, rest)]);
      assert.equal(all.size, 250, `lost posts resuming after item ${cut}`);
    }
  });

  it("refuses a cursor that is not its own and an empty query", async () => {
    const av = appview({ count: 1, cap: 1 });
    const source = new BlueskySearchSource({ xrpc: av.xrpc, query: "post" });
    await assert.rejects(readAll(source, "garbage"), (err: unknown) => err instanceof VoxpopError && err.code === "INVALID_ARGUMENT");
    assert.throws(() => new BlueskySearchSource({ xrpc: av.xrpc, query: "  " }), VoxpopError);
  });
});
