// The whole enrichment (every default enricher, in order, as an import runs it) on one core,
// beside vader-sentiment alone on the same texts in the same run. Also how long the models take
// to load and how much room their files take.
//
// The emotion and abuse models keep each distinct word's partial sums in a cache (src/enrich/ml/
// scorer.ts), as a long-running import does. So that the figure is not flattered by texts the
// cache has already seen, every measured round runs on texts new to the process: a warm-up slice
// first, then one fresh slice per round, each timed for voxpop and for vader-sentiment in turn
// (alternating which goes first).
import { createRequire } from "node:module";
import { existsSync, readFileSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { createPipeline, defaultEnrichers } from "../src/enrich/index.ts";
import { loadTexts } from "./enrich-light.ts";

const vader = createRequire(import.meta.url)("vader-sentiment") as { SentimentIntensityAnalyzer: { polarity_scores(t: string): { compound: number } } };
const MODELS = new URL("../models/", import.meta.url);

export interface WholeEnrichBench {
  source: string;
  /** Posts per measured round (each round's texts are new to the process). */
  posts: number;
  rounds: number;
  loadMs: number;
  modelBytes: number;
  /** Over all measured rounds: posts / seconds. */
  pipelinePerSecond: number;
  vaderPerSecond: number;
  ratio: number;
  /** The ratio of each round (same texts for both). */
  roundRatios: number[];
}

/** Short real posts: every TweetEval text (tweets) and the GoEmotions texts (Reddit comments). */
function realPosts(dataDir: string): string[] {
  const lines = (f: string) => (existsSync(f) ? readFileSync(f, "utf8").split("\n").filter((l) => l.trim()) : []);
  const out: string[] = [];
  for (const task of ["offensive", "hate", "emotion"]) for (const split of ["train", "val", "test"]) out.push(...lines(join(dataDir, "tweeteval", task, `${split}_text.txt`)));
  for (const split of ["train", "dev"]) out.push(...lines(join(dataDir, "goemotions", `${split}.tsv`)).map((l) => l.split("\t")[0]!));
  return out;
}

export function benchWholeEnrichment(dataDir: string | null, perRound = 8000, rounds = 8): WholeEnrichBench {
  const want = perRound * (rounds + 1);
  const real = dataDir ? realPosts(dataDir) : [];
  const loaded = real.length >= want ? { source: "TweetEval and GoEmotions texts", texts: real } : loadTexts(null, want);
  const source = loaded.source;
  // Posts reach the enrichment as strings from JSON.parse (payloads); lines split from one file
  // are slices of it instead, which read slower. Both sides get the same parsed strings.
  const texts = loaded.texts.map((t) => JSON.parse(JSON.stringify(t)) as string);
  const t0 = performance.now();
  const pipeline = createPipeline(defaultEnrichers());
  pipeline.enrich({ text: "warm up: load every model once", platform: "x" });
  const loadMs = performance.now() - t0;
  const modelBytes = readdirSync(MODELS).filter((f) => /\.(bin|json)$/.test(f)).reduce((n, f) => n + statSync(new URL(f, MODELS)).size, 0);
  const context = { subjects: ["someone"] };
  // every (rounds+1)-th text, so each round mixes the datasets alike
  const slice = (r: number) => texts.filter((_, i) => i % (rounds + 1) === r).slice(0, perRound);
  const time = (batch: string[], run: (t: string) => unknown) => {
    const start = performance.now();
    for (const t of batch) run(t);
    return (performance.now() - start) / 1000;
  };
  const enrich = (t: string) => pipeline.enrich({ text: t, platform: "x" }, context);
  const score = (t: string) => vader.SentimentIntensityAnalyzer.polarity_scores(t);
  // warm-up: the JIT settles over a few passes (the same texts each time; the measured rounds
  // then run on other texts)
  for (let w = 0; w < 3; w++) {
    time(slice(0), enrich);
    time(slice(0), score);
  }
  let ours = 0, theirs = 0, n = 0;
  const roundRatios: number[] = [];
  for (let r = 1; r <= rounds; r++) {
    const batch = slice(r);
    // which side goes first alternates: the second reads texts the first has just brought in
    let a: number, b: number;
    if (r % 2 === 1) { a = time(batch, enrich); b = time(batch, score); }
    else { b = time(batch, score); a = time(batch, enrich); }
    ours += a;
    theirs += b;
    n += batch.length;
    roundRatios.push(b / a); if (process.env.RDBG) console.log(r, (a*1000).toFixed(0), (b*1000).toFixed(0));
  }
  const pipelinePerSecond = n / ours;
  const vaderPerSecond = n / theirs;
  return { source, posts: perRound, rounds, loadMs, modelBytes, pipelinePerSecond, vaderPerSecond, ratio: pipelinePerSecond / vaderPerSecond, roundRatios };
}

export function formatWholeEnrichBench(b: WholeEnrichBench): string {
  return [
    `Whole enrichment on one core: ${b.rounds} rounds of ${b.posts} ${b.source}, each round on texts new to the process (after a warm-up round)`,
    `models: ${(b.modelBytes / 1e6).toFixed(1)} MB on disk, loaded in ${b.loadMs.toFixed(0)} ms`,
    `voxpop enrichment (${defaultEnrichers().map((e) => e.name).join(", ")}): ${Math.round(b.pipelinePerSecond)} posts/s`,
    `vader-sentiment alone: ${Math.round(b.vaderPerSecond)} posts/s`,
    `ratio voxpop/vader: ${b.ratio.toFixed(1)}x (per round: ${b.roundRatios.map((r) => r.toFixed(1)).join(", ")})`,
  ].join("\n");
}

if (import.meta.main) {
  const { dataDir } = await import("../eval/data-dir.ts");
  console.log(formatWholeEnrichBench(benchWholeEnrichment(dataDir())));
}
