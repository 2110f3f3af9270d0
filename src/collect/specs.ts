// Source specs: how a user names a source on the command line (`--source SPEC`) or in a story's
// rules. One spec can stand for several sources (a Mastodon instance: one hashtag timeline per
// story tag, a search for its keywords, and, when following, a stream per tag).
//
//   bluesky                    search backfill for the story's keywords/tags/URLs, plus the
//                              subjects' threads and quotes (needs an app password)
//   jetstream[:WSS_URL]        Bluesky live, from Jetstream (default: Bluesky's public instance)
//   firehose:WSS_URL           Bluesky live, from a relay or PDS (com.atproto.sync.subscribeRepos)
//   mastodon:HOST              hashtag timelines, status search (with a token), streaming
//   rss:URL                    a news feed; each new article's embedded posts
//   file:PATH (or a bare PATH) JSONL, CSV, an X archive (folder or tweets.js), a Bluesky .car
import { VoxpopError } from "../core/index.ts";

export type SourceSpec =
  | { kind: "bluesky" }
  | { kind: "jetstream"; url: string | null }
  | { kind: "firehose"; url: string }
  | { kind: "mastodon"; instance: string }
  | { kind: "rss"; url: string }
  | { kind: "file"; path: string };

function httpUrl(spec: string, value: string, protocols: string[]): string {
  try {
    const url = new URL(value);
    if (protocols.includes(url.protocol)) return url.href;
  } catch { /* fall through to the message */ }
  throw new VoxpopError("INVALID_ARGUMENT", `--source ${spec}: "${value}" is not a ${protocols.map((p) => p.replace(":", "")).join(" or ")} URL`);
}

export function parseSourceSpec(spec: string): SourceSpec {
  const s = spec.trim();
  const colon = s.indexOf(":");
  const head = (colon === -1 ? s : s.slice(0, colon)).toLowerCase();
  const rest = colon === -1 ? "" : s.slice(colon + 1).trim();
  switch (head) {
    case "bluesky":
      if (rest) throw new VoxpopError("INVALID_ARGUMENT", `--source bluesky takes no value (set VOXPOP_BLUESKY_SERVICE for another server)`);
      return { kind: "bluesky" };
    case "jetstream":
      return { kind: "jetstream", url: rest ? httpUrl(s, rest, ["wss:", "ws:"]) : null };
    case "firehose":
      if (!rest) throw new VoxpopError("INVALID_ARGUMENT", "--source firehose needs a relay or PDS URL, e.g. firehose:wss://bsky.network");
      return { kind: "firehose", url: httpUrl(s, rest, ["wss:", "ws:"]) };
    case "mastodon": {
      if (!rest) throw new VoxpopError("INVALID_ARGUMENT", "--source mastodon needs an instance, e.g. mastodon:mastodon.social");
      const instance = /^https?:\/\//i.test(rest) ? httpUrl(s, rest, ["https:", "http:"]).replace(/\/+$/, "") : `https://${rest.replace(/\/+$/, "")}`;
      return { kind: "mastodon", instance };
    }
    case "rss":
      if (!rest) throw new VoxpopError("INVALID_ARGUMENT", "--source rss needs a feed URL, e.g. rss:https://example.com/feed.xml");
      return { kind: "rss", url: httpUrl(s, rest, ["https:", "http:"]) };
    case "file":
      if (!rest) throw new VoxpopError("INVALID_ARGUMENT", "--source file needs a path");
      return { kind: "file", path: rest };
    default:
      if (/^[a-z][a-z0-9+.-]*:\/\//i.test(s)) {
        throw new VoxpopError("INVALID_ARGUMENT", `--source "${s}": say what it is, e.g. rss:${s} or jetstream:${s}`);
      }
      if (s === "") throw new VoxpopError("INVALID_ARGUMENT", "--source needs a value");
      return { kind: "file", path: s };
  }
}

/** Sources that only ever run live; without --follow they are skipped with a note. */
export function isLiveOnly(spec: SourceSpec): boolean {
  return spec.kind === "jetstream" || spec.kind === "firehose";
}
