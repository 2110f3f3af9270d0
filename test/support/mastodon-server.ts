// A Mastodon CONTRACT server for tests. Mastodon has no local server here (it needs Ruby,
// PostgreSQL, Redis and Node's streaming server), so this serves what the documentation
// (docs.joinmastodon.org: methods/timelines#tag, methods/search#v2, methods/streaming,
// api/guidelines#pagination, api/rate-limits) says a real instance answers, from statuses held in
// memory in the exact Status JSON shape:
// - GET /api/v1/timelines/tag/:hashtag: public statuses with the tag, newest first, with
//   max_id / since_id / min_id / limit (default 20, max 40) and a Link header (rel="next" with
//   max_id when the page is full, rel="prev" with min_id when it is not empty);
// - GET /api/v2/search?type=statuses: {accounts, statuses, hashtags}, offset paging and no Link
//   header (as Mastodon), or Link paging when `searchLinkPaging` is set; a user token required;
// - GET /api/v2/instance: configuration.urls.streaming pointing back at this server;
// - GET /api/v1/streaming/hashtag?tag=: server-sent events (`event: update` with the Status
//   JSON as data, `event: delete` with an id, `event: status.update`, ":thump" heartbeats), a
//   user token required (Mastodon 4.2+);
// - X-RateLimit-Limit/Remaining/Reset (ISO 8601) on every API answer, 429 once the window is
//   used up, 401 {"error":"The access token is invalid"} for a bad token;
// - injected faults (5xx, 429 with a reset, malformed JSON), stream drops, and a request log.
// Its clock (`now`) can be the test's fake clock, so rate-limit windows pass without real waits.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { readFileSync } from "node:fs";

export type Status = Record<string, unknown> & { id: string; created_at: string; visibility?: string; tags?: { name: string; url?: string }[]; content?: string };

export interface Fault {
  /** Which API answers it applies to ("timeline", "search", "instance", "stream"); default any but the stream. */
  route?: Route;
  status?: number;
  /** Raw body sent instead of the normal one (malformed JSON...). */
  body?: string;
  headers?: Record<string, string>;
  /** For a 429: the reset time in ms from now (sent as X-RateLimit-Reset). */
  resetInMs?: number;
}

type Route = "timeline" | "search" | "instance" | "stream";

export interface LoggedRequest {
  route: Route | "other";
  path: string;
  query: Record<string, string>;
  auth: string | null;
}

export interface StreamConnection {
  /** 1-based count of stream connections so far. */
  readonly n: number;
  readonly tag: string;
  send(event: string, data: string): void;
  comment(text: string): void;
  /** Cuts the connection mid-stream (the socket is destroyed, as a dropped network would). */
  drop(): void;
  readonly closed: boolean;
}

export interface MastodonServerOptions {
  statuses?: Status[];
  /** Valid user tokens. */
  tokens?: string[];
  /** Require a token for the hashtag timeline (instances that disabled public previews). Default false. */
  timelineNeedsToken?: boolean;
  /** Requests per rate-limit window; default 300 (Mastodon's default per user). */
  rateLimit?: number;
  /** Window length; default 5 minutes. */
  rateWindowMs?: number;
  /** Serve search with Link-header paging instead of offset. */
  searchLinkPaging?: boolean;
  /** What /api/v2/instance names as the streaming server; default this server (as ws://). */
  streamingUrl?: string;
  /** Heartbeat comment interval on streams; default 200 ms. */
  heartbeatMs?: number;
  now?: () => number;
  /** Called when a stream client connects (after the 200 and the first comment). */
  onStreamConnect?: (conn: StreamConnection, server: MastodonServer) => void;
}

export const FIXTURES = new URL("../fixtures/mastodon/", import.meta.url);

export function loadFixture(name: string): Status[] {
  return JSON.parse(readFileSync(new URL(name, FIXTURES), "utf8")) as Status[];
}

