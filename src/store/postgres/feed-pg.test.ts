// The PostgreSQL feed and curation (feed-pg.ts, migrations 004/005) beyond the shared contract,
// which postgres.test.ts runs: the facet rules, the database itself refusing to change the
// decision log, creation times read as SQLite reads them and kept in step by triggers, editors
// appending decisions at once from several connections, and hand-made cursors and positions
// that only a typed database would trip on. Each test works in a schema of its own, dropped
// afterwards; the PostgreSQL tests skip with the reason when no server answers. Posts are
// fictional.

import { after, describe, it } from "node:test";
import assert from "node:assert/strict";
import { DatabaseSync } from "node:sqlite";
import pg from "pg";
import { VoxpopError } from "../../core/index.ts";
import { foldDecisions, postKey, UNDECIDED } from "../../curate/index.ts";
import { fakePost } from "../contract.ts";
import { encodeCursor, normalizeQuery } from "../feed.ts";
import type { DecisionInput, PostRef, Store } from "../store.ts";
import { facetsOf } from "./feed-pg.ts";
import { loadPgMigrations } from "./migrate.ts";
import { openPostgresStore } from "./pg-store.ts";
import { dropSchemas, freshSchema, pgSkipReason, TEST_PG_URL } from "./test-support.ts";

const STORY = "feed-pg";
const source = { kind: "bluesky", uri: "test:feed-pg" };

describe("facetsOf: annotations to feed facets", () => {
  it("reads each field only from a value of the right JSON type", () => {
    assert.deepEqual(facetsOf({
      reaction: { primary: "support" }, lang: { lang: "es" }, offensive: { label: true }, hate: { label: false },
      notability: { score: 0.25 }, emotions: { labels: ["love", 3, null, "caring", "love"] },
    }), { reaction: "support", lang: "es", offensive: true, hate: false, notability: 0.25, emotions: ["love", "caring", "love"] });
    assert.deepEqual(facetsOf({
      reaction: { primary: 7 }, lang: "en", offensive: { label: "yes" }, hate: [true], notability: { score: "high" }, emotions: { labels: "joy" },
    }), { reaction: null, lang: null, offensive: false, hate: false, notability: 0, emotions: [] });
    assert.deepEqual(facetsOf({}), { reaction: null, lang: null, offensive: false, hate: false, notability: 0, emotions: [] });
    assert.equal(facetsOf({ notability: { score: 7 } }).notability, 1, "clamped to 0..1");
    assert.equal(facetsOf({ notability: { score: -2 } }).notability, 0);
    assert.equal(facetsOf({ reaction: null, notability: null }).reaction, null);
  });
});

const skip = await pgSkipReason();
const schemas: string[] = [];
after(() => dropSchemas(schemas));

async function open(schema = freshSchema()): Promise<Store> {
  if (!schemas.includes(schema)) schemas.push(schema);
  return openPostgresStore(TEST_PG_URL, { schema });
}

async function sql<T extends pg.QueryResultRow>(schema: string, text: string, values: unknown[] = []): Promise<T[]> {
  const c = new pg.Client({ connectionString: TEST_PG_URL, options: `-c search_path=${schema}` });
  await c.connect();
  try {
    return (await c.query<T>(text, values)).rows;
  } finally {
    await c.end();
  }
}

const code = (c: string, pattern?: RegExp) => (err: unknown): boolean => {
  assert.ok(err instanceof VoxpopError, `expected a VoxpopError, got ${String(err)}`);
  assert.equal(err.code, c, err.message);
  if (pattern) assert.match(err.message, pattern);
  return true;
};

/** A story of `n` fictional posts, one an hour from 2031-03-04T00:00Z. */
async function story(s: Store, n: number): Promise<PostRef[]> {
  await s.ensureStory(STORY);
  const posts = Array.from({ length: n }, (_, i) => fakePost(i + 1, {
    id: `fp${i + 1}`, createdAt: new Date(Date.parse("2031-03-04T00:00:00Z") + i * 3_600_000).toISOString(), position: i + 1,
  }));
  await s.savePosts({ posts, story: STORY, source });
  return posts.map((p) => ({ platform: p.platform, id: p.id }));
}

