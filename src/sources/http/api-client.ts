// A JSON API client for the collectors (Bluesky XRPC, Mastodon REST). Every request goes through
// safeFetch (timeout, byte cap, address guard), and the client is polite and persistent:
// - a 429 waits until the server's reset time (Retry-After, RateLimit-Reset, X-RateLimit-Reset)
//   and tries again;
// - when a response says no requests remain in the window, the next request to that host first
//   waits for the reset, so voxpop never has to be told twice;
// - 5xx answers and network errors back off exponentially with full jitter, up to a limit;
// - 401/403 fail at once with AUTH_FAILED and a message that says which credentials to check.
// Waits are reported through `onWait`, so a progress display can say why a source is quiet.
import { VoxpopError } from "../../core/index.ts";
import { safeFetch, type FetchedResource, type SafeFetchOptions } from "./safe-fetch.ts";

export interface RetryPolicy {
  /** Attempts for 5xx and network errors (the first try included). Default 6. */
  maxAttempts: number;
  /** First backoff ceiling; it doubles per attempt. Default 500 ms. */
  baseDelayMs: number;
  /** Largest backoff ceiling. Default 30 s. */
  maxDelayMs: number;
  /** A rate-limit wait longer than this fails with RATE_LIMITED instead of sleeping. Default 15 min. */
  maxWaitMs: number;
  /** 429s in a row before giving up. Default 10. */
  maxRateLimited: number;
}

export interface WaitEvent {
  url: string;
  reason: "rate-limit" | "server-error" | "network-error";
  ms: number;
  attempt: number;
  status?: number;
}

export interface ApiClientOptions extends Pick<SafeFetchOptions, "allowPrivate" | "timeoutMs" | "maxBytes" | "userAgent"> {
  retry?: Partial<RetryPolicy>;
  onWait?: (event: WaitEvent) => void;
  /** Tests replace the clock's sleep and the jitter. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  random?: () => number;
  now?: () => number;
  /** Names the credentials in an AUTH_FAILED message, e.g. "VOXPOP_BLUESKY_APP_PASSWORD". */
  credentialsHint?: string;
}

export interface ApiRequest {
  method?: string;
  headers?: Record<string, string>;
  /** Sent as JSON with a JSON content type. */
  json?: unknown;
  signal?: AbortSignal;
  /** Statuses to hand back to the caller instead of throwing (e.g. 400 for an expired token). */
  acceptStatus?: number[];
}

export interface ApiResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
  url: string;
}

export const DEFAULT_RETRY: RetryPolicy = { maxAttempts: 6, baseDelayMs: 500, maxDelayMs: 30_000, maxWaitMs: 15 * 60_000, maxRateLimited: 10 };

export function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new VoxpopError("FETCH_ABORTED", "cancelled"));
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, Math.max(0, ms));
    const onAbort = () => {
      clearTimeout(timer);
      reject(new VoxpopError("FETCH_ABORTED", "cancelled"));
    };
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

function header(headers: ApiResponse["headers"], name: string): string | null {
  const v = headers[name];
  if (Array.isArray(v)) return v[0] ?? null;
  return v ?? null;
}

/**
 * When the rate-limit window resets, in epoch ms, from the headers the platforms send:
 * Retry-After (seconds or an HTTP date), RateLimit-Reset (Bluesky: epoch seconds; the IETF draft:
 * seconds from now) and X-RateLimit-Reset (Mastodon: an ISO 8601 time).
 */
export function rateLimitResetAt(headers: ApiResponse["headers"], now: number): number | null {
  const retryAfter = header(headers, "retry-after");
  if (retryAfter) {
    const secs = Number(retryAfter);
    if (Number.isFinite(secs)) return now + Math.max(0, secs) * 1000;
    const at = Date.parse(retryAfter);
    if (Number.isFinite(at)) return at;
  }
  for (const name of ["ratelimit-reset", "x-ratelimit-reset"]) {
    const v = header(headers, name);
    if (!v) continue;
    const n = Number(v);
    if (Number.isFinite(n)) return n > 1e9 ? n * 1000 : now + Math.max(0, n) * 1000;
    const at = Date.parse(v);
    if (Number.isFinite(at)) return at;
  }
  return null;
}

function remaining(headers: ApiResponse["headers"]): number | null {
  for (const name of ["ratelimit-remaining", "x-ratelimit-remaining"]) {
    const v = header(headers, name);
    if (v != null && v !== "" && Number.isFinite(Number(v))) return Number(v);
  }
  return null;
}

export class ApiClient {
  readonly #options: ApiClientOptions;
  readonly #retry: RetryPolicy;
  readonly #sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  readonly #random: () => number;
  readonly #now: () => number;
  /** Per host: do not send before this time (the window is used up). */
  readonly #notBefore = new Map<string, number>();

  constructor(options: ApiClientOptions = {}) {
    this.#options = options;
    this.#retry = { ...DEFAULT_RETRY, ...options.retry };
    this.#sleep = options.sleep ?? abortableSleep;
    this.#random = options.random ?? Math.random;
    this.#now = options.now ?? Date.now;
  }

