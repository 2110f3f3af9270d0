// Faults on the NATS JetStream pipeline, with real processes: two worker processes share the
// consumer while a collector process publishes a generated Jetstream recording (with bad frames);
// workers and the collector are killed with SIGKILL mid-batch and mid-stream and restarted, and in
// a second test the NATS server itself (our own nats-server on a free port with its own storage
// directory, never the shared one) is restarted mid-stream. At the end the store must hold every
// post about the story exactly once and each bad frame once in quarantine, counted against an
// in-process run of the same recording (the ground truth), and the source's cursor must be at
// the end. Skips when no NATS server (or nats-server binary) is available.
//
// This file is also the child processes: run with VOXPOP_NATS_ROLE=worker|collector it plays
// that role instead of defining tests.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createServer } from "node:net";
import { jetstreamManager } from "@nats-io/jetstream";
import { connect } from "@nats-io/transport-node";
import { VoxpopError } from "../src/core/index.ts";
import { DedupeIndex, defaultPipeline } from "../src/enrich/index.ts";
import { compileRawPrefilter, compileRules, ingestSource, storyCursorKey } from "../src/pipeline/index.ts";
import { createJetstreamSource } from "../src/sources/bluesky/index.ts";
import type { Source } from "../src/sources/index.ts";
import { openSqliteStore, type Store } from "../src/store/index.ts";
import { newWorkerStats, openBusPublisher, runWorker } from "../src/bus/index.ts";
import { BENCH_STORY, generateJetstreamEvents } from "../bench/jetstream-gen.ts";
import { readOnlyQuery as query, reachable, waitUntil as waitFor } from "./support/wait.ts";

const STORY = "maya";
const SOURCE_NAME = "frames test-recording";
const RULES = { keywords: [...BENCH_STORY.keywords], tags: [...BENCH_STORY.hashtags], urls: [...BENCH_STORY.urls] };
const SUBJECT_IDS = [BENCH_STORY.subject.did];

/** The recording as a backfill source (cursor: the line number), normalized as Jetstream. */
function frameSource(lines: string[]): Source {
  const jet = createJetstreamSource({ endpoint: "wss://jetstream.invalid" });
  return {
    name: SOURCE_NAME, kind: "bluesky", uri: "file:recording", mode: "backfill",
    async *read(cursor, signal) {
      for (let i = cursor === null ? 0 : Number(cursor); i < lines.length; i++) {
        if (signal.aborted) throw new VoxpopError("FETCH_ABORTED", "cancelled");
        yield { raw: { payload: lines[i]!, contentType: "application/json" }, cursor: String(i + 1) };
      }
    },
    normalize: (item) => jet.normalize(item),
  };
}

async function openStory(db: string): Promise<Store> {
  const store = openSqliteStore(db);
  await store.ensureStory(STORY, { subjects: [BENCH_STORY.subject.handle], rules: RULES });
  return store;
}

// ---- the child processes ----------------------------------------------------------------------

const env = process.env;
const names = () => ({ stream: env.VOXPOP_T_STREAM!, subjectPrefix: env.VOXPOP_T_PREFIX!, durable: "w" });

async function workerRole(): Promise<void> {
  const store = await openStory(env.VOXPOP_T_DB!);
  const controller = new AbortController();
  process.on("SIGTERM", () => controller.abort());
  const stats = newWorkerStats();
  const report = setInterval(() => process.stdout.write(`R ${stats.received} A ${stats.acked}\n`), 20);
  await runWorker({
    url: env.VOXPOP_T_NATS!, store, pipeline: defaultPipeline(), signal: controller.signal, stats, ...names(),
    batchSize: 50, flushMs: 300, ackWaitMs: 2000, storeRetryMs: 200,
    onReady: () => process.stdout.write("READY\n"),
    onNote: (m) => process.stderr.write(`note: ${m}\n`),
  });
  clearInterval(report);
  process.stdout.write(`R ${stats.received} A ${stats.acked}\nSTOPPED\n`);
  await store.close();
}

async function collectorRole(): Promise<void> {
  const lines = (await readFile(env.VOXPOP_T_FILE!, "utf8")).split("\n").filter(Boolean);
  const store = await openStory(env.VOXPOP_T_DB!);
  const bus = await openBusPublisher({ url: env.VOXPOP_T_NATS!, ...names(), markerMs: 100, maxInFlight: 64 });
  const controller = new AbortController();
  process.on("SIGTERM", () => controller.abort());
  const source = frameSource(lines);
  const run = bus.publishSource(source, { store, story: STORY, subjectIds: SUBJECT_IDS, normalizer: { id: "jetstream" } }, controller.signal);
  const report = setInterval(() => process.stdout.write("P\n"), 1000);
  const stats = await run;
  clearInterval(report);
  await bus.close();
  process.stdout.write(`FETCHED ${stats.fetched} PUBLISHED ${stats.published} DUP ${stats.alreadyOnBus} ERROR ${stats.error}\nDONE\n`);
  await store.close();
}

