// The reactions around a story's subject accounts: each subject's own posts in the story window
// (app.bsky.feed.getAuthorFeed, posts_no_replies, reposts left out), the replies under each of
// them (app.bsky.feed.getPostThread, flattened) and the posts quoting them
// (app.bsky.feed.getQuotes; an AppView without it gets a search for the post's URL instead).
//
// The cursor is JSON {s, feed, done}: the subject being read, the author-feed page, and how many
// of that page's posts are fully read (post, replies, quotes). A restart re-reads at most one
// subject post with its replies and quotes.
import { z } from "zod";
import { VoxpopError } from "../../core/index.ts";
import type { NormalizedItem, Source, SourceItem } from "../source.ts";
import { isPostView, normalizePostViewPayload, postViewItem, sortAt, type PostView } from "./postview.ts";
import { parseAtUri } from "./record.ts";
import type { Xrpc } from "./session.ts";

export interface SubjectThreadsOptions {
  xrpc: Xrpc;
  /** The subject accounts: handles (without "@") or DIDs. */
  subjects: string[];
  /** The story's window (ISO 8601); the subject's posts outside it are not followed. */
  since?: string | null;
  until?: string | null;
  /** Reply depth asked of getPostThread (default 10; the AppView caps it). */
  depth?: number;
  /** Subject posts per author-feed page (default 50). */
  pageSize?: number;
}

const feedPageSchema = z.looseObject({
  cursor: z.string().max(4096).optional(),
  feed: z.array(z.looseObject({ post: z.unknown(), reason: z.unknown().optional() })),
});
const threadSchema = z.looseObject({ thread: z.unknown() });
const quotesSchema = z.looseObject({ cursor: z.string().max(4096).optional(), posts: z.array(z.unknown()) });
const searchSchema = z.looseObject({ cursor: z.string().max(4096).optional(), posts: z.array(z.unknown()) });
const cursorSchema = z.object({ s: z.number().int().nonnegative(), feed: z.string().nullable(), done: z.number().int().nonnegative() });
type Position = z.infer<typeof cursorSchema>;

/** Replies under a thread node, depth first, as PostViews (blocked and deleted nodes skipped). */
export function flattenReplies(node: unknown, out: PostView[] = [], depth = 0): PostView[] {
  if (depth > 1000 || typeof node !== "object" || node === null) return out;
  const replies = (node as { replies?: unknown }).replies;
  if (!Array.isArray(replies)) return out;
  for (const reply of replies) {
    const post = (reply as { post?: unknown } | null)?.post;
    if (isPostView(post)) out.push(post);
    flattenReplies(reply, out, depth + 1);
  }
  return out;
}

function dateMs(value: string | null | undefined, name: string): number | null {
  if (value == null || value === "") return null;
  const ms = Date.parse(value);
  if (!Number.isFinite(ms)) throw new VoxpopError("INVALID_ARGUMENT", `Bluesky threads: ${name} is not a date: ${value}`);
  return ms;
}

export class BlueskySubjectThreadsSource implements Source {
  readonly name: string;
  readonly kind = "bluesky";
  readonly uri: string;
  readonly mode = "backfill" as const;
  readonly #options: SubjectThreadsOptions;
  readonly #since: number | null;
  readonly #until: number | null;
  /** Set when the AppView answered that it has no getQuotes: search by URL from then on. */
  #noQuotesMethod = false;

  constructor(options: SubjectThreadsOptions) {
    if (options.subjects.length === 0) throw new VoxpopError("INVALID_ARGUMENT", "Bluesky threads need at least one subject account");
    this.#options = options;
    this.#since = dateMs(options.since, "since");
    this.#until = dateMs(options.until, "until");
    this.uri = options.xrpc.service;
    this.name = `bluesky-threads ${options.xrpc.service} ${options.subjects.join(",")}${options.since ? ` since ${options.since}` : ""}`;
  }

  /** True once getQuotes turned out to be missing and quotes came from a search by URL. */
  get quotesBySearch(): boolean {
    return this.#noQuotesMethod;
  }

