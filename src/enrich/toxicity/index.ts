// Abuse flags of a post: offensive (TweetEval/OLID) and hate (TweetEval/HatEval against immigrants
// and women), each a calibrated-ish probability and a label over a threshold tuned for macro-F1 on
// the validation split. Models: models/offensive.*, models/hate.* (cards beside them). They are
// scored in the same pass as the emotion model (ml/scorer.ts, through `pipelineScores`).
import type { Enricher, Scored } from "../types.ts";
import { committedModel, pipelineScores, pipelineOffset, type Model } from "../ml/index.ts";

function scoredFrom(m: Model, p: number): Scored {
  return { label: p >= m.header.thresholds[0]!, score: Math.round(p * 1000) / 1000 };
}

/** P(offensive) and P(hate) of a text, as `modelPredict` gives them over `featurize`. */
export function toxicityProbabilities(text: string): [offensive: number, hate: number] {
  const p = pipelineScores(text);
  return [p[pipelineOffset("offensive")]!, p[pipelineOffset("hate")]!];
}

export function predictOffensive(text: string): Scored {
  return scoredFrom(committedModel("offensive"), pipelineScores(text)[pipelineOffset("offensive")]!);
}

export function predictHate(text: string): Scored {
  return scoredFrom(committedModel("hate"), pipelineScores(text)[pipelineOffset("hate")]!);
}

export const offensiveEnricher: Enricher<Scored> = {
  name: "offensive",
  get version() {
    return committedModel("offensive").header.version;
  },
  enrich(input) {
    return predictOffensive(input.text);
  },
};

export const hateEnricher: Enricher<Scored> = {
  name: "hate",
  get version() {
    return committedModel("hate").header.version;
  },
  enrich(input) {
    return predictHate(input.text);
  },
};
