// The compact model file: `<name>.json` (header: name, version, labels, thresholds, feature
// config, per-output scales and biases, figures) beside `<name>.bin` (int8 weights, bucket-major,
// dim*k bytes). Prediction reads the int8 weights directly and applies each output's scale once.
import { readFileSync, writeFileSync } from "node:fs";
import { createHash } from "node:crypto";
import type { FeatureConfig, Features } from "./features.ts";
import { sigmoid, type LinearWeights } from "./linear.ts";

export interface ModelHeader {
  format: "voxpop-linear/1";
  name: string;
  version: string;
  labels: string[];
  /** Per-label decision thresholds on the probability. */
  thresholds: number[];
  features: FeatureConfig;
  k: number;
  dim: number;
  scale: number[];
  bias: number[];
  /** sha256 of the .bin, so a mismatched pair fails loudly. */
  sha256: string;
  /** Anything else worth keeping beside the weights (hyperparameters, validation figures). */
  meta?: Record<string, unknown>;
}

export interface Model {
  header: ModelHeader;
  /** int8 weights, bucket-major: row b holds outputs 0..k-1 at q[b*stride ..]. */
  q: Int8Array;
  /** Row length in `q`: k as the file stores them (the scorer lays out its own padded table). */
  stride: number;
}


/** Quantises float weights to int8 with one scale per output (max |w| / 127). */
export function quantize(m: LinearWeights): { q: Int8Array; scale: number[] } {
  const { k, dim, w } = m;
  const maxAbs = new Float64Array(k);
  for (let i = 0; i < w.length; i++) {
    const a = Math.abs(w[i]!);
    const c = i % k;
    if (a > maxAbs[c]!) maxAbs[c] = a;
  }
  const scale = Array.from(maxAbs, (a) => (a > 0 ? a / 127 : 1));
  const q = new Int8Array(dim * k);
  for (let i = 0; i < w.length; i++) q[i] = Math.round(w[i]! / scale[i % k]!);
  return { q, scale };
}

export function buildModel(
  m: LinearWeights,
  info: { name: string; version: string; labels: string[]; thresholds: number[]; features: FeatureConfig; meta?: Record<string, unknown> },
): Model {
  const { q, scale } = quantize(m);
  const header: ModelHeader = {
    format: "voxpop-linear/1",
    name: info.name,
    version: info.version,
    labels: info.labels,
    thresholds: info.thresholds,
    features: info.features,
    k: m.k,
    dim: m.dim,
    scale,
    bias: Array.from(m.bias),
    sha256: createHash("sha256").update(q).digest("hex"),
    ...(info.meta ? { meta: info.meta } : {}),
  };
  return { header, q, stride: m.k };
}

/** Writes `<base>.json` and `<base>.bin` (base is a path without extension). */
export function saveModel(model: Model, base: string): void {
  writeFileSync(base + ".bin", model.q);
  writeFileSync(base + ".json", JSON.stringify(model.header, null, 1) + "\n");
}

export function loadModel(base: string): Model {
  const header = JSON.parse(readFileSync(base + ".json", "utf8")) as ModelHeader;
  if (header.format !== "voxpop-linear/1") throw new Error(`${base}.json: unknown model format ${String(header.format)}`);
  const buf = readFileSync(base + ".bin");
  if (buf.length !== header.dim * header.k) throw new Error(`${base}.bin: ${buf.length} bytes, expected ${header.dim * header.k}`);
  const sha = createHash("sha256").update(buf).digest("hex");
  if (sha !== header.sha256) throw new Error(`${base}.bin does not match its header (sha256)`);
  return { header, q: new Int8Array(buf.buffer, buf.byteOffset, buf.length), stride: header.k };
}

let rows = new Int32Array(1024);

/**
 * Logits for one input, written into `out` (length k). Count-mode features (what voxpop's models
 * use) sum integers exactly per block (`countLogits`); the scorer of the shipped models
 * (scorer.ts) gives the same bits faster.
 */
export function modelLogits(model: Model, x: Features, out: Float32Array = new Float32Array(model.header.k)): Float32Array {
  if (x.cnt !== undefined) return countLogits(model, x, out);
  const { k, scale, bias } = model.header;
  const { q, stride } = model;
  const mask = model.header.dim - 1;
  const { idx, val, n } = x;
  if (rows.length < n) rows = new Int32Array(Math.max(n, rows.length * 2));
  for (let j = 0; j < n; j++) rows[j] = (idx[j]! & mask) * stride;
  for (let c = 0; c < k; c++) {
    let a = 0;
    for (let j = 0; j < n; j++) a += val[j]! * q[rows[j]! + c]!;
    out[c] = a * scale[c]! + bias[c]!;
  }
  return out;
}

let blockAcc = new Float64Array(3 * 64);

/**
 * Logits for count-mode features: per block, the integer weights times the signed counts summed
 * exactly (integers, so in any order), then out = ((words·n0 + chars·n1) + lexicon·n2)·scale + bias
 * with the blocks' norms n — the one formula every scorer of these models uses (scorer.ts).
 */
function countLogits(model: Model, x: Features, out: Float32Array): Float32Array {
  const { k, scale, bias } = model.header;
  const { q, stride } = model;
  const mask = model.header.dim - 1;
  const { idx, cnt, blockEnd, blockNorm } = x as Required<Features>;
  if (blockAcc.length < 3 * k) blockAcc = new Float64Array(3 * k);
  const acc = blockAcc;
  acc.fill(0);
  let j = 0;
  for (let b = 0; b < 3; b++) {
    const end = blockEnd[b]!;
    const base = b * k;
    for (; j < end; j++) {
      const c = cnt[j]!;
      const row = (idx[j]! & mask) * stride;
      for (let o = 0; o < k; o++) acc[base + o]! += c * q[row + o]!;
    }
  }
  const n0 = blockNorm[0]!, n1 = blockNorm[1]!, n2 = blockNorm[2]!;
  for (let o = 0; o < k; o++) out[o] = (acc[o]! * n0 + acc[k + o]! * n1 + acc[2 * k + o]! * n2) * scale[o]! + bias[o]!;
  return out;
}

/** Probabilities (sigmoid per output) for one input. */
export function modelPredict(model: Model, x: Features, out: Float32Array = new Float32Array(model.header.k)): Float32Array {
  modelLogits(model, x, out);
  for (let c = 0; c < out.length; c++) out[c] = sigmoid(out[c]!);
  return out;
}

/** Labels over their thresholds. */
export function modelLabels(model: Model, probs: Float32Array): string[] {
  const { labels, thresholds } = model.header;
  const out: string[] = [];
  for (let c = 0; c < labels.length; c++) if (probs[c]! >= thresholds[c]!) out.push(labels[c]!);
  return out;
}
