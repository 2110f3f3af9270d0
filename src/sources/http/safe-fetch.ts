// Fetching a URL that a user (or a hostile page) supplied. Every request is bounded: a timeout
// for the whole exchange, a byte cap on the body, a limited number of redirects, and, unless the
// caller explicitly allows it, no connection to private, loopback, link-local or otherwise
// internal addresses. The address check runs inside the socket's DNS lookup, so a name that
// resolves to a public address when checked and a private one when connecting (DNS rebinding)
// cannot slip through, and every redirect hop is checked again.
import http from "node:http";
import https from "node:https";
import dns from "node:dns";
import net from "node:net";
import { VoxpopError } from "../../core/index.ts";

export interface SafeFetchOptions {
  timeoutMs?: number;
  maxBytes?: number;
  maxRedirects?: number;
  allowPrivate?: boolean;
  userAgent?: string;
  accept?: string;
  /** Default GET. Redirects are followed only for GET and HEAD. */
  method?: string;
  /** Extra request headers (an API token, a content type). */
  headers?: Record<string, string>;
  body?: string | Uint8Array;
  /** When false, a non-2xx answer is returned (with its headers) instead of thrown. Default true. */
  throwOnStatus?: boolean;
  /** Aborts the request (Ctrl-C); the error is FETCH_ABORTED. */
  signal?: AbortSignal;
}

export interface FetchedResource {
  url: string;
  finalUrl: string;
  status: number;
  contentType: string | null;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

export const FETCH_DEFAULTS = {
  timeoutMs: 15_000,
  maxBytes: 25 * 1024 * 1024,
  maxRedirects: 5,
  userAgent: "voxpop/0.1 (+https://github.com/voxpop; news reactions research)",
} as const;

const blocked = new net.BlockList();
for (const [addr, prefix] of [
  ["0.0.0.0", 8], ["10.0.0.0", 8], ["100.64.0.0", 10], ["127.0.0.0", 8], ["169.254.0.0", 16],
  ["172.16.0.0", 12], ["192.0.0.0", 24], ["192.0.2.0", 24], ["192.168.0.0", 16], ["198.18.0.0", 15],
  ["198.51.100.0", 24], ["203.0.113.0", 24], ["224.0.0.0", 4], ["240.0.0.0", 4],
] as const) blocked.addSubnet(addr, prefix, "ipv4");
for (const [addr, prefix] of [
  ["::", 128], ["::1", 128], ["fc00::", 7], ["fe80::", 10], ["ff00::", 8], ["2001:db8::", 32], ["64:ff9b::", 96],
] as const) blocked.addSubnet(addr, prefix, "ipv6");

/** True for addresses voxpop must not reach on a user's behalf unless told to. */
export function isPrivateAddress(address: string): boolean {
  const family = net.isIP(address);
  if (family === 4) return blocked.check(address, "ipv4");
  if (family === 6) {
    // IPv4-mapped (::ffff:127.0.0.1) and IPv4-compatible forms carry an IPv4 address inside.
    const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address) ?? /^::(\d+\.\d+\.\d+\.\d+)$/.exec(address);
    if (mapped) return blocked.check(mapped[1]!, "ipv4");
    if (/^::ffff:/i.test(address)) return true;
    return blocked.check(address, "ipv6");
  }
  return true; // not an IP at all: refuse rather than guess
}

function parseUserUrl(raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch (cause) {
    throw new VoxpopError("INVALID_ARGUMENT", `not a valid URL: ${raw}`, { cause });
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new VoxpopError("INVALID_ARGUMENT", `only http and https URLs can be fetched, not ${url.protocol}`);
  }
  if (url.username || url.password) throw new VoxpopError("INVALID_ARGUMENT", "URLs with credentials are not fetched");
  return url;
}

type LookupCallback = (err: NodeJS.ErrnoException | null, address: string | dns.LookupAddress[], family?: number) => void;

function guardedLookup(allowPrivate: boolean) {
  return (hostname: string, options: dns.LookupOptions, callback: LookupCallback) => {
    dns.lookup(hostname, { ...options, all: true }, (err, addresses) => {
      if (err) return callback(err, []);
      const list = addresses as dns.LookupAddress[];
      const allowed = allowPrivate ? list : list.filter((a) => !isPrivateAddress(a.address));
      if (allowed.length === 0) {
        const e = new VoxpopError("BLOCKED_ADDRESS", `${hostname} resolves to a private or loopback address (${list.map((a) => a.address).join(", ")}); pass --allow-private to fetch it`);
        return callback(e as unknown as NodeJS.ErrnoException, []);
      }
      if (options.all) return callback(null, allowed);
      callback(null, allowed[0]!.address, allowed[0]!.family);
    });
  };
}

function checkLiteralHost(url: URL, allowPrivate: boolean): void {
  const host = url.hostname.replace(/^\[|\]$/g, "");
  if (!allowPrivate && net.isIP(host) && isPrivateAddress(host)) {
    throw new VoxpopError("BLOCKED_ADDRESS", `${host} is a private or loopback address; pass --allow-private to fetch it`);
  }
  if (!allowPrivate && (host === "localhost" || host.endsWith(".localhost"))) {
    throw new VoxpopError("BLOCKED_ADDRESS", `${host} is a loopback name; pass --allow-private to fetch it`);
  }
}

