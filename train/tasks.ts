// One function per shipped model: train on the train split, choose thresholds on dev/val with the
// quantised weights (what ships), save, and return the validation figures.
import { join } from "node:path";
import {
  trainLinear, buildModel, saveModel, modelPredict, tuneThresholds, tuneMacroThreshold, macroF1Classes,
  type FeatureConfig, type Features, type Model,
} from "../src/enrich/ml/index.ts";
import { GOEMOTIONS, EKMAN, SENTIMENT, EKMAN_LABELS, SENTIMENT_LABELS, groupMultiHot } from "../src/enrich/emotion/groups.ts";
import { FEATURES, VERSIONS, HYPER } from "./hyper.ts";
import { loadGoEmotions, loadTweetEval } from "./data.ts";
import { featurizeAll, posWeights, progress, tunedF1 } from "./common.ts";

export function quantScores(model: Model, xs: Features[]): Float32Array {
  const k = model.header.k;
  const out = new Float32Array(xs.length * k);
  const buf = new Float32Array(k);
  xs.forEach((x, i) => out.set(modelPredict(model, x, buf), i * k));
  return out;
}

export function columns(s: Float32Array | Uint8Array, k: number, from: number, width: number): typeof s {
  const n = s.length / k;
  const o = s instanceof Float32Array ? new Float32Array(n * width) : new Uint8Array(n * width);
  for (let i = 0; i < n; i++) o.set(s.subarray(i * k + from, i * k + from + width), i * width);
  return o;
}

/** GoEmotions gold widened to 39 heads: 28 labels, 7 Ekman groups, 4 sentiment groups. */
export function widenGold(y: Uint8Array): Uint8Array {
  const n = y.length / 28;
  const e = groupMultiHot(y, EKMAN);
  const s = groupMultiHot(y, SENTIMENT);
  const o = new Uint8Array(n * 39);
  for (let i = 0; i < n; i++) {
    o.set(y.subarray(i * 28, i * 28 + 28), i * 39);
    o.set(e.subarray(i * 7, i * 7 + 7), i * 39 + 28);
    o.set(s.subarray(i * 4, i * 4 + 4), i * 39 + 35);
  }
  return o;
}

export const EMOTION_HEADS = [...GOEMOTIONS, ...EKMAN_LABELS.map((l) => `ekman:${l}`), ...SENTIMENT_LABELS.map((l) => `sentiment:${l}`)];

function r4(x: number): number {
  return Math.round(x * 10000) / 10000;
}

export function trainEmotions(dir: string, out: string): Record<string, unknown> {
  const h = HYPER.goemotions;
  const cfg: FeatureConfig = { ...FEATURES, bits: h.bits };
  const tr = loadGoEmotions(dir, "train");
  const dv = loadGoEmotions(dir, "dev");
  const X = featurizeAll(tr.texts, cfg, "goemotions train");
  const XD = featurizeAll(dv.texts, cfg, "goemotions dev");
  const y = widenGold(tr.y);
  const k = EMOTION_HEADS.length;
  const t0 = performance.now();
  const w = trainLinear(X, y, k, 1 << cfg.bits, {
    epochs: h.epochs, lr: h.lr, l2: h.l2, seed: h.seed, posWeight: posWeights(y, k, h.posPower),
    onEpoch: (e) => progress(`goemotions epoch ${e}/${h.epochs} (${((performance.now() - t0) / 1000).toFixed(0)} s)`),
  });
  const draft = buildModel(w, { name: "goemotions", version: VERSIONS.goemotions, labels: EMOTION_HEADS, thresholds: [], features: cfg });
  const s = quantScores(draft, XD);
  const gold = widenGold(dv.y);
  const thresholds = tuneThresholds(s, gold, k);
  const figs = {
    labels28: tunedF1(columns(s, k, 0, 28) as Float32Array, columns(gold, k, 0, 28) as Uint8Array, 28),
    ekman: tunedF1(columns(s, k, 28, 7) as Float32Array, columns(gold, k, 28, 7) as Uint8Array, 7),
    sentiment: tunedF1(columns(s, k, 35, 4) as Float32Array, columns(gold, k, 35, 4) as Uint8Array, 4),
  };
  const figures = Object.fromEntries(Object.entries(figs).map(([key, f]) => [key, { devMacroF1TunedOnDev: r4(f.tuned), devMacroF1CrossTuned: r4(f.crossTuned) }]));
  const model = buildModel(w, {
    name: "goemotions", version: VERSIONS.goemotions, labels: EMOTION_HEADS, thresholds: thresholds.map(r4), features: cfg,
    meta: { hyper: h, trainRows: tr.texts.length, devRows: dv.texts.length, figures },
  });
  saveModel(model, join(out, "goemotions"));
  progress(`goemotions: ${JSON.stringify(figures)}`);
  return figures;
}

