// `voxpop worker`: the consuming side of the bus. Any number of workers, on any machines, pull
// from one durable JetStream consumer (so they split the messages between them), and each item
// goes through the same ItemIngester as in-process collection: normalize (the registry in
// normalizers.ts, or the collector's result), story rules, enrichment, dedupe, and one store
// transaction per batch that also carries the source's safe cursor (see publisher.ts).
//
// Acknowledgement follows the store: a message is acked only once the transaction holding it has
// committed (and with work-queue retention, acked means deleted from the stream). Cursors come
// only in the collector's markers, committed once no older message is left on the subject, so a
// cursor never gets ahead of what the store has, and never moves back; when the store fails, the batch's messages are nak'ed with a delay and come back.
// A worker killed at any moment leaves its unacked messages to be delivered again after the ack
// wait, and storing them again is harmless (posts are upserted by platform and id; a redelivered
// bad item is not quarantined twice: the worker checks the quarantine before storing one). A message that is
// not a voxpop item at all is quarantined and acked, never redelivered for ever.
import { jetstream, type JsMsg } from "@nats-io/jetstream";
import type { NatsConnection } from "@nats-io/transport-node";
import { toVoxpopError, VoxpopError, type CollectedPost } from "../core/index.ts";
import { DedupeIndex, type Pipeline } from "../enrich/index.ts";
import { compileRawPrefilter, compileRules, ItemIngester, newStats, type IngestHooks, type IngestStats } from "../pipeline/index.ts";
import type { NormalizedItem, SourceItem } from "../sources/index.ts";
import type { QuarantineInput, SaveBatch, Store } from "../store/index.ts";
import { connectBus, ensureConsumer, ensureStream, jetstreamManager, resolveNames, type ConsumerOptions } from "./connection.ts";
import { decodeItem, rethrow, type BusContext, type DecodedItem } from "./envelope.ts";
import { normalizerFor, type Normalize } from "./normalizers.ts";
import { sha256Hex } from "./subjects.ts";

export interface WorkerOptions extends ConsumerOptions {
  url: string | string[];
  store: Store;
  pipeline: Pipeline;
  /** Aborting drains: what was read is stored and acknowledged, the rest goes back to the stream. */
  signal: AbortSignal;
  /** Posts per transaction (default 500) and the longest a message waits to be stored (default 1 s). */
  batchSize?: number;
  flushMs?: number;
  /** Delay before a message whose transaction failed is delivered again (default 5 s). */
  storeRetryMs?: number;
  /** Fills in authors' handles for Jetstream/firehose posts (the AppView); absent: not done. */
  completePosts?: (posts: CollectedPost[], signal?: AbortSignal) => Promise<void>;
  onNote?: (message: string) => void;
  /** Called once the consumer is pulling. */
  onReady?: () => void;
  /** Live counters (a progress display reads them); a new object otherwise. */
  stats?: WorkerStats;
  /** An open connection to use (closed by its owner). */
  connection?: NatsConnection;
}

export interface WorkerStats {
  startedAt: number;
  /** Messages received (redeliveries included). */
  received: number;
  acked: number;
  /** Messages handed back after a store failure (or at shutdown). */
  naked: number;
  redelivered: number;
  /** Cursor-only messages. */
  markers: number;
  /** Messages that were not voxpop items, quarantined. */
  malformed: number;
  /** One entry per story and source seen. */
  sources: IngestStats[];
  lastError: string | null;
}

export function newWorkerStats(now = Date.now()): WorkerStats {
  return { startedAt: now, received: 0, acked: 0, naked: 0, redelivered: 0, markers: 0, malformed: 0, sources: [], lastError: null };
}

interface Group {
  ingester: ItemIngester<JsMsg>;
  normalize: Normalize | null;
}

interface StoryState {
  dedupe: DedupeIndex;
  /** Story position up to which the dedupe index has the stored posts. */
  position: number;
  refreshedAt: number;
}

const NO_POSTS: Normalize = () => ({ posts: [] });
const MISSING_STORY_DELIVERIES = 5;

function quarantineKey(source: string, story: string | null, code: string, reason: string, hash: string | null): string {
  return JSON.stringify([source, story, code, reason, hash]);
}

