// Distils the `obscenity` profanity matcher (MIT; englishDataset + englishRecommendedTransformers)
// into a lexicon of token hashes: every distinct token of the training texts that the matcher
// flags. Matching whole texts costs ~45 µs a post at inference, a hash-set look-up per token costs
// nothing; what is lost is obscenity's robustness to spellings never seen in training (measured:
// see models/offensive.md). Only hashes are written, never tokens or texts.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { RegExpMatcher, englishDataset, englishRecommendedTransformers } from "obscenity";
import { tokenize, tokenHash } from "../src/enrich/ml/index.ts";
import type { LexiconFile } from "../src/enrich/ml/shared.ts";
import { progress } from "./common.ts";

export const LEXICON_VERSION = "profanity-lexicon-1.0.0";

export function buildProfanityLexicon(texts: string[], out: string): number {
  const matcher = new RegExpMatcher({ ...englishDataset.build(), ...englishRecommendedTransformers });
  const seen = new Set<string>();
  const hashes = new Set<number>();
  for (const text of texts) {
    for (const t of tokenize(text)) {
      if (t.kind !== 1 || seen.has(t.text)) continue;
      seen.add(t.text);
      // tokens are normalised (lower-cased, hashtags stripped of '#' in their twin token)
      if (matcher.hasMatch(t.text)) hashes.add(tokenHash(t.text));
    }
  }
  const file: LexiconFile = {
    format: "voxpop-lexicon/1",
    name: "profanity",
    version: LEXICON_VERSION,
    source: "tokens of the training texts flagged by obscenity@0.4 (englishDataset, englishRecommendedTransformers); token hashes only",
    hashes: [...hashes].sort((a, b) => a - b),
  };
  writeFileSync(join(out, "profanity-lexicon.json"), JSON.stringify(file) + "\n");
  progress(`profanity lexicon: ${hashes.size} of ${seen.size} distinct tokens flagged`);
  return hashes.size;
}
