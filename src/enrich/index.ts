// enrich: understands each post. A list of small enrichers (language, entities, emotions,
// sentiment, offensive and hateful language, reaction type, notability), each pure and versioned,
// run in order by a pipeline; their outputs are stored with the post, so an export says which
// model labelled what. Models are trained by the project's own code (train/) and committed with
// model cards (models/).
import type { Annotations, EnrichInput, Enricher } from "./types.ts";
import { createPipeline, type Pipeline } from "./pipeline.ts";
import type { ExtractedPost } from "../core/index.ts";
import { langEnricher } from "./lang/index.ts";
import { entitiesEnricher } from "./entities/index.ts";
import { emotionEnricher } from "./emotion/index.ts";
import { sentimentEnricher } from "./sentiment/index.ts";
import { offensiveEnricher, hateEnricher } from "./toxicity/index.ts";
import { reactionEnricher } from "./reaction/index.ts";
import { notabilityEnricher } from "./notability/index.ts";

export * from "./types.ts";
export { createPipeline } from "./pipeline.ts";
export { DedupeIndex, DEDUPE_VERSION, normalizeForDedupe, simhash64 } from "./dedupe/index.ts";
export type { DedupeResult } from "./dedupe/index.ts";
export type { Pipeline, Enrichment } from "./pipeline.ts";

/** The enrichers voxpop runs, in order (later ones read earlier ones' output). */
export function defaultEnrichers(): Array<Enricher<unknown>> {
  return [
    langEnricher, entitiesEnricher, emotionEnricher, sentimentEnricher,
    offensiveEnricher, hateEnricher, reactionEnricher, notabilityEnricher,
  ] as Array<Enricher<unknown>>;
}

let shared: Pipeline | null = null;
/** The default pipeline, built once per process (models load on first use). */
export function defaultPipeline(): Pipeline {
  return (shared ??= createPipeline(defaultEnrichers()));
}

/** What an enricher reads of an extracted post. */
export function toEnrichInput(post: Pick<ExtractedPost, "text" | "platform" | "author" | "links" | "mentions" | "lang">): EnrichInput {
  return { text: post.text ?? "", platform: post.platform, langTag: post.lang ?? null, author: post.author, links: post.links, mentions: post.mentions };
}

/** The fields `voxpop classify` prints for one text (a contract: add, never rename). */
export function classifyRecord(text: string, a: Partial<Annotations>) {
  return {
    text,
    lang: a.lang?.lang ?? null,
    reactions: a.reaction?.labels ?? [],
    reaction: a.reaction?.primary ?? null,
    emotions: a.emotions?.labels ?? [],
    emotionScores: a.emotions?.scores ?? {},
    ekman: a.emotions?.ekman ?? [],
    sentiment: a.sentiment ?? null,
    offensive: a.offensive ?? null,
    hate: a.hate ?? null,
  };
}
