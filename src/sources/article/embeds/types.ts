import type { ExtractedPost } from "../../../core/index.ts";

/** A post as read from an embed; its position and whether it sits in the article body are decided
 * later by the article extractor. */
export type EmbeddedPost = Omit<ExtractedPost, "position" | "inArticle">;

export interface DetectedEmbed {
  post: EmbeddedPost;
  /** The outermost element of the embed (blockquote, rendered wrapper or iframe). */
  node: Element;
  /** Other elements that carry the same post (e.g. a second copy of the embed); remove them too. */
  duplicates: Element[];
}

/** One detector per platform family: looks at one element and, if it is the outermost element of
 * an embed of that family, reads the post from it. */
export type Detector = (el: Element) => { post: EmbeddedPost; node: Element } | null;
