// Domain types shared by every stage. Plain camelCase data; wire formats are validated where
// they enter (sources), never here.

export const PLATFORMS = [
  "x", "bluesky", "mastodon", "instagram", "threads", "tiktok", "youtube", "facebook", "truthsocial",
] as const;
export type Platform = (typeof PLATFORMS)[number];

export interface Author {
  /** Display name exactly as shown; null when the source does not show one. */
  name: string | null;
  /** Handle without a leading "@"; null when the source does not show one. */
  handle: string | null;
}

/** A post as read from an article or another source, before enrichment. */
export interface ExtractedPost {
  platform: Platform;
  /** Platform id where known (status id, shortcode, video id), else a stable content hash (see ids.ts). */
  id: string;
  /** Canonical URL of the post (query and fragment removed), or null when the markup has none. */
  url: string | null;
  author: Author;
  /** ISO 8601: a date alone when only a date is shown; a time with offset when the source gives one. */
  createdAt: string | null;
  /** The date exactly as printed, or null. */
  dateText: string | null;
  /** Post body, whitespace collapsed; null when the markup carries none. */
  text: string | null;
  links: string[];
  /** Handles mentioned in the text, without "@". */
  mentions: string[];
  /** 1-based order of the post in the article. */
  position: number;
  /**
   * The platform's own language tag for the post (e.g. the `lang` attribute of an X or Bluesky
   * embed's text), as written; absent or null when the source has none.
   */
  lang?: string | null;
  /** False when the post sits outside the main article (sidebars, other stories on the page). */
  inArticle: boolean;
}

/** An author as a collecting source sees it: the shown name and handle, and what the API adds. */
export interface CollectedAuthor extends Author {
  /** The platform's stable account id (a Bluesky DID, a Mastodon account URI), when known. */
  id?: string | null;
  followers?: number | null;
  /** The platform's own verification mark (Bluesky's blue check); null where the platform has none or did not say. */
  verified?: boolean | null;
}

/**
 * A post from a collecting source (Bluesky, Mastodon, a feed's article, a file). It is an
 * ExtractedPost (so the store and the enrichers take it unchanged) with what APIs add.
 * Ids are globally unique within a platform: a Bluesky post is its at:// URI, a Mastodon status
 * its ActivityPub URI (the same on every instance that federates it), an X post its status id.
 */
export interface CollectedPost extends ExtractedPost {
  author: CollectedAuthor;
  /** Hashtags without "#", as the platform lists them (or as found in the text). */
  tags?: string[];
  /** Ids (same scheme as `id`) of the post this one replies to, the thread's root, the one it quotes. */
  replyTo?: string | null;
  replyRoot?: string | null;
  quoteOf?: string | null;
  /** For a repost/boost: the id of the reposted post (the repost itself is `id`). */
  repostOf?: string | null;
}

/**
 * A post's own fields with the author inline: the shape a store row and a rendered quote share.
 */
export interface FlatPost {
  platform: Platform;
  id: string;
  url: string | null;
  authorName: string | null;
  authorHandle: string | null;
  createdAt: string | null;
  dateText: string | null;
  text: string | null;
}

export interface ArticleMeta {
  url: string | null;
  title: string | null;
  byline: string | null;
  /** ISO 8601 date or date-time, or null. */
  publishedAt: string | null;
  lang: string | null;
  /** Main text, paragraphs separated by blank lines, without the embedded posts' text. */
  text: string;
}

export interface Extraction {
  article: ArticleMeta;
  posts: ExtractedPost[];
}
