// Starts the real local Bluesky network (test/support/bsky-net: PLC, PDS and AppView from
// @atproto/dev-env) for an integration test. It runs as its own process on the machine's Node 20
// (/usr/bin/node), because the PDS needs the native better-sqlite3, which does not build against
// Node 24; the test talks to it over HTTP and WebSocket like any Bluesky server. When it cannot
// start (no Node 20, no PostgreSQL or Redis, the install failed) the caller gets `{ skip }` with
// the reason, for `t.skip(reason)`.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import os from "node:os";
import readline from "node:readline";
import { fileURLToPath } from "node:url";

export interface BskyAccount {
  handle: string;
  did: string;
  password: string;
  appPassword: string;
}

export interface BskyNetwork {
  pdsUrl: string;
  appviewUrl: string;
  plcUrl: string;
  /** subject.test first, then alice, bob, carol and dave (all on the one PDS). */
  accounts: BskyAccount[];
  /** Waits until the AppView has indexed everything the PDS has sequenced. */
  sync(): Promise<void>;
  stop(): Promise<void>;
}

const HERE = path.join(path.dirname(fileURLToPath(import.meta.url)), "bsky-net");
const NODE20 = process.env.VOXPOP_BSKY_NODE ?? "/usr/bin/node";
const NPM20 = process.env.VOXPOP_BSKY_NPM ?? "/usr/bin/npm";

/** Written after a complete install, so a killed `npm ci` is never taken for a working one. */
const MARKER = path.join(HERE, "node_modules", ".voxpop-installed");

function install(): string | null {
  if (existsSync(MARKER)) return null;
  if (!existsSync(NPM20)) return `${NPM20} not found (the network needs the machine's Node 20 and npm)`;
  process.stderr.write(`bsky-net: installing @atproto/dev-env in ${HERE} (npm ci, about 2-3 minutes)...\n`);
  const started = Date.now();
  // Test files run in parallel: one installs under a lock, the others wait and then find the marker.
  const script = `test -f "$1" || { "$2" ci --no-audit --no-fund && touch "$1"; }`;
  const res = spawnSync("flock", [path.join(os.tmpdir(), "voxpop-bsky-net-install.lock"), "sh", "-c", script, "sh", MARKER, NPM20],
    { cwd: HERE, stdio: ["ignore", "inherit", "inherit"], timeout: 10 * 60_000 });
  if (res.status !== 0) return `npm ci in ${HERE} failed (${res.error?.message ?? `exit ${res.status}`})`;
  process.stderr.write(`bsky-net: ready after ${Math.round((Date.now() - started) / 1000)} s\n`);
  return null;
}

export async function startBskyNetwork(options: { timeoutMs?: number } = {}): Promise<BskyNetwork | { skip: string }> {
  if (!existsSync(NODE20)) return { skip: `${NODE20} not found: the local Bluesky network runs on the machine's Node 20` };
  const failed = install();
  if (failed) return { skip: `local Bluesky network not installed: ${failed}` };
  // Two test files may start a network at the same moment, and dev-env picks its free ports
  // itself: both can pick the same one. A start that lost that race is tried again.
  for (let attempt = 1; ; attempt++) {
    const started = await startOnce(options);
    if (!("skip" in started) || !/EADDRINUSE/.test(started.skip) || attempt === 3) return started;
    process.stderr.write(`bsky-net: a port was taken by another network starting at the same time; starting again\n`);
  }
}

async function startOnce(options: { timeoutMs?: number }): Promise<BskyNetwork | { skip: string }> {
  const child = spawn(NODE20, ["start.mjs"], { cwd: HERE, stdio: ["pipe", "pipe", "pipe"], env: { ...process.env } });
  let stderr = "";
  child.stderr!.setEncoding("utf8");
  child.stderr!.on("data", (chunk: string) => {
    stderr = (stderr + chunk).slice(-4000);
  });
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  const pending = new Map<number, { resolve: () => void; reject: (err: Error) => void }>();
  let nextId = 1;

  const ready = new Promise<Record<string, unknown>>((resolve, reject) => {
    const lines = readline.createInterface({ input: child.stdout! });
    lines.on("line", (line) => {
      let msg: Record<string, unknown>;
      try {
        msg = JSON.parse(line) as Record<string, unknown>;
      } catch {
        return; // a stray log line
      }
      if (msg.ready === true) resolve(msg);
      else if (msg.ready === false) reject(new Error(String(msg.error)));
      else if (typeof msg.reply === "number") {
        const waiter = pending.get(msg.reply);
        pending.delete(msg.reply);
        if (msg.ok) waiter?.resolve();
        else waiter?.reject(new Error(`bsky-net: ${String(msg.error)}`));
      }
    });
    void exited.then((code) => {
      reject(new Error(`the network process exited (code ${code})`));
      for (const waiter of pending.values()) waiter.reject(new Error("the network process exited"));
      pending.clear();
    });
  });

  const timeoutMs = options.timeoutMs ?? 60_000;
  let timer: NodeJS.Timeout | undefined;
  try {
    const msg = await Promise.race([
      ready,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`not ready within ${timeoutMs / 1000} s`)), timeoutMs);
      }),
    ]);
    clearTimeout(timer);
    return {
      pdsUrl: String(msg.pdsUrl),
      appviewUrl: String(msg.appviewUrl),
      plcUrl: String(msg.plcUrl),
      accounts: msg.accounts as BskyAccount[],
      sync: () =>
        new Promise<void>((resolve, reject) => {
          const id = nextId++;
          pending.set(id, { resolve, reject });
          child.stdin!.write(JSON.stringify({ id, cmd: "sync" }) + "\n");
        }),
      stop: () => stopChild(child, exited),
    };
  } catch (err) {
    clearTimeout(timer);
    await stopChild(child, exited);
    const hint = /ECONNREFUSED|postgres|redis/i.test(stderr + String(err)) ? " (it needs PostgreSQL on 127.0.0.1:5432 and Redis on 127.0.0.1:6379)" : "";
    return { skip: `local Bluesky network did not start: ${(err as Error).message}${hint}; ${stderr.trim().split("\n").slice(-3).join(" | ")}` };
  }
}

async function stopChild(child: ChildProcess, exited: Promise<number | null>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.stdin!.end(); // the network shuts down when its stdin closes
  const timer = setTimeout(() => child.kill("SIGKILL"), 20_000);
  await exited;
  clearTimeout(timer);
}
