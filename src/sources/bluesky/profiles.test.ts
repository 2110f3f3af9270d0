// The resolver against a stub AppView serving getProfiles in the documented shape (the real
// AppView runs in test/bluesky-network.test.ts's local network; this checks batching, caching
// and the back-off when the AppView is down without starting it).
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import type { CollectedPost } from "../../core/index.ts";
import { createProfileResolver } from "./profiles.ts";

function post(did: string): CollectedPost {
  return {
    platform: "bluesky", id: `at://${did}/app.bsky.feed.post/3k`, url: `https://bsky.app/profile/${did}/post/3k`,
    author: { name: null, handle: null, id: did }, createdAt: null, dateText: null, text: "hi", links: [], mentions: [], position: 0, inArticle: true,
  };
}

describe("Bluesky profile resolver (stub AppView)", () => {
  it("fills handle, name, followers and the URL, 25 actors a call, and caches", async () => {
    const calls: string[][] = [];
    const server = createServer((req, res) => {
      const url = new URL(req.url!, "http://x");
      const actors = url.searchParams.getAll("actors");
      calls.push(actors);
      res.setHeader("content-type", "application/json");
      res.end(JSON.stringify({ profiles: actors.filter((a) => !a.endsWith("gone")).map((did) => ({ did, handle: `${did.slice(8)}.test`, displayName: `Name ${did.slice(8)}`, followersCount: 7 })) }));
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    try {
      const resolve = createProfileResolver({ appview: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, allowPrivate: true });
      const posts = Array.from({ length: 30 }, (_, i) => post(`did:plc:a${i}`)).concat(post("did:plc:gone"));
      await resolve(posts);
      assert.deepEqual(calls.map((c) => c.length), [25, 6]);
      assert.equal(posts[3]!.author.handle, "a3.test");
      assert.equal(posts[3]!.author.name, "Name a3");
      assert.equal(posts[3]!.author.followers, 7);
      assert.equal(posts[3]!.url, "https://bsky.app/profile/a3.test/post/3k");
      assert.equal(posts[30]!.author.handle, null, "an unknown DID stays a DID");
      const again = [post("did:plc:a1")];
      await resolve(again);
      assert.equal(calls.length, 2, "answered from the cache");
      assert.equal(again[0]!.author.handle, "a1.test");
    } finally {
      server.close();
    }
  });

  it("stops asking for a while when the AppView is down, and never throws", async () => {
    const notes: string[] = [];
    let t = 0;
    const resolve = createProfileResolver({ appview: "http://127.0.0.1:9", allowPrivate: true, now: () => t, onError: (m) => notes.push(m) });
    await resolve([post("did:plc:x")]);
    await resolve([post("did:plc:y")]);
    assert.equal(notes.length, 1);
    t = 61_000;
    await resolve([post("did:plc:z")]);
    assert.equal(notes.length, 2);
  });
});
