// Shared training helpers: featurise with progress, score a set, cross-tuned threshold estimates.
import { voxpopFeaturize, type FeatureConfig, type Features, type LinearWeights, logits, sigmoid, tuneThresholds, applyThresholds, macroF1 } from "../src/enrich/ml/index.ts";

export function featurizeAll(texts: string[], cfg: FeatureConfig, label = ""): Features[] {
  const t0 = performance.now();
  const out = texts.map((t) => voxpopFeaturize(t, cfg));
  if (label) progress(`${label}: featurised ${texts.length} texts in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  return out;
}

export function progress(msg: string): void {
  process.stderr.write(`[train] ${msg}\n`);
}

/** n*k sigmoid probabilities from float weights. */
export function scoreAll(m: LinearWeights, xs: Features[]): Float32Array {
  const out = new Float32Array(xs.length * m.k);
  const z = new Float32Array(m.k);
  xs.forEach((x, i) => {
    logits(m, x, z);
    for (let c = 0; c < m.k; c++) out[i * m.k + c] = sigmoid(z[c]!);
  });
  return out;
}

function rows(a: Float32Array | Uint8Array, k: number, pick: number[]): typeof a {
  const out = a instanceof Float32Array ? new Float32Array(pick.length * k) : new Uint8Array(pick.length * k);
  pick.forEach((i, r) => out.set(a.subarray(i * k, i * k + k), r * k));
  return out;
}

/**
 * Macro-F1 with thresholds tuned on the same rows (optimistic) and a 2-fold cross-tuned estimate:
 * thresholds tuned on one half (even/odd rows) are applied to the other, predictions pooled.
 */
export function tunedF1(scores: Float32Array, gold: Uint8Array, k: number): { thresholds: number[]; tuned: number; crossTuned: number } {
  const thresholds = tuneThresholds(scores, gold, k);
  const tuned = macroF1(gold, applyThresholds(scores, thresholds, k), k);
  const n = gold.length / k;
  const a = [...Array(n).keys()].filter((i) => i % 2 === 0);
  const b = [...Array(n).keys()].filter((i) => i % 2 === 1);
  const pred = new Uint8Array(gold.length);
  for (const [tune, apply] of [[a, b], [b, a]] as const) {
    const th = tuneThresholds(rows(scores, k, tune) as Float32Array, rows(gold, k, tune) as Uint8Array, k);
    const p = applyThresholds(rows(scores, k, apply) as Float32Array, th, k);
    apply.forEach((i, r) => pred.set(p.subarray(r * k, r * k + k), i * k));
  }
  return { thresholds, tuned, crossTuned: macroF1(gold, pred, k) };
}

export function posWeights(y: Uint8Array, k: number, power: number, cap = 20): Float32Array {
  const n = y.length / k;
  const pos = new Float64Array(k);
  for (let i = 0; i < y.length; i++) pos[i % k]! += y[i]!;
  return Float32Array.from(pos, (p) => Math.min(cap, Math.pow((n - p) / Math.max(1, p), power)));
}
