-- voxpop schema v5: each story post keeps its post's creation time as epoch milliseconds
-- (created_ms; null when the post has no parseable time), so the feed sorts and filters by time,
-- and the stats bucket by it, through an index instead of parsing every post's date text. It is
-- set when a post joins a story and follows the post's created_at through a trigger.
ALTER TABLE story_posts ADD COLUMN created_ms INTEGER;
UPDATE story_posts SET created_ms = (
  SELECT CAST(round((julianday(p.created_at) - 2440587.5) * 86400000) AS INTEGER) FROM posts p WHERE p.pk = story_posts.post_pk);
-- newest first (walked backwards) and oldest first; posts without a time last in both.
CREATE INDEX story_posts_newest ON story_posts (story_id, coalesce(created_ms, -9000000000000000), position);
CREATE INDEX story_posts_oldest ON story_posts (story_id, coalesce(created_ms, 9000000000000000), position);
CREATE TRIGGER posts_created_at_au AFTER UPDATE OF created_at ON posts
WHEN new.created_at IS NOT old.created_at
BEGIN
  UPDATE story_posts SET created_ms = CAST(round((julianday(new.created_at) - 2440587.5) * 86400000) AS INTEGER)
  WHERE post_pk = new.pk;
END;
