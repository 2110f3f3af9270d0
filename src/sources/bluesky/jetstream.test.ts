// The Jetstream source against a local WebSocket server that serves *recorded* Jetstream frames
// (test/support/jetstream-server.ts). There is no real Jetstream server here: it needs the live
// relay. The client side is the real thing (the global WebSocket, the real wire format).
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { VoxpopError } from "../../core/index.ts";
import { sourceContract } from "../contract.ts";
import type { SourceItem, SourceStatus } from "../source.ts";
import { readFixture, startJetstreamServer, type ConnectionPlan } from "../../../test/support/jetstream-server.ts";
import { generateJetstreamEventsDetailed, BENCH_STORY } from "../../../bench/jetstream-gen.ts";
import { JetstreamSource, deletedPostUri, parseJetstreamEvent, type JetstreamOptions } from "./jetstream.ts";

const RECORDED = readFixture(new URL("../../../test/fixtures/jetstream/recorded.jsonl", import.meta.url));
const MALFORMED = readFixture(new URL("../../../test/fixtures/jetstream/malformed.jsonl", import.meta.url));
const REWIND = 5_000_000;

interface Frame { did: string; time_us: number; kind: string; commit?: { operation: string; collection: string; rkey: string } }
const frames = RECORDED.map((l) => JSON.parse(l) as Frame);
const isPost = (f: Frame) => f.kind === "commit" && f.commit!.collection === "app.bsky.feed.post";
/** What a wantedCollections=app.bsky.feed.post subscription carries: posts, identity, account. */
const delivered = frames.filter((f) => f.kind !== "commit" || isPost(f));
const expectedIds = [
  ...new Set(frames.filter((f) => isPost(f) && f.commit!.operation !== "delete").map((f) => `at://${f.did}/app.bsky.feed.post/${f.commit!.rkey}`)),
];

const item = (payload: string): SourceItem => ({ raw: { payload, contentType: "application/json" }, cursor: null });

// A live tail after the recording, as a real Jetstream never stops: account events.
const accountTail = (n: number, timeUs: number) =>
  JSON.stringify({ did: "did:plc:tail7tail7tail7tail7tail", time_us: timeUs, kind: "account", account: { active: true, did: "did:plc:tail7tail7tail7tail7tail", seq: 9_000_000 + n, time: new Date(timeUs / 1000).toISOString() } });

function source(url: string, options: JetstreamOptions = {}): JetstreamSource {
  return new JetstreamSource({ endpoint: url, allowPrivate: true, backoff: { baseMs: 5, maxMs: 40 }, ...options });
}

function timeOf(it: SourceItem): number | null {
  try {
    return parseJetstreamEvent(it.raw.payload).timeUs;
  } catch {
    return null;
  }
}

/**
 * Reads until every expected post id has arrived (then aborts), or fails after `timeoutMs`.
 * `onItem` sees each item with the number of connections the server had accepted when it arrived.
 */
async function readUntilAll(src: JetstreamSource, ids: string[], onItem: (it: SourceItem) => void | Promise<void>, timeoutMs = 15_000): Promise<Set<string>> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  const seen = new Set<string>();
  try {
    for await (const it of src.read(null, controller.signal)) {
      await onItem(it);
      try {
        for (const p of src.normalize(it).posts) seen.add(p.id);
      } catch (err) {
        assert.ok(err instanceof VoxpopError && err.code === "PARSE_ERROR", String(err));
      }
      if (ids.every((id) => seen.has(id))) break;
    }
  } catch (err) {
    if (!(err instanceof VoxpopError && err.code === "FETCH_ABORTED")) throw err;
  } finally {
    clearTimeout(timer);
    controller.abort();
  }
  const missing = ids.filter((id) => !seen.has(id));
  assert.deepEqual(missing, [], `posts never arrived: ${missing.join(", ")}`);
  return seen;
}

sourceContract("jetstream (recorded frames on a local WebSocket server; no real Jetstream here)", async () => {
  const server = await startJetstreamServer({ events: RECORDED, tail: { everyMs: 5, make: accountTail } });
  return {
    source: source(server.url),
    expectedIds,
    badItems: MALFORMED.map(item),
    // The recording plus enough of the live tail to cover what a resume re-reads (the 5 s rewind).
    liveItems: delivered.length + 25,
    close: () => server.close(),
  };
});

