// Typed errors: every failure voxpop reports carries a stable `code` (for scripts and the
// quarantine) and, where there is one, the underlying `cause`. One handler (cli/) maps them to a
// one-line message and an exit code; internals are never printed unless --debug.

export const ERROR_CODES = {
  INVALID_ARGUMENT: "bad usage or argument",
  NOT_FOUND: "not found",
  INPUT_TOO_LARGE: "input too large",
  BINARY_INPUT: "binary input",
  INVALID_ENCODING: "invalid text encoding",
  BAD_GZIP: "corrupt gzip",
  PARSE_ERROR: "could not parse",
  FETCH_FAILED: "fetch failed",
  FETCH_TIMEOUT: "fetch timed out",
  BLOCKED_ADDRESS: "address not allowed",
  TOO_MANY_REDIRECTS: "too many redirects",
  STORE_ERROR: "storage error",
  FETCH_ABORTED: "cancelled",
  AUTH_FAILED: "credentials refused",
  HTTP_ERROR: "server refused the request",
  RATE_LIMITED: "rate limited for too long",
  CONFIG_ERROR: "missing or bad configuration",
} as const;
export type ErrorCode = keyof typeof ERROR_CODES;

export class VoxpopError extends Error {
  readonly code: ErrorCode;
  constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "VoxpopError";
    this.code = code;
  }
}

export function isVoxpopError(err: unknown): err is VoxpopError {
  return err instanceof VoxpopError;
}

/** Wraps anything thrown into a VoxpopError, keeping the original as `cause`. */
export function toVoxpopError(err: unknown, fallback: ErrorCode = "PARSE_ERROR"): VoxpopError {
  if (err instanceof VoxpopError) return err;
  const message = err instanceof Error ? err.message : String(err);
  return new VoxpopError(fallback, message, { cause: err });
}
