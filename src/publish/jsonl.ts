// Research export as JSON Lines: one stored post per line, exactly as the store holds it (post
// fields, role and relevance in the story, every provenance record with its raw payload hash,
// and every enricher's output with its version), plus the story's name. voxpop's file source
// reads it back unchanged (src/sources/files/jsonl.ts), so an export is also a backup.
import type { StoredPost } from "../store/index.ts";

export function renderJsonlExport(story: string, posts: StoredPost[]): string {
  return posts.map((p) => JSON.stringify({ story, ...p })).join("\n") + (posts.length ? "\n" : "");
}
