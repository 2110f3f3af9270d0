// The two backfill sources, hashtag timeline and status search, on one pager.
//
// A read has two phases. Backfill walks back from the newest status to the story's `since` (or
// the end) through the Link header's rel="next" (max_id); catch-up then fetches what appeared
// since the newest status seen, through min_id and rel="prev", oldest first. Search answers
// without a Link header on Mastodon, so it pages with `offset` instead (both are handled: a Link
// header, when present, wins).
//
// The cursor is JSON: {v, newest, older, offset, done}. `newest` is the newest status id yielded
// (catch-up starts there), `older` the max_id backfill resumes from (the id of the last status
// yielded: a timeline is in id order, so "older than it" is exactly what is left), `offset` the
// same for offset paging, `done` whether backfill reached its end. A page that repeats only
// statuses already seen ends the walk, so a server that ignores paging cannot loop us.
import { VoxpopError } from "../../core/index.ts";
import type { ApiClient, ApiResponse } from "../http/index.ts";
import type { NormalizedItem, Source, SourceItem, SourceStatus } from "../source.ts";
import { cleanHashtag, clientFor, compareIds, maxId, parseInstance, resolveToken, tokenEnvName, MASTODON_TOKEN_ENV, type MastodonOptions } from "./config.ts";
import { parseLinkHeader } from "./link.ts";
import { normalizeItem, STATUS_TYPE } from "./normalize.ts";
import { pageStatusSchema, searchSchema, timelineSchema } from "./schema.ts";

export const PAGE_LIMIT = 40;

export interface BackfillOptions extends MastodonOptions {
  /** ISO 8601: backfill stops at statuses created before this (the story's start). */
  since?: string | null;
  /** Pages fetched per read before stopping (resumable); default 250 (10,000 statuses). */
  maxPages?: number;
}

export interface HashtagOptions extends BackfillOptions {
  hashtag: string;
}

export interface SearchOptions extends BackfillOptions {
  query: string;
}

interface Cursor {
  v: 1;
  newest: string | null;
  older: string | null;
  offset: number | null;
  done: boolean;
}

function parseCursor(cursor: string | null): Cursor {
  const fresh: Cursor = { v: 1, newest: null, older: null, offset: null, done: false };
  if (!cursor) return fresh;
  try {
    const c = JSON.parse(cursor) as Partial<Cursor>;
    const id = (x: unknown) => (typeof x === "string" && /^[A-Za-z0-9_-]{1,64}$/.test(x) ? x : null);
    return {
      v: 1,
      newest: id(c.newest),
      older: id(c.older),
      offset: typeof c.offset === "number" && Number.isSafeInteger(c.offset) && c.offset >= 0 ? c.offset : null,
      done: c.done === true,
    };
  } catch (cause) {
    throw new VoxpopError("INVALID_ARGUMENT", `not a Mastodon cursor: ${cursor.slice(0, 80)}`, { cause });
  }
}

interface Page {
  statuses: unknown[];
  links: Map<string, string> | null;
}

interface PagerSpec {
  name: string;
  uri: string;
  instance: URL;
  /** The first page's URL (newest first), without paging parameters. */
  base: URL;
  kind: "timeline" | "search";
  token: string | null;
  client: ApiClient;
  since: number | null;
  maxPages: number;
}

class BackfillSource implements Source {
  readonly kind = "mastodon";
  readonly mode = "backfill" as const;
  readonly name: string;
  readonly uri: string;
  readonly #spec: PagerSpec;
  #status: SourceStatus = { state: "connecting" };

  constructor(spec: PagerSpec) {
    this.#spec = spec;
    this.name = spec.name;
    this.uri = spec.uri;
  }

  status(): SourceStatus {
    return this.#status;
  }

