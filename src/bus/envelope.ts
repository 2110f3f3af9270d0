// The wire format of one item on the bus. The message body is the item's raw payload, byte for
// byte (preceded, for collector-normalized items, by the normalized result as JSON); the rest is
// in headers:
//   Nats-Msg-Id      sha256 of story, source, cursor and payload hash (JetStream drops repeats)
//   Voxpop-Context   base64url JSON, the same for every item of a collector's source: story,
//                    source name/kind/uri/mode, the normalizer descriptor, and what the rules
//                    need that only the collector knows (subject DIDs, notable accounts, whether
//                    a file is imported whole, whether authors need handles from the AppView)
//   Voxpop-Item      base64url JSON: content type, the item's cursor, the safe cursor (every item
//                    up to it is on the bus; informational on items), via, the source's error,
//                    text or bytes, marker
//   Voxpop-Story, Voxpop-Source   the names, percent-encoded, for people reading the stream
// A marker carries no item: only a safe cursor, the only cursor a worker commits (the collector
// sends one every second or so while the safe cursor moves, and one at the end). Everything read here is validated (zod): a message that does not fit
// is quarantined by the worker, never trusted.
import { z } from "zod";
import { headers as natsHeaders, type MsgHdrs } from "@nats-io/transport-node";
import { VoxpopError, type ErrorCode, ERROR_CODES } from "../core/index.ts";
import type { NormalizedItem, SourceItem } from "../sources/index.ts";
import { normalizerSpecSchema } from "./normalizers.ts";

export const CONTEXT_HEADER = "Voxpop-Context";
export const ITEM_HEADER = "Voxpop-Item";
export const MARKER_CONTENT_TYPE = "application/x-voxpop-cursor";

export const busContextSchema = z.object({
  v: z.literal(1),
  story: z.string().min(1).max(1000),
  source: z.string().min(1).max(10_000),
  kind: z.string().max(100),
  uri: z.string().max(10_000),
  mode: z.enum(["backfill", "live"]),
  normalizer: normalizerSpecSchema,
  acceptAll: z.boolean(),
  needProfiles: z.boolean(),
  subjectIds: z.array(z.string().max(2048)).max(1000),
  notable: z.array(z.string().max(512)).max(10_000),
});
export type BusContext = z.infer<typeof busContextSchema>;

const errorSchema = z.object({ code: z.string().max(64), reason: z.string().max(100_000) });

const itemMetaSchema = z.object({
  ct: z.string().max(1000),
  c: z.string().max(1_000_000).nullable(),
  s: z.string().max(1_000_000).nullable(),
  via: z.string().max(10_000).nullable().optional(),
  err: errorSchema.nullable().optional(),
  t: z.boolean(),
  m: z.boolean().optional(),
  n: z.number().int().nonnegative().optional(),
  ne: errorSchema.optional(),
});
type ItemMeta = z.infer<typeof itemMetaSchema>;

const normalizedSchema = z.object({
  posts: z.array(z.looseObject({ platform: z.string(), id: z.string() })),
  article: z.looseObject({}).nullable().optional(),
  annotations: z.array(z.record(z.string(), z.object({ version: z.string(), data: z.unknown() })).nullable()).nullable().optional(),
});

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value), "utf8").toString("base64url");

function fromB64(text: string, what: string): unknown {
  try {
    return JSON.parse(Buffer.from(text, "base64url").toString("utf8"));
  } catch (cause) {
    throw new VoxpopError("PARSE_ERROR", `bus message: the ${what} header is not base64url JSON`, { cause });
  }
}

export function encodeContext(context: BusContext): string {
  return b64(context);
}

export interface EncodedItem {
  headers: MsgHdrs;
  data: Uint8Array;
}

const encoder = new TextEncoder();

/** What the collector adds for an item it normalized itself (`normalizer.id === "collector"`). */
export type CollectorResult = { normalized: NormalizedItem } | { error: { code: string; reason: string } } | null;

function baseHeaders(contextHeader: string, context: BusContext, meta: ItemMeta, msgId: string): MsgHdrs {
  const h = natsHeaders();
  h.set("Nats-Msg-Id", msgId);
  h.set(CONTEXT_HEADER, contextHeader);
  h.set(ITEM_HEADER, b64(meta));
  h.set("Voxpop-Story", encodeURIComponent(context.story));
  h.set("Voxpop-Source", encodeURIComponent(context.source));
  return h;
}

