// The compact model file: `<name>.json` (header: name, version, labels, thresholds, feature
// config, per-output scales and biases, figures) beside `<name>.bin` (int8 weights, bucket-major,
// dim*k bytes). Prediction reads the int8 weights directly and applies each output's scale once.
import { readFileSync, writeFileSync } from "node:fs";
import { createHash } from "node:crypto";
import type { FeatureConfig, Features } from "./features.ts";
import { sigmoid, type LinearWeights } from "./linear.ts";
import { simdKernel, type SimdKernel } from "./simd.ts";

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
  /** Row length in `q`: k, or k padded to a multiple of 8 by `loadModel` (faster inference). */
  stride: number;
  /**
   * The same bytes as `q` read four at a time (set by `loadModel` when the stride is a multiple
   * of 8 on a little-endian machine): one load per four weights in the inference kernel.
   */
  q32?: Int32Array;
  /** WebAssembly SIMD kernel over a copy of `q` (set by `loadModel` where available). */
  kernel?: SimdKernel;
}

const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

/** Re-lays weights with rows padded to a multiple of 8 outputs (zeros), for the 8-wide kernel. */
function padRows(q: Int8Array, dim: number, k: number): { q: Int8Array; stride: number } {
  if (k <= 8 || k % 8 === 0) return { q, stride: k };
  const stride = Math.ceil(k / 8) * 8;
  const out = new Int8Array(dim * stride);
  for (let b = 0; b < dim; b++) out.set(q.subarray(b * k, b * k + k), b * stride);
  return { q: out, stride };
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
  let { q, stride } = padRows(new Int8Array(buf.buffer, buf.byteOffset, buf.length), header.dim, header.k);
  if (!LITTLE_ENDIAN || stride % 8 !== 0) return { header, q, stride };
  if (q.byteOffset % 4 !== 0) q = q.slice();
  const kernel = simdKernel(q, stride);
  return { header, q, stride, q32: new Int32Array(q.buffer, q.byteOffset, q.length >> 2), ...(kernel ? { kernel } : {}) };
}

let rows = new Int32Array(1024);
let acc = new Float64Array(64);

/**
 * Logits for one input, written into `out` (length k). Outputs are computed eight at a time with
 * the partial sums in locals: about twice as fast as one pass over all k outputs per feature,
 * because the JIT keeps the eight sums in registers and the feature rows stay in L1.
 */
export function modelLogits(model: Model, x: Features, out: Float32Array = new Float32Array(model.header.k)): Float32Array {
  const { k, scale, bias } = model.header;
  const { q, stride } = model;
  const mask = model.header.dim - 1;
  const n = x.n;
  const idx = x.idx;
  const val = x.val;
  if (rows.length < n) rows = new Int32Array(Math.max(n, rows.length * 2));
  if (acc.length < stride) acc = new Float64Array(stride);
  const kernel = model.kernel;
  if (kernel !== undefined) {
    kernel.sums(idx, val, n, mask, acc);
    for (let c = 0; c < k; c++) out[c] = acc[c]! * scale[c]! + bias[c]!;
    return out;
  }
  const q32 = model.q32;
  if (q32 !== undefined) {
    // eight outputs per pass, their int8 weights read as two int32 words (byte i of a word is
    // (w << (24 - 8i)) >> 24): the same products summed in the same order as below
    for (let j = 0; j < n; j++) rows[j] = (idx[j]! & mask) * (stride >> 2);
    for (let c = 0; c < stride; c += 8) {
      let a0 = 0, a1 = 0, a2 = 0, a3 = 0, a4 = 0, a5 = 0, a6 = 0, a7 = 0;
      const c4 = c >> 2;
      for (let j = 0; j < n; j++) {
        const v = val[j]!;
        const b = rows[j]! + c4;
        const w0 = q32[b]!;
        const w1 = q32[b + 1]!;
        a0 += v * ((w0 << 24) >> 24); a1 += v * ((w0 << 16) >> 24); a2 += v * ((w0 << 8) >> 24); a3 += v * (w0 >> 24);
        a4 += v * ((w1 << 24) >> 24); a5 += v * ((w1 << 16) >> 24); a6 += v * ((w1 << 8) >> 24); a7 += v * (w1 >> 24);
      }
      acc[c] = a0; acc[c + 1] = a1; acc[c + 2] = a2; acc[c + 3] = a3;
      acc[c + 4] = a4; acc[c + 5] = a5; acc[c + 6] = a6; acc[c + 7] = a7;
    }
    for (let c = 0; c < k; c++) out[c] = acc[c]! * scale[c]! + bias[c]!;
    return out;
  }
  for (let j = 0; j < n; j++) rows[j] = (idx[j]! & mask) * stride;
  let c = 0;
  for (; c + 8 <= stride; c += 8) {
    let a0 = 0, a1 = 0, a2 = 0, a3 = 0, a4 = 0, a5 = 0, a6 = 0, a7 = 0;
    for (let j = 0; j < n; j++) {
      const v = val[j]!;
      const b = rows[j]! + c;
      a0 += v * q[b]!; a1 += v * q[b + 1]!; a2 += v * q[b + 2]!; a3 += v * q[b + 3]!;
      a4 += v * q[b + 4]!; a5 += v * q[b + 5]!; a6 += v * q[b + 6]!; a7 += v * q[b + 7]!;
    }
    acc[c] = a0; acc[c + 1] = a1; acc[c + 2] = a2; acc[c + 3] = a3;
    acc[c + 4] = a4; acc[c + 5] = a5; acc[c + 6] = a6; acc[c + 7] = a7;
  }
  if (c + 4 <= stride) {
    let a0 = 0, a1 = 0, a2 = 0, a3 = 0;
    for (let j = 0; j < n; j++) {
      const v = val[j]!;
      const b = rows[j]! + c;
      a0 += v * q[b]!; a1 += v * q[b + 1]!; a2 += v * q[b + 2]!; a3 += v * q[b + 3]!;
    }
    acc[c] = a0; acc[c + 1] = a1; acc[c + 2] = a2; acc[c + 3] = a3;
    c += 4;
  }
  for (; c < stride; c++) {
    let a = 0;
    for (let j = 0; j < n; j++) a += val[j]! * q[rows[j]! + c]!;
    acc[c] = a;
  }
  for (c = 0; c < k; c++) out[c] = acc[c]! * scale[c]! + bias[c]!;
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
