// The Mastodon live hashtag source (server-sent events) against a CONTRACT server: Mastodon has
// no local server here, so test/support/mastodon-server.ts streams events in the documented
// format (event: update with the Status JSON as data, event: delete with an id, event:
// status.update, ":thump" heartbeats) and can drop a connection mid-stream. Every test name says
// "contract server". Backoff sleeps go through a fake sleep, so reconnects are immediate.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { VoxpopError } from "../src/core/index.ts";
import { ApiClient } from "../src/sources/http/index.ts";
import { sourceContract } from "../src/sources/contract.ts";
import type { Source, SourceItem } from "../src/sources/source.ts";
import { mastodonStreamSource, tokenEnvName, type StreamOptions } from "../src/sources/mastodon/index.ts";
import { loadFixture, makeStatus, startMastodonServer, type MastodonServer, type Status } from "./support/mastodon-server.ts";

const TOKEN = "stream-token";
const uriOf = (s: Status) => String(s.uri);
const many = (from: number, n: number) => Array.from({ length: n }, (_, i) => makeStatus(from + i));

function fastSleep() {
  const sleeps: number[] = [];
  return {
    sleeps,
    sleep: async (ms: number, signal?: AbortSignal) => {
      if (signal?.aborted) throw new VoxpopError("FETCH_ABORTED", "cancelled");
      sleeps.push(ms);
      await new Promise((r) => setImmediate(r));
    },
  };
}

function streamSource(server: MastodonServer, extra: Partial<StreamOptions> = {}): Source {
  const { sleep } = fastSleep();
  return mastodonStreamSource({
    instance: server.url,
    hashtag: "Example",
    token: TOKEN,
    client: new ApiClient({ allowPrivate: true, sleep, random: () => 0.5 }),
    allowPrivate: true,
    sleep,
    random: () => 0.5,
    ...extra,
  });
}

/** Reads until `until` says stop (checked after each item), with a safety timeout so a bug cannot hang the suite. */
async function readUntil(source: Source, cursor: string | null, until: (items: SourceItem[]) => boolean | Promise<boolean>, timeoutMs = 10_000): Promise<SourceItem[]> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  const items: SourceItem[] = [];
  try {
    for await (const item of source.read(cursor, controller.signal)) {
      items.push(item);
      if (await until(items)) break;
    }
  } catch (err) {
    if (!(err instanceof VoxpopError && err.code === "FETCH_ABORTED")) throw err;
    assert.fail(`the stream read timed out after ${items.length} items`);
  } finally {
    clearTimeout(timer);
  }
  return items;
}

function postIds(source: Source, items: SourceItem[]): string[] {
  return items.flatMap((i) => source.normalize(i).posts.map((p) => p.id));
}

const badItems = (): SourceItem[] => [
  ...loadFixture("bad-statuses.json").map((s) => ({ raw: { payload: JSON.stringify(s), contentType: "application/json; mastodon=status" }, cursor: null })),
  { raw: { payload: "{\"id\":", contentType: "application/json; mastodon=status" }, cursor: null },
];

sourceContract("mastodon hashtag stream (contract server, server-sent events)", async () => {
  const live = many(100, 8);
  const server = await startMastodonServer({
    statuses: many(0, 5),
    tokens: [TOKEN],
    heartbeatMs: 20,
    onStreamConnect: (conn, srv) => {
      if (conn.n === 1) for (const s of live) srv.publish(s);
    },
  });
  return { source: streamSource(server), expectedIds: live.map(uriOf), badItems: badItems(), liveItems: live.length, close: () => server.close() };
});

