// The chosen feature configuration, hyperparameters and model versions (bump a version whenever
// its model's outputs can change). Choices were measured on the dev/val splits (see the cards).
import { DEFAULT_FEATURES, type FeatureConfig } from "../src/enrich/ml/index.ts";

export const FEATURES: FeatureConfig = { ...DEFAULT_FEATURES, charMin: 3, charMax: 5, lexicon: "profanity", lexiconWeight: 1, values: "count" };

export interface Hyper {
  bits: number; epochs: number; lr: number; l2: number; seed: number; posPower: number;
  /** TweetEval emotion only: add GoEmotions rows mapped to its classes. */
  augment?: boolean;
  /** With augment: how many times the in-domain rows appear. */
  repeat?: number;
}

export const HYPER: Record<"goemotions" | "offensive" | "hate" | "tweeteval_emotion", Hyper> = {
  goemotions: { bits: 16, epochs: 6, lr: 0.1, l2: 1e-2, seed: 1, posPower: 0 },
  offensive: { bits: 16, epochs: 5, lr: 0.1, l2: 1e-2, seed: 1, posPower: 0 },
  hate: { bits: 16, epochs: 5, lr: 0.1, l2: 1e-5, seed: 1, posPower: 0 },
  tweeteval_emotion: { bits: 18, epochs: 8, lr: 0.1, l2: 1e-5, seed: 1, posPower: 0, augment: true, repeat: 1 },
};

export const VERSIONS = {
  goemotions: "goemotions-lr-2.0.0",
  offensive: "offensive-lr-2.0.0",
  hate: "hate-lr-2.0.0",
  tweeteval_emotion: "tweeteval-emotion-lr-2.0.0",
} as const;
