// The ingest runner: source → normalize → story rules → enrich → dedupe → store, for one source,
// in batches. It is what makes collecting safe to interrupt:
// - a batch's posts, its quarantined items and the source cursor after its last item are stored
//   in ONE transaction, so a kill at any moment loses nothing and a rerun (which resumes from the
//   stored cursor) re-reads at most one batch, which the idempotent store absorbs;
// - a bad item (an undecodable frame, a malformed record, an article that failed to fetch) is
//   quarantined with its payload and reason, and the rest goes on;
// - posts that match no story rule are not stored (a live network stream is mostly unrelated),
//   but their items still move the cursor forward.
// Counters are live objects a progress display can read at any time.
import { toVoxpopError, type ArticleMeta, type CollectedPost, type VoxpopError } from "../core/index.ts";
import { DEDUPE_VERSION, toEnrichInput, type DedupeIndex, type EnrichContext, type Pipeline } from "../enrich/index.ts";
import type { PostAnnotations, QuarantineInput, RawPayload, SaveBatch, Store, StoryMatch } from "../store/index.ts";
import type { NormalizedItem, Source, SourceItem, SourceStatus } from "../sources/index.ts";
import type { Matcher } from "./rules.ts";

export interface IngestStats {
  source: string;
  mode: Source["mode"];
  /** Items read from the source. */
  fetched: number;
  /** Posts that matched the story. */
  matched: number;
  /** New posts stored. */
  stored: number;
  /** Matched posts the store already had (replays, reposts seen twice, overlaps between sources). */
  duplicates: number;
  quarantined: number;
  /** Posts that matched no story rule (not stored). */
  unmatched: number;
  lastCursor: string | null;
  startedAt: number;
  status: SourceStatus;
  /** Set when the source ended with an error (the others go on). */
  error: string | null;
}

export interface IngestContext {
  store: Store;
  story: string;
  matcher: Matcher;
  pipeline: Pipeline;
  enrichContext: EnrichContext;
  /** Shared by every source of the run, so a post seen by two sources collapses once. */
  dedupe: DedupeIndex;
  /** Posts per transaction (default 500) and the longest a read item waits to be stored (default 1 s). */
  batchSize?: number;
  flushMs?: number;
  /**
   * Every post this source yields belongs to the story, whether or not a rule matches (a file the
   * user chose to import into it). Rules still set the role and, where they match, the relevance.
   */
  acceptAll?: boolean;
  /**
   * Fills in what a stream leaves out (a Bluesky author's handle and name from their DID) on the
   * posts about to be stored; best effort, never throws.
   */
  completePosts?: (posts: CollectedPost[], signal?: AbortSignal) => Promise<void>;
  /** compileRawPrefilter's first pass over JSON payloads (rules.ts); null or absent: none. */
  prefilter?: ((raw: string) => boolean) | null;
  now?: () => number;
}

interface Pending<T> {
  posts: CollectedPost[];
  annotations: Array<PostAnnotations | null>;
  raws: Array<RawPayload | null>;
  matches: Array<StoryMatch | null>;
  sourceUris: Array<string | null>;
  quarantine: QuarantineInput[];
  cursor: string | null;
  items: number;
  /** The callers' handles on the items in this batch (the bus worker's messages, to acknowledge). */
  tags: T[];
}

function emptyPending<T>(): Pending<T> {
  return { posts: [], annotations: [], raws: [], matches: [], sourceUris: [], quarantine: [], cursor: null, items: 0, tags: [] };
}

/** The store key of a story's cursor in a source. */
export function storyCursorKey(story: string, source: string): string {
  return `${story}\u001f${source}`;
}

export function newStats(source: Pick<Source, "name" | "mode">, now = Date.now()): IngestStats {
  return {
    source: source.name, mode: source.mode, fetched: 0, matched: 0, stored: 0, duplicates: 0, quarantined: 0, unmatched: 0,
    lastCursor: null, startedAt: now, status: { state: "connecting" }, error: null,
  };
}

/** Where items come from, as the store records it: the source's cursor key and provenance. */
export interface ItemOrigin {
  name: string;
  kind: string;
  uri: string;
}

/**
 * How an ItemIngester reports its transactions. Without `failed`, a store failure rejects the
 * next `take`/`flush` and every later batch is dropped (the in-process runner stops); with it, the
 * failure is handed over with the batch's tags and the ingester goes on (the bus worker
 * redelivers those items).
 */
export interface IngestHooks<T> {
  /** A batch's transaction committed; `tags` are its items' tags, in take order. */
  committed?(tags: T[]): void;
  failed?(tags: T[], error: VoxpopError): void;
  /** Last look at a batch before it is saved (the bus worker drops quarantine rows the store already has). */
  beforeSave?(batch: SaveBatch, tags: T[]): Promise<void>;
}

/**
 * The per-item half of the runner, shared by `ingestSource` (in process) and the bus worker:
 * normalize → story rules → enrich → pending batch → one SaveBatch transaction carrying the
 * batch's posts, its quarantined items and the cursor after its last item. An article item is
 * stored in its own transaction. Batches are saved in order, one after the other.
 */