/** A realistic status numbered `i` (ids grow with i), for paging tests with many statuses. */
export function makeStatus(i: number, opts: { tag?: string; host?: string; base?: bigint; at?: number; text?: string } = {}): Status {
  const tag = opts.tag ?? "Example";
  const host = opts.host ?? "social.example";
  const id = String((opts.base ?? 113600000000000000n) + BigInt(i) * 1000n);
  const user = `user${i % 17}`;
  const created = new Date((opts.at ?? Date.parse("2026-11-20T10:00:00Z")) + i * 60_000).toISOString();
  return {
    id,
    created_at: created,
    in_reply_to_id: null,
    in_reply_to_account_id: null,
    sensitive: false,
    spoiler_text: "",
    visibility: "public",
    language: "en",
    uri: `https://${host}/users/${user}/statuses/${id}`,
    url: `https://${host}/@${user}/${id}`,
    replies_count: 0,
    reblogs_count: 0,
    favourites_count: i % 7,
    edited_at: null,
    favourited: false,
    reblogged: false,
    muted: false,
    bookmarked: false,
    content: `<p>${opts.text ?? `Reaction number ${i}`} <a href="https://${host}/tags/${tag.toLowerCase()}" class="mention hashtag" rel="tag">#<span>${tag}</span></a></p>`,
    filtered: [],
    reblog: null,
    application: { name: "Web", website: null },
    account: {
      id: String(100 + (i % 17)),
      username: user,
      acct: user,
      display_name: `User ${i % 17}`,
      locked: false,
      bot: false,
      discoverable: true,
      group: false,
      created_at: "2023-01-01T00:00:00.000Z",
      note: "",
      url: `https://${host}/@${user}`,
      uri: `https://${host}/users/${user}`,
      avatar: `https://${host}/avatars/original/missing.png`,
      avatar_static: `https://${host}/avatars/original/missing.png`,
      header: `https://${host}/headers/original/missing.png`,
      header_static: `https://${host}/headers/original/missing.png`,
      followers_count: i * 3,
      following_count: 10,
      statuses_count: 100,
      last_status_at: "2026-11-20",
      emojis: [],
      fields: [],
    },
    media_attachments: [],
    mentions: [],
    tags: [{ name: tag, url: `https://${host}/tags/${tag.toLowerCase()}` }],
    emojis: [],
    card: null,
    poll: null,
  };
}

