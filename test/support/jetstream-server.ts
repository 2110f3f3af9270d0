// A local stand-in for a Jetstream instance, for tests only. There is no real Jetstream server
// here (it needs the live relay), so this one serves *recorded* frames in Jetstream's exact wire
// format over a real WebSocket (the `ws` package): it keeps an ordered log, replays from
// `cursor` (every event with time_us ≥ cursor), filters by `wantedCollections` (exact or
// `prefix.*`; identity and account events always pass, as in Jetstream) and `wantedDids`, then
// follows the log as it grows (an optional generated live tail). A connection without a cursor
// gets the whole recording, as if it had been connected while it happened.
// Faults are planned per connection: drop the TCP connection after N events, close with a code,
// inject raw frames (malformed JSON, bad records), or go silent for a while.
import { WebSocketServer, type WebSocket } from "ws";
import type { AddressInfo } from "node:net";
import { readFileSync } from "node:fs";

export interface ConnectionPlan {
  /** Destroy the TCP connection (no close frame) after sending this many events. */
  dropAfter?: number;
  /** Send a close frame with this code after this many events. */
  close?: { after: number; code: number; reason?: string };
  /** Raw frames sent before the event numbered `before` (0-based, counting this connection's events). */
  inject?: { before: number; payload: string }[];
  /** After this many events, send nothing for `ms` (Infinity: until the client leaves). */
  stall?: { after: number; ms: number };
}

export interface JetstreamServerOptions {
  /** Recorded frames in time order, sent byte for byte. */
  events: string[];
  /** Fault plans by connection number (0 = first); connections beyond the list behave. */
  plans?: ConnectionPlan[];
  /** A generated live tail appended to the log every `everyMs` (time_us from the clock). */
  tail?: { everyMs: number; make: (n: number, timeUs: number) => string };
}

export interface ConnectionLog {
  query: URLSearchParams;
  cursor: string | null;
  sent: number;
  closedByClient: boolean;
}

export interface JetstreamServer {
  /** ws://127.0.0.1:PORT (the source adds /subscribe). */
  url: string;
  connections: ConnectionLog[];
  /** Resolves when `count` connections have been made (or rejects after `timeoutMs`). */
  waitForConnections(count: number, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

interface Entry { raw: string; did: string; timeUs: number; kind: string; collection: string | null }

function entryOf(raw: string): Entry {
  const e = JSON.parse(raw) as { did: string; time_us: number; kind: string; commit?: { collection?: string } };
  return { raw, did: e.did, timeUs: e.time_us, kind: e.kind, collection: e.commit?.collection ?? null };
}

/** Non-empty lines of a recorded .jsonl fixture. */
export function readFixture(path: string | URL): string[] {
  return readFileSync(path, "utf8").split("\n").filter((l) => l.trim() !== "");
}

function wanted(entry: Entry, collections: string[], dids: Set<string>): boolean {
  if (dids.size > 0 && !dids.has(entry.did)) return false;
  if (entry.kind !== "commit" || collections.length === 0) return true;
  const c = entry.collection ?? "";
  return collections.some((w) => (w.endsWith(".*") ? c.startsWith(w.slice(0, -1)) : c === w));
}

export async function startJetstreamServer(options: JetstreamServerOptions): Promise<JetstreamServer> {
  const log: Entry[] = options.events.map(entryOf);
  const listeners = new Set<() => void>();
  const notify = () => {
    for (const l of [...listeners]) l();
  };
  const connections: ConnectionLog[] = [];
  const connWaiters: Array<{ count: number; resolve: () => void }> = [];
  const sockets = new Set<WebSocket>();
  let closed = false;

  const wss = new WebSocketServer({ host: "127.0.0.1", port: 0, path: "/subscribe" });
  await new Promise<void>((resolve, reject) => {
    wss.once("listening", resolve);
    wss.once("error", reject);
  });

  let tailTimer: ReturnType<typeof setInterval> | null = null;
  if (options.tail) {
    let n = 0;
    const tail = options.tail;
    tailTimer = setInterval(() => {
      const last = log.length ? log[log.length - 1]!.timeUs : 0;
      const timeUs = Math.max(last + 1, Date.now() * 1000);
      log.push(entryOf(tail.make(n++, timeUs)));
      notify();
    }, tail.everyMs);
  }

  wss.on("connection", (ws, req) => {
    sockets.add(ws);
    const query = new URL(req.url ?? "/", "ws://localhost").searchParams;
    const cursor = query.get("cursor");
    const record: ConnectionLog = { query, cursor, sent: 0, closedByClient: false };
    const plan = options.plans?.[connections.length] ?? {};
    connections.push(record);
    for (const w of connWaiters.filter((w) => connections.length >= w.count)) {
      connWaiters.splice(connWaiters.indexOf(w), 1);
      w.resolve();
    }
    const collections = query.getAll("wantedCollections");
    const dids = new Set(query.getAll("wantedDids"));
    let open = true;
    let wake: (() => void) | null = null;
    ws.on("close", () => {
      if (open) record.closedByClient = true;
      open = false;
      sockets.delete(ws);
      wake?.();
    });
    ws.on("error", () => {
      open = false;
      wake?.();
    });
    const send = (data: string) =>
      new Promise<void>((resolve) => {
        if (!open) return resolve();
        ws.send(data, () => resolve());
      });
    const pause = (ms: number) =>
      new Promise<void>((resolve) => {
        const timer = Number.isFinite(ms) ? setTimeout(done, ms) : null;
        function done() {
          if (timer) clearTimeout(timer);
          wake = null;
          resolve();
        }
        wake = done;
      });
    const nextEntry = () =>
      new Promise<void>((resolve) => {
        const l = () => {
          listeners.delete(l);
          wake = null;
          resolve();
        };
        listeners.add(l);
        wake = l;
      });

    void (async () => {
      const from = cursor !== null && /^\d+$/.test(cursor) ? Number(cursor) : null;
      let i = from === null ? 0 : log.findIndex((e) => e.timeUs >= from);
      if (i < 0) i = log.length;
      let stalled = false;
      while (open && !closed) {
        if (i >= log.length) {
          await nextEntry();
          continue;
        }
        const entry = log[i++]!;
        if (from !== null && entry.timeUs < from) continue;
        if (!wanted(entry, collections, dids)) continue;
        for (const inj of plan.inject ?? []) if (inj.before === record.sent) await send(inj.payload);
        if (plan.stall && !stalled && record.sent === plan.stall.after) {
          stalled = true;
          await pause(plan.stall.ms);
          if (!open) break;
        }
        await send(entry.raw);
        record.sent++;
        if (plan.dropAfter !== undefined && record.sent >= plan.dropAfter) {
          open = false;
          ws.terminate();
          break;
        }
        if (plan.close && record.sent >= plan.close.after) {
          open = false;
          ws.close(plan.close.code, plan.close.reason ?? "");
          break;
        }
      }
    })();
  });

  return {
    url: `ws://127.0.0.1:${(wss.address() as AddressInfo).port}`,
    connections,
    waitForConnections(count, timeoutMs = 10_000) {
      if (connections.length >= count) return Promise.resolve();
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`only ${connections.length} of ${count} connections within ${timeoutMs} ms`)), timeoutMs);
        connWaiters.push({ count, resolve: () => (clearTimeout(timer), resolve()) });
      });
    },
    async close() {
      closed = true;
      if (tailTimer) clearInterval(tailTimer);
      notify();
      for (const ws of sockets) ws.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
}
