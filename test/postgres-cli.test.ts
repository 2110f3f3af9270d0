// The command line on PostgreSQL: `--db postgres://…` selects the PostgreSQL store for every
// command, and `migrate-db` copies a SQLite store into it with counts checked. Runs against the
// machine's PostgreSQL (127.0.0.1:5432, or $VOXPOP_TEST_PG); each run makes its own database and
// drops it. Skips with the reason when the server does not answer.
import { describe, it, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { randomBytes } from "node:crypto";
import pg from "pg";
import { main } from "../src/cli/main.ts";

const ADMIN = process.env.VOXPOP_TEST_PG ?? "postgres://postgres@127.0.0.1:5432/postgres";
const DB = `vp_cli_${randomBytes(4).toString("hex")}`;
const url = new URL(ADMIN);
url.pathname = `/${DB}`;
const TARGET = url.href;

let skip: string | null = null;
let dir: string;

async function run(args: string[]) {
  let stdout = "";
  let stderr = "";
  const code = await main(args, { stdout: (s) => { stdout += s; }, stderr: (s) => { stderr += s; }, env: {} });
  return { code, stdout, stderr };
}

async function admin(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: ADMIN, connectionTimeoutMillis: 3000 });
  await client.connect();
  try { await client.query(sql); } finally { await client.end(); }
}

before(async () => {
  dir = await mkdtemp(join(tmpdir(), "voxpop-pgcli-"));
  try {
    await admin(`CREATE DATABASE ${DB}`);
  } catch (err) {
    skip = `PostgreSQL is not reachable at ${ADMIN.replace(/\/\/[^@]*@/, "//")} (${(err as Error).message})`;
  }
});
after(async () => {
  if (!skip) await admin(`DROP DATABASE IF EXISTS ${DB} WITH (FORCE)`).catch(() => {});
  await rm(dir, { recursive: true, force: true });
});

describe("voxpop on PostgreSQL", () => {
  it("migrate-db copies a SQLite store with counts checked, and every command then works on --db postgres://", async (t) => {
    if (skip) return t.skip(skip);
    const sqlite = join(dir, "demo.db");
    const demo = await run(["demo", "--db", sqlite]);
    assert.equal(demo.code, 0, demo.stderr);
    const copied = await run(["migrate-db", "--from", sqlite, "--to", TARGET]);
    assert.equal(copied.code, 0, copied.stderr);
    assert.match(copied.stderr, /counts checked/);
    assert.doesNotMatch(copied.stderr, /password/);
    // The same roundup, search and story list from both stores.
    for (const args of [["roundup", "--story", "demo"], ["search", "lifeboat", "--story", "demo", "--format", "json"], ["story", "list", "--format", "json"]]) {
      const a = await run([...args, "--db", sqlite]);
      const b = await run([...args, "--db", TARGET]);
      assert.equal(b.code, 0, b.stderr);
      if (args[0] === "search") {
        const ids = (s: string) => (JSON.parse(s) as Array<{ id: string }>).map((h) => h.id).sort();
        assert.deepEqual(ids(b.stdout), ids(a.stdout));
      } else assert.equal(b.stdout, a.stdout, args.join(" "));
    }
    // A copy into a store that already holds data is refused.
    const again = await run(["migrate-db", "--from", sqlite, "--to", TARGET]);
    assert.equal(again.code === 0, false);
  });

  it("collects and curates straight into PostgreSQL", async (t) => {
    if (skip) return t.skip(skip);
    const created = await run(["story", "create", "pgstory", "--subject", "adamarrow", "--db", TARGET]);
    assert.equal(created.code, 0, created.stderr);
    const collected = await run(["collect", "pgstory", "--source", `file:${join(import.meta.dirname, "..", "demo", "mastodon-statuses.json")}`, "--db", TARGET]);
    assert.equal(collected.code, 0, collected.stderr);
    const rerun = await run(["collect", "pgstory", "--source", `file:${join(import.meta.dirname, "..", "demo", "mastodon-statuses.json")}`, "--db", TARGET]);
    assert.match(rerun.stderr, / 0 new posts stored/);
    const exported = await run(["export", "--story", "pgstory", "--format", "jsonl", "--db", TARGET]);
    const rows = exported.stdout.trim().split("\n").map((l) => JSON.parse(l) as { platform: string });
    assert.ok(rows.length > 100);
    assert.ok(rows.every((r) => r.platform === "mastodon"));
  });

  it("says clearly when the server cannot be reached, without the password", async () => {
    const r = await run(["story", "list", "--db", "postgres://someone:hunter2@127.0.0.1:1/none"]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /cannot connect to PostgreSQL/);
    assert.doesNotMatch(r.stderr, /hunter2/);
  });
});
