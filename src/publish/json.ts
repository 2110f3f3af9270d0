import type { Renderer, RoundupPost } from "./types.ts";

/**
 * The roundup as data: every quote keeps its platform, id, url and source for citation. A
 * post's curation record is dropped even if a caller left it on (notes are never published).
 */
export const renderJson: Renderer = (roundup) => {
  const sections = roundup.sections.map((s) => ({ ...s, posts: s.posts.map(({ curation: _, ...p }: RoundupPost) => p) }));
  return JSON.stringify({ ...roundup, sections }, null, 2) + "\n";
};
