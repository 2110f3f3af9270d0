// An `app.bsky.feed.post` record (as a PDS stores it, as Jetstream and the firehose carry it, as
// the AppView returns it under `post.record`) to a CollectedPost. Every Bluesky path in voxpop
// funnels through `postFromRecord`, so ids, URLs, mentions and relations come out the same
// whichever way a post was collected. The record is untrusted: it is validated with zod and a
// record we cannot read throws VoxpopError("PARSE_ERROR") for the runner to quarantine.
//
// Facets index the text by UTF-8 byte offsets, not JS string (UTF-16) indices, so mentions are
// sliced from the encoded bytes.
import { z } from "zod";
import { VoxpopError, type CollectedPost } from "../../core/index.ts";

export const POST_COLLECTION = "app.bsky.feed.post";

/**
 * The lexicon caps text at 3000 UTF-8 bytes (300 graphemes). Every UTF-16 code unit is at least
 * one byte, so a string longer than 3000 code units is certainly over the cap; we refuse only
 * those and let a slightly-off record through rather than quarantine a real post.
 */
const MAX_TEXT = 3000;
const MAX_URI = 8192;

// did:method:identifier (atproto's DID syntax) and record keys (atproto's rkey syntax).
const DID = /^did:[a-z]+:[a-zA-Z0-9._:%-]*[a-zA-Z0-9._-]$/;
const RKEY = /^[a-zA-Z0-9._:~-]{1,512}$/;
// A handle as atproto defines it: dot-separated labels; "handle.invalid" is what the AppView
// shows when a handle no longer verifies, which is no handle at all.
const HANDLE = /^([a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?\.)+[a-zA-Z]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?$/;

const atUri = z.string().max(MAX_URI).startsWith("at://", "not an at:// URI");
const strongRef = z.object({ uri: atUri, cid: z.string().max(256).optional() });

const facetFeature = z.looseObject({ $type: z.string().max(256) });
const facet = z.object({
  index: z.object({ byteStart: z.number().int().nonnegative(), byteEnd: z.number().int().nonnegative() }),
  features: z.array(facetFeature).max(64),
});
const mentionFeature = z.object({ did: z.string().max(2048) });
const linkFeature = z.object({ uri: z.string().max(MAX_URI) });
const tagFeature = z.object({ tag: z.string().max(640) });

const embed = z.looseObject({ $type: z.string().max(256) });
const externalEmbed = z.object({ external: z.object({ uri: z.string().max(MAX_URI) }) });
const recordEmbed = z.object({ record: strongRef });
const recordWithMediaEmbed = z.object({ record: recordEmbed, media: embed });

export const postRecordSchema = z.looseObject({
  $type: z.literal(POST_COLLECTION).optional(),
  text: z.string().max(MAX_TEXT),
  // Checked leniently below: a bad date empties createdAt but keeps the post.
  createdAt: z.unknown().optional(),
  langs: z.array(z.string().max(128)).max(16).optional(),
  facets: z.array(facet).max(1024).optional(),
  reply: z.object({ root: strongRef, parent: strongRef }).optional(),
  embed: embed.optional(),
  tags: z.array(z.string().max(640)).max(64).optional(),
});
export type PostRecord = z.infer<typeof postRecordSchema>;

export interface PostFromRecordInput {
  /** The author's DID (the repo the record lives in). */
  did: string;
  /** The record key within app.bsky.feed.post. */
  rkey: string;
  cid?: string | null;
  /** The record as received; validated here. */
  record: unknown;
  /** What an AppView adds; Jetstream and the firehose carry none of it (null). */
  handle?: string | null;
  displayName?: string | null;
  followers?: number | null;
  verified?: boolean | null;
}

export function postUri(did: string, rkey: string): string {
  return `at://${did}/${POST_COLLECTION}/${rkey}`;
}

/** Splits `at://DID/COLLECTION/RKEY` into its parts, or null when it is not one. */
export function parseAtUri(uri: string): { did: string; collection: string; rkey: string } | null {
  const m = /^at:\/\/([^/?#]+)\/([^/?#]+)\/([^/?#]+)$/.exec(uri);
  if (!m) return null;
  return { did: m[1]!, collection: m[2]!, rkey: m[3]! };
}

function parseError(reason: string): VoxpopError {
  return new VoxpopError("PARSE_ERROR", `bluesky post record: ${reason}`);
}

function zodReason(error: z.ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((i) => `${i.path.length ? i.path.join(".") : "record"}: ${i.message}`)
    .join("; ");
}

// What nearly every client writes: ISO 8601 in UTC with milliseconds, kept as is.
const CANONICAL = /^\d{4}-\d{2}-\d{2}T([01]\d|2[0-3]):[0-5]\d:[0-5]\d\.\d{3}Z$/;
const DATE_PART = /^(\d{4})-(\d{2})-(\d{2})/;

function isoOrNull(value: unknown): string | null {
  if (typeof value !== "string" || value.length > 64) return null;
  // Date.parse rolls impossible dates over (Feb 29 2023 → Mar 1): check the calendar first.
  const m = DATE_PART.exec(value);
  if (m) {
    const y = Number(m[1]), mo = Number(m[2]), d = Number(m[3]);
    // Day 0 of the next month is the last day of this one.
    if (mo < 1 || mo > 12 || d < 1 || d > new Date(Date.UTC(y, mo, 0)).getUTCDate()) return null;
    if (CANONICAL.test(value)) return value;
  }
  const ms = Date.parse(value);
  if (!Number.isFinite(ms)) return null;
  const d = new Date(ms);
  return Number.isFinite(d.getTime()) ? d.toISOString() : null;
}

function cleanHandle(handle: string | null | undefined): string | null {
  if (!handle) return null;
  const h = handle.startsWith("@") ? handle.slice(1) : handle;
  if (h === "handle.invalid" || h.length > 253 || !HANDLE.test(h)) return null;
  return h;
}

function pushUnique(list: string[], seen: Set<string>, value: string): void {
  if (value.length === 0 || seen.has(value)) return;
  seen.add(value);
  list.push(value);
}

const decoder = new TextDecoder("utf-8", { fatal: false });
const encoder = new TextEncoder();

/** Validates one post record and maps it to a CollectedPost; throws PARSE_ERROR when it is not one. */
export function postFromRecord(input: PostFromRecordInput): CollectedPost {
  const { did, rkey } = input;
  if (typeof did !== "string" || !DID.test(did) || did.length > 2048) throw parseError(`not a DID: ${String(did).slice(0, 80)}`);
  if (typeof rkey !== "string" || !RKEY.test(rkey) || rkey === "." || rkey === "..") {
    throw parseError(`not a record key: ${String(rkey).slice(0, 80)}`);
  }
  const parsed = postRecordSchema.safeParse(input.record);
  if (!parsed.success) throw parseError(zodReason(parsed.error));
  const record = parsed.data;
  const text = record.text;

  const links: string[] = [];
  const seenLinks = new Set<string>();
  const mentions: string[] = [];
  const seenMentions = new Set<string>();
  const tags: string[] = [];
  const seenTags = new Set<string>();

  let bytes: Uint8Array | null = null;
  for (const f of record.facets ?? []) {
    for (const feature of f.features) {
      switch (feature.$type) {
        case "app.bsky.richtext.facet#link": {
          const link = linkFeature.safeParse(feature);
          if (!link.success) throw parseError(`facet link: ${zodReason(link.error)}`);
          pushUnique(links, seenLinks, link.data.uri);
          break;
        }
        case "app.bsky.richtext.facet#mention": {
          if (!mentionFeature.safeParse(feature).success) throw parseError("facet mention without a did");
          const { byteStart, byteEnd } = f.index;
          bytes ??= encoder.encode(text);
          // Clients occasionally write ranges past the text; the app ignores them, so do we.
          if (byteStart >= byteEnd || byteEnd > bytes.length) break;
          const shown = decoder.decode(bytes.subarray(byteStart, byteEnd)).trim();
          const handle = shown.startsWith("@") ? shown.slice(1) : shown;
          pushUnique(mentions, seenMentions, handle);
          break;
        }
        case "app.bsky.richtext.facet#tag": {
          const tag = tagFeature.safeParse(feature);
          if (!tag.success) throw parseError(`facet tag: ${zodReason(tag.error)}`);
          pushUnique(tags, seenTags, tag.data.tag.replace(/^#/, ""));
          break;
        }
        default:
          break; // other facet features (formatting, future types) carry nothing we keep
      }
    }
  }
  for (const tag of record.tags ?? []) pushUnique(tags, seenTags, tag.replace(/^#/, ""));

  let quoteOf: string | null = null;
  const e = record.embed;
  if (e) {
    const media = (value: { $type: string }) => {
      if (value.$type !== "app.bsky.embed.external") return;
      const ext = externalEmbed.safeParse(value);
      if (!ext.success) throw parseError(`embed external: ${zodReason(ext.error)}`);
      pushUnique(links, seenLinks, ext.data.external.uri);
    };
    if (e.$type === "app.bsky.embed.record") {
      const r = recordEmbed.safeParse(e);
      if (!r.success) throw parseError(`embed record: ${zodReason(r.error)}`);
      quoteOf = r.data.record.uri;
    } else if (e.$type === "app.bsky.embed.recordWithMedia") {
      const r = recordWithMediaEmbed.safeParse(e);
      if (!r.success) throw parseError(`embed recordWithMedia: ${zodReason(r.error)}`);
      quoteOf = r.data.record.record.uri;
      media(r.data.media);
    } else {
      media(e);
    }
  }

  const handle = cleanHandle(input.handle);
  const followers = typeof input.followers === "number" && Number.isSafeInteger(input.followers) && input.followers >= 0 ? input.followers : null;
  return {
    platform: "bluesky",
    id: postUri(did, rkey),
    url: `https://bsky.app/profile/${handle ?? did}/post/${rkey}`,
    author: {
      name: typeof input.displayName === "string" && input.displayName.trim() !== "" ? input.displayName : null,
      handle,
      id: did,
      followers,
      verified: typeof input.verified === "boolean" ? input.verified : null,
    },
    createdAt: isoOrNull(record.createdAt),
    dateText: null,
    text,
    links,
    mentions,
    position: 0,
    lang: record.langs?.[0] ?? null,
    inArticle: true,
    tags,
    replyTo: record.reply?.parent.uri ?? null,
    replyRoot: record.reply?.root.uri ?? null,
    quoteOf,
  };
}
