// Reading stored rows back as the Store's types: the column-to-field mapping that the SQLite and
// PostgreSQL stores share, so a post reads the same whichever store and method returns it. The
// two databases hand values back differently (PostgreSQL: arrays and booleans; SQLite: JSON text
// and 0/1), so each store passes its own decoders for those.
import type { Platform } from "../core/index.ts";
import type { PostRecord } from "./merge.ts";
import type { PostAnnotations, Provenance, Story, StoredPost, StoryRole } from "./store.ts";
import { parseStoredRules } from "./rules.ts";

export type Row = Record<string, unknown>;

/** How a store's driver returns list and boolean columns. */
export interface ColumnDecoders {
  list(v: unknown): string[];
  bool(v: unknown): boolean;
}

export function str(v: unknown): string { return String(v); }
export function strOrNull(v: unknown): string | null { return v === null || v === undefined ? null : String(v); }
export function num(v: unknown): number { return Number(v); }
const numOrNull = (v: unknown) => (v == null ? null : num(v));

/** The columns every post-shaped result starts with. */
export function postIdentity(r: Row, d: ColumnDecoders): Pick<StoredPost, "platform" | "id" | "url" | "author"> {
  return {
    platform: str(r.platform) as Platform,
    id: str(r.id),
    url: strOrNull(r.url),
    author: {
      name: strOrNull(r.author_name),
      handle: strOrNull(r.author_handle),
      id: strOrNull(r.author_account),
      followers: numOrNull(r.author_followers),
      verified: r.author_verified == null ? null : d.bool(r.author_verified),
    },
  };
}

/** The post columns after its identity, read the same for a StoredPost and a PostRecord. */
function postBody(r: Row, d: ColumnDecoders) {
  return {
    createdAt: strOrNull(r.created_at),
    dateText: strOrNull(r.date_text),
    text: strOrNull(r.text),
    links: d.list(r.links),
    mentions: d.list(r.mentions),
    lang: strOrNull(r.lang),
    tags: d.list(r.tags),
    replyTo: strOrNull(r.reply_to),
    replyRoot: strOrNull(r.reply_root),
    quoteOf: strOrNull(r.quote_of),
    repostOf: strOrNull(r.repost_of),
  };
}

/** A posts row as the record mergePost compares an incoming post with (../merge.ts). */
export function postRecordOf(r: Row, d: ColumnDecoders): PostRecord {
  const { platform, id, url, author } = postIdentity(r, d);
  return {
    platform, id, url,
    authorName: author.name,
    authorHandle: author.handle,
    ...postBody(r, d),
    authorAccount: author.id,
    authorFollowers: author.followers,
    authorVerified: author.verified,
  };
}

/** A provenance row (joined with its article's url and title). */
export function provenanceOf(r: Row, d: ColumnDecoders): Provenance {
  return {
    sourceKind: str(r.source_kind),
    sourceUri: str(r.source_uri),
    articleUrl: strOrNull(r.article_url),
    articleTitle: strOrNull(r.article_title),
    rawHash: strOrNull(r.raw_hash),
    position: numOrNull(r.position),
    inArticle: r.in_article == null ? null : d.bool(r.in_article),
    collectedAt: str(r.collected_at),
  };
}

/** A story-post row (story membership columns, then the post's) with its provenance and annotations. */
export function storedPostOf(r: Row, d: ColumnDecoders, provenance: Provenance[], annotations: PostAnnotations): StoredPost {
  return {
    ...postIdentity(r, d),
    ...postBody(r, d),
    role: str(r.role) as StoryRole,
    relevance: numOrNull(r.relevance),
    matched: d.list(r.matched),
    position: num(r.position),
    provenance,
    storedAt: str(r.stored_at),
    updatedAt: str(r.updated_at),
    annotations,
  };
}

/** A stories row (with its post_count) and its subjects' handles. */
export function storyOf(row: Row, subjects: string[]): Story {
  return {
    name: str(row.name),
    title: strOrNull(row.title),
    subjects,
    rules: parseStoredRules(row.rules),
    postCount: num(row.post_count),
    createdAt: str(row.created_at),
    updatedAt: str(row.updated_at),
  };
}
