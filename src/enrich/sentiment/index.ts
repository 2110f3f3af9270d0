// Sentiment of a post: VADER (Hutto & Gilbert, ICWSM 2014), a lexicon-and-rules model built for
// social-media text, through voxpop's own port (../vader/) of the vader-sentiment npm package: the
// same scores on every text checked, about 100x faster, which the whole enrichment's speed needs. The score is VADER's
// compound score (−1..1); the label uses the authors' thresholds: ≥ 0.05 positive, ≤ −0.05
// negative, neutral between. VADER is English-only: other languages mostly come out neutral, which
// is why the output is a score a consumer can ignore when `lang` is not "en".
// Measured: eval/sentiment.ts (3-class macro-F1 and accuracy on VADER's 4,200 tweets).
import type { Annotations, EnrichContext, EnrichInput, Enricher } from "../types.ts";
import { vaderCompoundScore, VADER_VERSION } from "../vader/index.ts";

export type SentimentAnnotation = Annotations["sentiment"];
export type SentimentLabel = SentimentAnnotation["label"];

export const THRESHOLD = 0.05;
/**
 * VADER's cost grows with words × punctuation marks; posts are short, and a very long text is
 * scored on its first 10,000 characters (cut at a space).
 */
export const MAX_CHARS = 10_000;

export function labelOf(compound: number): SentimentLabel {
  return compound >= THRESHOLD ? "positive" : compound <= -THRESHOLD ? "negative" : "neutral";
}

/** VADER's compound score of a text (0 for empty or non-string input). */
export function vaderCompound(text: string): number {
  // (no trim() test for blank text: VADER finds no word in it and scores it 0 by itself)
  if (typeof text !== "string") return 0;
  let head = text;
  if (head.length > MAX_CHARS) {
    const cut = head.lastIndexOf(" ", MAX_CHARS);
    head = head.slice(0, cut > MAX_CHARS / 2 ? cut : MAX_CHARS);
  }
  const compound = vaderCompoundScore(head);
  return Number.isFinite(compound) ? compound : 0;
}

export function scoreSentiment(text: string): SentimentAnnotation {
  const score = vaderCompound(text);
  return { label: labelOf(score), score };
}

export const sentimentEnricher: Enricher<SentimentAnnotation> = {
  name: "sentiment",
  version: `1.1.0+${VADER_VERSION}`,
  enrich(input: EnrichInput, _context: EnrichContext): SentimentAnnotation {
    return scoreSentiment(input.text);
  },
};
