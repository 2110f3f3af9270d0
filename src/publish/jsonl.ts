// Research export as JSON Lines: one stored post per line, exactly as the store holds it (post
// fields, role and relevance in the story, every provenance record with its raw payload hash,
// and every enricher's output with its version), plus the story's name. voxpop's file source
// reads it back unchanged (src/sources/files/jsonl.ts), so an export is also a backup.
// A feed post (FeedPost) also carries its curation, without the editor's note (notes are never
// published); its facets are left out, being a copy of the annotations.
import type { StoredPost } from "../store/index.ts";
import type { ExportPost } from "./posts.ts";

export function renderJsonlExport(story: string, posts: readonly (StoredPost | ExportPost)[]): string {
  return posts.map((p) => JSON.stringify(record(story, p))).join("\n") + (posts.length ? "\n" : "");
}

function record(story: string, p: ExportPost): Record<string, unknown> {
  const { curation, facets: _facets, ...post } = p;
  if (!curation) return { story, ...post };
  const { note: _note, ...published } = curation;
  return { story, ...post, curation: published };
}
