// An authenticated Bluesky session (an account on a PDS, logged in with an app password) and an
// unauthenticated XRPC caller, behind one small interface the backfill sources use.
//
// The session logs in once (com.atproto.server.createSession) and keeps both tokens. When the
// server says the access token expired (HTTP 400 `ExpiredToken`), it refreshes
// (com.atproto.server.refreshSession) and retries the call: logging in per request would trip the
// PDS's strict createSession rate limit (30 per 5 minutes). Only when the refresh token itself is
// refused does it log in again. Passwords and tokens never appear in a message or a log.
import { z } from "zod";
import { VoxpopError } from "../../core/index.ts";
import type { ApiClient } from "../http/index.ts";

/** An XRPC query caller: the session (through a PDS) or a public AppView. */
export interface Xrpc {
  /** The service every call goes to, for provenance and source names. */
  readonly service: string;
  /** GET /xrpc/{method}?params; resolves with the parsed JSON body. */
  query(method: string, params: Record<string, string | number | boolean | string[] | undefined | null>, signal?: AbortSignal): Promise<unknown>;
}

export interface BlueskySessionOptions {
  /** The account's PDS (or an entryway such as https://bsky.social). */
  service: string;
  /** Handle, DID or email (VOXPOP_BLUESKY_HANDLE). */
  identifier: string;
  /** An app password (VOXPOP_BLUESKY_APP_PASSWORD). */
  password: string;
  client: ApiClient;
}

const CREDENTIALS = "VOXPOP_BLUESKY_HANDLE and VOXPOP_BLUESKY_APP_PASSWORD";

const sessionSchema = z.looseObject({
  accessJwt: z.string().min(1),
  refreshJwt: z.string().min(1),
  did: z.string().min(1),
  handle: z.string().optional(),
});
const errorSchema = z.looseObject({ error: z.string().optional(), message: z.string().optional() });

type Params = Parameters<Xrpc["query"]>[1];

export function xrpcUrl(service: string, method: string, params: Params = {}): string {
  const url = new URL(`xrpc/${method}`, service.endsWith("/") ? service : `${service}/`);
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined || value === null) continue;
    if (Array.isArray(value)) for (const v of value) url.searchParams.append(key, v);
    else url.searchParams.set(key, String(value));
  }
  return url.toString();
}

function parseBody(body: Buffer): unknown {
  try {
    return body.length === 0 ? null : JSON.parse(body.toString("utf8"));
  } catch {
    return null;
  }
}

/** A printable XRPC error ("ExpiredToken: Token has expired"), never echoing anything secret. */
function xrpcError(body: Buffer): { error: string; message: string } {
  const parsed = errorSchema.safeParse(parseBody(body));
  const clean = (s: string | undefined) => (s ?? "").replace(/[\u0000-\u001f]+/g, " ").slice(0, 200);
  return parsed.success ? { error: clean(parsed.data.error), message: clean(parsed.data.message) } : { error: "", message: "" };
}

/** Unauthenticated queries against a public AppView (e.g. https://public.api.bsky.app). */
export class PublicXrpc implements Xrpc {
  readonly service: string;
  readonly #client: ApiClient;
  constructor(options: { service: string; client: ApiClient }) {
    this.service = options.service;
    this.#client = options.client;
  }
  async query(method: string, params: Params, signal?: AbortSignal): Promise<unknown> {
    return (await this.#client.json(xrpcUrl(this.service, method, params), { signal })).data;
  }
}

export class BlueskySession implements Xrpc {
  readonly service: string;
  readonly #identifier: string;
  readonly #password: string;
  readonly #client: ApiClient;
  #tokens: { access: string; refresh: string; did: string } | null = null;
  /** One login or refresh at a time, shared by concurrent callers. */
  #pending: Promise<void> | null = null;
  /** How often this session logged in and refreshed (tests and the progress display). */
  readonly stats = { logins: 0, refreshes: 0 };

  constructor(options: BlueskySessionOptions) {
    if (!options.identifier || !options.password) {
      throw new VoxpopError("CONFIG_ERROR", `Bluesky needs an account: set ${CREDENTIALS}`);
    }
    this.service = options.service;
    this.#identifier = options.identifier;
    this.#password = options.password;
    this.#client = options.client;
  }

