// Mastodon sources: posts about a story from one or several Mastodon instances (and servers
// that speak its API). Three sources, each per instance with its own HTTP client (so each
// instance's rate limit is tracked on its own) and its own name, hence its own cursor:
// - mastodonHashtagSource: the public hashtag timeline (GET /api/v1/timelines/tag/:tag),
//   backfilled through Link-header paging back to `since`, then caught up with min_id;
// - mastodonSearchSource: status search (GET /api/v2/search?type=statuses), which needs a user
//   token; offset paging (Mastodon sends no Link header there) or Link paging when present;
// - mastodonStreamSource: live, the streaming API as server-sent events, reconnecting with
//   backoff and catching up every gap from the hashtag timeline.
// normalize turns a Status into a CollectedPost: id = the ActivityPub uri (the same on every
// instance), handle = full user@host, text = the HTML content as safe plain text with a
// content warning kept as "CW: ..." in front; a boost becomes the boosted status; replies and
// quotes without a known uri are `mastodon-local:HOST/ID`; private and direct statuses are
// never collected. Tokens: `token`, else VOXPOP_MASTODON_TOKEN_<HOST> (e.g.
// VOXPOP_MASTODON_TOKEN_MASTODON_SOCIAL), else VOXPOP_MASTODON_TOKEN.
export { mastodonHashtagSource, mastodonSearchSource, PAGE_LIMIT } from "./backfill.ts";
export type { BackfillOptions, HashtagOptions, SearchOptions } from "./backfill.ts";
export { mastodonStreamSource } from "./stream.ts";
export type { StreamOptions } from "./stream.ts";
export { MASTODON_TOKEN_ENV, tokenEnvName, parseInstance, resolveToken, compareIds } from "./config.ts";
export type { MastodonOptions } from "./config.ts";
export { normalizeStatus, normalizeItem, fullAcct, localRef, STATUS_TYPE, STATUS_UPDATE_TYPE, DELETE_TYPE } from "./normalize.ts";
export { htmlToText } from "./html.ts";
export { parseLinkHeader } from "./link.ts";
