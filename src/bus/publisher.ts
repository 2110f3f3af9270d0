// The collector's side of the bus: reads a source and publishes every item to JetStream, one
// message per item (src/bus/envelope.ts), instead of storing it. A collector never moves a
// cursor: it resumes from the cursor the store has (`storyCursorKey(story, source)`), which the
// workers commit in the same transaction as the posts.
//
// Which cursor may a worker commit? Publishing is pipelined (many items in flight), so when a
// connection drops, item k can be lost while k+1, still in the client's buffer, is sent after the
// reconnect; and several workers store different items at once. So cursors travel only in
// *markers*: while reading, about every `markerMs` (and at the end), the collector publishes the
// *safe cursor*, the position up to which JetStream has acknowledged every item of this run
// (items are settled in read order; a failed publish is retried, same message id, before the safe
// cursor moves past it). A worker commits a marker's cursor only once no older message is left on
// the subject (work-queue retention deletes a message when it is acked, after its store commit):
// every item before the cursor is then in the store, and markers commit in order, so the cursor
// never moves back. A restarted collector resumes there; what it publishes again is dropped by
// JetStream's duplicate window (same Nats-Msg-Id) or absorbed by the idempotent store.
import { jetstream, type JetStreamClient, type PubAck } from "@nats-io/jetstream";
import type { NatsConnection } from "@nats-io/transport-node";
import { toVoxpopError } from "../core/index.ts";
import { endWithError, newStats, storyCursorKey, type IngestStats } from "../pipeline/index.ts";
import type { Source, SourceItem } from "../sources/index.ts";
import type { Store } from "../store/index.ts";
import { connectBus, ensureStream, jetstreamManager, resolveNames, type StreamOptions } from "./connection.ts";
import { encodeContext, encodeItem, encodeMarker, type BusContext, type CollectorResult, type EncodedItem } from "./envelope.ts";
import { normalizerSpecOf, type NormalizerSpec } from "./normalizers.ts";
import { itemSubject, messageId, sha256Hex } from "./subjects.ts";

export interface BusSourceContext {
  /** The store the workers write to: the collector reads its cursor there to resume. */
  store: Store;
  story: string;
  /** Every post of this source belongs to the story (a file imported into it). */
  acceptAll?: boolean;
  /**
   * The story rules' raw prefilter (src/pipeline/rules.ts): a JSON item it rules out is not sent
   * (most of a network stream is about something else); it still moves the cursor.
   */
  prefilter?: ((raw: string) => boolean) | null;
  /** Posts need their authors' handles from the AppView (Jetstream, firehose): the worker fills them in. */
  needProfiles?: boolean;
  /** The story subjects' Bluesky DIDs, resolved by the collector. */
  subjectIds?: string[];
  /** Accounts the user counts as notable. */
  notable?: string[];
  /** The normalizer descriptor; default: `normalizerSpecOf(source)`. */
  normalizer?: NormalizerSpec;
}

export interface BusPublishStats extends IngestStats {
  /** Items (and cursor markers) JetStream stored. */
  published: number;
  /** Items JetStream already had (same message id within its duplicate window). */
  alreadyOnBus: number;
  /** Items larger than the server's max_payload, sent as errors (quarantined by the worker). */
  tooLarge: number;
}

export interface PublisherOptions extends StreamOptions {
  url: string | string[];
  /** Items published and not yet acknowledged by JetStream (default 512). */
  maxInFlight?: number;
  /** How often the safe cursor is sent (a marker) while it moves (default 1 s). */
  markerMs?: number;
  /** An open connection to use (closed by its owner); otherwise one is opened. */
  connection?: NatsConnection;
}

export interface BusPublisher {
  /** Reads `source` until it ends or `signal` aborts, publishing every item. Rejects only on a store failure. */
  publishSource(source: Source, ctx: BusSourceContext, signal: AbortSignal, stats?: IngestStats): Promise<BusPublishStats>;
  close(): Promise<void>;
}

