// sources: where posts come from. Each source (one folder each: article/, bluesky/, mastodon/,
// rss/, files/) implements the Source contract in source.ts and runs the shared suite in
// contract.ts; http/ holds the bounded, polite HTTP client they all use.
export type { Source, SourceItem, RawItem, NormalizedItem, SourceStatus } from "./source.ts";
