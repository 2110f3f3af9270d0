// What every response carries and what every write must show: security headers (no sniffing,
// no framing, no referrer, a strict CSP), the bearer token compared in constant time, the Host
// check that stops DNS rebinding when bound to loopback, and JSON that cannot be read as HTML.
import { createHash, timingSafeEqual } from "node:crypto";
import type { Context } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { VoxpopError } from "../core/index.ts";

/** The web app: only its own scripts, styles and images; nothing inline; never framed. */
export const APP_CSP = [
  "default-src 'self'", "script-src 'self'", "style-src 'self'", "img-src 'self' data:", "font-src 'self'",
  "connect-src 'self'", "object-src 'none'", "base-uri 'none'", "form-action 'self'", "frame-src 'self'", "frame-ancestors 'none'",
].join("; ");

/** API responses are data, never a document: nothing may load or run from them. */
export const API_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

/**
 * A rendered roundup (text/html from the API) may be previewed in a frame of the web app, but is
 * sandboxed without `allow-same-origin`: it runs in an opaque origin, so even the platforms'
 * embed scripts (official mode, the only mode where scripts may run) can never read the web
 * app's token or call the API as the editor. The page's own meta CSP narrows the hosts further.
 */
export function roundupCsp(embeds: "static" | "official"): string {
  const common = "default-src 'none'; style-src 'unsafe-inline'; img-src https: data:; frame-ancestors 'self'; base-uri 'none'; form-action 'none'";
  if (embeds === "static") return `sandbox allow-popups allow-popups-to-escape-sandbox; ${common}`;
  return `sandbox allow-scripts allow-popups allow-popups-to-escape-sandbox; ${common}; script-src https:; frame-src https:; connect-src https:`;
}

export function setSecurityHeaders(c: Context): void {
  c.header("X-Content-Type-Options", "nosniff");
  c.header("Referrer-Policy", "no-referrer");
  c.header("Cross-Origin-Opener-Policy", "same-origin");
  c.header("Cross-Origin-Resource-Policy", "same-origin");
  c.header("Permissions-Policy", "camera=(), microphone=(), geolocation=()");
  if (!c.res.headers.has("Content-Security-Policy")) c.header("Content-Security-Policy", API_CSP);
  if (!c.res.headers.has("X-Frame-Options")) c.header("X-Frame-Options", "DENY");
}

const digest = (s: string) => createHash("sha256").update(s, "utf8").digest();

/** A checker for `Authorization: Bearer TOKEN`, in constant time (digests of equal length). */
export function bearerCheck(token: string): (header: string | undefined) => void {
  if (token.length < 16) throw new VoxpopError("CONFIG_ERROR", "the API token must be at least 16 characters");
  const expected = digest(token);
  return (header) => {
    const m = /^Bearer[ ]+([^\s]+)\s*$/i.exec(header ?? "");
    if (!m) throw new VoxpopError("AUTH_FAILED", "this route needs Authorization: Bearer TOKEN (the token voxpop serve printed on first start)");
    if (!timingSafeEqual(digest(m[1]!), expected)) throw new VoxpopError("AUTH_FAILED", "wrong API token");
  };
}

export const LOOPBACK_HOSTS = ["localhost", "127.0.0.1", "[::1]"];

export function isLoopback(host: string): boolean {
  return host === "localhost" || host === "::1" || host === "[::1]" || /^127\.\d+\.\d+\.\d+$/.test(host);
}

/** The host name of a Host header, lower-cased, without its port. */
export function hostName(header: string | undefined): string | null {
  if (!header) return null;
  const m = /^(\[[0-9a-f:.]+\]|[^:[\]]+)(?::\d+)?$/i.exec(header.trim());
  return m ? m[1]!.toLowerCase() : null;
}

/**
 * JSON whose text holds no `<`, `>` or `&`: hostile post text comes back as data even from a
 * client that ignores the content type.
 */
export function safeJson(value: unknown): string {
  return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

export function jsonResponse(c: Context, value: unknown, status: ContentfulStatusCode = 200): Response {
  return c.body(safeJson(value), status, { "Content-Type": "application/json; charset=utf-8" });
}
