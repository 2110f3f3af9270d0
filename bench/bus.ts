// Ingest throughput through the NATS JetStream bus against in-process collection, in one run:
// a generated Jetstream recording (bench/jetstream-gen.ts, written to a file first) is replayed
//   1. in process: one process reads, normalizes, matches, enriches and stores (ingestSource);
//   2. through NATS with 1 worker process: a collector process publishes every frame, a worker
//      process stores;
//   3. the same with 2 worker processes sharing the consumer.
// Each role runs in its own process (this file, with VOXPOP_BUS_ROLE set) and reports its peak
// RSS. Times run from the start of reading until the last item is stored (the source's cursor at
// the end of the file and the stream empty); workers are started, models loaded, before the
// clock starts. The three runs are made on SQLite (a new file per run), then on PostgreSQL
// (VOXPOP_BENCH_PG, default postgres://postgres@127.0.0.1:5432/test; a fresh schema per run,
// dropped after; skipped with the reason printed when the server does not answer).
// VOXPOP_BENCH_STORE=sqlite or =postgres runs one store only.
// NATS: VOXPOP_BENCH_NATS (default nats://127.0.0.1:4222); each run has its own stream, deleted
// after. Events: VOXPOP_BENCH_BUS_EVENTS (default 200 000).
//   npx node bench/bus.ts
import { spawn } from "node:child_process";
import { createReadStream } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { performance } from "node:perf_hooks";
import { jetstreamManager } from "@nats-io/jetstream";
import { connect } from "@nats-io/transport-node";
import { createJetstreamSource } from "../src/sources/bluesky/index.ts";
import type { Source } from "../src/sources/index.ts";
import { openSqliteStore, type Store } from "../src/store/index.ts";
import { compileRawPrefilter, compileRules, ingestSource, newStats, storyCursorKey } from "../src/pipeline/index.ts";
import { DedupeIndex, defaultPipeline } from "../src/enrich/index.ts";
import { newWorkerStats, openBusPublisher, runWorker } from "../src/bus/index.ts";
import { BENCH_STORY, writeJetstreamEvents } from "./jetstream-gen.ts";

const STORY = "bench";
const SOURCE = "replay bench-recording";
const RULES = { keywords: [...BENCH_STORY.keywords], tags: [...BENCH_STORY.hashtags], urls: [...BENCH_STORY.urls] };

export async function openStore(url: string, schema = env.VOXPOP_BUS_SCHEMA || undefined): Promise<Store> {
  let store: Store;
  if (/^postgres(ql)?:\/\//.test(url)) {
    const { openPostgresStore } = await import("../src/store/postgres/index.ts");
    store = await openPostgresStore(url, schema ? { schema } : {});
  } else {
    store = openSqliteStore(url);
  }
  await store.ensureStory(STORY, { subjects: [BENCH_STORY.subject.handle], rules: RULES });
  return store;
}

export function timeOf(line: string): string | null {
  const m = /"time_us":(\d+)/.exec(line);
  return m ? m[1]! : null;
}

/** The recording as a Source whose items are Jetstream frames (cursor: time_us; resumes after it). */
export function replaySource(path: string): Source {
  const jetstream = createJetstreamSource({ endpoint: "wss://jetstream.invalid" });
  return {
    name: SOURCE, kind: "bluesky", uri: `file://${path}`, mode: "backfill",
    async *read(cursor, signal) {
      const after = cursor === null ? -1 : Number(cursor);
      for await (const line of createInterface({ input: createReadStream(path, { highWaterMark: 4 << 20 }), crlfDelay: Infinity })) {
        if (signal.aborted) break;
        const t = timeOf(line);
        if (!line || (t !== null && Number(t) <= after)) continue;
        yield { raw: { payload: line, contentType: "application/json" }, cursor: t };
      }
    },
    normalize: (item) => jetstream.normalize(item),
  };
}

export function peakSampler(): () => number {
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => { peak = Math.max(peak, process.memoryUsage().rss); }, 50);
  timer.unref();
  return () => { clearInterval(timer); return Math.max(peak, process.memoryUsage().rss); };
}

