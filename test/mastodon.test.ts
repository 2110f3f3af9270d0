// Mastodon backfill sources (hashtag timeline, status search) against a CONTRACT server.
// Mastodon has no local server here, so test/support/mastodon-server.ts serves payloads in the
// documented format (Status entities, Link-header paging, X-RateLimit-* headers, 401 bodies);
// every test name says "contract server". Waits go through a fake clock shared by the client and
// the server, so rate-limit windows pass at once and the test can check what it was asked to wait.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { VoxpopError } from "../src/core/index.ts";
import { ApiClient } from "../src/sources/http/index.ts";
import { sourceContract } from "../src/sources/contract.ts";
import type { Source, SourceItem } from "../src/sources/source.ts";
import { mastodonHashtagSource, mastodonSearchSource, MASTODON_TOKEN_ENV, tokenEnvName } from "../src/sources/mastodon/index.ts";
import { loadFixture, makeStatus, startMastodonServer, type Status } from "./support/mastodon-server.ts";

const TOKEN = "contract-token";

function fakeClock(start = Date.parse("2026-11-20T12:00:00Z")) {
  let t = start;
  const sleeps: number[] = [];
  return {
    now: () => t,
    sleeps,
    sleep: async (ms: number, signal?: AbortSignal) => {
      if (signal?.aborted) throw new VoxpopError("FETCH_ABORTED", "cancelled");
      sleeps.push(ms);
      t += ms;
    },
  };
}

function clientFor(clock: ReturnType<typeof fakeClock>, hint = "VOXPOP_MASTODON_TOKEN"): ApiClient {
  return new ApiClient({ allowPrivate: true, sleep: clock.sleep, now: clock.now, random: () => 0.5, credentialsHint: hint });
}

async function readAll(source: Source, cursor: string | null = null): Promise<SourceItem[]> {
  const items: SourceItem[] = [];
  for await (const item of source.read(cursor, new AbortController().signal)) items.push(item);
  return items;
}

function ids(source: Source, items: SourceItem[]): string[] {
  return items.flatMap((i) => source.normalize(i).posts.map((p) => p.id));
}

const many = (n: number, opts: Parameters<typeof makeStatus>[1] = {}) => Array.from({ length: n }, (_, i) => makeStatus(i, opts));
const uriOf = (s: Status) => String(s.uri);
const fixtures = () => loadFixture("statuses.json");
const badStatuses = () => loadFixture("bad-statuses.json");
const badItems = (): SourceItem[] => [
  ...badStatuses().map((s) => ({ raw: { payload: JSON.stringify(s), contentType: "application/json; mastodon=status" }, cursor: null })),
  { raw: { payload: "{\"id\":\"1\",", contentType: "application/json; mastodon=status" }, cursor: null },
];

// Public statuses carrying #Example among the fixtures (the private one and the boost wrapper, which
// has no tags of its own, are not on the hashtag timeline).
const taggedFixtureUris = () => fixtures().filter((s) => s.visibility === "public" && (s.tags ?? []).length).map(uriOf);

sourceContract("mastodon hashtag timeline (contract server)", async () => {
  const server = await startMastodonServer({ statuses: [...fixtures(), ...many(60)] });
  const source = mastodonHashtagSource({ instance: server.url, hashtag: "#Example", token: null, client: clientFor(fakeClock()) });
  return { source, expectedIds: [...taggedFixtureUris(), ...many(60).map(uriOf)], badItems: badItems(), close: () => server.close() };
});

sourceContract("mastodon status search (contract server, offset paging)", async () => {
  const server = await startMastodonServer({ statuses: many(90), tokens: [TOKEN] });
  const source = mastodonSearchSource({ instance: server.url, query: "reaction", token: TOKEN, client: clientFor(fakeClock()) });
  return { source, expectedIds: many(90).map(uriOf), badItems: badItems(), close: () => server.close() };
});

sourceContract("mastodon status search (contract server, Link paging)", async () => {
  const server = await startMastodonServer({ statuses: many(90), tokens: [TOKEN], searchLinkPaging: true });
  const source = mastodonSearchSource({ instance: server.url, query: "reaction", token: TOKEN, client: clientFor(fakeClock()) });
  return { source, expectedIds: many(90).map(uriOf), badItems: badItems(), close: () => server.close() };
});