/** An item as a message; `safe` is the collector's safe cursor when it is published. */
export function encodeItem(contextHeader: string, context: BusContext, item: SourceItem, safe: string | null, msgId: string, result: CollectorResult = null): EncodedItem {
  const text = typeof item.raw.payload === "string";
  const payload = text ? encoder.encode(item.raw.payload as string) : (item.raw.payload as Uint8Array);
  const meta: ItemMeta = { ct: item.raw.contentType, c: item.cursor, s: safe, t: text };
  if (item.via) meta.via = item.via;
  if (item.error) meta.err = { code: item.error.code, reason: item.error.reason };
  let data = payload;
  if (result && "normalized" in result) {
    const json = encoder.encode(JSON.stringify(result.normalized));
    meta.n = json.length;
    data = new Uint8Array(json.length + payload.length);
    data.set(json, 0);
    data.set(payload, json.length);
  } else if (result && "error" in result) {
    meta.ne = result.error;
  }
  return { headers: baseHeaders(contextHeader, context, meta, msgId), data };
}

/** A cursor-only message: the worker commits `safe` as the source's cursor. */
export function encodeMarker(contextHeader: string, context: BusContext, safe: string, msgId: string): EncodedItem {
  return { headers: baseHeaders(contextHeader, context, { ct: MARKER_CONTENT_TYPE, c: safe, s: safe, t: true, m: true }, msgId), data: new Uint8Array(0) };
}

export interface DecodedItem {
  context: BusContext;
  /** The item as the worker ingests it: `cursor` is null but for a marker (its safe cursor). */
  item: SourceItem;
  /** The cursor the source gave this item. */
  ownCursor: string | null;
  marker: boolean;
  /** For collector-normalized items: the result, or the error normalize threw. */
  collector: CollectorResult;
}

const contexts = new Map<string, BusContext>();

function contextOf(header: string): BusContext {
  const known = contexts.get(header);
  if (known) return known;
  const parsed = busContextSchema.safeParse(fromB64(header, CONTEXT_HEADER));
  if (!parsed.success) throw new VoxpopError("PARSE_ERROR", `bus message: bad ${CONTEXT_HEADER}: ${issueText(parsed.error)}`);
  if (contexts.size > 1000) contexts.clear();
  contexts.set(header, parsed.data);
  return parsed.data;
}

function issueText(error: z.ZodError): string {
  const i = error.issues[0];
  return i ? `${i.path.join(".") || "(top)"}: ${i.message}` : "invalid";
}

const decoder = new TextDecoder();

/** A message back to an item; throws a PARSE_ERROR VoxpopError for anything malformed. */
export function decodeItem(headers: MsgHdrs | undefined, data: Uint8Array): DecodedItem {
  const contextHeader = headers?.get(CONTEXT_HEADER) ?? "";
  const itemHeader = headers?.get(ITEM_HEADER) ?? "";
  if (!contextHeader || !itemHeader) throw new VoxpopError("PARSE_ERROR", `bus message without ${CONTEXT_HEADER} and ${ITEM_HEADER} headers: not published by voxpop`);
  const context = contextOf(contextHeader);
  const parsed = itemMetaSchema.safeParse(fromB64(itemHeader, ITEM_HEADER));
  if (!parsed.success) throw new VoxpopError("PARSE_ERROR", `bus message: bad ${ITEM_HEADER}: ${issueText(parsed.error)}`);
  const meta = parsed.data;
  let collector: CollectorResult = null;
  let body = data;
  if (meta.n !== undefined) {
    if (meta.n > data.length) throw new VoxpopError("PARSE_ERROR", `bus message: the normalized result (${meta.n} bytes) is longer than the body (${data.length})`);
    let value: unknown;
    try {
      value = JSON.parse(decoder.decode(data.subarray(0, meta.n)));
    } catch (cause) {
      throw new VoxpopError("PARSE_ERROR", "bus message: the normalized result is not JSON", { cause });
    }
    const normalized = normalizedSchema.safeParse(value);
    if (!normalized.success) throw new VoxpopError("PARSE_ERROR", `bus message: bad normalized result: ${issueText(normalized.error)}`);
    collector = { normalized: normalized.data as unknown as NormalizedItem };
    body = data.subarray(meta.n);
  } else if (meta.ne) {
    collector = { error: meta.ne };
  }
  const payload = meta.t ? decoder.decode(body) : body.slice();
  // Only a marker moves the cursor (worker.ts commits it once everything before it is stored).
  const item: SourceItem = { raw: { payload, contentType: meta.ct }, cursor: meta.m ? meta.s : null };
  if (meta.via !== undefined) item.via = meta.via;
  if (meta.err) item.error = meta.err;
  return { context, item, ownCursor: meta.c, marker: meta.m === true, collector };
}

/** The collector's normalize error, thrown again on the worker so the runner quarantines it the same way. */
export function rethrow(error: { code: string; reason: string }): never {
  const code = (error.code in ERROR_CODES ? error.code : "PARSE_ERROR") as ErrorCode;
  throw new VoxpopError(code, error.reason);
}