export class ItemIngester<T = undefined> {
  readonly #origin: ItemOrigin;
  readonly #ctx: IngestContext;
  readonly #stats: IngestStats;
  readonly #hooks: IngestHooks<T>;
  readonly #cursorKey: string;
  readonly #batchSize: number;
  readonly #flushMs: number;
  readonly #now: () => number;
  #pending: Pending<T> = emptyPending();
  #lastFlush: number;
  #chain: Promise<void> = Promise.resolve();

  constructor(origin: ItemOrigin, ctx: IngestContext, stats: IngestStats, hooks: IngestHooks<T> = {}) {
    this.#origin = origin;
    this.#ctx = ctx;
    this.#stats = stats;
    this.#hooks = hooks;
    // Each story keeps its own position in a source: two stories following the same stream each
    // read all of it (their rules differ), so one must never move the other's cursor.
    this.#cursorKey = storyCursorKey(ctx.story, origin.name);
    this.#batchSize = ctx.batchSize ?? 500;
    this.#flushMs = ctx.flushMs ?? 1000;
    this.#now = ctx.now ?? Date.now;
    this.#lastFlush = this.#now();
  }

  /** Items read but not yet handed to the store. */
  get pendingItems(): number {
    return this.#pending.items;
  }

  /** Saves `save` after the batches before it; reports through the hooks. */
  #save(tags: T[], save: () => Promise<void>): Promise<void> {
    const hooks = this.#hooks;
    this.#chain = this.#chain.then(async () => {
      try {
        await save();
      } catch (err) {
        if (!hooks.failed) throw err;
        hooks.failed(tags, toVoxpopError(err, "STORE_ERROR"));
        return;
      }
      hooks.committed?.(tags);
    });
    return this.#chain;
  }

  /** Hands the pending batch to the store (after the batches before it). */
  flush(): Promise<void> {
    const batch = this.#pending;
    this.#pending = emptyPending();
    this.#lastFlush = this.#now();
    if (batch.items === 0) return this.#chain;
    const { store, story, completePosts } = this.#ctx;
    const stats = this.#stats;
    return this.#save(batch.tags, async () => {
      if (completePosts && batch.posts.length) await completePosts(batch.posts).catch(() => {});
      const save: SaveBatch = {
        posts: batch.posts,
        annotations: batch.annotations,
        raws: batch.raws,
        matches: batch.matches,
        sourceUris: batch.sourceUris,
        quarantine: batch.quarantine,
        source: { kind: this.#origin.kind, uri: this.#origin.uri },
        story,
        cursor: batch.cursor === null ? null : { source: this.#cursorKey, cursor: batch.cursor },
      };
      await this.#hooks.beforeSave?.(save, batch.tags);
      const saved = await store.savePosts(save);
      stats.stored += saved.inserted;
      stats.duplicates += saved.updated + saved.unchanged;
      stats.quarantined += save.quarantine?.length ?? 0;
      if (batch.cursor !== null) stats.lastCursor = batch.cursor;
    });
  }

  /** Flushes when something has waited `flushMs` (a slow live stream still reaches the store). */
  flushIfDue(): Promise<void> {
    if (this.#pending.items > 0 && this.#now() - this.#lastFlush >= this.#flushMs) return this.flush();
    return this.#chain;
  }

  #quarantine(item: SourceItem, code: string, reason: string): void {
    this.#pending.quarantine.push({ source: this.#origin.name, code, reason, payload: item.raw.payload, story: this.#ctx.story });
  }

  /** One item: normalized by `normalize` (a Source's own, or the bus worker's registry). */
  async take(item: SourceItem, normalize: (item: SourceItem) => NormalizedItem, tag?: T): Promise<void> {
    const ctx = this.#ctx;
    const stats = this.#stats;
    stats.fetched++;
    this.#pending.items++;
    if (item.cursor !== null) this.#pending.cursor = item.cursor;
    if (item.error) {
      this.#quarantine(item, item.error.code, item.error.reason);
    } else if (!ctx.acceptAll && ctx.prefilter && typeof item.raw.payload === "string" && item.raw.contentType.startsWith("application/json") && !ctx.prefilter(item.raw.payload)) {
      stats.unmatched++;
    } else {
      let normalized;
      try {
        normalized = normalize(item);
      } catch (err) {
        const e = toVoxpopError(err);
        this.#quarantine(item, e.code, e.message);
        normalized = null;
      }
      if (normalized) {
        // An article is stored in its own transaction: the batch carries one article.
        if (normalized.article) {
          await this.flush();
          this.#pending.items++;
          this.#pending.cursor = item.cursor;
        }
        const fallback = fallbackMatch(normalized.article ?? null, item, ctx);
        const pending = this.#pending;
        normalized.posts.forEach((post, i) => {
          let match = ctx.matcher(post) ?? fallback;
          // A restored export keeps its subject posts as subject posts (a role only ever upgrades).
          if (match && match.role !== "subject" && normalized.roles?.[i] === "subject") match = { ...match, role: "subject" };
          if (!match) { stats.unmatched++; return; }
          stats.matched++;
          const carried = normalized.annotations?.[i] ?? null;
          pending.posts.push(post);
          pending.annotations.push(carried ?? enrich(post, ctx));
          pending.raws.push({ payload: item.raw.payload, contentType: item.raw.contentType });
          pending.matches.push(match);
          pending.sourceUris.push(item.via ?? null);
        });
        if (normalized.article) {
          const article = normalized.article;
          const batch = this.#pending;
          this.#pending = emptyPending();
          const tags = [...batch.tags, tag as T];
          await this.#save(tags, async () => {
            const save: SaveBatch = {
              posts: batch.posts, annotations: batch.annotations, matches: batch.matches,
              raw: { payload: item.raw.payload, contentType: item.raw.contentType },
              article, source: { kind: this.#origin.kind, uri: item.via ?? this.#origin.uri }, story: ctx.story,
              cursor: item.cursor === null ? null : { source: this.#cursorKey, cursor: item.cursor },
            };
            await this.#hooks.beforeSave?.(save, tags);
            const saved = await ctx.store.savePosts(save);
            stats.stored += saved.inserted;
            stats.duplicates += saved.updated + saved.unchanged;
            if (item.cursor !== null) stats.lastCursor = item.cursor;
          });
          return;
        }
      }
    }
    this.#pending.tags.push(tag as T);
    if (this.#pending.posts.length >= this.#batchSize || this.#pending.items >= this.#batchSize * 40 || this.#now() - this.#lastFlush >= this.#flushMs) await this.flush();
  }
}

