-- voxpop schema v4: curation (issue 5). The editor's decisions are an append-only log (triggers
-- refuse any UPDATE or DELETE); story_curation is that log folded per post (src/curate/), kept
-- up to date in the transaction that appends a decision, so the feed filters and sorts on it in
-- SQL. post_facets keeps the enrichment fields the feed filters on beside each post, rewritten
-- from its annotations whenever they are saved (through the annotation_facets view).

CREATE TABLE decisions (
  id          INTEGER PRIMARY KEY,
  story_id    INTEGER NOT NULL REFERENCES stories (id),
  action      TEXT NOT NULL CHECK (action IN ('include', 'exclude', 'reset', 'pin', 'unpin', 'move', 'section', 'note', 'undo')),
  -- The post decided on; for an undo, the post of the decision it undoes.
  post_pk     INTEGER NOT NULL REFERENCES posts (pk),
  -- For an undo: the decision it reverts. A decision is undone at most once.
  undoes      INTEGER REFERENCES decisions (id),
  value       TEXT NOT NULL DEFAULT 'null' CHECK (json_valid(value)),
  actor       TEXT,
  created_at  TEXT NOT NULL,
  CHECK ((action = 'undo') = (undoes IS NOT NULL))
);
CREATE INDEX decisions_story_id ON decisions (story_id, id);
CREATE INDEX decisions_story_post ON decisions (story_id, post_pk, id);
CREATE UNIQUE INDEX decisions_undoes ON decisions (undoes) WHERE undoes IS NOT NULL;
CREATE TRIGGER decisions_no_update BEFORE UPDATE ON decisions
BEGIN SELECT RAISE(ABORT, 'decisions are append-only: a decision cannot be changed'); END;
CREATE TRIGGER decisions_no_delete BEFORE DELETE ON decisions
BEGIN SELECT RAISE(ABORT, 'decisions are append-only: a decision cannot be deleted'); END;

-- The fold of each decided post's decisions (posts without a row are undecided, unpinned,
-- unranked). rank and position share one scale: see src/curate/fold.ts.
CREATE TABLE story_curation (
  story_id       INTEGER NOT NULL REFERENCES stories (id) ON DELETE CASCADE,
  post_pk        INTEGER NOT NULL REFERENCES posts (pk) ON DELETE CASCADE,
  status         TEXT NOT NULL CHECK (status IN ('included', 'excluded', 'undecided')),
  pinned         INTEGER NOT NULL CHECK (pinned IN (0, 1)),
  rank           REAL,
  section        TEXT,
  note           TEXT,
  last_decision  INTEGER NOT NULL,
  PRIMARY KEY (story_id, post_pk)
) WITHOUT ROWID;
CREATE INDEX story_curation_status ON story_curation (story_id, status);
CREATE INDEX story_curation_rank ON story_curation (story_id, rank) WHERE rank IS NOT NULL;
CREATE INDEX story_curation_pinned ON story_curation (story_id) WHERE pinned = 1;

-- The facets of a post, read from its annotations (shapes: src/enrich/types.ts Annotations).
-- Values of the wrong JSON type are ignored rather than trusted.
CREATE VIEW annotation_facets AS
SELECT
  post_pk,
  max(CASE WHEN enricher = 'reaction' AND json_type(data, '$.primary') = 'text' THEN json_extract(data, '$.primary') END) AS reaction,
  max(CASE WHEN enricher = 'lang' AND json_type(data, '$.lang') = 'text' THEN json_extract(data, '$.lang') END) AS lang,
  max(enricher = 'offensive' AND json_type(data, '$.label') = 'true') AS offensive,
  max(enricher = 'hate' AND json_type(data, '$.label') = 'true') AS hate,
  coalesce(max(CASE WHEN enricher = 'notability' AND json_type(data, '$.score') IN ('integer', 'real')
    THEN min(1.0, max(0.0, json_extract(data, '$.score'))) END), 0) AS notability,
  coalesce(max(CASE WHEN enricher = 'emotions' AND json_type(data, '$.labels') = 'array'
    THEN (SELECT json_group_array(e.value) FROM json_each(data, '$.labels') e WHERE e.type = 'text') END), '[]') AS emotions
FROM annotations
GROUP BY post_pk;

CREATE TABLE post_facets (
  post_pk     INTEGER PRIMARY KEY REFERENCES posts (pk) ON DELETE CASCADE,
  reaction    TEXT,
  lang        TEXT,
  offensive   INTEGER NOT NULL DEFAULT 0 CHECK (offensive IN (0, 1)),
  hate        INTEGER NOT NULL DEFAULT 0 CHECK (hate IN (0, 1)),
  notability  REAL NOT NULL DEFAULT 0,
  emotions    TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(emotions) AND json_type(emotions) = 'array'),
  abusive     INTEGER GENERATED ALWAYS AS (offensive OR hate) VIRTUAL
);
CREATE INDEX post_facets_reaction ON post_facets (reaction) WHERE reaction IS NOT NULL;
CREATE INDEX post_facets_lang ON post_facets (lang) WHERE lang IS NOT NULL;
CREATE INDEX post_facets_abusive ON post_facets (post_pk) WHERE abusive = 1;

-- One row per (post, emotion label), so an emotion filter is an index probe, not a JSON scan.
CREATE TABLE post_emotions (
  post_pk  INTEGER NOT NULL REFERENCES posts (pk) ON DELETE CASCADE,
  emotion  TEXT NOT NULL,
  PRIMARY KEY (post_pk, emotion)
) WITHOUT ROWID;
CREATE INDEX post_emotions_emotion ON post_emotions (emotion, post_pk);

INSERT INTO post_facets (post_pk, reaction, lang, offensive, hate, notability, emotions)
SELECT post_pk, reaction, lang, offensive, hate, notability, emotions FROM annotation_facets;
INSERT OR IGNORE INTO post_emotions (post_pk, emotion)
SELECT f.post_pk, e.value FROM post_facets f, json_each(f.emotions) e;
