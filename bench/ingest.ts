// Ingest throughput: a large recorded Jetstream stream (generated, ≥ 1M realistic events, written
// to a file first) replayed through normalize → story rules → enrich → store (SQLite, a real file)
// on one core, as `voxpop collect` runs it. Printed beside two figures from the same run: the
// Bluesky network's peak rate (~10k events/s) and a bare pass that only reads and JSON-parses
// the same lines (the least any consumer of the stream must do). Peak and sampled memory show
// whether memory stays flat.
import { createReadStream } from "node:fs";
import { mkdtemp, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { createJetstreamSource } from "../src/sources/bluesky/index.ts";
import type { Source, SourceItem } from "../src/sources/index.ts";
import { openSqliteStore } from "../src/store/index.ts";
import { compileRawPrefilter, compileRules, ingestSource, newStats } from "../src/pipeline/index.ts";
import { DedupeIndex, defaultPipeline } from "../src/enrich/index.ts";
import { BENCH_STORY, writeJetstreamEvents } from "./jetstream-gen.ts";

const NETWORK_PEAK_EVENTS_PER_SECOND = 10_000;

export interface IngestBench {
  events: number;
  /** Post events (creates) among them. */
  posts: number;
  fileBytes: number;
  matchingExpected: number;
  stored: number;
  duplicates: number;
  fetched?: number;
  error?: string | null;
  matched?: number;
  unmatched?: number;
  quarantined: number;
  seconds: number;
  eventsPerSecond: number;
  parseOnlyPerSecond: number;
  peakRssMb: number;
  rssSamplesMb: number[];
}

function timeOf(line: string): string | null {
  const m = /"time_us":(\d+)/.exec(line);
  return m ? m[1]! : null;
}

/** The recorded stream as a Source: the file's lines are Jetstream's frames; normalize is Jetstream's own. */
function replaySource(path: string): Source {
  const jetstream = createJetstreamSource({ endpoint: "wss://jetstream.invalid" });
  return {
    name: `replay ${path}`, kind: "bluesky", uri: `file://${path}`, mode: "backfill",
    async *read(_cursor: string | null, signal: AbortSignal): AsyncGenerator<SourceItem> {
      for await (const line of fileLines(path)) {
        if (signal.aborted) break;
        if (line) yield { raw: { payload: line, contentType: "application/json" }, cursor: timeOf(line) };
      }
    },
    normalize: (item) => jetstream.normalize(item),
  };
}

/** Lines of a file read in 4 MB chunks (a WebSocket hands Jetstream frames over as strings the same way). */
async function* fileLines(path: string): AsyncGenerator<string> {
  const decoder = new TextDecoder();
  let rest = "";
  for await (const chunk of createReadStream(path, { highWaterMark: 4 << 20 })) {
    const text = rest + decoder.decode(chunk as Buffer, { stream: true });
    let start = 0;
    for (let nl = text.indexOf("\n"); nl !== -1; nl = text.indexOf("\n", start)) {
      yield text.slice(start, nl);
      start = nl + 1;
    }
    rest = text.slice(start);
  }
  rest += decoder.decode();
  if (rest) yield rest;
}

async function parseOnly(path: string): Promise<number> {
  const t0 = performance.now();
  let n = 0;
  for await (const line of fileLines(path)) if (line) { JSON.parse(line); n++; }
  return n / ((performance.now() - t0) / 1000);
}

export async function benchIngest(events = 1_000_000): Promise<IngestBench> {
  const dir = await mkdtemp(join(tmpdir(), "voxpop-bench-ingest-"));
  try {
    const path = join(dir, "jetstream.jsonl");
    const written = await writeJetstreamEvents(path, events, 42);
    const parseOnlyPerSecond = await parseOnly(path);
    const run = await replayFile(path, join(dir, "bench.db"));
    return { ...run, events: written.events, posts: written.creates, matchingExpected: written.matching, parseOnlyPerSecond };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Replays a recorded file into a new store at `dbPath` (also used alone for profiling). */
export async function replayFile(path: string, dbPath: string): Promise<Omit<IngestBench, "events" | "posts" | "matchingExpected" | "parseOnlyPerSecond">> {
  {
    const fileBytes = (await stat(path)).size;
    const store = openSqliteStore(dbPath);
    const story = "bench";
    await store.ensureStory(story, { subjects: [BENCH_STORY.subject.handle], rules: { keywords: [...BENCH_STORY.keywords], tags: [...BENCH_STORY.hashtags], urls: [...BENCH_STORY.urls] } });
    const rules = {
      subjects: [BENCH_STORY.subject.handle], subjectIds: [BENCH_STORY.subject.did], keywords: [...BENCH_STORY.keywords],
      tags: [...BENCH_STORY.hashtags], urls: [...BENCH_STORY.urls], since: null, until: null, sources: [],
    };
    const matcher = compileRules(rules);
    const prefilter = compileRawPrefilter(rules);
    const pipeline = defaultPipeline();
    pipeline.enrich({ text: "warm up the models", platform: "bluesky" });
    const source = replaySource(path);
    const stats = newStats(source);
    let peak = process.memoryUsage().rss;
    const samples: number[] = [];
    const sampler = setInterval(() => { peak = Math.max(peak, process.memoryUsage().rss); }, 50);
    const quarter = setInterval(() => samples.push(Math.round(process.memoryUsage().rss / 1e6)), 2000);
    const t0 = performance.now();
    await ingestSource(source, {
      store, story, matcher, prefilter, pipeline, dedupe: new DedupeIndex(), enrichContext: { subjects: [BENCH_STORY.subject.handle] }, batchSize: 500,
    }, new AbortController().signal, stats);
    const seconds = (performance.now() - t0) / 1000;
    clearInterval(sampler);
    clearInterval(quarter);
    peak = Math.max(peak, process.memoryUsage().rss);
    await store.close();
    return {
      error: stats.error, fetched: stats.fetched, matched: stats.matched, unmatched: stats.unmatched, fileBytes, stored: stats.stored, duplicates: stats.duplicates, quarantined: stats.quarantined,
      seconds, eventsPerSecond: stats.fetched / seconds, peakRssMb: peak / 1e6, rssSamplesMb: samples,
    };
  }
}

export function formatIngestBench(b: IngestBench): string {
  return [
    `Replayed ${b.events.toLocaleString("en")} Jetstream events (${(b.fileBytes / 1e6).toFixed(0)} MB) through normalize → rules → enrich → store (SQLite) on one core`,
    `stored ${b.stored} posts about the story, ${b.duplicates} seen again (generator: ${b.matchingExpected} matching events), quarantined ${b.quarantined}`,
    `voxpop ingest: ${Math.round(b.eventsPerSecond).toLocaleString("en")} events/s, ${Math.round(b.posts / b.seconds).toLocaleString("en")} posts/s (${b.posts.toLocaleString("en")} post events in ${b.seconds.toFixed(1)} s)`,
    `read + JSON.parse only, same file: ${Math.round(b.parseOnlyPerSecond).toLocaleString("en")} events/s → ingest/parse-only ${(b.eventsPerSecond / b.parseOnlyPerSecond).toFixed(2)}`,
    `Bluesky network peak ~${NETWORK_PEAK_EVENTS_PER_SECOND.toLocaleString("en")} events/s → ingest/peak ${(b.eventsPerSecond / NETWORK_PEAK_EVENTS_PER_SECOND).toFixed(1)}x`,
    `memory: peak RSS ${b.peakRssMb.toFixed(0)} MB; RSS every 2 s (MB): ${b.rssSamplesMb.join(" ")}`,
  ].join("\n");
}