export function trainTweetBinary(dir: string, task: "offensive" | "hate", out: string): Record<string, unknown> {
  const h = HYPER[task];
  const cfg: FeatureConfig = { ...FEATURES, bits: h.bits };
  const tr = loadTweetEval(dir, task, "train");
  const va = loadTweetEval(dir, task, "val");
  const X = featurizeAll(tr.texts, cfg, `${task} train`);
  const XV = featurizeAll(va.texts, cfg, `${task} val`);
  const w = trainLinear(X, Uint8Array.from(tr.y), 1, 1 << cfg.bits, {
    epochs: h.epochs, lr: h.lr, l2: h.l2, seed: h.seed, posWeight: posWeights(Uint8Array.from(tr.y), 1, h.posPower),
    onEpoch: (e) => progress(`${task} epoch ${e}/${h.epochs}`),
  });
  const draft = buildModel(w, { name: task, version: VERSIONS[task], labels: [task], thresholds: [0.5], features: cfg });
  const s = quantScores(draft, XV);
  const at05 = macroF1Classes(va.y, Array.from(s, (v) => (v >= 0.5 ? 1 : 0)), 2);
  const tuned = tuneMacroThreshold(s, va.y);
  // 2-fold cross-tuned estimate (threshold from one half applied to the other)
  const half = (p: number) => va.y.map((_, i) => i).filter((i) => i % 2 === p);
  const pred: number[] = new Array(va.y.length).fill(0);
  for (const p of [0, 1]) {
    const tune = half(p);
    const th = tuneMacroThreshold(tune.map((i) => s[i]!), tune.map((i) => va.y[i]!)).threshold;
    for (const i of half(1 - p)) pred[i] = s[i]! >= th ? 1 : 0;
  }
  const figures = { valMacroF1At05: r4(at05), valMacroF1TunedOnVal: r4(tuned.f1), valMacroF1CrossTuned: r4(macroF1Classes(va.y, pred, 2)) };
  const model = buildModel(w, {
    name: task, version: VERSIONS[task], labels: [task], thresholds: [r4(tuned.threshold)], features: cfg,
    meta: { hyper: h, trainRows: tr.texts.length, valRows: va.texts.length, figures },
  });
  saveModel(model, join(out, task));
  progress(`${task}: ${JSON.stringify(figures)}`);
  return figures;
}

/**
 * GoEmotions rows that map to exactly one TweetEval emotion class (anger: anger, annoyance,
 * disgust; joy: joy, amusement, excitement; optimism: optimism; sadness: sadness, grief,
 * disappointment, remorse), to augment the small TweetEval training set.
 */
export function goEmotionsAsTweetEmotion(dir: string): { texts: string[]; y: number[] } {
  const map: Record<string, number> = { anger: 0, annoyance: 0, disgust: 0, joy: 1, amusement: 1, excitement: 1, optimism: 2, sadness: 3, grief: 3, disappointment: 3, remorse: 3 };
  const go = loadGoEmotions(dir, "train");
  const texts: string[] = [];
  const y: number[] = [];
  for (let i = 0; i < go.texts.length; i++) {
    const classes = new Set<number>();
    let other = false;
    for (let c = 0; c < 28; c++) {
      if (!go.y[i * 28 + c]) continue;
      const m = map[GOEMOTIONS[c]!];
      if (m === undefined) other = true;
      else classes.add(m);
    }
    if (classes.size === 1 && !other) { texts.push(go.texts[i]!); y.push([...classes][0]!); }
  }
  return { texts, y };
}

export function trainTweetEmotion(dir: string, out: string): Record<string, unknown> {
  const h = HYPER.tweeteval_emotion;
  const cfg: FeatureConfig = { ...FEATURES, bits: h.bits };
  const tr = loadTweetEval(dir, "emotion", "train");
  if (h.augment) {
    // the in-domain tweets are repeated so they are not outweighed by the Reddit rows
    const n0 = tr.texts.length;
    for (let r = 1; r < (h.repeat ?? 1); r++) { tr.texts.push(...tr.texts.slice(0, n0)); tr.y.push(...tr.y.slice(0, n0)); }
    const extra = goEmotionsAsTweetEmotion(dir);
    tr.texts.push(...extra.texts);
    tr.y.push(...extra.y);
    progress(`tweeteval emotion: +${extra.texts.length} GoEmotions rows mapped to its 4 classes`);
  }
  const va = loadTweetEval(dir, "emotion", "val");
  const X = featurizeAll(tr.texts, cfg, "emotion train");
  const XV = featurizeAll(va.texts, cfg, "emotion val");
  const k = tr.labels.length;
  const y = new Uint8Array(tr.y.length * k);
  tr.y.forEach((c, i) => { y[i * k + c] = 1; });
  const w = trainLinear(X, y, k, 1 << cfg.bits, {
    epochs: h.epochs, lr: h.lr, l2: h.l2, seed: h.seed, posWeight: posWeights(y, k, h.posPower),
    onEpoch: (e) => progress(`tweeteval emotion epoch ${e}/${h.epochs}`),
  });
  const model0 = buildModel(w, { name: "tweeteval-emotion", version: VERSIONS.tweeteval_emotion, labels: tr.labels, thresholds: tr.labels.map(() => 0), features: cfg });
  const s = quantScores(model0, XV);
  const pred = va.y.map((_, i) => argmax(s, i * k, k));
  const figures = { valMacroF1Argmax: r4(macroF1Classes(va.y, pred, k)) };
  const model = buildModel(w, {
    name: "tweeteval-emotion", version: VERSIONS.tweeteval_emotion, labels: tr.labels, thresholds: tr.labels.map(() => 0), features: cfg,
    meta: { hyper: h, decision: "argmax", trainRows: tr.texts.length, valRows: va.texts.length, figures },
  });
  saveModel(model, join(out, "tweeteval-emotion"));
  progress(`tweeteval emotion: ${JSON.stringify(figures)}`);
  return figures;
}

export function argmax(s: ArrayLike<number>, from: number, k: number): number {
  let b = 0;
  for (let c = 1; c < k; c++) if (s[from + c]! > s[from + b]!) b = c;
  return b;
}
