// Inference speed of voxpop's emotion and toxicity models: posts/s on one core over a few thousand
// texts, one featurisation shared by the emotion, offensive and hate models (as in the pipeline).
// Texts come from the shared data when present (TweetEval + GoEmotions dev), else generated
// fictional sentences. Runnable alone: npx node bench/enrich-models.ts [data dir]
import { existsSync, readFileSync, statSync, readdirSync } from "node:fs";
import { resolve, join } from "node:path";
import { fileURLToPath } from "node:url";
import { MODELS_DIR, committedModel, committedLexicon, voxpopFeaturize } from "../src/enrich/ml/index.ts";
import { emotionEnricher } from "../src/enrich/emotion/index.ts";
import { offensiveEnricher, hateEnricher } from "../src/enrich/toxicity/index.ts";

export interface ModelsBench {
  texts: number;
  source: string;
  loadMs: number;
  modelBytes: number;
  featurizePerSec: number;
  
  enrichersPerSec: number;
}

function sampleTexts(dataDir: string | null, n: number): { texts: string[]; source: string } {
  const out: string[] = [];
  if (dataDir) {
    const files = [join(dataDir, "tweeteval/offensive/val_text.txt"), join(dataDir, "tweeteval/hate/val_text.txt"), join(dataDir, "goemotions/dev.tsv")];
    for (const f of files) if (existsSync(f)) for (const l of readFileSync(f, "utf8").split("\n")) if (l) out.push(l.split("\t")[0]!);
    if (out.length > 0) return { texts: out.slice(0, n), source: dataDir };
  }
  const a = ["What a", "Honestly this is", "I can't believe how", "So proud of this", "Nobody asked for this"];
  const b = ["wonderful", "terrible", "boring", "brave", "ridiculous", "kind"];
  const c = ["news!", "story.", "team 😂", "decision?", "day ❤️", "moment #blessed"];
  for (let i = 0; i < n; i++) out.push(`${a[i % 5]} ${b[(i * 7) % 6]} ${c[(i * 11) % 6]} @someone ${i}`);
  return { texts: out, source: "generated" };
}

/** Posts per CPU-second, best of `rounds` (CPU time: steadier than wall time on a shared machine). */
function rate(texts: string[], fn: (t: string) => void, rounds = 5): number {
  let best = Infinity;
  for (let r = 0; r < rounds; r++) {
    const c0 = process.cpuUsage();
    for (const t of texts) fn(t);
    const c = process.cpuUsage(c0);
    best = Math.min(best, (c.user + c.system) / 1e6);
  }
  return texts.length / best;
}

export function benchEnrichModels(dataDir: string | null, n = 5000): ModelsBench {
  const { texts, source } = sampleTexts(dataDir, n);
  const t0 = performance.now();
  const models = ["goemotions", "offensive", "hate", "tweeteval-emotion"].map(committedModel);
  if (models[0]!.header.features.lexicon) committedLexicon(models[0]!.header.features.lexicon);
  const loadMs = performance.now() - t0;
  const modelBytes = readdirSync(MODELS_DIR).filter((f) => f.endsWith(".bin") || f.endsWith(".json")).reduce((s, f) => s + statSync(join(MODELS_DIR, f)).size, 0);
  const cfg = models[0]!.header.features;
  for (const t of texts) voxpopFeaturize(t, cfg); // warm the JIT and the profanity memo
  const featurizePerSec = rate(texts, (t) => voxpopFeaturize(t, cfg));
  const input = { platform: null, text: "" };
  const enrichersPerSec = rate(texts, (t) => {
    input.text = t;
    emotionEnricher.enrich(input, {}, {});
    offensiveEnricher.enrich(input, {}, {});
    hateEnricher.enrich(input, {}, {});
  });
  return { texts: texts.length, source, loadMs, modelBytes, featurizePerSec, enrichersPerSec };
}

export function formatEnrichModelsBench(b: ModelsBench): string {
  return [
    `texts: ${b.texts} (${b.source}); one core, posts per CPU-second, best of 5 rounds`,
    `load all models and the lexicon (first load in this process): ${b.loadMs.toFixed(0)} ms; model files: ${(b.modelBytes / 1e6).toFixed(1)} MB`,
    `featurize (shared by all models, with the profanity lexicon cue): ${Math.round(b.featurizePerSec).toLocaleString("en")} posts/s`,
    `emotion + offensive + hate enrichers (one featurisation): ${Math.round(b.enrichersPerSec).toLocaleString("en")} posts/s`,
  ].join("\n");
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const given = process.argv.slice(2).find((a) => !a.startsWith("-")) ?? process.env.VOXPOP_DATA ?? "../shared/data";
  const dir = resolve(given);
  console.log(formatEnrichModelsBench(benchEnrichModels(existsSync(dir) ? dir : null)));
}
