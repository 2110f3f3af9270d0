// A large synthetic story for the feed: buildFeedStore(path, n) writes n fictional posts (with
// enrichment, so every filter has something to find, and a few hundred editor decisions) into
// a SQLite store through savePosts in batches, as a collector would. The HTTP load bench reuses
// it; run directly, it prints the store's query latencies on that story (no targets asserted):
//   npx node bench/feed-store.ts [posts=100000] [db file]

import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { openSqliteStore } from "../src/store/index.ts";
import type { CollectedPost, Platform } from "../src/core/index.ts";
import type { PostAnnotations, PostQuery, Store, StoryMatch } from "../src/store/index.ts";

export const FEED_STORY = "feed-bench";
const SUBJECT = "subject.example";
const PLATFORMS: Platform[] = ["bluesky", "bluesky", "mastodon", "x"];
const REACTIONS = ["condolence", "support", "prayer", "praise", "defense", "criticism", "personal", "information", "humor", "other"];
const EMOTIONS = ["admiration", "caring", "sadness", "grief", "love", "gratitude", "anger", "disapproval", "optimism", "neutral"];
const LANGS = ["en", "en", "en", "en", "es", "fr", "de", "pt"];
const WORDS = ("so sorry for your loss sending love and strength to the whole family this is heartbreaking news prayers " +
  "thank you for sharing such a personal story it helps others feel less alone people should be kinder online " +
  "the statistics show one in four pregnancies end this way what a brave thing to say publicly verdict court").split(" ");
const START = Date.parse("2031-03-04T00:00:00Z");
const SPAN = 3 * 86_400_000;

/** A small deterministic PRNG (mulberry32), so every build is the same story. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface FeedStoreInfo {
  story: string;
  posts: number;
  decisions: number;
  /** Milliseconds spent writing. */
  ms: number;
}

/** Writes the story into the store at `path` (created if missing) and closes it. */
export async function buildFeedStore(path: string, n: number, options: { batch?: number; seed?: number } = {}): Promise<FeedStoreInfo> {
  const batchSize = options.batch ?? 1000;
  const rand = rng(options.seed ?? 5);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)]!;
  const started = performance.now();
  const store = openSqliteStore(path);
  try {
    await store.ensureStory(FEED_STORY, { title: "A large fictional story", subjects: [SUBJECT] });
    for (let from = 0; from < n; from += batchSize) {
      const posts: CollectedPost[] = [];
      const annotations: PostAnnotations[] = [];
      const matches: StoryMatch[] = [];
      for (let i = from; i < Math.min(n, from + batchSize); i++) {
        const subject = rand() < 0.01;
        const handle = subject ? SUBJECT : `person${Math.floor(rand() * 5000)}.example`;
        const words = Array.from({ length: 8 + Math.floor(rand() * 25) }, () => pick(WORDS));
        const created = new Date(START + Math.floor((i / n) * SPAN + rand() * 3_600_000)).toISOString();
        const platform = pick(PLATFORMS);
        posts.push({
          platform, id: `feed-${i}`, url: `https://${platform}.example/post/${i}`,
          author: { name: `Person ${handle}`, handle }, createdAt: created, dateText: null,
          text: words.join(" "), links: [], mentions: [], position: i - from + 1, inArticle: true,
        });
        const primary = subject ? null : pick(REACTIONS);
        const emotions = rand() < 0.7 ? [pick(EMOTIONS)] : rand() < 0.5 ? [pick(EMOTIONS), pick(EMOTIONS)] : [];
        annotations.push({
          lang: { version: "bench", data: { lang: pick(LANGS), confidence: 0.9, source: "detector" } },
          reaction: { version: "bench", data: { role: subject ? "subject" : "reaction", primary, labels: primary ? [primary] : [], scores: {} } },
          emotions: { version: "bench", data: { labels: [...new Set(emotions)], scores: {}, ekman: [], sentimentGroups: [] } },
          offensive: { version: "bench", data: { label: rand() < 0.03, score: rand() } },
          hate: { version: "bench", data: { label: rand() < 0.01, score: rand() } },
          notability: { version: "bench", data: { score: Math.round(rand() ** 3 * 1000) / 1000, reasons: [] } },
        });
        matches.push({ role: subject ? "subject" : "reaction", relevance: Math.round(rand() * 1000) / 1000, reasons: ["keyword: bench"] });
      }
      await store.savePosts({
        posts, annotations, matches, story: FEED_STORY,
        source: { kind: "bench", uri: `bench:feed/${from}` }, collectedAt: new Date(START + SPAN).toISOString(),
      });
    }
    // An editor's morning: a few hundred decisions spread over the story.
    let decisions = 0;
    const refs = await sampleRefs(store, Math.min(n, 300), rand);
    for (const [k, post] of refs.entries()) {
      await store.appendDecision(FEED_STORY, { action: k % 5 === 4 ? "exclude" : "include", post, actor: "bench" });
      decisions++;
      if (k % 10 === 0) { await store.appendDecision(FEED_STORY, { action: "pin", post, actor: "bench" }); decisions++; }
      if (k % 3 === 0 && k > 0) {
        await store.appendDecision(FEED_STORY, { action: "move", post, value: { before: refs[k - 1]! }, actor: "bench" });
        decisions++;
      }
    }
    return { story: FEED_STORY, posts: n, decisions, ms: performance.now() - started };
  } finally {
    await store.close();
  }
}

