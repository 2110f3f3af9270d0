import type { FlatPost } from "../core/index.ts";
import type { Curation } from "../store/store.ts";

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
  /** The post's language (BCP 47), used as the `lang` of its quote in HTML. */
  lang?: string | null;
  /** A Bluesky record's CID, when known (the official embed carries it; it works without). */
  cid?: string | null;
  /**
   * The editor's decisions on the post (src/curate/). buildRoundup reads it to select, order and
   * group posts, and leaves it out of the roundup it returns: notes are never published.
   */
  curation?: Curation;
  /** 1-based position in the story (arrival order); defaults to the post's place in the input. */
  position?: number;
  /** Set by buildRoundup on a post the editor pinned. */
  pinned?: boolean;
}

export interface RoundupSection {
  /** "subject", a reaction type, "reactions" (nothing classified), or "custom:TITLE". */
  key: string;
  title: string;
  posts: RoundupPost[];
}

export interface Roundup {
  story: { name: string; title: string | null; subjects: string[] };
  sections: RoundupSection[];
}

export type RoundupFormat = "md" | "html" | "json";

/**
 * How HTML shows each post. `static`: a self-contained card (no third-party script; still
 * readable when the post is deleted). `official`: the platform's own embed markup and script,
 * falling back to the static card where there is none.
 */
export type EmbedMode = "static" | "official";

export interface RenderOptions {
  /** HTML only; default "static". */
  embeds?: EmbedMode;
}

/** A renderer is a pure function from a roundup to text. */
export type Renderer = (roundup: Roundup, options?: RenderOptions) => string;
