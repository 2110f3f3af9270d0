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

-- How many posts each story has, and how many of them are abusive, by role: what the feed's
-- first page reports as its total and hidden count when it filters on nothing but the role.
-- PostgreSQL counts rows by visiting them (100k story posts take tens of milliseconds), so
-- the counts are kept here by statement triggers on story_posts and post_facets instead; read
-- in the same snapshot as the story's highest position, they are the count of every post up
-- to it. A story's writers already take turns (positions), so these rows add no waiting there.
CREATE TABLE story_counts (
  story_id  bigint NOT NULL REFERENCES stories (id) ON DELETE CASCADE,
  role      text NOT NULL,
  posts     bigint NOT NULL DEFAULT 0,
  abusive   bigint NOT NULL DEFAULT 0,
  PRIMARY KEY (story_id, role)
);

-- Rows joining a story count +1, rows leaving it -1 (an update is both), netted per (story,
-- role); groups that net to nothing are not written. Rows are written in (story, role) order,
-- so two transactions never wait for each other's rows in opposite orders.
--
-- Whether a post is abusive is read from post_facets, whose writers hold the post's posts row
-- (the store's savePosts and saveAnnotations lock it FOR UPDATE first). So the trigger takes the
-- posts rows of the members it counts (in the store's order) before reading: a concurrent
-- change of their facets has then committed and is seen, or waits for this transaction and then
-- sees its membership. Without it, a role change (a new subject) racing new enrichment of the
-- same posts would leave the abusive counts of the wrong role.
CREATE FUNCTION story_counts_members() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    PERFORM 1 FROM posts WHERE pk IN (SELECT post_pk FROM new_rows)
    ORDER BY platform COLLATE "C", id COLLATE "C" FOR NO KEY UPDATE;
  END IF;
  IF TG_OP = 'INSERT' THEN
    INSERT INTO story_counts AS c (story_id, role, posts, abusive)
    SELECT n.story_id, n.role, count(*), count(*) FILTER (WHERE f.abusive)
    FROM new_rows n LEFT JOIN post_facets f ON f.post_pk = n.post_pk GROUP BY n.story_id, n.role ORDER BY n.story_id, n.role
    ON CONFLICT (story_id, role) DO UPDATE SET posts = c.posts + excluded.posts, abusive = c.abusive + excluded.abusive;
  ELSIF TG_OP = 'DELETE' THEN
    UPDATE story_counts AS c SET posts = c.posts - d.posts, abusive = c.abusive - d.abusive
    FROM (SELECT o.story_id, o.role, count(*) AS posts, count(*) FILTER (WHERE f.abusive) AS abusive
      FROM old_rows o LEFT JOIN post_facets f ON f.post_pk = o.post_pk GROUP BY o.story_id, o.role) AS d
    WHERE c.story_id = d.story_id AND c.role = d.role;
  ELSE
    INSERT INTO story_counts AS c (story_id, role, posts, abusive)
    SELECT r.story_id, r.role, sum(r.s), coalesce(sum(r.s) FILTER (WHERE f.abusive), 0)
    FROM (SELECT story_id, post_pk, role, 1 AS s FROM new_rows UNION ALL SELECT story_id, post_pk, role, -1 FROM old_rows) AS r
    LEFT JOIN post_facets f ON f.post_pk = r.post_pk
    GROUP BY r.story_id, r.role
    HAVING sum(r.s) <> 0 OR coalesce(sum(r.s) FILTER (WHERE f.abusive), 0) <> 0
    ORDER BY r.story_id, r.role
    ON CONFLICT (story_id, role) DO UPDATE SET posts = c.posts + excluded.posts, abusive = c.abusive + excluded.abusive;
  END IF;
  RETURN NULL;
END
$$;
CREATE TRIGGER story_counts_insert AFTER INSERT ON story_posts REFERENCING NEW TABLE AS new_rows
FOR EACH STATEMENT EXECUTE FUNCTION story_counts_members();
CREATE TRIGGER story_counts_update AFTER UPDATE ON story_posts REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
FOR EACH STATEMENT EXECUTE FUNCTION story_counts_members();
CREATE TRIGGER story_counts_delete AFTER DELETE ON story_posts REFERENCING OLD TABLE AS old_rows
FOR EACH STATEMENT EXECUTE FUNCTION story_counts_members();

-- A post turning abusive (or no longer) moves the abusive count of every story it is in.
CREATE FUNCTION story_counts_facets() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO story_counts AS c (story_id, role, abusive)
    SELECT sp.story_id, sp.role, sum(d.d) FROM (SELECT post_pk, 1 AS d FROM new_rows WHERE abusive) AS d
    JOIN story_posts sp ON sp.post_pk = d.post_pk GROUP BY sp.story_id, sp.role ORDER BY sp.story_id, sp.role
    ON CONFLICT (story_id, role) DO UPDATE SET abusive = c.abusive + excluded.abusive;
  ELSIF TG_OP = 'DELETE' THEN
    INSERT INTO story_counts AS c (story_id, role, abusive)
    SELECT sp.story_id, sp.role, sum(d.d) FROM (SELECT post_pk, -1 AS d FROM old_rows WHERE abusive) AS d
    JOIN story_posts sp ON sp.post_pk = d.post_pk GROUP BY sp.story_id, sp.role ORDER BY sp.story_id, sp.role
    ON CONFLICT (story_id, role) DO UPDATE SET abusive = c.abusive + excluded.abusive;
  ELSE
    INSERT INTO story_counts AS c (story_id, role, abusive)
    SELECT sp.story_id, sp.role, sum(d.d) FROM (SELECT n.post_pk, CASE WHEN n.abusive THEN 1 ELSE -1 END AS d
      FROM new_rows n JOIN old_rows o ON o.post_pk = n.post_pk WHERE n.abusive <> o.abusive) AS d
    JOIN story_posts sp ON sp.post_pk = d.post_pk GROUP BY sp.story_id, sp.role ORDER BY sp.story_id, sp.role
    ON CONFLICT (story_id, role) DO UPDATE SET abusive = c.abusive + excluded.abusive;
  END IF;
  RETURN NULL;
END
$$;
CREATE TRIGGER story_counts_facets_insert AFTER INSERT ON post_facets REFERENCING NEW TABLE AS new_rows
FOR EACH STATEMENT EXECUTE FUNCTION story_counts_facets();
CREATE TRIGGER story_counts_facets_update AFTER UPDATE ON post_facets REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
FOR EACH STATEMENT EXECUTE FUNCTION story_counts_facets();
CREATE TRIGGER story_counts_facets_delete AFTER DELETE ON post_facets REFERENCING OLD TABLE AS old_rows
FOR EACH STATEMENT EXECUTE FUNCTION story_counts_facets();

-- The counts of the stories already stored.
INSERT INTO story_counts (story_id, role, posts, abusive)
SELECT sp.story_id, sp.role, count(*), count(*) FILTER (WHERE f.abusive)
FROM story_posts sp LEFT JOIN post_facets f ON f.post_pk = sp.post_pk GROUP BY sp.story_id, sp.role;
