// Worker scaling through the NATS JetStream bus, measured as backlog drain throughput. In
// bench/bus.ts a single collector (with the story prefilter) sets the pace, so a second worker
// shows nothing; here the collector runs first, alone, and fills a fresh stream with a backlog of
// Jetstream post events that ALL belong to the story (generated with matchRate 1), so every item
// is normalized, matched, enriched and stored. Then 1, 2 (…) worker processes are started on it
// and timed until the stream is empty (a worker acks only after the store commits, and the stream
// has work-queue retention, so empty means stored). The clock starts once every worker has loaded
// its models and is pulling; what an early worker drained before then is left out of the rate
// (the messages counted are those in the stream at that moment). Each run has a fresh stream and a
// fresh store: SQLite (one file, the workers share its write lock) and PostgreSQL (a fresh schema,
// dropped after; skipped with the reason when the server does not answer).
// The roles (collector, worker) are bench/bus.ts's, run as child processes of that file.
// Env: VOXPOP_BENCH_DRAIN_EVENTS (default 20 000 events, about 18 000 post creates),
// VOXPOP_BENCH_DRAIN_WORKERS (default "1,2,3"), VOXPOP_BENCH_STORE, VOXPOP_BENCH_PG, VOXPOP_BENCH_NATS.
//   npx node bench/bus-drain.ts
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { jetstreamManager } from "@nats-io/jetstream";
import { connect } from "@nats-io/transport-node";
import { writeJetstreamEvents } from "./jetstream-gen.ts";
import { lastJson, openStore, run } from "./bus.ts";

const env = process.env;

export interface BusDrainRow {
  store: "SQLite" | "PostgreSQL";
  workers: number;
  /** Messages in the stream when the clock started (all workers pulling). */
  messages: number;
  seconds: number;
  postsPerSecond: number;
  /** Posts stored by the workers over the whole run (including before the clock started). */
  stored: number;
  /** Peak RSS (MB) of each worker. */
  peakRssMb: number[];
}

export interface BusDrainBench { events: number; postEvents: number; published: number; rows: BusDrainRow[]; skipped: string[] }

