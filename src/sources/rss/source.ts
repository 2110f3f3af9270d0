// The feed-following Source. Each poll is a conditional GET of the feed (If-None-Match /
// If-Modified-Since, so an unchanged feed costs a 304 and no parsing); each entry not read before
// is fetched as an article and yielded as its HTML bytes, and `normalize` reads the article's
// embedded posts with the article reader.
//
// The cursor is JSON: the keys of the entries already read (bounded) and the feed's validators.
// A response's validators are written into the cursor only with the LAST new entry of that
// response: if the process dies half-way through a batch, the restart must not send the new ETag
// and be told "304, nothing new" while entries of that batch are still unread.
import { VoxpopError, toVoxpopError } from "../../core/index.ts";
import { ApiClient, abortableSleep, safeFetch, type ApiResponse } from "../http/index.ts";
import { decodeInput, decodeText } from "../input/index.ts";
import { extractArticle } from "../article/index.ts";
import type { NormalizedItem, Source, SourceItem, SourceStatus } from "../source.ts";
import { parseFeed, xmlDeclaredEncoding, type FeedEntry } from "./feed.ts";

export interface RssSourceOptions {
  /** The feed's URL (RSS 2.0, RSS 1.0/RDF or Atom). */
  url: string;
  /** Keep polling until aborted (a live source); default false: read the feed once. */
  follow?: boolean;
  /** Time between polls when following; default 5 minutes. */
  intervalMs?: number;
  /** Allow the feed and its articles on loopback/private addresses (tests, an intranet the user names). */
  allowPrivate?: boolean;
  /** The HTTP client for the feed (retries, backoff); one is made from `allowPrivate` otherwise. */
  client?: ApiClient;
  /** ISO 8601: entries published before this are skipped (entries without a date are read). */
  since?: string | null;
  /** How many entry keys the cursor remembers; default 1000 (never fewer than the feed holds). */
  maxSeen?: number;
  /** Per-article fetch timeout; default safeFetch's 15 s. */
  articleTimeoutMs?: number;
  /** Per-article byte cap; default safeFetch's. */
  articleMaxBytes?: number;
  userAgent?: string;
  /** Tests replace the wait between polls. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

interface RssCursor {
  v: 1;
  seen: string[];
  etag: string | null;
  lastModified: string | null;
}

const FEED_ACCEPT = "application/rss+xml, application/atom+xml, application/rdf+xml;q=0.9, application/xml;q=0.8, text/xml;q=0.8, */*;q=0.1";
const DEFAULT_INTERVAL_MS = 5 * 60_000;
const DEFAULT_MAX_SEEN = 1000;

function parseCursor(cursor: string | null): RssCursor {
  const empty: RssCursor = { v: 1, seen: [], etag: null, lastModified: null };
  if (!cursor) return empty;
  try {
    const c = JSON.parse(cursor) as Partial<RssCursor>;
    // A cursor from another version or a damaged one: start over (re-reading is safe, the store is idempotent).
    if (c.v !== 1 || !Array.isArray(c.seen)) return empty;
    return {
      v: 1,
      seen: c.seen.filter((s): s is string => typeof s === "string"),
      etag: typeof c.etag === "string" ? c.etag : null,
      lastModified: typeof c.lastModified === "string" ? c.lastModified : null,
    };
  } catch {
    return empty;
  }
}

function headerValue(headers: ApiResponse["headers"], name: string): string | null {
  const v = headers[name];
  return (Array.isArray(v) ? v[0] : v) ?? null;
}

/** Keeps the most recent keys, but never forgets one the feed still lists (it would be read again). */
function boundSeen(seen: string[], inFeed: Set<string>, max: number): string[] {
  if (seen.length <= max) return seen;
  let drop = seen.length - max;
  return seen.filter((k) => {
    if (drop > 0 && !inFeed.has(k)) {
      drop--;
      return false;
    }
    return true;
  });
}

export class RssSource implements Source {
  readonly name: string;
  readonly kind = "rss";
  readonly uri: string;
  readonly mode: "backfill" | "live";
  readonly #options: RssSourceOptions;
  readonly #client: ApiClient;
  readonly #sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  readonly #since: number | null;
  #status: SourceStatus = { state: "connecting" };

