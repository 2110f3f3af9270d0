// The live hashtag source: Mastodon's streaming API as server-sent events
// (GET /api/v1/streaming/hashtag?tag=...), chosen over the WebSocket API because it is plain
// HTTP: the token travels in an Authorization header (the WebSocket API's browser-friendly
// form puts it in the URL, where proxies and logs keep it), the status code of a refused
// request (401, 429, 5xx) is seen before any event, the same address guard as every other
// request applies, and no dependency is needed.
//
// Each connection is opened first and its events buffered while the gap since the newest status
// seen is caught up from the hashtag timeline (min_id = that id, oldest first); then the
// buffered and live events follow, skipping statuses the catch-up already gave. Opening before
// catching up is what makes the hand-over lossless: a status posted during the catch-up is in
// the buffer. A dropped or silent connection (no heartbeat within idleMs) reconnects with
// exponential backoff and full jitter, and catches up again. The cursor is the newest status id
// seen. The streaming server may live on another host: its URL comes from /api/v2/instance
// (configuration.urls.streaming), as the documentation asks, unless `streamingUrl` is given.
import { VoxpopError } from "../../core/index.ts";
import { abortableSleep, rateLimitResetAt } from "../http/index.ts";
import type { NormalizedItem, Source, SourceItem, SourceStatus } from "../source.ts";
import { mastodonHashtagSource } from "./backfill.ts";
import { cleanHashtag, clientFor, credentialsHint, maxId, parseInstance, resolveToken, type MastodonOptions } from "./config.ts";
import { DELETE_TYPE, normalizeItem, STATUS_TYPE, STATUS_UPDATE_TYPE } from "./normalize.ts";
import { instanceSchema, pageStatusSchema } from "./schema.ts";
import { openEventStream, type SseEvent } from "./sse.ts";

export interface StreamOptions extends MastodonOptions {
  hashtag: string;
  /** The streaming server's base URL; default: discovered from /api/v2/instance, else the instance. */
  streamingUrl?: string | null;
  /** A connection silent this long is dead (Mastodon sends a heartbeat every ~15 s). Default 90 s. */
  idleMs?: number;
  /** Reconnect backoff: first ceiling and largest ceiling, ms. Defaults 1 s and 60 s. */
  reconnectBaseMs?: number;
  reconnectMaxMs?: number;
  /** Events buffered during a catch-up before the connection is dropped (and caught up later). Default 10,000. */
  maxBuffered?: number;
  /** Tests replace the clock's sleep and the jitter. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  random?: () => number;
  /** Called on every (re)connection attempt, for logs and tests. */
  onConnect?: (info: { attempt: number; url: string; catchUpFrom: string | null }) => void;
}

const STATUS_EVENTS = new Set(["update", "status.update"]);

/** Pulls a connection's events into a buffer as they come, so a slow catch-up never stalls the socket. */
class EventPump {
  readonly #buffer: SseEvent[] = [];
  #done = false;
  #error: unknown = null;
  #wake: (() => void) | null = null;
  constructor(events: AsyncIterable<SseEvent>, max: number, onOverflow: () => void) {
    void (async () => {
      try {
        for await (const ev of events) {
          this.#buffer.push(ev);
          if (this.#buffer.length > max) {
            onOverflow();
            throw new VoxpopError("FETCH_FAILED", `more than ${max} events arrived during a catch-up`);
          }
          this.#notify();
        }
      } catch (err) {
        this.#error = err;
      }
      this.#done = true;
      this.#notify();
    })();
  }