describe("Jetstream source (recorded frames on a local WebSocket server; no real Jetstream here)", () => {
  it("normalizes post creates and updates, and turns deletes, likes, identity and account events into no posts", () => {
    const src = source("ws://127.0.0.1:1");
    const byKind = new Map<string, number>();
    for (const line of RECORDED) {
      const f = JSON.parse(line) as Frame;
      const { posts } = src.normalize(item(line));
      const key = f.kind === "commit" ? `${f.commit!.collection} ${f.commit!.operation}` : f.kind;
      byKind.set(key, (byKind.get(key) ?? 0) + posts.length);
      if (isPost(f) && f.commit!.operation !== "delete") {
        assert.equal(posts.length, 1, line);
        const p = posts[0]!;
        assert.equal(p.id, `at://${f.did}/app.bsky.feed.post/${f.commit!.rkey}`);
        assert.equal(p.author.id, f.did);
        assert.equal(p.author.handle, null, "Jetstream carries no handle");
        assert.equal(p.url, `https://bsky.app/profile/${f.did}/post/${f.commit!.rkey}`);
      } else {
        assert.equal(posts.length, 0, line);
      }
    }
    assert.ok((byKind.get("app.bsky.feed.post create") ?? 0) >= 15);
    assert.equal(byKind.get("app.bsky.feed.post update"), 1);
    assert.equal(byKind.get("identity"), 0);
    assert.equal(byKind.get("account"), 0);
    assert.equal(byKind.get("app.bsky.feed.like create"), 0);
  });

  it("reads mentions after multi-byte text, replies, quotes and quotes with media from recorded frames", () => {
    const src = source("ws://127.0.0.1:1");
    const posts = RECORDED.flatMap((l) => src.normalize(item(l)).posts);
    const subject = posts.find((p) => p.text?.startsWith("I wasn't sure"))!;
    const lea = posts.find((p) => p.lang === "fr" && p.text?.startsWith("Très triste"))!;
    assert.deepEqual(lea.mentions, ["mayalindqvist.bsky.social"]);
    assert.deepEqual(lea.tags, ["MayaLindqvist"]);
    assert.deepEqual(lea.links, ["https://news.example.com/2025/03/01/maya-lindqvist-statement"]);
    const jun = posts.find((p) => p.lang === "ja" && p.replyTo)!;
    assert.deepEqual(jun.mentions, ["mayalindqvist.bsky.social"]);
    assert.equal(jun.replyTo, subject.id);
    assert.equal(jun.replyRoot, subject.id);
    assert.equal(posts.find((p) => p.lang === "pt" && p.quoteOf)!.quoteOf, subject.id);
    assert.equal(posts.find((p) => p.lang === "de")!.quoteOf, subject.id, "recordWithMedia quotes too");
    const minji = posts.find((p) => p.lang === "ko")!;
    assert.deepEqual(minji.mentions, ["mayalindqvist.bsky.social"]);
    assert.equal(posts.find((p) => p.text === "🥲🥲🥲")!.lang, null);
  });

  it("refuses every malformed frame with PARSE_ERROR and a reason", () => {
    const src = source("ws://127.0.0.1:1");
    for (const line of MALFORMED) {
      assert.throws(() => src.normalize(item(line)), (err: unknown) => err instanceof VoxpopError && err.code === "PARSE_ERROR" && err.message.length > 10, line);
    }
    assert.throws(() => src.normalize({ raw: { payload: new Uint8Array([0x28, 0xb5, 0x2f, 0xfd]), contentType: "application/octet-stream" }, cursor: null }), /binary frame/);
  });

  it("names the post a delete removes", () => {
    const deletes = frames.filter((f) => isPost(f) && f.commit!.operation === "delete");
    assert.ok(deletes.length >= 2);
    for (const f of deletes) assert.equal(deletedPostUri(item(JSON.stringify(f))), `at://${f.did}/app.bsky.feed.post/${f.commit!.rkey}`);
    assert.equal(deletedPostUri(item(RECORDED[0]!)), null);
    assert.equal(deletedPostUri(item("{oops")), null);
  });

  it("refuses private and loopback hosts unless allowed, and URLs that are not WebSocket URLs", () => {
    const code = (f: () => unknown) => {
      try {
        f();
      } catch (err) {
        return err instanceof VoxpopError ? err.code : String(err);
      }
      return "accepted";
    };
    assert.equal(code(() => new JetstreamSource({ endpoint: "ws://127.0.0.1:6008" })), "BLOCKED_ADDRESS");
    assert.equal(code(() => new JetstreamSource({ endpoint: "ws://localhost:6008" })), "BLOCKED_ADDRESS");
    assert.equal(code(() => new JetstreamSource({ endpoint: "wss://[::1]/" })), "BLOCKED_ADDRESS");
    assert.equal(code(() => new JetstreamSource({ endpoint: "ws://10.1.2.3" })), "BLOCKED_ADDRESS");
    assert.equal(code(() => new JetstreamSource({ endpoint: "https://jetstream2.us-east.bsky.network" })), "INVALID_ARGUMENT");
    assert.equal(code(() => new JetstreamSource({ endpoint: "not a url" })), "INVALID_ARGUMENT");
    assert.equal(code(() => new JetstreamSource({ wantedDids: ["alice.bsky.social"] })), "INVALID_ARGUMENT");
    assert.equal(code(() => new JetstreamSource({ endpoint: "ws://127.0.0.1:6008", allowPrivate: true })), "accepted");
    const s = new JetstreamSource();
    assert.equal(s.uri, "wss://jetstream2.us-east.bsky.network/subscribe");
    assert.equal(s.connectUrl(null), "wss://jetstream2.us-east.bsky.network/subscribe?wantedCollections=app.bsky.feed.post");
    const d = new JetstreamSource({ wantedDids: ["did:plc:b5rk2hz7xqw4ntv6jmd3fcpl", "did:web:news.example.com"] });
    assert.notEqual(d.name, s.name, "a DID filter is its own cursor key");
    assert.match(d.connectUrl(1740830400000000), /wantedDids=did%3Aplc%3Ab5rk2hz7xqw4ntv6jmd3fcpl&wantedDids=did%3Aweb%3Anews.example.com&cursor=1740830400000000$/);
  });

  it("reconnects after a dropped connection, a server close and a silent socket, resuming from the rewound cursor: zero posts lost", async () => {
    const plans: ConnectionPlan[] = [
      { dropAfter: 7 },
      { close: { after: 9, code: 1011, reason: "internal error" } },
      { stall: { after: 4, ms: Infinity } },
    ];
    const server = await startJetstreamServer({ events: RECORDED, plans });
    const statuses: SourceStatus[] = [];
    const src = source(server.url, { idleTimeoutMs: 300, onStatus: (s) => statuses.push(s) });
    const arrivals: Array<{ timeUs: number | null; connections: number }> = [];
    try {
      await readUntilAll(src, expectedIds, (it) => {
        arrivals.push({ timeUs: timeOf(it), connections: server.connections.length });
      });
      assert.ok(server.connections.length >= 4, `only ${server.connections.length} connections`);
      assert.equal(server.connections[0]!.cursor, null, "a fresh read starts at the live tail");
      for (let k = 1; k < 4; k++) {
        // Everything read before connection k was opened: the cursor must be its newest time, rewound.
        const before = arrivals.filter((a) => a.connections <= k && a.timeUs !== null).map((a) => a.timeUs!);
        assert.ok(before.length > 0);
        assert.equal(server.connections[k]!.cursor, String(Math.max(...before) - REWIND), `connection ${k}`);
      }
      const reasons = statuses.filter((s) => s.state === "reconnecting").map((s) => s.detail ?? "");
      assert.ok(reasons.some((r) => /code 1011/.test(r) && /internal error/.test(r)), reasons.join(" | "));
      assert.ok(reasons.some((r) => /no events for/.test(r)), reasons.join(" | "));
      assert.ok(reasons.some((r) => /code 1006|connection error/.test(r)), reasons.join(" | "));
      assert.ok(statuses.some((s) => s.state === "open" && /from time_us/.test(s.detail ?? "")));
      assert.equal(src.status().state, "done");
    } finally {
      await server.close();
    }
  });

  it("resumes a stored cursor rewound by the configured amount, and never moves the cursor backwards on replayed frames", async () => {
    const server = await startJetstreamServer({ events: RECORDED, tail: { everyMs: 5, make: accountTail } });
    try {
      const stored = frames[10]!.time_us;
      const src = source(server.url, { rewindMicros: 2_000_000 });
      const controller = new AbortController();
      const got: SourceItem[] = [];
      try {
        for await (const it of src.read(String(stored), controller.signal)) {
          got.push(it);
          if (got.length >= 8) controller.abort();
        }
      } catch (err) {
        assert.ok(err instanceof VoxpopError && err.code === "FETCH_ABORTED");
      }
      assert.equal(server.connections[0]!.cursor, String(stored - 2_000_000));
      const first = timeOf(got[0]!)!;
      assert.ok(first >= stored - 2_000_000 && first < stored, "the rewind re-reads a little");
      for (const it of got) assert.ok(Number(it.cursor) >= stored, "an item's cursor never goes before the stored one");
      await assert.rejects(async () => {
        for await (const _ of src.read("12abc", new AbortController().signal)) break;
      }, (err: unknown) => err instanceof VoxpopError && err.code === "INVALID_ARGUMENT");
    } finally {
      await server.close();
    }
  });

  it("keeps reading past malformed frames, which normalize refuses; a bogus time_us never becomes the cursor", async () => {
    const farFuture = `{"did":"did:plc:3ztb7v4a2nq6hkxw5cyrjf4m","time_us":9999999999999999,"kind":"commit","commit":{"operation":"create","collection":"app.bsky.feed.post","rkey":"3k","record":{"text":7}}}`;
    const injected = [...MALFORMED, farFuture];
    const server = await startJetstreamServer({
      events: RECORDED,
      plans: [{ inject: injected.map((payload, n) => ({ before: 1 + n * 2, payload })) }],
    });
    const src = source(server.url);
    const refused: SourceItem[] = [];
    const cursors: number[] = [];
    try {
      await readUntilAll(src, expectedIds, (it) => {
        cursors.push(Number(it.cursor));
        try {
          src.normalize(it);
        } catch (err) {
          assert.ok(err instanceof VoxpopError && err.code === "PARSE_ERROR");
          refused.push(it);
        }
      });
      assert.equal(refused.length, injected.length, "each malformed frame arrived as an item and was refused");
      assert.deepEqual(refused.map((r) => r.raw.payload), injected, "the raw payload is kept exactly");
      assert.ok(Math.max(...cursors) < 2_000_000_000_000_000, "the far-future time_us was not taken as a cursor");
      for (let i = 1; i < cursors.length; i++) assert.ok(cursors[i]! >= cursors[i - 1]!, "cursors never go backwards");
      assert.equal(server.connections.length, 1, "malformed frames do not cost a reconnect");
    } finally {
      await server.close();
    }
  });

  it("asks the server for the wanted DIDs only", async () => {
    const minji = "did:plc:b5rk2hz7xqw4ntv6jmd3fcpl";
    const server = await startJetstreamServer({ events: RECORDED });
    const src = source(server.url, { wantedDids: [minji] });
    const ids = expectedIds.filter((id) => id.startsWith(`at://${minji}/`));
    const authors = new Set<string>();
    try {
      await readUntilAll(src, ids, (it) => {
        authors.add(parseJetstreamEvent(it.raw.payload).did);
      });
      assert.deepEqual([...authors], [minji]);
      assert.deepEqual(server.connections[0]!.query.getAll("wantedDids"), [minji]);
    } finally {
      await server.close();
    }
  });

  it("closes and resumes from the cursor when the reader falls behind (bounded memory), losing nothing", async () => {
    const server = await startJetstreamServer({ events: RECORDED });
    const statuses: SourceStatus[] = [];
    const slow = source(server.url, { maxQueue: 3, onStatus: (s) => statuses.push(s) });
    try {
      // A slow consumer: the server sends the whole recording while each item takes a few ms.
      await readUntilAll(slow, expectedIds, () => new Promise((r) => setTimeout(r, 5)));
      assert.ok(server.connections.length >= 2, "the socket was closed for back-pressure");
      assert.ok(statuses.some((s) => /fell 3 events behind/.test(s.detail ?? "")));
    } finally {
      await server.close();
    }
  });

  it("stops promptly when aborted while waiting for frames, and closes its socket", async () => {
    const server = await startJetstreamServer({ events: RECORDED, plans: [{ stall: { after: 2, ms: Infinity } }] });
    const src = source(server.url);
    const controller = new AbortController();
    let got = 0;
    try {
      await assert.rejects(async () => {
        for await (const _ of src.read(null, controller.signal)) {
          if (++got === 2) setImmediate(() => controller.abort());
        }
      }, (err: unknown) => err instanceof VoxpopError && err.code === "FETCH_ABORTED");
      assert.equal(got, 2);
      await waitFor(() => server.connections[0]!.closedByClient, "the server never saw the client close");
      assert.equal(src.status().state, "done");
    } finally {
      await server.close();
    }
  });

  it("hands out no frame it had already received once the signal aborts", async () => {
    const server = await startJetstreamServer({ events: RECORDED });
    const src = source(server.url);
    const controller = new AbortController();
    let got = 0;
    try {
      await assert.rejects(async () => {
        for await (const _ of src.read(null, controller.signal)) {
          if (++got > 1) continue;
          // Let the whole recording reach the client's queue, then abort with frames still queued.
          await waitFor(() => server.connections[0]!.sent === delivered.length, "the server did not send the recording");
          await new Promise((r) => setTimeout(r, 20));
          controller.abort();
        }
      }, (err: unknown) => err instanceof VoxpopError && err.code === "FETCH_ABORTED");
      assert.equal(got, 1);
    } finally {
      await server.close();
    }
  });

  it("stops promptly when aborted during a reconnect backoff", async () => {
    const server = await startJetstreamServer({ events: RECORDED, plans: [{ dropAfter: 1 }] });
    const statuses: SourceStatus[] = [];
    const controller = new AbortController();
    const src = new JetstreamSource({
      endpoint: server.url, allowPrivate: true, backoff: { baseMs: 600_000, maxMs: 600_000 },
      onStatus: (s) => {
        statuses.push(s);
        if (s.state === "reconnecting" && s.detail?.includes("retrying")) setImmediate(() => controller.abort());
      },
    });
    try {
      await assert.rejects(async () => {
        for await (const _ of src.read(null, controller.signal));
      }, (err: unknown) => err instanceof VoxpopError && err.code === "FETCH_ABORTED");
      assert.equal(server.connections.length, 1);
    } finally {
      await server.close();
    }
  });
});

