-- voxpop schema v4 (PostgreSQL): curation (issue 5), as ../../sqlite/migrations/004_curation.sql.
-- The editor's decisions are an append-only log (triggers refuse any UPDATE, DELETE or TRUNCATE);
-- story_curation is that log folded per post (src/curate/), kept up to date in the transaction
-- that appends a decision, so the feed filters and sorts on it in SQL. post_facets keeps the
-- enrichment fields the feed filters on beside each post; ../feed-pg.ts writeFacets rewrites them
-- whenever a post's annotations are saved (the rules are the same as the fill below).

CREATE TABLE decisions (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  story_id    bigint NOT NULL REFERENCES stories (id),
  action      text NOT NULL CHECK (action IN ('include', 'exclude', 'reset', 'pin', 'unpin', 'move', 'section', 'note', 'undo')),
  -- The post decided on; for an undo, the post of the decision it undoes.
  post_pk     bigint NOT NULL REFERENCES posts (pk),
  -- For an undo: the decision it reverts. A decision is undone at most once.
  undoes      bigint REFERENCES decisions (id),
  -- json, not jsonb: the value reads back exactly as it was written (key order included).
  value       json NOT NULL DEFAULT 'null',
  actor       text,
  -- ISO 8601 text as the application wrote it (the same string SQLite keeps).
  created_at  text NOT NULL,
  CHECK ((action = 'undo') = (undoes IS NOT NULL))
);
CREATE INDEX decisions_story_id ON decisions (story_id, id);
CREATE INDEX decisions_story_post ON decisions (story_id, post_pk, id);
CREATE UNIQUE INDEX decisions_undoes ON decisions (undoes) WHERE undoes IS NOT NULL;

CREATE FUNCTION decisions_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'decisions are append-only: a decision cannot be %',
    CASE TG_OP WHEN 'UPDATE' THEN 'changed' ELSE 'deleted' END;
END
$$;
CREATE TRIGGER decisions_no_update BEFORE UPDATE ON decisions FOR EACH ROW EXECUTE FUNCTION decisions_append_only();
CREATE TRIGGER decisions_no_delete BEFORE DELETE ON decisions FOR EACH ROW EXECUTE FUNCTION decisions_append_only();
CREATE TRIGGER decisions_no_truncate BEFORE TRUNCATE ON decisions FOR EACH STATEMENT EXECUTE FUNCTION decisions_append_only();

-- The fold of each decided post's decisions (posts without a row are undecided, unpinned,
-- unranked). rank and position share one scale: see src/curate/fold.ts.
CREATE TABLE story_curation (
  story_id       bigint NOT NULL REFERENCES stories (id) ON DELETE CASCADE,
  post_pk        bigint NOT NULL REFERENCES posts (pk) ON DELETE CASCADE,
  status         text NOT NULL CHECK (status IN ('included', 'excluded', 'undecided')),
  pinned         boolean NOT NULL,
  rank           double precision,
  section        text,
  note           text,
  last_decision  bigint NOT NULL,
  PRIMARY KEY (story_id, post_pk)
);
CREATE INDEX story_curation_status ON story_curation (story_id, status);
CREATE INDEX story_curation_rank ON story_curation (story_id, rank) WHERE rank IS NOT NULL;
CREATE INDEX story_curation_pinned ON story_curation (story_id) WHERE pinned;

-- The facets of a post, read from its annotations (shapes: src/enrich/types.ts Annotations).
-- Values of the wrong JSON type are ignored rather than trusted.
CREATE TABLE post_facets (
  post_pk     bigint PRIMARY KEY REFERENCES posts (pk) ON DELETE CASCADE,
  reaction    text,
  lang        text,
  offensive   boolean NOT NULL DEFAULT false,
  hate        boolean NOT NULL DEFAULT false,
  notability  double precision NOT NULL DEFAULT 0,
  -- The emotion labels in the order the enricher gave them.
  emotions    text[] NOT NULL DEFAULT '{}',
  abusive     boolean GENERATED ALWAYS AS (offensive OR hate) STORED
);
CREATE INDEX post_facets_reaction ON post_facets (reaction) WHERE reaction IS NOT NULL;
CREATE INDEX post_facets_lang ON post_facets (lang) WHERE lang IS NOT NULL;
CREATE INDEX post_facets_abusive ON post_facets (post_pk) WHERE abusive;

-- One row per (post, emotion label), so an emotion filter is an index probe, not an array scan.
CREATE TABLE post_emotions (
  post_pk  bigint NOT NULL REFERENCES posts (pk) ON DELETE CASCADE,
  emotion  text NOT NULL,
  PRIMARY KEY (post_pk, emotion)
);
CREATE INDEX post_emotions_emotion ON post_emotions (emotion, post_pk);

-- Facets of the posts already annotated (data::jsonb reads the column whether it holds JSON
-- text, json or jsonb).
INSERT INTO post_facets (post_pk, reaction, lang, offensive, hate, notability, emotions)
SELECT post_pk,
  max(CASE WHEN enricher = 'reaction' AND jsonb_typeof(d -> 'primary') = 'string' THEN d ->> 'primary' END),
  max(CASE WHEN enricher = 'lang' AND jsonb_typeof(d -> 'lang') = 'string' THEN d ->> 'lang' END),
  coalesce(bool_or(enricher = 'offensive' AND d -> 'label' = 'true'::jsonb), false),
  coalesce(bool_or(enricher = 'hate' AND d -> 'label' = 'true'::jsonb), false),
  coalesce(max(CASE WHEN enricher = 'notability' AND jsonb_typeof(d -> 'score') = 'number'
    THEN least(1.0, greatest(0.0, (d ->> 'score')::double precision)) END), 0),
  coalesce(max(CASE WHEN enricher = 'emotions' AND jsonb_typeof(d -> 'labels') = 'array'
    THEN ARRAY(SELECT e.el #>> '{}' FROM jsonb_array_elements(d -> 'labels') WITH ORDINALITY AS e (el, i)
      WHERE jsonb_typeof(e.el) = 'string' ORDER BY e.i) END), '{}')
FROM (SELECT post_pk, enricher, data::jsonb AS d FROM annotations) a
GROUP BY post_pk;
INSERT INTO post_emotions (post_pk, emotion)
SELECT DISTINCT f.post_pk, e FROM post_facets f CROSS JOIN LATERAL unnest(f.emotions) AS e;
