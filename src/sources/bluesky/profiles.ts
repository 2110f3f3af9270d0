// Who wrote a post from a live stream. Jetstream and the firehose carry the author's DID only;
// an editor needs a name and a handle to attribute a quote. `createProfileResolver` fills them
// in for the posts a story keeps (a few per thousand events), with `app.bsky.actor.getProfiles`
// (25 actors a call) on a public AppView, and remembers what it learned. It is best effort: when
// the AppView cannot be reached it stops asking for a while and the posts keep their DID (the
// store's merge rule fills the handle in if the post is seen again with one).
import { z } from "zod";
import type { CollectedPost } from "../../core/index.ts";
import { ApiClient } from "../http/index.ts";
import { xrpcUrl } from "./session.ts";

export const DEFAULT_APPVIEW = "https://public.api.bsky.app";
const BATCH = 25;
const CACHE_MAX = 100_000;

const profilesSchema = z.looseObject({
  profiles: z.array(z.looseObject({
    did: z.string(),
    handle: z.string().max(253),
    displayName: z.string().max(640).optional(),
    followersCount: z.number().int().nonnegative().optional(),
    verification: z.looseObject({ verifiedStatus: z.string().max(64).optional() }).optional(),
  })),
});

interface Profile { handle: string | null; name: string | null; followers: number | null; verified: boolean | null }

export interface ProfileResolverOptions {
  /** AppView base URL (default the public one; VOXPOP_BLUESKY_APPVIEW). */
  appview?: string;
  allowPrivate?: boolean;
  client?: ApiClient;
  /** After a failure, how long to stop asking (default 60 s). */
  pauseMs?: number;
  now?: () => number;
  onError?: (message: string) => void;
}

export type ProfileResolver = (posts: CollectedPost[], signal?: AbortSignal) => Promise<void>;

export function createProfileResolver(options: ProfileResolverOptions = {}): ProfileResolver {
  const appview = (options.appview ?? DEFAULT_APPVIEW).replace(/\/+$/, "");
  const client = options.client ?? new ApiClient({ allowPrivate: options.allowPrivate, timeoutMs: 5000, retry: { maxAttempts: 2, maxWaitMs: 5000 } });
  const now = options.now ?? Date.now;
  const cache = new Map<string, Profile>();
  let pausedUntil = 0;

  const apply = (post: CollectedPost, p: Profile) => {
    post.author = {
      ...post.author,
      handle: post.author.handle ?? p.handle,
      name: post.author.name ?? p.name,
      followers: post.author.followers ?? p.followers,
      verified: post.author.verified ?? p.verified,
    };
    // A DID-based URL becomes the handle URL an editor would link.
    if (p.handle && post.url?.includes(`/profile/${post.author.id}/`)) post.url = post.url.replace(`/profile/${post.author.id}/`, `/profile/${p.handle}/`);
  };

  return async (posts, signal) => {
    const missing = new Set<string>();
    for (const post of posts) {
      const did = post.platform === "bluesky" && !post.author.handle ? post.author.id : null;
      if (!did) continue;
      const known = cache.get(did);
      if (known) apply(post, known);
      else missing.add(did);
    }
    if (missing.size === 0 || now() < pausedUntil) return;
    const dids = [...missing];
    for (let i = 0; i < dids.length; i += BATCH) {
      try {
        const { data } = await client.json(xrpcUrl(appview, "app.bsky.actor.getProfiles", { actors: dids.slice(i, i + BATCH) }), { signal });
        for (const p of profilesSchema.parse(data).profiles) {
          if (cache.size >= CACHE_MAX) cache.delete(cache.keys().next().value!);
          const handle = p.handle === "handle.invalid" ? null : p.handle;
          const status = p.verification?.verifiedStatus;
          cache.set(p.did, { handle, name: p.displayName?.trim() || null, followers: p.followersCount ?? null, verified: status === undefined ? null : status === "valid" });
        }
      } catch (err) {
        pausedUntil = now() + (options.pauseMs ?? 60_000);
        options.onError?.(`could not look up Bluesky profiles on ${appview} (${(err as Error).message}); authors stay as DIDs for now`);
        break;
      }
    }
    for (const post of posts) {
      const p = post.author.id ? cache.get(post.author.id) : undefined;
      if (p && !post.author.handle) apply(post, p);
    }
  };
}
