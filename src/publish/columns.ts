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

export interface Column {
  name: string;
  type: ColumnType;
  /** What the column means, for the datasheet. */
  description: string;
  value(p: ExportPost, story: string): CellValue;
}

const col = (name: string, type: ColumnType, description: string, value: Column["value"]): Column => ({ name, type, description, value });

export const EXPORT_COLUMNS: readonly Column[] = [
  col("story", "string", "The story's name in voxpop.", (_, story) => story),
  col("platform", "string", "Network the post is on: x, bluesky, mastodon, instagram, threads, tiktok, youtube, facebook, truthsocial, …", (p) => p.platform),
  col("id", "string", "The post's id on its platform (a Bluesky at:// URI, a Mastodon status URI, an X status id). platform + id is unique.", (p) => p.id),
  col("url", "string", "Link to the post on its platform, when known.", (p) => p.url),
  col("author_name", "string", "Display name shown with the post.", (p) => p.author.name),
  col("author_handle", "string", "Handle without the leading @ (Mastodon: user@instance).", (p) => p.author.handle),
  col("author_id", "string", "The platform's stable account id (Bluesky DID, Mastodon account URI), when known.", (p) => p.author.id),
  col("author_followers", "int64", "Follower count when the source reported it.", (p) => p.author.followers),
  col("author_verified", "bool", "The platform's own verification mark, when it has one and said.", (p) => p.author.verified),
  col("created_at", "timestamp", "When the post was published (ISO 8601; a date without time when the source only showed a date).", (p) => p.createdAt),
  col("date_text", "string", "The date as the source displayed it (e.g. in an article), when that is all there was.", (p) => p.dateText),
  col("text", "string", "The post's text exactly as collected (empty: the source showed none, e.g. a bare video).", (p) => p.text),
  col("lang", "string", "Language (ISO 639-1): the platform's tag, else the language detector's.", (p) => enrichmentOf(p).lang),
  col("hashtags", "json", "Hashtags without #, as a JSON array.", (p) => p.tags ?? []),
  col("mentions", "json", "Mentioned handles, as a JSON array.", (p) => p.mentions ?? []),
  col("links", "json", "Links in the post, as a JSON array.", (p) => p.links ?? []),
  col("reply_to", "string", "Id of the post this one replies to.", (p) => p.replyTo ?? null),
  col("reply_root", "string", "Id of the thread's first post, for a reply.", (p) => p.replyRoot ?? null),
  col("quote_of", "string", "Id of the post this one quotes.", (p) => p.quoteOf ?? null),
  col("repost_of", "string", "For a repost/boost: id of the reposted post.", (p) => p.repostOf ?? null),
  col("role", "string", "subject (the story's subject's own post) or reaction.", (p) => p.role),
  col("relevance", "double", "How relevant the post is to the story by its rules, 0..1 (empty for article imports).", (p) => p.relevance),
  col("matched", "json", "Which story rules matched, as a JSON array.", (p) => p.matched ?? []),
  col("position", "int32", "1-based order of arrival in the story (article order for article imports).", (p) => p.position),
  col("reaction", "string", "Primary reaction type: condolence, support, prayer, praise, defense, criticism, personal, information, humor, other (empty: not classified).", (p) => enrichmentOf(p).reaction),
  col("reactions", "json", "Every reaction label (multi-label), primary first, as a JSON array.", (p) => enrichmentOf(p).reactions),
  col("emotions", "json", "GoEmotions labels over their tuned thresholds, as a JSON array.", (p) => enrichmentOf(p).emotions),
  col("sentiment", "string", "positive, negative or neutral.", (p) => enrichmentOf(p).sentiment),
  col("sentiment_score", "double", "Sentiment compound score, -1..1.", (p) => enrichmentOf(p).sentimentScore),
  col("offensive", "bool", "Flagged offensive by the classifier.", (p) => enrichmentOf(p).offensive),
  col("offensive_score", "double", "Offensive-language score, 0..1.", (p) => enrichmentOf(p).offensiveScore),
  col("hate", "bool", "Flagged as hate speech by the classifier.", (p) => enrichmentOf(p).hate),
  col("hate_score", "double", "Hate-speech score, 0..1.", (p) => enrichmentOf(p).hateScore),
  col("notability", "double", "Author notability, 0..1 (followers, verification, domain handle, the user's notable list).", (p) => enrichmentOf(p).notability),
  col("duplicate_of", "string", "platform:id of the earlier post this one copies (exact or near duplicate).", (p) => enrichmentOf(p).duplicateOf),
  col("curation_status", "string", "The editor's decision: included, excluded or undecided (empty: exported without curation).", (p) => p.curation?.status ?? null),
  col("curation_pinned", "bool", "Pinned by the editor.", (p) => p.curation?.pinned ?? null),
  col("curation_rank", "double", "Place given by hand in the roundup's order (lower first); empty: not moved.", (p) => p.curation?.rank ?? null),
  col("curation_section", "string", "Roundup section chosen by the editor; empty: the post's reaction. (Editor notes are never exported.)", (p) => p.curation?.section ?? null),
  col("source_kind", "string", "Where the post was first found: article, file, bluesky, mastodon, rss, …", (p) => firstProvenance(p)?.sourceKind ?? null),
  col("source_uri", "string", "URL or file the post was first read from.", (p) => firstProvenance(p)?.sourceUri ?? null),
  col("article_url", "string", "The news article the post was embedded in, when it came from one.", (p) => firstProvenance(p)?.articleUrl ?? null),
  col("article_title", "string", "That article's headline.", (p) => firstProvenance(p)?.articleTitle ?? null),
  col("in_article", "bool", "Whether the post sat in the article's body (not a sidebar).", (p) => firstProvenance(p)?.inArticle ?? null),
  col("collected_at", "timestamp", "When voxpop collected the post from that source (ISO 8601, UTC).", (p) => firstProvenance(p)?.collectedAt ?? null),
  col("raw_sha256", "string", "SHA-256 (hex) of the raw payload the post was read from (the article's HTML, the API's JSON, …), kept by the store.", (p) => firstProvenance(p)?.rawHash ?? null),
  col("provenance", "json", "Every source the post was found in, oldest first: [{sourceKind, sourceUri, articleUrl, articleTitle, rawHash, position, inArticle, collectedAt}].", (p) => p.provenance ?? []),
  col("enricher_versions", "json", "Enricher name → version of the model or rules that labelled this post, as a JSON object.", (p) => enricherVersions(p)),
  col("stored_at", "timestamp", "When this store first stored the post.", (p) => p.storedAt),
  col("updated_at", "timestamp", "When this store last changed the post.", (p) => p.updatedAt),
];

/** The export's rows: one array of cells per post, in EXPORT_COLUMNS order. */
export function exportRows(story: string, posts: readonly ExportPost[]): CellValue[][] {
  return posts.map((p) => EXPORT_COLUMNS.map((c) => c.value(p, story) ?? null));
}
