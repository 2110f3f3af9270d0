// store/postgres: the PostgreSQL Store, for scale-out (several collectors and workers writing one
// database). Same behaviour as the SQLite store (the shared contract suite runs against both),
// same numbered migrations, full-text search on a tsvector with a GIN index. `openPostgresStore`
// opens a pool and migrates; `isPostgresUrl` tells a postgres:// URL from a SQLite path.
export { openPostgresStore, isPostgresUrl, redactUrl } from "./pg-store.ts";
export type { PgStoreOptions, PgStoreExtras } from "./pg-store.ts";
export { loadPgMigrations, migratePg } from "./migrate.ts";
