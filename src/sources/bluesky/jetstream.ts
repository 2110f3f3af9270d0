// The Jetstream live source: Bluesky's JSON projection of the firehose over a WebSocket
// (github.com/bluesky-social/jetstream). We subscribe to `app.bsky.feed.post` (optionally only a
// story's subject DIDs) and yield every frame exactly as received, with `time_us` as the cursor.
// Jetstream is at-least-once and its cursor is a time, so every (re)connection resumes from the
// last cursor rewound a few seconds: a little is read twice (stores are idempotent), nothing is
// skipped. Dropped connections, server closes and silent sockets reconnect with exponential
// backoff and full jitter; only the caller's signal ends a read.
import { lookup } from "node:dns/promises";
import net from "node:net";
import { z } from "zod";
import { VoxpopError, sha256, type CollectedPost } from "../../core/index.ts";
import { abortableSleep, isPrivateAddress } from "../http/index.ts";
import type { NormalizedItem, Source, SourceItem, SourceStatus } from "../source.ts";
import { JetstreamSocket, type SocketEvent } from "./jetstream-socket.ts";
import { POST_COLLECTION, postFromRecord, postUri } from "./record.ts";

export const DEFAULT_JETSTREAM_ENDPOINT = "wss://jetstream2.us-east.bsky.network";

export interface JetstreamOptions {
  /** ws:// or wss:// base URL of a Jetstream instance ("/subscribe" is added unless present). */
  endpoint?: string;
  /** Only these repos' events (a story's subject accounts); all of the network when absent. */
  wantedDids?: string[];
  /** How far before the stored cursor to resume, in µs (default 5 s): Jetstream is at-least-once. */
  rewindMicros?: number;
  /** Allow a private or loopback host (a local Jetstream, tests). */
  allowPrivate?: boolean;
  /** Reconnection delays: full jitter over baseMs·2^attempt, capped at maxMs. */
  backoff?: { baseMs?: number; maxMs?: number };
  /**
   * Reconnect when no frame arrives for this long. Default 60 s when following the whole network
   * (posts arrive many times a second, so silence means a stalled socket), off with `wantedDids`
   * (a few accounts may legitimately be quiet for hours).
   */
  idleTimeoutMs?: number;
  /** Frames held for a slow reader before the socket is closed and later resumed (default 10 000). */
  maxQueue?: number;
  /** Called on every status change (the progress display can also poll `status()`). */
  onStatus?: (status: SourceStatus) => void;
}

/** Jetstream's documented cap on wantedDids per connection. */
const MAX_WANTED_DIDS = 10_000;
/** How far ahead of our clock a time_us may be and still count as a cursor (clock skew). */
const MAX_CLOCK_AHEAD_US = 10 * 60 * 1_000_000;
const DID = /^did:[a-z]+:[a-zA-Z0-9._:%-]*[a-zA-Z0-9._-]$/;

// The wire format (Jetstream's README): every frame is one JSON object with the repo's DID, the
// time Jetstream saw the event in µs, and a kind; commits carry the record for creates/updates.
const commitSchema = z.looseObject({
  rev: z.string().optional(),
  operation: z.enum(["create", "update", "delete"]),
  collection: z.string().max(512),
  rkey: z.string().max(512),
  record: z.unknown().optional(),
  cid: z.string().max(256).nullable().optional(),
});
const eventSchema = z.looseObject({
  did: z.string().max(2048),
  time_us: z.number().int().nonnegative(),
  kind: z.string().max(64),
  commit: z.unknown().optional(),
});

export type JetstreamEvent =
  | { kind: "commit"; did: string; timeUs: number; commit: z.infer<typeof commitSchema> }
  | { kind: "identity"; did: string; timeUs: number; handle: string | null }
  | { kind: "account"; did: string; timeUs: number; active: boolean | null; status: string | null }
  | { kind: "other"; did: string; timeUs: number; type: string };

function parseError(reason: string, cause?: unknown): VoxpopError {
  return new VoxpopError("PARSE_ERROR", `jetstream event: ${reason}`, cause === undefined ? undefined : { cause });
}