/**
 * Reads one source until it ends or `signal` aborts, storing as it goes. Resolves with the final
 * counters; rejects only when the store itself fails (nothing more could be saved).
 */
/**
 * How a source's run ends when reading it threw: a store failure is rethrown (nothing may be
 * reported as stored that was not), Ctrl-C is a clean stop, anything else ends the source with
 * its error in the stats while the other sources go on.
 */
export function endWithError(stats: IngestStats, err: unknown, signal: AbortSignal): void {
  const e = toVoxpopError(err);
  if (e.code === "STORE_ERROR") throw e;
  if (e.code === "FETCH_ABORTED" && signal.aborted) {
    stats.status = { state: "done", detail: "stopped" };
  } else {
    stats.error = `${e.code}: ${e.message}`;
    stats.status = { state: "done", detail: stats.error };
  }
}

export async function ingestSource(source: Source, ctx: IngestContext, signal: AbortSignal, stats = newStats(source)): Promise<IngestStats> {
  const flushMs = ctx.flushMs ?? 1000;
  const ingester = new ItemIngester(source, ctx, stats);
  const normalize = (item: SourceItem) => source.normalize(item);

  // A slow live stream still reaches the store within flushMs.
  const timer = setInterval(() => {
    void ingester.flushIfDue().catch(() => { /* reported by the next await */ });
  }, Math.max(50, Math.floor(flushMs / 2)));
  timer.unref?.();

  try {
    for await (const item of source.read(stats.lastCursor ?? (await ctx.store.getCursor(storyCursorKey(ctx.story, source.name))), signal)) {
      if (source.status) stats.status = source.status();
      await ingester.take(item, normalize);
      if (signal.aborted) break;
    }
    stats.status = { state: "done" };
  } catch (err) {
    endWithError(stats, err, signal);
  } finally {
    clearInterval(timer);
    await ingester.flush();
  }
  return stats;
}

/**
 * How a post that matches no rule can still belong to the story: it came from a file the user
 * imported into it, or it is embedded in an article that matches the story's rules (an RSS item
 * about the story: its embedded posts are the reactions an editor quoted).
 */
function fallbackMatch(article: ArticleMeta | null, item: SourceItem, ctx: IngestContext): StoryMatch | null {
  if (ctx.acceptAll) return { role: "reaction", relevance: 1, reasons: ["imported into the story"] };
  if (!article) return null;
  const asPost: CollectedPost = {
    platform: "x", id: "article", url: article.url, author: { name: null, handle: null }, createdAt: article.publishedAt,
    dateText: null, text: `${article.title ?? ""}\n${article.text}`, links: [article.url ?? item.via ?? ""].filter(Boolean),
    mentions: [], position: 0, inArticle: true,
  };
  const m = ctx.matcher(asPost);
  return m ? { role: "reaction", relevance: m.relevance, reasons: m.reasons.map((r) => `in an article that matches (${r})`) } : null;
}

function enrich(post: CollectedPost, ctx: IngestContext): PostAnnotations | null {
  if (!post.text) return null;
  const stored: PostAnnotations = ctx.pipeline.enrich(toEnrichInput(post), ctx.enrichContext).stored;
  // Reposts and quotes collapse onto the original; the same text posted again onto its first copy.
  const key = `${post.platform}:${post.id}`;
  stored.dedupe = {
    version: DEDUPE_VERSION,
    data: ctx.dedupe.add(key, post.text, {
      repostOf: post.repostOf ? `${post.platform}:${post.repostOf}` : null,
      quoteOf: post.quoteOf ? `${post.platform}:${post.quoteOf}` : null,
    }),
  };
  return stored;
}
