// `voxpop worker --bus nats://HOST:4222 [--db …] [--batch N]`: stores what collectors publish to
// the bus (src/bus). Run as many as needed, on any machines that reach NATS and the store: they
// share one durable consumer and split the messages. Ctrl-C or SIGTERM drains: the batches being
// built are stored and acknowledged, messages pulled but not started go back to the stream; a
// second Ctrl-C exits at once, which is safe too (unacknowledged messages are delivered again and
// the store absorbs repeats).
import { z } from "zod";
import type { App } from "../app.ts";
import { VoxpopError } from "../core/index.ts";
import { displayUrl, parseBusUrl, runWorker, newWorkerStats, DEFAULT_STREAM, DEFAULT_DURABLE } from "../bus/index.ts";
import { startProgress, type ProgressDisplay } from "../collect/index.ts";
import { defaultPipeline } from "../enrich/index.ts";
import { createProfileResolver } from "../sources/bluesky/index.ts";
import type { Io } from "./main.ts";
import { terminalSafe } from "./format.ts";

export interface WorkerArgs {
  bus?: string;
  batch?: string;
  "allow-private"?: boolean;
}

export interface WorkerHooks {
  /** Stops the worker (tests); SIGINT and SIGTERM do the same. */
  signal?: AbortSignal;
}

const batchSchema = z.coerce.number("--batch must be a number").int("--batch must be a whole number").min(1, "--batch must be at least 1").max(10_000, "--batch must be at most 10000");

export async function workerCommand(app: App, values: WorkerArgs, io: Io, hooks: WorkerHooks = {}): Promise<number> {
  const url = values.bus ?? io.env.VOXPOP_BUS;
  if (!url) throw new VoxpopError("INVALID_ARGUMENT", "worker needs the bus: --bus nats://HOST:4222 (or VOXPOP_BUS)");
  const servers = parseBusUrl(url);
  const parsedBatch = batchSchema.safeParse(values.batch ?? "500");
  if (!parsedBatch.success) throw new VoxpopError("INVALID_ARGUMENT", parsedBatch.error.issues[0]?.message ?? "bad --batch");

  const controller = new AbortController();
  const stop = () => {
    if (controller.signal.aborted) {
      io.stderr("voxpop worker: stopping now\n");
      process.exit(130);
    }
    io.stderr("\nStopping: storing and acknowledging what was taken (Ctrl-C again to quit at once)…\n");
    controller.abort();
  };
  hooks.signal?.addEventListener("abort", () => controller.abort(), { once: true });
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
  const note = (m: string) => io.stderr(`note: ${terminalSafe(m)}\n`);
  const stats = newWorkerStats();
  let display: ProgressDisplay | null = null;
  try {
    const profiles = createProfileResolver({ appview: io.env.VOXPOP_BLUESKY_APPVIEW || undefined, allowPrivate: values["allow-private"] ?? false, onError: note });
    await runWorker({
      url: servers,
      store: app.store(),
      pipeline: app.config.pipeline ?? defaultPipeline(),
      signal: controller.signal,
      batchSize: parsedBatch.data,
      completePosts: profiles,
      stats,
      onNote: note,
      onReady: () => {
        io.stderr(`voxpop worker: pulling from ${servers.map(displayUrl).join(", ")} (stream ${DEFAULT_STREAM}, consumer ${DEFAULT_DURABLE})\n`);
        display = startProgress(stats.sources, io.stderr, { tty: io.tty ?? false });
      },
    });
    (display as ProgressDisplay | null)?.stop();
    display = null;
    const sum = (k: "fetched" | "stored" | "duplicates" | "quarantined") => stats.sources.reduce((n, s) => n + s[k], 0);
    io.stderr(`voxpop worker: ${stats.received} messages (${stats.redelivered} redelivered), ${sum("stored")} new posts stored, ` +
      `${sum("duplicates")} already stored, ${sum("quarantined") + stats.malformed} quarantined${stats.lastError ? `; last store error: ${terminalSafe(stats.lastError)}` : ""}.\n`);
    return 0;
  } finally {
    (display as ProgressDisplay | null)?.stop();
    process.off("SIGINT", stop);
    process.off("SIGTERM", stop);
  }
}