/** Pulls and stores until `signal` aborts; resolves with the counters once drained. */
export async function runWorker(options: WorkerOptions): Promise<WorkerStats> {
  const stats = options.stats ?? newWorkerStats();
  const { store, pipeline, signal } = options;
  const batchSize = options.batchSize ?? 500;
  const flushMs = options.flushMs ?? 1000;
  const retryMs = options.storeRetryMs ?? 5000;
  const note = (m: string) => options.onNote?.(m);
  const names = resolveNames(options);
  const nc = options.connection ?? (await connectBus(options.url, { name: `voxpop worker ${process.pid}` }));
  const groups = new Map<string, Group>();
  let jsm: Awaited<ReturnType<typeof jetstreamManager>> | null = null;
  const markerRetryMs = Math.max(50, Math.min(1000, flushMs));
  const stories = new Map<string, StoryState>();

  // Brings the story's dedupe index up to what the store holds (posts other workers stored too),
  // so near-duplicates are found across workers as they are within one collector.
  const storyState = async (story: string): Promise<StoryState> => {
    let state = stories.get(story);
    if (!state) {
      state = { dedupe: new DedupeIndex(), position: 0, refreshedAt: 0 };
      stories.set(story, state);
    }
    if (Date.now() - state.refreshedAt >= flushMs) {
      for (;;) {
        const page = await store.postsAfter(story, state.position, 500);
        for (const p of page) {
          if (p.text) state.dedupe.add(`${p.platform}:${p.id}`, p.text);
          state.position = Math.max(state.position, p.position);
        }
        if (page.length < 500) break;
      }
      state.refreshedAt = Date.now();
    }
    return state;
  };

  const hooks: IngestHooks<JsMsg> = {
    committed(tags) {
      for (const m of tags) m.ack();
      stats.acked += tags.length;
    },
    failed(tags, error) {
      for (const m of tags) m.nak(retryMs);
      stats.naked += tags.length;
      stats.lastError = `${error.code}: ${error.message}`;
      note(`the store refused a batch (${error.message}); its ${tags.length} messages will be delivered again in ${retryMs / 1000} s`);
    },
    async beforeSave(batch: SaveBatch) {
      // A batch delivered again may have been stored before the crash that lost its acks: its bad
      // items are then already in quarantine (posts need no such care: they are upserted). The
      // redelivered flag cannot tell: after a NATS server restart the consumer's delivery state
      // can be older than what was stored, and such messages come back as first deliveries. So
      // every batch that carries bad items is checked (bad items are rare; posts are not).
      if (!batch.quarantine?.length) return;
      const have = new Set((await store.listQuarantine()).map((q) => quarantineKey(q.source, q.story, q.code, q.reason, q.payloadHash)));
      batch.quarantine = batch.quarantine.filter((q) => !have.has(quarantineKey(q.source, q.story ?? null, q.code, q.reason, q.payload == null ? null : sha256Hex(q.payload))));
    },
  };

  const quarantineMessage = async (m: JsMsg, item: QuarantineInput): Promise<void> => {
    try {
      const hash = item.payload == null ? null : sha256Hex(item.payload);
      // checked whatever the redelivered flag says (see beforeSave)
      const known = (await store.listQuarantine()).some((q) => quarantineKey(q.source, q.story, q.code, q.reason, q.payloadHash) === quarantineKey(item.source, item.story ?? null, item.code, item.reason, hash));
      if (!known) await store.quarantine(item);
      m.ack();
      stats.acked++;
    } catch (err) {
      m.nak(retryMs);
      stats.naked++;
      stats.lastError = toVoxpopError(err, "STORE_ERROR").message;
    }
  };

  const groupFor = async (context: BusContext, m: JsMsg, marker: boolean): Promise<Group | null> => {
    const key = JSON.stringify(context);
    const known = groups.get(key);
    if (known) return known;
    const story = await store.getStory(context.story);
    if (!story) {
      if (marker && m.info.deliveryCount >= MISSING_STORY_DELIVERIES) {
        m.ack(); // a cursor for a story this store does not have: nothing to keep
        stats.acked++;
        return null;
      }
      const reason = `story "${context.story}" is not in this worker's store (is the worker's --db the collector's?)`;
      if (m.info.deliveryCount >= MISSING_STORY_DELIVERIES) {
        await quarantineMessage(m, { source: context.source, code: "NOT_FOUND", reason, payload: m.data, story: null });
      } else {
        note(reason);
        m.nak(retryMs);
        stats.naked++;
      }
      return null;
    }
    const ruleSet = { ...story.rules, subjects: story.subjects, subjectIds: context.subjectIds };
    const notable = new Set(context.notable.map((h) => h.trim().replace(/^@/, "").toLowerCase()).filter(Boolean));
    const ingestStats = newStats({ name: context.source, mode: context.mode });
    ingestStats.status = { state: "open", detail: `story ${context.story}` };
    stats.sources.push(ingestStats);
    const { dedupe } = await storyState(story.name);
    const complete = options.completePosts;
    const ingester = new ItemIngester<JsMsg>({ name: context.source, kind: context.kind, uri: context.uri }, {
      store, story: story.name, pipeline, dedupe, batchSize, flushMs,
      matcher: compileRules(ruleSet),
      prefilter: compileRawPrefilter(ruleSet),
      enrichContext: { subjects: story.subjects, notable },
      acceptAll: context.acceptAll,
      completePosts: context.needProfiles && complete ? (posts) => complete(posts, signal) : undefined,
    }, ingestStats, hooks);
    const group = { ingester, normalize: normalizerFor(context.normalizer) };
    groups.set(key, group);
    return group;
  };

  const normalizeOf = (decoded: DecodedItem, group: Group): Normalize => {
    if (decoded.marker) return NO_POSTS;
    const result = decoded.collector;
    if (result && "normalized" in result) return (): NormalizedItem => result.normalized;
    if (result && "error" in result) return () => rethrow(result.error);
    return group.normalize ?? (() => { throw new VoxpopError("PARSE_ERROR", "the collector sent neither a normalized result nor a known normalizer"); });
  };

  const handle = async (m: JsMsg): Promise<void> => {
    stats.received++;
    if (m.info.redelivered) stats.redelivered++;
    let decoded: DecodedItem;
    try {
      decoded = decodeItem(m.headers, m.data);
    } catch (err) {
      const e = toVoxpopError(err);
      stats.malformed++;
      await quarantineMessage(m, { source: `bus ${m.subject}`, code: e.code, reason: e.message, payload: m.data, story: null });
      return;
    }
    const group = await groupFor(decoded.context, m, decoded.marker);
    if (!group) return;
    if (decoded.marker) {
      stats.markers++;
      // A cursor is committed only once every item before it is stored: this worker's own first,
      // then the stream must hold nothing older on this subject (other workers ack after they commit).
      await group.ingester.flush();
      await nc.flush();
      const oldest = await jsm!.direct.getMessage(names.stream, { next_by_subj: m.subject, seq: 1 }).catch(() => null);
      if (!oldest || oldest.seq < m.seq) {
        m.nak(markerRetryMs);
        stats.naked++;
        return;
      }
    }
    await storyState(decoded.context.story);
    const item: SourceItem = decoded.item;
    await group.ingester.take(item, normalizeOf(decoded, group), m);
    if (decoded.marker) await group.ingester.flush();
  };

  let timer: ReturnType<typeof setInterval> | null = null;
  try {
    jsm = await jetstreamManager(nc);
    await ensureStream(jsm, options);
    const durable = await ensureConsumer(jsm, { ...options, maxAckPending: options.maxAckPending ?? 100_000 });
    const consumer = await jetstream(nc).consumers.get(names.stream, durable);
    const messages = await consumer.consume({ max_messages: Math.max(100, Math.min(5000, batchSize * 2)) });
    const stop = () => { void messages.close().catch(() => {}); };
    if (signal.aborted) stop();
    signal.addEventListener("abort", stop, { once: true });
    // A quiet stream still reaches the store (and is acknowledged) within flushMs.
    timer = setInterval(() => {
      for (const g of groups.values()) void g.ingester.flushIfDue().catch(() => {});
    }, Math.max(50, Math.floor(flushMs / 2)));
    options.onReady?.();
    for await (const m of messages) {
      if (signal.aborted) {
        // Pulled but not taken: straight back to the stream for another worker.
        m.nak();
        stats.naked++;
        continue;
      }
      try {
        await handle(m);
      } catch (err) {
        // A store read failed (the story, the dedupe index): this message comes back later.
        m.nak(retryMs);
        stats.naked++;
        stats.lastError = toVoxpopError(err, "STORE_ERROR").message;
      }
    }
    signal.removeEventListener("abort", stop);
  } finally {
    if (timer) clearInterval(timer);
    // Store what was taken; each batch's messages are acked as it commits.
    await Promise.all([...groups.values()].map((g) => g.ingester.flush().catch(() => {})));
    for (const s of stats.sources) s.status = { state: "done" };
    if (!options.connection) await nc.drain().catch(() => nc.close());
    else await nc.flush().catch(() => {});
  }
  return stats;
}
