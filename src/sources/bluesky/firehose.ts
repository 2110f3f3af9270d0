// The atproto firehose (com.atproto.sync.subscribeRepos) as a live source, for self-hosters who
// run a relay or read their own PDS. Each WebSocket message is a binary frame: a DAG-CBOR header
// {op, t} then a DAG-CBOR body; a `#commit` body lists its ops (`create app.bsky.feed.post/RKEY`
// with the record's CID) and carries the changed blocks as a CAR slice. We yield every frame that
// creates at least one post, exactly as received, with its `seq` as the cursor; a restart
// resumes with `?cursor=seq` (the server replays what came after it). Frames we cannot decode
// become items with `error` set; a dropped connection reconnects with exponential backoff and
// full jitter from the last seq. Only the caller's signal ends a read.
//
// Commit signatures are not verified (no key resolution here): like @atproto/sync's
// `unauthenticatedCommits`, we trust the relay we chose to connect to.
import { lookup } from "node:dns/promises";
import net from "node:net";
import { CID } from "multiformats/cid";
import { VoxpopError, type CollectedPost } from "../../core/index.ts";
import { abortableSleep, isPrivateAddress } from "../http/index.ts";
import type { NormalizedItem, Source, SourceItem, SourceStatus } from "../source.ts";
import { JetstreamSocket } from "./jetstream-socket.ts";
import { POST_COLLECTION, postFromRecord } from "./record.ts";
import { asCid, blockMatches, decodeBlock, decodeFrame, type Frame } from "./repo.ts";

export const FIREHOSE_CONTENT_TYPE = "application/vnd.atproto.firehose-frame+dag-cbor";

export interface FirehoseOptions {
  /** ws:// or wss:// URL of a relay or PDS ("/xrpc/com.atproto.sync.subscribeRepos" is added unless present). */
  endpoint: string;
  /** The seq to resume from when `read` gets no cursor (e.g. 0: all a PDS still holds); live only when absent. */
  startCursor?: number | null;
  /** Allow a private or loopback host (a PDS on the local network, tests). */
  allowPrivate?: boolean;
  /** Reconnection delays: full jitter over baseMs·2^attempt, capped at maxMs. */
  backoff?: { baseMs?: number; maxMs?: number };
  /** Reconnect when no frame arrives for this long (0, the default, never: a PDS may be quiet). */
  idleTimeoutMs?: number;
  /** Frames held for a slow reader before the socket is closed and later resumed (default 10 000). */
  maxQueue?: number;
  onStatus?: (status: SourceStatus) => void;
}

const METHOD_PATH = "/xrpc/com.atproto.sync.subscribeRepos";

interface PostOp {
  rkey: string;
  cid: string;
}

function createdPosts(frame: Frame): { repo: string; seq: number; posts: PostOp[] } | null {
  if (frame.op !== 1 || frame.t !== "#commit") return null;
  const { repo, seq, ops } = frame.body;
  if (typeof repo !== "string" || typeof seq !== "number" || !Array.isArray(ops)) {
    throw new VoxpopError("PARSE_ERROR", "firehose #commit without repo, seq or ops");
  }
  const posts: PostOp[] = [];
  for (const op of ops as { action?: unknown; path?: unknown; cid?: unknown }[]) {
    if (op?.action !== "create" || typeof op.path !== "string") continue;
    const slash = op.path.indexOf("/");
    if (op.path.slice(0, slash) !== POST_COLLECTION) continue;
    const cid = asCid(op.cid);
    if (!cid) throw new VoxpopError("PARSE_ERROR", `firehose create ${op.path.slice(0, 200)} without a record CID`);
    posts.push({ rkey: op.path.slice(slash + 1), cid: cid.toString() });
  }
  return { repo, seq, posts };
}

/**
 * A commit's CAR slice, by CID (only blocks that match their hash), read synchronously because
 * normalize is synchronous: CARv1 is varint(header length), header, then per block
 * varint(length), CID, bytes.
 */
