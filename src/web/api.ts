// Typed fetch wrapper over the HTTP API (docs/API.md). Reads are open; writes carry the API
// token, asked for once (through the prompt main.ts installs), kept in localStorage, and asked
// for again when the server answers 401. Errors become ApiError with the server's code.

import type { Decision, DecisionInput, FeedPost, PostPage, Story, StoryRules, StoryStats } from "../store/store.ts";
import type { Filters } from "./filters.ts";
import { filtersToParams } from "./filters.ts";

export type { Decision, FeedPost, PostPage, Story, StoryStats };

export class ApiError extends Error {
  status: number;
  code: string;
  constructor(status: number, code: string, message: string) {
    super(message);
    this.name = "ApiError";
    this.status = status;
    this.code = code;
  }
}

const TOKEN_KEY = "voxpop.apiToken";

export function getToken(): string | null {
  try { return localStorage.getItem(TOKEN_KEY); } catch { return null; }
}

export function setToken(token: string | null): void {
  try {
    if (token) localStorage.setItem(TOKEN_KEY, token);
    else localStorage.removeItem(TOKEN_KEY);
  } catch { /* storage disabled: the token lives for this page only */ }
  memoryToken = token;
  if (typeof document !== "undefined") document.dispatchEvent(new Event("voxpop:token"));
}

let memoryToken: string | null = null;

/** Asks the user for the token; resolves null when they cancel. `retry`: the last one was refused. */
export type TokenPrompt = (retry: boolean) => Promise<string | null>;
let tokenPrompt: TokenPrompt = async () => null;
export function setTokenPrompt(prompt: TokenPrompt): void { tokenPrompt = prompt; }

// One prompt at a time, shared by writes that need the token at the same moment.
let pendingPrompt: Promise<string | null> | null = null;
function askToken(retry: boolean): Promise<string | null> {
  pendingPrompt ??= tokenPrompt(retry).then((t) => {
    pendingPrompt = null;
    const token = t?.trim() || null;
    if (token) setToken(token);
    return token;
  });
  return pendingPrompt;
}

async function errorOf(res: Response): Promise<ApiError> {
  let code = "HTTP_ERROR";
  let message = `${res.status} ${res.statusText}`;
  try {
    const body = (await res.json()) as { error?: { code?: unknown; message?: unknown } };
    if (typeof body.error?.code === "string") code = body.error.code;
    if (typeof body.error?.message === "string") message = body.error.message;
  } catch { /* not JSON */ }
  return new ApiError(res.status, code, message);
}

async function read<T>(path: string, signal?: AbortSignal): Promise<T> {
  const res = await fetch(path, { headers: { accept: "application/json" }, signal });
  if (!res.ok) throw await errorOf(res);
  return (await res.json()) as T;
}

async function write<T>(method: "POST" | "PATCH" | "DELETE", path: string, body: unknown): Promise<T> {
  let token = getToken() ?? memoryToken;
  let retry = false;
  for (let attempt = 0; attempt < 4; attempt++) {
    if (!token) {
      token = await askToken(retry);
      if (!token) throw new ApiError(401, "AUTH_FAILED", "an API token is needed to make changes");
    }
    const res = await fetch(path, {
      method,
      headers: { "content-type": "application/json", accept: "application/json", authorization: `Bearer ${token}` },
      body: JSON.stringify(body),
    });
    if (res.status === 401) {
      setToken(null);
      token = null;
      retry = true;
      continue;
    }
    if (!res.ok) throw await errorOf(res);
    return (await res.json()) as T;
  }
  throw new ApiError(401, "AUTH_FAILED", "the API token was refused");
}

const story = (name: string) => `/api/stories/${encodeURIComponent(name)}`;

export interface ImportResult { posts: number; inserted: number; updated: number; unchanged: number; title: string | null }

export const api = {
  listStories: (signal?: AbortSignal) => read<{ stories: Story[] }>("/api/stories", signal).then((r) => r.stories),
  getStory: (name: string, signal?: AbortSignal) => read<Story>(story(name), signal),
  createStory: (input: { name: string; title?: string; subjects?: string[]; rules?: Partial<StoryRules> }) =>
    write<Story>("POST", "/api/stories", input),
  posts: (name: string, filters: Filters, opts: { limit?: number; cursor?: string | null; signal?: AbortSignal } = {}) => {
    const p = filtersToParams(filters, true);
    if (opts.limit) p.set("limit", String(opts.limit));
    if (opts.cursor) p.set("cursor", opts.cursor);
    const qs = p.toString();
    return read<PostPage>(`${story(name)}/posts${qs ? `?${qs}` : ""}`, opts.signal);
  },
  decide: (name: string, input: DecisionInput) => write<Decision>("POST", `${story(name)}/decisions`, input),
  decisions: (name: string, signal?: AbortSignal) => read<{ decisions: Decision[] }>(`${story(name)}/decisions`, signal).then((r) => r.decisions),
  stats: (name: string, signal?: AbortSignal) => read<StoryStats>(`${story(name)}/stats`, signal),
  importArticle: (name: string, input: { url?: string; html?: string; text?: string }) =>
    write<ImportResult>("POST", `${story(name)}/import`, input),
  eventsUrl: (name: string) => `${story(name)}/events`,
  roundupUrl: (name: string, format: "md" | "html" | "json", embeds: "static" | "official" = "static") =>
    `${story(name)}/roundup?format=${format}${format === "html" ? `&embeds=${embeds}` : ""}`,
  exportUrl: (name: string, format: "jsonl" | "csv" | "parquet" | "jsonfeed") => `${story(name)}/export?format=${format}`,
  datasheetUrl: (name: string) => `${story(name)}/export/datasheet`,
};

/** A message for a failed call, fit to show to the editor. */
export function errorMessage(e: unknown): string {
  if (e instanceof ApiError) return e.code === "AUTH_FAILED" ? "Not saved: the API token is missing or was refused." : e.message;
  if (e instanceof DOMException && e.name === "AbortError") return "Cancelled.";
  if (e instanceof TypeError) return "The server cannot be reached.";
  return e instanceof Error ? e.message : String(e);
}
