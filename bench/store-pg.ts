// Store throughput and search latency, SQLite beside PostgreSQL in one run: savePosts of
// collected posts (with per-post raw payloads, story matches and enrichment, as the ingest
// runner saves them) in batches of 500, then search() p50/p99 over a mix of common and rare
// words on the full store. Usage: npx node bench/store-pg.ts [posts=100000] [postgres URL].
// The PostgreSQL side runs in a schema of its own, dropped at the end.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import type { CollectedPost } from "../src/core/index.ts";
import { openSqliteStore } from "../src/store/index.ts";
import { openPostgresStore } from "../src/store/postgres/index.ts";
import { dropSchemas, freshSchema, pgSkipReason } from "../src/store/postgres/test-support.ts";
import type { SaveBatch, Store } from "../src/store/store.ts";

const N = Number(process.argv[2] ?? 100_000);
const URL = process.argv[3] ?? process.env.VOXPOP_TEST_PG ?? "postgres://postgres@127.0.0.1:5432/test";
const BATCH = 500;

// A small deterministic vocabulary: a few very common words, many rare ones.
const COMMON = ["love", "so", "sorry", "for", "your", "loss", "sending", "strength", "family", "prayers"];
const RARE = Array.from({ length: 5000 }, (_, i) => `w${i.toString(36)}x`);
let seed = 42;
const rand = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
const pick = <T>(a: T[]) => a[Math.floor(rand() * a.length)]!;

function post(n: number): CollectedPost {
  const words = Array.from({ length: 8 + Math.floor(rand() * 20) }, () => (rand() < 0.6 ? pick(COMMON) : pick(RARE)));
  return {
    platform: "bluesky", id: `at://did:plc:u${n % 50_000}/app.bsky.feed.post/${n}`, url: null,
    author: { name: `User ${n % 50_000}`, handle: `user${n % 50_000}.bsky.social`, id: `did:plc:u${n % 50_000}`, followers: n % 1000, verified: false },
    createdAt: new Date(Date.UTC(2031, 2, 4) + n * 1000).toISOString(), dateText: null, text: words.join(" "),
    links: [], mentions: [], tags: rand() < 0.1 ? ["Loss"] : [], lang: "en", position: n, inArticle: true,
  };
}

function batchOf(start: number): SaveBatch {
  const posts = Array.from({ length: BATCH }, (_, i) => post(start + i));
  return {
    posts, source: { kind: "bluesky", uri: "jetstream" }, story: "bench",
    raws: posts.map((p) => ({ payload: JSON.stringify({ kind: "commit", id: p.id, text: p.text }), contentType: "application/json" })),
    matches: posts.map(() => ({ role: "reaction" as const, relevance: 0.5, reasons: ["keyword: loss"] })),
    annotations: posts.map((_, i) => ({
      reaction: { version: "b", data: { primary: pick(["support", "condolence", "prayer"]) } },
      emotions: { version: "b", data: { labels: [pick(["love", "sadness", "caring"])] } },
      offensive: { version: "b", data: { label: i % 50 === 0 } },
    })),
    cursor: { source: "bench", cursor: String(start) },
  };
}

async function ingest(store: Store): Promise<number> {
  const t0 = performance.now();
  for (let start = 1; start <= N; start += BATCH) await store.savePosts(batchOf(start));
  return N / ((performance.now() - t0) / 1000);
}

async function searchLatency(store: Store): Promise<{ p50: number; p99: number; hits: number }> {
  const queries = Array.from({ length: 200 }, (_, i) => (i % 3 === 0 ? pick(COMMON) : i % 3 === 1 ? `${pick(COMMON)} ${pick(RARE)}` : `"${pick(COMMON)} ${pick(COMMON)}"`));
  const times: number[] = [];
  let hits = 0;
  for (const q of queries) {
    const t0 = performance.now();
    hits += (await store.search(q, { limit: 20 })).length;
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return { p50: times[Math.floor(times.length * 0.5)]!, p99: times[Math.floor(times.length * 0.99)]!, hits };
}

const dir = mkdtempSync(join(tmpdir(), "voxpop-bench-store-"));
const skip = await pgSkipReason(URL);
const schemas: string[] = [];
try {
  const results: Record<string, { postsPerSecond: number; p50: number; p99: number; hits: number }> = {};
  seed = 42;
  const sqlite = openSqliteStore(join(dir, "bench.db"));
  const sqliteRate = await ingest(sqlite);
  results.sqlite = { postsPerSecond: Math.round(sqliteRate), ...(await searchLatency(sqlite)) };
  await sqlite.close();
  if (skip) {
    console.log(`PostgreSQL skipped: ${skip}`);
  } else {
    seed = 42;
    const schema = freshSchema();
    schemas.push(schema);
    const pg = await openPostgresStore(URL, { schema });
    const pgRate = await ingest(pg);
    results.postgres = { postsPerSecond: Math.round(pgRate), ...(await searchLatency(pg)) };
    await pg.close();
    // Two writers (two processes' pools, as two NATS workers) saving disjoint batches of one story at once.
    seed = 42;
    const schema2 = freshSchema();
    schemas.push(schema2);
    const writers = [await openPostgresStore(URL, { schema: schema2 }), await openPostgresStore(URL, { schema: schema2 })];
    const t0 = performance.now();
    await Promise.all(writers.map(async (w, k) => {
      for (let start = 1 + k * BATCH; start <= N; start += 2 * BATCH) await w.savePosts(batchOf(start));
    }));
    const rate2 = N / ((performance.now() - t0) / 1000);
    results["postgres×2"] = { postsPerSecond: Math.round(rate2), p50: NaN, p99: NaN, hits: 0 };
    await Promise.all(writers.map((w) => w.close()));
  }
  console.log(`store bench: ${N} posts, batches of ${BATCH}`);
  for (const [name, r] of Object.entries(results)) {
    const search = Number.isNaN(r.p50) ? "" : `   search p50 ${r.p50.toFixed(1)} ms  p99 ${r.p99.toFixed(1)} ms  (${r.hits} hits)`;
    console.log(`  ${name.padEnd(10)} savePosts ${String(r.postsPerSecond).padStart(7)} posts/s${search}`);
  }
  if (results.postgres) console.log(`  ratio postgres/sqlite savePosts: ${(results.postgres.postsPerSecond / results.sqlite!.postsPerSecond).toFixed(2)}`);
} finally {
  rmSync(dir, { recursive: true, force: true });
  await dropSchemas(schemas, URL).catch(() => undefined);
}
