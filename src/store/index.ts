// store: where collected posts live. It upserts posts idempotently by (platform, id) through one
// named dedupe slot (findDuplicate + mergePost), keeps every raw payload once by hash and records
// where each post was found (provenance), groups posts into stories in a stable order, quarantines
// what could not be stored, and offers full-text search. `Store` is the contract every backend
// implements (SQLite here; PostgreSQL later) and `contract.ts` is the test suite they all pass.
export type {
  Provenance, QuarantineInput, QuarantineItem, RawPayload, SaveBatch, SaveResult, SearchHit, SearchOptions,
  SourceRef, Store, StoredPost, Story, StoryFields, StoryMatch, StoryRole, StoryRules, StoreStats, PostAnnotations,
  DecisionAction, PostRef, DecisionInput, Decision, Curation, PostFacets, FeedPost, PostQuery, PostPage, StoryStats,
  DumpRecord, DumpKind,
} from "./store.ts";
export { QUARANTINE_PAYLOAD_CAP, EMPTY_RULES, DECISION_ACTIONS, DUMP_ORDER } from "./store.ts";
export { openSqliteStore } from "./sqlite/sqlite-store.ts";
export type { SqliteStoreOptions } from "./sqlite/sqlite-store.ts";
export { openPostgresStore, isPostgresUrl, redactUrl } from "./postgres/index.ts";
export type { PgStoreOptions } from "./postgres/index.ts";
export { migrateDb } from "./migrate-db.ts";
export type { MigrateReport, MigrateProgress } from "./migrate-db.ts";
export { lazyStore } from "./lazy.ts";