// ---- roles (child processes) ----

const env = process.env;

async function roleInProcess(): Promise<void> {
  const store = await openStore(env.VOXPOP_BUS_STORE!);
  const pipeline = defaultPipeline();
  pipeline.enrich({ text: "warm up the models", platform: "bluesky" });
  const peak = peakSampler();
  const source = replaySource(env.VOXPOP_BUS_FILE!);
  const stats = newStats(source);
  const ruleSet = { ...RULES, since: null, until: null, sources: [], subjects: [BENCH_STORY.subject.handle], subjectIds: [BENCH_STORY.subject.did] };
  const t0 = performance.now();
  await ingestSource(source, {
    store, story: STORY, matcher: compileRules(ruleSet), prefilter: compileRawPrefilter(ruleSet), pipeline, dedupe: new DedupeIndex(),
    enrichContext: { subjects: [BENCH_STORY.subject.handle] }, batchSize: 500,
  }, new AbortController().signal, stats);
  const seconds = (performance.now() - t0) / 1000;
  await store.close();
  process.stdout.write(JSON.stringify({ seconds, stored: stats.stored, fetched: stats.fetched, peakRssMb: peak() / 1e6 }) + "\n");
}

const busNames = () => ({ stream: env.VOXPOP_BUS_STREAM!, subjectPrefix: env.VOXPOP_BUS_PREFIX!, durable: "bench" });

async function roleWorker(): Promise<void> {
  const store = await openStore(env.VOXPOP_BUS_STORE!);
  const pipeline = defaultPipeline();
  pipeline.enrich({ text: "warm up the models", platform: "bluesky" });
  const controller = new AbortController();
  process.on("SIGTERM", () => controller.abort());
  const peak = peakSampler();
  const stats = newWorkerStats();
  await runWorker({ url: env.VOXPOP_BUS_NATS!, store, pipeline, signal: controller.signal, stats, ...busNames(), batchSize: 500, onReady: () => process.stdout.write("READY\n") });
  await store.close();
  const stored = stats.sources.reduce((n, s) => n + s.stored, 0);
  process.stdout.write(JSON.stringify({ received: stats.received, stored, peakRssMb: peak() / 1e6 }) + "\n");
}

async function roleCollector(): Promise<void> {
  const store = await openStore(env.VOXPOP_BUS_STORE!);
  const peak = peakSampler();
  const bus = await openBusPublisher({ url: env.VOXPOP_BUS_NATS!, ...busNames() });
  const t0 = performance.now();
  // As `voxpop collect --bus` does: the story rules' raw prefilter keeps unrelated events off the bus.
  const ruleSet = { ...RULES, since: null, until: null, sources: [], subjects: [BENCH_STORY.subject.handle], subjectIds: [BENCH_STORY.subject.did] };
  const stats = await bus.publishSource(replaySource(env.VOXPOP_BUS_FILE!), {
    store, story: STORY, subjectIds: [BENCH_STORY.subject.did], normalizer: { id: "jetstream" }, prefilter: compileRawPrefilter(ruleSet),
  }, new AbortController().signal);
  const seconds = (performance.now() - t0) / 1000;
  await bus.close();
  await store.close();
  process.stdout.write(JSON.stringify({ seconds, published: stats.published, fetched: stats.fetched, error: stats.error, peakRssMb: peak() / 1e6 }) + "\n");
}

// ---- the bench ----

export interface Proc { done: Promise<{ code: number | null; out: string; err: string }>; kill: (s: NodeJS.Signals) => void; out: () => string }

