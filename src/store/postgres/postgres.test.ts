// The PostgreSQL store against the shared Store contract (and so the feed contract), each test
// in a schema of its own that is dropped afterwards, plus what only a server with several
// clients can show: concurrent writers, concurrent migrations, the parser never seeing user
// syntax. Skips with the reason when no PostgreSQL answers on 127.0.0.1:5432 (VOXPOP_TEST_PG).

import { after, describe, it } from "node:test";
import assert from "node:assert/strict";
import pg from "pg";
import { VoxpopError } from "../../core/index.ts";
import { fakePost, HOSTILE_QUERIES, storeContract } from "../contract.ts";
import type { Store } from "../store.ts";
import { toTsQuery } from "./fts-pg.ts";
import { loadPgMigrations } from "./migrate.ts";
import { openPostgresStore } from "./pg-store.ts";
import { dropSchemas, freshSchema, pgSkipReason, TEST_PG_URL } from "./test-support.ts";

const skip = await pgSkipReason();
const schemas: string[] = [];
const open = async (schema = freshSchema()) => {
  if (!schemas.includes(schema)) schemas.push(schema);
  return openPostgresStore(TEST_PG_URL, { schema });
};
after(() => dropSchemas(schemas));

function storeError(pattern: RegExp) {
  return (err: unknown): boolean => {
    assert.ok(err instanceof VoxpopError, `expected a VoxpopError, got ${String(err)}`);
    assert.equal(err.code, "STORE_ERROR");
    assert.match(err.message, pattern);
    return true;
  };
}

