// The AppView's PostView (what searchPosts, getAuthorFeed, getPostThread and getQuotes return
// for a post) to a CollectedPost. The record itself goes through `postFromRecord`, like every
// other Bluesky path; the view adds the author's handle, display name, follower count (when
// the view carries it) and verification.
import { z } from "zod";
import { VoxpopError, type CollectedPost } from "../../core/index.ts";
import type { RawItem } from "../source.ts";
import { POST_COLLECTION, parseAtUri, postFromRecord } from "./record.ts";

export const POSTVIEW_CONTENT_TYPE = "application/vnd.bsky.postview+json";

const postViewSchema = z.looseObject({
  uri: z.string().max(8192),
  cid: z.string().max(256).optional(),
  author: z.looseObject({
    did: z.string().max(2048),
    handle: z.string().max(253).optional(),
    displayName: z.string().max(2000).optional(),
    followersCount: z.number().optional(),
    verification: z.looseObject({ verifiedStatus: z.string().max(64).optional() }).optional(),
  }),
  record: z.unknown(),
  indexedAt: z.string().max(64).optional(),
});
export type PostView = z.infer<typeof postViewSchema>;

/** Is this value a PostView (used to pick posts out of threads and feeds)? */
export function isPostView(value: unknown): value is PostView {
  return postViewSchema.safeParse(value).success;
}

export function postViewItem(view: unknown): RawItem {
  return { payload: JSON.stringify(view), contentType: POSTVIEW_CONTENT_TYPE };
}

/**
 * When the post sorts in the AppView's time-bounded search: `sortAt`, the earlier of createdAt
 * and indexedAt (a backdated post sorts at its createdAt, a post from the future at indexedAt).
 */
export function sortAt(view: PostView): number | null {
  const created = z.looseObject({ createdAt: z.string() }).safeParse(view.record);
  const times = [created.success ? Date.parse(created.data.createdAt) : NaN, view.indexedAt ? Date.parse(view.indexedAt) : NaN].filter(Number.isFinite);
  return times.length ? Math.min(...times) : null;
}

export function postFromView(view: unknown): CollectedPost {
  const parsed = postViewSchema.safeParse(view);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new VoxpopError("PARSE_ERROR", `bluesky post view: ${issue ? `${issue.path.join(".") || "view"}: ${issue.message}` : "invalid"}`);
  }
  const v = parsed.data;
  const at = parseAtUri(v.uri);
  if (!at || at.collection !== POST_COLLECTION) throw new VoxpopError("PARSE_ERROR", `bluesky post view: not a post URI: ${v.uri.slice(0, 120)}`);
  if (at.did !== v.author.did) throw new VoxpopError("PARSE_ERROR", `bluesky post view: ${v.uri.slice(0, 120)} is not in ${v.author.did.slice(0, 80)}'s repo`);
  const status = v.author.verification?.verifiedStatus;
  return postFromRecord({
    did: at.did,
    rkey: at.rkey,
    cid: v.cid ?? null,
    record: v.record,
    handle: v.author.handle ?? null,
    displayName: v.author.displayName ?? null,
    followers: v.author.followersCount ?? null,
    verified: status === undefined ? null : status === "valid",
  });
}

/** Normalizes an item whose payload is one PostView as JSON. */
export function normalizePostViewPayload(payload: string | Uint8Array): CollectedPost {
  let view: unknown;
  try {
    view = JSON.parse(typeof payload === "string" ? payload : new TextDecoder().decode(payload));
  } catch (cause) {
    throw new VoxpopError("PARSE_ERROR", "bluesky post view: not JSON", { cause });
  }
  return postFromView(view);
}
