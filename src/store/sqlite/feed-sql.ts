// The feed query (docs/API.md "Posts") as SQLite SQL: one statement for the page and one for the
// counts, built from a normalised query (../feed.ts). Every value is a bound parameter; only
// fixed fragments from this file are ever pasted into the SQL text.
//
// With the default query (sort by position, abusive posts hidden) the page walks the
// story_posts (story_id, position) index and stops after limit + 1 rows; the counts read the
// story's index entries once with a facet probe each.

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

const FTS_JOIN = `JOIN (SELECT rowid AS pk, bm25(posts_fts) AS score FROM posts_fts WHERE posts_fts MATCH ?) m ON m.pk = sp.post_pk`;

interface Key { expr: string; desc: boolean }

/** Sort keys, each ending in the position so the order is total. Null values sort last. */
function sortKeys(sort: FeedSort, hasMatch: boolean): Key[] {
  switch (sort) {
    case "position": return [{ expr: "sp.position", desc: false }];
    case "newest": return [{ expr: "coalesce(julianday(p.created_at), -1e9)", desc: true }, { expr: "sp.position", desc: true }];
    case "oldest": return [{ expr: "coalesce(julianday(p.created_at), 1e9)", desc: false }, { expr: "sp.position", desc: false }];
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
  /** Up to limit + 1 rows of FEED_COLUMNS plus the sort key as k0, k1, …; keyCount keys. */
  page: Sql;
  keyCount: number;
}

const placeholders = (n: number) => Array.from({ length: n }, () => "?").join(", ");

/** `match`: the FTS5 expression for q (toFtsQuery), or null when there is no text search. */
export function feedSql(storyId: number, q: NormalQuery, match: string | null, snapshot: number): FeedSql {
  const where: string[] = ["sp.story_id = ?", "sp.position <= ?"];
  const args: SQLInputValue[] = [storyId, snapshot];
  // Which joins the count needs (the page always has them all).
  let needPost = false;
  let needFacets = q.abuse !== "show";
  let needCuration = false;

  const anyOf = (expr: string, values: readonly string[]) => {
    where.push(`${expr} IN (${placeholders(values.length)})`);
    args.push(...values);
  };
  if (q.reaction.length) { anyOf("f.reaction", q.reaction); needFacets = true; }
  if (q.lang.length) { anyOf("f.lang", q.lang); needFacets = true; }
  if (q.platform.length) { anyOf("p.platform", q.platform); needPost = true; }
  if (q.emotion.length) {
    where.push(`EXISTS (SELECT 1 FROM post_emotions e WHERE e.post_pk = sp.post_pk AND e.emotion IN (${placeholders(q.emotion.length)}))`);
    args.push(...q.emotion);
  }
  if (q.role) { where.push("sp.role = ?"); args.push(q.role); }
  if (q.minNotability !== null) { where.push("coalesce(f.notability, 0) >= ?"); args.push(q.minNotability); needFacets = true; }
  if (q.status) {
    needCuration = true;
    if (q.status === "pinned") where.push("c.pinned = 1");
    else if (q.status === "undecided") where.push("(c.status IS NULL OR c.status = 'undecided')");
    else { where.push("c.status = ?"); args.push(q.status); }
  }
  if (q.since) { where.push("julianday(p.created_at) >= julianday(?)"); args.push(q.since); needPost = true; }
  if (q.until) { where.push("julianday(p.created_at) <= julianday(?)"); args.push(q.until); needPost = true; }

  const matchJoin = match === null ? "" : FTS_JOIN;
  const matchArgs: SQLInputValue[] = match === null ? [] : [match];
  const countFrom = ["story_posts sp",
    needPost ? "JOIN posts p ON p.pk = sp.post_pk" : "",
    needFacets ? "LEFT JOIN post_facets f ON f.post_pk = sp.post_pk" : "",
    needCuration ? "LEFT JOIN story_curation c ON c.story_id = sp.story_id AND c.post_pk = sp.post_pk" : "",
    matchJoin].filter(Boolean).join("\n  ");
  const abusive = needFacets ? "coalesce(f.abusive, 0)" : "0";
  const count: Sql = {
    sql: `SELECT count(*) AS n, coalesce(sum(${abusive}), 0) AS a FROM ${countFrom} WHERE ${where.join(" AND ")}`,
    args: [...matchArgs, ...args],
  };

  const pageWhere = [...where];
  const pageArgs = [...args];
  if (q.abuse === "hide") pageWhere.push("coalesce(f.abusive, 0) = 0");
  if (q.abuse === "only") pageWhere.push("coalesce(f.abusive, 0) = 1");
  const keys = sortKeys(q.sort, match !== null);
  if (q.cursor) {
    // (k0, k1, …) after the cursor's key, each key in its own direction.
    const after = q.cursor.after;
    const ors: string[] = [];
    keys.forEach((key, i) => {
      const parts = keys.slice(0, i).map((k, j) => { pageArgs.push(after[j]!); return `${k.expr} = ?`; });
      parts.push(`${key.expr} ${key.desc ? "<" : ">"} ?`);
      pageArgs.push(after[i]!);
      ors.push(`(${parts.join(" AND ")})`);
    });
    pageWhere.push(`(${ors.join(" OR ")})`);
  }
  const page: Sql = {
    sql: `SELECT ${FEED_COLUMNS}, ${keys.map((k, i) => `${k.expr} AS k${i}`).join(", ")}
      FROM ${FEED_FROM} ${matchJoin}
      WHERE ${pageWhere.join(" AND ")}
      ORDER BY ${keys.map((k) => `${k.expr}${k.desc ? " DESC" : ""}`).join(", ")}
      LIMIT ?`,
    args: [...matchArgs, ...pageArgs, q.limit + 1],
  };
  return { count, page, keyCount: keys.length };
}
