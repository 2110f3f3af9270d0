// `npm run bench` (API under load): voxpop's HTTP API serving the feed of a 100k-post story
// (bench/feed-store.ts builds it: enriched posts, a few hundred editor decisions), hit by a local
// load generator (autocannon), beside peers measured in the same run:
// - a raw node:http server answering the same JSON bytes as the feed's first page: the floor the
//   HTTP stack and the load generator set on this machine (the ratio is what the API's query,
//   validation and serialisation cost on top);
// - voxpop's own `GET /api/stories/:name` (same Hono stack, one row read): the framework's cost.
// The servers run in child processes (this file, started with "serve"/"peer"), so the load
// generator never shares their event loop. Figures are printed, never asserted.
//   npx node bench/api.ts [posts=100000]   (VOXPOP_BENCH_API_SECONDS, VOXPOP_BENCH_API_CONNECTIONS)
import autocannon from "autocannon";
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { availableParallelism, tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { buildFeedStore, type FeedStoreInfo } from "./feed-store.ts";

const SELF = fileURLToPath(import.meta.url);
const TOKEN = "bench-token-0123456789abcdef";

export interface ApiBenchRow {
  label: string;
  path: string;
  requests: number;
  /** Mean requests per second over the measured window. */
  rps: number;
  p50Ms: number;
  p90Ms: number;
  p99Ms: number;
  /** Body bytes of one answer. */
  bytes: number;
  /** Answers that were not 2xx, plus connection errors and timeouts (all should be 0). */
  failures: number;
  /** One client alone (what a single editor waits): no queueing behind other requests. */
  single: { rps: number; p50Ms: number; p99Ms: number };
}

export interface ApiBenchResult {
  story: FeedStoreInfo;
  connections: number;
  seconds: number;
  cpus: number;
  feed: ApiBenchRow[];
  /** Raw node:http with the feed's first page as a fixed body. */
  peer: ApiBenchRow;
  /** voxpop's GET /api/stories/:name (Hono, one row). */
  storyRoute: ApiBenchRow;
}

export interface ApiBenchOptions {
  posts?: number;
  /** Measured seconds per route (after a 1 s warm-up). */
  seconds?: number;
  connections?: number;
}

/** Starts this file as a child server and resolves with its URL (it prints one JSON line). */
function startChild(args: string[]): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, [SELF, ...args], { stdio: ["ignore", "pipe", "inherit"] });
  return new Promise((ok, fail) => {
    const lines = createInterface({ input: child.stdout! });
    const timer = setTimeout(() => fail(new Error(`bench child ${args[0]} did not start in 60 s`)), 60_000);
    child.once("exit", (code) => fail(new Error(`bench child ${args[0]} exited with ${code}`)));
    lines.once("line", (line) => {
      clearTimeout(timer);
      ok({ url: (JSON.parse(line) as { url: string }).url, child });
    });
  });
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((done) => {
    child.once("exit", () => done());
    child.kill("SIGTERM");
  });
}

async function load(label: string, base: string, path: string, seconds: number, connections: number): Promise<ApiBenchRow> {
  const url = base + path;
  const first = await fetch(url);
  const body = await first.arrayBuffer();
  if (!first.ok) throw new Error(`${label}: ${url} answered ${first.status}: ${new TextDecoder().decode(body).slice(0, 200)}`);
  // Warm-up: JIT, SQLite page cache, connection setup; not counted.
  await autocannon({ url, connections, duration: 1 });
  const r = await autocannon({ url, connections, duration: seconds, timeout: 30 });
  const one = await autocannon({ url, connections: 1, duration: seconds, timeout: 30 });
  return {
    label, path, requests: r.requests.total, rps: r.requests.average,
    p50Ms: r.latency.p50, p90Ms: r.latency.p90, p99Ms: r.latency.p99,
    bytes: body.byteLength, failures: r.non2xx + r.errors + r.timeouts + one.non2xx + one.errors + one.timeouts,
    single: { rps: one.requests.average, p50Ms: one.latency.p50, p99Ms: one.latency.p99 },
  };
}