export async function benchBusDrain(options: { events?: number; workers?: number[]; stores?: Array<"sqlite" | "postgres">; pg?: string; nats?: string } = {}): Promise<BusDrainBench> {
  const events = options.events ?? Number(env.VOXPOP_BENCH_DRAIN_EVENTS ?? 20_000);
  const counts = options.workers ?? (env.VOXPOP_BENCH_DRAIN_WORKERS ?? "1,2,3").split(",").map(Number).filter((n) => n > 0);
  const only = env.VOXPOP_BENCH_STORE;
  const kinds: Array<"sqlite" | "postgres"> = options.stores ?? (only === "sqlite" ? ["sqlite"] : only === "postgres" ? ["postgres"] : ["sqlite", "postgres"]);
  const pgUrl = options.pg ?? env.VOXPOP_BENCH_PG ?? "postgres://postgres@127.0.0.1:5432/test";
  const nats = options.nats ?? env.VOXPOP_BENCH_NATS ?? "nats://127.0.0.1:4222";
  const { dropSchemas, freshSchema, pgSkipReason } = await import("../src/store/postgres/test-support.ts");
  const dir = await mkdtemp(join(tmpdir(), "voxpop-bench-drain-"));
  const nc = await connect({ servers: nats });
  const jsm = await jetstreamManager(nc);
  const streams: string[] = [];
  const schemas: string[] = [];
  const skipped: string[] = [];
  const rows: BusDrainRow[] = [];
  let published = 0;
  let k = 0;
  try {
    const file = join(dir, "jetstream.jsonl");
    // Every post create is about the story: the backlog is all work for the workers.
    const written = await writeJetstreamEvents(file, events, 7, { matchRate: 1 });
    for (const kind of kinds) {
      const label = kind === "sqlite" ? "SQLite" : "PostgreSQL";
      if (kind === "postgres") {
        const why = await pgSkipReason(pgUrl);
        if (why) { skipped.push(`PostgreSQL rows skipped: ${why}`); continue; }
      }
      for (const workers of counts) {
        let storeVars: { VOXPOP_BUS_STORE: string; VOXPOP_BUS_SCHEMA: string };
        if (kind === "sqlite") storeVars = { VOXPOP_BUS_STORE: join(dir, `run${++k}.db`), VOXPOP_BUS_SCHEMA: "" };
        else {
          const schema = freshSchema();
          schemas.push(schema);
          await (await openStore(pgUrl, schema)).close(); // created and migrated before the processes open it
          storeVars = { VOXPOP_BUS_STORE: pgUrl, VOXPOP_BUS_SCHEMA: schema };
        }
        const stream = `VOXPOP_DRAIN_${process.pid}_${kind}_${workers}`;
        streams.push(stream);
        const vars = { ...storeVars, VOXPOP_BUS_FILE: file, VOXPOP_BUS_NATS: nats, VOXPOP_BUS_STREAM: stream, VOXPOP_BUS_PREFIX: `voxpopdrain.p${process.pid}.${kind}.w${workers}` };

        // 1. The backlog: the collector alone publishes the whole file, then exits.
        const c = await run("collector", vars).done;
        if (c.code !== 0) throw new Error(`collector failed: ${c.err}`);
        published = lastJson(c.out).published!;

        // 2. The workers: clock from the moment all of them pull to the stream being empty.
        const ws = Array.from({ length: workers }, () => run("worker", vars));
        const until = Date.now() + 120_000;
        while (!ws.every((w) => w.out().includes("READY"))) {
          if (Date.now() > until) throw new Error("workers did not start");
          await new Promise((res) => setTimeout(res, 20));
        }
        const t0 = performance.now();
        const messages = (await jsm.streams.info(stream)).state.messages;
        const deadline = Date.now() + 300_000;
        while ((await jsm.streams.info(stream)).state.messages > 0) {
          if (Date.now() > deadline) throw new Error("the stream was not drained in 5 minutes");
          await new Promise((res) => setTimeout(res, 20));
        }
        const seconds = (performance.now() - t0) / 1000;
        for (const w of ws) w.kill("SIGTERM");
        const results = await Promise.all(ws.map((w) => w.done));
        for (const r of results) if (r.code !== 0) throw new Error(`worker failed: ${r.err}`);
        rows.push({
          store: label, workers, messages, seconds, postsPerSecond: messages / seconds,
          stored: results.reduce((n, x) => n + lastJson(x.out).stored!, 0),
          peakRssMb: results.map((x) => lastJson(x.out).peakRssMb!),
        });
      }
    }
    return { events: written.events, postEvents: written.creates, published, rows, skipped };
  } finally {
    for (const s of streams) await jsm.streams.delete(s).catch(() => {});
    await nc.close();
    await dropSchemas(schemas, pgUrl).catch(() => {});
    await rm(dir, { recursive: true, force: true });
  }
}

export function formatBusDrainBench(b: BusDrainBench): string {
  const head = `Backlog of ${b.published.toLocaleString("en")} messages published first (${b.events.toLocaleString("en")} generated Jetstream events, ${b.postEvents.toLocaleString("en")} post creates, all about the story), then drained by N worker processes (normalize → rules → enrich → store)`;
  const lines = b.rows.map((r) => {
    const one = b.rows.find((x) => x.store === r.store && x.workers === 1);
    const speedup = one ? `${(r.postsPerSecond / one.postsPerSecond).toFixed(2)}x` : "";
    return `${`${r.store}, ${r.workers} worker${r.workers > 1 ? "s" : ""}`.padEnd(24)} ${Math.round(r.postsPerSecond).toLocaleString("en").padStart(7)} posts/s  ${speedup.padStart(6)}  ` +
      `${r.messages} messages in ${r.seconds.toFixed(1)} s  stored ${r.stored}  peak RSS MB per worker: ${r.peakRssMb.map((m) => m.toFixed(0)).join(" / ")}`;
  });
  return [head, ...lines, ...b.skipped, "(speed-up against 1 worker on the same store; the rate counts the messages in the stream once every worker pulls)"].join("\n");
}

if (import.meta.main) console.log(formatBusDrainBench(await benchBusDrain()));