  #notify(): void {
    const wake = this.#wake;
    this.#wake = null;
    wake?.();
  }

  /** The next event; null when the connection ended; throws what broke it. */
  async next(): Promise<SseEvent | null> {
    for (;;) {
      const ev = this.#buffer.shift();
      if (ev) return ev;
      if (this.#done) {
        if (this.#error) throw this.#error;
        return null;
      }
      await new Promise<void>((resolve) => (this.#wake = resolve));
    }
  }
}

class StreamSource implements Source {
  readonly kind = "mastodon";
  readonly mode = "live" as const;
  readonly name: string;
  readonly uri: string;
  readonly #options: StreamOptions;
  readonly #instance: URL;
  readonly #tag: string;
  readonly #token: string | null;
  readonly #catchUp: Source;
  readonly #sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  readonly #random: () => number;
  #streamingBase: URL | null = null;
  #status: SourceStatus = { state: "connecting" };

  constructor(options: StreamOptions) {
    this.#options = options;
    this.#instance = parseInstance(options.instance);
    this.#tag = cleanHashtag(options.hashtag);
    this.#token = resolveToken(options, this.#instance.host);
    const client = clientFor(options, this.#instance.host);
    this.#options = { ...options, client };
    this.#catchUp = mastodonHashtagSource({ ...options, client, token: this.#token });
    this.#sleep = options.sleep ?? abortableSleep;
    this.#random = options.random ?? Math.random;
    this.name = `mastodon stream tag:#${this.#tag} @${this.#instance.host}`;
    this.uri = new URL(`/api/v1/streaming/hashtag?tag=${encodeURIComponent(this.#tag)}`, this.#instance).href;
    if (options.streamingUrl) this.#streamingBase = streamingBase(options.streamingUrl);
  }

  status(): SourceStatus {
    return this.#status;
  }

  normalize(item: SourceItem): NormalizedItem {
    return normalizeItem(item, this.#instance.host);
  }

  async *read(cursor: string | null, signal: AbortSignal): AsyncIterable<SourceItem> {
    if (signal.aborted) throw new VoxpopError("FETCH_ABORTED", `${this.name} was cancelled`);
    let newest: string | null = cursor && /^[A-Za-z0-9_-]{1,64}$/.test(cursor) ? cursor : null;
    if (cursor && newest === null) throw new VoxpopError("INVALID_ARGUMENT", `not a Mastodon stream cursor: ${cursor.slice(0, 80)}`);
    const base = this.#streamingBase ?? (this.#streamingBase = await this.#discover(signal));
    const url = new URL("/api/v1/streaming/hashtag", base);
    url.searchParams.set("tag", this.#tag);
    // A fresh read starts now, but a drop before the first status must still be caught up:
    // remember the newest status already on the timeline (it is not yielded).
    if (newest === null) newest = await this.#newestOnTimeline(signal);

    let failures = 0;
    for (;;) {
      if (signal.aborted) throw new VoxpopError("FETCH_ABORTED", `${this.name} was cancelled`);
      this.#status = { state: failures ? "reconnecting" : "connecting", detail: url.host };
      this.#options.onConnect?.({ attempt: failures + 1, url: url.href, catchUpFrom: newest });
      let delay: number | null = null;
      let conn: Awaited<ReturnType<typeof openEventStream>> | null = null;
      try {
        conn = await openEventStream(url, {
          headers: this.#token ? { authorization: `Bearer ${this.#token}` } : {},
          allowPrivate: this.#options.allowPrivate ?? false,
          signal,
          idleMs: this.#options.idleMs,
        });
      } catch (err) {
        if (signal.aborted) throw new VoxpopError("FETCH_ABORTED", `${this.name} was cancelled`, { cause: err });
        if (!(err instanceof VoxpopError) || !["FETCH_FAILED", "FETCH_TIMEOUT"].includes(err.code)) throw err;
      }

      if (conn && conn.status !== 200) {
        delay = this.#refused(conn.status, conn.headers, conn.body);
        conn = null;
      }
      if (conn?.events) {
        let delivered = false;
        const pump = new EventPump(conn.events, this.#options.maxBuffered ?? 10_000, () => conn?.close());
        try {
          this.#status = { state: "open", detail: newest ? "catching up" : "streaming" };
          const caught = new Set<string>();
          if (newest !== null) {
            for await (const item of this.#catchUp.read(JSON.stringify({ v: 1, newest, older: null, offset: null, done: true }), signal)) {
              const id = idOf(item.raw.payload);
              if (id !== null) {
                caught.add(id);
                newest = maxId(newest, id);
              }
              yield { raw: item.raw, cursor: newest };
            }
          }
          this.#status = { state: "open", detail: "streaming" };
          for (let ev = await pump.next(); ev; ev = await pump.next()) {
            delivered = true;
            failures = 0;
            if (ev.event === "delete") {
              yield { raw: { payload: ev.data.trim(), contentType: DELETE_TYPE }, cursor: newest };
              continue;
            }
            if (!STATUS_EVENTS.has(ev.event)) continue; // filters_changed, announcements...
            const meta = pageStatusSchema.safeParse(safeJson(ev.data));
            if (meta.success) {
              if (ev.event === "update" && caught.has(meta.data.id)) continue;
              if (meta.data.visibility === "private" || meta.data.visibility === "direct") continue;
              if (ev.event === "update") newest = maxId(newest, meta.data.id);
            }
            // A malformed event is still yielded: normalize refuses it and the runner quarantines it.
            yield { raw: { payload: ev.data, contentType: ev.event === "update" ? STATUS_TYPE : STATUS_UPDATE_TYPE }, cursor: newest };
          }
        } catch (err) {
          if (signal.aborted) throw new VoxpopError("FETCH_ABORTED", `${this.name} was cancelled`, { cause: err });
          if (err instanceof VoxpopError && (err.code === "AUTH_FAILED" || err.code === "BLOCKED_ADDRESS" || err.code === "INVALID_ARGUMENT")) throw err;
          // Anything else (a drop, a failed catch-up) is retried below.
        } finally {
          conn.close();
        }
        if (delivered) failures = 0;
      }
      if (signal.aborted) throw new VoxpopError("FETCH_ABORTED", `${this.name} was cancelled`);
      failures++;
      const ceiling = Math.min(this.#options.reconnectMaxMs ?? 60_000, (this.#options.reconnectBaseMs ?? 1000) * 2 ** (failures - 1));
      const wait = delay ?? Math.floor(this.#random() * ceiling);
      this.#status = { state: "waiting", detail: `reconnecting in ${Math.round(wait / 1000)} s` };
      await this.#sleep(wait, signal);
    }
  }

  /** What to do about a refused stream request: throw, or how long to wait (null: the usual backoff). */
  #refused(status: number, headers: Record<string, string | string[] | undefined>, body: string): number | null {
    if (status === 401 || status === 403) {
      const why = this.#token ? "refused the token" : "needs a user access token for streaming (Mastodon 4.2+)";
      throw new VoxpopError("AUTH_FAILED", `${this.#instance.host} ${why} (HTTP ${status}${short(body)}); set ${credentialsHint(this.#instance.host)}`);
    }
    if (status === 429) {
      const at = rateLimitResetAt(headers, Date.now());
      return at === null ? null : Math.max(0, at - Date.now()) + 250;
    }
    if (status >= 500 || status === 408) return null;
    throw new VoxpopError("HTTP_ERROR", `${this.#instance.host} refused the hashtag stream (HTTP ${status}${short(body)})`);
  }

  async #discover(signal: AbortSignal): Promise<URL> {
    const client = this.#options.client!;
    try {
      const { data } = await client.json(new URL("/api/v2/instance", this.#instance).href, {
        signal,
        headers: this.#token ? { authorization: `Bearer ${this.#token}` } : {},
      });
      const streaming = instanceSchema.safeParse(data);
      const href = streaming.success ? streaming.data.configuration?.urls?.streaming : null;
      if (href) return streamingBase(href);
    } catch (err) {
      if (signal.aborted || (err instanceof VoxpopError && (err.code === "AUTH_FAILED" || err.code === "FETCH_ABORTED"))) throw err;
      // An older server without /api/v2/instance: stream from the instance itself.
    }
    return this.#instance;
  }

  async #newestOnTimeline(signal: AbortSignal): Promise<string | null> {
    const url = new URL(`/api/v1/timelines/tag/${encodeURIComponent(this.#tag)}`, this.#instance);
    url.searchParams.set("limit", "1");
    const { data } = await this.#options.client!.json(url.href, { signal, headers: this.#token ? { authorization: `Bearer ${this.#token}` } : {} });
    if (!Array.isArray(data)) return null;
    let newest: string | null = null;
    for (const s of data) {
      const meta = pageStatusSchema.safeParse(s);
      if (meta.success) newest = maxId(newest, meta.data.id);
    }
    return newest;
  }
}

function streamingBase(href: string): URL {
  let url: URL;
  try {
    url = new URL(href.replace(/^ws(s?):/i, "http$1:"));
  } catch (cause) {
    throw new VoxpopError("INVALID_ARGUMENT", `not a streaming URL: ${href}`, { cause });
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") throw new VoxpopError("INVALID_ARGUMENT", `not a streaming URL: ${href}`);
  return new URL(url.origin);
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

function idOf(payload: string | Uint8Array): string | null {
  const meta = pageStatusSchema.safeParse(safeJson(typeof payload === "string" ? payload : Buffer.from(payload).toString("utf8")));
  return meta.success ? meta.data.id : null;
}

function short(body: string): string {
  try {
    const e = (JSON.parse(body) as { error?: unknown }).error;
    return typeof e === "string" ? `: ${e.replace(/[\u0000-\u001f]+/g, " ").slice(0, 200)}` : "";
  } catch {
    return "";
  }
}

/** GET /api/v1/streaming/hashtag?tag=... as server-sent events, live until the signal aborts. */
export function mastodonStreamSource(options: StreamOptions): Source {
  return new StreamSource(options);
}

