import type { Annotations, EnrichContext, EnrichInput, Enricher } from "./types.ts";

/** One post's enrichment: typed annotations, plus the versioned form a store keeps. */
export interface Enrichment {
  annotations: Partial<Annotations>;
  stored: Record<string, { version: string; data: unknown }>;
}

export interface Pipeline {
  /** Enricher name → version, in the order they run. */
  readonly versions: Record<string, string>;
  enrich(input: EnrichInput, context?: EnrichContext): Enrichment;
}

/**
 * Runs enrichers in order; each sees what the earlier ones found (the reaction classifier reads
 * the emotions). An enricher that throws on one post records nothing for it and the rest go on:
 * one odd post never stops an import.
 */
export function createPipeline(enrichers: ReadonlyArray<Enricher<unknown>>): Pipeline {
  const versions = Object.fromEntries(enrichers.map((e) => [e.name, e.version]));
  return {
    versions,
    enrich(input, context = {}) {
      const annotations: Record<string, unknown> = {};
      const stored: Enrichment["stored"] = {};
      for (const enricher of enrichers) {
        let data: unknown;
        try {
          data = enricher.enrich(input, context, annotations as Partial<Annotations>);
        } catch {
          continue;
        }
        annotations[enricher.name] = data;
        stored[enricher.name] = { version: enricher.version, data };
      }
      return { annotations: annotations as Partial<Annotations>, stored };
    },
  };
}
