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
import { toVoxpopError, type ArticleMeta, type CollectedPost } from "../core/index.ts";
import { DEDUPE_VERSION, toEnrichInput, type DedupeIndex, type EnrichContext, type Pipeline } from "../enrich/index.ts";
import type { PostAnnotations, QuarantineInput, RawPayload, SaveBatch, Store, StoryMatch } from "../store/index.ts";
import type { Source, SourceItem, SourceStatus } from "../sources/index.ts";
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

interface Pending {
  posts: CollectedPost[];
  annotations: Array<PostAnnotations | null>;
  raws: Array<RawPayload | null>;
  matches: Array<StoryMatch | null>;
  sourceUris: Array<string | null>;
  quarantine: QuarantineInput[];
  cursor: string | null;
  items: number;
}

function emptyPending(): Pending {
  return { posts: [], annotations: [], raws: [], matches: [], sourceUris: [], quarantine: [], cursor: null, items: 0 };
}

/** The store key of a story's cursor in a source. */
export function storyCursorKey(story: string, source: string): string {
  return `${story}\u001f${source}`;
}

export function newStats(source: Source, now = Date.now()): IngestStats {
  return {
    source: source.name, mode: source.mode, fetched: 0, matched: 0, stored: 0, duplicates: 0, quarantined: 0, unmatched: 0,
    lastCursor: null, startedAt: now, status: { state: "connecting" }, error: null,
  };
}

/**
 * Reads one source until it ends or `signal` aborts, storing as it goes. Resolves with the final
 * counters; rejects only when the store itself fails (nothing more could be saved).
 */
export async function ingestSource(source: Source, ctx: IngestContext, signal: AbortSignal, stats = newStats(source)): Promise<IngestStats> {
  const batchSize = ctx.batchSize ?? 500;
  const flushMs = ctx.flushMs ?? 1000;
  const now = ctx.now ?? Date.now;
  // Each story keeps its own position in a source: two stories following the same stream each
  // read all of it (their rules differ), so one must never move the other's cursor.
  const cursorKey = storyCursorKey(ctx.story, source.name);
  let pending = emptyPending();
  let lastFlush = now();
  let chain: Promise<void> = Promise.resolve();

  const flush = (): Promise<void> => {
    const batch = pending;
    pending = emptyPending();
    lastFlush = now();
    if (batch.items === 0) return chain;
    chain = chain.then(async () => {
      if (ctx.completePosts && batch.posts.length) await ctx.completePosts(batch.posts).catch(() => {});
      const saved = await ctx.store.savePosts({
        posts: batch.posts,
        annotations: batch.annotations,
        raws: batch.raws,
        matches: batch.matches,
        sourceUris: batch.sourceUris,
        quarantine: batch.quarantine,
        source: { kind: source.kind, uri: source.uri },
        story: ctx.story,
        cursor: batch.cursor === null ? null : { source: cursorKey, cursor: batch.cursor },
      } satisfies SaveBatch);
      stats.stored += saved.inserted;
      stats.duplicates += saved.updated + saved.unchanged;
      stats.quarantined += batch.quarantine.length;
      if (batch.cursor !== null) stats.lastCursor = batch.cursor;
    });
    return chain;
  };

  // A slow live stream still reaches the store within flushMs.
  const timer = setInterval(() => {
    if (pending.items > 0 && now() - lastFlush >= flushMs) void flush().catch(() => { /* reported by the next await */ });
  }, Math.max(50, Math.floor(flushMs / 2)));
  timer.unref?.();

  const quarantine = (item: SourceItem, code: string, reason: string) => {
    pending.quarantine.push({ source: source.name, code, reason, payload: item.raw.payload, story: ctx.story });
  };

  const take = async (item: SourceItem) => {
    stats.fetched++;
    pending.items++;
    if (item.cursor !== null) pending.cursor = item.cursor;
    if (item.error) {
      quarantine(item, item.error.code, item.error.reason);
    } else if (!ctx.acceptAll && ctx.prefilter && typeof item.raw.payload === "string" && item.raw.contentType.startsWith("application/json") && !ctx.prefilter(item.raw.payload)) {
      stats.unmatched++;
    } else {
      let normalized;
      try {
        normalized = source.normalize(item);
      } catch (err) {
        const e = toVoxpopError(err);
        quarantine(item, e.code, e.message);
        normalized = null;
      }
      if (normalized) {
        // An article is stored in its own transaction: the batch carries one article.
        if (normalized.article) {
          await flush();
          pending.items++;
          pending.cursor = item.cursor;
        }
        const fallback = fallbackMatch(normalized.article ?? null, item, ctx);
        normalized.posts.forEach((post, i) => {
          const match = ctx.matcher(post) ?? fallback;
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
          const batch = pending;
          pending = emptyPending();
          chain = chain.then(async () => {
            const saved = await ctx.store.savePosts({
              posts: batch.posts, annotations: batch.annotations, matches: batch.matches,
              raw: { payload: item.raw.payload, contentType: item.raw.contentType },
              article, source: { kind: source.kind, uri: item.via ?? source.uri }, story: ctx.story,
              cursor: item.cursor === null ? null : { source: cursorKey, cursor: item.cursor },
            });
            stats.stored += saved.inserted;
            stats.duplicates += saved.updated + saved.unchanged;
            if (item.cursor !== null) stats.lastCursor = item.cursor;
          });
          await chain;
          return;
        }
      }
    }
    if (pending.posts.length >= batchSize || pending.items >= batchSize * 40 || now() - lastFlush >= flushMs) await flush();
  };

  try {
    for await (const item of source.read(stats.lastCursor ?? (await ctx.store.getCursor(cursorKey)), signal)) {
      if (source.status) stats.status = source.status();
      await take(item);
      if (signal.aborted) break;
    }
    stats.status = { state: "done" };
  } catch (err) {
    const e = toVoxpopError(err);
    if (e.code === "STORE_ERROR") throw e;
    if (e.code === "FETCH_ABORTED" && signal.aborted) {
      stats.status = { state: "done", detail: "stopped" };
    } else {
      stats.error = `${e.code}: ${e.message}`;
      stats.status = { state: "done", detail: stats.error };
    }
  } finally {
    clearInterval(timer);
    await flush();
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
