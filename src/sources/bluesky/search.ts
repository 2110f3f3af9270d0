// Bluesky search backfill: app.bsky.feed.searchPosts for a story's query, newest first, within
// the story's window. The AppView pages by cursor, but stops handing out cursors after a few
// thousand results; past that cap we keep going by time: search again with `until` set to the
// oldest post seen so far, until we reach the story's `since` or a window brings nothing new.
//
// The cursor is JSON {until, cursor}: the time window and the page within it. Every item of a
// page carries the position of that page (a restart re-reads at most one page: the store is
// idempotent), the last item the position of the next page.
import { z } from "zod";
import { VoxpopError } from "../../core/index.ts";
import type { NormalizedItem, Source, SourceItem } from "../source.ts";
import { normalizePostViewPayload, postViewItem, sortAt, type PostView } from "./postview.ts";
import type { Xrpc } from "./session.ts";

export interface SearchOptions {
  /** The session (searchPosts needs auth on bsky.social) or a PublicXrpc for an AppView. */
  xrpc: Xrpc;
  /** The search query (Bluesky's syntax: words, "phrases", from:, #tags, URLs). */
  query: string;
  /** The story's window, ISO 8601; `since` ends the backfill, `until` is where it starts. */
  since?: string | null;
  until?: string | null;
  /** Optional filters the AppView applies (the local dev AppView ignores them). */
  lang?: string | null;
  /** Results per page (1..100, default 100). */
  pageSize?: number;
}

const pageSchema = z.looseObject({
  cursor: z.string().max(4096).optional(),
  posts: z.array(z.looseObject({ uri: z.string(), author: z.looseObject({}), record: z.unknown() })),
});
const cursorSchema = z.object({ until: z.string().nullable(), cursor: z.string().nullable() });
type Position = z.infer<typeof cursorSchema>;

function parseCursor(cursor: string | null): Position | null {
  if (cursor === null) return null;
  try {
    return cursorSchema.parse(JSON.parse(cursor));
  } catch (cause) {
    throw new VoxpopError("INVALID_ARGUMENT", `not a Bluesky search cursor: ${cursor.slice(0, 80)}`, { cause });
  }
}

function isoDate(value: string | null | undefined, name: string): string | null {
  if (value == null || value === "") return null;
  const ms = Date.parse(value);
  if (!Number.isFinite(ms)) throw new VoxpopError("INVALID_ARGUMENT", `Bluesky search: ${name} is not a date: ${value}`);
  return new Date(ms).toISOString();
}

export class BlueskySearchSource implements Source {
  readonly name: string;
  readonly kind = "bluesky";
  readonly uri: string;
  readonly mode = "backfill" as const;
  readonly #options: SearchOptions;
  readonly #since: string | null;
  readonly #until: string | null;
  readonly #pageSize: number;

  constructor(options: SearchOptions) {
    if (!options.query.trim()) throw new VoxpopError("INVALID_ARGUMENT", "Bluesky search needs a query");
    this.#options = options;
    this.#since = isoDate(options.since, "since");
    this.#until = isoDate(options.until, "until");
    this.#pageSize = Math.max(1, Math.min(100, Math.floor(options.pageSize ?? 100)));
    this.uri = options.xrpc.service;
    this.name = `bluesky-search ${options.xrpc.service} ${JSON.stringify(options.query)}${this.#since ? ` since ${this.#since}` : ""}${this.#until ? ` until ${this.#until}` : ""}`;
  }

  async *read(cursor: string | null, signal: AbortSignal): AsyncIterable<SourceItem> {
    let pos: Position = parseCursor(cursor) ?? { until: this.#until, cursor: null };
    const sinceMs = this.#since ? Date.parse(this.#since) : -Infinity;
    // URIs of the previous window and this one: a new window that brings only these is the end.
    let previous = new Set<string>();
    let current = new Set<string>();
    let oldest = Infinity;
    let fresh = 0;
    for (;;) {
      if (signal.aborted) throw new VoxpopError("FETCH_ABORTED", "cancelled");
      const data = await this.#options.xrpc.query(
        "app.bsky.feed.searchPosts",
        {
          q: this.#options.query,
          sort: "latest",
          limit: this.#pageSize,
          since: this.#since,
          until: pos.until,
          lang: this.#options.lang ?? null,
          cursor: pos.cursor,
        },
        signal,
      );
      const page = pageSchema.safeParse(data);
      if (!page.success) throw new VoxpopError("PARSE_ERROR", `searchPosts answered an unexpected page: ${page.error.issues[0]?.message ?? ""}`);
      const posts = page.data.posts as PostView[];
      const nextCursor = page.data.cursor && posts.length > 0 ? page.data.cursor : null;

      // Where to go after this page: the next page, or (past the cursor cap) an older window.
      let next: Position | null;
      for (const view of posts) {
        if (!previous.has(view.uri) && !current.has(view.uri)) fresh++;
        current.add(view.uri);
        const at = sortAt(view);
        if (at !== null && at >= sinceMs) oldest = Math.min(oldest, at);
      }
      if (nextCursor) next = { until: pos.until, cursor: nextCursor };
      else if (fresh === 0 || !Number.isFinite(oldest)) next = null;
      else {
        // `until` is exclusive: keep the oldest millisecond in the next window (its other posts
        // would otherwise be skipped) and recognise the repeats by URI.
        const until = new Date(oldest + 1).toISOString();
        const stalled = pos.until !== null && Date.parse(until) >= Date.parse(pos.until);
        next = stalled || oldest <= sinceMs ? null : { until, cursor: null };
      }

      for (let i = 0; i < posts.length; i++) {
        const last = i === posts.length - 1;
        const after = last ? next : pos;
        yield { raw: postViewItem(posts[i]), cursor: after ? JSON.stringify(after) : JSON.stringify(pos) };
      }
      if (!next) return;
      if (next.cursor === null) {
        previous = current;
        current = new Set();
        fresh = 0;
        oldest = Infinity;
      }
      pos = next;
    }
  }

  normalize(item: SourceItem): NormalizedItem {
    return { posts: [normalizePostViewPayload(item.raw.payload)] };
  }
}

export function createBlueskySearchSource(options: SearchOptions): BlueskySearchSource {
  return new BlueskySearchSource(options);
}
