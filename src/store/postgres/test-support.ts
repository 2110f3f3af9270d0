// Test support for the PostgreSQL store: the server tests use (VOXPOP_TEST_PG, default the local
// one on 127.0.0.1:5432), whether it answers, and fresh schemas that are dropped afterwards.

import { randomBytes } from "node:crypto";
import pg from "pg";

export const TEST_PG_URL = process.env.VOXPOP_TEST_PG ?? "postgres://postgres@127.0.0.1:5432/test";

/** null when the server answers, else why the PostgreSQL tests are skipped. */
export async function pgSkipReason(url = TEST_PG_URL): Promise<string | null> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query("SELECT 1");
    // The extension lives in public, shared by every test schema (installed into a test schema,
    // it would be dropped with it, under the other schemas' feet).
    await client.query("CREATE EXTENSION IF NOT EXISTS unaccent SCHEMA public").catch(() => undefined);
    return null;
  } catch (err) {
    return `PostgreSQL is not reachable at ${url} (${(err as Error).message || (err as { code?: string }).code}); start it (.ci/run does) to run these tests`;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** A new schema name, unique to this run. */
export function freshSchema(): string {
  return `vp_test_${randomBytes(6).toString("hex")}`;
}

export async function dropSchemas(names: string[], url = TEST_PG_URL): Promise<void> {
  if (names.length === 0) return;
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    for (const name of names.splice(0)) await client.query(`DROP SCHEMA IF EXISTS ${name} CASCADE`);
  } finally {
    await client.end();
  }
}
