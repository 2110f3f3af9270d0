// The feed and curation half of the PostgreSQL store: the decision log (appendDecision,
// listDecisions), the feed query (queryPosts, postsAfter), storyStats, and facetsOf, the rules
// by which a post's annotations become the facets the feed filters on (facets-pg.ts writes them
// when annotations are saved). The behaviour is the SQLite store's (../sqlite/sqlite-store.ts,
// ../sqlite/feed-sql.ts): the query, cursor and timeline rules are shared through ../feed.ts,
// the fold through src/curate/, and the contract suite (../contract-feed.ts) holds both stores
// to it. The schema is migrations/004_curation.sql and 005_feed_time.sql.
//
// Every value is a bound parameter; only fixed fragments from this file are pasted into SQL.
// Reads of several statements (a feed page and its counts, the stats) run in one REPEATABLE READ
// snapshot; appending a decision takes a per-story advisory lock, so concurrent editors' moves
// and undos are decided one at a time as SQLite's single writer does.

import type pg from "pg";
import { VoxpopError } from "../../core/index.ts";
import type { Platform } from "../../core/index.ts";
import { foldDecisions, parseDecisionInput, postKey, rankBetween, UNDECIDED } from "../../curate/index.ts";
import { bucketStart, chooseBucket, encodeCursor, fillTimeline, normalizeQuery } from "../feed.ts";
import type { FeedSort, NormalQuery } from "../feed.ts";
import { ensureValidStoryName } from "../merge.ts";
import { scoreSql, toTsQuery } from "./fts-pg.ts";
import { num, str, strOrNull } from "./rows.ts";
import type { Queryable, Row } from "./rows.ts";
import type {
  Curation, Decision, DecisionAction, DecisionInput, FeedPost, PostFacets, PostPage, PostQuery, PostRef,
  StoredPost, StoryStats,
} from "../store.ts";

export interface FeedDeps {
  /** Each call checks one client out for its transaction and returns it. */
  pool: pg.Pool;
  /**
   * The store's own reader of story posts: the StoredPosts of these posts of the story, in the
   * order of `pks`, so that a FeedPost is exactly what storyPosts returns plus curation and facets.
   */
  readPosts(client: pg.PoolClient, storyId: number, pks: number[]): Promise<StoredPost[]>;
}

function message(err: unknown): string { return err instanceof Error ? err.message : String(err); }

/** Integers bound against BIGINT columns stay in the range both JavaScript and PostgreSQL hold. */
function clampInt(n: number): number {
  return Math.max(-Number.MAX_SAFE_INTEGER, Math.min(Number.MAX_SAFE_INTEGER, n));
}

/** Arbitrary classid of the per-story advisory lock taken while a decision is appended. */
const DECISION_LOCK = 0x56504443;

type TxMode = "write" | "read";

