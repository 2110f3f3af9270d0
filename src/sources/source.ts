// The Source contract. A source yields raw wire items with a resumable cursor; `normalize` turns
// one item into posts (validating the wire format with zod) or throws a VoxpopError, and the
// ingest runner then quarantines the item with its payload and the reason. Backfill (search,
// files, feeds) and live (Jetstream, firehose, streaming) sources have the same shape: a
// backfill ends, a live source runs until its signal aborts.
//
// Cursors: `item.cursor` is the position *after* this item. The runner stores it in the same
// transaction as the item's posts, and a restart passes the last stored cursor back to `read`,
// which must resume there (re-reading a little is fine: stores are idempotent; skipping is not).
import type { ArticleMeta, CollectedPost } from "../core/index.ts";
import type { PostAnnotations } from "../store/index.ts";

export interface RawItem {
  /** The wire payload exactly as received (JSON text, CBOR bytes, a CSV line...). */
  payload: string | Uint8Array;
  contentType: string;
}

export interface SourceItem {
  raw: RawItem;
  /** Position after this item, or null when the source cannot resume mid-way (then it starts over). */
  cursor: string | null;
  /**
   * Where the posts were found, when not the source itself (an RSS item's article URL): the
   * provenance source URI. Defaults to the source's `uri`.
   */
  via?: string | null;
  /** Items the source had to skip and why, e.g. a frame it could not decode; quarantined as is. */
  error?: { code: string; reason: string } | null;
}

export interface NormalizedItem {
  /** Usually one post; none for an event that is not a post (a like, a deletion, a profile). */
  posts: CollectedPost[];
  /** The article the posts were embedded in, when the item is an article (RSS, an article URL). */
  article?: ArticleMeta | null;
  /**
   * Enrichment the item already carries (voxpop's own JSONL export), by index into `posts`; such
   * posts are stored with it as is instead of being enriched again (round-trip exact).
   */
  annotations?: Array<PostAnnotations | null> | null;
  /** The role each post had in the story it was exported from (voxpop's JSONL export), by index. */
  roles?: Array<"subject" | "reaction" | null> | null;
}

/** What a live source reports about its connection, for the progress display. */
export interface SourceStatus {
  state: "connecting" | "open" | "waiting" | "reconnecting" | "done";
  detail?: string;
}

export interface Source {
  /** Stable and unique per configuration: the key of its cursor, e.g. "jetstream wss://host". */
  readonly name: string;
  /** "bluesky", "mastodon", "rss", "file": the provenance kind of what it stores. */
  readonly kind: string;
  /** The URI recorded as provenance (a service URL, a feed URL, a file path). */
  readonly uri: string;
  readonly mode: "backfill" | "live";
  read(cursor: string | null, signal: AbortSignal): AsyncIterable<SourceItem>;
  /** One raw item to posts; throws a VoxpopError (PARSE_ERROR...) for a bad item. Pure. */
  normalize(item: SourceItem): NormalizedItem;
  /** Optional live status for the progress display. */
  status?(): SourceStatus;
}
