// Validation figures of voxpop's committed emotion and toxicity models beside the published test
// figures. The shared data has no test split, and thresholds were tuned on these same dev/val rows,
// so "tuned" figures are optimistic; the "cross-tuned" column re-tunes thresholds on one half of
// the rows and scores the other (2-fold), a fairer estimate. Runnable alone:
//   npx node eval/models.ts [data dir]   (else $VOXPOP_DATA, else ../shared/data)
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { RegExpMatcher, englishDataset, englishRecommendedTransformers } from "obscenity";
import { committedModel, sharedFeatures, modelPredict, macroF1, macroF1Classes, applyThresholds, tuneMacroThreshold, type Model } from "../src/enrich/ml/index.ts";
import { EKMAN, SENTIMENT, groupMultiHot, groupScores } from "../src/enrich/emotion/groups.ts";
import { loadGoEmotions, loadTweetEval, hasGoEmotions, hasTweetEval } from "../train/data.ts";
import { tunedF1 } from "../train/common.ts";
import { columns, widenGold, argmax } from "../train/tasks.ts";
import { sharedDataPath } from "./data-dir.ts";

export interface Figure { task: string; metric: string; shipped: number; crossTuned: number | null; published: string; note?: string }
export interface ModelsReport { dataDir: string; skipped: string[]; figures: Figure[]; versions: Record<string, string> }

function scoresOf(model: Model, texts: string[]): Float32Array {
  const k = model.header.k;
  const out = new Float32Array(texts.length * k);
  const buf = new Float32Array(k);
  texts.forEach((t, i) => out.set(modelPredict(model, sharedFeatures(t), buf), i * k));
  return out;
}

function binaryCross(s: Float32Array, y: number[], rule?: boolean[]): number {
  const pred: number[] = new Array(y.length).fill(0);
  for (const p of [0, 1]) {
    const tune = y.map((_, i) => i).filter((i) => i % 2 === p);
    const th = tuneMacroThreshold(tune.map((i) => s[i]!), tune.map((i) => y[i]!)).threshold;
    for (let i = 0; i < y.length; i++) if (i % 2 !== p) pred[i] = s[i]! >= th || (rule?.[i] ?? false) ? 1 : 0;
  }
  return macroF1Classes(y, pred, 2);
}