async function waitFor(cond: () => boolean, message: string, timeoutMs = 5_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > end) assert.fail(message);
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe("bench/jetstream-gen", () => {
  it("is deterministic, time-ordered, and every frame is one the source reads (posts normalize; a few percent match the story)", () => {
    const a = [...generateJetstreamEventsDetailed(3000, 11, { accounts: 5000 })];
    const b = [...generateJetstreamEventsDetailed(3000, 11, { accounts: 5000 })];
    assert.deepEqual(a.map((e) => e.line), b.map((e) => e.line));
    assert.notDeepEqual(a.slice(0, 50).map((e) => e.line), [...generateJetstreamEventsDetailed(50, 12, { accounts: 5000 })].map((e) => e.line));
    const src = source("ws://127.0.0.1:1");
    let last = 0;
    let posts = 0;
    let matched = 0;
    const langs = new Set<string>();
    for (const e of a) {
      const ev = parseJetstreamEvent(e.line);
      assert.ok(ev.timeUs > last, "time_us rises");
      last = ev.timeUs;
      for (const p of src.normalize(item(e.line)).posts) {
        posts++;
        if (p.lang) langs.add(p.lang);
        const about = /Lindqvist/.test(p.text ?? "") || p.mentions.includes(BENCH_STORY.subject.handle) || p.tags?.includes(BENCH_STORY.hashtags[0]) ||
          p.links.includes(BENCH_STORY.urls[0]) || p.replyTo === BENCH_STORY.subjectPostUri || p.quoteOf === BENCH_STORY.subjectPostUri || p.author.id === BENCH_STORY.subject.did;
        assert.equal(about, e.matches, e.line);
        if (about) matched++;
      }
    }
    assert.ok(posts / a.length > 0.85 && posts / a.length < 0.97, `posts ${posts}/${a.length}`);
    assert.ok(matched / posts > 0.01 && matched / posts < 0.06, `matching ${matched}/${posts}`);
    assert.ok(langs.size >= 8, [...langs].join(","));
  });
});
