// Options shared by the Mastodon sources: which instance, which token, which HTTP client.
// One ApiClient per instance (unless the caller passes one), so each instance's rate-limit
// window is tracked on its own; sources that read the same instance with the same token may
// share a client by passing it.
import { VoxpopError } from "../../core/index.ts";
import { ApiClient, type ApiClientOptions } from "../http/index.ts";

/** The token for every instance, unless a per-instance variable is set. */
export const MASTODON_TOKEN_ENV = "VOXPOP_MASTODON_TOKEN";

export interface MastodonOptions {
  /** The instance's base URL, e.g. "https://mastodon.social" (a bare host means https). */
  instance: string;
  /**
   * A user access token (scope read:statuses, plus read:search for search). undefined: read
   * VOXPOP_MASTODON_TOKEN_<HOST> then VOXPOP_MASTODON_TOKEN from `env`; null: no token.
   */
  token?: string | null;
  /** Where to look for tokens when `token` is undefined. Default process.env. */
  env?: Record<string, string | undefined>;
  /** Allow a private or loopback instance address (a local test server). Default false. */
  allowPrivate?: boolean;
  /** The HTTP client; tests pass one with a fast sleep. Default: a new ApiClient for this source. */
  client?: ApiClient;
  /** Options for the default client (onWait for a progress display, retry policy...). */
  clientOptions?: Omit<ApiClientOptions, "allowPrivate" | "credentialsHint">;
}

/** VOXPOP_MASTODON_TOKEN_MASTODON_SOCIAL for mastodon.social (port included when there is one). */
export function tokenEnvName(host: string): string {
  return `${MASTODON_TOKEN_ENV}_${host.toUpperCase().replace(/[^A-Z0-9]+/g, "_")}`;
}

export function credentialsHint(host: string): string {
  return `${tokenEnvName(host)} or ${MASTODON_TOKEN_ENV} (a user access token from the instance's Preferences > Development)`;
}

/** The instance's origin as a URL (https://host[:port]); INVALID_ARGUMENT for anything else. */
export function parseInstance(instance: string): URL {
  const raw = instance.trim();
  let url: URL;
  try {
    url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(raw) ? raw : `https://${raw}`);
  } catch (cause) {
    throw new VoxpopError("INVALID_ARGUMENT", `not a Mastodon instance URL: ${instance}`, { cause });
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") throw new VoxpopError("INVALID_ARGUMENT", `a Mastodon instance is an http(s) URL, not ${url.protocol}`);
  if (url.username || url.password) throw new VoxpopError("INVALID_ARGUMENT", "put the Mastodon token in the token option or the environment, not in the URL");
  if (url.pathname !== "/" || url.search || url.hash) throw new VoxpopError("INVALID_ARGUMENT", `give the Mastodon instance as https://host, without a path (got ${instance})`);
  return new URL(url.origin);
}

export function resolveToken(options: MastodonOptions, host: string): string | null {
  if (options.token !== undefined) return options.token?.trim() || null;
  const env = options.env ?? process.env;
  return env[tokenEnvName(host)]?.trim() || env[MASTODON_TOKEN_ENV]?.trim() || null;
}

export function clientFor(options: MastodonOptions, host: string): ApiClient {
  return options.client ?? new ApiClient({ ...options.clientOptions, allowPrivate: options.allowPrivate ?? false, credentialsHint: credentialsHint(host) });
}

/** "#Foo", "Foo" -> "Foo"; INVALID_ARGUMENT for an empty or odd hashtag. */
export function cleanHashtag(tag: string): string {
  const t = tag.trim().replace(/^#/, "");
  if (!t || /[\s/#?&]/.test(t)) throw new VoxpopError("INVALID_ARGUMENT", `not a hashtag: "${tag}"`);
  return t;
}

/** Compares two Mastodon ids: numeric strings (snowflakes) by value, others by length then text. */
export function compareIds(a: string, b: string): number {
  if (/^\d+$/.test(a) && /^\d+$/.test(b)) {
    const x = BigInt(a);
    const y = BigInt(b);
    return x < y ? -1 : x > y ? 1 : 0;
  }
  return a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);
}

export function maxId(a: string | null, b: string | null): string | null {
  if (a === null) return b;
  if (b === null) return a;
  return compareIds(a, b) >= 0 ? a : b;
}
