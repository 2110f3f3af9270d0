// One WebSocket connection turned into a pull queue: the Jetstream source awaits `next()` for
// the next frame or the reason the connection ended. The global WebSocket (undici) cannot pause
// a socket, so when the consumer falls behind by `maxQueue` frames we close the socket and let
// the source reconnect from its cursor once the queue has drained: memory stays bounded and
// nothing is lost (the replay from the cursor brings back what we did not read).

export type SocketEvent =
  | { type: "message"; data: string | Uint8Array }
  | { type: "closed"; reason: string; backpressure: boolean };

export interface SocketOptions {
  /** Frames held before the socket is closed for back-pressure. */
  maxQueue: number;
  /** Close and report when no frame arrives for this long; 0 disables. */
  idleTimeoutMs: number;
}

export class JetstreamSocket {
  readonly #ws: WebSocket;
  readonly #queue: SocketEvent[] = [];
  #head = 0;
  #waiter: ((e: SocketEvent) => void) | null = null;
  #ended = false;
  #opened = false;
  #idleTimer: ReturnType<typeof setTimeout> | null = null;
  readonly #options: SocketOptions;
  readonly #onOpen: () => void;

  constructor(url: string, options: SocketOptions, onOpen: () => void) {
    this.#options = options;
    this.#onOpen = onOpen;
    this.#ws = new WebSocket(url);
    this.#ws.binaryType = "arraybuffer";
    this.#ws.addEventListener("open", () => {
      this.#opened = true;
      this.#armIdle();
      this.#onOpen();
    });
    this.#ws.addEventListener("message", (ev: MessageEvent) => {
      if (this.#ended) return;
      this.#armIdle();
      const data = typeof ev.data === "string" ? ev.data : new Uint8Array(ev.data as ArrayBuffer);
      this.#push({ type: "message", data });
      if (this.#pending() >= this.#options.maxQueue) {
        this.#end(`the reader fell ${this.#options.maxQueue} events behind; reconnecting from the cursor`, true);
      }
    });
    this.#ws.addEventListener("error", (ev: Event) => {
      const message = (ev as ErrorEvent).message || (ev as { error?: Error }).error?.message;
      this.#end(this.#opened ? `connection error${message ? `: ${message}` : ""}` : `could not connect${message ? `: ${message}` : ""}`);
    });
    this.#ws.addEventListener("close", (ev: CloseEvent) => {
      const why = ev.reason ? `: ${ev.reason.slice(0, 200)}` : "";
      this.#end(this.#opened ? `closed by the server (code ${ev.code}${why})` : `could not connect (code ${ev.code}${why})`);
    });
  }

  get opened(): boolean {
    return this.#opened;
  }

  /** The next frame, or why the connection ended (always the last event). */
  next(): Promise<SocketEvent> {
    if (this.#head < this.#queue.length) {
      const e = this.#queue[this.#head++]!;
      if (this.#head > 1024 && this.#head * 2 > this.#queue.length) {
        this.#queue.splice(0, this.#head);
        this.#head = 0;
      }
      return Promise.resolve(e);
    }
    return new Promise((resolve) => {
      this.#waiter = resolve;
    });
  }

  /** Closes the socket; frames already queued are still delivered, then `closed` with the reason. */
  close(reason: string): void {
    this.#end(reason);
  }

  #pending(): number {
    return this.#queue.length - this.#head;
  }

  #push(e: SocketEvent): void {
    const waiter = this.#waiter;
    if (waiter) {
      this.#waiter = null;
      waiter(e);
    } else {
      this.#queue.push(e);
    }
  }

  #armIdle(): void {
    if (this.#options.idleTimeoutMs <= 0) return;
    if (this.#idleTimer) clearTimeout(this.#idleTimer);
    this.#idleTimer = setTimeout(() => {
      this.#end(`no events for ${Math.round(this.#options.idleTimeoutMs / 1000)} s; reconnecting`);
    }, this.#options.idleTimeoutMs);
  }

  #end(reason: string, backpressure = false): void {
    if (this.#ended) return;
    this.#ended = true;
    if (this.#idleTimer) clearTimeout(this.#idleTimer);
    this.#idleTimer = null;
    try {
      if (this.#ws.readyState === WebSocket.CONNECTING || this.#ws.readyState === WebSocket.OPEN) this.#ws.close(1000);
    } catch {
      // closing a socket that is already failing throws nothing we need
    }
    this.#push({ type: "closed", reason, backpressure });
  }
}