async function admin<T>(fn: (c: pg.Client) => Promise<T>, schema?: string): Promise<T> {
  const c = new pg.Client({ connectionString: TEST_PG_URL, ...(schema ? { options: `-c search_path=${schema}` } : {}) });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

if (skip) {
  it("PostgreSQL store", { skip }, () => undefined);
} else {
  storeContract("postgres (schema per test)", () => open(), { cleanup: () => dropSchemas(schemas) });

  describe("postgres store: opening and migrations", () => {
    it("records the same numbered migrations as SQLite, once, when several processes open a new database at once", async () => {
      const schema = freshSchema();
      const stores = await Promise.all(Array.from({ length: 4 }, () => open(schema)));
      await Promise.all(stores.map((s) => s.close()));
      const rows = await admin((c) => c.query("SELECT version, name FROM schema_migrations ORDER BY version"), schema);
      assert.deepEqual(rows.rows, [{ version: 1, name: "initial" }, { version: 2, name: "annotations" }, { version: 3, name: "collect" },
        { version: 4, name: "curation" }, { version: 5, name: "feed_time" }]);
      const again = await open(schema);
      assert.equal((await again.stats()).schemaVersion, 5);
      await again.close();
      const after = await admin((c) => c.query("SELECT count(*)::int AS n FROM schema_migrations"), schema);
      assert.equal(after.rows[0].n, 5, "re-opening applies nothing");
      await dropSchemas(schemas);
    });

    it("rolls back every pending migration when one fails, and refuses a newer database", async () => {
      const schema = freshSchema();
      const broken = [...loadPgMigrations(), { version: 6, name: "ok", sql: "CREATE TABLE will_vanish (x int)" },
        { version: 7, name: "bad", sql: "CREATE TABLE oops (" }];
      schemas.push(schema);
      await assert.rejects(openPostgresStore(TEST_PG_URL, { schema, migrations: broken }), storeError(/migration 7_bad failed/));
      const left = await admin((c) => c.query("SELECT count(*)::int AS n FROM information_schema.tables WHERE table_schema = $1", [schema]));
      assert.equal(left.rows[0].n, 0, "nothing left behind");
      await (await open(schema)).close();
      await admin((c) => c.query("INSERT INTO schema_migrations VALUES (999, 'future', '', '2099-01-01T00:00:00Z')"), schema);
      await assert.rejects(open(schema), storeError(/schema version 999 is newer than this voxpop supports \(5\)/));
      await dropSchemas(schemas);
    });

    it("refuses a schema holding someone else's tables", async () => {
      const schema = freshSchema();
      schemas.push(schema);
      await admin(async (c) => { await c.query(`CREATE SCHEMA ${schema}`); await c.query(`CREATE TABLE ${schema}.posts (x int)`); });
      await assert.rejects(open(schema), storeError(/not a voxpop database/));
      await dropSchemas(schemas);
    });

    it("names an unreachable server and a bad URL clearly", async () => {
      await assert.rejects(openPostgresStore("postgres://nobody:secret@127.0.0.1:1/none", { connectTimeoutMs: 2000 }), (err: unknown) => {
        storeError(/cannot connect to PostgreSQL at postgres:\/\/nobody:\*\*\*@127\.0\.0\.1:1\/none/)(err);
        assert.ok(!(err as Error).message.includes("secret"), "the password is not shown");
        return true;
      });
      await assert.rejects(openPostgresStore("/tmp/file.db"), (err: unknown) => err instanceof VoxpopError && err.code === "INVALID_ARGUMENT");
      await assert.rejects(openPostgresStore(TEST_PG_URL, { schema: "x; DROP TABLE y" }), (err: unknown) => err instanceof VoxpopError && err.code === "INVALID_ARGUMENT");
    });
  });

  describe("postgres store: concurrent writers", () => {
    it("two pools saving the same posts at once never duplicate a post nor lose a field", async () => {
      const schema = freshSchema();
      const [a, b] = [await open(schema), await open(schema)];
      try {
        const src = (n: string) => ({ kind: "bluesky", uri: `test:${n}` });
        for (let round = 0; round < 10; round++) {
          const ids = Array.from({ length: 50 }, (_, i) => round * 50 + i + 1);
          // A knows the text and one link; B knows the url and another link; both attach to the story.
          const fromA = ids.map((n) => fakePost(n, { url: null, links: [`https://a.example/${n}`], lang: null }));
          const fromB = [...ids].reverse().map((n) => fakePost(n, { text: null, links: [`https://b.example/${n}`], lang: "en" }));
          const [ra, rb] = await Promise.all([
            a.savePosts({ posts: fromA, source: src("a"), story: "s", annotations: fromA.map(() => ({ lang: { version: "1", data: { lang: "en" } } })) }),
            b.savePosts({ posts: fromB, source: src("b"), story: "s" }),
          ]);
          assert.equal(ra.inserted + rb.inserted, 50, "each post inserted once");
        }
        const posts = await a.storyPosts("s");
        assert.equal(posts.length, 500);
        assert.deepEqual(posts.map((p) => p.position), posts.map((_, i) => i + 1), "positions are dense and unique");
        for (const p of posts) {
          const n = p.id.slice(1);
          assert.equal(p.text, `Fictional post number ${n}`);
          assert.equal(p.url, `https://x.example/status/${n}`);
          assert.equal(p.lang, "en");
          assert.deepEqual([...p.links].sort(), [`https://a.example/${n}`, `https://b.example/${n}`]);
          assert.equal(p.provenance.length, 2);
          assert.deepEqual(p.annotations.lang?.data, { lang: "en" });
        }
        const st = await b.stats();
        assert.deepEqual([st.posts, st.storyPosts, st.provenance, st.authors], [500, 500, 1000, 500]);
        assert.equal((await a.search("fictional number 77")).length, 1, "the search vector follows the merged text");
      } finally {
        await a.close();
        await b.close();
        await dropSchemas(schemas);
      }
    });

    it("many writers saving overlapping batches of one story keep one row and one position per post", async () => {
      const schema = freshSchema();
      const stores = await Promise.all(Array.from({ length: 4 }, () => open(schema)));
      try {
        await Promise.all(stores.map(async (s, w) => {
          for (let round = 0; round < 5; round++) {
            const posts = Array.from({ length: 40 }, (_, i) => fakePost(((i * 7 + w * 13 + round * 29) % 120) + 1));
            await s.savePosts({ posts, source: { kind: "bluesky", uri: `w${w}` }, story: "busy", cursor: { source: `w${w}`, cursor: String(round) } });
          }
        }));
        const posts = await stores[0]!.storyPosts("busy");
        assert.equal(new Set(posts.map((p) => p.id)).size, posts.length);
        assert.deepEqual(posts.map((p) => p.position), posts.map((_, i) => i + 1));
        assert.equal((await stores[0]!.stats()).posts, posts.length);
        for (let w = 0; w < 4; w++) assert.equal(await stores[0]!.getCursor(`w${w}`), "4");
      } finally {
        await Promise.all(stores.map((s) => s.close()));
        await dropSchemas(schemas);
      }
    });
  });

  describe("postgres store: search", () => {
    it("every hostile query becomes a valid tsquery or none at all", async () => {
      await admin(async (c) => {
        for (const q of [...HOSTILE_QUERIES, "x".repeat(10_000), "a ".repeat(2_000), "\u0000hello\u0000", "'\\'':*", "a & b | !c <-> d"]) {
          const tsq = toTsQuery(q);
          if (tsq !== null) await c.query("SELECT $1::tsquery", [tsq]).catch((err: unknown) => assert.fail(`${JSON.stringify(q)} -> ${tsq}: ${String(err)}`));
        }
      });
    });

    it("tokenizes handles, URLs and underscores as SQLite does, and marks the matching field", async () => {
      const s: Store = await open();
      try {
        await s.savePosts({
          posts: [
            fakePost(1, { text: "Read https://news.example/a-story-about-loss now", author: { name: "A", handle: "someone.bsky.social" } }),
            fakePost(2, { text: "Nothing here", author: { name: "Gentle Reader", handle: "gentle_reader" } }),
          ],
          source: { kind: "file", uri: "t" }, story: "s",
        });
        assert.deepEqual((await s.search("bsky")).map((h) => h.id), ["p1"]);
        assert.deepEqual((await s.search("story about")).map((h) => h.id), ["p1"]);
        assert.deepEqual((await s.search("someone.bsky.social")).map((h) => h.id), ["p1"]);
        const [hit] = await s.search("gentle");
        assert.equal(hit?.id, "p2");
        assert.match(hit!.snippet, /«Gentle»/, "the author field's excerpt when the text does not match");
      } finally {
        await s.close();
        await dropSchemas(schemas);
      }
    });
  });
}
