// Live updates of a story over server-sent events. The server polls the store rather than
// listening to its own writes, so posts stored by a `voxpop collect` in another process arrive
// too. A post's `id:` is its story position, so a reconnecting EventSource (Last-Event-ID)
// resumes right after the last post it saw.
import type { Context } from "hono";
import { VoxpopError } from "../core/index.ts";
import type { Store } from "../store/index.ts";
import { safeJson } from "./security.ts";

export interface EventOptions {
  /** How often the store is polled (default 500 ms). */
  pollMs?: number;
  /** A comment line this often keeps proxies from closing an idle stream (default 15 s). */
  heartbeatMs?: number;
  /** Open streams allowed at once (default 32); more get 429. */
  maxStreams?: number;
}

const BATCH = 200;

export class EventHub {
  readonly #pollMs: number;
  readonly #heartbeatMs: number;
  readonly #maxStreams: number;
  #open = 0;
  readonly #shutdown: AbortSignal | undefined;
  readonly #log: (line: string) => void;

  constructor(options: EventOptions, shutdown: AbortSignal | undefined, log: (line: string) => void) {
    this.#pollMs = options.pollMs ?? 500;
    this.#heartbeatMs = options.heartbeatMs ?? 15_000;
    this.#maxStreams = options.maxStreams ?? 32;
    this.#shutdown = shutdown;
    this.#log = log;
  }

  get open(): number {
    return this.#open;
  }

  async stream(c: Context, store: Store, story: string, resumeAfter: number | null): Promise<Response> {
    if (this.#shutdown?.aborted) throw new VoxpopError("FETCH_ABORTED", "the server is stopping");
    const found = await store.getStory(story);
    if (!found) throw new VoxpopError("NOT_FOUND", `no story named ${JSON.stringify(story)}`);
    if (this.#open >= this.#maxStreams) throw new VoxpopError("RATE_LIMITED", `too many open event streams (at most ${this.#maxStreams}); close one and retry`);
    // Without Last-Event-ID: only what is stored from now on.
    let position = resumeAfter ?? found.postCount;
    const decisions = await store.listDecisions(story);
    let decisionId = decisions.length ? decisions[decisions.length - 1]!.id : 0;

    const stop = new AbortController();
    const onStop = () => stop.abort();
    c.req.raw.signal.addEventListener("abort", onStop, { once: true });
    this.#shutdown?.addEventListener("abort", onStop, { once: true });
    this.#open++;

    const encoder = new TextEncoder();
    let pending: ReadableStreamDefaultController<Uint8Array>;
    let lastWrite = Date.now();
    const send = (text: string) => {
      if (stop.signal.aborted) return;
      lastWrite = Date.now();
      pending.enqueue(encoder.encode(text));
    };
    const finish = () => {
      stop.abort();
      c.req.raw.signal.removeEventListener("abort", onStop);
      this.#shutdown?.removeEventListener("abort", onStop);
    };

    const loop = async () => {
      try {
        // The first bytes tell the client the stream is open and how soon to reconnect.
        send(`retry: 2000\n: voxpop events for ${safeJson(story).replace(/[\r\n]/g, " ")}\n\n`);
        while (!stop.signal.aborted) {
          let more = true;
          // A slow client: read no more from the store until it has taken what is queued.
          while (more && !stop.signal.aborted && (pending.desiredSize ?? 1) > 0) {
            const posts = await store.postsAfter(story, position, BATCH);
            for (const post of posts) {
              send(`event: post\nid: ${post.position}\ndata: ${safeJson(post)}\n\n`);
              position = Math.max(position, post.position);
            }
            more = posts.length === BATCH;
          }
          for (const d of await store.listDecisions(story, { afterId: decisionId })) {
            send(`event: decision\ndata: ${safeJson(d)}\n\n`);
            decisionId = Math.max(decisionId, d.id);
          }
          if (Date.now() - lastWrite >= this.#heartbeatMs) send(": keep-alive\n\n");
          await sleep(this.#pollMs, stop.signal);
        }
      } catch (err) {
        if (!stop.signal.aborted) {
          this.#log(`voxpop serve: event stream for ${JSON.stringify(story)} stopped: ${err instanceof Error ? err.message : String(err)}`);
          send(`event: error\ndata: ${safeJson({ error: { code: "INTERNAL", message: "the event stream stopped; reconnect" } })}\n\n`);
        }
      } finally {
        this.#open--;
        finish();
        try {
          pending.close();
        } catch { /* already cancelled by the client */ }
      }
    };

    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        pending = controller;
      },
      // The client went away: stop polling.
      cancel: () => finish(),
    }, new ByteLengthQueuingStrategy({ highWaterMark: 256 * 1024 }));
    void loop();
    return new Response(body, {
      status: 200,
      headers: {
        "Content-Type": "text/event-stream; charset=utf-8",
        "Cache-Control": "no-cache, no-transform",
        "X-Accel-Buffering": "no",
      },
    });
  }
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve();
    }
    signal.addEventListener("abort", done, { once: true });
  });
}
