// The NATS JetStream pipeline against the local NATS server (127.0.0.1:4222, JetStream on; set
// VOXPOP_TEST_NATS to use another). Each test makes its own stream, subjects and consumer and
// deletes them. The claim under test is "same behaviour": what collectors publish and workers
// store equals what in-process collection stores from the same input (posts, their story role,
// relevance and enrichment, provenance, quarantine, cursors). Fault tests with processes and kills
// are in nats-faults.test.ts.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { jetstreamManager } from "@nats-io/jetstream";
import { connect, type NatsConnection } from "@nats-io/transport-node";
import { VoxpopError } from "../src/core/index.ts";
import { DedupeIndex, defaultPipeline, type Pipeline } from "../src/enrich/index.ts";
import { compileRawPrefilter, compileRules, ingestSource, storyCursorKey } from "../src/pipeline/index.ts";
import { createJetstreamSource } from "../src/sources/bluesky/index.ts";
import type { Source } from "../src/sources/index.ts";
import { openSqliteStore, type Store, type StoredPost } from "../src/store/index.ts";
import { runCollect } from "../src/collect/index.ts";
import { openBusPublisher, publishSourceToBus, runWorker, type WorkerStats, newWorkerStats } from "../src/bus/index.ts";
import { jetstream } from "@nats-io/jetstream";
import { BENCH_STORY, generateJetstreamEvents } from "../bench/jetstream-gen.ts";
import { startJetstreamServer } from "./support/jetstream-server.ts";
import { reachable, waitUntil as waitFor } from "./support/wait.ts";

const NATS_URL = process.env.VOXPOP_TEST_NATS ?? "nats://127.0.0.1:4222";

const natsUp = await reachable(NATS_URL, 4222);
const SKIP = natsUp ? false : `no NATS server at ${NATS_URL} (start one with: nats-server -js, or set VOXPOP_TEST_NATS)`;

let counter = 0;
/** A stream, subject prefix and consumer of this test alone. */
function names() {
  counter++;
  return { stream: `VOXPOP_T${process.pid}_${counter}`, subjectPrefix: `voxpoptest.p${process.pid}.n${counter}`, durable: "w" };
}

const STORY = "maya";
const RULES = { keywords: [...BENCH_STORY.keywords], tags: [...BENCH_STORY.hashtags], urls: [...BENCH_STORY.urls] };
const SUBJECT_IDS = [BENCH_STORY.subject.did];

async function newStore(dir: string, name: string): Promise<Store> {
  const store = openSqliteStore(join(dir, name));
  await store.ensureStory(STORY, { subjects: [BENCH_STORY.subject.handle], rules: RULES });
  return store;
}

/** Jetstream frames as a backfill source with a resumable cursor (the line number). */
function frameSource(lines: string[]): Source {
  const jet = createJetstreamSource({ endpoint: "wss://jetstream.invalid" });
  return {
    name: "frames memory:test", kind: "bluesky", uri: "memory:frames", mode: "backfill",
    async *read(cursor, signal) {
      for (let i = cursor === null ? 0 : Number(cursor); i < lines.length; i++) {
        if (signal.aborted) throw new VoxpopError("FETCH_ABORTED", "cancelled");
        yield { raw: { payload: lines[i]!, contentType: "application/json" }, cursor: String(i + 1) };
      }
    },
    normalize: (item) => jet.normalize(item),
  };
}

/** A recording with bad frames mixed in: not JSON, a post without its record, a record that is not a post. */
function recording(n: number, seed: number): string[] {
  const lines = [...generateJetstreamEvents(n, seed, { accounts: 5000, matchRate: 0.3 })];
  const bad = [
    "{\"text\": \"Maya Lindqvist\", not json",
    JSON.stringify({ did: "did:plc:aaaaaaaaaaaaaaaaaaaaaaaa", time_us: 5, kind: "commit", commit: { rev: "x", operation: "create", collection: "app.bsky.feed.post", rkey: "3ljx2c4kqpd2s", note: "Lindqvist" } }),
    JSON.stringify({ did: "did:plc:aaaaaaaaaaaaaaaaaaaaaaaa", time_us: 6, kind: "commit", commit: { rev: "x", operation: "create", collection: "app.bsky.feed.post", rkey: "3ljx2c4kqpd2t", cid: "bafyreiabc", record: { text: ["Maya Lindqvist"], createdAt: 7 } } }),
  ];
  bad.forEach((b, i) => lines.splice(Math.floor(((i + 1) * lines.length) / 4), 0, b));
  return lines;
}