export function readCommitBlocks(bytes: unknown): Map<string, Uint8Array> {
  if (!(bytes instanceof Uint8Array)) throw new VoxpopError("PARSE_ERROR", "firehose #commit without blocks");
  const blocks = new Map<string, Uint8Array>();
  let offset = 0;
  const varint = (): number => {
    let value = 0;
    let shift = 0;
    for (;;) {
      if (offset >= bytes.length || shift > 49) throw new VoxpopError("PARSE_ERROR", "firehose #commit blocks: truncated CAR");
      const b = bytes[offset++]!;
      value += (b & 0x7f) * 2 ** shift;
      if (b < 0x80) return value;
      shift += 7;
    }
  };
  const headerLength = varint();
  offset += headerLength;
  while (offset < bytes.length) {
    const length = varint();
    const end = offset + length;
    if (end > bytes.length || length === 0) throw new VoxpopError("PARSE_ERROR", "firehose #commit blocks: truncated CAR");
    const section = bytes.subarray(offset, end);
    offset = end;
    let cid;
    try {
      cid = CID.decodeFirst(section)[0];
    } catch (cause) {
      throw new VoxpopError("PARSE_ERROR", "firehose #commit blocks: bad CID", { cause });
    }
    const block = section.subarray(cid.byteLength);
    if (blockMatches(cid, block)) blocks.set(cid.toString(), block);
  }
  return blocks;
}

export class FirehoseSource implements Source {
  readonly name: string;
  readonly kind = "bluesky";
  readonly uri: string;
  readonly mode = "live" as const;
  readonly #options: FirehoseOptions;
  readonly #url: URL;
  #status: SourceStatus = { state: "connecting" };

  constructor(options: FirehoseOptions) {
    let url: URL;
    try {
      url = new URL(options.endpoint);
    } catch (cause) {
      throw new VoxpopError("INVALID_ARGUMENT", `not a firehose URL: ${options.endpoint}`, { cause });
    }
    if (url.protocol === "https:") url.protocol = "wss:";
    if (url.protocol === "http:") url.protocol = "ws:";
    if (url.protocol !== "wss:" && url.protocol !== "ws:") throw new VoxpopError("INVALID_ARGUMENT", `a firehose URL is ws:// or wss://, not ${url.protocol}`);
    if (!url.pathname.endsWith(METHOD_PATH)) url.pathname = url.pathname.replace(/\/$/, "") + METHOD_PATH;
    url.search = "";
    this.#url = url;
    this.#options = options;
    this.uri = url.toString();
    this.name = `firehose ${url.toString()}`;
  }

  status(): SourceStatus {
    return this.#status;
  }

