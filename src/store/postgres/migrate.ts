// Numbered SQL migrations for PostgreSQL (migrations/NNN_name.sql, the same numbers and names as
// the SQLite ones), applied in order when a store opens. All pending migrations run in one
// transaction under an advisory lock, so two processes opening the same database at once never
// race (the second waits, then finds nothing to do), and a database is never left between two
// versions. A database written by a newer voxpop is refused rather than guessed at.

import type { ClientBase } from "pg";
import { sha256, VoxpopError } from "../../core/index.ts";
import { loadMigrations as loadSqlFiles } from "../sqlite/migrate.ts";
import type { Migration } from "../sqlite/migrate.ts";

export type { Migration };

export const PG_MIGRATIONS_DIR = new URL("./migrations/", import.meta.url);

export function loadPgMigrations(dir: URL | string = PG_MIGRATIONS_DIR): Migration[] {
  return loadSqlFiles(dir);
}

export interface MigrateResult {
  applied: number[];
  version: number;
}

/** Tables a voxpop schema holds: finding one without schema_migrations means someone else's. */
const OURS = ["posts", "stories", "authors", "story_posts", "provenance", "quarantine"];

export async function migratePg(client: ClientBase, migrations: readonly Migration[]): Promise<MigrateResult> {
  const latest = migrations.reduce((m, x) => Math.max(m, x.version), 0);
  await client.query("BEGIN");
  try {
    // One lock per schema: migrations of other schemas (other tests, other tenants) don't wait.
    await client.query("SELECT pg_advisory_xact_lock(hashtext('voxpop:migrate:' || current_schema()))");
    const has = await client.query<{ exists: boolean }>(
      "SELECT to_regclass(quote_ident(current_schema()) || '.schema_migrations') IS NOT NULL AS exists");
    if (!has.rows[0]!.exists) {
      const other = await client.query<{ table_name: string }>(
        "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = ANY($1) LIMIT 1", [OURS]);
      if (other.rows.length) {
        throw new VoxpopError("STORE_ERROR", `not a voxpop database: schema has a table ${JSON.stringify(other.rows[0]!.table_name)} but no schema_migrations`);
      }
      await client.query(`CREATE TABLE schema_migrations (
        version INTEGER PRIMARY KEY, name TEXT NOT NULL, checksum TEXT NOT NULL, applied_at TEXT NOT NULL)`);
    }
    const have = Number((await client.query("SELECT coalesce(max(version), 0) AS v FROM schema_migrations")).rows[0].v);
    if (have > latest) {
      throw new VoxpopError("STORE_ERROR", `database schema version ${have} is newer than this voxpop supports (${latest}); upgrade voxpop to open it`);
    }
    const applied: number[] = [];
    for (const mig of migrations) {
      if (mig.version <= have) continue;
      try {
        await client.query(mig.sql);
      } catch (err) {
        throw new VoxpopError("STORE_ERROR", `migration ${mig.version}_${mig.name} failed: ${(err as Error).message}`, { cause: err });
      }
      await client.query("INSERT INTO schema_migrations (version, name, checksum, applied_at) VALUES ($1, $2, $3, $4)",
        [mig.version, mig.name, sha256(mig.sql), new Date().toISOString()]);
      applied.push(mig.version);
    }
    await client.query("COMMIT");
    return { applied, version: Math.max(have, latest) };
  } catch (err) {
    await client.query("ROLLBACK").catch(() => undefined);
    throw err;
  }
}