  /** The logged-in account's DID (null before the first call). */
  get did(): string | null {
    return this.#tokens?.did ?? null;
  }

  /** Logs in unless already logged in. */
  async login(signal?: AbortSignal): Promise<void> {
    if (this.#tokens) return;
    await this.#once(() => this.#createSession(signal));
  }

  async query(method: string, params: Params, signal?: AbortSignal): Promise<unknown> {
    return this.call(method, { params, signal });
  }

  /** An authenticated call (GET, or POST when `json` is given), refreshing an expired token once. */
  async call(method: string, req: { params?: Params; json?: unknown; signal?: AbortSignal } = {}): Promise<unknown> {
    await this.login(req.signal);
    const url = xrpcUrl(this.service, method, req.params);
    for (let attempt = 0; ; attempt++) {
      const used = this.#tokens!.access;
      const res = await this.#client.request(url, {
        headers: { authorization: `Bearer ${used}` },
        json: req.json,
        signal: req.signal,
        acceptStatus: [400],
      });
      if (res.status !== 400) {
        const data = parseBody(res.body);
        if (data === null && res.body.length > 0) throw new VoxpopError("PARSE_ERROR", `${method} did not answer JSON`);
        return data;
      }
      const { error, message } = xrpcError(res.body);
      if (error === "ExpiredToken" && attempt === 0) {
        await this.#refreshAfter(used, req.signal);
        continue;
      }
      throw new VoxpopError("HTTP_ERROR", `${method} failed (HTTP 400${error ? `: ${error}` : ""}${message ? `: ${message}` : ""})`);
    }
  }

  async #once(run: () => Promise<void>): Promise<void> {
    if (!this.#pending) {
      this.#pending = run().finally(() => {
        this.#pending = null;
      });
    }
    await this.#pending;
  }

  /** Refreshes unless another caller already replaced the token that expired. */
  async #refreshAfter(expired: string, signal?: AbortSignal): Promise<void> {
    if (this.#pending) return this.#pending;
    if (this.#tokens && this.#tokens.access !== expired) return;
    await this.#once(() => this.#refresh(signal));
  }

  async #createSession(signal?: AbortSignal): Promise<void> {
    const res = await this.#client.request(xrpcUrl(this.service, "com.atproto.server.createSession"), {
      json: { identifier: this.#identifier, password: this.#password },
      signal,
      acceptStatus: [400, 401, 403],
    });
    this.stats.logins++;
    if (res.status !== 200) {
      const { error, message } = xrpcError(res.body);
      if (error === "AuthFactorTokenRequired") {
        throw new VoxpopError("AUTH_FAILED", `${new URL(this.service).host} asks for an email code: use an app password in VOXPOP_BLUESKY_APP_PASSWORD, not the account password`);
      }
      if (error === "AccountTakedown" || error === "AccountDeactivated") {
        throw new VoxpopError("AUTH_FAILED", `${new URL(this.service).host} refused the login: ${error}${message ? ` (${message})` : ""}`);
      }
      throw new VoxpopError(
        "AUTH_FAILED",
        `${new URL(this.service).host} refused the Bluesky login (HTTP ${res.status}${error ? `: ${error}` : ""}${message ? `: ${message}` : ""}); check ${CREDENTIALS}`,
      );
    }
    this.#store(res.body, "createSession");
  }

  async #refresh(signal?: AbortSignal): Promise<void> {
    const res = await this.#client.request(xrpcUrl(this.service, "com.atproto.server.refreshSession"), {
      method: "POST",
      headers: { authorization: `Bearer ${this.#tokens!.refresh}` },
      signal,
      acceptStatus: [400, 401],
    });
    this.stats.refreshes++;
    if (res.status !== 200) {
      // The refresh token expired or was revoked: the one case where logging in again is right.
      this.#tokens = null;
      await this.#createSession(signal);
      return;
    }
    this.#store(res.body, "refreshSession");
  }

  #store(body: Buffer, method: string): void {
    const parsed = sessionSchema.safeParse(parseBody(body));
    if (!parsed.success) throw new VoxpopError("PARSE_ERROR", `${method} answered without the session tokens`);
    this.#tokens = { access: parsed.data.accessJwt, refresh: parsed.data.refreshJwt, did: parsed.data.did };
  }
}