/** Parses one Jetstream frame; throws PARSE_ERROR when it is not a Jetstream event. */
export function parseJetstreamEvent(payload: string | Uint8Array): JetstreamEvent {
  if (typeof payload !== "string") throw parseError("a binary frame (compressed or not Jetstream JSON)");
  let json: unknown;
  try {
    json = JSON.parse(payload);
  } catch (cause) {
    throw parseError(`not JSON (${(cause as Error).message})`, cause);
  }
  const parsed = eventSchema.safeParse(json);
  if (!parsed.success) {
    throw parseError(parsed.error.issues.slice(0, 3).map((i) => `${i.path.join(".") || "event"}: ${i.message}`).join("; "));
  }
  const { did, time_us: timeUs, kind } = parsed.data;
  const body = json as Record<string, unknown>;
  if (kind === "commit") {
    const commit = commitSchema.safeParse(parsed.data.commit);
    if (!commit.success) {
      throw parseError(commit.error.issues.slice(0, 3).map((i) => `commit.${i.path.join(".")}: ${i.message}`).join("; "));
    }
    return { kind, did, timeUs, commit: commit.data };
  }
  if (kind === "identity") {
    const identity = body["identity"] as Record<string, unknown> | undefined;
    const handle = typeof identity?.["handle"] === "string" ? identity["handle"] : null;
    return { kind, did, timeUs, handle };
  }
  if (kind === "account") {
    const account = body["account"] as Record<string, unknown> | undefined;
    return {
      kind, did, timeUs,
      active: typeof account?.["active"] === "boolean" ? account["active"] : null,
      status: typeof account?.["status"] === "string" ? account["status"] : null,
    };
  }
  return { kind: "other", did, timeUs, type: kind };
}

/** A post create/update to a CollectedPost (handle unknown: Jetstream carries none). */
function postOf(event: JetstreamEvent): CollectedPost | null {
  if (event.kind !== "commit") return null;
  const { commit } = event;
  if (commit.collection !== POST_COLLECTION || commit.operation === "delete") return null;
  if (commit.record === undefined) throw parseError(`a post ${commit.operation} without its record`);
  return postFromRecord({ did: event.did, rkey: commit.rkey, cid: commit.cid ?? null, record: commit.record });
}

/**
 * The at:// URI of the post a frame deletes, or null: deletions are not posts, but a dataset
 * should honour them (the runner can mark or drop the stored post).
 */
export function deletedPostUri(item: SourceItem): string | null {
  let event: JetstreamEvent;
  try {
    event = parseJetstreamEvent(item.raw.payload);
  } catch {
    return null;
  }
  if (event.kind !== "commit" || event.commit.operation !== "delete" || event.commit.collection !== POST_COLLECTION) return null;
  return postUri(event.did, event.commit.rkey);
}

function parseCursor(cursor: string): number {
  if (!/^\d{1,16}$/.test(cursor)) throw new VoxpopError("INVALID_ARGUMENT", `not a Jetstream cursor (time_us): ${cursor.slice(0, 40)}`);
  return Number(cursor);
}

function subscribeUrl(endpoint: string): URL {
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch (cause) {
    throw new VoxpopError("INVALID_ARGUMENT", `not a valid Jetstream URL: ${endpoint}`, { cause });
  }
  if (url.protocol !== "wss:" && url.protocol !== "ws:") {
    throw new VoxpopError("INVALID_ARGUMENT", `a Jetstream endpoint is ws:// or wss://, not ${url.protocol}`);
  }
  if (url.username || url.password) throw new VoxpopError("INVALID_ARGUMENT", "Jetstream URLs with credentials are not used");
  url.search = "";
  url.hash = "";
  if (!url.pathname.endsWith("/subscribe")) url.pathname = url.pathname.replace(/\/+$/, "") + "/subscribe";
  return url;
}