/** Post refs spread over the story (read back, so their platforms are right). */
async function sampleRefs(store: Store, count: number, rand: () => number): Promise<Array<{ platform: Platform; id: string }>> {
  const out: Array<{ platform: Platform; id: string }> = [];
  const after = await store.postsAfter(FEED_STORY, 0, 1);
  if (after.length === 0) return out;
  const total = (await store.getStory(FEED_STORY))!.postCount;
  const seen = new Set<number>();
  while (out.length < count && seen.size < total) {
    const position = 1 + Math.floor(rand() * total);
    if (seen.has(position)) continue;
    seen.add(position);
    const [p] = await store.postsAfter(FEED_STORY, position - 1, 1);
    if (p) out.push({ platform: p.platform, id: p.id });
  }
  return out;
}

export interface LatencyRow { name: string; runs: number; medianMs: number; p99Ms: number; rows: number }

/** Times the store's feed calls on the built story (each run `runs` times after one warm-up). */
export async function benchFeedQueries(path: string, runs = 30): Promise<LatencyRow[]> {
  const store = openSqliteStore(path);
  try {
    const out: LatencyRow[] = [];
    const time = async (name: string, fn: () => Promise<number>) => {
      let rows = await fn();
      const ms: number[] = [];
      for (let i = 0; i < runs; i++) {
        const t = performance.now();
        rows = await fn();
        ms.push(performance.now() - t);
      }
      ms.sort((a, b) => a - b);
      out.push({ name, runs, medianMs: ms[Math.floor(ms.length / 2)]!, p99Ms: ms[Math.min(ms.length - 1, Math.ceil(ms.length * 0.99) - 1)]!, rows });
    };
    const page = async (q: PostQuery) => (await store.queryPosts(FEED_STORY, q)).posts.length;
    const first = await store.queryPosts(FEED_STORY, {});
    const tenth = await (async () => {
      let c = first.nextCursor;
      for (let i = 0; i < 9 && c; i++) c = (await store.queryPosts(FEED_STORY, { cursor: c })).nextCursor;
      return c;
    })();
    await time("default (position, abuse hidden, limit 50)", () => page({}));
    await time("default, 11th page by cursor", () => page({ cursor: tenth }));
    await time("sort newest", () => page({ sort: "newest" }));
    await time("sort notability", () => page({ sort: "notability" }));
    await time("sort curated", () => page({ sort: "curated" }));
    await time("status included, curated", () => page({ status: "included", sort: "curated" }));
    await time("reaction support|praise", () => page({ reaction: ["support", "praise"] }));
    await time("emotion grief", () => page({ emotion: ["grief"] }));
    await time("lang es + minNotability 0.5", () => page({ lang: ["es"], minNotability: 0.5 }));
    await time("platform mastodon, role subject", () => page({ platform: ["mastodon"], role: "subject" }));
    await time("since/until one day", () => page({ since: "2031-03-05T00:00:00Z", until: "2031-03-05T23:59:59Z" }));
    await time("abuse only", () => page({ abuse: "only" }));
    await time("q \"loss\" by relevance", () => page({ q: "loss", sort: "relevance" }));
    await time("q \"court verdict\"", () => page({ q: "court verdict" }));
    await time("limit 500", () => page({ limit: 500 }));
    const story = (await store.getStory(FEED_STORY))!;
    await time("postsAfter (last 50)", async () => (await store.postsAfter(FEED_STORY, story.postCount - 50, 50)).length);
    await time("storyStats", async () => (await store.storyStats(FEED_STORY)).timeline.length);
    await time("listDecisions", async () => (await store.listDecisions(FEED_STORY)).length);
    return out;
  } finally {
    await store.close();
  }
}

export function formatFeedBench(info: FeedStoreInfo, rows: LatencyRow[]): string {
  const lines = [`story of ${info.posts} posts and ${info.decisions} decisions written in ${(info.ms / 1000).toFixed(1)} s`, "",
    "| query | median ms | p99 ms | rows |", "|---|---:|---:|---:|"];
  for (const r of rows) lines.push(`| ${r.name} | ${r.medianMs.toFixed(2)} | ${r.p99Ms.toFixed(2)} | ${r.rows} |`);
  return lines.join("\n");
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const n = Number(process.argv[2] ?? 100_000);
  const dir = process.argv[3] ? null : mkdtempSync(join(tmpdir(), "voxpop-feed-"));
  const path = process.argv[3] ?? join(dir!, "feed.db");
  try {
    const info = await buildFeedStore(path, n);
    console.log(formatFeedBench(info, await benchFeedQueries(path)));
  } finally {
    if (dir) rmSync(dir, { recursive: true, force: true });
  }
}
