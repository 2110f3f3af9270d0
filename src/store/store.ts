// The Store contract. Every method is async so that a network-backed implementation
// (PostgreSQL) can share the interface and the contract suite in contract.ts; the SQLite
// implementation does its work synchronously inside the returned promise.

import type { ArticleMeta, CollectedPost, Platform } from "../core/types.ts";

export type StoryRole = "subject" | "reaction";

/**
 * What makes a post part of a story, besides its subjects (see src/pipeline/rules.ts for how
 * they are matched and scored). Empty lists match nothing; null bounds are open.
 */
export interface StoryRules {
  /** Words or phrases, matched case-insensitively on word boundaries. */
  keywords: string[];
  /** Hashtags without "#", matched case-insensitively. */
  tags: string[];
  /** URLs (or URL prefixes) that a post links to. */
  urls: string[];
  /** ISO 8601 window on the post's creation time. */
  since: string | null;
  until: string | null;
  /** Sources `voxpop collect` follows by default, as `--source` specs. */
  sources: string[];
}

export const EMPTY_RULES: StoryRules = { keywords: [], tags: [], urls: [], since: null, until: null, sources: [] };

export interface Story {
  name: string;
  title: string | null;
  /** Subject handles without "@", in the order first given; matched case-insensitively. */
  subjects: string[];
  rules: StoryRules;
  postCount: number;
  createdAt: string;
  updatedAt: string;
}

export interface StoryFields {
  /** Handles, with or without a leading "@"; merged into the story's existing subjects. */
  subjects?: string[];
  title?: string;
  /** Replaces the given rule fields; fields not given keep their value. */
  rules?: Partial<StoryRules>;
}

export interface SourceRef {
  /** "article", "file", or a source name ("bluesky", "rss", ...). */
  kind: "article" | "file" | (string & {});
  /** URL or file path the posts were read from. */
  uri: string;
}

export interface RawPayload {
  payload: string | Uint8Array;
  contentType: string;
}

/** Enricher outputs for one post, keyed by enricher name, each with the version that wrote it. */
export type PostAnnotations = Record<string, { version: string; data: unknown }>;

/** How a post matched its story (src/pipeline/rules.ts). */
export interface StoryMatch {
  role: StoryRole;
  /** 0..1. */
  relevance: number;
  /** Which rules matched, e.g. "mentions @subject", "keyword: verdict". */
  reasons: string[];
}

export interface SaveBatch {
  /** Article extractions and collected posts alike (CollectedPost's extra fields are optional). */
  posts: CollectedPost[];
  /** Enrichment of each post, by index into `posts` (null or missing: none). */
  annotations?: Array<PostAnnotations | null> | null;
  article?: ArticleMeta | null;
  source: SourceRef;
  raw?: RawPayload | null;
  /** Per post (by index): its own raw payload, when posts came from different wire items. */
  raws?: Array<RawPayload | null> | null;
  /** Per post: how it matched the story; sets its role and relevance. */
  matches?: Array<StoryMatch | null> | null;
  /** Per post: the provenance source URI when not `source.uri` (an RSS item's article). */
  sourceUris?: Array<string | null> | null;
  /** Items that could not be read, quarantined in the same transaction as the batch's cursor. */
  quarantine?: QuarantineInput[];
  /** Story to attach the batch's in-article posts to; created if it does not exist. */
  story?: string | null;
  /** ISO 8601; defaults to now. */
  collectedAt?: string;
  /**
   * Source cursor to record in the same transaction as the posts, so an interrupted ingest
   * resumes exactly after the last batch that was stored.
   */
  cursor?: { source: string; cursor: string } | null;
}

export interface SaveResult {
  inserted: number;
  updated: number;
  unchanged: number;
}

export interface QuarantineInput {
  source: string;
  code: string;
  reason: string;
  payload?: string | Uint8Array | null;
  story?: string | null;
}

export interface QuarantineItem {
  id: number;
  source: string;
  code: string;
  reason: string;
  story: string | null;
  /** The payload as given (a string stays a string), cut at `QUARANTINE_PAYLOAD_CAP` bytes. */
  payload: string | Uint8Array | null;
  /** Size in bytes of the payload as given, before any cut. */
  payloadSize: number | null;
  payloadTruncated: boolean;
  /** sha256 of the full payload as given. */
  payloadHash: string | null;
  createdAt: string;
}

export interface Provenance {
  sourceKind: string;
  sourceUri: string;
  articleUrl: string | null;
  articleTitle: string | null;
  rawHash: string | null;
  /** 1-based position of the post in that source. */
  position: number | null;
  inArticle: boolean | null;
  collectedAt: string;
}