export async function benchApi(options: ApiBenchOptions = {}): Promise<ApiBenchResult> {
  const posts = options.posts ?? Number(process.env.VOXPOP_BENCH_API_POSTS ?? 100_000);
  const seconds = options.seconds ?? Number(process.env.VOXPOP_BENCH_API_SECONDS ?? 5);
  const connections = options.connections ?? Number(process.env.VOXPOP_BENCH_API_CONNECTIONS ?? 10);
  const dir = mkdtempSync(join(tmpdir(), "voxpop-bench-api-"));
  const children: ChildProcess[] = [];
  try {
    const db = join(dir, "feed.db");
    const story = await buildFeedStore(db, posts);
    const voxpop = await startChild(["serve", db]);
    children.push(voxpop.child);
    const feedPath = (query: string) => `/api/stories/${encodeURIComponent(story.story)}/posts?limit=50${query}`;

    // The peer answers exactly the bytes of the feed's first page.
    const page = await (await fetch(voxpop.url + feedPath(""))).text();
    const bodyFile = join(dir, "page.json");
    writeFileSync(bodyFile, page);
    const peer = await startChild(["peer", bodyFile]);
    children.push(peer.child);

    const peerRow = await load("raw node:http, same JSON bytes", peer.url, "/", seconds, connections);
    const storyRoute = await load("voxpop GET /api/stories/:name", voxpop.url, `/api/stories/${encodeURIComponent(story.story)}`, seconds, connections);
    const feed = [
      await load("feed, first page", voxpop.url, feedPath(""), seconds, connections),
      await load("feed, filtered (reaction support or praise, lang en)", voxpop.url, feedPath("&reaction=support&reaction=praise&lang=en"), seconds, connections),
      await load("feed, search q=heartbreaking", voxpop.url, feedPath("&q=heartbreaking"), seconds, connections),
    ];
    return { story, connections, seconds, cpus: availableParallelism(), feed, peer: peerRow, storyRoute };
  } finally {
    for (const child of children) await stopChild(child);
    rmSync(dir, { recursive: true, force: true });
  }
}

export function formatApiBench(r: ApiBenchResult): string {
  const lines = [
    `story "${r.story.story}": ${r.story.posts} posts, ${r.story.decisions} decisions (built in ${(r.story.ms / 1000).toFixed(1)} s); ` +
      `autocannon, ${r.connections} connections then 1, ${r.seconds} s each per route after a 1 s warm-up, ${r.cpus} CPUs; servers in child processes. ` +
      "Latencies are autocannon's (whole milliseconds); with several connections they include queueing behind the server's one thread.",
    "",
    `| route | req/s (${r.connections} conn.) | p50 ms | p90 ms | p99 ms | 1 client: req/s | p50 ms | p99 ms | bytes | failures | req/s vs raw node:http |`,
    "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
  ];
  const row = (x: ApiBenchRow) =>
    `| ${x.label} | ${x.rps.toFixed(0)} | ${x.p50Ms.toFixed(1)} | ${x.p90Ms.toFixed(1)} | ${x.p99Ms.toFixed(1)} | ` +
    `${x.single.rps.toFixed(0)} | ${x.single.p50Ms.toFixed(1)} | ${x.single.p99Ms.toFixed(1)} | ${x.bytes} | ${x.failures} | ${(x.rps / r.peer.rps).toFixed(3)}× |`;
  lines.push(row(r.peer), row(r.storyRoute), ...r.feed.map(row));
  return lines.join("\n");
}

// ---- child processes ----------------------------------------------------------------------------

async function serveChild(db: string): Promise<void> {
  const { createApp } = await import("../src/app.ts");
  const { createServer, startServer } = await import("../src/server/index.ts");
  const app = createApp({ dbPath: db });
  const hono = createServer(app, { token: TOKEN, allowedHosts: null, log: (line) => process.stderr.write(line + "\n") });
  const running = await startServer(hono, { port: 0, host: "127.0.0.1" });
  process.stdout.write(JSON.stringify({ url: running.url.replace(/\/$/, "") }) + "\n");
  process.once("SIGTERM", () => void running.close().then(() => app.close()).then(() => process.exit(0)));
}

async function peerChild(bodyFile: string): Promise<void> {
  const body = readFileSync(bodyFile);
  const server = http.createServer((_req, res) => {
    res.writeHead(200, { "content-type": "application/json; charset=utf-8", "content-length": body.byteLength });
    res.end(body);
  });
  await new Promise<void>((ok) => server.listen(0, "127.0.0.1", ok));
  process.stdout.write(JSON.stringify({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` }) + "\n");
  process.once("SIGTERM", () => { server.closeAllConnections(); server.close(() => process.exit(0)); });
}

if (process.argv[1] && resolve(process.argv[1]) === SELF) {
  const [mode, arg] = process.argv.slice(2);
  if (mode === "serve") await serveChild(arg!);
  else if (mode === "peer") await peerChild(arg!);
  else console.log(formatApiBench(await benchApi(mode ? { posts: Number(mode) } : {})));
}
