// The chosen feature configuration, hyperparameters and model versions (bump a version whenever
// its model's outputs can change). Choices were measured on the dev/val splits (see the cards).
import { DEFAULT_FEATURES, type FeatureConfig } from "../src/enrich/ml/index.ts";

export const FEATURES: FeatureConfig = { ...DEFAULT_FEATURES };

export interface Hyper { epochs: number; lr: number; l2: number; seed: number; posPower: number }

export const HYPER: Record<"goemotions" | "offensive" | "hate" | "tweeteval_emotion", Hyper> = {
  goemotions: { epochs: 6, lr: 0.1, l2: 3e-5, seed: 1, posPower: 0 },
  offensive: { epochs: 5, lr: 0.1, l2: 1e-5, seed: 1, posPower: 0 },
  hate: { epochs: 5, lr: 0.1, l2: 1e-5, seed: 1, posPower: 0 },
  tweeteval_emotion: { epochs: 8, lr: 0.1, l2: 1e-5, seed: 1, posPower: 0 },
};

export const VERSIONS = {
  goemotions: "goemotions-lr-1.0.0",
  offensive: "offensive-lr-1.0.0",
  hate: "hate-lr-1.0.0",
  tweeteval_emotion: "tweeteval-emotion-lr-1.0.0",
} as const;