/** Connects, makes sure the stream exists, and returns a publisher for `runCollect`. */
export async function openBusPublisher(options: PublisherOptions): Promise<BusPublisher> {
  const names = resolveNames(options);
  const nc = options.connection ?? (await connectBus(options.url, { name: `voxpop collect ${process.pid}` }));
  try {
    await ensureStream(await jetstreamManager(nc), options);
  } catch (err) {
    if (!options.connection) await nc.close().catch(() => {});
    throw err;
  }
  const js = jetstream(nc);
  return {
    publishSource: (source, ctx, signal, stats) => publishSourceToBus({ nc, js, ...names, maxInFlight: options.maxInFlight, markerMs: options.markerMs }, source, ctx, signal, stats),
    async close() {
      if (!options.connection) await nc.drain().catch(() => {});
    },
  };
}

export interface PublishTarget {
  nc: NatsConnection;
  js: JetStreamClient;
  subjectPrefix: string;
  maxInFlight?: number;
  markerMs?: number;
}

interface Flight {
  /** The safe cursor once this message is acknowledged (its item's cursor; a marker's own). */
  cursor: string | null;
  id: string;
  msg: EncodedItem;
  ack: Promise<PubAck>;
  /** An item the prefilter ruled out: nothing was sent, it only holds its place in read order. */
  skipped?: boolean;
}

const PUBLISH_TIMEOUT_MS = 10_000;

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const t = setTimeout(done, ms);
    function done() {
      clearTimeout(t);
      signal.removeEventListener("abort", done);
      resolve();
    }
    signal.addEventListener("abort", done, { once: true });
  });
}

function headerBytes(msg: EncodedItem): number {
  let n = 12;
  for (const [k, v] of msg.headers) n += k.length + 4 + v.reduce((a, s) => a + s.length, 0);
  return n;
}

