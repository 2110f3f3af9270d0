// Numbered SQL migrations (migrations/NNN_name.sql), applied in order when a store opens. All
// pending migrations run in one transaction, so a database is never left between two versions,
// and each is recorded in schema_migrations. A database written by a newer voxpop is refused
// rather than guessed at.

import { readdirSync, readFileSync } from "node:fs";
import type { DatabaseSync } from "node:sqlite";
import { sha256, VoxpopError } from "../../core/index.ts";

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export const MIGRATIONS_DIR = new URL("./migrations/", import.meta.url);

const FILE_RE = /^(\d+)_([A-Za-z0-9_-]+)\.sql$/;

/** Reads NNN_name.sql files; versions must be unique and start at 1 without gaps. */
export function loadMigrations(dir: URL | string = MIGRATIONS_DIR): Migration[] {
  const files = readdirSync(dir).filter((f) => f.endsWith(".sql")).sort();
  const out: Migration[] = [];
  for (const file of files) {
    const m = FILE_RE.exec(file);
    if (!m) throw new VoxpopError("STORE_ERROR", `migration file name ${JSON.stringify(file)} is not NNN_name.sql`);
    const sql = readFileSync(new URL(file, dirUrl(dir)), "utf8");
    out.push({ version: Number(m[1]), name: m[2]!, sql });
  }
  out.sort((a, b) => a.version - b.version);
  out.forEach((mig, i) => {
    if (mig.version !== i + 1) {
      throw new VoxpopError("STORE_ERROR", `migrations must be numbered 1, 2, 3…; found version ${mig.version} at place ${i + 1}`);
    }
  });
  return out;
}

function dirUrl(dir: URL | string): URL {
  if (dir instanceof URL) return dir.href.endsWith("/") ? dir : new URL(dir.href + "/");
  const abs = dir.endsWith("/") ? dir : dir + "/";
  return new URL(abs, "file://" + process.cwd() + "/");
}

export interface MigrateResult {
  /** Versions applied by this call, in order (empty when the database was up to date). */
  applied: number[];
  version: number;
}

export function currentVersion(db: DatabaseSync): number {
  const row = db.prepare("SELECT coalesce(max(version), 0) AS v FROM schema_migrations").get() as { v: number } | undefined;
  return Number(row?.v ?? 0);
}

export function migrate(db: DatabaseSync, migrations: readonly Migration[]): MigrateResult {
  const hasTable = (name: string): boolean =>
    db.prepare("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = ?").get(name) !== undefined;

  if (!hasTable("schema_migrations")) {
    // A SQLite file that already holds tables but was never migrated belongs to something else:
    // adding voxpop's tables to it would damage it.
    const other = db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' LIMIT 1").get() as { name: string } | undefined;
    if (other) {
      throw new VoxpopError("STORE_ERROR", `not a voxpop database: it has tables (e.g. ${JSON.stringify(other.name)}) but no schema_migrations`);
    }
  }

  const latest = migrations.reduce((m, x) => Math.max(m, x.version), 0);
  db.exec("BEGIN IMMEDIATE");
  try {
    db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
      version INTEGER PRIMARY KEY, name TEXT NOT NULL, checksum TEXT NOT NULL, applied_at TEXT NOT NULL)`);
    const have = currentVersion(db);
    if (have > latest) {
      throw new VoxpopError(
        "STORE_ERROR",
        `database schema version ${have} is newer than this voxpop supports (${latest}); upgrade voxpop to open it`,
      );
    }
    const applied: number[] = [];
    const record = db.prepare("INSERT INTO schema_migrations (version, name, checksum, applied_at) VALUES (?, ?, ?, ?)");
    for (const mig of migrations) {
      if (mig.version <= have) continue;
      try {
        db.exec(mig.sql);
      } catch (err) {
        throw new VoxpopError("STORE_ERROR", `migration ${mig.version}_${mig.name} failed: ${(err as Error).message}`, { cause: err });
      }
      record.run(mig.version, mig.name, sha256(mig.sql), new Date().toISOString());
      applied.push(mig.version);
    }
    db.exec("COMMIT");
    return { applied, version: Math.max(have, latest) };
  } catch (err) {
    if (db.isTransaction) db.exec("ROLLBACK");
    throw err;
  }
}
