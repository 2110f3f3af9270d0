-- voxpop schema v3: what collecting sources add. Posts keep the API's extra fields (language
-- tag, hashtags, thread and quote relations, and a snapshot of the author's account id, follower
-- count and verification as the post was collected); stories keep their matching rules; story
-- membership records how relevant a post is and which rules matched it.
ALTER TABLE posts ADD COLUMN lang TEXT;
ALTER TABLE posts ADD COLUMN tags TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(tags) AND json_type(tags) = 'array');
ALTER TABLE posts ADD COLUMN reply_to TEXT;
ALTER TABLE posts ADD COLUMN reply_root TEXT;
ALTER TABLE posts ADD COLUMN quote_of TEXT;
ALTER TABLE posts ADD COLUMN repost_of TEXT;
ALTER TABLE posts ADD COLUMN author_account TEXT;
ALTER TABLE posts ADD COLUMN author_followers INTEGER;
ALTER TABLE posts ADD COLUMN author_verified INTEGER CHECK (author_verified IN (0, 1));
CREATE INDEX posts_author_account ON posts (author_account) WHERE author_account IS NOT NULL;

ALTER TABLE stories ADD COLUMN rules TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(rules) AND json_type(rules) = 'object');

ALTER TABLE story_posts ADD COLUMN relevance REAL;
ALTER TABLE story_posts ADD COLUMN matched TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(matched) AND json_type(matched) = 'array');