/** The function form of `BusPublisher.publishSource`, on an existing connection. */
export async function publishSourceToBus(target: PublishTarget, source: Source, ctx: BusSourceContext, signal: AbortSignal, given?: IngestStats): Promise<BusPublishStats> {
  const stats = Object.assign(given ?? newStats(source), { published: 0, alreadyOnBus: 0, tooLarge: 0 }) as BusPublishStats;
  const maxInFlight = Math.max(1, target.maxInFlight ?? 512);
  const markerMs = Math.max(10, target.markerMs ?? 1000);
  const spec = ctx.normalizer ?? normalizerSpecOf(source);
  const context: BusContext = {
    v: 1, story: ctx.story, source: source.name, kind: source.kind, uri: source.uri, mode: source.mode, normalizer: spec,
    acceptAll: ctx.acceptAll ?? false, needProfiles: ctx.needProfiles ?? false, subjectIds: ctx.subjectIds ?? [], notable: ctx.notable ?? [],
  };
  const contextHeader = encodeContext(context);
  const subject = itemSubject(target.subjectPrefix, ctx.story, source.name);
  // A restart resumes where the workers' last commit left it; everything before is in the store.
  let safe: string | null = stats.lastCursor ?? (await ctx.store.getCursor(storyCursorKey(ctx.story, source.name)));
  /** The safe cursor the last marker carried. */
  let sentSafe = safe;
  const window: Flight[] = [];
  let ordinal = 0;
  let readerDone = false;
  // The settler waits for messages to settle, the reader for room in the window.
  let wakeSettler: (() => void) | null = null;
  let wakeReader: (() => void) | null = null;
  const poke = () => {
    const s = wakeSettler;
    const r = wakeReader;
    wakeSettler = wakeReader = null;
    s?.();
    r?.();
  };

  const send = (f: Pick<Flight, "id" | "msg">): Promise<PubAck> => {
    const p = target.js.publish(subject, f.msg.data, { msgID: f.id, headers: f.msg.headers, timeout: PUBLISH_TIMEOUT_MS });
    p.catch(() => { /* awaited in order by the settler */ });
    return p;
  };
  const markerId = (cursor: string) => messageId(ctx.story, source.name, `marker:${cursor}`, "", 0);
  const push = (cursor: string | null, id: string, msg: EncodedItem) => {
    window.push({ cursor, id, msg, ack: send({ id, msg }) });
    poke();
  };

  // Settles messages in read order; the safe cursor only moves past acknowledged ones.
  let aborted = false;
  const settler = (async () => {
    for (;;) {
      const f = window[0];
      if (!f) {
        if (readerDone) return;
        await new Promise<void>((r) => { wakeSettler = r; });
        continue;
      }
      for (let attempt = 1; ; attempt++) {
        try {
          const ack = await f.ack;
          if (f.skipped) break;
          if (ack.duplicate) stats.alreadyOnBus++;
          else stats.published++;
          break;
        } catch (err) {
          if (signal.aborted) { aborted = true; return; }
          const wait = Math.min(5000, 100 * 2 ** Math.min(attempt, 6));
          stats.status = { state: "waiting", detail: `NATS: ${(err as Error).message}; publishing again in ${Math.ceil(wait / 100) / 10} s` };
          await sleep(wait, signal);
          if (signal.aborted) { aborted = true; return; }
          f.ack = send(f);
        }
      }
      window.shift();
      if (f.cursor !== null) safe = stats.lastCursor = f.cursor;
      poke();
    }
  })();

  // The safe cursor, as it moves: the workers commit it once everything before it is stored.
  const markers = setInterval(() => {
    if (safe !== null && safe !== sentSafe) {
      const id = markerId(safe);
      push(safe, id, encodeMarker(contextHeader, context, safe, id));
      sentSafe = safe;
    }
  }, markerMs);
  markers.unref?.();

  const publishItem = (item: SourceItem) => {
    let result: CollectorResult = null;
    if (spec.id === "collector" && !item.error) {
      try {
        result = { normalized: source.normalize(item) };
      } catch (err) {
        const e = toVoxpopError(err);
        result = { error: { code: e.code, reason: e.message } };
      }
    }
    ordinal = item.cursor === null ? ordinal + 1 : 0;
    const payloadHash = sha256Hex(item.raw.payload);
    const id = messageId(ctx.story, source.name, item.cursor, payloadHash, ordinal);
    let msg = encodeItem(contextHeader, context, item, safe, id, result);
    const max = target.nc.info?.max_payload ?? 1024 * 1024;
    const size = msg.data.length + headerBytes(msg);
    if (size > max) {
      // The item cannot travel: the worker quarantines it with this reason and its first bytes.
      stats.tooLarge++;
      const head = typeof item.raw.payload === "string" ? item.raw.payload.slice(0, 16_384) : item.raw.payload.subarray(0, 16_384);
      msg = encodeItem(contextHeader, context, {
        raw: { payload: head, contentType: item.raw.contentType }, cursor: item.cursor, via: item.via ?? null,
        error: { code: "INPUT_TOO_LARGE", reason: `an item of ${size} bytes is larger than the NATS server's max_payload (${max} bytes; its first 16 KiB are kept): raise max_payload on the server` },
      }, safe, id);
    }
    push(item.cursor, id, msg);
  };

  try {
    for await (const item of source.read(safe, signal)) {
      stats.status = source.status ? source.status() : { state: "open" };
      stats.fetched++;
      const prefilter = ctx.acceptAll ? null : ctx.prefilter;
      if (prefilter && !item.error && typeof item.raw.payload === "string" && item.raw.contentType.startsWith("application/json") && !prefilter(item.raw.payload)) {
        // Nothing about the story in it: not sent, but its place keeps the safe cursor in read order.
        stats.unmatched++;
        window.push({ cursor: item.cursor, id: "", msg: null as unknown as EncodedItem, ack: Promise.resolve(null as unknown as PubAck), skipped: true });
        poke();
      } else publishItem(item);
      while (window.length >= maxInFlight && !aborted) await new Promise<void>((r) => { wakeReader = r; });
      if (signal.aborted || aborted) break;
    }
    stats.status = { state: "done" };
  } catch (err) {
    endWithError(stats, err, signal);
  } finally {
    clearInterval(markers);
    readerDone = true;
    poke();
    await settler;
    // The end of what was read: the workers commit this cursor even if no item follows.
    if (!aborted && safe !== null && safe !== sentSafe) {
      const id = markerId(safe);
      try {
        const ack = await send({ id, msg: encodeMarker(contextHeader, context, safe, id) });
        if (ack.duplicate) stats.alreadyOnBus++;
        else stats.published++;
      } catch {
        // Not sent: the next run re-reads a little from the last committed cursor.
      }
    }
    if (aborted && !stats.error) stats.status = { state: "done", detail: "stopped before every item was on the bus; the next run re-reads them" };
  }
  return stats;
}

