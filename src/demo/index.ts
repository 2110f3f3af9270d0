// demo: seeds the fictional story that ships with voxpop (demo/README.md), so a new user sees
// every part working in the first minute. It goes through the same paths a user's data does: the
// article through `importSources`, the post files (a Jetstream recording, Mastodon statuses, the
// subject's X archive) through `collect` with `file:` sources. Seeding twice adds nothing: the
// article's posts are upserted by id, and each file resumes from its stored cursor (at its end).
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { VoxpopError } from "../core/index.ts";
import type { App } from "../app.ts";

export const DEMO_STORY = "demo";
export const DEMO_DIR = fileURLToPath(new URL("../../demo/", import.meta.url));

/** The demo's inputs: the article, and the post files in their networks' wire formats. */
export const DEMO_FILES = {
  article: join(DEMO_DIR, "article.html"),
  bluesky: join(DEMO_DIR, "bluesky-jetstream.jsonl"),
  mastodon: join(DEMO_DIR, "mastodon-statuses.json"),
  x: join(DEMO_DIR, "x-archive"),
} as const;

/** The story's subject on each network, and what else marks a post as being about it. */
export const DEMO_SUBJECTS = ["adamarrow", "adamarrow.bsky.social", "adamarrow@mastodon.example"];
const DEMO_RULES = {
  keywords: ["Ada Marrow", "Marrow", "The Last Tide Table", "Net Menders"],
  tags: ["AdaMarrow", "LastTideTable"],
  urls: ["https://harbour-gazette.example/culture/2026/03/03/ada-marrow-final-novel"],
};
const DEMO_TITLE = "Novelist Ada Marrow says her next book will be her last";

/** Creates the story "demo" and imports the demo article and post files into it (idempotent). */
export async function seedDemo(app: App): Promise<{ story: string; posts: number }> {
  const store = app.store();
  await store.ensureStory(DEMO_STORY, { title: DEMO_TITLE, subjects: DEMO_SUBJECTS, rules: DEMO_RULES });
  const [article] = await app.importSources([DEMO_FILES.article], { story: DEMO_STORY, subjects: DEMO_SUBJECTS });
  if (article && !article.ok) throw new VoxpopError("PARSE_ERROR", `the demo article could not be imported: ${article.message}`);
  const stats = await app.collect(DEMO_STORY, {
    sources: [DEMO_FILES.bluesky, DEMO_FILES.mastodon, DEMO_FILES.x].map((p) => `file:${p}`),
    signal: new AbortController().signal,
  });
  const failed = stats.find((s) => s.error);
  if (failed) throw new VoxpopError("PARSE_ERROR", `the demo file ${failed.source} could not be read: ${failed.error}`);
  const story = await store.getStory(DEMO_STORY);
  return { story: DEMO_STORY, posts: story?.postCount ?? 0 };
}