function checkLiteralHost(host: string, allowPrivate: boolean): void {
  if (allowPrivate) return;
  const bare = host.replace(/^\[|\]$/g, "");
  if ((net.isIP(bare) && isPrivateAddress(bare)) || bare === "localhost" || bare.endsWith(".localhost")) {
    throw new VoxpopError("BLOCKED_ADDRESS", `${bare} is a private or loopback address; pass --allow-private to use a local Jetstream`);
  }
}

export class JetstreamSource implements Source {
  readonly name: string;
  readonly kind = "bluesky";
  readonly uri: string;
  readonly mode = "live" as const;
  readonly #url: URL;
  readonly #wantedDids: string[];
  readonly #rewind: number;
  readonly #allowPrivate: boolean;
  readonly #baseMs: number;
  readonly #maxMs: number;
  readonly #idleTimeoutMs: number;
  readonly #maxQueue: number;
  readonly #onStatus: ((s: SourceStatus) => void) | undefined;
  #status: SourceStatus = { state: "connecting" };

  constructor(options: JetstreamOptions = {}) {
    this.#url = subscribeUrl(options.endpoint ?? DEFAULT_JETSTREAM_ENDPOINT);
    this.#allowPrivate = options.allowPrivate ?? false;
    checkLiteralHost(this.#url.hostname, this.#allowPrivate);
    const dids = [...new Set(options.wantedDids ?? [])].sort();
    for (const did of dids) if (!DID.test(did)) throw new VoxpopError("INVALID_ARGUMENT", `not a DID: ${did.slice(0, 80)}`);
    if (dids.length > MAX_WANTED_DIDS) throw new VoxpopError("INVALID_ARGUMENT", `Jetstream takes at most ${MAX_WANTED_DIDS} DIDs per connection`);
    this.#wantedDids = dids;
    this.#rewind = Math.max(0, Math.floor(options.rewindMicros ?? 5_000_000));
    this.#baseMs = Math.max(1, options.backoff?.baseMs ?? 1_000);
    this.#maxMs = Math.max(this.#baseMs, options.backoff?.maxMs ?? 60_000);
    this.#idleTimeoutMs = options.idleTimeoutMs ?? (dids.length > 0 ? 0 : 60_000);
    this.#maxQueue = Math.max(1, options.maxQueue ?? 10_000);
    this.#onStatus = options.onStatus;
    this.uri = this.#url.href;
    // The cursor key: a different DID filter is a different stream position.
    this.name = `jetstream ${this.#url.href}${dids.length ? ` dids:${sha256(dids.join(",")).slice(0, 12)}` : ""}`;
  }

  status(): SourceStatus {
    return this.#status;
  }

  #setStatus(status: SourceStatus): void {
    this.#status = status;
    this.#onStatus?.(status);
  }

