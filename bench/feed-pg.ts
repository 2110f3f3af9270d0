// The feed on PostgreSQL beside SQLite: builds bench/feed-store.ts's synthetic story (n posts
// with enrichment and a few hundred editor decisions) in SQLite, copies it into a fresh
// PostgreSQL schema through the Store interface (savePosts in batches, the decisions replayed
// with appendDecision), and times the same feed calls on both stores, in the same process, one
// after the other (no targets asserted). The schema is dropped afterwards.
//   npx node bench/feed-pg.ts [posts=100000] [postgres URL, default $VOXPOP_PG_URL or postgres://postgres@127.0.0.1:5432/test]

import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { openSqliteStore } from "../src/store/index.ts";
import type { CollectedPost } from "../src/core/index.ts";
import type { PostQuery, Store } from "../src/store/index.ts";
import { openPostgresStore } from "../src/store/postgres/index.ts";
import { buildFeedStore, FEED_STORY } from "./feed-store.ts";

const RUNS = 30;

/** Copies the feed story from one store into another, keeping positions and decisions. */
export async function copyStory(from: Store, to: Store): Promise<void> {
  const story = (await from.getStory(FEED_STORY))!;
  await to.ensureStory(FEED_STORY, { title: story.title ?? undefined, subjects: story.subjects });
  const posts = await from.storyPosts(FEED_STORY);
  for (let i = 0; i < posts.length; i += 1000) {
    const batch = posts.slice(i, i + 1000);
    const prov = batch[0]!.provenance[0]!;
    await to.savePosts({
      posts: batch.map((p, k): CollectedPost => ({
        platform: p.platform, id: p.id, url: p.url, author: { name: p.author.name, handle: p.author.handle },
        createdAt: p.createdAt, dateText: p.dateText, text: p.text ?? "", links: p.links, mentions: p.mentions,
        position: k + 1, inArticle: true,
      })),
      annotations: batch.map((p) => p.annotations),
      matches: batch.map((p) => ({ role: p.role, relevance: p.relevance ?? 0, reasons: p.matched })),
      story: FEED_STORY, source: { kind: prov.sourceKind, uri: prov.sourceUri }, collectedAt: prov.collectedAt,
    });
  }
  for (const d of await from.listDecisions(FEED_STORY)) {
    const v = d.value as Record<string, unknown> | null;
    // A move is replayed as it was asked ({before} or {after}); the store resolves the rank again.
    const value = d.action === "move" && v && ("before" in v || "after" in v)
      ? ("before" in v ? { before: v.before } : { after: v.after }) : v;
    await to.appendDecision(FEED_STORY, { action: d.action, post: d.post, value, actor: d.actor });
  }
}

export interface Row { name: string; ms: number[]; rows: number }

export async function timeQueries(store: Store): Promise<Row[]> {
  const out: Row[] = [];
  const time = async (name: string, fn: () => Promise<number>) => {
    let rows = await fn();
    const ms: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const t = performance.now();
      rows = await fn();
      ms.push(performance.now() - t);
    }
    out.push({ name, ms: ms.sort((a, b) => a - b), rows });
  };
  const page = async (q: PostQuery) => (await store.queryPosts(FEED_STORY, q)).posts.length;
  let tenth = (await store.queryPosts(FEED_STORY, {})).nextCursor;
  for (let i = 0; i < 9 && tenth; i++) tenth = (await store.queryPosts(FEED_STORY, { cursor: tenth })).nextCursor;
  await time("default (position, abuse hidden, limit 50)", () => page({}));
  await time("default, 11th page by cursor", () => page({ cursor: tenth }));
  await time("sort newest", () => page({ sort: "newest" }));
  await time("sort notability", () => page({ sort: "notability" }));
  await time("sort curated", () => page({ sort: "curated" }));
  await time("status included, curated", () => page({ status: "included", sort: "curated" }));
  await time("reaction support|praise", () => page({ reaction: ["support", "praise"] }));
  await time("emotion grief", () => page({ emotion: ["grief"] }));
  await time("lang es + minNotability 0.5", () => page({ lang: ["es"], minNotability: 0.5 }));
  await time("since/until one day", () => page({ since: "2031-03-05T00:00:00Z", until: "2031-03-05T23:59:59Z" }));
  await time("abuse only", () => page({ abuse: "only" }));
  await time("q \"loss\" by relevance", () => page({ q: "loss", sort: "relevance" }));
  await time("q \"court verdict\"", () => page({ q: "court verdict" }));
  const last = (await store.getStory(FEED_STORY))!.postCount;
  await time("postsAfter (last 50)", async () => (await store.postsAfter(FEED_STORY, last - 50, 50)).length);
  await time("storyStats", async () => (await store.storyStats(FEED_STORY)).timeline.length);
  await time("listDecisions", async () => (await store.listDecisions(FEED_STORY)).length);
  await time("appendDecision (include)", async () => {
    const [p] = await store.postsAfter(FEED_STORY, Math.floor(last / 2), 1);
    await store.appendDecision(FEED_STORY, { action: "include", post: { platform: p!.platform, id: p!.id } });
    return 1;
  });
  return out;
}

export const pct = (ms: number[], p: number) => ms[Math.min(ms.length - 1, Math.ceil(ms.length * p) - 1)]!;

async function main(n: number, url: string): Promise<void> {
  const schema = `voxpop_feed_bench_${process.pid}`;
  const dir = mkdtempSync(join(tmpdir(), "voxpop-feed-pg-"));
  const admin = new pg.Pool({ connectionString: url, max: 1 });
  try {
    const info = await buildFeedStore(join(dir, "feed.db"), n);
    console.log(`SQLite: story of ${info.posts} posts and ${info.decisions} decisions written in ${(info.ms / 1000).toFixed(1)} s`);
    const sqlite = openSqliteStore(join(dir, "feed.db"));
    const postgres = await openPostgresStore(url, { schema });
    try {
      const t = performance.now();
      await copyStory(sqlite, postgres);
      console.log(`PostgreSQL: the same story copied in ${((performance.now() - t) / 1000).toFixed(1)} s`);
      // What autovacuum would do soon after a bulk load: statistics, and the visibility map that
      // lets the counts read the indexes alone.
      await admin.query(`SET search_path = ${schema}`);
      await admin.query("VACUUM ANALYZE");
      const a = await timeQueries(sqlite);
      const b = await timeQueries(postgres);
      console.log(`\n${RUNS} runs each after one warm-up; ms\n`);
      console.log("| query | SQLite p50 | SQLite p99 | PostgreSQL p50 | PostgreSQL p99 | rows |");
      console.log("|---|---:|---:|---:|---:|---:|");
      for (const [i, r] of a.entries()) {
        const s = b[i]!;
        console.log(`| ${r.name} | ${pct(r.ms, 0.5).toFixed(2)} | ${pct(r.ms, 0.99).toFixed(2)} | ${pct(s.ms, 0.5).toFixed(2)} | ${pct(s.ms, 0.99).toFixed(2)} | ${r.rows === s.rows ? r.rows : `${r.rows} / ${s.rows}`} |`);
      }
    } finally {
      await sqlite.close();
      await postgres.close();
    }
  } finally {
    await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`).catch(() => undefined);
    await admin.end();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await main(Number(process.argv[2] ?? 100_000), process.argv[3] ?? process.env.VOXPOP_PG_URL ?? "postgres://postgres@127.0.0.1:5432/test");
}