  normalize(item: SourceItem): NormalizedItem {
    return normalizeItem(item, this.#spec.instance.host);
  }

  async *read(cursor: string | null, signal: AbortSignal): AsyncIterable<SourceItem> {
    const state = parseCursor(cursor);
    if (signal.aborted) throw new VoxpopError("FETCH_ABORTED", `${this.name} was cancelled`);
    const seen = new Set<string>();
    let pages = 0;

    // Phase 1: backfill, newest to oldest.
    if (!state.done) {
      this.#status = { state: "open", detail: "backfill" };
      let url = this.#url(state.older ? { max_id: state.older } : {}, state.offset);
      let offset = state.offset ?? 0;
      let finished = false;
      while (pages < this.#spec.maxPages) {
        const page = await this.#fetch(url, signal);
        pages++;
        // Link paging (and timelines, which are in id order) resume by max_id, offset paging by offset.
        const byId = page.links !== null || this.#spec.kind === "timeline";
        // First what the page holds and where the walk goes next, so the last item can say "done".
        const rows: { index: number; raw: unknown; id: string | null; skip: boolean }[] = [];
        let oldest: string | null = null;
        let reachedSince = false;
        for (const [index, raw] of page.statuses.entries()) {
          const meta = pageStatusSchema.safeParse(raw);
          const id = meta.success ? meta.data.id : null;
          if (id !== null) {
            if (seen.has(id)) continue;
            seen.add(id);
            oldest = oldest === null || compareIds(id, oldest) < 0 ? id : oldest;
          }
          const created = meta.success && meta.data.created_at ? Date.parse(meta.data.created_at) : NaN;
          const tooOld = this.#spec.since !== null && Number.isFinite(created) && created < this.#spec.since;
          // A timeline is newest first: after a status older than the story, the rest is older
          // too. Search may be ordered by relevance, so there an old status is only skipped.
          if (tooOld && this.#spec.kind === "timeline") reachedSince = true;
          rows.push({ index, raw, id, skip: tooOld || (meta.success && !isPublic(meta.data.visibility)) });
        }
        const pageOffset = offset;
        offset += page.statuses.length;
        const next = reachedSince || rows.length === 0 ? null : this.#nextOlder(page, oldest, offset);
        const lastYield = next === null ? rows.findLastIndex((r) => !r.skip) : -1;
        for (const [k, row] of rows.entries()) {
          if (!byId) state.offset = pageOffset + row.index + 1;
          if (row.id !== null && !row.skip) {
            if (byId) state.older = row.id;
            state.newest = maxId(state.newest, row.id);
          }
          if (row.skip) continue;
          if (k === lastYield) state.done = true;
          yield this.#item(row.raw, state);
        }
        if (!next) {
          finished = true;
          break;
        }
        url = next;
      }
      if (!finished) {
        this.#status = { state: "done", detail: `stopped after ${pages} pages; the next read goes on` };
        return;
      }
      state.done = true;
    }

    // Phase 2: catch up with what is newer than the newest status seen, oldest first.
    if (state.newest !== null) {
      this.#status = { state: "open", detail: "catch-up" };
      yield* this.#catchUp(state, seen, signal, pages);
    }
    this.#status = { state: "done" };
  }

  async *#catchUp(state: Cursor, seen: Set<string>, signal: AbortSignal, pagesSoFar: number): AsyncIterable<SourceItem> {
    let pages = pagesSoFar;
    let url: URL | null = this.#url({ min_id: state.newest! }, null);
    const buffered: { id: string; raw: unknown }[] = [];
    let offset = 0;
    while (url && pages < this.#spec.maxPages) {
      const page = await this.#fetch(url, signal);
      pages++;
      const fresh: { id: string; raw: unknown }[] = [];
      let unseen = 0;
      for (const raw of page.statuses) {
        const meta = pageStatusSchema.safeParse(raw);
        if (!meta.success) {
          yield this.#item(raw, state); // quarantined by normalize; the cursor does not move
          continue;
        }
        if (seen.has(meta.data.id)) continue;
        seen.add(meta.data.id);
        unseen++;
        const created = meta.data.created_at ? Date.parse(meta.data.created_at) : NaN;
        if (this.#spec.since !== null && Number.isFinite(created) && created < this.#spec.since) continue;
        if (!isPublic(meta.data.visibility)) continue;
        fresh.push({ id: meta.data.id, raw });
      }
      if (unseen === 0) break;
      if (page.links || this.#spec.kind === "timeline") {
        // A min_id page holds the statuses just above the cursor: yield it oldest first.
        fresh.sort((a, b) => compareIds(a.id, b.id));
        for (const s of fresh) {
          state.newest = maxId(state.newest, s.id);
          yield this.#item(s.raw, state);
        }
        url = page.links ? this.#sameOrigin(page.links.get("prev")) : this.#url({ min_id: state.newest! }, null);
      } else {
        // Offset paging gives no order to rely on: gather, then yield oldest first.
        buffered.push(...fresh);
        offset += page.statuses.length;
        url = this.#url({ min_id: state.newest! }, offset);
      }
    }
    buffered.sort((a, b) => compareIds(a.id, b.id));
    for (const s of buffered) {
      state.newest = maxId(state.newest, s.id);
      yield this.#item(s.raw, state);
    }
  }

  #item(raw: unknown, state: Cursor): SourceItem {
    return { raw: { payload: JSON.stringify(raw), contentType: STATUS_TYPE }, cursor: JSON.stringify(state) };
  }

  #url(params: Record<string, string>, offset: number | null): URL {
    const url = new URL(this.#spec.base);
    for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v);
    if (offset) url.searchParams.set("offset", String(offset));
    return url;
  }

