// The HTTP API of docs/API.md as a Hono app, wired to an App and nothing else: no port, no
// process state, so tests drive it in process with `server.request(...)`. Inputs are checked
// with zod (schemas.ts), errors mapped in one place (errors.ts), writes need the bearer token.
import { Hono, type Context } from "hono";
import { z } from "zod";
import { VoxpopError } from "../core/index.ts";
import type { App } from "../app.ts";
import { errorResponse } from "./errors.ts";
import { EventHub, type EventOptions } from "./events.ts";
import {
  createStoryBody, datasheetQuery, exportQuery, importBody, parseDecision, parsePostQuery, parseQuery, parseWith, patchStoryBody,
  roundupQuery, statsQuery, storyName, toStoryFields,
} from "./schemas.ts";
import { MEDIA_TYPES } from "../publish/index.ts";
import { APP_CSP, roundupCsp, bearerCheck, hostName, jsonResponse, setSecurityHeaders } from "./security.ts";
import { WebRoot } from "./static.ts";

export interface ServerOptions {
  /** The bearer token write routes ask for (see token.ts). */
  token: string;
  /** Let `POST .../import {url}` fetch private and loopback addresses (`serve --allow-private`). */
  allowPrivate?: boolean;
  /** The web app's folder (default: src/web/). */
  webRoot?: URL;
  /**
   * Host names (no port) the Host header must name; when bound to loopback this stops DNS
   * rebinding (a web page on another name reaching the local API). Null: any host.
   */
  allowedHosts?: string[] | null;
  events?: EventOptions;
  /** Aborting it ends every open event stream (server shutdown). */
  signal?: AbortSignal;
  /** Where internal errors are logged (default: stderr). */
  log?: (line: string) => void;
}

/** Largest JSON body of the import route (an article's HTML), and of every other route. */
export const IMPORT_BODY_LIMIT = 5 * 1024 * 1024;
export const BODY_LIMIT = 64 * 1024;

const DEFAULT_WEB_ROOT = new URL("../web/", import.meta.url);

/** Reads a JSON body of at most `limit` bytes; a bigger one is refused before it is all read. */
async function readJson(c: Context, limit: number): Promise<unknown> {
  const declared = c.req.header("content-length");
  if (declared !== undefined && Number(declared) > limit) {
    throw new VoxpopError("INPUT_TOO_LARGE", `the request body is over the ${limit}-byte limit`);
  }
  const type = c.req.header("content-type");
  if (type !== undefined && !/^application\/([\w.+-]+\+)?json\s*(;|$)/i.test(type)) {
    throw new VoxpopError("INVALID_ARGUMENT", `the request body must be JSON (Content-Type: application/json), not ${type.slice(0, 80)}`);
  }
  const body = c.req.raw.body;
  if (!body) throw new VoxpopError("INVALID_ARGUMENT", "this route needs a JSON body");
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => {});
      throw new VoxpopError("INPUT_TOO_LARGE", `the request body is over the ${limit}-byte limit`);
    }
    chunks.push(value);
  }
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(Buffer.concat(chunks));
  } catch (cause) {
    throw new VoxpopError("INVALID_ENCODING", "the request body is not valid UTF-8", { cause });
  }
  if (text.trim() === "") throw new VoxpopError("INVALID_ARGUMENT", "this route needs a JSON body");
  try {
    return JSON.parse(text);
  } catch (cause) {
    throw new VoxpopError("PARSE_ERROR", `the request body is not valid JSON: ${(cause as Error).message.slice(0, 120)}`, { cause });
  }
}

function nameParam(c: Context): string {
  return parseWith(storyName, c.req.param("name"), "story name");
}

