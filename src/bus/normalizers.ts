// How a worker normalizes an item that a collector on another machine read. A Source's own
// `normalize` lives on the collector's object; the worker rebuilds an equivalent from a small
// descriptor carried with the message. Only sources whose `normalize` is a pure function of the
// item and that descriptor are in the registry (no network, no local files): Jetstream, the
// firehose, Bluesky PostViews (search and threads), Bluesky CAR records, Mastodon statuses (by the
// answering host), RSS articles, and voxpop's JSONL files. The others depend on what the collector
// has read and the worker cannot see: a CSV's header row, the handles a Jetstream recording
// announced earlier in the file, an X archive's folder, options kept private in the source, or
// any source this registry does not know (tests, the benchmark's replay). Those are normalized by
// the collector (`{ id: "collector" }`) and the message carries the result or the error, so the
// worker stores exactly what the in-process runner would.
import { z } from "zod";
import { VoxpopError } from "../core/index.ts";
import type { NormalizedItem, Source, SourceItem } from "../sources/index.ts";
import { BlueskyCarSource, BlueskySearchSource, BlueskySubjectThreadsSource, FirehoseSource, JetstreamSource, postFromView } from "../sources/bluesky/index.ts";
import { normalizeItem as normalizeMastodonItem } from "../sources/mastodon/index.ts";
import { RssSource } from "../sources/rss/index.ts";
import { JsonlSource } from "../sources/files/index.ts";

export const normalizerSpecSchema = z.discriminatedUnion("id", [
  z.object({ id: z.literal("jetstream") }),
  z.object({ id: z.literal("firehose") }),
  z.object({ id: z.literal("bluesky-postview") }),
  z.object({ id: z.literal("bluesky-car") }),
  z.object({ id: z.literal("mastodon"), host: z.string().min(1).max(255) }),
  z.object({ id: z.literal("rss") }),
  z.object({ id: z.literal("jsonl"), uri: z.string().min(1).max(4096) }),
  z.object({ id: z.literal("collector") }),
]);
export type NormalizerSpec = z.infer<typeof normalizerSpecSchema>;

export type Normalize = (item: SourceItem) => NormalizedItem;

/** The descriptor of a source's `normalize`: a registry entry, or "collector" when none fits. */
export function normalizerSpecOf(source: Source): NormalizerSpec {
  if (source instanceof JetstreamSource) return { id: "jetstream" };
  if (source instanceof FirehoseSource) return { id: "firehose" };
  if (source instanceof BlueskySearchSource || source instanceof BlueskySubjectThreadsSource) return { id: "bluesky-postview" };
  if (source instanceof BlueskyCarSource) return { id: "bluesky-car" };
  if (source instanceof RssSource) return { id: "rss" };
  // JsonlSource as openFileSource makes it (its one option, a default platform, is never set there).
  if (source instanceof JsonlSource) return { id: "jsonl", uri: source.uri };
  // The Mastodon sources' classes are private to their folder; their names and kind say what they are.
  if (source.kind === "mastodon" && /^mastodon (tag:|search:|stream )/.test(source.name)) {
    try {
      return { id: "mastodon", host: new URL(source.uri).host };
    } catch {
      return { id: "collector" };
    }
  }
  return { id: "collector" };
}

// A PostView payload, as the search and thread sources normalize it.
function normalizePostView(item: SourceItem): NormalizedItem {
  let view: unknown;
  try {
    view = JSON.parse(typeof item.raw.payload === "string" ? item.raw.payload : new TextDecoder().decode(item.raw.payload));
  } catch (cause) {
    throw new VoxpopError("PARSE_ERROR", "bluesky post view: not JSON", { cause });
  }
  return { posts: [postFromView(view)] };
}

const cache = new Map<string, Normalize>();

/**
 * The normalize function for a descriptor; null for "collector" (the message carries the result).
 * The source objects built here are never read from: only their pure `normalize` is used.
 */
export function normalizerFor(spec: NormalizerSpec): Normalize | null {
  if (spec.id === "collector") return null;
  const key = JSON.stringify(spec);
  const known = cache.get(key);
  if (known) return known;
  let fn: Normalize;
  switch (spec.id) {
    case "jetstream": {
      const source = new JetstreamSource();
      fn = (item) => source.normalize(item);
      break;
    }
    case "firehose": {
      const source = new FirehoseSource({ endpoint: "wss://bsky.network" });
      fn = (item) => source.normalize(item);
      break;
    }
    case "bluesky-postview":
      fn = normalizePostView;
      break;
    case "bluesky-car": {
      const source = new BlueskyCarSource({ path: "bus" });
      fn = (item) => source.normalize(item);
      break;
    }
    case "mastodon": {
      const host = spec.host;
      fn = (item) => normalizeMastodonItem(item, host);
      break;
    }
    case "rss": {
      const source = new RssSource({ url: "https://feed.invalid/" });
      fn = (item) => source.normalize(item);
      break;
    }
    case "jsonl": {
      const source = new JsonlSource(spec.uri);
      fn = (item) => source.normalize(item);
      break;
    }
  }
  if (cache.size > 1000) cache.clear();
  cache.set(key, fn);
  return fn;
}