  /** The subscribe URL for a start time (µs), or the live tail when null. */
  connectUrl(startUs: number | null): string {
    const url = new URL(this.#url);
    url.searchParams.append("wantedCollections", POST_COLLECTION);
    for (const did of this.#wantedDids) url.searchParams.append("wantedDids", did);
    if (startUs !== null) url.searchParams.set("cursor", String(startUs));
    return url.href;
  }

  async *read(cursor: string | null, signal: AbortSignal): AsyncGenerator<SourceItem> {
    const aborted = () => new VoxpopError("FETCH_ABORTED", "cancelled");
    if (signal.aborted) throw aborted();
    // The newest time_us yielded so far: every item's cursor, and where a reconnect resumes.
    let last: number | null = cursor === null ? null : parseCursor(cursor);
    let attempt = 0;
    let resumeExact = false;
    let socket: JetstreamSocket | null = null;
    const onAbort = () => socket?.close("cancelled");
    signal.addEventListener("abort", onAbort, { once: true });
    try {
      while (true) {
        if (!this.#allowPrivate) await this.#checkResolvedHost(signal);
        const startUs = last === null ? null : Math.max(0, last - (resumeExact ? 0 : this.#rewind));
        resumeExact = false;
        this.#setStatus({ state: attempt === 0 ? "connecting" : "reconnecting", detail: this.#status.detail });
        socket = new JetstreamSocket(this.connectUrl(startUs), { maxQueue: this.#maxQueue, idleTimeoutMs: this.#idleTimeoutMs }, () => {
          this.#setStatus({ state: "open", detail: startUs === null ? "live tail" : `from time_us ${startUs}` });
        });
        if (signal.aborted) socket.close("cancelled");
        let closed: Extract<SocketEvent, { type: "closed" }>;
        while (true) {
          const event: SocketEvent = await socket.next();
          if (event.type === "closed") {
            closed = event;
            break;
          }
          if (signal.aborted) throw aborted(); // frames still queued after an abort are not handed out
          attempt = 0; // a frame arrived: the connection works, so the next failure starts the backoff over
          const item = this.#itemOf(event.data, last);
          if (item.timeUs !== null && (last === null || item.timeUs > last)) last = item.timeUs;
          yield item.item;
        }
        if (signal.aborted) throw aborted();
        if (closed.backpressure) {
          // We closed a healthy, in-order connection ourselves after reading everything up to
          // `last`: resume right there, at once (a rewind here could outrun a small queue forever).
          resumeExact = true;
          this.#setStatus({ state: "reconnecting", detail: closed.reason });
          continue;
        }
        const delay = Math.random() * Math.min(this.#maxMs, this.#baseMs * 2 ** Math.min(attempt, 30));
        attempt++;
        this.#setStatus({ state: "reconnecting", detail: `${closed.reason}; retrying in ${(delay / 1000).toFixed(1)} s` });
        await abortableSleep(delay, signal);
      }
    } finally {
      signal.removeEventListener("abort", onAbort);
      socket?.close("stopped");
      this.#setStatus({ state: "done", detail: signal.aborted ? "cancelled" : undefined });
    }
  }

  #itemOf(payload: string | Uint8Array, last: number | null): { item: SourceItem; timeUs: number | null } {
    // Only time_us is needed here; full validation waits for normalize so a bad frame is
    // quarantined with its reason instead of stopping the stream.
    // A cursor must never jump ahead of what was read (a resume would skip the gap), so a
    // time_us is taken only at the top level (before any record) and not from the far future.
    let timeUs: number | null = null;
    if (typeof payload === "string") {
      const m = /"time_us"\s*:\s*(\d{1,16})\b/.exec(payload);
      const record = payload.indexOf('"record"');
      if (m && (record < 0 || m.index < record)) {
        const t = Number(m[1]);
        if (t <= Date.now() * 1000 + MAX_CLOCK_AHEAD_US) timeUs = t;
      }
    }
    const at = timeUs !== null && (last === null || timeUs > last) ? timeUs : last;
    return {
      item: {
        raw: { payload, contentType: typeof payload === "string" ? "application/json" : "application/octet-stream" },
        cursor: at === null ? null : String(at),
      },
      timeUs,
    };
  }

  async #checkResolvedHost(signal: AbortSignal): Promise<void> {
    const host = this.#url.hostname.replace(/^\[|\]$/g, "");
    if (net.isIP(host)) return; // checked in the constructor
    let addresses: { address: string }[];
    try {
      addresses = await lookup(host, { all: true });
    } catch {
      return; // unresolvable now: the connection attempt fails and is retried with backoff
    }
    if (signal.aborted) return;
    if (addresses.length > 0 && addresses.every((a) => isPrivateAddress(a.address))) {
      throw new VoxpopError("BLOCKED_ADDRESS", `${host} resolves to a private or loopback address (${addresses.map((a) => a.address).join(", ")}); pass --allow-private to use a local Jetstream`);
    }
  }

  normalize(item: SourceItem): NormalizedItem {
    const post = postOf(parseJetstreamEvent(item.raw.payload));
    return { posts: post ? [post] : [] };
  }
}

export function createJetstreamSource(options: JetstreamOptions = {}): JetstreamSource {
  return new JetstreamSource(options);
}
