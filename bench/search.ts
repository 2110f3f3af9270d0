// Search latency on a large store, SQLite beside PostgreSQL: n posts with realistic text (the
// post creates of bench/jetstream-gen.ts's Jetstream stream, normalized by the Jetstream source:
// ten languages, emoji, mentions, hashtags, links, and a few percent about the bench story) are
// written into a SQLite file with savePosts in big batches, then copied into a fresh PostgreSQL
// schema (dropped at the end) with migrateDb, which restores in one transaction (much faster
// than savePosts; VOXPOP_BENCH_SEARCH_PG_LOAD=save loads PostgreSQL through savePosts instead).
// A fixed set of 20 queries (common and rare words, phrases, handles, a prefix, a miss) is run
// RUNS times each after one warm-up, limit 20, all stories; p50/p99 over all runs of all queries.
// n: VOXPOP_BENCH_SEARCH_POSTS (the issue asks ≥ 1 000 000), default 100 000.
//   npx node bench/search.ts [posts]
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import type { CollectedPost } from "../src/core/index.ts";
import { createJetstreamSource } from "../src/sources/bluesky/index.ts";
import { openSqliteStore, type Store } from "../src/store/index.ts";
import { migrateDb } from "../src/store/migrate-db.ts";
import { generateJetstreamEventsDetailed } from "./jetstream-gen.ts";

const STORY = "search-bench";
const RUNS = 5;
const BATCH = 5000;

/** The queries, fixed. The generator's vocabulary is small, so "rare" means rare in this corpus. */
export const SEARCH_QUERIES = [
  // common words (tens of thousands of hits per 100k posts)
  "the", "love", "coffee", "hoje", "gracias",
  // rarer words, several languages
  "Verspätung", "génial", "saudade", "고양이", "ff14",
  // the story, by name, phrase, and handle
  "Lindqvist", "\"Maya Lindqvist\"", "heartbreaking", "\"not alone\"", "mayalindqvist.bsky.social",
  // two words ANDed, a phrase of two common words, a prefix, a hashtag, a word no post has
  "coffee morning", "\"good morning\"", "lindq*", "bookclub", "zyzzyva",
];

export interface SearchBenchRow {
  store: string;
  /** How the store was filled and how long it took. */
  load: string;
  loadSeconds: number;
  p50Ms: number;
  p99Ms: number;
  /** Median per query, in SEARCH_QUERIES order, and how many hits (≤ 20) each returned. */
  perQuery: Array<{ query: string; medianMs: number; hits: number }>;
}

export interface SearchBench { posts: number; runs: number; rows: SearchBenchRow[]; skipped: string | null }

/** n realistic posts (deterministic), in batches. */
function* postBatches(n: number): Generator<CollectedPost[]> {
  const jetstream = createJetstreamSource({ endpoint: "wss://jetstream.invalid" });
  let batch: CollectedPost[] = [];
  let made = 0;
  for (const e of generateJetstreamEventsDetailed(Number.MAX_SAFE_INTEGER, 7)) {
    if (e.kind !== "create") continue;
    for (const post of jetstream.normalize({ raw: { payload: e.line, contentType: "application/json" }, cursor: null }).posts) {
      batch.push(post);
      if (++made === n || batch.length === BATCH) { yield batch; batch = []; }
      if (made === n) return;
    }
  }
}

async function fill(store: Store, n: number): Promise<void> {
  await store.ensureStory(STORY, { subjects: ["mayalindqvist.bsky.social"] });
  let from = 0;
  for (const posts of postBatches(n)) {
    await store.savePosts({
      posts, story: STORY, source: { kind: "bluesky", uri: "jetstream bench" },
      matches: posts.map(() => ({ role: "reaction" as const, relevance: 0.5, reasons: ["bench"] })),
      cursor: { source: "search-bench", cursor: String((from += posts.length)) },
    });
  }
}

