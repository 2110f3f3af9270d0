// The feed query (docs/API.md "Posts") as SQLite SQL: one statement for the page and one for the
// counts, built from a normalised query (../feed.ts). Every value is a bound parameter; only
// fixed fragments from this file are ever pasted into the SQL text.
//
// With the default query (sort by position, abusive posts hidden) the page walks the
// story_posts (story_id, position) index and stops after limit + 1 rows; the counts read the
// story's index entries (covering) and the abusive posts through their partial index.

import type { SQLInputValue } from "node:sqlite";
import type { FeedSort, NormalQuery } from "../feed.ts";

/** Story membership, the post, its curation and its facets: what a FeedPost is built from. */
export const FEED_COLUMNS = `sp.position, sp.role, sp.relevance, sp.matched, p.*,
  c.status AS c_status, c.pinned AS c_pinned, c.rank AS c_rank, c.section AS c_section, c.note AS c_note,
  f.reaction AS f_reaction, f.lang AS f_lang, f.offensive AS f_offensive, f.hate AS f_hate,
  f.notability AS f_notability, f.emotions AS f_emotions`;

export const FEED_FROM = `story_posts sp JOIN posts p ON p.pk = sp.post_pk
  LEFT JOIN post_facets f ON f.post_pk = sp.post_pk
  LEFT JOIN story_curation c ON c.story_id = sp.story_id AND c.post_pk = sp.post_pk`;

/** The text search's matches with their bm25 score, read once (not once per story post). */
const FTS_CTE = `WITH m AS MATERIALIZED (SELECT rowid AS pk, bm25(posts_fts) AS score FROM posts_fts WHERE posts_fts MATCH ?)`;
const FTS_FILTER = `sp.post_pk IN (SELECT rowid FROM posts_fts WHERE posts_fts MATCH ?)`;

interface Key { expr: string; desc: boolean }

/** Sort keys, each ending in the position so the order is total. Null values sort last. */
function sortKeys(sort: FeedSort, hasMatch: boolean): Key[] {
  switch (sort) {
    case "position": return [{ expr: "sp.position", desc: false }];
    // The same expressions as the story_posts_newest / _oldest indexes (005_feed_time.sql).
    case "newest": return [{ expr: "coalesce(sp.created_ms, -9000000000000000)", desc: true }, { expr: "sp.position", desc: true }];
    case "oldest": return [{ expr: "coalesce(sp.created_ms, 9000000000000000)", desc: false }, { expr: "sp.position", desc: false }];
    // With a text search: the bm25 match score (lower is better); else how well the post matched the story.
    case "relevance": return hasMatch
      ? [{ expr: "m.score", desc: false }, { expr: "sp.position", desc: false }]
      : [{ expr: "coalesce(sp.relevance, -1)", desc: true }, { expr: "sp.position", desc: false }];
    case "notability": return [{ expr: "coalesce(f.notability, 0)", desc: true }, { expr: "sp.position", desc: false }];
    // The roundup's order (src/curate/fold.ts): pinned first, then rank (else position), then position.
    case "curated": return [
      { expr: "coalesce(c.pinned, 0)", desc: true },
      { expr: "coalesce(c.rank, sp.position)", desc: false },
      { expr: "sp.position", desc: false },
    ];
  }
}

export interface Sql { sql: string; args: SQLInputValue[] }

export interface FeedSql {
  /** One row: n (posts matching every filter but abuse), a (how many of those are abusive). */
  count: Sql;
  /**
   * Up to limit + 1 rows of pk (the post) and the sort key as k0, k1, … (keyCount keys), in
   * order. The page's FeedPosts are then read by pk (FEED_COLUMNS): sorting carries only keys.
   */
  page: Sql;
  keyCount: number;
}

const placeholders = (n: number) => Array.from({ length: n }, () => "?").join(", ");

