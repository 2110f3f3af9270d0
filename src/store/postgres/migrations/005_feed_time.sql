-- voxpop schema v5 (as src/store/sqlite/migrations/005_feed_time.sql): each story post keeps its
-- post's creation time as epoch milliseconds (created_ms; null when the post has no time SQLite's
-- date functions would read), so the feed sorts and filters by time through an index. It is set
-- when a post joins a story and follows the post's created_at through a trigger.

-- SQLite's julianday() reading, for the formats voxpop stores: YYYY-MM-DD, optionally with a time
-- (T or space, HH:MM[:SS[.fff]]) and a zone (Z or ±HH:MM; none means UTC). Anything else is null,
-- never an error.
CREATE FUNCTION voxpop_time_ms(t TEXT) RETURNS BIGINT LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
DECLARE
  m TEXT[];
BEGIN
  m := regexp_match(t, '^\s*(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?))?\s*(Z|z|[+-]\d{2}:\d{2})?\s*$');
  IF m IS NULL THEN RETURN NULL; END IF;
  RETURN round(extract(epoch FROM (m[1] || ' ' || coalesce(m[2], '00:00') || ' ' ||
    CASE WHEN m[3] IS NULL OR upper(m[3]) = 'Z' THEN '+00:00' ELSE m[3] END)::timestamptz) * 1000);
EXCEPTION WHEN OTHERS THEN
  RETURN NULL;
END $$;

ALTER TABLE story_posts ADD COLUMN created_ms BIGINT;
UPDATE story_posts SET created_ms = (SELECT voxpop_time_ms(p.created_at) FROM posts p WHERE p.pk = story_posts.post_pk);
-- newest first (walked backwards) and oldest first; posts without a time last in both.
CREATE INDEX story_posts_newest ON story_posts (story_id, coalesce(created_ms, -9000000000000000), position);
CREATE INDEX story_posts_oldest ON story_posts (story_id, coalesce(created_ms, 9000000000000000), position);

CREATE FUNCTION posts_created_at_au() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE story_posts SET created_ms = voxpop_time_ms(NEW.created_at) WHERE post_pk = NEW.pk;
  RETURN NULL;
END $$;
CREATE TRIGGER posts_created_at_au AFTER UPDATE OF created_at ON posts
FOR EACH ROW WHEN (NEW.created_at IS DISTINCT FROM OLD.created_at) EXECUTE FUNCTION posts_created_at_au();
