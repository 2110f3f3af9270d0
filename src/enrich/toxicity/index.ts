// Abuse flags of a post: offensive (TweetEval/OLID) and hate (TweetEval/HatEval against immigrants
// and women), each a calibrated-ish probability and a label over a threshold tuned for macro-F1 on
// the validation split. Models: models/offensive.*, models/hate.* (cards beside them). They share
// one featurisation with the emotion model.
import type { Enricher, Scored } from "../types.ts";
import { committedModel, sharedFeatures, modelPredict, sigmoid, type Features, type Model } from "../ml/index.ts";

const buf = new Float32Array(1);

function scoredFrom(m: Model, p: number): Scored {
  return { label: p >= m.header.thresholds[0]!, score: Math.round(p * 1000) / 1000 };
}

// Both models read the same buckets of the same features, so their weights are interleaved into
// one table (bucket b: offensive at 2b, hate at 2b+1) and both probabilities are computed in one
// pass, the first time either is asked for a given features object (each output summed in the
// same order as modelPredict, so the same bits).
interface Pair { off: Model; hate: Model; q: Int8Array; mask: number; q16: Int16Array | null }
const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;
let pair: Pair | null | undefined;
let pairX: Features | null = null;
const pairP = new Float32Array(2);

function pairModel(): Pair | null {
  if (pair !== undefined) return pair;
  const off = committedModel("offensive");
  const hate = committedModel("hate");
  if (off.header.k !== 1 || hate.header.k !== 1 || off.header.dim !== hate.header.dim) return (pair = null);
  const dim = off.header.dim;
  const q = new Int8Array(dim * 2);
  for (let b = 0; b < dim; b++) { q[2 * b] = off.q[b * off.stride]!; q[2 * b + 1] = hate.q[b * hate.stride]!; }
  // both weights of a bucket in one 16-bit load (offensive the low byte): half the loads
  const q16 = LITTLE_ENDIAN ? new Int16Array(q.buffer, q.byteOffset, dim) : null;
  return (pair = { off, hate, q, mask: dim - 1, q16 });
}

function pairPredict(p: Pair, x: Features): Float32Array {
  if (x === pairX) return pairP;
  const { q, mask, q16 } = p;
  const { idx, val, n } = x;
  let a0 = 0, a1 = 0;
  if (q16 !== null) {
    for (let j = 0; j < n; j++) {
      const v = val[j]!;
      const w = q16[idx[j]! & mask]!;
      a0 += v * ((w << 24) >> 24);
      a1 += v * (w >> 8);
    }
  } else {
    for (let j = 0; j < n; j++) {
      const v = val[j]!;
      const b = (idx[j]! & mask) * 2;
      a0 += v * q[b]!;
      a1 += v * q[b + 1]!;
    }
  }
  pairP[0] = a0 * p.off.header.scale[0]! + p.off.header.bias[0]!;
  pairP[1] = a1 * p.hate.header.scale[0]! + p.hate.header.bias[0]!;
  pairP[0] = sigmoid(pairP[0]!);
  pairP[1] = sigmoid(pairP[1]!);
  pairX = x;
  return pairP;
}

/** P(offensive) and P(hate) for given features, as `modelPredict` gives them (a reused array). */
export function toxicityProbabilities(x: Features): Float32Array {
  const p2 = pairModel();
  if (p2) return pairPredict(p2, x);
  pairX = null;
  pairP[0] = modelPredict(committedModel("offensive"), x, buf)[0]!;
  pairP[1] = modelPredict(committedModel("hate"), x, buf)[0]!;
  return pairP;
}

function scored(name: "offensive" | "hate", x: Features): Scored {
  const p2 = pairModel();
  if (p2) return name === "offensive" ? scoredFrom(p2.off, pairPredict(p2, x)[0]!) : scoredFrom(p2.hate, pairPredict(p2, x)[1]!);
  const m = committedModel(name);
  return scoredFrom(m, modelPredict(m, x, buf)[0]!);
}

export function toxicityFeatures(text: string): Features {
  committedModel("offensive");
  return sharedFeatures(text);
}

export function predictOffensive(x: Features): Scored {
  return scored("offensive", x);
}

export function predictHate(x: Features): Scored {
  return scored("hate", x);
}

export const offensiveEnricher: Enricher<Scored> = {
  name: "offensive",
  get version() {
    return committedModel("offensive").header.version;
  },
  enrich(input) {
    return predictOffensive(toxicityFeatures(input.text));
  },
};

export const hateEnricher: Enricher<Scored> = {
  name: "hate",
  get version() {
    return committedModel("hate").header.version;
  },
  enrich(input) {
    return predictHate(toxicityFeatures(input.text));
  },
};
