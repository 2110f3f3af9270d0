// The research export's columns, shared by CSV, Parquet and the datasheet: one row per stored
// post of a story, flat, with its provenance on the row (first source in flat columns, every
// source in `provenance`) and the version of every enricher that labelled it.
import { enrichmentOf, enricherVersions, firstProvenance, type ExportPost } from "./posts.ts";

/**
 * Column types: `timestamp` is an ISO 8601 string as stored (CSV writes it unchanged, Parquet as a
 * UTC timestamp in milliseconds); `json` is a JSON value (CSV writes its JSON text, Parquet a
 * JSON-annotated string); `int64` holds counts that may pass 2^31.
 */
export type ColumnType = "string" | "int32" | "int64" | "double" | "bool" | "timestamp" | "json";

export type CellValue = string | number | boolean | null | unknown[] | Record<string, unknown>;

/** One post as a row reads it: the post, its story, its enrichment and first source, read once. */
export interface RowContext {
  post: ExportPost;
  story: string;
  e: ReturnType<typeof enrichmentOf>;
  source: ReturnType<typeof firstProvenance>;
}

export interface Column {
  name: string;
  type: ColumnType;
  /** What the column means, for the datasheet. */
  description: string;
  value(row: RowContext): CellValue;
}

const col = (name: string, type: ColumnType, description: string, value: Column["value"]): Column => ({ name, type, description, value });

