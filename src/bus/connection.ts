// The NATS connection and the JetStream objects voxpop needs. The connection retries for ever
// once it is up (a NATS restart is waited out: the client buffers what is published meanwhile,
// and the stream is file-backed on the server), but the first connection fails fast with a
// message naming the address, so a typo in --bus is reported at once.
//
// Stream: work-queue retention (a message is deleted once a worker acknowledges it), file
// storage, "discard new" when full (publishing then fails and the collector waits and retries,
// nothing already queued is ever dropped), and a duplicate window for the message ids.
// Consumer: one durable pull consumer shared by every worker, explicit acks, a bounded number
// of unacknowledged messages per worker set, redelivery after `ackWaitMs`.
import { connect, type NatsConnection } from "@nats-io/transport-node";
import { AckPolicy, DeliverPolicy, DiscardPolicy, RetentionPolicy, StorageType, jetstreamManager, type JetStreamManager } from "@nats-io/jetstream";
import { VoxpopError } from "../core/index.ts";
import { checkNames, DEFAULT_DURABLE, DEFAULT_STREAM, DEFAULT_SUBJECT_PREFIX } from "./subjects.ts";

export interface BusNames {
  /** JetStream stream (default "VOXPOP"). */
  stream?: string;
  /** Subject prefix; items go to `<prefix>.<story>.<source>` (default "voxpop.items"). */
  subjectPrefix?: string;
}

export interface StreamOptions extends BusNames {
  /** Duplicate window for message ids, ms (default 10 minutes). */
  duplicateWindowMs?: number;
  /** Largest size of the stream in bytes (default: no limit but the server's). */
  maxBytes?: number;
}

export interface ConsumerOptions extends BusNames {
  /** Durable consumer shared by the workers (default "voxpop-worker"). */
  durable?: string;
  /** A delivered message not acknowledged in this time is delivered again (default 60 s). */
  ackWaitMs?: number;
  /** Messages delivered and not yet acknowledged, all workers together (default 20 000). */
  maxAckPending?: number;
}

const NS = 1_000_000;

export function resolveNames(names: BusNames): { stream: string; subjectPrefix: string } {
  const stream = names.stream ?? DEFAULT_STREAM;
  const subjectPrefix = names.subjectPrefix ?? DEFAULT_SUBJECT_PREFIX;
  const problem = checkNames(stream, subjectPrefix);
  if (problem) throw new VoxpopError("INVALID_ARGUMENT", problem);
  return { stream, subjectPrefix };
}

/** Parses `--bus` values: nats://HOST:PORT (tls:// too), several separated by commas. */
export function parseBusUrl(url: string | string[]): string[] {
  const list = (Array.isArray(url) ? url : [url]).flatMap((u) => u.split(",")).map((u) => u.trim()).filter(Boolean);
  if (list.length === 0) throw new VoxpopError("INVALID_ARGUMENT", "--bus needs a NATS URL, e.g. nats://127.0.0.1:4222");
  for (const u of list) {
    let parsed: URL;
    try {
      parsed = new URL(u);
    } catch {
      throw new VoxpopError("INVALID_ARGUMENT", `--bus "${u}" is not a URL; use nats://HOST:4222`);
    }
    if (!["nats:", "tls:"].includes(parsed.protocol)) throw new VoxpopError("INVALID_ARGUMENT", `--bus "${u}": a NATS URL starts with nats:// or tls://`);
  }
  return list;
}

/** Where a URL points, without credentials (for messages). */
export function displayUrl(url: string): string {
  try {
    const u = new URL(url);
    u.username = "";
    u.password = "";
    return u.href.replace(/\/$/, "");
  } catch {
    return "(invalid URL)";
  }
}

export async function connectBus(url: string | string[], options: { name?: string; connectTimeoutMs?: number } = {}): Promise<NatsConnection> {
  const servers = parseBusUrl(url);
  try {
    return await connect({
      servers,
      name: options.name ?? `voxpop ${process.pid}`,
      timeout: options.connectTimeoutMs ?? 5000,
      // Once connected, never give up: a restarted server is waited for.
      maxReconnectAttempts: -1,
      reconnectTimeWait: 500,
    });
  } catch (cause) {
    throw new VoxpopError("FETCH_FAILED", `cannot reach NATS at ${servers.map(displayUrl).join(", ")}: ${(cause as Error).message}`, { cause });
  }
}

function isNotFound(err: unknown): boolean {
  const e = err as { code?: unknown; api_error?: { err_code?: number }; message?: string };
  return e?.api_error?.err_code === 10059 || e?.api_error?.err_code === 10014 || /not found/i.test(e?.message ?? "");
}

/** Creates the stream if it is missing (an existing one is kept as its operator configured it). */
export async function ensureStream(jsm: JetStreamManager, options: StreamOptions = {}): Promise<void> {
  const { stream, subjectPrefix } = resolveNames(options);
  try {
    const info = await jsm.streams.info(stream);
    // Workers need direct gets to commit cursors (worker.ts); turn them on for an older stream.
    if (!info.config.allow_direct) await jsm.streams.update(stream, { allow_direct: true }).catch(() => {});
    return;
  } catch (err) {
    if (!isNotFound(err)) throw new VoxpopError("FETCH_FAILED", `JetStream stream ${stream}: ${(err as Error).message}`, { cause: err });
  }
  try {
    await jsm.streams.add({
      name: stream,
      subjects: [`${subjectPrefix}.>`],
      retention: RetentionPolicy.Workqueue,
      storage: StorageType.File,
      discard: DiscardPolicy.New,
      duplicate_window: (options.duplicateWindowMs ?? 10 * 60_000) * NS,
      // Workers ask for the oldest message left on a subject before they commit a cursor (worker.ts).
      allow_direct: true,
      ...(options.maxBytes ? { max_bytes: options.maxBytes } : {}),
    });
  } catch (err) {
    // Another process created it meanwhile: fine.
    const again = await jsm.streams.info(stream).then(() => true, () => false);
    if (!again) throw new VoxpopError("FETCH_FAILED", `cannot create the JetStream stream ${stream} (is JetStream enabled on the server? nats-server -js): ${(err as Error).message}`, { cause: err });
  }
}

/** Creates the workers' durable consumer if it is missing. */
export async function ensureConsumer(jsm: JetStreamManager, options: ConsumerOptions = {}): Promise<string> {
  const { stream, subjectPrefix } = resolveNames(options);
  const durable = options.durable ?? DEFAULT_DURABLE;
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(durable)) throw new VoxpopError("INVALID_ARGUMENT", `consumer name "${durable}": letters, digits, "_" and "-" only`);
  try {
    await jsm.consumers.info(stream, durable);
    return durable;
  } catch (err) {
    if (!isNotFound(err)) throw new VoxpopError("FETCH_FAILED", `JetStream consumer ${stream}/${durable}: ${(err as Error).message}`, { cause: err });
  }
  try {
    await jsm.consumers.add(stream, {
      durable_name: durable,
      ack_policy: AckPolicy.Explicit,
      deliver_policy: DeliverPolicy.All,
      filter_subject: `${subjectPrefix}.>`,
      ack_wait: (options.ackWaitMs ?? 60_000) * NS,
      max_ack_pending: options.maxAckPending ?? 20_000,
      max_deliver: -1,
    });
  } catch (err) {
    const again = await jsm.consumers.info(stream, durable).then(() => true, () => false);
    if (!again) throw new VoxpopError("FETCH_FAILED", `cannot create the JetStream consumer ${stream}/${durable}: ${(err as Error).message}`, { cause: err });
  }
  return durable;
}

export { jetstreamManager };
