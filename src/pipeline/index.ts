// pipeline: moves items from sources into the store. `ingestSource` is the runner (normalize →
// story rules → enrich → dedupe → store, in transactions that carry the source cursor); its
// per-item half, `ItemIngester`, is shared with the NATS bus worker (src/bus/). `compileRules`
// decides which posts belong to a story and how relevant they are.
export { ingestSource, newStats, storyCursorKey, endWithError, ItemIngester } from "./ingest.ts";
export type { IngestContext, IngestStats, IngestHooks, ItemOrigin } from "./ingest.ts";
export { compileRules, compileRawPrefilter, WEIGHTS } from "./rules.ts";
export type { Matcher, RuleSet } from "./rules.ts";
