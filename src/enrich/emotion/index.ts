// Emotions of a post: the 28 GoEmotions labels (per-label tuned thresholds), the Ekman grouping and
// the sentiment grouping (trained as their own heads of the same linear model), and a 3-way
// sentiment derived from them. Model: models/goemotions.{json,bin}, card models/goemotions.md.
import type { Annotations, Enricher } from "../types.ts";
import { committedModel, sharedFeatures, modelPredict, pipelineScores, type Features, type Model } from "../ml/index.ts";
import { GOEMOTIONS, EKMAN_LABELS, SENTIMENT_LABELS } from "./groups.ts";

export { GOEMOTIONS, EKMAN, SENTIMENT, EKMAN_LABELS, SENTIMENT_LABELS } from "./groups.ts";

const EK0 = GOEMOTIONS.length;
const SE0 = EK0 + EKMAN_LABELS.length;

function model(): Model {
  return committedModel("goemotions");
}

/** Features for the emotion model (shared with the toxicity models). */
export function emotionFeatures(text: string): Features {
  model();
  return sharedFeatures(text);
}

/**
 * Probabilities of all 39 heads (28 labels, 7 Ekman, 4 sentiment groups) of a text, at the start
 * of a reused array (the pipeline's models are scored together: ml/shared.ts).
 */
export function emotionHeads(text: string): Float32Array {
  return pipelineScores(text);
}

/** The same from a feature vector (`emotionFeatures`), into a fresh or given array. */
export function predictEmotionHeads(x: Features, out?: Float32Array): Float32Array {
  return modelPredict(model(), x, out);
}

const round = (p: number) => Math.round(p * 1000) / 1000;

// A literal with the 28 keys in a fixed order gives every scores object one hidden class (fast to
// build and to read); written out so the shape is static.
function scoresRecord(p: Float32Array): Record<string, number> {
  return {
    admiration: round(p[0]!), amusement: round(p[1]!), anger: round(p[2]!), annoyance: round(p[3]!),
    approval: round(p[4]!), caring: round(p[5]!), confusion: round(p[6]!), curiosity: round(p[7]!),
    desire: round(p[8]!), disappointment: round(p[9]!), disapproval: round(p[10]!), disgust: round(p[11]!),
    embarrassment: round(p[12]!), excitement: round(p[13]!), fear: round(p[14]!), gratitude: round(p[15]!),
    grief: round(p[16]!), joy: round(p[17]!), love: round(p[18]!), nervousness: round(p[19]!),
    optimism: round(p[20]!), pride: round(p[21]!), realization: round(p[22]!), relief: round(p[23]!),
    remorse: round(p[24]!), sadness: round(p[25]!), surprise: round(p[26]!), neutral: round(p[27]!),
  };
}

/** Annotations["emotions"] from head probabilities. */
export function emotionsFromHeads(p: Float32Array): Annotations["emotions"] {
  const th = model().header.thresholds;
  const labels: string[] = [];
  for (let c = 0; c < EK0; c++) if (p[c]! >= th[c]!) labels.push(GOEMOTIONS[c]!);
  const scores = scoresRecord(p);
  const ekman: string[] = [];
  for (let j = 0; j < EKMAN_LABELS.length; j++) if (p[EK0 + j]! >= th[EK0 + j]!) ekman.push(EKMAN_LABELS[j]!);
  const sentimentGroups: string[] = [];
  for (let j = 0; j < SENTIMENT_LABELS.length; j++) if (p[SE0 + j]! >= th[SE0 + j]!) sentimentGroups.push(SENTIMENT_LABELS[j]!);
  return { labels, scores, ekman, sentimentGroups };
}

export const emotionEnricher: Enricher<Annotations["emotions"]> = {
  name: "emotions",
  get version() {
    return model().header.version;
  },
  enrich(input) {
    // the heads are in a reused array: emotionsFromHeads copies what it keeps
    return emotionsFromHeads(emotionHeads(input.text));
  },
};

/**
 * A 3-way sentiment from the emotion model's sentiment heads: score = P(positive) − P(negative),
 * in [-1, 1]; positive at ≥ 0.05, negative at ≤ −0.05, else neutral (VADER's compound convention,
 * so the two are comparable). Measured on the VADER tweets (eval/sentiment.ts), this rule beat
 * "a head over its GoEmotions-tuned threshold" (weighted F1 0.83 vs 0.75); those tweets are
 * mostly polar, so the chosen rule leans away from neutral.
 */
export function sentimentFromHeads(p: Float32Array): Annotations["sentiment"] {
  const score = round(p[SE0]! - p[SE0 + 1]!);
  return { label: score >= 0.05 ? "positive" : score <= -0.05 ? "negative" : "neutral", score };
}

export function emotionSentiment(text: string): Annotations["sentiment"] {
  return sentimentFromHeads(emotionHeads(text));
}

/** The model's version (for exports that record which model scored a sentiment). */
export function emotionModelVersion(): string {
  return model().header.version;
}
