// Rewrites posts' facets (post_facets, post_emotions) from their stored annotations in a few
// set-based statements, by the rules of feed-pg.ts facetsOf (the SQLite store's
// annotation_facets view). Called in the transaction that saved the annotations.

import { facetsOf } from "./feed-pg.ts";
import { num, str } from "./rows.ts";
import type { Queryable, Row } from "./rows.ts";

export async function rewriteFacets(c: Queryable, postPks: readonly number[]): Promise<void> {
  const pks = [...new Set(postPks)];
  if (pks.length === 0) return;
  const { rows } = await c.query("SELECT post_pk, enricher, data FROM annotations WHERE post_pk = ANY($1::bigint[])", [pks]);
  const byPost = new Map<number, Record<string, unknown>>();
  for (const r of rows as Row[]) {
    const entry = byPost.get(num(r.post_pk)) ?? {};
    entry[str(r.enricher)] = r.data;
    byPost.set(num(r.post_pk), entry);
  }
  // Posts without any annotation keep no facets row (the feed reads that as empty facets).
  const with_ = pks.filter((pk) => byPost.has(pk));
  const facets = with_.map((pk) => facetsOf(byPost.get(pk)!));
  if (with_.length > 0) {
    await c.query(`INSERT INTO post_facets (post_pk, reaction, lang, offensive, hate, notability, emotions)
      SELECT pk, r, l, o, h, n,
        coalesce((SELECT array_agg(x ORDER BY i) FROM jsonb_array_elements_text(e::jsonb) WITH ORDINALITY AS t (x, i)), '{}')
      FROM unnest($1::bigint[], $2::text[], $3::text[], $4::boolean[], $5::boolean[], $6::float8[], $7::text[]) AS u (pk, r, l, o, h, n, e)
      ON CONFLICT (post_pk) DO UPDATE SET reaction = excluded.reaction, lang = excluded.lang, offensive = excluded.offensive,
        hate = excluded.hate, notability = excluded.notability, emotions = excluded.emotions`,
    [with_, facets.map((f) => f.reaction), facets.map((f) => f.lang), facets.map((f) => f.offensive), facets.map((f) => f.hate),
      facets.map((f) => f.notability), facets.map((f) => JSON.stringify(f.emotions))]);
  }
  await c.query("DELETE FROM post_emotions WHERE post_pk = ANY($1::bigint[])", [pks]);
  const pairs = with_.flatMap((pk, i) => facets[i]!.emotions.map((e) => [pk, e] as const));
  if (pairs.length > 0) {
    await c.query("INSERT INTO post_emotions (post_pk, emotion) SELECT * FROM unnest($1::bigint[], $2::text[]) ON CONFLICT DO NOTHING",
      [pairs.map(([pk]) => pk), pairs.map(([, e]) => e)]);
  }
}
