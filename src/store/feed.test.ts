import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { VoxpopError } from "../core/index.ts";
import { buildFeedStore, benchFeedQueries } from "../../bench/feed-store.ts";
import { encodeCursor, fillTimeline, normalizeQuery } from "./feed.ts";

describe("feed query helpers", () => {
  it("normalises a query so that the same filters give the same fingerprint", () => {
    const a = normalizeQuery({ reaction: ["support", "praise", "support"], limit: 10 });
    const b = normalizeQuery({ reaction: ["praise", "support"], limit: 20 });
    assert.deepEqual(a.reaction, ["praise", "support"]);
    assert.equal(a.fingerprint, b.fingerprint, "order, repeats and the limit do not change the query");
    assert.notEqual(a.fingerprint, normalizeQuery({ reaction: ["support"] }).fingerprint);
    assert.equal(normalizeQuery({ until: "2031-03-04" }).until, "2031-03-04T23:59:59.999Z", "a date-only until runs to the end of the day");
    assert.equal(normalizeQuery({ q: "   " }).q, null);
  });

  it("refuses tampered or foreign cursors", () => {
    const q = normalizeQuery({});
    const good = encodeCursor(q.fingerprint, { snapshot: 10, after: [4], counts: [10, 1] });
    assert.deepEqual(normalizeQuery({ cursor: good }).cursor, { snapshot: 10, after: [4], counts: [10, 1] });
    const forged = Buffer.from(JSON.stringify({ f: q.fingerprint, s: 10, a: [{}], c: [1, 1] })).toString("base64url");
    for (const bad of [forged, "!!", good.slice(0, -3), Buffer.from("[]").toString("base64url")]) {
      assert.throws(() => normalizeQuery({ cursor: bad }), (err: unknown) => err instanceof VoxpopError && err.code === "INVALID_ARGUMENT");
    }
  });

  it("fills the timeline's empty buckets", () => {
    assert.deepEqual(fillTimeline([{ t: "2031-03-04T03:00:00Z", posts: 2, subjectPosts: 1 }, { t: "2031-03-04T01:00:00Z", posts: 1, subjectPosts: 0 }], "hour"), [
      { t: "2031-03-04T01:00:00Z", posts: 1, subjectPosts: 0 },
      { t: "2031-03-04T02:00:00Z", posts: 0, subjectPosts: 0 },
      { t: "2031-03-04T03:00:00Z", posts: 2, subjectPosts: 1 },
    ]);
  });
});

describe("bench/feed-store.ts (small, so the load bench's generator keeps working)", () => {
  let dir = "";
  before(() => { dir = mkdtempSync(join(tmpdir(), "voxpop-feedbench-")); });
  after(() => { rmSync(dir, { recursive: true, force: true }); });

  it("builds a story and runs every timed query on it", async () => {
    const path = join(dir, "feed.db");
    const info = await buildFeedStore(path, 400, { batch: 150 });
    assert.equal(info.posts, 400);
    assert.ok(info.decisions > 0);
    const rows = await benchFeedQueries(path, 1);
    assert.ok(rows.length > 10);
    for (const r of rows) assert.ok(r.rows >= 0 && Number.isFinite(r.medianMs), r.name);
    assert.equal(rows[0]!.rows, 50);
  });
});