  async *read(cursor: string | null, signal: AbortSignal): AsyncIterable<SourceItem> {
    let pos: Position = cursor === null ? { s: 0, feed: null, done: 0 } : this.#parseCursor(cursor);
    const xrpc = this.#options.xrpc;
    while (pos.s < this.#options.subjects.length) {
      if (signal.aborted) throw new VoxpopError("FETCH_ABORTED", "cancelled");
      const actor = this.#options.subjects[pos.s]!.replace(/^@/, "");
      const data = await xrpc.query("app.bsky.feed.getAuthorFeed", { actor, filter: "posts_no_replies", limit: this.#options.pageSize ?? 50, cursor: pos.feed }, signal);
      const page = feedPageSchema.safeParse(data);
      if (!page.success) throw new VoxpopError("PARSE_ERROR", `getAuthorFeed answered an unexpected page for ${actor}`);
      const feed = page.data.feed;
      let olderThanWindow = false;
      for (let i = pos.done; i < feed.length; i++) {
        const entry = feed[i]!;
        const view = entry.post;
        // A repost's post is someone else's; a pinned post may sit outside the window.
        if (entry.reason !== undefined || !isPostView(view)) continue;
        const at = sortAt(view);
        if (at !== null && this.#until !== null && at > this.#until) continue;
        if (at !== null && this.#since !== null && at < this.#since) {
          olderThanWindow = true;
          continue;
        }
        const here = JSON.stringify({ ...pos, done: i });
        yield { raw: postViewItem(view), cursor: here };
        for (const reply of await this.#replies(view.uri, signal)) yield { raw: postViewItem(reply), cursor: here };
        for await (const quote of this.#quotes(view, signal)) yield { raw: postViewItem(quote), cursor: here };
        pos = { ...pos, done: i + 1 };
      }
      const more = page.data.cursor && feed.length > 0 && !olderThanWindow;
      pos = more ? { s: pos.s, feed: page.data.cursor!, done: 0 } : { s: pos.s + 1, feed: null, done: 0 };
    }
  }

  normalize(item: SourceItem): NormalizedItem {
    return { posts: [normalizePostViewPayload(item.raw.payload)] };
  }

  #parseCursor(cursor: string): Position {
    try {
      return cursorSchema.parse(JSON.parse(cursor));
    } catch (cause) {
      throw new VoxpopError("INVALID_ARGUMENT", `not a Bluesky threads cursor: ${cursor.slice(0, 80)}`, { cause });
    }
  }

  async #replies(uri: string, signal: AbortSignal): Promise<PostView[]> {
    const data = await this.#options.xrpc.query("app.bsky.feed.getPostThread", { uri, depth: this.#options.depth ?? 10, parentHeight: 0 }, signal);
    const parsed = threadSchema.safeParse(data);
    if (!parsed.success) throw new VoxpopError("PARSE_ERROR", `getPostThread answered without a thread for ${uri}`);
    return flattenReplies(parsed.data.thread);
  }

  async *#quotes(view: PostView, signal: AbortSignal): AsyncIterable<PostView> {
    if (!this.#noQuotesMethod) {
      let cursor: string | null = null;
      try {
        do {
          const data = await this.#options.xrpc.query("app.bsky.feed.getQuotes", { uri: view.uri, limit: 100, cursor }, signal);
          const page = quotesSchema.safeParse(data);
          if (!page.success) throw new VoxpopError("PARSE_ERROR", `getQuotes answered an unexpected page for ${view.uri}`);
          for (const post of page.data.posts) if (isPostView(post)) yield post;
          cursor = page.data.posts.length > 0 ? (page.data.cursor ?? null) : null;
        } while (cursor);
        return;
      } catch (err) {
        // Older AppViews answer 400 MethodNotImplemented (or 404/501) for a method they lack.
        if (!(err instanceof VoxpopError && err.code === "HTTP_ERROR" && /MethodNotImplemented|XRPCNotSupported|HTTP 404|HTTP 501/.test(err.message))) throw err;
        this.#noQuotesMethod = true;
      }
    }
    yield* this.#quotesBySearch(view, signal);
  }

  /** Quotes found by searching for the post's bsky.app URL, kept only when they embed this post. */
  async *#quotesBySearch(view: PostView, signal: AbortSignal): AsyncIterable<PostView> {
    const at = parseAtUri(view.uri);
    if (!at) return;
    const handle = typeof view.author.handle === "string" ? view.author.handle : at.did;
    let cursor: string | null = null;
    let pages = 0;
    do {
      const data = await this.#options.xrpc.query("app.bsky.feed.searchPosts", { q: `https://bsky.app/profile/${handle}/post/${at.rkey}`, limit: 100, cursor }, signal);
      const page = searchSchema.safeParse(data);
      if (!page.success) throw new VoxpopError("PARSE_ERROR", `searchPosts answered an unexpected page`);
      for (const post of page.data.posts) {
        if (isPostView(post) && embedsUri(post.record, view.uri)) yield post;
      }
      cursor = page.data.posts.length > 0 ? (page.data.cursor ?? null) : null;
    } while (cursor && ++pages < 20);
  }
}

function embedsUri(record: unknown, uri: string): boolean {
  const embed = (record as { embed?: { record?: { uri?: unknown; record?: { uri?: unknown } } } } | null)?.embed;
  return embed?.record?.uri === uri || embed?.record?.record?.uri === uri;
}

export function createBlueskySubjectThreadsSource(options: SubjectThreadsOptions): BlueskySubjectThreadsSource {
  return new BlueskySubjectThreadsSource(options);
}
