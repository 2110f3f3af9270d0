-- voxpop schema v3: what collecting sources add (as src/store/sqlite/migrations/003_collect.sql).
ALTER TABLE posts ADD COLUMN lang TEXT;
ALTER TABLE posts ADD COLUMN tags JSONB NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(tags) = 'array');
ALTER TABLE posts ADD COLUMN reply_to TEXT;
ALTER TABLE posts ADD COLUMN reply_root TEXT;
ALTER TABLE posts ADD COLUMN quote_of TEXT;
ALTER TABLE posts ADD COLUMN repost_of TEXT;
ALTER TABLE posts ADD COLUMN author_account TEXT;
ALTER TABLE posts ADD COLUMN author_followers BIGINT;
ALTER TABLE posts ADD COLUMN author_verified BOOLEAN;
CREATE INDEX posts_author_account ON posts (author_account) WHERE author_account IS NOT NULL;

ALTER TABLE stories ADD COLUMN rules JSONB NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(rules) = 'object');

ALTER TABLE story_posts ADD COLUMN relevance DOUBLE PRECISION;
ALTER TABLE story_posts ADD COLUMN matched JSONB NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(matched) = 'array');