  constructor(options: RssSourceOptions) {
    let url: URL;
    try {
      url = new URL(options.url);
    } catch (cause) {
      throw new VoxpopError("INVALID_ARGUMENT", `not a valid feed URL: ${options.url}`, { cause });
    }
    if (url.protocol !== "http:" && url.protocol !== "https:") {
      throw new VoxpopError("INVALID_ARGUMENT", `a feed URL must be http or https, not ${url.protocol}`);
    }
    if (options.intervalMs !== undefined && !(options.intervalMs > 0)) {
      throw new VoxpopError("INVALID_ARGUMENT", "the polling interval must be a positive number of milliseconds");
    }
    const since = options.since ? Date.parse(options.since) : null;
    if (since !== null && !Number.isFinite(since)) throw new VoxpopError("INVALID_ARGUMENT", `not an ISO 8601 date: ${options.since}`);
    this.#options = options;
    this.#since = since;
    this.uri = url.href;
    this.name = `rss ${url.href}`;
    this.mode = options.follow ? "live" : "backfill";
    this.#client = options.client ?? new ApiClient({ allowPrivate: options.allowPrivate, userAgent: options.userAgent });
    this.#sleep = options.sleep ?? abortableSleep;
  }

  status(): SourceStatus {
    return this.#status;
  }

