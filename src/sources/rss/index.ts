// rss: follows a news feed (RSS 2.0, RSS 1.0/RDF, Atom 1.0). Each new entry's article is fetched
// (address guard, byte cap, timeout) and handed to the runner as its HTML bytes; normalizing it
// runs the article reader, so the posts embedded in the article join the story with the article
// as their provenance. The feed is polled with conditional GETs and the cursor remembers which
// entries were read, so a restart neither reads an article twice nor misses one; `follow` keeps
// polling (a live source) until the signal aborts.
import { RssSource, type RssSourceOptions } from "./source.ts";

export { RssSource, type RssSourceOptions } from "./source.ts";
export { parseFeed, decodeXmlText, type Feed, type FeedEntry } from "./feed.ts";

export function createRssSource(options: RssSourceOptions): RssSource {
  return new RssSource(options);
}