  #setStatus(status: SourceStatus): void {
    this.#status = status;
    this.#options.onStatus?.(status);
  }

  async #checkAddress(): Promise<void> {
    if (this.#options.allowPrivate) return;
    const host = this.#url.hostname.replace(/^\[|\]$/g, "");
    const addresses = net.isIP(host) ? [host] : (await lookup(host, { all: true }).catch(() => [])).map((a) => a.address);
    if (addresses.some(isPrivateAddress)) {
      throw new VoxpopError("BLOCKED_ADDRESS", `${host} is a private address; allow it explicitly to read a local firehose`);
    }
  }

  async *read(cursor: string | null, signal: AbortSignal): AsyncIterable<SourceItem> {
    if (signal.aborted) throw new VoxpopError("FETCH_ABORTED", "cancelled");
    let seq: number | null = cursor === null ? (this.#options.startCursor ?? null) : Number(cursor);
    if (seq !== null && (!Number.isSafeInteger(seq) || seq < 0)) throw new VoxpopError("INVALID_ARGUMENT", `not a firehose cursor: ${String(cursor).slice(0, 40)}`);
    await this.#checkAddress();
    const baseMs = this.#options.backoff?.baseMs ?? 1000;
    const maxMs = this.#options.backoff?.maxMs ?? 60_000;
    let failures = 0;
    for (;;) {
      if (signal.aborted) throw new VoxpopError("FETCH_ABORTED", "cancelled");
      const url = new URL(this.#url);
      if (seq !== null) url.searchParams.set("cursor", String(seq));
      this.#setStatus({ state: failures ? "reconnecting" : "connecting", detail: url.toString() });
      const socket = new JetstreamSocket(url.toString(), { maxQueue: this.#options.maxQueue ?? 10_000, idleTimeoutMs: this.#options.idleTimeoutMs ?? 0 }, () => {
        this.#setStatus({ state: "open" });
      });
      const onAbort = () => socket.close("cancelled");
      signal.addEventListener("abort", onAbort, { once: true });
      let reason = "";
      try {
        for (;;) {
          const event = await socket.next();
          if (signal.aborted) throw new VoxpopError("FETCH_ABORTED", "cancelled");
          if (event.type === "closed") {
            reason = event.reason;
            break;
          }
          if (typeof event.data === "string") {
            yield { raw: { payload: event.data, contentType: "text/plain" }, cursor: seq === null ? null : String(seq), error: { code: "PARSE_ERROR", reason: "firehose sent a text frame" } };
            continue;
          }
          let frame: Frame;
          try {
            frame = decodeFrame(event.data);
          } catch (err) {
            yield { raw: { payload: event.data, contentType: FIREHOSE_CONTENT_TYPE }, cursor: seq === null ? null : String(seq), error: { code: "PARSE_ERROR", reason: (err as Error).message } };
            continue;
          }
          if (frame.op === -1) {
            // An error frame ends the stream: FutureCursor (our seq is ahead of the server: start
            // live), ConsumerTooSlow (reconnect from our seq), anything else (retry later).
            const error = typeof frame.body.error === "string" ? frame.body.error : "unknown error";
            if (error === "FutureCursor") seq = null;
            reason = `server error frame: ${error}${typeof frame.body.message === "string" ? `: ${frame.body.message.slice(0, 200)}` : ""}`;
            socket.close(reason);
            continue;
          }
          failures = 0;
          const frameSeq = frame.body.seq;
          if (typeof frameSeq === "number" && Number.isSafeInteger(frameSeq)) seq = Math.max(seq ?? 0, frameSeq);
          let commit;
          try {
            commit = createdPosts(frame);
          } catch (err) {
            yield { raw: { payload: event.data, contentType: FIREHOSE_CONTENT_TYPE }, cursor: seq === null ? null : String(seq), error: { code: "PARSE_ERROR", reason: (err as Error).message } };
            continue;
          }
          if (!commit || commit.posts.length === 0) continue; // identity, account, sync, likes, follows...
          yield { raw: { payload: event.data, contentType: FIREHOSE_CONTENT_TYPE }, cursor: String(seq) };
        }
      } finally {
        signal.removeEventListener("abort", onAbort);
        socket.close("done");
      }
      if (signal.aborted) throw new VoxpopError("FETCH_ABORTED", "cancelled");
      failures++;
      const ceiling = Math.min(maxMs, baseMs * 2 ** Math.min(failures - 1, 30));
      const wait = Math.floor(Math.random() * ceiling);
      this.#setStatus({ state: "waiting", detail: `${reason}; reconnecting in ${Math.round(wait / 1000)} s` });
      await abortableSleep(wait, signal);
    }
  }

  normalize(item: SourceItem): NormalizedItem {
    if (typeof item.raw.payload === "string") throw new VoxpopError("PARSE_ERROR", "firehose item is text, not a frame");
    const frame = decodeFrame(item.raw.payload);
    const commit = createdPosts(frame);
    if (!commit) throw new VoxpopError("PARSE_ERROR", `firehose frame ${frame.t ?? `op ${frame.op}`} is not a commit`);
    if (commit.posts.length === 0) return { posts: [] };
    const blocks = readCommitBlocks(frame.body.blocks);
    const posts: CollectedPost[] = [];
    for (const op of commit.posts) {
      const block = blocks.get(op.cid);
      if (!block) throw new VoxpopError("PARSE_ERROR", `firehose commit ${commit.seq}: the record of post ${op.rkey} is missing from its blocks`);
      posts.push(postFromRecord({ did: commit.repo, rkey: op.rkey, cid: op.cid, record: decodeBlock(block, `post ${op.rkey}`) }));
    }
    return { posts };
  }
}

export function createFirehoseSource(options: FirehoseOptions): FirehoseSource {
  return new FirehoseSource(options);
}