type RequestOptions = Required<Pick<SafeFetchOptions, "timeoutMs" | "maxBytes" | "allowPrivate" | "userAgent" | "accept" | "method">> & Pick<SafeFetchOptions, "headers" | "body">;

function requestOnce(url: URL, opts: RequestOptions, deadline: number, signal: AbortSignal): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const lib = url.protocol === "https:" ? https : http;
    const req = lib.request(url, {
      method: opts.method,
      headers: { "user-agent": opts.userAgent, accept: opts.accept, "accept-encoding": "identity", ...opts.headers },
      lookup: guardedLookup(opts.allowPrivate) as unknown as typeof dns.lookup,
      signal,
      timeout: Math.max(1, deadline - Date.now()),
    });
    req.on("timeout", () => req.destroy(new VoxpopError("FETCH_TIMEOUT", `${url.href} did not answer within ${opts.timeoutMs} ms`)));
    req.on("error", (err) => {
      if (err instanceof VoxpopError) return reject(err);
      if (signal.aborted) return reject(new VoxpopError("FETCH_TIMEOUT", `${url.href} did not answer within ${opts.timeoutMs} ms`, { cause: err }));
      reject(new VoxpopError("FETCH_FAILED", `could not fetch ${url.href}: ${err.message}`, { cause: err }));
    });
    req.on("response", (res) => {
      const status = res.statusCode ?? 0;
      if (status >= 300 && status < 400) {
        res.resume();
        return resolve({ status, headers: res.headers, body: Buffer.alloc(0) });
      }
      const declared = Number(res.headers["content-length"] ?? NaN);
      if (Number.isFinite(declared) && declared > opts.maxBytes) {
        res.destroy();
        return reject(new VoxpopError("INPUT_TOO_LARGE", `${url.href} is ${declared} bytes, over the ${opts.maxBytes}-byte limit`));
      }
      const chunks: Buffer[] = [];
      let size = 0;
      res.on("data", (chunk: Buffer) => {
        size += chunk.length;
        if (size > opts.maxBytes) {
          res.destroy();
          req.destroy();
          reject(new VoxpopError("INPUT_TOO_LARGE", `${url.href} sent more than the ${opts.maxBytes}-byte limit`));
          return;
        }
        chunks.push(chunk);
      });
      res.on("end", () => resolve({ status, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on("error", (err) => reject(new VoxpopError("FETCH_FAILED", `connection to ${url.href} broke: ${err.message}`, { cause: err })));
    });
    req.end(opts.body);
  });
}

/** Fetches a user-supplied URL within the limits above; throws a VoxpopError with a one-line message. */
export async function safeFetch(rawUrl: string, options: SafeFetchOptions = {}): Promise<FetchedResource> {
  const opts = {
    timeoutMs: options.timeoutMs ?? FETCH_DEFAULTS.timeoutMs,
    maxBytes: options.maxBytes ?? FETCH_DEFAULTS.maxBytes,
    maxRedirects: options.maxRedirects ?? FETCH_DEFAULTS.maxRedirects,
    allowPrivate: options.allowPrivate ?? false,
    userAgent: options.userAgent ?? FETCH_DEFAULTS.userAgent,
    accept: options.accept ?? "text/html,application/xhtml+xml,text/plain;q=0.9,*/*;q=0.5",
    method: (options.method ?? "GET").toUpperCase(),
    headers: options.headers,
    body: options.body,
  };
  const start = parseUserUrl(rawUrl);
  const deadline = Date.now() + opts.timeoutMs;
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), opts.timeoutMs);
  const outer = options.signal;
  const onAbort = () => controller.abort();
  if (outer?.aborted) throw new VoxpopError("FETCH_ABORTED", `request to ${start.href} was cancelled`);
  outer?.addEventListener("abort", onAbort, { once: true });
  try {
    let url = start;
    for (let hop = 0; ; hop++) {
      checkLiteralHost(url, opts.allowPrivate);
      let res;
      try {
        res = await requestOnce(url, opts, deadline, controller.signal);
      } catch (err) {
        if (outer?.aborted) throw new VoxpopError("FETCH_ABORTED", `request to ${url.href} was cancelled`, { cause: err });
        throw err;
      }
      const followable = opts.method === "GET" || opts.method === "HEAD";
      if (followable && res.status >= 300 && res.status < 400 && res.headers.location) {
        if (hop >= opts.maxRedirects) {
          throw new VoxpopError("TOO_MANY_REDIRECTS", `${start.href} redirected more than ${opts.maxRedirects} times`);
        }
        url = parseUserUrl(new URL(res.headers.location, url).href);
        continue;
      }
      if ((res.status < 200 || res.status >= 300) && options.throwOnStatus !== false) {
        throw new VoxpopError("FETCH_FAILED", `${url.href} answered HTTP ${res.status}`);
      }
      const contentType = res.headers["content-type"] ?? null;
      return { url: start.href, finalUrl: url.href, status: res.status, contentType, headers: res.headers, body: res.body };
    }
  } finally {
    clearTimeout(timer);
    outer?.removeEventListener("abort", onAbort);
  }
}
