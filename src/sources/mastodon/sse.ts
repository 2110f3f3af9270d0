// A server-sent events connection (the HTML living standard's event-stream format) over
// node:http, with the same address guard as safeFetch: unless allowed, the instance may not
// resolve to a private or loopback address, checked inside the socket's DNS lookup. safeFetch
// itself cannot be used: it bounds the whole exchange with a timeout and buffers the body,
// and a stream is open for hours. Here the bound is an idle timeout instead: no byte (Mastodon
// sends a ":thump" comment every few seconds) for `idleMs` means the connection is dead.
import http from "node:http";
import https from "node:https";
import dns from "node:dns";
import net from "node:net";
import { VoxpopError } from "../../core/index.ts";
import { isPrivateAddress } from "../http/index.ts";

export interface SseEvent {
  event: string;
  data: string;
}

export interface SseResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  /** The error body of a non-200 answer (at most 4 KiB). */
  body: string;
  /** For a 200: the events, until the connection ends (then it returns) or breaks (then it throws FETCH_FAILED). */
  events: AsyncIterable<SseEvent> | null;
  close(): void;
}

export interface SseOptions {
  headers?: Record<string, string>;
  allowPrivate?: boolean;
  signal: AbortSignal;
  connectTimeoutMs?: number;
  idleMs?: number;
  userAgent?: string;
  /** Largest single event; a bigger one breaks the connection (a hostile server). Default 4 MiB. */
  maxEventBytes?: number;
}

type LookupCallback = (err: NodeJS.ErrnoException | null, address: string | dns.LookupAddress[], family?: number) => void;

function guardedLookup(allowPrivate: boolean) {
  return (hostname: string, options: dns.LookupOptions, callback: LookupCallback) => {
    dns.lookup(hostname, { ...options, all: true }, (err, addresses) => {
      if (err) return callback(err, []);
      const list = addresses as dns.LookupAddress[];
      const allowed = allowPrivate ? list : list.filter((a) => !isPrivateAddress(a.address));
      if (allowed.length === 0) {
        const e = new VoxpopError("BLOCKED_ADDRESS", `${hostname} resolves to a private or loopback address; allow private addresses to stream from it`);
        return callback(e as unknown as NodeJS.ErrnoException, []);
      }
      if (options.all) return callback(null, allowed);
      callback(null, allowed[0]!.address, allowed[0]!.family);
    });
  };
}

/** Opens an event stream; resolves once the response headers arrive. */
export function openEventStream(url: URL, options: SseOptions): Promise<SseResponse> {
  const host = url.hostname.replace(/^\[|\]$/g, "");
  if (!options.allowPrivate && ((net.isIP(host) && isPrivateAddress(host)) || host === "localhost" || host.endsWith(".localhost"))) {
    return Promise.reject(new VoxpopError("BLOCKED_ADDRESS", `${host} is a private or loopback address; allow private addresses to stream from it`));
  }
  if (options.signal.aborted) return Promise.reject(new VoxpopError("FETCH_ABORTED", "cancelled"));
  const maxEvent = options.maxEventBytes ?? 4 * 1024 * 1024;
  return new Promise((resolve, reject) => {
    const lib = url.protocol === "https:" ? https : http;
    const req = lib.request(url, {
      method: "GET",
      headers: { "user-agent": options.userAgent ?? "voxpop/0.1", accept: "text/event-stream", "cache-control": "no-store", "accept-encoding": "identity", ...options.headers },
      lookup: guardedLookup(options.allowPrivate ?? false) as unknown as typeof dns.lookup,
      timeout: options.connectTimeoutMs ?? 15_000,
    });
    const onAbort = () => req.destroy(new VoxpopError("FETCH_ABORTED", "cancelled"));
    options.signal.addEventListener("abort", onAbort, { once: true });
    const cleanup = () => options.signal.removeEventListener("abort", onAbort);
    req.on("timeout", () => req.destroy(new VoxpopError("FETCH_TIMEOUT", `${url.host} did not answer the stream request`)));
    req.on("error", (err) => {
      cleanup();
      reject(err instanceof VoxpopError ? err : new VoxpopError("FETCH_FAILED", `could not connect to ${url.host}: ${err.message}`, { cause: err }));
    });
    req.on("response", (res) => {
      const status = res.statusCode ?? 0;
      if (status !== 200) {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on("data", (c: Buffer) => {
          if (size < 4096) chunks.push(c);
          size += c.length;
        });
        res.on("end", () => {
          cleanup();
          resolve({ status, headers: res.headers, body: Buffer.concat(chunks).subarray(0, 4096).toString("utf8"), events: null, close: () => req.destroy() });
        });
        res.on("error", () => {
          cleanup();
          resolve({ status, headers: res.headers, body: "", events: null, close: () => req.destroy() });
        });
        return;
      }
      // The response is open: from now on a quiet connection is a dead one.
      req.setTimeout(0);
      res.setTimeout(options.idleMs ?? 90_000, () => res.destroy(new VoxpopError("FETCH_TIMEOUT", `${url.host} sent nothing (not even a heartbeat) for ${Math.round((options.idleMs ?? 90_000) / 1000)} s`)));
      res.setEncoding("utf8");
      async function* events(): AsyncIterable<SseEvent> {
        let buffer = "";
        let event = "";
        let data: string[] = [];
        let dataBytes = 0;
        try {
          for await (const chunk of res as AsyncIterable<string>) {
            buffer += chunk;
            let nl: number;
            while ((nl = buffer.search(/\r\n|\r|\n/)) >= 0) {
              const line = buffer.slice(0, nl);
              buffer = buffer.slice(nl + (buffer.startsWith("\r\n", nl) ? 2 : 1));
              if (line === "") {
                if (data.length) yield { event: event || "message", data: data.join("\n") };
                event = "";
                data = [];
                dataBytes = 0;
                continue;
              }
              if (line.startsWith(":")) continue; // a comment: Mastodon's heartbeat
              const colon = line.indexOf(":");
              const field = colon < 0 ? line : line.slice(0, colon);
              let value = colon < 0 ? "" : line.slice(colon + 1);
              if (value.startsWith(" ")) value = value.slice(1);
              if (field === "event") event = value;
              else if (field === "data") {
                data.push(value);
                dataBytes += value.length;
              }
            }
            if (buffer.length + dataBytes > maxEvent) throw new VoxpopError("INPUT_TOO_LARGE", `${url.host} sent an event over ${maxEvent} bytes`);
          }
        } catch (err) {
          if (options.signal.aborted) throw new VoxpopError("FETCH_ABORTED", "cancelled", { cause: err });
          if (err instanceof VoxpopError) throw err;
          throw new VoxpopError("FETCH_FAILED", `the stream from ${url.host} broke: ${(err as Error).message}`, { cause: err });
        } finally {
          cleanup();
          req.destroy();
        }
        if (options.signal.aborted) throw new VoxpopError("FETCH_ABORTED", "cancelled");
      }
      resolve({ status, headers: res.headers, body: "", events: events(), close: () => req.destroy() });
    });
    req.end();
  });
}