export function run(role: string, vars: Record<string, string>): Proc {
  const child = spawn(process.execPath, [import.meta.filename], { env: { ...process.env, ...vars, VOXPOP_BUS_ROLE: role }, stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  let err = "";
  child.stdout!.setEncoding("utf8").on("data", (s: string) => { out += s; });
  child.stderr!.setEncoding("utf8").on("data", (s: string) => { err += s; });
  return {
    done: new Promise((r) => child.once("close", (code) => r({ code, out, err }))),
    kill: (s) => child.kill(s),
    out: () => out,
  };
}

export const lastJson = (out: string) => JSON.parse(out.trim().split("\n").at(-1)!) as Record<string, number>;

export interface BusBenchRow {
  mode: string;
  seconds: number;
  eventsPerSecond: number;
  postsPerSecond: number;
  stored: number;
  /** Peak RSS (MB) of each process: the in-process runner, or the collector then each worker. */
  peakRssMb: number[];
}

export interface BusBench {
  events: number; postEvents: number; matching: number; fileMb: number; rows: BusBenchRow[];
  /** Why a store's rows are missing (PostgreSQL not reachable). */
  skipped: string[];
}

export async function benchBus(options: { events?: number; stores?: Array<"sqlite" | "postgres">; pg?: string; nats?: string } = {}): Promise<BusBench> {
  const events = options.events ?? Number(env.VOXPOP_BENCH_BUS_EVENTS ?? 200_000);
  const only = env.VOXPOP_BENCH_STORE;
  const kinds: Array<"sqlite" | "postgres"> = options.stores ?? (only === "sqlite" ? ["sqlite"] : only === "postgres" ? ["postgres"] : ["sqlite", "postgres"]);
  const pgUrl = options.pg ?? env.VOXPOP_BENCH_PG ?? "postgres://postgres@127.0.0.1:5432/test";
  const nats = options.nats ?? env.VOXPOP_BENCH_NATS ?? "nats://127.0.0.1:4222";
  const { dropSchemas, freshSchema, pgSkipReason } = await import("../src/store/postgres/test-support.ts");
  const dir = await mkdtemp(join(tmpdir(), "voxpop-bench-bus-"));
  const nc = await connect({ servers: nats });
  const jsm = await jetstreamManager(nc);
  const streams: string[] = [];
  const schemas: string[] = [];
  const skipped: string[] = [];
  try {
    const file = join(dir, "jetstream.jsonl");
    const written = await writeJetstreamEvents(file, events, 42);
    const lastTime = timeOf((await lastLine(file)) ?? "");
    let k = 0;
    const rows: BusBenchRow[] = [];
    for (const kind of kinds) {
      const label = kind === "sqlite" ? "SQLite" : "PostgreSQL";
      if (kind === "postgres") {
        const why = await pgSkipReason(pgUrl);
        if (why) { skipped.push(`PostgreSQL rows skipped: ${why}`); continue; }
      }
      // A new SQLite file, or a new PostgreSQL schema (created and migrated here, before the
      // processes open it; dropped at the end), for each run.
      const freshStore = async (): Promise<{ VOXPOP_BUS_STORE: string; VOXPOP_BUS_SCHEMA: string }> => {
        if (kind === "sqlite") return { VOXPOP_BUS_STORE: join(dir, `run${++k}.db`), VOXPOP_BUS_SCHEMA: "" };
        const schema = freshSchema();
        schemas.push(schema);
        await (await openStore(pgUrl, schema)).close();
        return { VOXPOP_BUS_STORE: pgUrl, VOXPOP_BUS_SCHEMA: schema };
      };

      const inproc = await run("inprocess", { ...(await freshStore()), VOXPOP_BUS_FILE: file }).done;
      if (inproc.code !== 0) throw new Error(`in-process run failed: ${inproc.err}`);
      const r = lastJson(inproc.out);
      rows.push({ mode: `in process (${label})`, seconds: r.seconds!, eventsPerSecond: events / r.seconds!, postsPerSecond: written.creates / r.seconds!, stored: r.stored!, peakRssMb: [r.peakRssMb!] });

      for (const workers of [1, 2]) {
        const store = await freshStore();
        const stream = `VOXPOP_BENCH_${process.pid}_${kind}_${workers}`;
        streams.push(stream);
        const vars = { ...store, VOXPOP_BUS_FILE: file, VOXPOP_BUS_NATS: nats, VOXPOP_BUS_STREAM: stream, VOXPOP_BUS_PREFIX: `voxpopbench.p${process.pid}.${kind}.w${workers}` };
        const ws = Array.from({ length: workers }, () => run("worker", vars));
        const until = Date.now() + 120_000;
        while (!ws.every((w) => w.out().includes("READY"))) {
          if (Date.now() > until) throw new Error("workers did not start");
          await new Promise((res) => setTimeout(res, 50));
        }
        const t0 = performance.now();
        const collector = run("collector", vars);
        const probe = await openStore(store.VOXPOP_BUS_STORE, store.VOXPOP_BUS_SCHEMA || undefined);
        const end = async () => (await probe.getCursor(storyCursorKey(STORY, SOURCE))) !== null && (await jsm.streams.info(stream)).state.messages === 0;
        for (let i = 0; ; i++) {
          if ((await probe.getCursor(storyCursorKey(STORY, SOURCE))) === lastTime && (await end())) break;
          if (env.VOXPOP_BENCH_DEBUG && i % 100 === 0) console.error(`cursor ${await probe.getCursor(storyCursorKey(STORY, SOURCE))} want ${lastTime}; stream ${(await jsm.streams.info(stream)).state.messages}; collector: ${collector.out()}`);
          await new Promise((res) => setTimeout(res, 20));
        }
        const seconds = (performance.now() - t0) / 1000;
        await probe.close();
        const c = await collector.done;
        for (const w of ws) w.kill("SIGTERM");
        const results = await Promise.all(ws.map((w) => w.done));
        const stored = results.reduce((n, x) => n + lastJson(x.out).stored!, 0);
        rows.push({
          mode: `NATS, ${workers} worker${workers > 1 ? "s" : ""} (${label})`, seconds, eventsPerSecond: events / seconds, postsPerSecond: written.creates / seconds, stored,
          peakRssMb: [lastJson(c.out).peakRssMb!, ...results.map((x) => lastJson(x.out).peakRssMb!)],
        });
      }
    }
    const { stat } = await import("node:fs/promises");
    return { events: written.events, postEvents: written.creates, matching: written.matching, fileMb: (await stat(file)).size / 1e6, rows, skipped };
  } finally {
    for (const s of streams) await jsm.streams.delete(s).catch(() => {});
    await nc.close();
    await dropSchemas(schemas, pgUrl).catch(() => {});
    await rm(dir, { recursive: true, force: true });
  }
}

async function lastLine(path: string): Promise<string | null> {
  let last: string | null = null;
  for await (const line of createInterface({ input: createReadStream(path), crlfDelay: Infinity })) if (line) last = line;
  return last;
}

export function formatBusBench(b: BusBench): string {
  const head = `Replayed ${b.events.toLocaleString("en")} Jetstream events (${b.fileMb.toFixed(0)} MB, ${b.postEvents.toLocaleString("en")} post events, ${b.matching.toLocaleString("en")} about the story) through normalize → rules → enrich → store`;
  const base = b.rows[0];
  if (!base) return [head, ...b.skipped].join("\n");
  const lines = b.rows.map((r) => `${r.mode.padEnd(28)} ${Math.round(r.eventsPerSecond).toLocaleString("en").padStart(8)} events/s  ${Math.round(r.postsPerSecond).toLocaleString("en").padStart(8)} posts/s  ` +
    `(${(r.eventsPerSecond / base.eventsPerSecond).toFixed(2)}x)  ${r.seconds.toFixed(1)} s  stored ${r.stored}  peak RSS MB: ${r.peakRssMb.map((m) => m.toFixed(0)).join(" / ")}`);
  return [head, ...lines, ...b.skipped, `(ratios against ${base.mode}; peak RSS: the in-process runner, or the collector / each worker)`].join("\n");
}

if (env.VOXPOP_BUS_ROLE === "inprocess") await roleInProcess();
else if (env.VOXPOP_BUS_ROLE === "worker") await roleWorker();
else if (env.VOXPOP_BUS_ROLE === "collector") await roleCollector();
else if (import.meta.main) console.log(formatBusBench(await benchBus()));