if (skip) {
  it("PostgreSQL feed", { skip }, () => undefined);
} else {
  describe("postgres feed: the decision log in the database", () => {
    it("refuses UPDATE, DELETE and TRUNCATE of decisions whoever asks", async () => {
      const schema = freshSchema();
      const s = await open(schema);
      try {
        const [a] = await story(s, 2);
        await s.appendDecision(STORY, { action: "include", post: a!, actor: "editor" });
        for (const statement of ["UPDATE decisions SET actor = 'someone else'", "DELETE FROM decisions", "TRUNCATE decisions"]) {
          await assert.rejects(sql(schema, statement), /decisions are append-only/, statement);
        }
        assert.deepEqual((await s.listDecisions(STORY)).map((d) => [d.action, d.actor]), [["include", "editor"]]);
      } finally {
        await s.close();
      }
    });

    it("decides concurrent editors' decisions one at a time: the curation is the fold of the log", async () => {
      const schema = freshSchema();
      const editors = [await open(schema), await open(schema), await open(schema)];
      try {
        const refs = await story(editors[0]!, 30);
        // A fixed pseudo-random mix of moves (before/after), pins, status changes and undos.
        let seed = 7;
        const rand = (k: number) => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed % k; };
        const inputs: DecisionInput[] = Array.from({ length: 90 }, (_, i): DecisionInput => {
          const post = refs[rand(refs.length)]!;
          let other = refs[rand(refs.length)]!;
          if (other.id === post.id) other = refs[(refs.indexOf(post) + 1) % refs.length]!;
          switch (i % 6) {
            case 0: return { action: "move", post, value: { before: other } };
            case 1: return { action: "move", post, value: { after: other } };
            case 2: return { action: "include", post };
            case 3: return { action: "pin", post };
            case 4: return { action: "undo" };
            default: return { action: "move", post, value: { rank: rand(40) / 4 } };
          }
        });
        const results = await Promise.allSettled(inputs.map((input, i) => editors[i % editors.length]!.appendDecision(STORY, input)));
        for (const r of results) if (r.status === "rejected") throw r.reason;

        const log = await editors[1]!.listDecisions(STORY);
        assert.equal(log.length, inputs.length, "every decision was appended");
        assert.equal(new Set(log.map((d) => d.id)).size, log.length);
        const undone = log.filter((d) => d.action === "undo").map((d) => (d.value as { decision: number }).decision);
        assert.equal(new Set(undone).size, undone.length, "no decision was undone twice");
        const { state } = foldDecisions(log);
        const page = await editors[2]!.queryPosts(STORY, { abuse: "show", limit: 500, sort: "curated" });
        for (const p of page.posts) assert.deepEqual(p.curation, state.get(postKey(p)) ?? UNDECIDED, p.id);
        // The curated order is the fold's: pinned first, then effective rank, then position.
        const want = [...page.posts].sort((a, b) => {
          const ca = state.get(postKey(a)) ?? UNDECIDED;
          const cb = state.get(postKey(b)) ?? UNDECIDED;
          return Number(cb.pinned) - Number(ca.pinned) || (ca.rank ?? a.position) - (cb.rank ?? b.position) || a.position - b.position;
        });
        assert.deepEqual(page.posts.map((p) => p.id), want.map((p) => p.id));
      } finally {
        await Promise.all(editors.map((e) => e.close()));
      }
    });
  });

  describe("postgres feed: the kept counts", () => {
    it("story_counts stays equal to counting the rows, through joins, role changes, new enrichment and shared posts", async () => {
      const schema = freshSchema();
      const s = await open(schema);
      try {
        const check = async (when: string) => {
          const kept = await sql(schema, "SELECT story_id, role, posts::int, abusive::int FROM story_counts WHERE posts <> 0 OR abusive <> 0 ORDER BY 1, 2");
          const real = await sql(schema, `SELECT sp.story_id, sp.role, count(*)::int AS posts, (count(*) FILTER (WHERE f.abusive))::int AS abusive
            FROM story_posts sp LEFT JOIN post_facets f ON f.post_pk = sp.post_pk GROUP BY 1, 2 ORDER BY 1, 2`);
          assert.deepEqual(kept, real, when);
        };
        const abusive = (label: boolean) => ({ offensive: { version: "t", data: { label } } });
        await s.ensureStory("a");
        const posts = Array.from({ length: 6 }, (_, i) => fakePost(i + 1, { id: `c${i + 1}`, author: { name: null, handle: `h${i % 3}` } }));
        await s.savePosts({ posts, annotations: posts.map((_, i) => abusive(i % 2 === 0)), story: "a", source });
        await check("after a batch with enrichment");
        await s.savePosts({ posts: posts.slice(0, 3), annotations: posts.slice(0, 3).map(() => abusive(true)), story: "b", source });
        await check("the same posts in a second story, one turned abusive");
        await s.saveAnnotations([{ platform: "x", id: "c1", annotations: abusive(false) }, { platform: "x", id: "c4", annotations: abusive(true) }]);
        await check("after enrichment changed");
        await s.ensureStory("a", { subjects: ["h1"] });
        await check("after posts became subject posts");
        const q = await s.queryPosts("a", { role: "subject" });
        assert.deepEqual([q.total, q.abusiveHidden], [0, 2], "h1 wrote c2 and c5, both abusive by now");
        await s.savePosts({ posts: [fakePost(9, { id: "c9" })], story: "a", source });
        await check("a post with no enrichment");
      } finally {
        await s.close();
      }
    });
  });

  describe("postgres feed: kept counts under concurrent writers", () => {
    it("stay exact while new subjects turn posts into subject posts and enrichment flips them abusive at once", async () => {
      const schema = freshSchema();
      const [a, b] = [await open(schema), await open(schema)];
      try {
        const authors = 12;
        await a.ensureStory(STORY);
        const posts = Array.from({ length: 48 }, (_, i) => fakePost(i + 1, { id: `r${i + 1}`, author: { name: null, handle: `author${i % authors}` } }));
        await a.savePosts({ posts, story: STORY, source });
        // Each round: one connection makes an author a subject while the other labels that
        // author's posts (first annotations for some, a flip for others).
        for (let round = 0; round < authors; round++) {
          const mine = posts.filter((_, i) => i % authors === round);
          await Promise.all([
            a.ensureStory(STORY, { subjects: [`author${round}`] }),
            b.saveAnnotations(mine.map((p, k) => ({ platform: p.platform, id: p.id, annotations: { hate: { version: "t", data: { label: (round + k) % 2 === 0 } } } }))),
          ]);
        }
        const kept = await sql(schema, "SELECT role, posts::int, abusive::int FROM story_counts WHERE posts <> 0 OR abusive <> 0 ORDER BY 1");
        const real = await sql(schema, `SELECT sp.role, count(*)::int AS posts, (count(*) FILTER (WHERE f.abusive))::int AS abusive
          FROM story_posts sp LEFT JOIN post_facets f ON f.post_pk = sp.post_pk GROUP BY 1 ORDER BY 1`);
        assert.deepEqual(kept, real);
      } finally {
        await Promise.all([a.close(), b.close()]);
      }
    });
  });

  describe("postgres feed: migrating a version 3 database", () => {
    it("fills facets, counts and creation times of the posts already stored, by the same rules as new posts", async () => {
      const schema = freshSchema();
      const v3 = await openPostgresStore(TEST_PG_URL, { schema, migrations: loadPgMigrations().slice(0, 3) });
      schemas.push(schema);
      await v3.close();
      // Annotations of every shape the rules must read or refuse, written as version 3 wrote them.
      const notes: Array<Record<string, unknown>> = [
        { reaction: { primary: "support" }, lang: { lang: "es" }, offensive: { label: true }, notability: { score: 0.25 }, emotions: { labels: ["love", 3, null, "caring", "love"] } },
        { reaction: { primary: 7 }, lang: "en", offensive: { label: "yes" }, hate: [true], notability: { score: "high" }, emotions: { labels: "joy" } },
        { hate: { label: true }, notability: { score: 7 }, emotions: { labels: [] } },
        { notability: { score: -2 }, reaction: null },
        {},
      ];
      const times = ["2031-03-04T10:00:00Z", "2031-03-05", "March 4, 2031", null, "2031-03-04T09:00:00+02:00"];
      await sql(schema, `INSERT INTO stories (name, created_at, updated_at) VALUES ('old', '2031-03-04', '2031-03-04')`);
      for (const [i, n] of notes.entries()) {
        await sql(schema, `WITH p AS (INSERT INTO posts (platform, id, created_at, text, stored_at, updated_at)
            VALUES ('x', $1, $2, 'old post', '2031-03-04', '2031-03-04') RETURNING pk),
          m AS (INSERT INTO story_posts (story_id, post_pk, role, position, added_at)
            SELECT (SELECT id FROM stories WHERE name = 'old'), pk, $3, $4, '2031-03-04' FROM p)
          INSERT INTO annotations (post_pk, enricher, version, data, annotated_at)
          SELECT p.pk, e.key, 'v3', e.value, '2031-03-04' FROM p, jsonb_each($5::jsonb) AS e`,
        [`old${i + 1}`, times[i], i === 4 ? "subject" : "reaction", i + 1, JSON.stringify(n)]);
      }
      const s = await open(schema);
      try {
        const posts = (await s.queryPosts("old", { abuse: "show" })).posts;
        assert.deepEqual(posts.map((p) => p.facets), notes.map((n) => facetsOf(n)), "the SQL fill reads annotations as facetsOf does");
        const hidden = await s.queryPosts("old");
        assert.deepEqual([hidden.total, hidden.abusiveHidden], [3, 2]);
        assert.deepEqual((await s.queryPosts("old", { role: "subject" })).total, 1);
        assert.deepEqual((await s.queryPosts("old", { emotion: ["love"], abuse: "show" })).posts.map((p) => p.id), ["old1"]);
        assert.deepEqual((await s.queryPosts("old", { sort: "newest", abuse: "show" })).posts.map((p) => p.id), ["old2", "old1", "old5", "old4", "old3"]);
      } finally {
        await s.close();
      }
    });
  });

  describe("postgres feed: creation times", () => {
    it("reads a post's time as SQLite's julianday() does, and follows it when the post changes", async () => {
      const texts = ["2031-03-04", "2031-03-04T10:00:00Z", "2031-03-04T10:00", "2031-03-04 10:00:00.1234+05:30",
        "2031-03-04T10:00:00.5-02:00", "2031-03-04T10:00:00z", "2031-03-04T10:00:00-0200", "March 4, 2031", "today",
        "2031-03-04T25:00:00Z", "", "1e9", "2031-03-04T10:00:00+14:00"];
      const lite = new DatabaseSync(":memory:");
      const expected = texts.map((t) => (lite.prepare("SELECT CAST(round((julianday(?) - 2440587.5) * 86400000) AS INTEGER) AS v").get(t) as { v: number | null }).v);
      lite.close();
      const schema = freshSchema();
      const s = await open(schema);
      try {
        const got = await sql<{ v: number | null }>(schema, "SELECT voxpop_time_ms(t)::float8 AS v FROM unnest($1::text[]) WITH ORDINALITY AS u (t, i) ORDER BY i", [texts]);
        assert.deepEqual(got.map((r) => r.v), expected);

        const refs = await story(s, 3);
        const newest = async () => (await s.queryPosts(STORY, { sort: "newest" })).posts.map((p) => p.id);
        assert.deepEqual(await newest(), ["fp3", "fp2", "fp1"]);
        // A later read of fp1 gives it a time after the others: the feed's time follows.
        await s.savePosts({ posts: [fakePost(1, { id: refs[0]!.id, createdAt: "2031-03-05T00:00:00Z", position: 1 })], story: STORY, source });
        assert.deepEqual(await newest(), ["fp1", "fp3", "fp2"]);
        assert.deepEqual((await s.queryPosts(STORY, { since: "2031-03-05" })).posts.map((p) => p.id), ["fp1"]);
        assert.deepEqual((await s.storyStats(STORY, { bucket: "day" })).timeline.map((b) => [b.t, b.posts]),
          [["2031-03-04T00:00:00Z", 2], ["2031-03-05T00:00:00Z", 1]]);
      } finally {
        await s.close();
      }
    });
  });

  describe("postgres feed: hand-made cursors and positions", () => {
    it("refuses a cursor whose keys are not this store's, and reads any finite position in postsAfter", async () => {
      const s = await open();
      try {
        await story(s, 5);
        const q = normalizeQuery({ limit: 2 });
        const cursor = (after: Array<number | string>, snapshot = 5) => encodeCursor(q.fingerprint, { snapshot, after, counts: [5, 0] });
        for (const after of [[2.5], ["2"], [2 ** 60]]) {
          await assert.rejects(s.queryPosts(STORY, { limit: 2, cursor: cursor(after) }), code("INVALID_ARGUMENT", /cursor is not valid/), JSON.stringify(after));
        }
        assert.deepEqual((await s.queryPosts(STORY, { limit: 2, cursor: cursor([2], 2 ** 52) })).posts.map((p) => p.id), ["fp3", "fp4"],
          "a snapshot beyond any position is only a bound");
        const at = async (position: number, limit?: number) => (await s.postsAfter(STORY, position, limit)).map((p) => p.position);
        assert.deepEqual(await at(2.5), [3, 4, 5]);
        assert.deepEqual(await at(-1e300, 2), [1, 2]);
        assert.deepEqual(await at(1e300), []);
        assert.deepEqual(await s.listDecisions(STORY, { afterId: 2 ** 60 }), []);
        await assert.rejects(s.appendDecision(STORY, { action: "undo", value: { decision: 2 ** 52 } }), code("NOT_FOUND"));
      } finally {
        await s.close();
      }
    });
  });
}