/** Content-Disposition for a download: an ASCII fallback name and the exact UTF-8 one (RFC 6266). */
function attachment(name: string): string {
  const ascii = name.replace(/[^A-Za-z0-9._-]+/g, "_").replace(/^[._]+/, "") || "export";
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

export function createServer(app: App, options: ServerOptions): Hono {
  const log = options.log ?? ((line: string) => process.stderr.write(line + "\n"));
  const checkToken = bearerCheck(options.token);
  const web = new WebRoot(options.webRoot ?? DEFAULT_WEB_ROOT);
  const hub = new EventHub(options.events ?? {}, options.signal, log);
  const allowed = options.allowedHosts ? new Set(options.allowedHosts.map((h) => h.toLowerCase())) : null;
  const store = () => app.store();
  const server = new Hono();

  server.onError((err, c) => {
    setSecurityHeaders(c);
    return errorResponse(c, err, log);
  });
  server.notFound((c) => jsonResponse(c, { error: { code: "NOT_FOUND", message: `no route ${c.req.method} ${new URL(c.req.url).pathname.slice(0, 200)}` } }, 404));

  server.use(async (c, next) => {
    if (allowed) {
      // In process (tests) a Request has no Host header: its URL's host stands in.
      const host = hostName(c.req.header("host") ?? new URL(c.req.url).host);
      if (!host || !allowed.has(host)) throw new VoxpopError("BLOCKED_ADDRESS", "this server answers only to its own address (Host header refused)");
    }
    const method = c.req.method;
    // Every write shows the token; reads are open to whoever can reach the port (docs/API.md).
    if (method !== "GET" && method !== "HEAD") checkToken(c.req.header("authorization"));
    await next();
    setSecurityHeaders(c);
  });

  // ---- stories ----
  server.get("/api/stories", async (c) => jsonResponse(c, { stories: await store().listStories() }));

  server.post("/api/stories", async (c) => {
    const body = parseWith(createStoryBody, await readJson(c, BODY_LIMIT), "body");
    if (await store().getStory(body.name)) {
      throw new VoxpopError("INVALID_ARGUMENT", `a story named ${JSON.stringify(body.name)} already exists; change it with PATCH /api/stories/NAME`);
    }
    return jsonResponse(c, await store().ensureStory(body.name, toStoryFields(body)), 201);
  });

  server.get("/api/stories/:name", async (c) => jsonResponse(c, await requireStory(nameParam(c))));

  server.patch("/api/stories/:name", async (c) => {
    const name = nameParam(c);
    const body = parseWith(patchStoryBody, await readJson(c, BODY_LIMIT), "body");
    await requireStory(name);
    return jsonResponse(c, await store().ensureStory(name, toStoryFields(body)));
  });

  async function requireStory(name: string) {
    const story = await store().getStory(name);
    if (!story) throw new VoxpopError("NOT_FOUND", `no story named ${JSON.stringify(name)}`);
    return story;
  }

  // ---- the feed ----
  server.get("/api/stories/:name/posts", async (c) => {
    const name = nameParam(c);
    const query = parsePostQuery(c.req.queries());
    return jsonResponse(c, await store().queryPosts(name, query));
  });

  // ---- the decision log ----
  server.post("/api/stories/:name/decisions", async (c) => {
    const name = nameParam(c);
    const input = parseDecision(await readJson(c, BODY_LIMIT), "api");
    await requireStory(name);
    return jsonResponse(c, await store().appendDecision(name, input), 201);
  });

  server.get("/api/stories/:name/decisions", async (c) => {
    const name = nameParam(c);
    parseQuery(z.object({}), c.req.queries(), []);
    await requireStory(name);
    return jsonResponse(c, { decisions: await store().listDecisions(name) });
  });

  // ---- live updates ----
  server.get("/api/stories/:name/events", async (c) => {
    const name = nameParam(c);
    const header = c.req.header("last-event-id");
    let after: number | null = null;
    if (header !== undefined && header.trim() !== "") {
      if (!/^\d{1,15}$/.test(header.trim())) throw new VoxpopError("INVALID_ARGUMENT", "Last-Event-ID must be a post position (a whole number)");
      after = Number(header.trim());
    }
    return hub.stream(c, store(), name, after);
  });

  // ---- publishing and exports ----
  server.get("/api/stories/:name/roundup", async (c) => {
    const name = nameParam(c);
    const { format, embeds } = parseQuery(roundupQuery, c.req.queries(), ["format", "embeds"]);
    const text = await app.renderRoundup(name, format, { embeds });
    if (format === "html") {
      c.header("Content-Security-Policy", roundupCsp(embeds));
      c.header("X-Frame-Options", "SAMEORIGIN");
    }
    return c.body(text, 200, { "Content-Type": MEDIA_TYPES[format].contentType });
  });

  server.get("/api/stories/:name/export", async (c) => {
    const name = nameParam(c);
    const { format } = parseQuery(exportQuery, c.req.queries(), ["format"]);
    const file = await app.exportFile(name, format);
    return c.body(file.body as string, 200, { "Content-Type": file.contentType, "Content-Disposition": attachment(file.fileName) });
  });

  server.get("/api/stories/:name/export/datasheet", async (c) => {
    const name = nameParam(c);
    const { format } = parseQuery(datasheetQuery, c.req.queries(), ["format"]);
    return c.body(await app.datasheet(name, format), 200, { "Content-Type": MEDIA_TYPES.md.contentType });
  });

  server.get("/api/stories/:name/stats", async (c) => {
    const name = nameParam(c);
    const { bucket } = parseQuery(statsQuery, c.req.queries(), ["bucket"]);
    return jsonResponse(c, await store().storyStats(name, bucket ? { bucket } : {}));
  });

  // ---- importing ----
  server.post("/api/stories/:name/import", async (c) => {
    const name = nameParam(c);
    const body = parseWith(importBody, await readJson(c, IMPORT_BODY_LIMIT), "body");
    await requireStory(name);
    return jsonResponse(c, await app.importArticle(name, body, { allowPrivate: options.allowPrivate ?? false }));
  });

  server.all("/api/*", (c) => jsonResponse(c, { error: { code: "NOT_FOUND", message: `no route ${c.req.method} ${new URL(c.req.url).pathname.slice(0, 200)}` } }, 404));

  // ---- the web app ----
  server.on(["GET", "HEAD"], "*", async (c) => {
    const path = new URL(c.req.url).pathname;
    let result = await web.get(path);
    // Client-side routes (no file extension) get the app's page.
    if (result.kind === "missing" && !/\.[A-Za-z0-9]+$/.test(path)) result = await web.get("/index.html");
    if (result.kind === "refused") return jsonResponse(c, { error: { code: "NOT_FOUND", message: "no such file" } }, 404);
    if (result.kind === "missing") return jsonResponse(c, { error: { code: "NOT_FOUND", message: "no such file" } }, 404);
    const { file } = result;
    c.header("Content-Security-Policy", APP_CSP);
    c.header("Cache-Control", "no-cache");
    c.header("Last-Modified", new Date(file.mtimeMs).toUTCString());
    return c.body(file.body as string, 200, { "Content-Type": file.type });
  });

  return server;
}