export interface StoredPost {
  platform: Platform;
  id: string;
  url: string | null;
  author: { name: string | null; handle: string | null; id: string | null; followers: number | null; verified: boolean | null };
  createdAt: string | null;
  dateText: string | null;
  text: string | null;
  links: string[];
  mentions: string[];
  /** The platform's language tag, hashtags, and thread/quote/repost relations (ids), when known. */
  lang: string | null;
  tags: string[];
  replyTo: string | null;
  replyRoot: string | null;
  quoteOf: string | null;
  repostOf: string | null;
  role: StoryRole;
  /** How relevant the post is to the story (0..1) and why; null for article imports. */
  relevance: number | null;
  matched: string[];
  /** 1-based position in the story (order of first addition, following article order). */
  position: number;
  /** One entry per source the post was found in, oldest first. */
  provenance: Provenance[];
  /** When this store first stored the post, and last changed it (ISO 8601). */
  storedAt: string;
  updatedAt: string;
  /** What the enrichers said about it ({} when it was never enriched). */
  annotations: PostAnnotations;
}

export interface SearchOptions {
  /** Restrict hits to this story's posts. */
  story?: string;
  /** Default 20, at most 500. */
  limit?: number;
}

export interface SearchHit {
  platform: Platform;
  id: string;
  url: string | null;
  author: { name: string | null; handle: string | null };
  text: string | null;
  createdAt: string | null;
  /** Matched excerpt, terms wrapped in « and »; untrusted text, escape before rendering. */
  snippet: string;
  /** bm25 score: lower is a better match. */
  score: number;
}

export interface StoreStats {
  schemaVersion: number;
  stories: number;
  posts: number;
  authors: number;
  articles: number;
  provenance: number;
  storyPosts: number;
  rawPayloads: number;
  rawBytes: number;
  quarantine: number;
  cursors: number;
}

// ---- curation (issue 5): the decision log and the feed query ----------------------------------

export const DECISION_ACTIONS = ["include", "exclude", "reset", "pin", "unpin", "move", "section", "note", "undo"] as const;
export type DecisionAction = (typeof DECISION_ACTIONS)[number];

export interface PostRef { platform: Platform; id: string }

export interface DecisionInput {
  action: DecisionAction;
  /** Required for every action but `undo`. */
  post?: PostRef | null;
  /** move: {before|after: PostRef} or {rank}; section: {section}; note: {note}; undo: {decision?: id}. */
  value?: unknown;
  actor?: string | null;
}

export interface Decision {
  id: number;
  story: string;
  action: DecisionAction;
  post: PostRef | null;
  value: unknown;
  actor: string | null;
  createdAt: string;
  /** True when a later `undo` reverted it. */
  undone: boolean;
}

/** A post's curation state: the decision log folded in order (src/curate/). */
export interface Curation {
  status: "included" | "excluded" | "undecided";
  pinned: boolean;
  /** Place in the roundup's order (lower first); null: not placed by hand (arrival order). */
  rank: number | null;
  /** Section chosen by the editor; null: the post's primary reaction. */
  section: string | null;
  note: string | null;
}

/** The enrichment fields the feed filters on, kept beside each post for fast queries. */
export interface PostFacets {
  reaction: string | null;
  lang: string | null;
  offensive: boolean;
  hate: boolean;
  notability: number;
  emotions: string[];
}

export interface FeedPost extends StoredPost {
  curation: Curation;
  facets: PostFacets;
}

export interface PostQuery {
  reaction?: string[];
  emotion?: string[];
  lang?: string[];
  platform?: Platform[];
  role?: StoryRole;
  minNotability?: number;
  /** Default "hide": offensive or hateful posts are left out and counted. */
  abuse?: "hide" | "show" | "only";
  status?: Curation["status"] | "pinned";
  since?: string;
  until?: string;
  /** Full-text search, as `search`. */
  q?: string;
  sort?: "position" | "newest" | "oldest" | "relevance" | "notability" | "curated";
  /** Default 50, at most 500. */
  limit?: number;
  cursor?: string | null;
}

export interface PostPage {
  posts: FeedPost[];
  /** Posts matching the query (abuse filter applied). */
  total: number;
  /** Posts the "hide" abuse filter left out. */
  abusiveHidden: number;
  nextCursor: string | null;
}

export interface StoryStats {
  total: number;
  /** The timeline's bucket size (chosen from the time span when not asked for). */
  bucket: "hour" | "day";
  reactions: Record<string, number>;
  /** Posts per time bucket (by creation time), with the subject's own posts counted apart. */
  timeline: Array<{ t: string; posts: number; subjectPosts: number }>;
}

// ---- export (voxpop migrate-db): every stored row, as typed records ---------------------------

/**
 * One stored row, as `dump()` yields it: the store's own ids and the exact stored values (times
 * as the ISO text kept, JSON parsed, blobs as bytes), so another store can be filled with an
 * identical copy. Records come table by table in an order that only refers back (stories and
 * authors before posts, posts before what hangs off them, decisions in id order).
 */