export async function evaluateModels(dataDir: string): Promise<ModelsReport> {
  const figures: Figure[] = [];
  const skipped: string[] = [];
  const versions: Record<string, string> = {};
  if (hasGoEmotions(dataDir)) {
    const m = committedModel("goemotions");
    versions.goemotions = m.header.version;
    const dv = loadGoEmotions(dataDir, "dev");
    const s = scoresOf(m, dv.texts);
    const k = m.header.k;
    const gold = widenGold(dv.y);
    const pred = applyThresholds(s, m.header.thresholds, k);
    const part = (from: number, width: number) => ({
      shipped: macroF1(columns(gold, k, from, width) as Uint8Array, columns(pred, k, from, width) as Uint8Array, width),
      crossTuned: tunedF1(columns(s, k, from, width) as Float32Array, columns(gold, k, from, width) as Uint8Array, width).crossTuned,
    });
    figures.push({ task: "GoEmotions dev, 28 labels", metric: "macro-F1", ...part(0, 28), published: "BERT 0.46 (test)" });
    figures.push({ task: "GoEmotions dev, Ekman 6 + neutral", metric: "macro-F1", ...part(28, 7), published: "BERT 0.64 (test)" });
    figures.push({ task: "GoEmotions dev, sentiment 3 + neutral", metric: "macro-F1", ...part(35, 4), published: "BERT 0.69 (test)" });
    // Reference: groups derived from the 28 label heads (highest member probability) instead.
    const s28 = columns(s, k, 0, 28) as Float32Array;
    const ek = tunedF1(groupScores(s28, EKMAN), groupMultiHot(dv.y, EKMAN), 7);
    const se = tunedF1(groupScores(s28, SENTIMENT), groupMultiHot(dv.y, SENTIMENT), 4);
    figures.push({ task: "  (Ekman from the 28 heads, not shipped)", metric: "macro-F1", shipped: ek.tuned, crossTuned: ek.crossTuned, published: "" });
    figures.push({ task: "  (sentiment from the 28 heads, not shipped)", metric: "macro-F1", shipped: se.tuned, crossTuned: se.crossTuned, published: "" });
  } else skipped.push("goemotions (no goemotions/dev.tsv)");

  const matcher = new RegExpMatcher({ ...englishDataset.build(), ...englishRecommendedTransformers });
  const bars: Record<string, string> = { offensive: "BERTweet 79.5, RoBERTa 79.5, FastText 73.4 (test)", hate: "BERTweet 56.4, RoBERTa 46.6, FastText 50.6 (test)" };
  for (const task of ["offensive", "hate"] as const) {
    if (!hasTweetEval(dataDir, task)) { skipped.push(`tweeteval ${task} (no tweeteval/${task})`); continue; }
    const m = committedModel(task);
    versions[task] = m.header.version;
    const va = loadTweetEval(dataDir, task, "val");
    const s = scoresOf(m, va.texts);
    const th = m.header.thresholds[0]!;
    const shipped = macroF1Classes(va.y, Array.from(s, (p) => (p >= th ? 1 : 0)), 2);
    figures.push({ task: `TweetEval ${task} val`, metric: "macro-F1", shipped, crossTuned: binaryCross(s, va.y), published: bars[task]! });
    const profane = va.texts.map((t) => matcher.hasMatch(t));
    const withRule = macroF1Classes(va.y, Array.from(s, (p, i) => (p >= th || profane[i] ? 1 : 0)), 2);
    figures.push({ task: `  (${task} OR obscenity match, not shipped)`, metric: "macro-F1", shipped: withRule, crossTuned: binaryCross(s, va.y, profane), published: "" });
  }
  if (hasTweetEval(dataDir, "emotion")) {
    const m = committedModel("tweeteval-emotion");
    versions["tweeteval-emotion"] = m.header.version;
    const va = loadTweetEval(dataDir, "emotion", "val");
    const s = scoresOf(m, va.texts);
    const k = m.header.k;
    const f = macroF1Classes(va.y, va.y.map((_, i) => argmax(s, i * k, k)), k);
    figures.push({ task: "TweetEval emotion val (4 classes, argmax)", metric: "macro-F1", shipped: f, crossTuned: null, published: "RoBERTa 76.1, BERTweet 79.3, FastText 65.2 (test)", note: "no threshold" });
  } else skipped.push("tweeteval emotion (no tweeteval/emotion)");
  return { dataDir, skipped, figures, versions };
}

export function formatModelsReport(r: ModelsReport): string {
  const lines: string[] = [];
  lines.push(`Models: ${Object.entries(r.versions).map(([k, v]) => `${k} ${v}`).join(", ") || "none evaluated"}`);
  lines.push("Validation splits (no test split here). 'shipped' = committed thresholds, tuned on these rows (optimistic);");
  lines.push("'cross-tuned' = thresholds re-tuned on one half, scored on the other (2-fold). Published bars are test-set figures.\n");
  lines.push("| task | metric | shipped | cross-tuned | published |");
  lines.push("|---|---|---|---|---|");
  for (const f of r.figures) {
    lines.push(`| ${f.task} | ${f.metric} | ${f.shipped.toFixed(3)} | ${f.crossTuned === null ? "n/a" : f.crossTuned.toFixed(3)} | ${f.published} |`);
  }
  for (const s of r.skipped) lines.push(`skipped: ${s}`);
  return lines.join("\n");
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const dir = sharedDataPath();
  if (!existsSync(dir)) {
    console.log(`models eval skipped: no data folder at ${dir} (pass one, or set VOXPOP_DATA).`);
  } else {
    console.log(formatModelsReport(await evaluateModels(dir)));
  }
}
