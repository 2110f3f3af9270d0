import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DatabaseSync } from "node:sqlite";
import { VoxpopError } from "../../core/index.ts";
import { storeContract, fakePost } from "../contract.ts";
import { openSqliteStore } from "../index.ts";
import { loadMigrations, migrate } from "./migrate.ts";
import type { Migration } from "./migrate.ts";

let dir = "";
let n = 0;
const freshPath = (): string => join(dir, `store-${++n}.db`);

before(() => { dir = mkdtempSync(join(tmpdir(), "voxpop-store-")); });
after(() => { rmSync(dir, { recursive: true, force: true }); });

storeContract("sqlite (temp file)", async () => openSqliteStore(freshPath()));
storeContract("sqlite (:memory:)", async () => openSqliteStore(":memory:"));

function storeError(pattern: RegExp) {
  return (err: unknown): boolean => {
    assert.ok(err instanceof VoxpopError, `expected a VoxpopError, got ${String(err)}`);
    assert.equal(err.code, "STORE_ERROR");
    assert.match(err.message, pattern);
    assert.ok(!err.message.includes("\n"), "a one-line message");
    return true;
  };
}

describe("sqlite store: opening and migrations", () => {
  it("uses WAL, foreign keys and a busy timeout, and records every migration", async () => {
    const path = freshPath();
    const store = openSqliteStore(path);
    await store.close();
    const db = new DatabaseSync(path);
    try {
      assert.equal((db.prepare("PRAGMA journal_mode").get() as { journal_mode: string }).journal_mode, "wal");
      const rows = db.prepare("SELECT version, name FROM schema_migrations ORDER BY version").all();
      assert.deepEqual(rows.map((r) => ({ ...r })), [{ version: 1, name: "initial" }, { version: 2, name: "annotations" }, { version: 3, name: "collect" }, { version: 4, name: "curation" }, { version: 5, name: "feed_time" }]);
      const tables = (db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name").all() as { name: string }[]).map((r) => r.name);
      for (const t of ["posts", "authors", "stories", "story_posts", "story_subjects", "raw_payloads", "provenance", "articles", "source_cursors", "quarantine", "posts_fts", "schema_migrations", "annotations", "decisions", "story_curation", "post_facets", "post_emotions"]) {
        assert.ok(tables.includes(t), `table ${t}`);
      }
    } finally {
      db.close();
    }
  });

  it("keeps data across re-opening and applies nothing new", async () => {
    const path = freshPath();
    let store = openSqliteStore(path);
    await store.savePosts({ posts: [fakePost(1)], source: { kind: "article", uri: "https://news.example/a" }, story: "s" });
    await store.close();
    const db = new DatabaseSync(path);
    const before = db.prepare("SELECT version, applied_at FROM schema_migrations").all().map((r) => ({ ...r }));
    db.close();

    store = openSqliteStore(path);
    assert.equal((await store.stats()).posts, 1);
    assert.equal((await store.storyPosts("s"))[0]?.text, "Fictional post number 1");
    await store.close();
    const db2 = new DatabaseSync(path);
    assert.deepEqual(db2.prepare("SELECT version, applied_at FROM schema_migrations").all().map((r) => ({ ...r })), before);
    db2.close();
  });

  it("applies only a new migration to an existing database", async () => {
    const path = freshPath();
    const bundled = loadMigrations();
    await openSqliteStore(path, { migrations: bundled }).close();
    const extra: Migration = { version: bundled.length + 1, name: "test_extra", sql: "CREATE TABLE test_extra (x INTEGER);" };
    const store = openSqliteStore(path, { migrations: [...bundled, extra] });
    assert.equal((await store.stats()).schemaVersion, bundled.length + 1);
    await store.close();
    const db = new DatabaseSync(path);
    const versions = (db.prepare("SELECT version FROM schema_migrations ORDER BY version").all() as { version: number }[]).map((r) => r.version);
    db.close();
    assert.deepEqual(versions, [...bundled.map((m) => m.version), extra.version]);
  });

  it("rolls back every pending migration when one fails", async () => {
    const path = freshPath();
    const bundled = loadMigrations();
    const broken: Migration[] = [...bundled,
      { version: bundled.length + 1, name: "ok", sql: "CREATE TABLE will_vanish (x);" },
      { version: bundled.length + 2, name: "bad", sql: "CREATE TABLE oops (" }];
    assert.throws(() => openSqliteStore(path, { migrations: broken }), storeError(/migration \d+_bad failed/));
    const db = new DatabaseSync(path);
    const has = db.prepare("SELECT count(*) AS n FROM sqlite_schema WHERE name IN ('will_vanish', 'posts')").get() as { n: number };
    db.close();
    assert.equal(has.n, 0);
  });

  it("refuses a database written by a newer voxpop", async () => {
    const path = freshPath();
    await openSqliteStore(path).close();
    const db = new DatabaseSync(path);
    db.prepare("INSERT INTO schema_migrations (version, name, checksum, applied_at) VALUES (999, 'future', '', '2099-01-01T00:00:00Z')").run();
    db.close();
    assert.throws(() => openSqliteStore(path), storeError(/schema version 999 is newer than this voxpop supports \(\d+\)/));
  });

  it("refuses a text file with a clear one-line message", () => {
    const path = join(dir, "notes.txt");
    writeFileSync(path, "These are fictional notes, not a database.\n".repeat(100));
    assert.throws(() => openSqliteStore(path), storeError(/is not a SQLite database/));
  });

  it("refuses a SQLite database that is not voxpop's", () => {
    const path = freshPath();
    const db = new DatabaseSync(path);
    db.exec("CREATE TABLE someone_elses (x)");
    db.close();
    assert.throws(() => openSqliteStore(path), storeError(/not a voxpop database/));
  });

  it("reports a path it cannot open", () => {
    assert.throws(() => openSqliteStore(join(dir, "no", "such", "dir", "x.db")), storeError(/cannot open database/));
  });

  it("the bundled migrations are numbered from 1 without gaps", () => {
    const migs = loadMigrations();
    assert.ok(migs.length >= 1);
    assert.deepEqual(migs.map((m) => m.version), migs.map((_, i) => i + 1));
    assert.ok(readdirSync(new URL("./migrations/", import.meta.url)).every((f) => /^\d{3}_[a-z0-9_]+\.sql$/.test(f)));
  });
});

describe("sqlite store: failures are STORE_ERROR with a cause", () => {
  it("wraps a lock held by another connection", async () => {
    const path = freshPath();
    const store = openSqliteStore(path, { busyTimeoutMs: 50 });
    const other = new DatabaseSync(path);
    other.exec("BEGIN IMMEDIATE");
    try {
      await assert.rejects(
        store.savePosts({ posts: [fakePost(1)], source: { kind: "article", uri: "https://news.example/a" } }),
        (err: unknown) => {
          assert.ok(err instanceof VoxpopError);
          assert.equal(err.code, "STORE_ERROR");
          assert.match(err.message, /savePosts failed: .*locked/);
          assert.ok(err.cause instanceof Error);
          return true;
        },
      );
    } finally {
      other.exec("ROLLBACK");
      other.close();
    }
    // The store is still usable once the lock is gone.
    assert.equal((await store.savePosts({ posts: [fakePost(1)], source: { kind: "article", uri: "https://news.example/a" } })).inserted, 1);
    await store.close();
  });

  it("rolls back the whole batch when SQLite fails part-way (5,000 posts)", async () => {
    const path = freshPath();
    const store = openSqliteStore(path);
    // Another connection plants a trigger that fails on the second-to-last post of the batch.
    const db = new DatabaseSync(path);
    db.exec("CREATE TRIGGER fail_late BEFORE INSERT ON posts WHEN new.id = 'p4999' BEGIN SELECT RAISE(ABORT, 'planted failure'); END");
    db.close();
    const posts = Array.from({ length: 5000 }, (_, i) => fakePost(i + 1));
    await assert.rejects(
      store.savePosts({
        posts, story: "s", source: { kind: "article", uri: "https://news.example/a" },
        raw: { payload: "<html>fictional</html>", contentType: "text/html" },
        article: { url: "https://news.example/a", title: "A", byline: null, publishedAt: null, lang: "en", text: "" },
        cursor: { source: "src", cursor: "c1" },
      }),
      storeError(/savePosts failed: planted failure/),
    );
    const st = await store.stats();
    assert.deepEqual([st.posts, st.stories, st.rawPayloads, st.articles, st.provenance, st.authors, st.cursors], [0, 0, 0, 0, 0, 0, 0]);
    assert.equal(await store.getCursor("src"), null);
    await store.close();
  });

  it("two connections to one file share the dedupe slot", async () => {
    const path = freshPath();
    const a = openSqliteStore(path);
    const b = openSqliteStore(path);
    const src = { kind: "article", uri: "https://news.example/a" };
    const [ra, rb] = await Promise.all([
      a.savePosts({ posts: [fakePost(1), fakePost(2)], source: src, story: "s" }),
      b.savePosts({ posts: [fakePost(2), fakePost(3)], source: src, story: "s" }),
    ]);
    assert.equal(ra.inserted + rb.inserted, 3);
    assert.deepEqual((await b.storyPosts("s")).map((p) => p.id), ["p1", "p2", "p3"]);
    await a.close();
    await b.close();
  });

  it("keeps the FTS index in step with posts (integrity-check)", async () => {
    const path = freshPath();
    const store = openSqliteStore(path);
    await store.savePosts({ posts: [fakePost(1, { text: null }), fakePost(2)], source: { kind: "article", uri: "u" } });
    await store.savePosts({ posts: [fakePost(1), fakePost(2, { text: "changed text" })], source: { kind: "article", uri: "u" } });
    await store.close();
    const db = new DatabaseSync(path);
    try {
      db.exec("INSERT INTO posts_fts (posts_fts, rank) VALUES ('integrity-check', 1)");
      const rows = db.prepare("SELECT rowid FROM posts_fts WHERE posts_fts MATCH '\"changed\"'").all();
      assert.equal(rows.length, 1);
      assert.equal(db.prepare("SELECT rowid FROM posts_fts WHERE posts_fts MATCH '\"number\" \"2\"'").all().length, 0);
    } finally {
      db.close();
    }
  });
});

describe("sqlite store: curation tables", () => {
  it("refuses any UPDATE or DELETE of a decision at the database level", async () => {
    const path = freshPath();
    const store = openSqliteStore(path);
    await store.savePosts({ posts: [fakePost(1)], source: { kind: "article", uri: "https://news.example/a" }, story: "s" });
    await store.appendDecision("s", { action: "include", post: { platform: "x", id: "p1" } });
    await store.close();
    const db = new DatabaseSync(path);
    try {
      assert.throws(() => db.exec("UPDATE decisions SET action = 'exclude'"), /append-only/);
      assert.throws(() => db.exec("DELETE FROM decisions"), /append-only/);
      assert.equal((db.prepare("SELECT count(*) AS n FROM decisions").get() as { n: number }).n, 1);
    } finally {
      db.close();
    }
  });

  it("migrating an older database fills the facets and creation times of the posts it holds", async () => {
    // A version 3 database, written as that version's code wrote it.
    const path = freshPath();
    const db = new DatabaseSync(path);
    migrate(db, loadMigrations().filter((m) => m.version <= 3));
    const now = "2031-03-06T00:00:00Z";
    db.exec(`INSERT INTO stories (id, name, created_at, updated_at) VALUES (1, 's', '${now}', '${now}');
      INSERT INTO posts (pk, platform, id, created_at, text, stored_at, updated_at) VALUES
        (1, 'x', 'p1', '2031-03-04T10:30:00+02:00', 'one', '${now}', '${now}'), (2, 'x', 'p2', NULL, 'two', '${now}', '${now}');
      INSERT INTO story_posts (story_id, post_pk, role, position, added_at) VALUES (1, 1, 'reaction', 1, '${now}'), (1, 2, 'reaction', 2, '${now}');`);
    const note = db.prepare("INSERT INTO annotations (post_pk, enricher, version, data, annotated_at) VALUES (1, ?, '1', ?, ?)");
    for (const [enricher, data] of Object.entries({
      reaction: { primary: "support" }, lang: { lang: "en" }, offensive: { label: true }, notability: { score: 0.25 },
      emotions: { labels: ["love", "caring"] },
    })) note.run(enricher, JSON.stringify(data), now);
    db.close();
    let store: Awaited<ReturnType<typeof openSqliteStore>>;
    store = openSqliteStore(path);
    try {
      const page = await store.queryPosts("s", { abuse: "show", sort: "oldest" });
      assert.deepEqual(page.posts.map((p) => p.facets), [
        { reaction: "support", lang: "en", offensive: true, hate: false, notability: 0.25, emotions: ["love", "caring"] },
        { reaction: null, lang: null, offensive: false, hate: false, notability: 0, emotions: [] },
      ]);
      assert.deepEqual((await store.queryPosts("s", { emotion: ["caring"], abuse: "show" })).posts.map((p) => p.id), ["p1"]);
      assert.deepEqual((await store.storyStats("s")).timeline, [{ t: "2031-03-04T08:00:00Z", posts: 1, subjectPosts: 0 }]);
    } finally {
      await store.close();
    }
  });
});
