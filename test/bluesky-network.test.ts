// voxpop's Bluesky sources against a real local Bluesky network (PLC + PDS + AppView from
// @atproto/dev-env, started once for this file by test/support/bsky-network.ts): the subject
// posts, others reply and quote, and then search, threads and quotes, the firehose and a repo
// export (CAR) must find them, and the session must log in once and refresh an expired token.
// Skips with the reason when the network cannot start (no Node 20, PostgreSQL or Redis).
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { createHmac } from "node:crypto";
import http from "node:http";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { VoxpopError } from "../src/core/index.ts";
import { sourceContract } from "../src/sources/contract.ts";
import type { SourceItem } from "../src/sources/source.ts";
import { ApiClient } from "../src/sources/http/index.ts";
import {
  BlueskyCarSource,
  BlueskySearchSource,
  BlueskySession,
  BlueskySubjectThreadsSource,
  FirehoseSource,
} from "../src/sources/bluesky/index.ts";
import { startBskyNetwork, type BskyAccount, type BskyNetwork } from "./support/bsky-network.ts";
import { waitUntil } from "./support/wait.ts";

const started = await startBskyNetwork();
const net: BskyNetwork | null = "skip" in started ? null : started;
const skipReason = "skip" in started ? started.skip : null;
after(async () => {
  await net?.stop();
});

