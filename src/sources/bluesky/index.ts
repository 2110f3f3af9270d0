// bluesky: the ways voxpop collects Bluesky posts. Backfill: search (app.bsky.feed.searchPosts,
// paged by cursor and then by time past the AppView's result cap), the subject accounts' own
// posts with their reply threads and quotes, and a repository export (.car) imported as a file.
// Live: Jetstream (JSON) and the raw firehose (com.atproto.sync.subscribeRepos, DAG-CBOR) for
// self-hosters. Every path maps a post record through `postFromRecord`, so a post has the same
// id (its at:// URI), URL and relations whichever way it came in. Authenticated calls go through
// one BlueskySession (app password, logged in once, refreshed on ExpiredToken).
export { BlueskySession, PublicXrpc, xrpcUrl } from "./session.ts";
export type { BlueskySessionOptions, Xrpc } from "./session.ts";
export { BlueskySearchSource, createBlueskySearchSource } from "./search.ts";
export type { SearchOptions } from "./search.ts";
export { BlueskySubjectThreadsSource, createBlueskySubjectThreadsSource, flattenReplies } from "./thread.ts";
export type { SubjectThreadsOptions } from "./thread.ts";
export { FirehoseSource, createFirehoseSource, FIREHOSE_CONTENT_TYPE } from "./firehose.ts";
export type { FirehoseOptions } from "./firehose.ts";
export { BlueskyCarSource, createBlueskyCarSource, CAR_RECORD_CONTENT_TYPE } from "./car.ts";
export type { CarImportOptions } from "./car.ts";
export { postFromView, POSTVIEW_CONTENT_TYPE } from "./postview.ts";
export { postFromRecord, postUri, parseAtUri, POST_COLLECTION } from "./record.ts";
export { JetstreamSource, createJetstreamSource, DEFAULT_JETSTREAM_ENDPOINT, deletedPostUri } from "./jetstream.ts";
export type { JetstreamOptions } from "./jetstream.ts";
export { createProfileResolver, DEFAULT_APPVIEW } from "./profiles.ts";
export type { ProfileResolver, ProfileResolverOptions } from "./profiles.ts";
