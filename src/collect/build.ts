// From a source spec and a story to the sources that collect it. This is where the story's
// rules become each network's queries: Bluesky gets one search per keyword, tag, URL and subject
// mention (its search has no OR) plus the subjects' threads; a Mastodon instance one hashtag
// timeline per tag and one status search per keyword (search needs a token).
import { sha256, VoxpopError } from "../core/index.ts";
import { ApiClient } from "../sources/http/index.ts";
import type { Source } from "../sources/index.ts";
import type { Story } from "../store/index.ts";
import {
  BlueskyCarSource, BlueskySession, createBlueskySearchSource, createBlueskySubjectThreadsSource, createFirehoseSource, createJetstreamSource,
} from "../sources/bluesky/index.ts";
import { mastodonHashtagSource, mastodonSearchSource, mastodonStreamSource } from "../sources/mastodon/index.ts";
import { fileFormatOf, openFileSource } from "../sources/files/index.ts";
import { createRssSource } from "../sources/rss/index.ts";
import type { Credentials } from "./credentials.ts";
import type { SourceSpec } from "./specs.ts";

export interface BuildContext {
  story: Story;
  /** The story subjects' Bluesky DIDs (resolved before sources are built). */
  subjectIds: string[];
  credentials: Credentials;
  follow: boolean;
  allowPrivate: boolean;
  signal: AbortSignal;
  note: (message: string) => void;
}

const BLUESKY_CREDENTIALS = "VOXPOP_BLUESKY_HANDLE and VOXPOP_BLUESKY_APP_PASSWORD (or the config file's bluesky.handle/appPassword)";

/** Bluesky search terms for a story: phrases quoted, tags with #, URLs and subject mentions as is. */
export function blueskyQueries(story: Story): string[] {
  const r = story.rules;
  const q = [
    ...r.keywords.map((k) => (/\s/.test(k) ? `"${k.replace(/"/g, "")}"` : k)),
    ...r.tags.map((t) => `#${t}`),
    ...r.urls,
    ...story.subjects.map((h) => `@${h}`),
  ];
  return [...new Set(q)];
}

let session: { key: string; session: BlueskySession } | null = null;

function blueskySession(ctx: BuildContext): BlueskySession {
  const { handle, appPassword, service } = ctx.credentials.bluesky;
  if (!handle || !appPassword) throw new VoxpopError("CONFIG_ERROR", `--source bluesky needs an account: set ${BLUESKY_CREDENTIALS}`);
  // One session per process: Bluesky asks clients to log in once and refresh, not log in per
  // source. Keyed by the password's hash too, so a corrected password is a new session.
  const key = `${service}\n${handle}\n${sha256(appPassword)}`;
  if (session?.key !== key) {
    const client = new ApiClient({ allowPrivate: ctx.allowPrivate, credentialsHint: BLUESKY_CREDENTIALS });
    session = { key, session: new BlueskySession({ service, identifier: handle, password: appPassword, client }) };
  }
  return session.session;
}

export async function buildSources(spec: SourceSpec, ctx: BuildContext): Promise<Source[]> {
  const { story } = ctx;
  const window = { since: story.rules.since, until: story.rules.until };
  switch (spec.kind) {
    case "bluesky": {
      const xrpc = blueskySession(ctx);
      const sources: Source[] = blueskyQueries(story).map((query) => createBlueskySearchSource({ xrpc, query, ...window }));
      if (story.subjects.length) sources.push(createBlueskySubjectThreadsSource({ xrpc, subjects: story.subjects, ...window }));
      if (sources.length === 0) throw new VoxpopError("INVALID_ARGUMENT", `story "${story.name}" has no subjects, keywords, tags or URLs to search Bluesky for`);
      return sources;
    }
    case "jetstream":
      // The whole network's posts (rules pick the story's); the subjects' own posts and replies
      // to them are in it too, so no DID filter (which would hide everyone else's reactions).
      return [createJetstreamSource({ ...(spec.url ? { endpoint: spec.url } : {}), allowPrivate: ctx.allowPrivate })];
    case "firehose":
      return [createFirehoseSource({ endpoint: spec.url, allowPrivate: ctx.allowPrivate })];
    case "mastodon": {
      const host = new URL(spec.instance).host;
      const token = ctx.credentials.mastodonToken(host);
      const common = { instance: spec.instance, token, allowPrivate: ctx.allowPrivate, since: story.rules.since };
      const sources: Source[] = story.rules.tags.map((hashtag) => mastodonHashtagSource({ ...common, hashtag }));
      if (ctx.follow) {
        if (token) sources.push(...story.rules.tags.map((hashtag) => mastodonStreamSource({ instance: spec.instance, token, allowPrivate: ctx.allowPrivate, hashtag })));
        else if (story.rules.tags.length) ctx.note(`mastodon ${host}: live streaming needs a token (VOXPOP_MASTODON_TOKEN); following by backfill only`);
      }
      if (story.rules.keywords.length) {
        if (token) sources.push(...story.rules.keywords.map((query) => mastodonSearchSource({ ...common, query })));
        else ctx.note(`mastodon ${host}: status search needs a token (VOXPOP_MASTODON_TOKEN); searching hashtags only`);
      }
      if (sources.length === 0) throw new VoxpopError("INVALID_ARGUMENT", `story "${story.name}" has no hashtags (or keywords with a token) to follow on ${host}`);
      return sources;
    }
    case "rss":
      return [createRssSource({ url: spec.url, follow: ctx.follow, allowPrivate: ctx.allowPrivate, since: story.rules.since })];
    case "file":
      return [fileFormatOf(spec.path) === "car" ? new BlueskyCarSource({ path: spec.path }) : openFileSource(spec.path)];
  }
}

/**
 * The subjects' DIDs, so rules recognise their posts and replies to them in Bluesky streams
 * (which carry DIDs, not handles). Handles that do not resolve are reported and skipped.
 */
export async function resolveSubjectIds(subjects: string[], ctx: BuildContext): Promise<string[]> {
  const ids: string[] = [];
  const service = ctx.credentials.bluesky.service;
  const client = new ApiClient({ allowPrivate: ctx.allowPrivate, retry: { maxAttempts: 2 } });
  for (const handle of subjects) {
    if (handle.startsWith("did:")) { ids.push(handle); continue; }
    if (!handle.includes(".")) continue; // not a domain handle: an X or Mastodon name
    try {
      const url = `${service.replace(/\/+$/, "")}/xrpc/com.atproto.identity.resolveHandle?handle=${encodeURIComponent(handle)}`;
      const { data } = await client.json(url, { signal: ctx.signal });
      const did = (data as { did?: unknown } | null)?.did;
      if (typeof did === "string" && did.startsWith("did:")) ids.push(did);
    } catch (err) {
      ctx.note(`could not resolve @${handle} to a Bluesky DID (${(err as Error).message}); its posts are matched by handle only`);
    }
  }
  return ids;
}