describe("Mastodon backfill (contract server)", () => {
  it("pages 130 statuses through Link headers (contract server): none lost, none duplicated, resumable anywhere", async () => {
    const server = await startMastodonServer({ statuses: many(130) });
    try {
      const source = mastodonHashtagSource({ instance: server.url, hashtag: "Example", token: null, client: clientFor(fakeClock()) });
      const items = await readAll(source);
      const got = ids(source, items);
      assert.equal(got.length, 130);
      assert.equal(new Set(got).size, 130, "a status came twice");
      assert.deepEqual(new Set(got), new Set(many(130).map(uriOf)));
      const timeline = server.requests.filter((r) => r.route === "timeline");
      assert.deepEqual(timeline.map((r) => r.query.max_id ?? r.query.min_id ?? null).length, 5, "4 pages back (40+40+40+10) and one catch-up");
      assert.equal(timeline[1]!.query.max_id, many(130)[90]!.id, "the second page follows rel=next (max_id = the oldest id of page one)");
      assert.equal(timeline.at(-1)!.query.min_id, many(130)[129]!.id, "catch-up asks for what is newer than the newest id");

      // Resume from every 17th item's cursor: what was read before plus what is read after is everything, once.
      for (let cut = 1; cut < items.length; cut += 17) {
        const before = ids(source, items.slice(0, cut));
        const after = ids(source, await readAll(source, items[cut - 1]!.cursor));
        const all = [...before, ...after];
        assert.equal(new Set(all).size, 130, `lost posts resuming at ${cut}`);
        assert.equal(all.length, 130, `duplicates resuming at ${cut}`);
      }
    } finally {
      await server.close();
    }
  });

  it("after a finished backfill, a later read only catches up with new statuses via min_id (contract server)", async () => {
    const server = await startMastodonServer({ statuses: many(50) });
    try {
      const source = mastodonHashtagSource({ instance: server.url, hashtag: "Example", token: null, client: clientFor(fakeClock()) });
      const first = await readAll(source);
      const extra = Array.from({ length: 45 }, (_, i) => makeStatus(50 + i));
      for (const s of extra) server.publish(s);
      server.requests.length = 0;
      const second = await readAll(source, first.at(-1)!.cursor);
      assert.deepEqual(ids(source, second), extra.map(uriOf), "new statuses come oldest first, each once");
      assert.ok(server.requests.every((r) => r.query.min_id), "no backfill request is repeated");
      assert.equal(server.requests[0]!.query.min_id, many(50)[49]!.id);
    } finally {
      await server.close();
    }
  });

  it("a read stops after maxPages and the next read goes on from its cursor (contract server)", async () => {
    const server = await startMastodonServer({ statuses: many(100) });
    try {
      const source = mastodonHashtagSource({ instance: server.url, hashtag: "Example", token: null, maxPages: 1, client: clientFor(fakeClock()) });
      const got: string[] = [];
      let cursor: string | null = null;
      for (let reads = 0; reads < 10; reads++) {
        const items = await readAll(source, cursor);
        if (items.length === 0) break;
        got.push(...ids(source, items));
        cursor = items.at(-1)!.cursor;
      }
      assert.equal(got.length, 100);
      assert.equal(new Set(got).size, 100);
    } finally {
      await server.close();
    }
  });

  it("stops at the story's start (since) (contract server)", async () => {
    const server = await startMastodonServer({ statuses: many(100) });
    try {
      const since = many(100)[70]!.created_at;
      const source = mastodonHashtagSource({ instance: server.url, hashtag: "Example", token: null, since, client: clientFor(fakeClock()) });
      const got = ids(source, await readAll(source));
      assert.deepEqual(new Set(got), new Set(many(100).slice(70).map(uriOf)));
      assert.equal(server.requests.filter((r) => r.route === "timeline" && r.query.max_id).length, 0, "no page older than since is asked for");
    } finally {
      await server.close();
    }
  });

  it("two instances at once keep separate rate limits, names and cursors (contract server)", async () => {
    const clockA = fakeClock();
    const clockB = fakeClock();
    const a = await startMastodonServer({ statuses: many(100, { host: "a.example" }), rateLimit: 2, rateWindowMs: 60_000, now: clockA.now });
    const b = await startMastodonServer({ statuses: many(100, { host: "b.example" }), rateLimit: 300, now: clockB.now });
    try {
      const sa = mastodonHashtagSource({ instance: a.url, hashtag: "Example", token: null, client: clientFor(clockA) });
      const sb = mastodonHashtagSource({ instance: b.url, hashtag: "Example", token: null, client: clientFor(clockB) });
      assert.notEqual(sa.name, sb.name);
      assert.match(sa.name, /^mastodon tag:#Example @127\.0\.0\.1:\d+$/);
      const [ia, ib] = await Promise.all([readAll(sa), readAll(sb)]);
      assert.equal(new Set(ids(sa, ia)).size, 100);
      assert.equal(new Set(ids(sb, ib)).size, 100);
      assert.ok(ids(sa, ia).every((id) => id.startsWith("https://a.example/")));
      // A: 4 requests with 2 per window: after the 2nd answer (remaining 0) the client waited for the reset.
      assert.ok(clockA.sleeps.length >= 1, "instance A's client never waited for its window");
      assert.ok(clockA.sleeps.every((ms) => ms > 59_000 && ms <= 60_250), `A waited ${clockA.sleeps.join(", ")} ms, not until the reset`);
      assert.deepEqual(clockB.sleeps, [], "instance B waited for A's limit");
    } finally {
      await a.close();
      await b.close();
    }
  });

  it("a 429 with X-RateLimit-Reset waits until the reset and goes on (contract server)", async () => {
    const clock = fakeClock();
    const server = await startMastodonServer({ statuses: many(100), now: clock.now });
    try {
      const source = mastodonHashtagSource({ instance: server.url, hashtag: "Example", token: null, client: clientFor(clock) });
      const items: SourceItem[] = [];
      for await (const item of source.read(null, new AbortController().signal)) {
        items.push(item);
        if (items.length === 40) server.fault({ route: "timeline", status: 429, resetInMs: 120_000 });
      }
      assert.equal(new Set(ids(source, items)).size, 100);
      assert.equal(clock.sleeps.length, 1);
      assert.equal(clock.sleeps[0], 120_000 + 250, "the client waited exactly until X-RateLimit-Reset (plus its margin)");
      assert.equal(server.requests.filter((r) => r.query.max_id === many(100)[60]!.id).length, 2, "the refused page was asked again");
    } finally {
      await server.close();
    }
  });

  it("5xx answers back off and then succeed; malformed JSON is a PARSE_ERROR (contract server)", async () => {
    const clock = fakeClock();
    const server = await startMastodonServer({ statuses: many(30), now: clock.now });
    try {
      server.fault({ route: "timeline", status: 502 }, 2);
      server.fault({ route: "timeline", status: 500 });
      const source = mastodonHashtagSource({ instance: server.url, hashtag: "Example", token: null, client: clientFor(clock) });
      assert.equal(new Set(ids(source, await readAll(source))).size, 30);
      assert.equal(clock.sleeps.length, 3, "one backoff per 5xx");
      server.fault({ route: "timeline", status: 200, body: "[{\"id\": \"1\", " });
      await assert.rejects(readAll(source), (e: unknown) => e instanceof VoxpopError && e.code === "PARSE_ERROR");
      server.fault({ route: "timeline", status: 200, body: "{\"not\":\"a list\"}" });
      await assert.rejects(readAll(source), (e: unknown) => e instanceof VoxpopError && e.code === "PARSE_ERROR");
    } finally {
      await server.close();
    }
  });

  it("a page's bad statuses are yielded for quarantine while the good ones go on (contract server)", async () => {
    const bad = badStatuses().map((s, i) => ({ ...s, id: String(113700000000000000n + BigInt(i)), tags: [{ name: "Example" }], visibility: "public" }) as Status);
    const server = await startMastodonServer({ statuses: [...many(20), ...bad] });
    try {
      const source = mastodonHashtagSource({ instance: server.url, hashtag: "Example", token: null, client: clientFor(fakeClock()) });
      const items = await readAll(source);
      let good = 0;
      let refused = 0;
      for (const item of items) {
        try {
          good += source.normalize(item).posts.length;
        } catch (e) {
          assert.ok(e instanceof VoxpopError && e.code === "PARSE_ERROR");
          refused++;
        }
      }
      assert.equal(good, 20);
      assert.equal(refused, bad.length);
    } finally {
      await server.close();
    }
  });

  it("a bad token is AUTH_FAILED naming the variables to check (contract server)", async () => {
    const server = await startMastodonServer({ statuses: many(5), tokens: [TOKEN] });
    try {
      const host = new URL(server.url).host;
      const search = mastodonSearchSource({ instance: server.url, query: "reaction", token: "wrong", allowPrivate: true });
      await assert.rejects(readAll(search), (e: unknown) => {
        assert.ok(e instanceof VoxpopError);
        assert.equal(e.code, "AUTH_FAILED");
        assert.match(e.message, /The access token is invalid/);
        assert.ok(e.message.includes(tokenEnvName(host)) && e.message.includes(MASTODON_TOKEN_ENV), e.message);
        return true;
      });
      const tag = mastodonHashtagSource({ instance: server.url, hashtag: "Example", token: "wrong", allowPrivate: true });
      await assert.rejects(readAll(tag), (e: unknown) => e instanceof VoxpopError && e.code === "AUTH_FAILED");
    } finally {
      await server.close();
    }
  });

  it("search without a token is a CONFIG_ERROR naming the variables; tokens come from the environment (contract server)", async () => {
    const server = await startMastodonServer({ statuses: many(5), tokens: [TOKEN] });
    try {
      const host = new URL(server.url).host;
      assert.throws(() => mastodonSearchSource({ instance: server.url, query: "x", env: {} }), (e: unknown) => {
        assert.ok(e instanceof VoxpopError && e.code === "CONFIG_ERROR");
        assert.ok(e.message.includes(tokenEnvName(host)) && e.message.includes("VOXPOP_MASTODON_TOKEN"), e.message);
        return true;
      });
      assert.equal(tokenEnvName("mastodon.social"), "VOXPOP_MASTODON_TOKEN_MASTODON_SOCIAL");
      const perInstance = mastodonSearchSource({ instance: server.url, query: "reaction", env: { [tokenEnvName(host)]: TOKEN, VOXPOP_MASTODON_TOKEN: "wrong" }, allowPrivate: true });
      assert.equal((await readAll(perInstance)).length, 5);
      const global = mastodonSearchSource({ instance: server.url, query: "reaction", env: { VOXPOP_MASTODON_TOKEN: TOKEN }, allowPrivate: true });
      assert.equal((await readAll(global)).length, 5);
      assert.ok(server.requests.every((r) => r.auth === `Bearer ${TOKEN}` || r.auth === null));
    } finally {
      await server.close();
    }
  });

  it("search never yields followers-only or direct statuses (contract server)", async () => {
    const server = await startMastodonServer({ statuses: fixtures(), tokens: [TOKEN] });
    try {
      const source = mastodonSearchSource({ instance: server.url, query: "#Example", token: TOKEN, client: clientFor(fakeClock()) });
      const items = await readAll(source);
      const raw = items.map((i) => JSON.parse(String(i.raw.payload)) as Status);
      assert.ok(!raw.some((s) => s.visibility === "private" || s.visibility === "direct"), "a private status was yielded");
      assert.ok(server.requests.some((r) => r.route === "search" && r.query.type === "statuses" && r.query.resolve === "false" && r.query.limit === "40"));
      assert.ok(raw.length >= 10);
    } finally {
      await server.close();
    }
  });

  it("refuses a private address unless allowed, and odd options (contract server)", async () => {
    const server = await startMastodonServer({ statuses: many(3) });
    try {
      const source = mastodonHashtagSource({ instance: server.url, hashtag: "Example", token: null });
      await assert.rejects(readAll(source), (e: unknown) => e instanceof VoxpopError && e.code === "BLOCKED_ADDRESS");
      assert.throws(() => mastodonHashtagSource({ instance: "https://mastodon.social/@someone", hashtag: "x", token: null }), (e: unknown) => e instanceof VoxpopError && e.code === "INVALID_ARGUMENT");
      assert.throws(() => mastodonHashtagSource({ instance: "mastodon.social", hashtag: "two words", token: null }), (e: unknown) => e instanceof VoxpopError && e.code === "INVALID_ARGUMENT");
      assert.equal(mastodonHashtagSource({ instance: "mastodon.social", hashtag: "#Foo", token: null }).name, "mastodon tag:#Foo @mastodon.social");
      await assert.rejects(readAll(mastodonHashtagSource({ instance: server.url, hashtag: "x", token: null, allowPrivate: true }), "not json"), (e: unknown) => e instanceof VoxpopError && e.code === "INVALID_ARGUMENT");
    } finally {
      await server.close();
    }
  });
});