/** Runs fn on a client of its own inside a transaction; every non-VoxpopError leaves as STORE_ERROR. */
async function run<T>(pool: pg.Pool, op: string, mode: TxMode, fn: (c: pg.PoolClient) => Promise<T>): Promise<T> {
  let client: pg.PoolClient;
  try {
    client = await pool.connect();
  } catch (err) {
    throw new VoxpopError("STORE_ERROR", `store: ${op} failed: ${message(err)}`, { cause: err });
  }
  let broken = false;
  try {
    await client.query(mode === "write" ? "BEGIN" : "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
    const out = await fn(client);
    await client.query("COMMIT");
    return out;
  } catch (err) {
    try { await client.query("ROLLBACK"); } catch { broken = true; }
    if (err instanceof VoxpopError) throw err;
    throw new VoxpopError("STORE_ERROR", `store: ${op} failed: ${message(err)}`, { cause: err });
  } finally {
    client.release(broken);
  }
}

async function storyIdOf(c: Queryable, name: string): Promise<number> {
  const { rows } = await c.query("SELECT id FROM stories WHERE name = $1", [ensureValidStoryName(name)]);
  if (rows.length === 0) throw new VoxpopError("NOT_FOUND", `no story named ${JSON.stringify(name)}`);
  return num(rows[0].id);
}

// ---- facets ------------------------------------------------------------------------------------

/**
 * The facets of a post from its annotations (`annotations`: each enricher's data by enricher
 * name), by the rules of the SQLite store's annotation_facets view (the fill in
 * 004_curation.sql is the same rules in SQL): values of the wrong JSON type count as unknown.
 */
export function facetsOf(annotations: Readonly<Record<string, unknown>>): PostFacets {
  const field = (enricher: string, key: string): unknown => {
    const data = annotations[enricher];
    return data !== null && typeof data === "object" && !Array.isArray(data) ? (data as Record<string, unknown>)[key] : undefined;
  };
  const text = (v: unknown) => (typeof v === "string" ? v : null);
  const score = field("notability", "score");
  const labels = field("emotions", "labels");
  return {
    reaction: text(field("reaction", "primary")),
    lang: text(field("lang", "lang")),
    offensive: field("offensive", "label") === true,
    hate: field("hate", "label") === true,
    notability: typeof score === "number" && !Number.isNaN(score) ? Math.min(1, Math.max(0, score)) : 0,
    emotions: Array.isArray(labels) ? labels.filter((x): x is string => typeof x === "string") : [],
  };
}

// ---- the decision log --------------------------------------------------------------------------

export async function appendDecision(deps: FeedDeps, story: string, input: DecisionInput): Promise<Decision> {
  const parsed = parseDecisionInput(input);
  const name = ensureValidStoryName(story);
  return run(deps.pool, "appendDecision", "write", async (c) => {
    // The story, locked for deciding: concurrent appends to one story wait for each other.
    const { rows: found } = await c.query("SELECT id, pg_advisory_xact_lock($1, id::int) FROM stories WHERE name = $2", [DECISION_LOCK, name]);
    if (found.length === 0) throw new VoxpopError("NOT_FOUND", `no story named ${JSON.stringify(story)}`);
    const storyId = num(found[0].id);
    let postPk: number;
    let undoes: number | null = null;
    let value: unknown = parsed.value;
    if (parsed.action === "undo") {
      const target = await undoTarget(c, storyId, story, parsed.value.decision);
      postPk = target.postPk;
      undoes = target.id;
      value = { decision: target.id };
    } else {
      postPk = await storyPostPk(c, storyId, story, parsed.post);
      if (parsed.action === "move" && !("rank" in parsed.value)) {
        const side = "before" in parsed.value ? "before" : "after";
        const ref = "before" in parsed.value ? parsed.value.before : parsed.value.after;
        const targetPk = await storyPostPk(c, storyId, story, ref);
        if (targetPk === postPk) throw new VoxpopError("INVALID_ARGUMENT", "decision value: a post cannot be moved before or after itself");
        value = { [side]: ref, rank: await rankBeside(c, storyId, postPk, targetPk, side) };
      }
    }
    const { rows } = await c.query(`INSERT INTO decisions (story_id, action, post_pk, undoes, value, actor, created_at)
      VALUES ($1, $2, $3, $4, $5::json, $6, $7) RETURNING id, created_at`,
    [storyId, parsed.action, postPk, undoes, JSON.stringify(value ?? null), parsed.actor, new Date().toISOString()]);
    const post = await refold(c, storyId, postPk);
    return {
      id: num(rows[0].id),
      story: name,
      action: parsed.action,
      post,
      value: value ?? null,
      actor: parsed.actor,
      createdAt: str(rows[0].created_at),
      undone: false,
    };
  });
}

/** The pk of a post of the story; NOT_FOUND when no such post is stored, INVALID_ARGUMENT when it is not in the story. */
async function storyPostPk(c: Queryable, storyId: number, story: string, ref: PostRef): Promise<number> {
  const { rows } = await c.query(`SELECT p.pk, sp.story_id FROM posts p
    LEFT JOIN story_posts sp ON sp.post_pk = p.pk AND sp.story_id = $1
    WHERE p.platform = $2 AND p.id = $3`, [storyId, ref.platform, ref.id]);
  if (rows.length === 0) throw new VoxpopError("NOT_FOUND", `no post ${postKey(ref)} is stored`);
  if (rows[0].story_id == null) throw new VoxpopError("INVALID_ARGUMENT", `post ${postKey(ref)} is not in story ${JSON.stringify(story)}`);
  return num(rows[0].pk);
}

/** The decision an undo reverts: the one named, or the latest one not undone that is not an undo. */
async function undoTarget(c: Queryable, storyId: number, story: string, id: number | undefined): Promise<{ id: number; postPk: number }> {
  if (id === undefined) {
    const { rows } = await c.query(`SELECT d.id, d.post_pk FROM decisions d
      WHERE d.story_id = $1 AND d.action <> 'undo' AND NOT EXISTS (SELECT 1 FROM decisions u WHERE u.undoes = d.id)
      ORDER BY d.id DESC LIMIT 1`, [storyId]);
    if (rows.length === 0) throw new VoxpopError("INVALID_ARGUMENT", `undo: story ${JSON.stringify(story)} has no decision left to undo`);
    return { id: num(rows[0].id), postPk: num(rows[0].post_pk) };
  }
  const { rows } = await c.query(`SELECT d.id, d.post_pk, d.action, EXISTS (SELECT 1 FROM decisions u WHERE u.undoes = d.id) AS undone
    FROM decisions d WHERE d.id = $1 AND d.story_id = $2`, [clampInt(id), storyId]);
  const row = rows[0];
  if (!row) throw new VoxpopError("NOT_FOUND", `undo: story ${JSON.stringify(story)} has no decision ${id}`);
  if (row.action === "undo") throw new VoxpopError("INVALID_ARGUMENT", `undo: decision ${id} is itself an undo, and an undo cannot be undone; make the decision again instead`);
  if (row.undone === true) throw new VoxpopError("INVALID_ARGUMENT", `undo: decision ${id} is already undone`);
  return { id: num(row.id), postPk: num(row.post_pk) };
}

/**
 * The rank that puts a post just before or after the target in the curated order (rule in
 * src/curate/fold.ts): midway between the target's effective rank and the nearest effective rank
 * on that side among the story's other posts (hand-ranked ones, and unranked ones by position;
 * both found through indexes).
 */
async function rankBeside(c: Queryable, storyId: number, movedPk: number, targetPk: number, side: "before" | "after"): Promise<number> {
  const t = (await c.query(`SELECT coalesce(c.rank, sp.position) AS eff FROM story_posts sp
    LEFT JOIN story_curation c ON c.story_id = sp.story_id AND c.post_pk = sp.post_pk
    WHERE sp.story_id = $1 AND sp.post_pk = $2`, [storyId, targetPk])).rows[0];
  const eff = num(t.eff);
  const before = side === "before";
  const ranked = (await c.query(`SELECT rank FROM story_curation
    WHERE story_id = $1 AND rank IS NOT NULL AND rank ${before ? "<" : ">"} $2 AND post_pk <> $3
    ORDER BY rank ${before ? "DESC" : "ASC"} LIMIT 1`, [storyId, eff, movedPk])).rows[0];
  // Positions are whole numbers: "position < eff" is "position <= ceil(eff) - 1", which keeps
  // the bound an integer the (story_id, position) index can range over.
  const bound = clampInt(before ? Math.ceil(eff) - 1 : Math.floor(eff) + 1);
  const unranked = (await c.query(`SELECT sp.position FROM story_posts sp
    LEFT JOIN story_curation c ON c.story_id = sp.story_id AND c.post_pk = sp.post_pk
    WHERE sp.story_id = $1 AND sp.position ${before ? "<=" : ">="} $2 AND c.rank IS NULL AND sp.post_pk <> $3
    ORDER BY sp.position ${before ? "DESC" : "ASC"} LIMIT 1`, [storyId, bound, movedPk])).rows[0];
  const found = [ranked?.rank, unranked?.position].filter((x) => x != null).map(num);
  const neighbour = found.length ? (before ? Math.max(...found) : Math.min(...found)) : null;
  return before ? rankBetween(neighbour, eff) : rankBetween(eff, neighbour);
}

function toDecision(r: Row, story: string, undone: boolean): Decision {
  return {
    id: num(r.id),
    story,
    action: str(r.action) as DecisionAction,
    post: r.platform == null ? null : { platform: str(r.platform) as Platform, id: str(r.post_id) },
    value: JSON.parse(str(r.value)),
    actor: strOrNull(r.actor),
    createdAt: str(r.created_at),
    undone,
  };
}

/** Re-folds one post's decisions (its own and the undos naming them) into story_curation; returns the post. */
async function refold(c: Queryable, storyId: number, postPk: number): Promise<PostRef> {
  const { rows } = await c.query(`SELECT d.id, d.action, d.value::text AS value, d.actor, d.created_at, p.platform, p.id AS post_id
    FROM decisions d JOIN posts p ON p.pk = d.post_pk
    WHERE d.story_id = $1 AND d.post_pk = $2 ORDER BY d.id`, [storyId, postPk]);
  const decisions = rows.map((r) => toDecision(r, "", false));
  const { state } = foldDecisions(decisions);
  const cur = (decisions[0]?.post && state.get(postKey(decisions[0].post))) || UNDECIDED;
  await c.query(`INSERT INTO story_curation (story_id, post_pk, status, pinned, rank, section, note, last_decision)
    VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
    ON CONFLICT (story_id, post_pk) DO UPDATE SET status = excluded.status, pinned = excluded.pinned, rank = excluded.rank,
      section = excluded.section, note = excluded.note, last_decision = excluded.last_decision`,
  [storyId, postPk, cur.status, cur.pinned, cur.rank, cur.section, cur.note, decisions.at(-1)?.id ?? 0]);
  return decisions[0]!.post!;
}

export async function listDecisions(deps: FeedDeps, story: string, options: { afterId?: number } = {}): Promise<Decision[]> {
  return run(deps.pool, "listDecisions", "read", async (c) => {
    const storyId = await storyIdOf(c, story);
    const afterId = options?.afterId ?? 0;
    if (typeof afterId !== "number" || !Number.isInteger(afterId) || afterId < 0) {
      throw new VoxpopError("INVALID_ARGUMENT", "listDecisions: afterId must be a decision id");
    }
    const { rows } = await c.query(`SELECT d.id, d.action, d.value::text AS value, d.actor, d.created_at, p.platform, p.id AS post_id,
        EXISTS (SELECT 1 FROM decisions u WHERE u.undoes = d.id) AS undone
      FROM decisions d JOIN posts p ON p.pk = d.post_pk
      WHERE d.story_id = $1 AND d.id > $2 ORDER BY d.id`, [storyId, clampInt(afterId)]);
    const name = ensureValidStoryName(story);
    return rows.map((r) => toDecision(r, name, r.undone === true));
  });
}

// ---- the feed ----------------------------------------------------------------------------------

interface Key {
  expr: string;
  desc: boolean;
  /** The key is a whole number (a position or a time): a cursor value must be one too. */
  int: boolean;
}

/** Sort keys, each ending in the position so the order is total. Null values sort last. */
function sortKeys(sort: FeedSort, hasMatch: boolean): Key[] {
  const position = (desc: boolean): Key => ({ expr: "sp.position", desc, int: true });
  switch (sort) {
    case "position": return [position(false)];
    // The same expressions as the story_posts_newest / _oldest indexes (005_feed_time.sql).
    case "newest": return [{ expr: "coalesce(sp.created_ms, -9000000000000000)", desc: true, int: true }, position(true)];
    case "oldest": return [{ expr: "coalesce(sp.created_ms, 9000000000000000)", desc: false, int: true }, position(false)];
    // With a text search: the match score (lower is better, as bm25); else how well the post matched the story.
    case "relevance": return hasMatch
      ? [{ expr: "m.score", desc: false, int: false }, position(false)]
      : [{ expr: "coalesce(sp.relevance, -1)", desc: true, int: false }, position(false)];
    case "notability": return [{ expr: "coalesce(f.notability, 0)", desc: true, int: false }, position(false)];
    // The roundup's order (src/curate/fold.ts): pinned first, then rank (else position), then position.
    case "curated": return [
      { expr: "(CASE WHEN c.pinned THEN 1 ELSE 0 END)", desc: true, int: true },
      { expr: "coalesce(c.rank, sp.position)", desc: false, int: false },
      position(false),
    ];
  }
}

interface Sql { text: string; values: unknown[] }

interface FeedSql {
  /** One row: n (posts matching every filter but abuse), a (how many of those are abusive). */
  count: Sql;
  /** Up to limit + 1 rows of pk and the sort key as k0, k1, …, in order. */
  page: Sql;
  keyCount: number;
}

/** Numbered parameters, added in the order the SQL text uses them. */
class Args {
  readonly values: unknown[] = [];
  add(v: unknown, cast = ""): string {
    this.values.push(v);
    return `$${this.values.length}${cast}`;
  }
}

/**
 * The SQL for a page and its counts (../sqlite/feed-sql.ts in PostgreSQL). `tsQuery`: the
 * tsquery text for q, or null when there is no text search.
 */
function feedSql(storyId: number, q: NormalQuery, tsQuery: string | null, snapshot: number): FeedSql {
  const keys = sortKeys(q.sort, tsQuery !== null);
  const byScore = tsQuery !== null && q.sort === "relevance";
  // Each statement numbers its own parameters, so the filters are written by a function called
  // once per statement.
  let needPost = false;
  let needFacets = false;
  let needCuration = false;
  let onlyRole = true;
  // The count needs no match scores: it always filters on the text search, never joins m.
  const filters = (a: Args, counting: boolean): string[] => {
    const where = [`sp.story_id = ${a.add(storyId)}`, `sp.position <= ${a.add(snapshot)}`];
    const anyOf = (expr: string, values: readonly string[]) => { where.push(`${expr} = ANY(${a.add(values, "::text[]")})`); onlyRole = false; };
    if (q.reaction.length) { anyOf("f.reaction", q.reaction); needFacets = true; }
    if (q.lang.length) { anyOf("f.lang", q.lang); needFacets = true; }
    if (q.platform.length) { anyOf("p.platform", q.platform); needPost = true; }
    if (q.emotion.length) {
      where.push(`sp.post_pk IN (SELECT e.post_pk FROM post_emotions e WHERE e.emotion = ANY(${a.add(q.emotion, "::text[]")}))`);
      onlyRole = false;
    }
    if (q.role) where.push(`sp.role = ${a.add(q.role)}`);
    if (q.minNotability !== null) { where.push(`coalesce(f.notability, 0) >= ${a.add(q.minNotability, "::float8")}`); needFacets = true; onlyRole = false; }
    if (q.status) {
      needCuration = true;
      onlyRole = false;
      if (q.status === "pinned") where.push("c.pinned");
      else if (q.status === "undecided") where.push("(c.status IS NULL OR c.status = 'undecided')");
      else where.push(`c.status = ${a.add(q.status)}`);
    }
    if (q.since) { where.push(`sp.created_ms >= ${a.add(Date.parse(q.since), "::bigint")}`); onlyRole = false; }
    if (q.until) { where.push(`sp.created_ms <= ${a.add(Date.parse(q.until), "::bigint")}`); onlyRole = false; }
    if (tsQuery !== null && (!byScore || counting)) {
      where.push(`sp.post_pk IN (SELECT pk FROM posts WHERE search @@ ${a.add(tsQuery, "::tsquery")})`);
      onlyRole = false;
    }
    return where;
  };
  // The text search's matches with search()'s score (lower is better), read once, not once per
  // story post.
  const cte = (a: Args) => {
    if (!byScore) return "";
    const t = a.add(tsQuery, "::tsquery");
    return `WITH m AS MATERIALIZED (SELECT pk, ${scoreSql("search", t)} AS score FROM posts WHERE search @@ ${t})`;
  };
  // Abuse is read through the partial index over the few abusive posts (fa: null unless the
  // post is abusive), which is much cheaper to join than every post's facets (f), needed only
  // when a filter or the sort reads them.
  const abuse = q.abuse !== "show";
  const from = (post: boolean, facets: boolean, curation: boolean, scored: boolean) => ["story_posts sp",
    post ? "JOIN posts p ON p.pk = sp.post_pk" : "",
    facets ? "LEFT JOIN post_facets f ON f.post_pk = sp.post_pk" : "",
    abuse ? "LEFT JOIN post_facets fa ON fa.post_pk = sp.post_pk AND fa.abusive" : "",
    curation ? "LEFT JOIN story_curation c ON c.story_id = sp.story_id AND c.post_pk = sp.post_pk" : "",
    scored ? "JOIN m ON m.pk = sp.post_pk" : ""].filter(Boolean).join("\n  ");

  const ca = new Args();
  const countWhere = filters(ca, true);
  let count: Sql;
  if (onlyRole) {
    // The common case (no filter but the role), always a first page: the story's kept counts
    // (story_counts, 004_curation.sql), read in the snapshot the highest position was read in,
    // so they count exactly the posts up to it.
    const a = new Args();
    const role = q.role ? ` AND role = ${a.add(q.role)}` : "";
    count = {
      text: `SELECT coalesce(sum(posts), 0) AS n, coalesce(sum(abusive), 0) AS a FROM story_counts WHERE story_id = ${a.add(storyId)}${role}`,
      values: a.values,
    };
  } else {
    count = {
      text: `SELECT count(*) AS n, ${abuse ? "count(fa.post_pk)" : "0"} AS a
        FROM ${from(needPost, needFacets, needCuration, false)} WHERE ${countWhere.join(" AND ")}`,
      values: ca.values,
    };
  }

  const pa = new Args();
  const pageCte = cte(pa);
  const where = filters(pa, false);
  if (q.abuse === "hide") where.push("fa.post_pk IS NULL");
  if (q.abuse === "only") where.push("fa.post_pk IS NOT NULL");
  if (q.cursor) {
    // After the cursor's key (k0, k1, …), each key in its own direction, written so that the
    // first key bounds a range: k0 >= v0 AND (k0 > v0 OR (k1 >= v1 AND (k1 > v1 OR …))).
    const after = q.cursor.after;
    const cond = (i: number): string => {
      const k = keys[i]!;
      const strict = k.desc ? "<" : ">";
      const v = Number(after[i]);
      const cast = k.int ? "::bigint" : "::float8";
      if (i === keys.length - 1) return `${k.expr} ${strict} ${pa.add(v, cast)}`;
      const p = pa.add(v, cast);
      return `${k.expr} ${strict}= ${p} AND (${k.expr} ${strict} ${p} OR ${cond(i + 1)})`;
    };
    where.push(`(${cond(0)})`);
  }
  const keyText = keys.map((k) => k.expr).join(" ");
  const limit = pa.add(q.limit + 1);
  const story = pa.add(storyId);
  // The page sorts only keys; the curation and facets of its few rows are joined after the limit.
  const page: Sql = {
    text: `${pageCte} SELECT page.*, ${STATE_COLUMNS} FROM (SELECT sp.post_pk AS pk, ${keys.map((k, i) => `${k.expr} AS k${i}`).join(", ")}
      FROM ${from(needPost || /\bp\./.test(keyText), needFacets || /\bf\./.test(keyText), needCuration || /\bc\./.test(keyText), byScore)}
      WHERE ${where.join(" AND ")}
      ORDER BY ${keys.map((k) => `${k.expr}${k.desc ? " DESC" : ""}`).join(", ")}
      LIMIT ${limit}) AS page
      ${STATE_FROM.replace("$STORY", story)}
      ORDER BY ${keys.map((k, i) => `page.k${i}${k.desc ? " DESC" : ""}`).join(", ")}`,
    values: pa.values,
  };
  return { count, page, keyCount: keys.length };
}

/** A post's curation and facets, joined to rows `page` of pk (STATE_FROM). */
const STATE_COLUMNS = `c.status AS c_status, c.pinned AS c_pinned, c.rank AS c_rank, c.section AS c_section, c.note AS c_note,
  f.reaction AS f_reaction, f.lang AS f_lang, f.offensive AS f_offensive, f.hate AS f_hate, f.notability AS f_notability,
  f.emotions AS f_emotions`;
const STATE_FROM = `LEFT JOIN post_facets f ON f.post_pk = page.pk
  LEFT JOIN story_curation c ON c.story_id = $STORY AND c.post_pk = page.pk`;

function toState(r: Row): { curation: Curation; facets: PostFacets } {
  return {
    curation: r.c_status == null ? { ...UNDECIDED } : {
      status: str(r.c_status) as Curation["status"],
      pinned: r.c_pinned === true,
      rank: r.c_rank == null ? null : num(r.c_rank),
      section: strOrNull(r.c_section),
      note: strOrNull(r.c_note),
    },
    facets: {
      reaction: strOrNull(r.f_reaction),
      lang: strOrNull(r.f_lang),
      offensive: r.f_offensive === true,
      hate: r.f_hate === true,
      notability: r.f_notability == null ? 0 : num(r.f_notability),
      emotions: Array.isArray(r.f_emotions) ? r.f_emotions.map(String) : [],
    },
  };
}

/** Rows of pk and STATE_COLUMNS (in the page's order) as FeedPosts. */
async function feedPosts(deps: FeedDeps, c: pg.PoolClient, storyId: number, rows: Row[]): Promise<FeedPost[]> {
  if (rows.length === 0) return [];
  const stored = await deps.readPosts(c, storyId, rows.map((r) => num(r.pk)));
  return rows.map((r, i): FeedPost => ({ ...stored[i]!, ...toState(r) }));
}

const invalidCursor = () => new VoxpopError("INVALID_ARGUMENT", "posts query: cursor is not valid (it must be a nextCursor from this same query)");

export async function queryPosts(deps: FeedDeps, story: string, query: PostQuery = {}): Promise<PostPage> {
  return run(deps.pool, "queryPosts", "read", async (c) => {
    // The story and its highest position (the first page's snapshot) in one round trip.
    const { rows: found } = await c.query(`SELECT id, (SELECT coalesce(max(position), 0) FROM story_posts WHERE story_id = s.id) AS m
      FROM stories s WHERE name = $1`, [ensureValidStoryName(story)]);
    if (found.length === 0) throw new VoxpopError("NOT_FOUND", `no story named ${JSON.stringify(story)}`);
    const storyId = num(found[0].id);
    const q = normalizeQuery(query);
    let tsQuery: string | null = null;
    if (q.q !== null) {
      tsQuery = toTsQuery(q.q);
      // Nothing searchable in q (only punctuation): nothing matches, as in search().
      if (tsQuery === null) return { posts: [], total: 0, abusiveHidden: 0, nextCursor: null };
    }
    const snapshot = q.cursor ? clampInt(q.cursor.snapshot) : num(found[0].m);
    const sql = feedSql(storyId, q, tsQuery, snapshot);
    if (q.cursor) {
      // Every key here is a number, and positions and times are whole ones: anything else did not come from this store.
      const keys = sortKeys(q.sort, tsQuery !== null);
      if (q.cursor.after.length !== sql.keyCount ||
          !q.cursor.after.every((v, i) => typeof v === "number" && (!keys[i]!.int || Number.isSafeInteger(v)))) throw invalidCursor();
    }
    const counts = q.cursor?.counts ?? await (async () => {
      const row = (await c.query(sql.count.text, sql.count.values)).rows[0];
      return [num(row.n), num(row.a)] as [number, number];
    })();
    const keyRows = (await c.query(sql.page.text, sql.page.values)).rows;
    const more = keyRows.length > q.limit;
    if (more) keyRows.length = q.limit;
    const [n, a] = counts;
    const last = keyRows[keyRows.length - 1];
    const nextCursor = more && last
      ? encodeCursor(q.fingerprint, { snapshot, counts, after: Array.from({ length: sql.keyCount }, (_, i) => num(last[`k${i}`])) })
      : null;
    return {
      posts: await feedPosts(deps, c, storyId, keyRows),
      total: q.abuse === "hide" ? n - a : q.abuse === "only" ? a : n,
      abusiveHidden: q.abuse === "hide" ? a : 0,
      nextCursor,
    };
  });
}

export async function postsAfter(deps: FeedDeps, story: string, position: number, limit = 100): Promise<FeedPost[]> {
  return run(deps.pool, "postsAfter", "read", async (c) => {
    const storyId = await storyIdOf(c, story);
    if (typeof position !== "number" || !Number.isFinite(position)) throw new VoxpopError("INVALID_ARGUMENT", "postsAfter: position must be a number");
    if (typeof limit !== "number" || !Number.isInteger(limit) || limit < 1) throw new VoxpopError("INVALID_ARGUMENT", "postsAfter: limit must be a positive whole number");
    // Positions are whole numbers: "position > x" is "position >= floor(x) + 1" (an index range).
    const { rows } = await c.query(`SELECT page.pk, ${STATE_COLUMNS} FROM (SELECT post_pk AS pk, position FROM story_posts
        WHERE story_id = $1 AND position >= $2 ORDER BY position LIMIT $3) AS page
      ${STATE_FROM.replace("$STORY", "$1")}
      ORDER BY page.position`, [storyId, clampInt(Math.floor(position) + 1), Math.min(500, limit)]);
    return feedPosts(deps, c, storyId, rows);
  });
}

export async function storyStats(deps: FeedDeps, story: string, options: { bucket?: "hour" | "day" } = {}): Promise<StoryStats> {
  return run(deps.pool, "storyStats", "read", async (c) => {
    const storyId = await storyIdOf(c, story);
    const asked = options?.bucket;
    if (asked !== undefined && asked !== "hour" && asked !== "day") throw new VoxpopError("INVALID_ARGUMENT", "storyStats: bucket must be hour or day");
    const reactions: Record<string, number> = {};
    let total = 0;
    const mix = (await c.query(`SELECT k, count(*) AS n FROM (
        SELECT CASE WHEN sp.role = 'subject' THEN 'subject' ELSE coalesce(f.reaction, 'unclassified') END AS k
        FROM story_posts sp LEFT JOIN post_facets f ON f.post_pk = sp.post_pk WHERE sp.story_id = $1) AS t
      GROUP BY k ORDER BY n DESC, k COLLATE "C"`, [storyId])).rows;
    for (const r of mix) { reactions[str(r.k)] = num(r.n); total += num(r.n); }
    let bucket = asked;
    if (!bucket) {
      // The two ends of the time indexes (posts without a time sort last in both).
      const span = (await c.query(`SELECT
          (SELECT coalesce(created_ms, 9000000000000000) FROM story_posts WHERE story_id = $1
            ORDER BY coalesce(created_ms, 9000000000000000), position LIMIT 1) AS lo,
          (SELECT coalesce(created_ms, -9000000000000000) FROM story_posts WHERE story_id = $1
            ORDER BY coalesce(created_ms, -9000000000000000) DESC, position DESC LIMIT 1) AS hi`, [storyId])).rows[0];
      const known = (v: unknown) => (v == null || Math.abs(num(v)) >= 9e15 ? null : num(v));
      bucket = chooseBucket(known(span.lo), known(span.hi));
    }
    const step = bucket === "hour" ? 3_600_000 : 86_400_000;
    const rows = (await c.query(`SELECT created_ms - ((created_ms % $1::bigint) + $1::bigint) % $1::bigint AS b, count(*) AS posts,
        count(*) FILTER (WHERE role = 'subject') AS subject
      FROM story_posts WHERE story_id = $2 AND created_ms IS NOT NULL GROUP BY 1`, [step, storyId])).rows;
    const timeline = fillTimeline(rows.map((r) => ({ t: bucketStart(num(r.b), bucket), posts: num(r.posts), subjectPosts: num(r.subject) })), bucket);
    return { total, bucket, reactions, timeline };
  });
}
