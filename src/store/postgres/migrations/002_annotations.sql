-- What the enrichers said about each post: one row per (post, enricher), replaced when the
-- enricher runs again. The version says which model or rule set wrote it.
CREATE TABLE annotations (
  post_pk      BIGINT NOT NULL REFERENCES posts (pk) ON DELETE CASCADE,
  enricher     TEXT NOT NULL,
  version      TEXT NOT NULL,
  data         JSONB NOT NULL,
  annotated_at TEXT NOT NULL,
  PRIMARY KEY (post_pk, enricher)
);