// ---- the tests ----------------------------------------------------------------------------------

interface Child {
  proc: ChildProcess;
  out: () => string;
  err: () => string;
  exited: Promise<number | null>;
}

function child(role: "worker" | "collector", vars: Record<string, string>): Child {
  const proc = spawn(process.execPath, [import.meta.filename], { env: { ...process.env, ...vars, VOXPOP_NATS_ROLE: role }, stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  let err = "";
  proc.stdout!.setEncoding("utf8").on("data", (s: string) => { out += s; if (out.length > 1e6) out = out.slice(-1e5); });
  proc.stderr!.setEncoding("utf8").on("data", (s: string) => { err += s; });
  const exited = new Promise<number | null>((r) => proc.once("close", (code) => r(code)));
  return { proc, out: () => out, err: () => err, exited };
}

/** The last progress line of a worker: messages received and acknowledged. */
function progress(c: Child): { received: number; acked: number } {
  const m = [...c.out().matchAll(/R (\d+) A (\d+)/g)].at(-1);
  return m ? { received: Number(m[1]), acked: Number(m[2]) } : { received: 0, acked: 0 };
}

const storyIds = (db: string) => query<{ id: string }>(db, "SELECT p.id FROM story_posts sp JOIN stories s ON s.id = sp.story_id JOIN posts p ON p.pk = sp.post_pk WHERE s.name = ?", STORY).map((r) => r.id);
const cursorOf = (db: string) => query<{ cursor: string }>(db, "SELECT cursor FROM source_cursors WHERE source = ?", storyCursorKey(STORY, SOURCE_NAME))[0]?.cursor ?? null;
const quarantineRows = (db: string) => query<{ code: string; reason: string; payload_hash: string }>(db, "SELECT code, reason, payload_hash FROM quarantine ORDER BY code, reason, payload_hash");

/** A recording with bad frames that reach normalize (they mention the story, so the prefilter keeps them). */
function recording(n: number, seed: number): string[] {
  const lines = [...generateJetstreamEvents(n, seed, { accounts: 20_000, matchRate: 0.2 })];
  for (let k = 1; k <= 6; k++) {
    const bad = k % 2
      ? `{"did": "did:plc:bad${k}", "text": "Maya Lindqvist", broken`
      : JSON.stringify({ did: `did:plc:bbbbbbbbbbbbbbbbbbbbbbb${k}`, time_us: k, kind: "commit", commit: { rev: "x", operation: "create", collection: "app.bsky.feed.post", rkey: `3ljx2c4kqpd2${k}`, cid: "bafyreiabc", record: { text: ["Maya Lindqvist"], createdAt: k } } });
    lines.splice(Math.floor((k * lines.length) / 7), 0, bad);
  }
  return lines;
}

/** The ground truth: the same recording through in-process collection. */
async function reference(dir: string, lines: string[]): Promise<{ ids: string[]; quarantine: ReturnType<typeof quarantineRows> }> {
  const db = join(dir, "reference.db");
  const store = await openStory(db);
  const ruleSet = { ...RULES, since: null, until: null, sources: [], subjects: [BENCH_STORY.subject.handle], subjectIds: SUBJECT_IDS };
  await ingestSource(frameSource(lines), {
    store, story: STORY, matcher: compileRules(ruleSet), prefilter: compileRawPrefilter(ruleSet), pipeline: defaultPipeline(), dedupe: new DedupeIndex(),
    enrichContext: { subjects: [BENCH_STORY.subject.handle] }, batchSize: 200,
  }, new AbortController().signal);
  await store.close();
  return { ids: storyIds(db).sort(), quarantine: quarantineRows(db) };
}

function sameSet(actual: string[], expected: string[], what: string): void {
  const a = new Set(actual);
  const e = new Set(expected);
  const lost = [...e].filter((x) => !a.has(x));
  const extra = [...a].filter((x) => !e.has(x));
  assert.deepEqual({ lost: lost.length, extra: extra.length, firstLost: lost.slice(0, 3) }, { lost: 0, extra: 0, firstLost: [] }, what);
  assert.equal(actual.length, a.size, `${what}: no post twice in the story`);
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}

const NATS_BIN = process.env.VOXPOP_NATS_SERVER ?? "/usr/sbin/nats-server";
const SHARED_NATS = process.env.VOXPOP_TEST_NATS ?? "nats://127.0.0.1:4222";

async function deleteStream(url: string, stream: string): Promise<void> {
  const nc = await connect({ servers: url, timeout: 2000 }).catch(() => null);
  if (!nc) return;
  try {
    await (await jetstreamManager(nc)).streams.delete(stream).catch(() => {});
  } finally {
    await nc.close();
  }
}

async function streamEmpty(url: string, stream: string): Promise<boolean> {
  const nc = await connect({ servers: url, timeout: 2000 }).catch(() => null);
  if (!nc) return false;
  try {
    return (await (await jetstreamManager(nc)).streams.info(stream)).state.messages === 0;
  } catch {
    return false;
  } finally {
    await nc.close();
  }
}

async function stopAll(children: Child[]): Promise<void> {
  for (const c of children) if (c.proc.exitCode === null && c.proc.signalCode === null) c.proc.kill("SIGKILL");
  await Promise.all(children.map((c) => c.exited));
}

if (env.VOXPOP_NATS_ROLE === "worker") {
  await workerRole();
} else if (env.VOXPOP_NATS_ROLE === "collector") {
  await collectorRole();
} else {
  const sharedUp = await reachable(SHARED_NATS, 4222);
  describe("NATS JetStream pipeline under faults (processes)", () => {
    it("two workers and a collector, kill -9 of a worker mid-batch and of the collector mid-stream, both restarted: every post stored once, each bad frame quarantined once", { skip: sharedUp ? false : `no NATS server at ${SHARED_NATS}` }, async (t) => {
      const dir = await mkdtemp(join(tmpdir(), "voxpop-nats-faults-"));
      const stream = `VOXPOP_F${process.pid}`;
      const children: Child[] = [];
      t.after(async () => {
        await stopAll(children);
        await deleteStream(SHARED_NATS, stream);
        await rm(dir, { recursive: true, force: true });
      });
      const lines = recording(12_000, 23);
      const file = join(dir, "recording.jsonl");
      await writeFile(file, lines.join("\n") + "\n");
      const truth = await reference(dir, lines);
      assert.ok(truth.ids.length > 1500, `posts about the story in the recording: ${truth.ids.length}`);
      assert.equal(truth.quarantine.length, 6);
      const db = join(dir, "bus.db");
      await (await openStory(db)).close();
      const vars = { VOXPOP_T_DB: db, VOXPOP_T_NATS: SHARED_NATS, VOXPOP_T_STREAM: stream, VOXPOP_T_PREFIX: `voxpoptest.f${process.pid}`, VOXPOP_T_FILE: file };
      const spawnWorker = () => { const c = child("worker", vars); children.push(c); return c; };
      const spawnCollector = () => { const c = child("collector", vars); children.push(c); return c; };

      const w1 = spawnWorker();
      await waitFor(() => w1.out().includes("READY"), 30_000, () => `worker 1 to start: ${w1.err()}`);
      const w2 = spawnWorker();
      await waitFor(() => w2.out().includes("READY"), 30_000, () => `worker 2 to start: ${w2.err()}`);

      // The collector dies mid-stream (a third of the way in, by what the workers received).
      const c1 = spawnCollector();
      await waitFor(() => progress(w1).received + progress(w2).received >= lines.length / 3 || c1.proc.exitCode !== null, 60_000, () => `a third of the stream on the bus: ${c1.err()}`);
      c1.proc.kill("SIGKILL");
      await c1.exited;
      assert.equal(c1.out().includes("DONE"), false, "the collector was killed before it finished");

      // Worker 1 dies with a batch taken but not stored (received more than it acknowledged).
      await waitFor(() => { const p = progress(w1); return p.received > p.acked && p.acked > 0; }, 30_000, () => `worker 1 mid-batch: ${JSON.stringify(progress(w1))}`);
      w1.proc.kill("SIGKILL");
      await w1.exited;
      const killedAt = progress(w1);
      t.diagnostic(`collector killed after ~${progress(w2).received + killedAt.received} messages; worker 1 killed holding ${killedAt.received - killedAt.acked} unacknowledged`);

      // Both come back: the collector resumes from the cursor the workers committed.
      const cursorAtRestart = cursorOf(db);
      const w3 = spawnWorker();
      const c2 = spawnCollector();
      // Worker 2 dies mid-batch too while the collector runs, and comes back.
      await waitFor(() => { const p = progress(w2); return p.received > p.acked && p.received > killedAt.received; }, 30_000, () => `worker 2 mid-batch: ${JSON.stringify(progress(w2))}`);
      w2.proc.kill("SIGKILL");
      await w2.exited;
      const w4 = spawnWorker();
      const collected = await c2.exited;
      assert.equal(collected, 0, c2.err());
      assert.match(c2.out(), /DONE/);
      const fetched = Number(/FETCHED (\d+)/.exec(c2.out())![1]);
      // It resumed from the cursor the workers had committed by then (at or after the one seen here).
      assert.ok(cursorAtRestart !== null && fetched <= lines.length - Number(cursorAtRestart) && fetched < lines.length, `the rerun resumed from the stored cursor (${cursorAtRestart} before it started; read ${fetched} of ${lines.length})`);

      await waitFor(async () => cursorOf(db) === String(lines.length) && (await streamEmpty(SHARED_NATS, stream)), 90_000,
        () => `the cursor (${cursorOf(db)}) at ${lines.length} and the stream empty; ${storyIds(db).length} of ${truth.ids.length} posts stored`);
      for (const w of [w3, w4]) {
        w.proc.kill("SIGTERM");
        assert.equal(await w.exited, 0, w.err());
        assert.match(w.out(), /STOPPED/);
      }
      sameSet(storyIds(db), truth.ids, "story posts against the in-process run");
      assert.equal(query<{ n: number; d: number }>(db, "SELECT count(*) AS n, count(DISTINCT platform || ' ' || id) AS d FROM posts").map((r) => r.n === r.d)[0], true, "no post stored twice");
      assert.deepEqual(quarantineRows(db), truth.quarantine, "each bad frame quarantined once");
    });

    it("the NATS server restarted mid-stream (our own server, file storage): collector and worker reconnect and every post is stored once", { skip: existsSync(NATS_BIN) ? false : `no nats-server binary at ${NATS_BIN} (set VOXPOP_NATS_SERVER)` }, async (t) => {
      const dir = await mkdtemp(join(tmpdir(), "voxpop-nats-restart-"));
      const port = await freePort();
      const url = `nats://127.0.0.1:${port}`;
      const children: Child[] = [];
      let server: ChildProcess | null = null;
      const startServer = async () => {
        server = spawn(NATS_BIN, ["-a", "127.0.0.1", "-p", String(port), "-js", "-sd", join(dir, "nats")], { stdio: "ignore" });
        await waitFor(() => reachable(url, 4222), 10_000, () => `nats-server on ${port}`);
      };
      const stopServer = async () => {
        const s = server as ChildProcess | null;
        if (!s || s.exitCode !== null) return;
        const gone = new Promise((r) => s.once("exit", r));
        s.kill("SIGTERM");
        await gone;
      };
      t.after(async () => {
        await stopAll(children);
        await stopServer();
        await rm(dir, { recursive: true, force: true });
      });
      await startServer();
      const lines = recording(8000, 29);
      const file = join(dir, "recording.jsonl");
      await writeFile(file, lines.join("\n") + "\n");
      const truth = await reference(dir, lines);
      const db = join(dir, "bus.db");
      await (await openStory(db)).close();
      const vars = { VOXPOP_T_DB: db, VOXPOP_T_NATS: url, VOXPOP_T_STREAM: "VOXPOP", VOXPOP_T_PREFIX: "voxpop.items", VOXPOP_T_FILE: file };
      const w = child("worker", vars);
      children.push(w);
      await waitFor(() => w.out().includes("READY"), 30_000, () => `the worker to start: ${w.err()}`);
      const c = child("collector", vars);
      children.push(c);
      await waitFor(() => progress(w).received >= lines.length / 3 || c.proc.exitCode !== null, 60_000, () => `a third of the stream: ${c.err()}`);
      await stopServer();
      await new Promise((r) => setTimeout(r, 1000));
      await startServer();
      assert.equal(await c.exited, 0, c.err());
      assert.match(c.out(), /DONE/);
      await waitFor(async () => cursorOf(db) === String(lines.length) && (await streamEmpty(url, "VOXPOP")), 90_000,
        () => `the cursor (${cursorOf(db)}) at ${lines.length}; ${storyIds(db).length} of ${truth.ids.length} posts; worker: ${w.err().slice(-500)}`);
      w.proc.kill("SIGTERM");
      assert.equal(await w.exited, 0, w.err());
      sameSet(storyIds(db), truth.ids, "story posts against the in-process run");
      assert.deepEqual(quarantineRows(db), truth.quarantine, "each bad frame quarantined once");
    });
  });
}