function cmpId(a: string, b: string): number {
  const x = BigInt(a);
  const y = BigInt(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

function plain(html: string): string {
  // Test-server matching only (never used on untrusted input in voxpop itself).
  return html.replace(/<[^>]*>/g, " ").replace(/&amp;/g, "&");
}

export class MastodonServer {
  readonly statuses = new Map<string, Status>();
  readonly requests: LoggedRequest[] = [];
  readonly faults: Fault[] = [];
  readonly streams: StreamConnection[] = [];
  readonly options: MastodonServerOptions;
  #server: http.Server;
  #sockets = new Set<import("node:net").Socket>();
  #windowStart: number;
  #used = 0;
  #streamCount = 0;
  #timers = new Set<NodeJS.Timeout>();
  url = "";

  constructor(options: MastodonServerOptions = {}) {
    this.options = options;
    for (const s of options.statuses ?? []) this.statuses.set(s.id, s);
    this.#windowStart = this.#now();
    this.#server = http.createServer((req, res) => this.#handle(req, res));
    this.#server.on("connection", (s) => {
      this.#sockets.add(s);
      s.on("close", () => this.#sockets.delete(s));
    });
  }

  #now(): number {
    return (this.options.now ?? Date.now)();
  }

  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.#server.listen(0, "127.0.0.1", resolve));
    this.url = `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}`;
    return this;
  }

  get host(): string {
    return new URL(this.url).host;
  }

  async close(): Promise<void> {
    for (const t of this.#timers) clearInterval(t);
    for (const s of this.#sockets) s.destroy();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }

  /** Adds a status (as a new post arriving) and sends it to every stream watching one of its tags. */
  publish(status: Status): void {
    this.statuses.set(status.id, status);
    if (status.visibility && status.visibility !== "public") return;
    for (const conn of this.streams) {
      if (!conn.closed && hasTag(status, conn.tag)) conn.send("update", JSON.stringify(status));
    }
  }

  /** Removes a status and sends `delete` to the streams. */
  remove(id: string): void {
    const status = this.statuses.get(id);
    this.statuses.delete(id);
    for (const conn of this.streams) if (!conn.closed && (!status || hasTag(status, conn.tag))) conn.send("delete", id);
  }

  fault(f: Fault, times = 1): void {
    for (let i = 0; i < times; i++) this.faults.push(f);
  }

  #takeFault(route: Route): Fault | null {
    const i = this.faults.findIndex((f) => (f.route ? f.route === route : route !== "stream"));
    if (i < 0) return null;
    return this.faults.splice(i, 1)[0]!;
  }

  #rateHeaders(): Record<string, string> {
    const limit = this.options.rateLimit ?? 300;
    const windowMs = this.options.rateWindowMs ?? 5 * 60_000;
    const now = this.#now();
    if (now >= this.#windowStart + windowMs) {
      this.#windowStart = now;
      this.#used = 0;
    }
    this.#used++;
    return {
      "x-ratelimit-limit": String(limit),
      "x-ratelimit-remaining": String(Math.max(0, limit - this.#used)),
      "x-ratelimit-reset": new Date(this.#windowStart + windowMs).toISOString(),
    };
  }

  #overLimit(): boolean {
    return this.#used > (this.options.rateLimit ?? 300);
  }

  #handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    const url = new URL(req.url ?? "/", this.url);
    const query = Object.fromEntries(url.searchParams);
    const auth = req.headers.authorization ?? null;
    const path = url.pathname;
    const route: Route | "other" = path.startsWith("/api/v1/timelines/tag/") ? "timeline"
      : path === "/api/v2/search" ? "search"
      : path === "/api/v2/instance" ? "instance"
      : path === "/api/v1/streaming/hashtag" ? "stream"
      : "other";
    this.requests.push({ route, path, query, auth });
    const send = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      const text = typeof body === "string" ? body : JSON.stringify(body);
      res.writeHead(status, { "content-type": "application/json; charset=utf-8", ...headers });
      res.end(text);
    };
    if (route === "other") return send(404, { error: "Record not found" });

    if (route === "stream") return this.#stream(req, res, url, auth);

    const rate = this.#rateHeaders();
    const fault = this.#takeFault(route);
    if (fault) {
      const headers = { ...rate, ...fault.headers };
      if (fault.status === 429) {
        headers["x-ratelimit-remaining"] = "0";
        headers["x-ratelimit-reset"] = new Date(this.#now() + (fault.resetInMs ?? 60_000)).toISOString();
      }
      return send(fault.status ?? 200, fault.body ?? { error: fault.status === 429 ? "Too many requests" : "Internal server error" }, headers);
    }
    if (this.#overLimit()) return send(429, { error: "Too many requests" }, rate);

    const tokenOk = this.#tokenOk(auth);
    if (auth !== null && !tokenOk) return send(401, { error: "The access token is invalid" }, rate);

    if (route === "instance") {
      return send(200, { domain: "social.example", title: "Contract server", version: "4.5.0", configuration: { urls: { streaming: this.options.streamingUrl ?? this.url.replace(/^http/, "ws") } } }, rate);
    }
    if (route === "timeline") {
      if (this.options.timelineNeedsToken && !tokenOk) return send(401, { error: "The access token is invalid" }, rate);
      const tag = decodeURIComponent(path.slice("/api/v1/timelines/tag/".length));
      const list = [...this.statuses.values()].filter((s) => (s.visibility ?? "public") === "public" && hasTag(s, tag));
      const { page, links } = this.#page(list, query, url);
      return send(200, page, { ...rate, ...(links ? { link: links } : {}) });
    }
    // search
    if (!tokenOk) return send(401, { error: "The access token is invalid" }, rate);
    const q = (query.q ?? "").toLowerCase();
    const list = [...this.statuses.values()].filter((s) => plain(String(s.content ?? "")).toLowerCase().includes(q) || (s.tags ?? []).some((t) => `#${t.name}`.toLowerCase() === q || t.name.toLowerCase() === q));
    if (this.options.searchLinkPaging) {
      const { page, links } = this.#page(list, query, url);
      return send(200, { accounts: [], statuses: page, hashtags: [] }, { ...rate, ...(links ? { link: links } : {}) });
    }
    // Mastodon's search answers without a Link header: clients page with offset.
    const offset = Math.max(0, Number(query.offset ?? 0) || 0);
    const limit = clampLimit(query.limit);
    const all = this.#page(list, { ...query, limit: "100000" }, url).page;
    return send(200, { accounts: [], statuses: all.slice(offset, offset + limit), hashtags: [] }, rate);
  }

  #tokenOk(auth: string | null): boolean {
    const m = /^Bearer (.+)$/.exec(auth ?? "");
    return !!m && (this.options.tokens ?? []).includes(m[1]!);
  }

  /** Mastodon's id paging over `list`: newest first, max_id/since_id/min_id, and the Link header. */
  #page(list: Status[], query: Record<string, string>, url: URL): { page: Status[]; links: string | null } {
    const limit = query.limit === "100000" ? 100000 : clampLimit(query.limit);
    let rows = list.slice().sort((a, b) => cmpId(b.id, a.id));
    if (query.max_id) rows = rows.filter((s) => cmpId(s.id, query.max_id!) < 0);
    if (query.since_id) rows = rows.filter((s) => cmpId(s.id, query.since_id!) > 0);
    let page: Status[];
    if (query.min_id) {
      // The statuses immediately newer than min_id, still returned newest first.
      const above = rows.filter((s) => cmpId(s.id, query.min_id!) > 0).sort((a, b) => cmpId(a.id, b.id)).slice(0, limit);
      page = above.sort((a, b) => cmpId(b.id, a.id));
    } else {
      page = rows.slice(0, limit);
    }
    if (page.length === 0) return { page, links: null };
    const link = (param: string, id: string) => {
      const u = new URL(url);
      for (const k of ["max_id", "min_id", "since_id", "offset"]) u.searchParams.delete(k);
      u.searchParams.set("limit", String(limit));
      u.searchParams.set(param, id);
      return u.href;
    };
    const parts = [];
    if (page.length === limit) parts.push(`<${link("max_id", page[page.length - 1]!.id)}>; rel="next"`);
    parts.push(`<${link("min_id", page[0]!.id)}>; rel="prev"`);
    return { page, links: parts.join(", ") };
  }

  #stream(req: http.IncomingMessage, res: http.ServerResponse, url: URL, auth: string | null): void {
    const fault = this.#takeFault("stream");
    if (fault) {
      res.writeHead(fault.status ?? 500, { "content-type": "application/json", ...fault.headers });
      res.end(fault.body ?? JSON.stringify({ error: "stream fault" }));
      return;
    }
    const token = auth ? auth.replace(/^Bearer /, "") : url.searchParams.get("access_token");
    if (!token || !(this.options.tokens ?? []).includes(token)) {
      res.writeHead(401, { "content-type": "application/json" });
      res.end(JSON.stringify({ error: "Missing access token" }));
      return;
    }
    const tag = url.searchParams.get("tag") ?? "";
    res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-store", "transfer-encoding": "chunked" });
    res.write(":)\n");
    let closed = false;
    const timer = setInterval(() => {
      if (!closed) res.write(":thump\n");
    }, this.options.heartbeatMs ?? 200);
    this.#timers.add(timer);
    const stop = () => {
      closed = true;
      clearInterval(timer);
      this.#timers.delete(timer);
    };
    res.on("close", stop);
    const conn: StreamConnection = {
      n: ++this.#streamCount,
      tag,
      send: (event, data) => {
        if (!closed) res.write(`event: ${event}\ndata: ${data}\n\n`);
      },
      comment: (text) => {
        if (!closed) res.write(`:${text}\n`);
      },
      drop: () => {
        stop();
        req.socket.destroy();
      },
      get closed() {
        return closed;
      },
    };
    this.streams.push(conn);
    this.options.onStreamConnect?.(conn, this);
  }
}

function clampLimit(v: string | undefined): number {
  const n = Number(v ?? 20);
  return Number.isFinite(n) && n > 0 ? Math.min(40, Math.floor(n)) : 20;
}

function hasTag(s: Status, tag: string): boolean {
  return (s.tags ?? []).some((t) => t.name.toLowerCase() === tag.toLowerCase());
}

export async function startMastodonServer(options: MastodonServerOptions = {}): Promise<MastodonServer> {
  return new MastodonServer(options).start();
}
