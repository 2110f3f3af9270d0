// Support for the browser tests (test/browser/): Debian's Chromium driven by playwright-core
// (never a browser downloaded by Playwright), voxpop's HTTP API and web app started in-process on
// a free port with a throwaway database and a known token, a tiny local HTTP server for article
// fixtures, and a place for screenshots (test-output/screenshots/, git-ignored).
//
// Chromium is installed by scripts/install-chromium.sh (called from .ci/run); where it is missing
// the tests skip with that reason instead of failing.
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, rm } from "node:fs/promises";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium, type Browser, type Page } from "playwright-core";
import { createApp, type App } from "../../src/app.ts";
import { createServer, LOOPBACK_HOSTS, startServer } from "../../src/server/index.ts";

export const CHROMIUM = process.env.VOXPOP_CHROMIUM ?? "/usr/bin/chromium";
export const ROOT = new URL("../..", import.meta.url).pathname;
export const SCREENSHOTS = join(ROOT, "test-output", "screenshots");

// Everything that would reach out to the network or keep state between runs is off: the tests
// run offline, and each run starts from a fresh profile.
const ARGS = [
  "--headless",
  "--no-sandbox", // CI runs as root, where Chromium's sandbox cannot start
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-quic",
  "--no-first-run",
  "--disable-component-update",
  "--disable-sync",
  "--disable-dev-shm-usage", // small /dev/shm in containers
];

export interface LaunchedBrowser {
  browser: Browser;
  close(): Promise<void>;
}

/**
 * Starts headless Chromium, or says why it cannot (so the caller can skip). Playwright refuses a
 * `--user-data-dir` argument on `launch`; the profile directory it makes itself is a fresh one
 * under the temp dir, removed on close; downloads go to a temp dir of ours, removed too.
 */
export async function launchBrowser(): Promise<LaunchedBrowser | { skip: string }> {
  if (!existsSync(CHROMIUM)) {
    return { skip: `${CHROMIUM} is not installed (run scripts/install-chromium.sh as root; CI does it in .ci/run)` };
  }
  const downloads = await mkdtemp(join(tmpdir(), "voxpop-browser-"));
  let browser: Browser;
  try {
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ARGS, downloadsPath: downloads, timeout: 30_000 });
  } catch (err) {
    await rm(downloads, { recursive: true, force: true });
    return { skip: `Chromium at ${CHROMIUM} did not start: ${(err as Error).message.split("\n")[0]}` };
  }
  return {
    browser,
    async close() {
      await browser.close().catch(() => {});
      await rm(downloads, { recursive: true, force: true });
    },
  };
}

/** Saves a full-page screenshot as test-output/screenshots/NAME.png and returns its path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  await mkdir(SCREENSHOTS, { recursive: true });
  const path = join(SCREENSHOTS, `${name}.png`);
  await page.screenshot({ path, fullPage: false });
  return path;
}

/**
 * Collects what must never happen on a page under test: a JavaScript dialog (alert/confirm/
 * prompt, which the XSS payloads call), an uncaught page error, or a console error. Dialogs are
 * dismissed so a page never blocks.
 */
export function watchPage(page: Page): { dialogs: string[]; errors: string[] } {
  const seen = { dialogs: [] as string[], errors: [] as string[] };
  page.on("dialog", (d) => {
    seen.dialogs.push(`${d.type()}: ${d.message()}`);
    void d.dismiss().catch(() => {});
  });
  page.on("pageerror", (e) => seen.errors.push(e.message));
  return seen;
}

// ---- a local HTTP server for article fixtures ------------------------------------------------

export interface FixtureServer {
  url: string;
  /** Serves `body` at `path` (text/html unless a type is given). */
  set(path: string, body: string, type?: string): void;
  close(): Promise<void>;
}

export async function startFixtureServer(): Promise<FixtureServer> {
  const files = new Map<string, { body: string; type: string }>();
  const server = http.createServer((req, res) => {
    const file = files.get(new URL(req.url ?? "/", "http://x").pathname);
    if (!file) {
      res.statusCode = 404;
      res.end("not found");
      return;
    }
    res.setHeader("content-type", file.type);
    res.end(file.body);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    set(path, body, type = "text/html; charset=utf-8") {
      files.set(path, { body, type });
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

// ---- voxpop's server, in process -------------------------------------------------------------

export interface VoxpopServer {
  /** e.g. http://127.0.0.1:40123 (no trailing slash). */
  url: string;
  token: string;
  app: App;
  /** Calls the API as a client would (the token is added to writes). */
  api(path: string, init?: { method?: string; body?: unknown }): Promise<Response>;
  stop(): Promise<void>;
}

export const TEST_TOKEN = "browser-test-token-0123456789abcdef";

/**
 * voxpop's HTTP API and web app on 127.0.0.1 on a free port, over a throwaway SQLite database,
 * with a known token. `allowPrivate` lets the import route read the local fixture server, as
 * `voxpop serve --allow-private` does. Event streams poll the store often so live posts show up
 * quickly (correctness never depends on it: the tests wait for the post to appear). `prepare`
 * fills the database first.
 */
export async function startVoxpop(options: { allowPrivate?: boolean; prepare?: (dbPath: string) => Promise<unknown> } = {}): Promise<VoxpopServer> {
  const dir = await mkdtemp(join(tmpdir(), "voxpop-browser-db-"));
  const dbPath = join(dir, "voxpop.db");
  // Written before the server opens the database (e.g. bench/feed-store.ts's large story).
  if (options.prepare) await options.prepare(dbPath);
  const app = createApp({ dbPath, fetch: { allowPrivate: options.allowPrivate ?? false } });
  const shutdown = new AbortController();
  const hono = createServer(app, {
    token: TEST_TOKEN,
    allowPrivate: options.allowPrivate ?? false,
    allowedHosts: LOOPBACK_HOSTS,
    events: { pollMs: 100 },
    signal: shutdown.signal,
    log: () => {},
  });
  const running = await startServer(hono, { port: 0, host: "127.0.0.1" });
  const url = running.url.replace(/\/$/, "");
  return {
    url,
    token: TEST_TOKEN,
    app,
    api(path, init = {}) {
      const method = init.method ?? (init.body === undefined ? "GET" : "POST");
      const headers: Record<string, string> = {};
      if (init.body !== undefined) headers["content-type"] = "application/json";
      if (method !== "GET") headers.authorization = `Bearer ${TEST_TOKEN}`;
      return fetch(url + path, { method, headers, body: init.body === undefined ? undefined : JSON.stringify(init.body) });
    },
    async stop() {
      shutdown.abort();
      await running.close();
      await app.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
