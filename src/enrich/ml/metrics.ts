// Classification metrics and per-label threshold tuning.

export interface Counts { tp: number; fp: number; fn: number }

export function f1(c: Counts): number {
  const d = 2 * c.tp + c.fp + c.fn;
  return d === 0 ? 0 : (2 * c.tp) / d;
}

/** Per-label F1 of multi-label predictions (both n*k, row-major, 0/1). */
export function perLabelF1(gold: Uint8Array, pred: Uint8Array, k: number): number[] {
  const counts: Counts[] = Array.from({ length: k }, () => ({ tp: 0, fp: 0, fn: 0 }));
  for (let i = 0; i < gold.length; i++) {
    const c = counts[i % k]!;
    const g = gold[i]!;
    const p = pred[i]!;
    if (g && p) c.tp++;
    else if (p) c.fp++;
    else if (g) c.fn++;
  }
  return counts.map(f1);
}

export function macroF1(gold: Uint8Array, pred: Uint8Array, k: number): number {
  const f = perLabelF1(gold, pred, k);
  return f.reduce((a, b) => a + b, 0) / k;
}

/** Macro-F1 of single-label predictions over classes 0..k-1. */
export function macroF1Classes(gold: ArrayLike<number>, pred: ArrayLike<number>, k: number): number {
  const g = new Uint8Array(gold.length * k);
  const p = new Uint8Array(gold.length * k);
  for (let i = 0; i < gold.length; i++) {
    g[i * k + gold[i]!] = 1;
    p[i * k + pred[i]!] = 1;
  }
  return macroF1(g, p, k);
}

/** Threshold on `scores` that maximises F1 against `gold` (one label, parallel arrays). */
export function tuneThreshold(scores: ArrayLike<number>, gold: ArrayLike<number>): { threshold: number; f1: number } {
  const n = scores.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => scores[b]! - scores[a]!);
  let pos = 0;
  for (let i = 0; i < n; i++) pos += gold[i]! ? 1 : 0;
  let tp = 0;
  let best = { threshold: 0.5, f1: 0 };
  for (let r = 0; r < n; r++) {
    const i = order[r]!;
    if (gold[i]) tp++;
    // predicting the top r+1 as positive; only cut between distinct scores
    const next = r + 1 < n ? scores[order[r + 1]!]! : -Infinity;
    if (next === scores[i]) continue;
    const f = (2 * tp) / (r + 1 + pos);
    if (f > best.f1) best = { threshold: next === -Infinity ? scores[i]! : (scores[i]! + next) / 2, f1: f };
  }
  return best;
}

/** Per-label thresholds for n*k scores/gold (row-major). */
export function tuneThresholds(scores: Float32Array, gold: Uint8Array, k: number): number[] {
  const n = scores.length / k;
  const out: number[] = [];
  for (let c = 0; c < k; c++) {
    const s = new Float32Array(n);
    const g = new Uint8Array(n);
    for (let i = 0; i < n; i++) { s[i] = scores[i * k + c]!; g[i] = gold[i * k + c]!; }
    out.push(tuneThreshold(s, g).threshold);
  }
  return out;
}

export function applyThresholds(scores: Float32Array, thresholds: ArrayLike<number>, k: number): Uint8Array {
  const out = new Uint8Array(scores.length);
  for (let i = 0; i < scores.length; i++) out[i] = scores[i]! >= thresholds[i % k]! ? 1 : 0;
  return out;
}

/** Threshold on a binary score that maximises macro-F1 over both classes (the TweetEval metric). */
export function tuneMacroThreshold(scores: ArrayLike<number>, gold: ArrayLike<number>): { threshold: number; f1: number } {
  const n = scores.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => scores[b]! - scores[a]!);
  let pos = 0;
  for (let i = 0; i < n; i++) pos += gold[i]! ? 1 : 0;
  const neg = n - pos;
  let tp = 0;
  let fp = 0;
  // predicting nobody positive
  let best = { threshold: Infinity, f1: (0 + (2 * neg) / (2 * neg + pos)) / 2 };
  for (let r = 0; r < n; r++) {
    const i = order[r]!;
    if (gold[i]) tp++;
    else fp++;
    const next = r + 1 < n ? scores[order[r + 1]!]! : -Infinity;
    if (next === scores[i]) continue;
    const fn = pos - tp;
    const tn = neg - fp;
    const fPos = 2 * tp + fp + fn === 0 ? 0 : (2 * tp) / (2 * tp + fp + fn);
    const fNeg = 2 * tn + fp + fn === 0 ? 0 : (2 * tn) / (2 * tn + fp + fn);
    const f = (fPos + fNeg) / 2;
    if (f > best.f1) best = { threshold: next === -Infinity ? scores[i]! : (scores[i]! + next) / 2, f1: f };
  }
  return best;
}