async function inProcess(store: Store, source: Source, pipeline: Pipeline): Promise<void> {
  const ruleSet = { ...RULES, since: null, until: null, sources: [], subjects: [BENCH_STORY.subject.handle], subjectIds: SUBJECT_IDS };
  await ingestSource(source, {
    store, story: STORY, matcher: compileRules(ruleSet), prefilter: compileRawPrefilter(ruleSet), pipeline, dedupe: new DedupeIndex(),
    enrichContext: { subjects: [BENCH_STORY.subject.handle], notable: new Set() }, batchSize: 100,
  }, new AbortController().signal);
}

/** A story's posts without the times of this run (stored/updated/collected). */
function comparable(posts: StoredPost[]) {
  return posts.map(({ storedAt: _s, updatedAt: _u, provenance, ...p }) => ({ ...p, provenance: provenance.map(({ collectedAt: _c, ...rest }) => rest) }))
    .sort((a, b) => a.id.localeCompare(b.id))
    .map(({ position: _p, ...rest }) => rest);
}

async function quarantineOf(store: Store) {
  return (await store.listQuarantine()).map((q) => ({ source: q.source, code: q.code, reason: q.reason, story: q.story, hash: q.payloadHash })).sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
}

/** No message left on the stream (every one acknowledged). */
async function drained(nc: NatsConnection, stream: string): Promise<boolean> {
  const jsm = await jetstreamManager(nc);
  const info = await jsm.streams.info(stream);
  return info.state.messages === 0;
}

