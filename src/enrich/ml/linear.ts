// Multi-output logistic regression over hashed sparse features (one-vs-rest: K independent
// sigmoid outputs sharing the input). Weights are laid out bucket-major (w[bucket*K + k]) so one
// sparse input touches K contiguous weights. Trained by AdaGrad with L2 applied to the touched
// coordinates, positive-class weighting, and a seeded shuffle: the same data and seed give the same
// weights bit for bit.
import type { Features } from "./features.ts";

export interface LinearWeights {
  /** Number of outputs. */
  k: number;
  /** Number of input buckets. */
  dim: number;
  /** dim*k weights, bucket-major. */
  w: Float32Array;
  bias: Float32Array;
}

export interface TrainOptions {
  epochs: number;
  /** AdaGrad base learning rate. */
  lr: number;
  /** L2 strength per update on touched coordinates. */
  l2: number;
  /** Per-output weight of positive examples (class weighting); default 1. */
  posWeight?: Float32Array;
  seed: number;
  /** Called after each epoch (progress, early stopping by returning false). */
  onEpoch?: (epoch: number, model: LinearWeights) => boolean | void;
}

/** Mulberry32: small, fast, seeded PRNG. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function sigmoid(z: number): number {
  // one exp of a non-positive number (no overflow), the same value either branch used to compute
  const e = Math.exp(-Math.abs(z));
  return z >= 0 ? 1 / (1 + e) : e / (1 + e);
}

/** Raw scores (logits) for one input into `out` (length k). */
export function logits(m: LinearWeights, x: Features, out: Float32Array): Float32Array {
  const { k, w } = m;
  const mask = m.dim - 1;
  out.set(m.bias);
  for (let j = 0; j < x.n; j++) {
    const v = x.val[j]!;
    const base = (x.idx[j]! & mask) * k;
    for (let c = 0; c < k; c++) out[c]! += v * w[base + c]!;
  }
  return out;
}

/**
 * Trains on `xs` with labels `ys` (xs.length*k, 0/1, row-major by example).
 */
export function trainLinear(xs: Features[], ys: Uint8Array, k: number, dim: number, opts: TrainOptions): LinearWeights {
  const w = new Float32Array(dim * k);
  const g2 = new Float32Array(dim * k).fill(1e-6);
  const bias = new Float32Array(k);
  const bg2 = new Float32Array(k).fill(1e-6);
  const model: LinearWeights = { k, dim, w, bias };
  const pw = opts.posWeight ?? new Float32Array(k).fill(1);
  const order = Int32Array.from(xs.keys());
  const rand = rng(opts.seed);
  const z = new Float32Array(k);
  const g = new Float32Array(k);
  const { lr, l2 } = opts;
  if ((dim & (dim - 1)) !== 0) throw new Error("trainLinear: dim must be a power of two");
  const mask = dim - 1;
  for (let epoch = 1; epoch <= opts.epochs; epoch++) {
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1));
      const t = order[i]!;
      order[i] = order[j]!;
      order[j] = t;
    }
    for (const ex of order) {
      const x = xs[ex]!;
      logits(model, x, z);
      const yo = ex * k;
      for (let c = 0; c < k; c++) {
        const y = ys[yo + c]!;
        const p = sigmoid(z[c]!);
        g[c] = (p - y) * (y ? pw[c]! : 1);
        bg2[c]! += g[c]! * g[c]!;
        bias[c]! -= (lr * g[c]!) / Math.sqrt(bg2[c]!);
      }
      for (let j = 0; j < x.n; j++) {
        const v = x.val[j]!;
        const base = (x.idx[j]! & mask) * k;
        for (let c = 0; c < k; c++) {
          const p = base + c;
          const grad = g[c]! * v + l2 * w[p]!;
          const acc = g2[p]! + grad * grad;
          g2[p] = acc;
          w[p]! -= (lr * grad) / Math.sqrt(acc);
        }
      }
    }
    if (opts.onEpoch && opts.onEpoch(epoch, model) === false) break;
  }
  return model;
}
