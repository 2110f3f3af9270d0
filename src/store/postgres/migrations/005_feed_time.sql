-- voxpop schema v5 (PostgreSQL), as ../../sqlite/migrations/005_feed_time.sql: each story post
-- keeps its post's creation time as epoch milliseconds (created_ms; null when the post has no
-- time SQLite's julianday() would read), so the feed sorts and filters by time, and the stats
-- bucket by it, through an index instead of parsing every post's date text. Triggers keep it
-- right: it is set whenever a story post is written and follows the post's created_at.

-- The ISO 8601 forms SQLite's date functions read (a date, optionally a time with optional
-- seconds and fraction, optionally Z or an offset; no zone is UTC) as epoch milliseconds, else
-- null. PostgreSQL's own input also takes words ("today", "March 4, 2031"), which SQLite does
-- not: the pattern keeps the two stores agreeing on which posts have a time. (Differences left:
-- SQLite rolls an impossible day such as 2031-02-31 over into March and reads "now" as the
-- moment of reading; here both are null.)
CREATE FUNCTION voxpop_time_ms(t text) RETURNS bigint LANGUAGE plpgsql STABLE PARALLEL SAFE AS $$
DECLARE
  m text[];
BEGIN
  m := regexp_match(t, '^\s*(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?))?\s*([Zz]|[+-]\d{2}:\d{2})?\s*$');
  IF m IS NULL THEN RETURN NULL; END IF;
  -- An ISO offset as the input's zone (a POSIX zone name would flip its sign); no zone is UTC.
  RETURN round(extract(epoch FROM (m[1] || ' ' || coalesce(m[2], '00:00') ||
    CASE WHEN m[3] IS NULL OR upper(m[3]) = 'Z' THEN '+00' ELSE m[3] END)::timestamptz) * 1000)::bigint;
EXCEPTION WHEN others THEN
  RETURN NULL;
END
$$;

ALTER TABLE story_posts ADD COLUMN created_ms bigint;
UPDATE story_posts sp SET created_ms = voxpop_time_ms(p.created_at::text) FROM posts p WHERE p.pk = sp.post_pk;
-- newest first (walked backwards) and oldest first; posts without a time last in both.
CREATE INDEX story_posts_newest ON story_posts (story_id, (coalesce(created_ms, -9000000000000000)), position);
CREATE INDEX story_posts_oldest ON story_posts (story_id, (coalesce(created_ms, 9000000000000000)), position);

CREATE FUNCTION story_posts_created_ms() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.created_ms := (SELECT voxpop_time_ms(p.created_at::text) FROM posts p WHERE p.pk = NEW.post_pk);
  RETURN NEW;
END
$$;
CREATE TRIGGER story_posts_created_ms BEFORE INSERT OR UPDATE OF post_pk ON story_posts
FOR EACH ROW EXECUTE FUNCTION story_posts_created_ms();

CREATE FUNCTION posts_created_at_au() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE story_posts SET created_ms = voxpop_time_ms(NEW.created_at::text) WHERE post_pk = NEW.pk;
  RETURN NULL;
END
$$;
CREATE TRIGGER posts_created_at_au AFTER UPDATE OF created_at ON posts
FOR EACH ROW WHEN (NEW.created_at IS DISTINCT FROM OLD.created_at) EXECUTE FUNCTION posts_created_at_au();
