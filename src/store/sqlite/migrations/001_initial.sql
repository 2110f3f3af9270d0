-- voxpop schema v1. Applied inside one transaction by migrate.ts and recorded in
-- schema_migrations. Timestamps are ISO 8601 text; JSON arrays are JSON text.

-- One row per (platform, handle); handle_key is the handle lower-cased by the application
-- (Unicode-aware, unlike SQLite's lower()), so matching is case-insensitive but the first
-- spelling seen is kept for display.
CREATE TABLE authors (
  id          INTEGER PRIMARY KEY,
  platform    TEXT NOT NULL,
  handle      TEXT NOT NULL,
  handle_key  TEXT NOT NULL,
  name        TEXT,
  stored_at   TEXT NOT NULL,
  updated_at  TEXT NOT NULL,
  UNIQUE (platform, handle_key)
);

-- The dedupe slot is UNIQUE (platform, id). author_name/author_handle keep what the post
-- itself showed (posts without a handle still keep their name; author_id is then null).
CREATE TABLE posts (
  pk            INTEGER PRIMARY KEY,
  platform      TEXT NOT NULL,
  id            TEXT NOT NULL,
  url           TEXT,
  author_id     INTEGER REFERENCES authors (id),
  author_name   TEXT,
  author_handle TEXT,
  created_at    TEXT,
  date_text     TEXT,
  text          TEXT,
  links         TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(links) AND json_type(links) = 'array'),
  mentions      TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(mentions) AND json_type(mentions) = 'array'),
  stored_at     TEXT NOT NULL,
  updated_at    TEXT NOT NULL,
  UNIQUE (platform, id)
);
CREATE INDEX posts_author_id ON posts (author_id);

-- Full-text index over the post text and who wrote it, kept in sync by triggers
-- (external-content table: the text is stored once, in posts).
CREATE VIRTUAL TABLE posts_fts USING fts5 (
  text, author_name, author_handle,
  content = 'posts', content_rowid = 'pk',
  tokenize = 'unicode61 remove_diacritics 2'
);
CREATE TRIGGER posts_fts_ai AFTER INSERT ON posts BEGIN
  INSERT INTO posts_fts (rowid, text, author_name, author_handle)
  VALUES (new.pk, new.text, new.author_name, new.author_handle);
END;
CREATE TRIGGER posts_fts_ad AFTER DELETE ON posts BEGIN
  INSERT INTO posts_fts (posts_fts, rowid, text, author_name, author_handle)
  VALUES ('delete', old.pk, old.text, old.author_name, old.author_handle);
END;
CREATE TRIGGER posts_fts_au AFTER UPDATE OF text, author_name, author_handle ON posts BEGIN
  INSERT INTO posts_fts (posts_fts, rowid, text, author_name, author_handle)
  VALUES ('delete', old.pk, old.text, old.author_name, old.author_handle);
  INSERT INTO posts_fts (rowid, text, author_name, author_handle)
  VALUES (new.pk, new.text, new.author_name, new.author_handle);
END;

-- Raw wire payloads, stored once by the sha256 of their bytes.
CREATE TABLE raw_payloads (
  hash          TEXT PRIMARY KEY,
  payload       BLOB NOT NULL,
  content_type  TEXT NOT NULL,
  size          INTEGER NOT NULL,
  stored_at     TEXT NOT NULL
);

-- Articles keyed by their URL, or by the source URI when the article has none.
CREATE TABLE articles (
  id            INTEGER PRIMARY KEY,
  key           TEXT NOT NULL UNIQUE,
  url           TEXT,
  title         TEXT,
  byline        TEXT,
  published_at  TEXT,
  lang          TEXT,
  text          TEXT NOT NULL DEFAULT '',
  source_uri    TEXT NOT NULL,
  stored_at     TEXT NOT NULL,
  updated_at    TEXT NOT NULL
);

-- Where each post was found: one row per (post, source). The first read's raw payload,
-- position and collected_at are kept; last_seen_at moves on re-imports.
CREATE TABLE provenance (
  id            INTEGER PRIMARY KEY,
  post_pk       INTEGER NOT NULL REFERENCES posts (pk) ON DELETE CASCADE,
  source_kind   TEXT NOT NULL,
  source_uri    TEXT NOT NULL,
  article_id    INTEGER REFERENCES articles (id),
  raw_hash      TEXT REFERENCES raw_payloads (hash),
  position      INTEGER,
  in_article    INTEGER CHECK (in_article IN (0, 1)),
  collected_at  TEXT NOT NULL,
  last_seen_at  TEXT NOT NULL,
  UNIQUE (post_pk, source_uri)
);
CREATE INDEX provenance_source_uri ON provenance (source_uri);
CREATE INDEX provenance_article_id ON provenance (article_id);

CREATE TABLE stories (
  id          INTEGER PRIMARY KEY,
  name        TEXT NOT NULL UNIQUE,
  title       TEXT,
  created_at  TEXT NOT NULL,
  updated_at  TEXT NOT NULL
);

CREATE TABLE story_subjects (
  story_id    INTEGER NOT NULL REFERENCES stories (id) ON DELETE CASCADE,
  handle      TEXT NOT NULL,
  handle_key  TEXT NOT NULL,
  seq         INTEGER NOT NULL,
  PRIMARY KEY (story_id, handle_key)
);

-- Story membership. position is the order of first addition and never changes.
CREATE TABLE story_posts (
  story_id  INTEGER NOT NULL REFERENCES stories (id) ON DELETE CASCADE,
  post_pk   INTEGER NOT NULL REFERENCES posts (pk) ON DELETE CASCADE,
  role      TEXT NOT NULL CHECK (role IN ('subject', 'reaction')),
  position  INTEGER NOT NULL,
  added_at  TEXT NOT NULL,
  PRIMARY KEY (story_id, post_pk),
  UNIQUE (story_id, position)
);
CREATE INDEX story_posts_post_pk ON story_posts (post_pk);

CREATE TABLE source_cursors (
  source      TEXT PRIMARY KEY,
  cursor      TEXT NOT NULL,
  updated_at  TEXT NOT NULL
);

-- Items that could not be stored, kept with their reason and (up to a cap) their payload.
CREATE TABLE quarantine (
  id                 INTEGER PRIMARY KEY,
  source             TEXT NOT NULL,
  code               TEXT NOT NULL,
  reason             TEXT NOT NULL,
  story              TEXT,
  payload            BLOB,
  payload_is_text    INTEGER NOT NULL DEFAULT 0 CHECK (payload_is_text IN (0, 1)),
  payload_size       INTEGER,
  payload_truncated  INTEGER NOT NULL DEFAULT 0 CHECK (payload_truncated IN (0, 1)),
  payload_hash       TEXT,
  created_at         TEXT NOT NULL
);
