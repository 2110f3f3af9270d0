import type { FlatPost } from "../core/index.ts";

/** What a renderer needs of a post: plain data, already selected and ordered by the caller. */
export interface RoundupPost extends FlatPost {
  role: "subject" | "reaction";
  /** Primary reaction type from the enrichment, when the post was classified. */
  reaction?: string | null;
  /** "platform:id", and the key of the post this one repeats (exact or near copy), if any. */
  key?: string;
  duplicateOf?: string | null;
  /** How many copies collapsed onto this post (set by buildRoundup). */
  copies?: number;
  /** Where the post was found (article URL or file), for provenance in exports. */
  sourceUri: string | null;
}

export interface RoundupSection {
  key: string;
  title: string;
  posts: RoundupPost[];
}

export interface Roundup {
  story: { name: string; title: string | null; subjects: string[] };
  sections: RoundupSection[];
}

export type RoundupFormat = "md" | "html" | "json";

/** A renderer is a pure function from a roundup to text. */
export type Renderer = (roundup: Roundup) => string;