async function time(store: Store, runs: number): Promise<Pick<SearchBenchRow, "p50Ms" | "p99Ms" | "perQuery">> {
  const all: number[] = [];
  const perQuery: SearchBenchRow["perQuery"] = [];
  for (const query of SEARCH_QUERIES) {
    let hits = (await store.search(query, { limit: 20 })).length; // warm-up
    const ms: number[] = [];
    for (let i = 0; i < runs; i++) {
      const t = performance.now();
      hits = (await store.search(query, { limit: 20 })).length;
      ms.push(performance.now() - t);
    }
    ms.sort((a, b) => a - b);
    all.push(...ms);
    perQuery.push({ query, medianMs: ms[Math.floor(ms.length / 2)]!, hits });
  }
  all.sort((a, b) => a - b);
  const at = (q: number) => all[Math.min(all.length - 1, Math.ceil(all.length * q) - 1)]!;
  return { p50Ms: at(0.5), p99Ms: at(0.99), perQuery };
}

export async function benchSearch(n = Number(process.env.VOXPOP_BENCH_SEARCH_POSTS ?? 100_000), options: { pg?: string; runs?: number; pgLoad?: "copy" | "save" } = {}): Promise<SearchBench> {
  const runs = options.runs ?? RUNS;
  const pgUrl = options.pg ?? process.env.VOXPOP_BENCH_PG ?? "postgres://postgres@127.0.0.1:5432/test";
  const pgLoad = options.pgLoad ?? (process.env.VOXPOP_BENCH_SEARCH_PG_LOAD === "save" ? "save" : "copy");
  const { dropSchemas, freshSchema, pgSkipReason } = await import("../src/store/postgres/test-support.ts");
  const dir = await mkdtemp(join(tmpdir(), "voxpop-bench-search-"));
  const schemas: string[] = [];
  const rows: SearchBenchRow[] = [];
  try {
    const sqlite = openSqliteStore(join(dir, "search.db"));
    let t0 = performance.now();
    await fill(sqlite, n);
    const sqliteLoad = (performance.now() - t0) / 1000;
    rows.push({ store: "SQLite (FTS5)", load: `savePosts, batches of ${BATCH}`, loadSeconds: sqliteLoad, ...(await time(sqlite, runs)) });

    const skipped = await pgSkipReason(pgUrl);
    if (!skipped) {
      const { openPostgresStore } = await import("../src/store/postgres/index.ts");
      const schema = freshSchema();
      schemas.push(schema);
      const pg = await openPostgresStore(pgUrl, { schema });
      try {
        t0 = performance.now();
        if (pgLoad === "copy") await migrateDb(sqlite, pg);
        else await fill(pg, n);
        // Fresh planner statistics, as autovacuum would gather shortly after such a load.
        await pg.pool.query("ANALYZE");
        const pgSeconds = (performance.now() - t0) / 1000;
        rows.push({
          store: "PostgreSQL (tsvector + GIN)", load: pgLoad === "copy" ? "migrateDb from the SQLite file, then ANALYZE" : `savePosts, batches of ${BATCH}, then ANALYZE`,
          loadSeconds: pgSeconds, ...(await time(pg, runs)),
        });
      } finally {
        await pg.close();
      }
    }
    await sqlite.close();
    return { posts: n, runs, rows, skipped: skipped ? `PostgreSQL skipped: ${skipped}` : null };
  } finally {
    await dropSchemas(schemas, pgUrl).catch(() => undefined);
    await rm(dir, { recursive: true, force: true });
  }
}

export function formatSearchBench(b: SearchBench): string {
  const lines = [`Search on a store of ${b.posts.toLocaleString("en")} posts (Jetstream-generated text), ${SEARCH_QUERIES.length} queries × ${b.runs} runs, limit 20:`];
  for (const r of b.rows) {
    lines.push(`${r.store.padEnd(28)} p50 ${r.p50Ms.toFixed(2).padStart(7)} ms  p99 ${r.p99Ms.toFixed(2).padStart(8)} ms   (loaded in ${r.loadSeconds.toFixed(1)} s: ${r.load})`);
  }
  if (b.skipped) lines.push(b.skipped);
  lines.push("", `| query | ${b.rows.map((r) => `${r.store.split(" ")[0]} median ms (hits)`).join(" | ")} |`, `|---|${b.rows.map(() => "---:").join("|")}|`);
  SEARCH_QUERIES.forEach((q, i) => {
    lines.push(`| ${q} | ${b.rows.map((r) => `${r.perQuery[i]!.medianMs.toFixed(2)} (${r.perQuery[i]!.hits})`).join(" | ")} |`);
  });
  return lines.join("\n");
}

if (import.meta.main) {
  const n = process.argv[2] ? Number(process.argv[2]) : undefined;
  console.log(formatSearchBench(await benchSearch(n)));
}