/** `match`: the FTS5 expression for q (toFtsQuery), or null when there is no text search. */
export function feedSql(storyId: number, q: NormalQuery, match: string | null, snapshot: number): FeedSql {
  const keys = sortKeys(q.sort, match !== null);
  const byScore = match !== null && q.sort === "relevance";
  // When the page is not read in position order, the snapshot bound must not steer SQLite to
  // the position index ("+" keeps a term out of index choice).
  const where: string[] = ["sp.story_id = ?", q.sort === "position" ? "sp.position <= ?" : "+sp.position <= ?"];
  const args: SQLInputValue[] = [storyId, snapshot];
  // Which joins the filters need; the page adds those its sort keys read.
  let needPost = false;
  let needFacets = false;
  let needCuration = false;
  let onlyRole = true;

  const anyOf = (expr: string, values: readonly string[]) => {
    where.push(`${expr} IN (${placeholders(values.length)})`);
    args.push(...values);
    onlyRole = false;
  };
  if (q.reaction.length) { anyOf("f.reaction", q.reaction); needFacets = true; }
  if (q.lang.length) { anyOf("f.lang", q.lang); needFacets = true; }
  if (q.platform.length) { anyOf("p.platform", q.platform); needPost = true; }
  if (q.emotion.length) {
    where.push(`sp.post_pk IN (SELECT e.post_pk FROM post_emotions e WHERE e.emotion IN (${placeholders(q.emotion.length)}))`);
    args.push(...q.emotion);
    onlyRole = false;
  }
  if (q.role) { where.push("sp.role = ?"); args.push(q.role); }
  if (q.minNotability !== null) { where.push("coalesce(f.notability, 0) >= ?"); args.push(q.minNotability); needFacets = true; onlyRole = false; }
  if (q.status) {
    needCuration = true;
    onlyRole = false;
    if (q.status === "pinned") where.push("c.pinned = 1");
    else if (q.status === "undecided") where.push("(c.status IS NULL OR c.status = 'undecided')");
    else { where.push("c.status = ?"); args.push(q.status); }
  }
  if (q.since) { where.push("sp.created_ms >= ?"); args.push(Date.parse(q.since)); onlyRole = false; }
  if (q.until) { where.push("sp.created_ms <= ?"); args.push(Date.parse(q.until)); onlyRole = false; }
  if (match !== null && !byScore) { where.push(FTS_FILTER); args.push(match); onlyRole = false; }

  const from = (post: boolean, facets: boolean, curation: boolean, scored: boolean) => ["story_posts sp",
    post ? "JOIN posts p ON p.pk = sp.post_pk" : "",
    facets ? "LEFT JOIN post_facets f ON f.post_pk = sp.post_pk" : "",
    curation ? "LEFT JOIN story_curation c ON c.story_id = sp.story_id AND c.post_pk = sp.post_pk" : "",
    scored ? "JOIN m ON m.pk = sp.post_pk" : ""].filter(Boolean).join("\n  ");
  const cte = byScore ? FTS_CTE : "";
  const cteArgs: SQLInputValue[] = byScore ? [match] : [];

  let count: Sql;
  if (onlyRole && !byScore) {
    // The common case (no filter but the role): count the story's index entries, and the
    // abusive posts through the partial index over the few of them, instead of a facet probe
    // per post.
    const role = q.role ? " AND sp.role = ?" : "";
    const roleArgs = q.role ? [q.role] : [];
    count = {
      sql: `SELECT (SELECT count(*) FROM story_posts sp WHERE sp.story_id = ? AND sp.position <= ?${role}) AS n,
        (SELECT count(*) FROM post_facets f INDEXED BY post_facets_abusive
          CROSS JOIN story_posts sp ON sp.story_id = ? AND sp.post_pk = f.post_pk
          WHERE f.abusive = 1 AND sp.position <= ?${role}) AS a`,
      args: [storyId, snapshot, ...roleArgs, storyId, snapshot, ...roleArgs],
    };
  } else {
    const facets = needFacets || q.abuse !== "show";
    count = {
      sql: `${cte} SELECT count(*) AS n, ${facets ? "coalesce(sum(coalesce(f.abusive, 0)), 0)" : "0"} AS a
        FROM ${from(needPost, facets, needCuration, byScore)} WHERE ${where.join(" AND ")}`,
      args: [...cteArgs, ...args],
    };
  }

  const pageWhere = [...where];
  const pageArgs = [...args];
  if (q.abuse === "hide") pageWhere.push("coalesce(f.abusive, 0) = 0");
  if (q.abuse === "only") pageWhere.push("coalesce(f.abusive, 0) = 1");
  if (q.cursor) {
    // After the cursor's key (k0, k1, …), each key in its own direction, written so that the
    // first key bounds a range: k0 >= v0 AND (k0 > v0 OR (k1 >= v1 AND (k1 > v1 OR …))).
    const after = q.cursor.after;
    const cond = (i: number): string => {
      const k = keys[i]!;
      const strict = k.desc ? "<" : ">";
      if (i === keys.length - 1) { pageArgs.push(after[i]!); return `${k.expr} ${strict} ?`; }
      pageArgs.push(after[i]!, after[i]!);
      return `${k.expr} ${strict}= ? AND (${k.expr} ${strict} ? OR ${cond(i + 1)})`;
    };
    pageWhere.push(`(${cond(0)})`);
  }
  const keyText = keys.map((k) => k.expr).join(" ");
  // "sp.position" names story_posts, not posts: an alias counts only as a whole word.
  const usesAlias = (text: string, alias: string) => new RegExp(`(^|[^A-Za-z0-9_])${alias}\\.`).test(text);
  const page: Sql = {
    sql: `${cte} SELECT sp.post_pk AS pk, ${keys.map((k, i) => `${k.expr} AS k${i}`).join(", ")}
      FROM ${from(needPost || usesAlias(keyText, "p"), needFacets || q.abuse !== "show" || usesAlias(keyText, "f"),
        needCuration || usesAlias(keyText, "c"), byScore)}
      WHERE ${pageWhere.join(" AND ")}
      ORDER BY ${keys.map((k) => `${k.expr}${k.desc ? " DESC" : ""}`).join(", ")}
      LIMIT ?`,
    args: [...cteArgs, ...pageArgs, q.limit + 1],
  };
  return { count, page, keyCount: keys.length };
}