export const EXPORT_COLUMNS: readonly Column[] = [
  col("story", "string", "The story's name in voxpop.", ({ story }) => story),
  col("platform", "string", "Network the post is on: x, bluesky, mastodon, instagram, threads, tiktok, youtube, facebook, truthsocial, …", ({ post: p }) => p.platform),
  col("id", "string", "The post's id on its platform (a Bluesky at:// URI, a Mastodon status URI, an X status id). platform + id is unique.", ({ post: p }) => p.id),
  col("url", "string", "Link to the post on its platform, when known.", ({ post: p }) => p.url),
  col("author_name", "string", "Display name shown with the post.", ({ post: p }) => p.author.name),
  col("author_handle", "string", "Handle without the leading @ (Mastodon: user@instance).", ({ post: p }) => p.author.handle),
  col("author_id", "string", "The platform's stable account id (Bluesky DID, Mastodon account URI), when known.", ({ post: p }) => p.author.id),
  col("author_followers", "int64", "Follower count when the source reported it.", ({ post: p }) => p.author.followers),
  col("author_verified", "bool", "The platform's own verification mark, when it has one and said.", ({ post: p }) => p.author.verified),
  col("created_at", "timestamp", "When the post was published (ISO 8601; a date without time when the source only showed a date).", ({ post: p }) => p.createdAt),
  col("date_text", "string", "The date as the source displayed it (e.g. in an article), when that is all there was.", ({ post: p }) => p.dateText),
  col("text", "string", "The post's text exactly as collected (empty: the source showed none, e.g. a bare video).", ({ post: p }) => p.text),
  col("lang", "string", "Language (ISO 639-1): the platform's tag, else the language detector's.", ({ e }) => e.lang),
  col("hashtags", "json", "Hashtags without #, as a JSON array.", ({ post: p }) => p.tags ?? []),
  col("mentions", "json", "Mentioned handles, as a JSON array.", ({ post: p }) => p.mentions ?? []),
  col("links", "json", "Links in the post, as a JSON array.", ({ post: p }) => p.links ?? []),
  col("reply_to", "string", "Id of the post this one replies to.", ({ post: p }) => p.replyTo ?? null),
  col("reply_root", "string", "Id of the thread's first post, for a reply.", ({ post: p }) => p.replyRoot ?? null),
  col("quote_of", "string", "Id of the post this one quotes.", ({ post: p }) => p.quoteOf ?? null),
  col("repost_of", "string", "For a repost/boost: id of the reposted post.", ({ post: p }) => p.repostOf ?? null),
  col("role", "string", "subject (the story's subject's own post) or reaction.", ({ post: p }) => p.role),
  col("relevance", "double", "How relevant the post is to the story by its rules, 0..1 (empty for article imports).", ({ post: p }) => p.relevance),
  col("matched", "json", "Which story rules matched, as a JSON array.", ({ post: p }) => p.matched ?? []),
  col("position", "int32", "1-based order of arrival in the story (article order for article imports).", ({ post: p }) => p.position),
  col("reaction", "string", "Primary reaction type: condolence, support, prayer, praise, defense, criticism, personal, information, humor, other (empty: not classified).", ({ e }) => e.reaction),
  col("reactions", "json", "Every reaction label (multi-label), primary first, as a JSON array.", ({ e }) => e.reactions),
  col("emotions", "json", "GoEmotions labels over their tuned thresholds, as a JSON array.", ({ e }) => e.emotions),
  col("sentiment", "string", "positive, negative or neutral.", ({ e }) => e.sentiment),
  col("sentiment_score", "double", "Sentiment compound score, -1..1.", ({ e }) => e.sentimentScore),
  col("offensive", "bool", "Flagged offensive by the classifier.", ({ e }) => e.offensive),
  col("offensive_score", "double", "Offensive-language score, 0..1.", ({ e }) => e.offensiveScore),
  col("hate", "bool", "Flagged as hate speech by the classifier.", ({ e }) => e.hate),
  col("hate_score", "double", "Hate-speech score, 0..1.", ({ e }) => e.hateScore),
  col("notability", "double", "Author notability, 0..1 (followers, verification, domain handle, the user's notable list).", ({ e }) => e.notability),
  col("duplicate_of", "string", "platform:id of the earlier post this one copies (exact or near duplicate).", ({ e }) => e.duplicateOf),
  col("curation_status", "string", "The editor's decision: included, excluded or undecided (empty: exported without curation).", ({ post: p }) => p.curation?.status ?? null),
  col("curation_pinned", "bool", "Pinned by the editor.", ({ post: p }) => p.curation?.pinned ?? null),
  col("curation_rank", "double", "Place given by hand in the roundup's order (lower first); empty: not moved.", ({ post: p }) => p.curation?.rank ?? null),
  col("curation_section", "string", "Roundup section chosen by the editor; empty: the post's reaction. (Editor notes are never exported.)", ({ post: p }) => p.curation?.section ?? null),
  col("source_kind", "string", "Where the post was first found: article, file, bluesky, mastodon, rss, …", ({ source }) => source?.sourceKind ?? null),
  col("source_uri", "string", "URL or file the post was first read from.", ({ source }) => source?.sourceUri ?? null),
  col("article_url", "string", "The news article the post was embedded in, when it came from one.", ({ source }) => source?.articleUrl ?? null),
  col("article_title", "string", "That article's headline.", ({ source }) => source?.articleTitle ?? null),
  col("in_article", "bool", "Whether the post sat in the article's body (not a sidebar).", ({ source }) => source?.inArticle ?? null),
  col("collected_at", "timestamp", "When voxpop collected the post from that source (ISO 8601, UTC).", ({ source }) => source?.collectedAt ?? null),
  col("raw_sha256", "string", "SHA-256 (hex) of the raw payload the post was read from (the article's HTML, the API's JSON, …), kept by the store.", ({ source }) => source?.rawHash ?? null),
  col("provenance", "json", "Every source the post was found in, oldest first: [{sourceKind, sourceUri, articleUrl, articleTitle, rawHash, position, inArticle, collectedAt}].", ({ post: p }) => p.provenance ?? []),
  col("enricher_versions", "json", "Enricher name → version of the model or rules that labelled this post, as a JSON object.", ({ post }) => enricherVersions(post)),
  col("stored_at", "timestamp", "When this store first stored the post.", ({ post: p }) => p.storedAt),
  col("updated_at", "timestamp", "When this store last changed the post.", ({ post: p }) => p.updatedAt),
];

/** The export's rows: one array of cells per post, in EXPORT_COLUMNS order. */
export function exportRows(story: string, posts: readonly ExportPost[]): CellValue[][] {
  return posts.map((post) => {
    const row: RowContext = { post, story, e: enrichmentOf(post), source: firstProvenance(post) };
    return EXPORT_COLUMNS.map((c) => c.value(row) ?? null);
  });
}
