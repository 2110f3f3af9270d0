// Names on the bus: the stream, its subjects and message ids. Story and source names are free
// text (spaces, dots, URLs), which NATS subject tokens cannot hold, so each becomes a token:
// "b" + base64url for short names (readable with a decoder, filterable), "h" + a sha256 prefix
// for long ones. The real names travel in the message headers.
import { createHash } from "node:crypto";

export const DEFAULT_STREAM = "VOXPOP";
export const DEFAULT_SUBJECT_PREFIX = "voxpop.items";
export const DEFAULT_DURABLE = "voxpop-worker";

const TOKEN_NAME_MAX = 48;

export function subjectToken(name: string): string {
  const bytes = Buffer.from(name, "utf8");
  if (bytes.length <= TOKEN_NAME_MAX) return "b" + bytes.toString("base64url");
  return "h" + createHash("sha256").update(bytes).digest("hex").slice(0, 32);
}

/** `<prefix>.<story token>.<source token>`: a subject per story and source. */
export function itemSubject(prefix: string, story: string, source: string): string {
  return `${prefix}.${subjectToken(story)}.${subjectToken(source)}`;
}

/** Checks a stream name and subject prefix the way the server would, with a clear message. */
export function checkNames(stream: string, prefix: string): string | null {
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(stream)) return `stream name "${stream}": letters, digits, "_" and "-" only (at most 64)`;
  if (!/^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*$/.test(prefix)) return `subject prefix "${prefix}": dot-separated tokens of letters, digits, "_" and "-"`;
  return null;
}

export function sha256Hex(data: string | Uint8Array): string {
  return createHash("sha256").update(data).digest("hex");
}

/**
 * The `Nats-Msg-Id` of an item: the same item of the same source for the same story always gets
 * the same id, so a collector that re-reads after a restart republishes nothing the stream's
 * duplicate window still remembers. The story is part of it: two stories following one source
 * publish the same items, and both must be kept. `ordinal` tells apart items a source yields
 * without a cursor of their own (counted since the last cursor).
 */
export function messageId(story: string, source: string, cursor: string | null, payloadHash: string, ordinal: number): string {
  return sha256Hex(`${story}\u0000${source}\u0000${cursor === null ? `null#${ordinal}` : `c:${cursor}`}\u0000${payloadHash}`).slice(0, 40);
}