describe("NATS JetStream pipeline (local NATS server)", { skip: SKIP }, () => {
  let dir = "";
  let nc: NatsConnection;
  let pipeline: Pipeline;
  const streams: string[] = [];
  /** Workers still running when a test fails are stopped here, so the run never hangs. */
  const running = new Set<() => Promise<unknown>>();
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), "voxpop-nats-"));
    nc = await connect({ servers: NATS_URL });
    pipeline = defaultPipeline();
  });
  after(async () => {
    for (const stop of running) await stop().catch(() => {});
    const jsm = await jetstreamManager(nc);
    for (const s of streams) await jsm.streams.delete(s).catch(() => {});
    await nc.close();
    await rm(dir, { recursive: true, force: true });
  });

  /** Starts a worker in this process; returns its stats and a stop function that resolves when drained. */
  function startWorker(store: Store, n: ReturnType<typeof names>, extra: Partial<Parameters<typeof runWorker>[0]> = {}) {
    const controller = new AbortController();
    const stats: WorkerStats = newWorkerStats();
    const ready = Promise.withResolvers<void>();
    const done = runWorker({ url: NATS_URL, store, pipeline, signal: controller.signal, batchSize: 100, flushMs: 200, stats, onReady: () => ready.resolve(), ...n, ...extra });
    done.catch((e) => ready.reject(e));
    const stop = async () => { controller.abort(); running.delete(stop); return done; };
    running.add(stop);
    return { stats, ready: ready.promise, stop };
  }

  it("collector → JetStream → worker stores exactly what in-process collection stores (posts, roles, enrichment, provenance, quarantine, cursor)", async () => {
    const lines = recording(3000, 7);
    const reference = await newStore(dir, "reference.db");
    await inProcess(reference, frameSource(lines), pipeline);

    const n = names();
    streams.push(n.stream);
    const store = await newStore(dir, "bus.db");
    const worker = startWorker(store, n);
    await worker.ready;
    const publisher = await openBusPublisher({ url: NATS_URL, ...n, markerMs: 100 });
    const published = await publisher.publishSource(frameSource(lines), { store, story: STORY, subjectIds: SUBJECT_IDS, normalizer: { id: "jetstream" } }, new AbortController().signal);
    await publisher.close();
    assert.equal(published.fetched, lines.length);
    assert.equal(published.error, null);
    assert.ok(published.published > lines.length, "every item, and cursor markers");
    await waitFor(async () => (await store.getCursor(storyCursorKey(STORY, "frames memory:test"))) === String(lines.length) && (await drained(nc, n.stream)), 60_000,
      async () => `the cursor ${await store.getCursor(storyCursorKey(STORY, "frames memory:test"))} to reach ${lines.length}`);
    const stats = await worker.stop();
    assert.equal(stats.acked, published.published, "every message acknowledged once");
    assert.ok(stats.markers >= 1);

    const expected = comparable(await reference.storyPosts(STORY));
    assert.ok(expected.length > 500, `the recording has posts about the story (${expected.length})`);
    assert.deepEqual(comparable(await store.storyPosts(STORY)), expected);
    assert.deepEqual(await quarantineOf(store), await quarantineOf(reference));
    assert.equal((await quarantineOf(store)).length, 3);

    // Published again (a collector rerun from scratch): JetStream drops every message as a repeat.
    const again = await publishSourceToBus({ nc, js: jetstream(nc), subjectPrefix: n.subjectPrefix }, frameSource(lines), { store: openSqliteStore(":memory:"), story: STORY, normalizer: { id: "jetstream" } }, new AbortController().signal);
    assert.ok(again.alreadyOnBus >= lines.length, `every item dropped as a repeat (${again.alreadyOnBus})`);
    assert.ok(again.published <= 20, `only cursor markers are new (${again.published})`);
    await reference.close();
    await store.close();
  });

  it("voxpop collect with a bus: a JSONL file (worker-side normalizer) and a CSV (collector-normalized) give the same story as in process, and a rerun resumes from the workers' cursor", async () => {
    const jsonl = join(dir, "posts.jsonl");
    const csv = join(dir, "posts.csv");
    const records = Array.from({ length: 400 }, (_, i) => JSON.stringify({ platform: "mastodon", id: `https://social.example/@u${i}/${1000 + i}`, url: `https://social.example/@u${i}/${1000 + i}`, handle: `u${i}@social.example`, author: `User ${i}`, text: i % 3 ? `Thinking of Maya Lindqvist today ${i}` : `Coffee break ${i}`, createdAt: "2025-03-01T12:00:00Z" }));
    records.splice(100, 0, "{\"broken\": ");
    await writeFile(jsonl, records.join("\n") + "\n");
    await writeFile(csv, "text,author,url,created_at\n" + Array.from({ length: 200 }, (_, i) => `"Maya Lindqvist, row ${i}",@c${i},https://x.com/c${i}/status/${5000 + i},2025-03-01T13:00:00Z`).join("\n") + "\n\"never closed\n");

    const reference = await newStore(dir, "reference2.db");
    const deps = { pipeline, env: { HOME: dir }, allowPrivate: false };
    const sources = [`file:${jsonl}`, `file:${csv}`];
    await runCollect({ ...deps, store: reference }, STORY, { sources, signal: new AbortController().signal, batchSize: 50 });

    const n = names();
    streams.push(n.stream);
    const store = await newStore(dir, "bus2.db");
    const worker = startWorker(store, n);
    await worker.ready;
    const bus = await openBusPublisher({ url: NATS_URL, ...n, markerMs: 100 });
    const stats = await runCollect({ ...deps, store, bus }, STORY, { sources, signal: new AbortController().signal, batchSize: 50 });
    assert.deepEqual(stats.map((s) => s.error), [null, null]);
    const cursors = async () => Promise.all(stats.map((s) => store.getCursor(storyCursorKey(STORY, s.source))));
    const wanted = await Promise.all(stats.map((s) => reference.getCursor(storyCursorKey(STORY, s.source))));
    await waitFor(async () => JSON.stringify(await cursors()) === JSON.stringify(wanted) && (await drained(nc, n.stream)), 60_000, async () => `cursors ${JSON.stringify(await cursors())} to reach ${JSON.stringify(wanted)}`);
    assert.deepEqual(comparable(await store.storyPosts(STORY)), comparable(await reference.storyPosts(STORY)));
    assert.deepEqual(await quarantineOf(store), await quarantineOf(reference));
    // Files join the story whole; the broken JSON line and the CSV's unclosed quote are quarantined.
    assert.equal((await store.storyPosts(STORY)).length, 600);
    assert.equal((await quarantineOf(store)).length, 2);

    // A rerun starts from the cursors the workers committed: nothing left to read or publish.
    const rerun = await runCollect({ ...deps, store, bus }, STORY, { sources, signal: new AbortController().signal });
    assert.deepEqual(rerun.map((s) => s.fetched), [0, 0]);
    await bus.close();
    await worker.stop();
    await reference.close();
    await store.close();
  });

  it("a live Jetstream source (local replaying server) through the bus, the normalizer rebuilt from its kind; the worker commits Jetstream's cursor", async () => {
    const lines = [...generateJetstreamEvents(2000, 11, { accounts: 2000, matchRate: 0.3 })];
    const server = await startJetstreamServer({ events: lines });
    try {
      const reference = await newStore(dir, "reference3.db");
      await inProcess(reference, frameSource(lines), pipeline);
      const n = names();
      streams.push(n.stream);
      const store = await newStore(dir, "bus3.db");
      const worker = startWorker(store, n);
      await worker.ready;
      const bus = await openBusPublisher({ url: NATS_URL, ...n, markerMs: 100 });
      const controller = new AbortController();
      const source = createJetstreamSource({ endpoint: server.url, allowPrivate: true });
      const run = bus.publishSource(source, { store, story: STORY, subjectIds: SUBJECT_IDS }, controller.signal);
      const want = (await reference.storyPosts(STORY)).length;
      await waitFor(async () => (await store.storyPosts(STORY)).length >= want, 60_000, async () => `${want} posts (have ${(await store.storyPosts(STORY)).length})`);
      controller.abort();
      const stats = await run;
      assert.equal(stats.error, null);
      await waitFor(() => drained(nc, n.stream), 30_000, () => "the stream to drain");
      await worker.stop();
      assert.deepEqual(comparable(await store.storyPosts(STORY)).map((p) => p.id), comparable(await reference.storyPosts(STORY)).map((p) => p.id));
      const cursor = await store.getCursor(storyCursorKey(STORY, source.name));
      assert.ok(cursor !== null && Number(cursor) > 0, `a Jetstream cursor is stored (${cursor})`);
      await bus.close();
      await reference.close();
      await store.close();
    } finally {
      await server.close();
    }
  });

  it("a message that is not a voxpop item is quarantined once and acknowledged; an unknown story waits, then is quarantined", async () => {
    const n = names();
    streams.push(n.stream);
    const store = await newStore(dir, "bus4.db");
    const worker = startWorker(store, n, { storeRetryMs: 100 });
    await worker.ready;
    const js = jetstream(nc);
    await js.publish(`${n.subjectPrefix}.x.y`, "hello");
    const bus = await openBusPublisher({ url: NATS_URL, ...n });
    await bus.publishSource(frameSource(lines1()), { store: await newStore(dir, "other.db").then(async (s) => { await s.ensureStory("elsewhere"); return s; }), story: "elsewhere", normalizer: { id: "jetstream" } }, new AbortController().signal);
    await bus.close();
    await waitFor(() => drained(nc, n.stream), 30_000, () => "the stream to drain");
    const stats = await worker.stop();
    const q = await store.listQuarantine();
    assert.equal(stats.malformed, 1);
    assert.deepEqual(q.map((x) => x.code).sort(), ["NOT_FOUND", "PARSE_ERROR"], "the item is quarantined, its cursor marker dropped");
    assert.match(q.find((x) => x.code === "PARSE_ERROR")!.reason, /not published by voxpop/);
    assert.match(q.find((x) => x.code === "NOT_FOUND")!.reason, /story "elsewhere" is not in this worker's store/);
    await store.close();
  });
});

function lines1(): string[] {
  return [...generateJetstreamEvents(1, 3)];
}