export type DumpRecord =
  | { kind: "story"; id: number; name: string; title: string | null; rules: unknown; createdAt: string; updatedAt: string;
      subjects: Array<{ handle: string; handleKey: string; seq: number }> }
  | { kind: "author"; id: number; platform: string; handle: string; handleKey: string; name: string | null; storedAt: string; updatedAt: string }
  | { kind: "raw"; hash: string; payload: Uint8Array; contentType: string; size: number; storedAt: string }
  | { kind: "article"; id: number; key: string; url: string | null; title: string | null; byline: string | null; publishedAt: string | null;
      lang: string | null; text: string; sourceUri: string; storedAt: string; updatedAt: string }
  | { kind: "post"; pk: number; platform: string; id: string; url: string | null; authorId: number | null; authorName: string | null;
      authorHandle: string | null; createdAt: string | null; dateText: string | null; text: string | null; links: string[];
      mentions: string[]; lang: string | null; tags: string[]; replyTo: string | null; replyRoot: string | null; quoteOf: string | null;
      repostOf: string | null; authorAccount: string | null; authorFollowers: number | null; authorVerified: boolean | null;
      storedAt: string; updatedAt: string }
  | { kind: "provenance"; id: number; postPk: number; sourceKind: string; sourceUri: string; articleId: number | null; rawHash: string | null;
      position: number | null; inArticle: boolean | null; collectedAt: string; lastSeenAt: string }
  | { kind: "annotation"; postPk: number; enricher: string; version: string; data: unknown; annotatedAt: string }
  | { kind: "storyPost"; storyId: number; postPk: number; role: StoryRole; position: number; addedAt: string; relevance: number | null;
      matched: string[]; createdMs: number | null }
  | { kind: "decision"; id: number; storyId: number; action: DecisionAction; postPk: number; undoes: number | null; value: unknown;
      actor: string | null; createdAt: string }
  | { kind: "curation"; storyId: number; postPk: number; status: Curation["status"]; pinned: boolean; rank: number | null;
      section: string | null; note: string | null; lastDecision: number }
  | { kind: "quarantine"; id: number; source: string; code: string; reason: string; story: string | null; payload: Uint8Array | null;
      payloadIsText: boolean; payloadSize: number | null; payloadTruncated: boolean; payloadHash: string | null; createdAt: string }
  | { kind: "cursor"; source: string; cursor: string; updatedAt: string };

export type DumpKind = DumpRecord["kind"];
/** The order dump() yields kinds in (and restore expects them). */
export const DUMP_ORDER: readonly DumpKind[] = [
  "story", "author", "raw", "article", "post", "provenance", "annotation", "storyPost", "decision", "curation", "quarantine", "cursor",
];

/** Payloads kept in quarantine are cut at this many bytes; the original size is recorded. */
export const QUARANTINE_PAYLOAD_CAP = 5 * 1024 * 1024;

export interface Store {
  ensureStory(name: string, fields?: StoryFields): Promise<Story>;
  getStory(name: string): Promise<Story | null>;
  listStories(): Promise<Story[]>;
  /** One transaction: all of the batch is stored, or none of it. */
  savePosts(batch: SaveBatch): Promise<SaveResult>;
  /** Replaces the named enrichers' outputs on stored posts; unknown posts are skipped and counted. */
  saveAnnotations(items: Array<{ platform: Platform; id: string; annotations: PostAnnotations }>): Promise<{ saved: number; missing: number }>;
  quarantine(item: QuarantineInput): Promise<void>;
  listQuarantine(): Promise<QuarantineItem[]>;
  search(query: string, options?: SearchOptions): Promise<SearchHit[]>;
  /** Throws NOT_FOUND for an unknown story. */
  storyPosts(story: string): Promise<StoredPost[]>;

  // ---- curation and the feed (issue 5); every method throws NOT_FOUND for an unknown story ----

  /**
   * Appends one decision to the story's log and updates the post's curation in the same
   * transaction. Bad input → INVALID_ARGUMENT; unknown post or decision → NOT_FOUND; a post that
   * is not in the story → INVALID_ARGUMENT. `move` before/after is resolved to a rank now and
   * stored as `{before|after, rank}`; `undo` is stored as `{decision}` with the undone post.
   */
  appendDecision(story: string, input: DecisionInput): Promise<Decision>;
  /** The story's decisions, oldest first (only those with id > afterId when given). */
  listDecisions(story: string, options?: { afterId?: number }): Promise<Decision[]>;
  /** The feed: filters, sorts and keyset pages as in docs/API.md "Posts". */
  queryPosts(story: string, query?: PostQuery): Promise<PostPage>;
  /** Posts at positions after `position`, ascending (default 100, at most 500); no filters. */
  postsAfter(story: string, position: number, limit?: number): Promise<FeedPost[]>;
  storyStats(story: string, options?: { bucket?: "hour" | "day" }): Promise<StoryStats>;
  getCursor(source: string): Promise<string | null>;
  setCursor(source: string, cursor: string): Promise<void>;
  stats(): Promise<StoreStats>;
  /** Every stored row, for export to another store (`voxpop migrate-db`); read-only. */
  dump(): AsyncIterable<DumpRecord>;
  /**
   * Fills an empty store with an exact copy of dumped rows (same ids, times and order); refuses
   * a store that already holds posts or stories. Optional: the PostgreSQL store has it.
   */
  restore?(records: AsyncIterable<DumpRecord>, onProgress?: (done: number) => void): Promise<void>;
  close(): Promise<void>;
}