describe("Mastodon hashtag stream (contract server)", () => {
  it("a stream dropped mid-way reconnects and catches up the gap with min_id, losing and repeating nothing (contract server)", async () => {
    const a = many(100, 5); // live on connection 1
    const b = many(200, 3); // posted while disconnected: only the catch-up can find them
    const c = many(300, 2); // on connection 2: c[0] at once (during the catch-up), c[1] later
    const server = await startMastodonServer({
      statuses: many(0, 3),
      tokens: [TOKEN],
      heartbeatMs: 20,
      onStreamConnect: (conn, srv) => {
        if (conn.n === 1) setTimeout(() => a.forEach((s) => srv.publish(s)), 30);
        if (conn.n === 2) {
          srv.publish(c[0]!);
          setTimeout(() => srv.publish(c[1]!), 30);
        }
      },
    });
    try {
      const connects: { attempt: number; catchUpFrom: string | null }[] = [];
      const { sleep, sleeps } = fastSleep();
      const source = streamSource(server, { sleep, onConnect: (i) => connects.push({ attempt: i.attempt, catchUpFrom: i.catchUpFrom }) });
      const items = await readUntil(source, null, (got) => {
        if (got.length === a.length && server.streams.length === 1) {
          server.streams[0]!.drop();
          b.forEach((s) => server.publish(s));
        }
        return got.length >= a.length + b.length + c.length;
      });
      const ids = postIds(source, items);
      assert.deepEqual(ids, [...a, ...b, ...c].map(uriOf), "every status once, in order");
      assert.equal(server.streams.length, 2, "one reconnection");
      assert.equal(connects[1]?.catchUpFrom, a.at(-1)!.id, "the reconnection catches up from the newest id seen");
      const catchUp = server.requests.filter((r) => r.route === "timeline" && r.query.min_id === a.at(-1)!.id);
      assert.equal(catchUp.length, 1, "the gap was asked for with min_id = the newest id seen");
      assert.equal(sleeps.length, 1, "one backoff before reconnecting");
      assert.equal(items.at(-1)!.cursor, c[1]!.id, "the cursor is the newest status id");
      assert.ok(server.requests.some((r) => r.route === "instance"), "the streaming URL was discovered");
      assert.ok(server.requests.filter((r) => r.route === "stream").every((r) => r.auth === `Bearer ${TOKEN}` && r.query.tag === "Example"));
    } finally {
      await server.close();
    }
  });

  it("yields deletes and edits, skips private statuses, and refuses a malformed event without stopping (contract server)", async () => {
    const [s1, s2, s3] = many(100, 3);
    const edited = { ...s1!, content: "<p>Edited: with love <a href=\"https://social.example/tags/example\" class=\"mention hashtag\" rel=\"tag\">#<span>Example</span></a></p>", edited_at: "2026-11-20T12:00:00.000Z" };
    const server = await startMastodonServer({
      statuses: [],
      tokens: [TOKEN],
      heartbeatMs: 10,
      onStreamConnect: (conn) => {
        setTimeout(() => {
          conn.comment("thump");
          conn.send("update", JSON.stringify(s1));
          conn.send("update", JSON.stringify({ ...s2!, visibility: "private" }));
          conn.send("filters_changed", "undefined");
          conn.send("update", "{\"id\": \"broken");
          conn.send("status.update", JSON.stringify(edited));
          conn.send("delete", s1!.id);
          conn.send("update", JSON.stringify(s3));
        }, 20);
      },
    });
    try {
      const source = streamSource(server);
      const items = await readUntil(source, null, (got) => got.length >= 5);
      assert.deepEqual(items.map((i) => i.raw.contentType), [
        "application/json; mastodon=status",
        "application/json; mastodon=status",
        "application/json; mastodon=status.update",
        "text/plain; mastodon=delete",
        "application/json; mastodon=status",
      ]);
      assert.equal(source.normalize(items[0]!).posts[0]!.id, s1!.uri);
      assert.throws(() => source.normalize(items[1]!), (e: unknown) => e instanceof VoxpopError && e.code === "PARSE_ERROR");
      const edit = source.normalize(items[2]!).posts[0]!;
      assert.equal(edit.id, s1!.uri, "an edit is the same post");
      assert.equal(edit.text, "Edited: with love #Example");
      assert.deepEqual(source.normalize(items[3]!).posts, []);
      assert.equal(items[3]!.raw.payload, s1!.id);
      assert.equal(source.normalize(items[4]!).posts[0]!.id, s3!.uri);
      assert.equal(items[4]!.cursor, s3!.id);
    } finally {
      await server.close();
    }
  });

  it("a silent connection (no heartbeat) is dropped and reopened; a refused one backs off (contract server)", async () => {
    const later = makeStatus(100);
    const server = await startMastodonServer({
      statuses: [],
      tokens: [TOKEN],
      heartbeatMs: 1_000_000,
      onStreamConnect: (conn, srv) => {
        if (conn.n === 2) setTimeout(() => srv.publish(later), 20);
      },
    });
    try {
      server.fault({ route: "stream", status: 503 });
      const { sleep, sleeps } = fastSleep();
      const source = streamSource(server, { idleMs: 150, sleep });
      const items = await readUntil(source, null, () => true);
      assert.equal(postIds(source, items)[0], later.uri);
      assert.ok(server.requests.filter((r) => r.route === "stream").length >= 3, "503, then a silent connection, then a live one");
      assert.ok(sleeps.length >= 2);
      assert.ok(sleeps[1]! > sleeps[0]!, `backoff grows: ${sleeps.join(", ")}`);
    } finally {
      await server.close();
    }
  });

  it("streaming without a token, or with a bad one, is AUTH_FAILED naming the variables (contract server)", async () => {
    const server = await startMastodonServer({ statuses: many(0, 2), tokens: [TOKEN] });
    try {
      const host = new URL(server.url).host;
      for (const token of [null, "wrong"]) {
        const source = mastodonStreamSource({ instance: server.url, hashtag: "Example", token, allowPrivate: true, env: {} });
        await assert.rejects(readUntil(source, null, () => true), (e: unknown) => {
          assert.ok(e instanceof VoxpopError, String(e));
          assert.equal(e.code, "AUTH_FAILED");
          assert.ok(e.message.includes(tokenEnvName(host)), e.message);
          return true;
        });
      }
    } finally {
      await server.close();
    }
  });

  it("streams from the host the instance names in configuration.urls.streaming (contract server)", async () => {
    const s = makeStatus(100);
    const streaming = await startMastodonServer({ tokens: [TOKEN], heartbeatMs: 20, onStreamConnect: (conn) => setTimeout(() => conn.send("update", JSON.stringify(s)), 20) });
    const rest = await startMastodonServer({ statuses: many(0, 2), tokens: [TOKEN], streamingUrl: streaming.url.replace(/^http/, "ws") });
    try {
      const source = streamSource(rest);
      const items = await readUntil(source, null, () => true);
      assert.equal(postIds(source, items)[0], s.uri);
      assert.equal(rest.requests.filter((r) => r.route === "stream").length, 0);
      assert.equal(streaming.requests.filter((r) => r.route === "stream").length, 1);
    } finally {
      await rest.close();
      await streaming.close();
    }
  });
});