  /** Sends a request, retrying as described above; resolves with a 2xx (or an accepted) response. */
  async request(url: string, req: ApiRequest = {}): Promise<ApiResponse> {
    const host = new URL(url).host;
    let failures = 0;
    let limited = 0;
    for (;;) {
      await this.#waitForWindow(host, url, req.signal, failures + limited + 1);
      let res: FetchedResource;
      try {
        res = await safeFetch(url, {
          allowPrivate: this.#options.allowPrivate,
          timeoutMs: this.#options.timeoutMs,
          maxBytes: this.#options.maxBytes,
          userAgent: this.#options.userAgent,
          accept: "application/json",
          method: req.method ?? (req.json === undefined ? "GET" : "POST"),
          headers: { ...(req.json === undefined ? {} : { "content-type": "application/json" }), ...req.headers },
          body: req.json === undefined ? undefined : JSON.stringify(req.json),
          throwOnStatus: false,
          signal: req.signal,
        });
      } catch (err) {
        if (!(err instanceof VoxpopError) || (err.code !== "FETCH_FAILED" && err.code !== "FETCH_TIMEOUT")) throw err;
        failures++;
        if (failures >= this.#retry.maxAttempts) {
          throw new VoxpopError(err.code, `${err.message} (gave up after ${failures} attempts)`, { cause: err });
        }
        await this.#backoff(url, "network-error", failures, req.signal);
        continue;
      }
      const response: ApiResponse = { status: res.status, headers: res.headers, body: res.body, url: res.finalUrl };
      this.#noteWindow(host, response);
      if (res.status >= 200 && res.status < 300) return response;
      if (req.acceptStatus?.includes(res.status)) return response;
      if (res.status === 429) {
        limited++;
        const resetAt = rateLimitResetAt(response.headers, this.#now());
        const wait = resetAt === null ? this.#delay(limited) : Math.max(0, resetAt - this.#now()) + 250;
        if (limited > this.#retry.maxRateLimited || wait > this.#retry.maxWaitMs) {
          throw new VoxpopError("RATE_LIMITED", `${url} is rate limited (HTTP 429; next window in ${Math.round(wait / 1000)} s)`);
        }
        this.#options.onWait?.({ url, reason: "rate-limit", ms: wait, attempt: limited, status: 429 });
        await this.#sleep(wait, req.signal);
        continue;
      }
      if (res.status === 401 || res.status === 403) {
        const hint = this.#options.credentialsHint ? `; check ${this.#options.credentialsHint}` : "";
        throw new VoxpopError("AUTH_FAILED", `${new URL(url).host} refused the credentials (HTTP ${res.status}${serverMessage(res.body)})${hint}`);
      }
      if (res.status >= 500) {
        failures++;
        if (failures >= this.#retry.maxAttempts) {
          throw new VoxpopError("HTTP_ERROR", `${url} answered HTTP ${res.status} ${failures} times; giving up`);
        }
        await this.#backoff(url, "server-error", failures, req.signal, res.status);
        continue;
      }
      throw new VoxpopError("HTTP_ERROR", `${url} answered HTTP ${res.status}${serverMessage(res.body)}`);
    }
  }

  /** `request` and parse the body as JSON (PARSE_ERROR when it is not). */
  async json(url: string, req: ApiRequest = {}): Promise<{ response: ApiResponse; data: unknown }> {
    const response = await this.request(url, req);
    try {
      return { response, data: response.body.length === 0 ? null : JSON.parse(response.body.toString("utf8")) };
    } catch (cause) {
      throw new VoxpopError("PARSE_ERROR", `${url} did not answer JSON`, { cause });
    }
  }

  #delay(attempt: number): number {
    // Full jitter: uniform in [0, min(max, base * 2^(attempt-1))).
    const ceiling = Math.min(this.#retry.maxDelayMs, this.#retry.baseDelayMs * 2 ** (attempt - 1));
    return Math.floor(this.#random() * ceiling);
  }

  async #backoff(url: string, reason: WaitEvent["reason"], attempt: number, signal?: AbortSignal, status?: number): Promise<void> {
    const ms = this.#delay(attempt);
    this.#options.onWait?.({ url, reason, ms, attempt, status });
    await this.#sleep(ms, signal);
  }

  #noteWindow(host: string, res: ApiResponse): void {
    if (remaining(res.headers) !== 0) return;
    const resetAt = rateLimitResetAt(res.headers, this.#now());
    if (resetAt !== null) this.#notBefore.set(host, resetAt);
  }

  async #waitForWindow(host: string, url: string, signal: AbortSignal | undefined, attempt: number): Promise<void> {
    const at = this.#notBefore.get(host);
    if (at === undefined) return;
    this.#notBefore.delete(host);
    const wait = at - this.#now();
    if (wait <= 0) return;
    if (wait > this.#retry.maxWaitMs) {
      throw new VoxpopError("RATE_LIMITED", `${host}'s rate-limit window resets in ${Math.round(wait / 1000)} s, longer than voxpop waits`);
    }
    this.#options.onWait?.({ url, reason: "rate-limit", ms: wait + 250, attempt });
    await this.#sleep(wait + 250, signal);
  }
}

/** A short, printable server message from an error body ({"error","message"} in XRPC and Mastodon). */
function serverMessage(body: Buffer): string {
  try {
    const data = JSON.parse(body.subarray(0, 4096).toString("utf8")) as { error?: unknown; message?: unknown; error_description?: unknown };
    const parts = [data.error, data.message ?? data.error_description].filter((x) => typeof x === "string" && x) as string[];
    return parts.length ? `: ${parts.join(": ").replace(/[\u0000-\u001f]+/g, " ").slice(0, 200)}` : "";
  } catch {
    return "";
  }
}