// Plain XRPC, as any client would post.
async function xrpc(method: string, body: unknown, token?: string): Promise<Record<string, unknown>> {
  const res = await fetch(`${net!.pdsUrl}/xrpc/${method}`, {
    method: "POST",
    headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  const data = (await res.json()) as Record<string, unknown>;
  assert.ok(res.ok, `${method}: HTTP ${res.status} ${JSON.stringify(data)}`);
  return data;
}
const tokens = new Map<string, string>();
async function post(account: BskyAccount, record: Record<string, unknown>): Promise<{ uri: string; cid: string }> {
  let token = tokens.get(account.did);
  if (!token) {
    token = String((await xrpc("com.atproto.server.createSession", { identifier: account.handle, password: account.password })).accessJwt);
    tokens.set(account.did, token);
  }
  const out = await xrpc("com.atproto.repo.createRecord", {
    repo: account.did,
    collection: "app.bsky.feed.post",
    record: { $type: "app.bsky.feed.post", createdAt: new Date().toISOString(), ...record },
  }, token);
  story.all.push(String(out.uri));
  return { uri: String(out.uri), cid: String(out.cid) };
}

const client = new ApiClient({ allowPrivate: true, retry: { maxAttempts: 2, baseDelayMs: 10 } });
const tmp = mkdtempSync(path.join(tmpdir(), "voxpop-bsky-test-"));
after(() => rmSync(tmp, { recursive: true, force: true }));

// The story: the subject's posts, replies (one nested), a quote, and others using the keyword.
// The local AppView's search is a case-sensitive LIKE, so the keyword keeps one spelling.
const KEYWORD = "Heartbreak";
const story = {
  subjectPosts: [] as string[],
  replies: [] as string[],
  quote: "",
  keywordPosts: [] as string[],
  all: [] as string[],
};

async function seed(): Promise<void> {
  const [subject, alice, bob, carol, dave] = net!.accounts as [BskyAccount, BskyAccount, BskyAccount, BskyAccount, BskyAccount];
  const s1 = await post(subject, { text: `Sharing some ${KEYWORD} news with you all today.`, langs: ["en"] });
  const s2 = await post(subject, { text: "Thank you for the kindness, it means the world." });
  const r1 = await post(alice, { text: "Sending you so much love 💙", reply: { root: s1, parent: s1 } });
  const r2 = await post(bob, { text: "Agreed with Alice, stay strong.", reply: { root: s1, parent: r1 } });
  const r3 = await post(carol, { text: "Thinking of you.", reply: { root: s2, parent: s2 } });
  const q = await post(carol, { text: `This ${KEYWORD} is hard to read`, embed: { $type: "app.bsky.embed.record", record: s1 } });
  const link = "https://example.com/story";
  const text = `${KEYWORD}: the full story ${link} #support`;
  const d1 = await post(dave, {
    text,
    langs: ["en"],
    facets: [
      { index: { byteStart: Buffer.byteLength(`${KEYWORD}: the full story `), byteEnd: Buffer.byteLength(`${KEYWORD}: the full story ${link}`) }, features: [{ $type: "app.bsky.richtext.facet#link", uri: link }] },
      { index: { byteStart: Buffer.byteLength(text) - 8, byteEnd: Buffer.byteLength(text) }, features: [{ $type: "app.bsky.richtext.facet#tag", tag: "support" }] },
    ],
  });
  const d2 = await post(dave, { text: `Another ${KEYWORD} post, lower down the results` });
  const d3 = await post(alice, { text: `${KEYWORD} again, a third page of results` });
  await post(bob, { text: "nothing to do with it (heartbreak in lower case does not match)" });
  story.subjectPosts = [s1.uri, s2.uri];
  story.replies = [r1.uri, r2.uri, r3.uri];
  story.quote = q.uri;
  story.keywordPosts = [s1.uri, q.uri, d1.uri, d2.uri, d3.uri];
  await net!.sync();
}
const seeded = net ? seed() : Promise.resolve();

function session(account: BskyAccount, service = net!.pdsUrl): BlueskySession {
  return new BlueskySession({ service, identifier: account.handle, password: account.appPassword, client });
}

async function readAll(source: { read(c: string | null, s: AbortSignal): AsyncIterable<SourceItem> }, cursor: string | null = null, limit = Infinity): Promise<SourceItem[]> {
  const controller = new AbortController();
  const items: SourceItem[] = [];
  try {
    for await (const item of source.read(cursor, controller.signal)) {
      items.push(item);
      if (items.length >= limit) {
        controller.abort();
        break;
      }
    }
  } catch (err) {
    if (!(err instanceof VoxpopError && err.code === "FETCH_ABORTED")) throw err;
  }
  return items;
}

function ws(url: string): string {
  return url.replace(/^http/, "ws");
}

if (!net) {
  it("Bluesky sources against a local network", (t) => {
    t.skip(`local Bluesky network unavailable: ${skipReason}`);
  });
} else {
  const badViews: SourceItem[] = [
    { raw: { payload: "{not json", contentType: "application/json" }, cursor: null },
    { raw: { payload: JSON.stringify({ uri: "at://did:plc:x/app.bsky.feed.like/1", author: { did: "did:plc:x" }, record: { text: "x" } }), contentType: "application/json" }, cursor: null },
    { raw: { payload: JSON.stringify({ uri: "at://did:plc:x/app.bsky.feed.post/1", author: { did: "did:plc:x" }, record: { notText: 1 } }), contentType: "application/json" }, cursor: null },
  ];

  sourceContract("Bluesky search (searchPosts through a real PDS and AppView)", async () => {
    await seeded;
    return {
      // Two results a page, so the read crosses pages and then tries an older time window.
      source: new BlueskySearchSource({ xrpc: session(net.accounts[4]!), query: KEYWORD, pageSize: 2 }),
      expectedIds: story.keywordPosts,
      badItems: badViews,
      close: async () => {},
    };
  });

  sourceContract("Bluesky firehose (subscribeRepos of a real PDS, replayed from seq 0)", async () => {
    await seeded;
    const source = new FirehoseSource({ endpoint: ws(net.pdsUrl), startCursor: 0, allowPrivate: true });
    return {
      source,
      expectedIds: [...story.all],
      liveItems: story.all.length,
      badItems: [
        { raw: { payload: new Uint8Array([0xff, 0x00, 0x13]), contentType: "application/octet-stream" }, cursor: null },
        { raw: { payload: "text frame", contentType: "text/plain" }, cursor: null },
      ],
      close: async () => {},
    };
  });

  let carPath = "";
  sourceContract("Bluesky repo export (getRepo of a real PDS as a CAR file)", async () => {
    await seeded;
    if (!carPath) {
      const res = await fetch(`${net.pdsUrl}/xrpc/com.atproto.sync.getRepo?did=${encodeURIComponent(net.accounts[0]!.did)}`);
      assert.equal(res.status, 200);
      carPath = path.join(tmp, "subject.car");
      writeFileSync(carPath, Buffer.from(await res.arrayBuffer()));
    }
    return {
      source: new BlueskyCarSource({ path: carPath }),
      expectedIds: story.subjectPosts,
      badItems: [
        { raw: { payload: new Uint8Array([1, 2, 3]), contentType: "application/octet-stream" }, cursor: null },
        { raw: { payload: "text", contentType: "text/plain" }, cursor: null },
      ],
      close: async () => {},
    };
  });

  describe("Bluesky on a real local network", () => {
    before(() => seeded);

    it("search finds the keyword posts (case-sensitive locally) with authors, links, tags and relations", async () => {
      // Record what is asked, to see both the cursor paging and the step to an older window.
      const inner = session(net.accounts[1]!);
      const asked: Record<string, unknown>[] = [];
      const xrpc = { service: inner.service, query: (m: string, p: Parameters<typeof inner.query>[1], s?: AbortSignal) => (asked.push(p), inner.query(m, p, s)) };
      const source = new BlueskySearchSource({ xrpc, query: KEYWORD, pageSize: 2 });
      const posts = (await readAll(source)).flatMap((item) => source.normalize(item).posts);
      assert.ok(asked.some((p) => p.cursor), "never paged by cursor");
      assert.ok(asked.some((p) => p.until && !p.cursor), "never stepped to an older time window");
      const byId = new Map(posts.map((p) => [p.id, p]));
      assert.deepEqual([...byId.keys()].sort(), [...story.keywordPosts].sort());
      const d1 = byId.get(story.keywordPosts[2]!)!;
      assert.equal(d1.author.handle, "dave.test");
      assert.equal(d1.author.name, "Dave");
      assert.equal(d1.lang, "en");
      assert.deepEqual(d1.links, ["https://example.com/story"]);
      assert.deepEqual(d1.tags, ["support"]);
      assert.match(d1.url!, /^https:\/\/bsky\.app\/profile\/dave\.test\/post\/[a-z0-9]+$/);
      assert.equal(byId.get(story.quote)!.quoteOf, story.subjectPosts[0]);
    });

    it("threads and quotes of the subject: own posts, nested replies and the quote", async () => {
      const source = new BlueskySubjectThreadsSource({ xrpc: session(net.accounts[2]!), subjects: [net.accounts[0]!.handle], since: new Date(Date.now() - 3600_000).toISOString() });
      const posts = (await readAll(source)).flatMap((item) => source.normalize(item).posts);
      const ids = new Set(posts.map((p) => p.id));
      for (const id of [...story.subjectPosts, ...story.replies, story.quote]) assert.ok(ids.has(id), `missing ${id}`);
      assert.equal(source.quotesBySearch, false, "this AppView has getQuotes");
      const nested = posts.find((p) => p.id === story.replies[1]);
      assert.equal(nested?.replyTo, story.replies[0]);
      assert.equal(nested?.replyRoot, story.subjectPosts[0]);
      // Resuming from a cursor taken after the first subject post re-reads no more than that post.
      const items = await readAll(source);
      const resumed = (await readAll(source, items[items.length - 1]!.cursor)).flatMap((i) => source.normalize(i).posts.map((p) => p.id));
      assert.ok(resumed.length < items.length && resumed.length > 0);
    });

    it("firehose: new posts arrive live, and a stored seq cursor resumes without losing any", async () => {
      const source = new FirehoseSource({ endpoint: ws(net.pdsUrl), allowPrivate: true });
      const controller = new AbortController();
      const received: SourceItem[] = [];
      const reading = (async () => {
        try {
          for await (const item of source.read(null, controller.signal)) {
            received.push(item);
            if (received.length === 2) controller.abort();
          }
        } catch (err) {
          if (!(err instanceof VoxpopError && err.code === "FETCH_ABORTED")) throw err;
        }
      })();
      await waitUntil(() => source.status().state === "open", 10_000, () => "the source to open");
      const live = [await post(net.accounts[3]!, { text: "live one" }), await post(net.accounts[4]!, { text: "live two" })];
      await withTimeout(reading, 15_000, "live posts did not arrive");
      assert.deepEqual(received.flatMap((i) => source.normalize(i).posts.map((p) => p.id)), live.map((p) => p.uri));

      // Disconnected: two more posts; the stored cursor brings them back.
      const missed = [await post(net.accounts[1]!, { text: "while away one" }), await post(net.accounts[2]!, { text: "while away two" })];
      const resumed = await withTimeout(readAll(source, received[1]!.cursor, 2), 15_000, "resume did not deliver");
      assert.deepEqual(resumed.flatMap((i) => source.normalize(i).posts.map((p) => p.id)), missed.map((p) => p.uri));
    });

    it("the CAR import reads every post of a repo export; a corrupt block is quarantined, a cut file read up to the cut, a non-CAR file refused", async () => {
      const subject = net.accounts[0]!;
      const res = await fetch(`${net.pdsUrl}/xrpc/com.atproto.sync.getRepo?did=${encodeURIComponent(subject.did)}`);
      const bytes = Buffer.from(await res.arrayBuffer());
      const file = path.join(tmp, "repo.car");
      writeFileSync(file, bytes);
      const source = new BlueskyCarSource({ path: file });
      const items = await readAll(source);
      assert.ok(items.every((i) => !i.error));
      const posts = items.flatMap((i) => source.normalize(i).posts);
      assert.deepEqual(posts.map((p) => p.id).sort(), [...story.subjectPosts].sort());
      assert.ok(posts.every((p) => p.author.id === subject.did));

      // Corrupt the text of the first post inside the file: that record is quarantined, the other read.
      const text = Buffer.from("Sharing some");
      const at = bytes.indexOf(text);
      assert.ok(at > 0);
      const corrupt = Buffer.from(bytes);
      corrupt[at] = "X".charCodeAt(0);
      writeFileSync(file, corrupt);
      const after = await readAll(source);
      const errors = after.filter((i) => i.error);
      assert.ok(errors.length >= 1 && errors.every((i) => i.error!.code === "PARSE_ERROR"));
      assert.deepEqual(after.filter((i) => !i.error).flatMap((i) => source.normalize(i).posts.map((p) => p.id)), [story.subjectPosts[1]]);

      // Cut short: what came before the cut is read, the broken tail is reported, nothing throws.
      writeFileSync(file, bytes.subarray(0, bytes.length - 40));
      const cut = await readAll(source);
      assert.ok(cut.some((i) => i.error && /ends in a broken block|missing/.test(i.error.reason)));

      writeFileSync(file, "not a car file at all");
      await assert.rejects(readAll(source), (err: unknown) => err instanceof VoxpopError && err.code === "PARSE_ERROR");
    });

    it("a wrong password fails with AUTH_FAILED naming the settings, without echoing the password", async () => {
      const wrong = new BlueskySession({ service: net.pdsUrl, identifier: net.accounts[0]!.handle, password: "wrong-secret-123", client });
      await assert.rejects(wrong.query("app.bsky.feed.getTimeline", {}), (err: unknown) => {
        assert.ok(err instanceof VoxpopError);
        assert.equal(err.code, "AUTH_FAILED");
        assert.match(err.message, /VOXPOP_BLUESKY_HANDLE/);
        assert.match(err.message, /VOXPOP_BLUESKY_APP_PASSWORD/);
        assert.doesNotMatch(err.message, /wrong-secret-123/);
        return true;
      });
    });

    it("the session logs in once and refreshes an expired access token instead of logging in again", async () => {
      // A pass-through proxy in front of the real PDS counts the auth calls. To get a genuinely
      // expired token without waiting two hours, it re-signs the session's own access token with
      // exp in the past, using dev-env's published test JWT secret ("jwt-secret"); the real PDS
      // then answers ExpiredToken exactly as it would in production.
      const proxy = await countingProxy(net.pdsUrl);
      try {
        const s = new BlueskySession({ service: proxy.url, identifier: net.accounts[0]!.handle, password: net.accounts[0]!.appPassword, client });
        const query = () => s.query("app.bsky.feed.getAuthorFeed", { actor: net.accounts[0]!.handle, limit: 1 });
        await query();
        await query();
        assert.deepEqual(proxy.counts, { createSession: 1, refreshSession: 0, expiredAnswers: 0 });
        proxy.expireNext = true;
        await query();
        await query();
        assert.deepEqual(proxy.counts, { createSession: 1, refreshSession: 1, expiredAnswers: 1 });
        assert.deepEqual(s.stats, { logins: 1, refreshes: 1 });
      } finally {
        await proxy.close();
      }
    });
  });
}

async function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([promise, new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(message)), ms)))]);
  } finally {
    clearTimeout(timer);
  }
}

