// Abuse flags of a post: offensive (TweetEval/OLID) and hate (TweetEval/HatEval against immigrants
// and women), each a calibrated-ish probability and a label over a threshold tuned for macro-F1 on
// the validation split. Models: models/offensive.*, models/hate.* (cards beside them). They share
// one featurisation with the emotion model.
import type { Enricher, Scored } from "../types.ts";
import { committedModel, sharedFeatures, modelPredict, type Features } from "../ml/index.ts";

const buf = new Float32Array(1);

function scored(name: "offensive" | "hate", x: Features): Scored {
  const m = committedModel(name);
  const p = modelPredict(m, x, buf)[0]!;
  return { label: p >= m.header.thresholds[0]!, score: Math.round(p * 1000) / 1000 };
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
