// The 28 GoEmotions labels and the paper's two coarser groupings (Demszky et al. 2020,
// ekman_mapping.json and sentiment_mapping.json in google-research/goemotions).
export const GOEMOTIONS = [
  "admiration", "amusement", "anger", "annoyance", "approval", "caring", "confusion", "curiosity", "desire",
  "disappointment", "disapproval", "disgust", "embarrassment", "excitement", "fear", "gratitude", "grief", "joy",
  "love", "nervousness", "optimism", "pride", "realization", "relief", "remorse", "sadness", "surprise", "neutral",
] as const;

export const EKMAN: Record<string, readonly string[]> = {
  anger: ["anger", "annoyance", "disapproval"],
  disgust: ["disgust"],
  fear: ["fear", "nervousness"],
  joy: ["joy", "amusement", "approval", "excitement", "gratitude", "love", "optimism", "relief", "pride", "admiration", "desire", "caring"],
  sadness: ["sadness", "disappointment", "embarrassment", "grief", "remorse"],
  surprise: ["surprise", "realization", "confusion", "curiosity"],
  neutral: ["neutral"],
};

export const SENTIMENT: Record<string, readonly string[]> = {
  positive: ["amusement", "excitement", "joy", "love", "desire", "optimism", "caring", "pride", "admiration", "gratitude", "relief", "approval"],
  negative: ["fear", "nervousness", "remorse", "embarrassment", "disappointment", "sadness", "grief", "disgust", "anger", "annoyance", "disapproval"],
  ambiguous: ["realization", "surprise", "curiosity", "confusion"],
  neutral: ["neutral"],
};

export const EKMAN_LABELS = Object.keys(EKMAN);
export const SENTIMENT_LABELS = Object.keys(SENTIMENT);

/** For each group (in `groups` order), the indices of its member labels among GOEMOTIONS. */
export function groupIndex(groups: Record<string, readonly string[]>): number[][] {
  const at = new Map<string, number>(GOEMOTIONS.map((l, i) => [l, i]));
  return Object.values(groups).map((members) => members.map((m) => at.get(m)!));
}

/** Multi-hot n*g gold/pred for a grouping, from n*28 multi-hot rows (a group is on if any member is). */
export function groupMultiHot(rows: Uint8Array, groups: Record<string, readonly string[]>): Uint8Array {
  const idx = groupIndex(groups);
  const k = GOEMOTIONS.length;
  const n = rows.length / k;
  const g = idx.length;
  const out = new Uint8Array(n * g);
  for (let i = 0; i < n; i++) for (let j = 0; j < g; j++) for (const m of idx[j]!) if (rows[i * k + m]) out[i * g + j] = 1;
  return out;
}

/** Group scores n*g from n*28 label probabilities: the highest member probability. */
export function groupScores(scores: Float32Array, groups: Record<string, readonly string[]>): Float32Array {
  const idx = groupIndex(groups);
  const k = GOEMOTIONS.length;
  const n = scores.length / k;
  const g = idx.length;
  const out = new Float32Array(n * g);
  for (let i = 0; i < n; i++) for (let j = 0; j < g; j++) {
    let best = 0;
    for (const m of idx[j]!) best = Math.max(best, scores[i * k + m]!);
    out[i * g + j] = best;
  }
  return out;
}