function b64url(data: Buffer | string): string {
  return Buffer.from(data).toString("base64url");
}

async function countingProxy(target: string) {
  const counts = { createSession: 0, refreshSession: 0, expiredAnswers: 0 };
  const state = { expireNext: false };
  const server = http.createServer((req, res) => {
    const method = (req.url ?? "").split("?")[0]!.replace("/xrpc/", "");
    if (method === "com.atproto.server.createSession") counts.createSession++;
    if (method === "com.atproto.server.refreshSession") counts.refreshSession++;
    const headers = { ...req.headers };
    delete headers.host;
    const auth = headers.authorization;
    let expiring = false;
    if (state.expireNext && auth && method !== "com.atproto.server.refreshSession") {
      state.expireNext = false;
      expiring = true;
      const [h, p] = auth.replace(/^Bearer /, "").split(".");
      const payload = JSON.parse(Buffer.from(p!, "base64url").toString("utf8")) as Record<string, unknown>;
      const now = Math.floor(Date.now() / 1000);
      const body = `${h}.${b64url(JSON.stringify({ ...payload, iat: now - 7300, exp: now - 100 }))}`;
      headers.authorization = `Bearer ${body}.${b64url(createHmac("sha256", "jwt-secret").update(body).digest())}`;
    }
    const upstream = http.request(`${target}${req.url}`, { method: req.method, headers }, (up) => {
      if (expiring && up.statusCode === 400) counts.expiredAnswers++;
      res.writeHead(up.statusCode ?? 502, up.headers);
      up.pipe(res);
    });
    upstream.on("error", () => res.destroy());
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    counts,
    set expireNext(v: boolean) {
      state.expireNext = v;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

