// One mapping from voxpop's typed errors to HTTP statuses (the table in docs/API.md). Messages
// of known errors are shown; anything else becomes "internal error" so no stack trace, SQL or
// file path ever reaches a client.
import type { Context } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { VoxpopError, type ErrorCode } from "../core/index.ts";
import { jsonResponse } from "./security.ts";

const STATUS: Partial<Record<ErrorCode, ContentfulStatusCode>> = {
  INVALID_ARGUMENT: 400,
  PARSE_ERROR: 400,
  INVALID_ENCODING: 400,
  BINARY_INPUT: 400,
  BAD_GZIP: 400,
  AUTH_FAILED: 401,
  NOT_FOUND: 404,
  INPUT_TOO_LARGE: 413,
  BLOCKED_ADDRESS: 403,
  FETCH_FAILED: 502,
  FETCH_TIMEOUT: 502,
  HTTP_ERROR: 502,
  TOO_MANY_REDIRECTS: 502,
  RATE_LIMITED: 429,
};

export function statusOf(code: string): ContentfulStatusCode {
  return STATUS[code as ErrorCode] ?? 500;
}

export interface ErrorBody { error: { code: string; message: string } }

export function errorBody(err: unknown): { status: ContentfulStatusCode; body: ErrorBody } {
  if (err instanceof VoxpopError) {
    const status = statusOf(err.code);
    if (status !== 500) return { status, body: { error: { code: err.code, message: err.message.split("\n")[0]! } } };
    return { status, body: { error: { code: err.code, message: "internal error" } } };
  }
  return { status: 500, body: { error: { code: "INTERNAL", message: "internal error" } } };
}

export function errorResponse(c: Context, err: unknown, log?: (line: string) => void): Response {
  const { status, body } = errorBody(err);
  // Internals go to the operator's log, never to the client.
  if (status === 500 && log) log(`voxpop serve: ${c.req.method} ${new URL(c.req.url).pathname}: ${err instanceof Error ? err.stack ?? err.message : String(err)}`);
  if (status === 401) c.header("WWW-Authenticate", 'Bearer realm="voxpop"');
  return jsonResponse(c, body, status);
}
