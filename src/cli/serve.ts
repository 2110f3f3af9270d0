// `voxpop serve`: the HTTP API and the web app on 127.0.0.1:8787 by default. The API token is
// generated on first start and printed that once; with --demo an empty store gets the demo story
// first. Ctrl-C or SIGTERM closes open event streams and stops cleanly.
import { z } from "zod";
import { VoxpopError } from "../core/index.ts";
import type { App } from "../app.ts";
import { createServer, isLoopback, LOOPBACK_HOSTS, resolveToken, startServer, type RunningServer } from "../server/index.ts";
import type { Io } from "./main.ts";
import { terminalSafe } from "./format.ts";

export interface ServeArgs {
  port?: string;
  host?: string;
  demo?: boolean;
  "allow-private"?: boolean;
}

export interface ServeHooks {
  /** Stops the server (tests); SIGINT and SIGTERM do the same. */
  signal?: AbortSignal;
  /** Called once listening (tests read the URL from it). */
  onListening?: (server: RunningServer) => void;
}

const portSchema = z.coerce.number("--port must be a number").int("--port must be a whole number").min(0, "--port must be 0..65535").max(65535, "--port must be 0..65535");

async function seedDemo(app: App, io: Io): Promise<void> {
  if ((await app.store().listStories()).length > 0) return;
  const { story, posts } = await app.seedDemo();
  io.stderr(`Seeded the demo story "${terminalSafe(story)}" (${posts} posts).\n`);
}

export async function serveCommand(app: App, values: ServeArgs, io: Io, hooks: ServeHooks = {}): Promise<number> {
  const parsedPort = portSchema.safeParse(values.port ?? "8787");
  if (!parsedPort.success) throw new VoxpopError("INVALID_ARGUMENT", parsedPort.error.issues[0]?.message ?? "bad --port");
  const port = parsedPort.data;
  const host = (values.host ?? "127.0.0.1").trim();
  if (!host) throw new VoxpopError("INVALID_ARGUMENT", "--host must not be empty");
  const loopback = isLoopback(host);

  const token = await resolveToken(io.env);
  if (values.demo) await seedDemo(app, io);

  const controller = new AbortController();
  const server = createServer(app, {
    token: token.token,
    allowPrivate: values["allow-private"] ?? false,
    // Bound to loopback, only loopback names are answered: a web page on another name that
    // resolves to 127.0.0.1 (DNS rebinding) cannot read the API.
    allowedHosts: loopback ? LOOPBACK_HOSTS : null,
    signal: controller.signal,
    log: (line) => io.stderr(terminalSafe(line) + "\n"),
  });
  const running = await startServer(server, { port, host });

  if (!loopback) {
    io.stderr(`warning: listening on ${terminalSafe(host)}, not only this machine: anyone who can reach it can read every story (writes still need the token).\n`);
  }
  io.stdout(`voxpop is serving ${running.url} (Ctrl-C to stop)\n`);
  if (token.created) io.stdout(`API token (shown once): ${token.token}; stored in ${token.path}\n`);
  else io.stdout(token.path ? `API token: stored in ${token.path}\n` : "API token: from VOXPOP_API_TOKEN\n");
  hooks.onListening?.(running);

  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
    if (hooks.signal?.aborted) resolve();
    hooks.signal?.addEventListener("abort", stop, { once: true });
    controller.signal.addEventListener("abort", () => {
      process.off("SIGINT", stop);
      process.off("SIGTERM", stop);
    }, { once: true });
  }).finally(() => controller.abort());
  io.stderr("Stopping…\n");
  await running.close();
  return 0;
}