  async *read(cursor: string | null, signal: AbortSignal): AsyncIterable<SourceItem> {
    if (signal.aborted) throw new VoxpopError("FETCH_ABORTED", `reading ${this.uri} was cancelled`);
    const state = parseCursor(cursor);
    const seen = new Set(state.seen);
    let order = [...state.seen];
    // Validators last committed through a cursor, and those of the latest response (in memory).
    let committed = { etag: state.etag, lastModified: state.lastModified };
    let validators = committed;
    const maxSeen = Math.max(1, this.#options.maxSeen ?? DEFAULT_MAX_SEEN);

    for (let poll = 0; ; poll++) {
      if (poll > 0) {
        this.#status = { state: "waiting", detail: `next poll in ${Math.round((this.#options.intervalMs ?? DEFAULT_INTERVAL_MS) / 1000)} s` };
        await this.#sleep(this.#options.intervalMs ?? DEFAULT_INTERVAL_MS, signal);
      }
      this.#status = { state: poll === 0 ? "connecting" : "reconnecting", detail: this.uri };
      const fetched = await this.#fetchFeed(validators, signal);
      this.#status = { state: "open", detail: this.uri };
      if (fetched !== null) {
        validators = fetched.validators;
        const inFeed = new Set(fetched.entries.map((e) => e.key));
        // Feeds list newest first; read oldest first so the story grows in publication order.
        const fresh = fetched.entries.filter((e) => !seen.has(e.key)).reverse();
        // Entries skipped by `since` are remembered too, so they are not reconsidered every poll.
        const wanted = fresh.filter((e) => !this.#tooOld(e));
        for (const e of fresh) if (this.#tooOld(e)) { seen.add(e.key); order.push(e.key); }
        for (const [i, entry] of wanted.entries()) {
          const item = await this.#fetchArticle(entry, signal);
          seen.add(entry.key);
          order.push(entry.key);
          order = boundSeen(order, inFeed, Math.max(maxSeen, inFeed.size));
          if (i === wanted.length - 1) committed = validators;
          yield { ...item, cursor: JSON.stringify({ v: 1, seen: order, ...committed } satisfies RssCursor) };
          if (signal.aborted) throw new VoxpopError("FETCH_ABORTED", `reading ${this.uri} was cancelled`);
        }
      }
      if (!this.#options.follow) break;
    }
    this.#status = { state: "done" };
  }

  #tooOld(e: FeedEntry): boolean {
    if (this.#since === null || e.publishedAt === null) return false;
    return Date.parse(e.publishedAt) < this.#since;
  }

  /** One conditional GET of the feed: null when it has not changed (304). */
  async #fetchFeed(validators: { etag: string | null; lastModified: string | null }, signal: AbortSignal) {
    const headers: Record<string, string> = { accept: FEED_ACCEPT };
    if (validators.etag) headers["if-none-match"] = validators.etag;
    if (validators.lastModified) headers["if-modified-since"] = validators.lastModified;
    let res: ApiResponse;
    try {
      res = await this.#client.request(this.uri, { headers, acceptStatus: [304], signal });
    } catch (err) {
      const e = toVoxpopError(err, "FETCH_FAILED");
      if (e.code === "FETCH_ABORTED") throw e;
      throw new VoxpopError(e.code, `the feed ${this.uri} could not be read: ${e.message}`, { cause: err });
    }
    if (res.status === 304) return null;
    const contentType = headerValue(res.headers, "content-type");
    const declared = xmlDeclaredEncoding(res.body);
    const withCharset = contentType && /charset=/i.test(contentType) ? contentType : declared ? `application/xml; charset=${declared}` : contentType;
    const xml = decodeText(res.body, `the feed ${this.uri}`, withCharset);
    const feed = parseFeed(xml, res.url);
    return {
      entries: feed.entries,
      validators: { etag: headerValue(res.headers, "etag"), lastModified: headerValue(res.headers, "last-modified") },
    };
  }

  /** The article as an item; a failed fetch becomes an error item (quarantined by the runner). */
  async #fetchArticle(entry: FeedEntry, signal: AbortSignal): Promise<Omit<SourceItem, "cursor">> {
    const described = JSON.stringify({ feed: this.uri, key: entry.key, link: entry.link, title: entry.title, publishedAt: entry.publishedAt });
    if (!entry.link) {
      return {
        raw: { payload: described, contentType: "application/json" },
        via: null,
        error: { code: "PARSE_ERROR", reason: `feed entry ${entry.key} has no http(s) link to an article` },
      };
    }
    try {
      const res = await safeFetch(entry.link, {
        allowPrivate: this.#options.allowPrivate,
        timeoutMs: this.#options.articleTimeoutMs,
        maxBytes: this.#options.articleMaxBytes,
        userAgent: this.#options.userAgent,
        signal,
      });
      return { raw: { payload: new Uint8Array(res.body), contentType: res.contentType ?? "text/html" }, via: res.finalUrl };
    } catch (err) {
      const e = toVoxpopError(err, "FETCH_FAILED");
      if (e.code === "FETCH_ABORTED" || signal.aborted) throw new VoxpopError("FETCH_ABORTED", `reading ${this.uri} was cancelled`, { cause: err });
      return {
        raw: { payload: described, contentType: "application/json" },
        via: entry.link,
        error: { code: e.code, reason: `article ${entry.link} (from ${this.uri}): ${e.message}` },
      };
    }
  }

  normalize(item: SourceItem): NormalizedItem {
    if (item.error) throw new VoxpopError("PARSE_ERROR", `not an article: ${item.error.reason}`);
    const url = item.via ?? null;
    const label = url ?? "an article from the feed";
    const bytes = typeof item.raw.payload === "string" ? Buffer.from(item.raw.payload, "utf8") : Buffer.from(item.raw.payload);
    // The same checks as any article voxpop reads: charset, gzip, binary refusal, empty body.
    const doc = decodeInput({ source: label, url, name: url ? new URL(url).pathname : "article.html", raw: bytes, contentType: item.raw.contentType });
    const { article, posts } = extractArticle({ kind: /text\/plain/i.test(item.raw.contentType) ? "text" : "html", text: doc.text, url });
    return { posts, article };
  }
}
