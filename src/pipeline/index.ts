// pipeline: moves items from sources into the store. `ingestSource` is the runner (normalize →
// story rules → enrich → dedupe → store, in transactions that carry the source cursor), and
// `compileRules` decides which posts belong to a story and how relevant they are.
export { ingestSource, newStats, storyCursorKey } from "./ingest.ts";
export type { IngestContext, IngestStats } from "./ingest.ts";
export { compileRules, compileRawPrefilter, WEIGHTS } from "./rules.ts";
export type { Matcher, RuleSet } from "./rules.ts";