  #nextOlder(page: Page, oldest: string | null, offset: number): URL | null {
    if (page.links) return this.#sameOrigin(page.links.get("next"));
    if (this.#spec.kind === "search") return this.#url({}, offset);
    return oldest ? this.#url({ max_id: oldest }, null) : null;
  }

  /** A paging link, only when it points back at the instance (never elsewhere with our token). */
  #sameOrigin(href: string | undefined): URL | null {
    if (!href) return null;
    try {
      const url = new URL(href, this.#spec.instance);
      return url.origin === this.#spec.instance.origin ? url : null;
    } catch {
      return null;
    }
  }

  async #fetch(url: URL, signal: AbortSignal): Promise<Page> {
    const headers: Record<string, string> = this.#spec.token ? { authorization: `Bearer ${this.#spec.token}` } : {};
    let res: { response: ApiResponse; data: unknown };
    try {
      res = await this.#spec.client.json(url.href, { headers, signal });
    } catch (err) {
      if (signal.aborted && !(err instanceof VoxpopError && err.code === "FETCH_ABORTED")) throw new VoxpopError("FETCH_ABORTED", `${this.name} was cancelled`, { cause: err });
      throw err;
    }
    const list = this.#spec.kind === "search" ? searchSchema.safeParse(res.data) : timelineSchema.safeParse(res.data);
    if (!list.success) throw new VoxpopError("PARSE_ERROR", `${url.href} did not answer a list of statuses`, { cause: list.error });
    const statuses = Array.isArray(list.data) ? list.data : list.data.statuses;
    const header = res.response.headers["link"];
    return { statuses, links: header ? parseLinkHeader(header) : null };
  }
}

function isPublic(visibility: string | undefined): boolean {
  return visibility !== "private" && visibility !== "direct";
}

function sinceMs(since: string | null | undefined): number | null {
  if (!since) return null;
  const t = Date.parse(since);
  if (!Number.isFinite(t)) throw new VoxpopError("INVALID_ARGUMENT", `since is not an ISO 8601 date: ${since}`);
  return t;
}

/** GET /api/v1/timelines/tag/:hashtag (public; the token is sent when there is one). */
export function mastodonHashtagSource(options: HashtagOptions): Source {
  const instance = parseInstance(options.instance);
  const tag = cleanHashtag(options.hashtag);
  const base = new URL(`/api/v1/timelines/tag/${encodeURIComponent(tag)}`, instance);
  base.searchParams.set("limit", String(PAGE_LIMIT));
  return new BackfillSource({
    name: `mastodon tag:#${tag} @${instance.host}`,
    uri: base.href,
    instance,
    base,
    kind: "timeline",
    token: resolveToken(options, instance.host),
    client: clientFor(options, instance.host),
    since: sinceMs(options.since),
    maxPages: options.maxPages ?? 250,
  });
}

/** GET /api/v2/search?type=statuses (needs a user token with read:search). */
export function mastodonSearchSource(options: SearchOptions): Source {
  const instance = parseInstance(options.instance);
  const query = options.query.trim();
  if (!query) throw new VoxpopError("INVALID_ARGUMENT", "the Mastodon search query is empty");
  const token = resolveToken(options, instance.host);
  if (!token) {
    throw new VoxpopError("CONFIG_ERROR", `Mastodon status search on ${instance.host} needs a user access token (scope read:search): set ${tokenEnvName(instance.host)} or ${MASTODON_TOKEN_ENV}, or pass token`);
  }
  const base = new URL("/api/v2/search", instance);
  base.searchParams.set("q", query);
  base.searchParams.set("type", "statuses");
  base.searchParams.set("resolve", "false");
  base.searchParams.set("limit", String(PAGE_LIMIT));
  return new BackfillSource({
    name: `mastodon search:${JSON.stringify(query)} @${instance.host}`,
    uri: base.href,
    instance,
    base,
    kind: "search",
    token,
    client: clientFor(options, instance.host),
    since: sinceMs(options.since),
    maxPages: options.maxPages ?? 250,
  });
}
