// The demo story that ships with voxpop (demo/README.md), seeded through the normal import paths
// into a fresh store: what a new user sees in the first minute must be all there.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createApp, type App } from "../src/app.ts";
import { DEMO_STORY, DEMO_SUBJECTS } from "../src/demo/index.ts";
import type { StoredPost } from "../src/store/index.ts";
import { REACTIONS } from "../demo/story.ts";

const REACTION_TYPES = ["condolence", "support", "prayer", "praise", "defense", "criticism", "personal", "information", "humor", "other"];
// Posts per network: the Jetstream recording's 182 post creates (the article's two Bluesky embeds
// are among them: same at:// ids, stored once); 132 distinct Mastodon statuses (the 6 boosts are
// of statuses already there; the article's embed is one of them by its ActivityPub URI); the
// subject's 20 tweets (the one the article embeds is the same post) and the article's 3 other X
// posts; one post each from the other embeds.
const EXPECTED = { bluesky: 182, mastodon: 132, x: 23, instagram: 1, threads: 1, tiktok: 1, facebook: 1, youtube: 1 };
const SUBJECT_POSTS = { x: 20, bluesky: 6, mastodon: 5 };


describe("the demo story", () => {
  let dir: string;
  let app: App;
  let posts: StoredPost[];
  let seeded: { story: string; posts: number };

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), "voxpop-demo-"));
    app = createApp({ dbPath: join(dir, "demo.db") });
    seeded = await app.seedDemo();
    posts = await app.store().storyPosts(DEMO_STORY);
  });
  after(async () => {
    await app.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("seeds every network's posts from their wire formats, with nothing quarantined", async (t) => {
    const byPlatform: Record<string, number> = {};
    for (const p of posts) byPlatform[p.platform] = (byPlatform[p.platform] ?? 0) + 1;
    assert.deepEqual(byPlatform, EXPECTED);
    assert.equal(seeded.story, DEMO_STORY);
    assert.equal(seeded.posts, posts.length);
    assert.deepEqual(await app.store().listQuarantine(), []);
    const story = await app.store().getStory(DEMO_STORY);
    assert.deepEqual(story?.subjects, DEMO_SUBJECTS);
    assert.ok(story?.title);
  });

  it("gives the subject's own posts the role subject, on every network, and names every Bluesky author", async (t) => {
    const subjects = new Set(DEMO_SUBJECTS);
    const own: Record<string, number> = {};
    for (const p of posts) {
      const bySubject = subjects.has(p.author.handle ?? "");
      assert.equal(p.role === "subject", bySubject, `${p.platform} ${p.id} by ${p.author.handle}: role ${p.role}`);
      if (bySubject) own[p.platform] = (own[p.platform] ?? 0) + 1;
    }
    assert.deepEqual(own, SUBJECT_POSTS);
    const anonymous = posts.filter((p) => p.platform === "bluesky" && (!p.author.handle || !p.author.name));
    assert.deepEqual(anonymous.map((p) => p.id), [], "every Jetstream post is named from the recording's identity and profile frames");
  });

  it("has every reaction type at least once", () => {
    const seen = new Set(posts.filter((p) => p.role === "reaction").map((p) => (p.annotations.reaction?.data as { primary?: string } | undefined)?.primary));
    for (const type of REACTION_TYPES) assert.ok(seen.has(type), `no ${type} post`);
  });

  it("flags the abusive posts as offensive or hateful", (t) => {
    const abusive = REACTIONS.filter((l) => l.abusive);
    assert.ok(abusive.length >= 2);
    for (const line of abusive) {
      const post = posts.find((p) => p.text?.startsWith(line.text));
      assert.ok(post, `abusive post missing: ${line.text}`);
      const flag = (name: string) => (post.annotations[name]?.data as { label?: boolean } | undefined)?.label === true;
      assert.ok(flag("offensive") || flag("hate"), `not flagged: ${line.text}`);
    }
  });

  it("stores hostile markup in texts and names literally", (t) => {
    for (const line of REACTIONS.filter((l) => l.hostile)) {
      assert.ok(posts.some((p) => p.text === line.text || p.text?.startsWith(`${line.text} `)), `not stored literally: ${line.text}`);
    }
    const names = new Set(posts.map((p) => p.author.name));
    assert.ok(names.has("<script>alert(\"name\")</script>"));
    assert.ok(names.has("\"><img src=x onerror=alert('name')>"));
  });

  it("adds nothing when seeded again", async () => {
    const again = await app.seedDemo();
    const now = await app.store().storyPosts(DEMO_STORY);
    assert.equal(again.posts, seeded.posts);
    assert.deepEqual(now.map((p) => `${p.platform}:${p.id}`).sort(), posts.map((p) => `${p.platform}:${p.id}`).sort());
    assert.deepEqual(await app.store().listQuarantine(), []);
  });
});
