// The whole enrichment (every default enricher, in order, as an import runs it) on one core,
// beside vader-sentiment alone on the same texts in the same run. Also how long the models take
// to load and how much room their files take.
import { createRequire } from "node:module";
import { readdirSync, statSync } from "node:fs";
import { performance } from "node:perf_hooks";
import { createPipeline, defaultEnrichers } from "../src/enrich/index.ts";
import { loadTexts } from "./enrich-light.ts";

const vader = createRequire(import.meta.url)("vader-sentiment") as { SentimentIntensityAnalyzer: { polarity_scores(t: string): { compound: number } } };
const MODELS = new URL("../models/", import.meta.url);

export interface WholeEnrichBench {
  source: string;
  posts: number;
  loadMs: number;
  modelBytes: number;
  pipelinePerSecond: number;
  vaderPerSecond: number;
  ratio: number;
}

function bestRate(texts: string[], run: (t: string) => unknown, rounds = 5): number {
  let best = Infinity;
  for (let r = 0; r < rounds; r++) {
    const t0 = performance.now();
    for (const t of texts) run(t);
    best = Math.min(best, performance.now() - t0);
  }
  return texts.length / (best / 1000);
}

export function benchWholeEnrichment(dataDir: string | null, n = 5000): WholeEnrichBench {
  const { source, texts } = loadTexts(dataDir, n);
  const t0 = performance.now();
  const pipeline = createPipeline(defaultEnrichers());
  pipeline.enrich({ text: "warm up: load every model once", platform: "x" });
  const loadMs = performance.now() - t0;
  const modelBytes = readdirSync(MODELS).filter((f) => /\.(bin|json)$/.test(f)).reduce((n, f) => n + statSync(new URL(f, MODELS)).size, 0);
  const context = { subjects: ["someone"] };
  for (const t of texts.slice(0, 500)) pipeline.enrich({ text: t, platform: "x" }, context);
  for (const t of texts.slice(0, 500)) vader.SentimentIntensityAnalyzer.polarity_scores(t);
  const pipelinePerSecond = bestRate(texts, (t) => pipeline.enrich({ text: t, platform: "x" }, context));
  const vaderPerSecond = bestRate(texts, (t) => vader.SentimentIntensityAnalyzer.polarity_scores(t));
  return { source, posts: texts.length, loadMs, modelBytes, pipelinePerSecond, vaderPerSecond, ratio: pipelinePerSecond / vaderPerSecond };
}

export function formatWholeEnrichBench(b: WholeEnrichBench): string {
  return [
    `Whole enrichment on one core, ${b.posts} ${b.source} (best of 5 rounds after a warm-up)`,
    `models: ${(b.modelBytes / 1e6).toFixed(1)} MB on disk, loaded in ${b.loadMs.toFixed(0)} ms`,
    `voxpop enrichment (${defaultEnrichers().map((e) => e.name).join(", ")}): ${Math.round(b.pipelinePerSecond)} posts/s`,
    `vader-sentiment alone: ${Math.round(b.vaderPerSecond)} posts/s`,
    `ratio voxpop/vader: ${b.ratio.toFixed(1)}x`,
  ].join("\n");
}
