// X/Twitter archive import: the folder of an unzipped "Download your data" archive, or its
// data/tweets.js (data/tweet.js in older archives; big archives add tweets-part1.js, ...).
//
// Those files are JavaScript (`window.YTD.tweets.part0 = [ ... ]`) and are NEVER evaluated: the
// prefix is checked and skipped, and the array is cut into its elements by a byte scanner that
// knows JSON strings and brackets, so each tweet is one item whose payload is its exact text,
// parsed with JSON.parse and validated with zod in `normalize`. The cursor is the file and byte
// offset of the next tweet. The author comes from data/account.js (the archive's owner).
import { nextArrayElement } from "./json-array.ts";
import { resolve, dirname, basename, join } from "node:path";
import { readFileSync, readdirSync, statSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { z } from "zod";
import { VoxpopError, type CollectedPost } from "../../core/index.ts";
import type { NormalizedItem, Source, SourceItem } from "../source.ts";
import { parseTwitterDate } from "./record.ts";
import { payloadJson, utf8OrNull } from "./records.ts";

const YTD_PREFIX = /^\s*window\.YTD\.[A-Za-z0-9_]+\.part\d+\s*=\s*/;

const urlEntity = z.looseObject({ url: z.string(), expanded_url: z.string().nullable().optional() });
export const archiveTweetSchema = z.looseObject({
  id_str: z.string().regex(/^\d+$/).optional(),
  id: z.union([z.string().regex(/^\d+$/), z.number()]).optional(),
  full_text: z.string().optional(),
  text: z.string().optional(),
  created_at: z.string(),
  lang: z.string().nullable().optional(),
  in_reply_to_status_id_str: z.string().nullable().optional(),
  in_reply_to_screen_name: z.string().nullable().optional(),
  quoted_status_id_str: z.string().nullable().optional(),
  retweeted_status: z.looseObject({ id_str: z.string().optional() }).nullable().optional(),
  entities: z.looseObject({
    urls: z.array(urlEntity).optional(),
    media: z.array(urlEntity).optional(),
    user_mentions: z.array(z.looseObject({ screen_name: z.string() })).optional(),
    hashtags: z.array(z.looseObject({ text: z.string() })).optional(),
  }).optional(),
  extended_entities: z.looseObject({ media: z.array(urlEntity).optional() }).optional(),
});

const accountSchema = z.array(z.looseObject({
  account: z.looseObject({ username: z.string().optional(), accountId: z.string().optional(), accountDisplayName: z.string().optional() }),
}));

interface Account {
  handle: string | null;
  name: string | null;
  id: string | null;
}

interface ArchiveCursor {
  v: 1;
  /** Index into the archive's tweet files. */
  part: number;
  /** Byte offset in that file just after the last tweet read. */
  offset: number;
  record: number;
}

/** The tweet files of an archive (in order) and its account file, from a folder or a file path. */
export function archiveFiles(path: string): { tweets: string[]; account: string | null } {
  const abs = resolve(path);
  let dir: string;
  let first: string | null = null;
  if (statSync(abs).isDirectory()) {
    dir = statSync(join(abs, "data"), { throwIfNoEntry: false })?.isDirectory() ? join(abs, "data") : abs;
  } else {
    dir = dirname(abs);
    first = basename(abs);
  }
  const names = readdirSync(dir);
  const parts = names
    .map((n) => ({ n, m: /^tweets?(?:-part(\d+))?\.js$/.exec(n) }))
    .filter((x) => x.m !== null)
    .sort((a, b) => Number(a.m![1] ?? 0) - Number(b.m![1] ?? 0))
    .map((x) => join(dir, x.n));
  // Given one file of the archive: that file, plus its other parts if it is the first one.
  const tweets = first === null ? parts : /^tweets?\.js$/.test(first) ? [join(dir, first), ...parts.filter((p) => /-part\d+\.js$/.test(p))] : [join(dir, first)];
  if (tweets.length === 0) {
    throw new VoxpopError("NOT_FOUND", `${abs} holds no data/tweets.js (nor data/tweet.js): is it an unzipped X archive?`);
  }
  const account = names.includes("account.js") ? join(dir, "account.js") : null;
  return { tweets, account };
}

/** Where the array of a `window.YTD... = [` file starts (just after "["). */
function arrayStart(buf: Buffer, file: string): number {
  const head = buf.subarray(0, 256).toString("latin1").replace(/^\ufeff|^ï»¿/, "");
  const bom = buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf ? 3 : 0;
  const m = YTD_PREFIX.exec(head);
  let i = bom + (m ? m[0].length : 0);
  while (i < buf.length && /\s/.test(String.fromCharCode(buf[i]!))) i++;
  if (buf[i] !== 0x5b) {
    throw new VoxpopError("PARSE_ERROR", `${file} is not an X archive data file (expected "window.YTD.tweets.part0 = [" or a JSON array)`);
  }
  return i + 1;
}

function unescapeTwitterHtml(s: string): string {
  // The API (and so the archive) escapes exactly these three in tweet text.
  return s.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");
}

export class XArchiveSource implements Source {
  readonly name: string;
  readonly kind = "file";
  readonly uri: string;
  readonly mode = "backfill" as const;
  readonly #files: { tweets: string[]; account: string | null };
  #account: Account | null = null;

  constructor(path: string) {
    this.uri = resolve(path);
    this.name = `x-archive ${this.uri}`;
    try {
      this.#files = archiveFiles(this.uri);
    } catch (cause) {
      if (cause instanceof VoxpopError) throw cause;
      throw new VoxpopError("NOT_FOUND", `cannot open the X archive ${this.uri}: ${(cause as Error).message}`, { cause });
    }
  }

  /** The archive owner, from account.js; every tweet in the archive is theirs. */
  account(): Account {
    if (this.#account) return this.#account;
    const none: Account = { handle: null, name: null, id: null };
    if (!this.#files.account) return (this.#account = none);
    const text = readFileSync(this.#files.account, "utf8").replace(/^\ufeff/, "").replace(YTD_PREFIX, "");
    let parsed;
    try {
      parsed = accountSchema.safeParse(JSON.parse(text));
    } catch (cause) {
      throw new VoxpopError("PARSE_ERROR", `${this.#files.account} is not valid JSON after its "window.YTD.account.part0 =" prefix`, { cause });
    }
    if (!parsed.success || parsed.data.length === 0) throw new VoxpopError("PARSE_ERROR", `${this.#files.account} does not hold an account record`);
    const a = parsed.data[0]!.account;
    return (this.#account = { handle: a.username?.replace(/^@/, "") || null, name: a.accountDisplayName || null, id: a.accountId || null });
  }

  #parseCursor(cursor: string | null): ArchiveCursor {
    if (!cursor) return { v: 1, part: 0, offset: 0, record: 0 };
    try {
      const c = JSON.parse(cursor) as Partial<ArchiveCursor>;
      const ok = (n: unknown): n is number => typeof n === "number" && Number.isSafeInteger(n) && n >= 0;
      if (c.v === 1 && ok(c.part) && ok(c.offset) && ok(c.record)) return { v: 1, part: c.part, offset: c.offset, record: c.record };
    } catch {
      // fall through
    }
    throw new VoxpopError("INVALID_ARGUMENT", `not a cursor of the X archive import ${this.uri}: ${cursor.slice(0, 80)}`);
  }

  async *read(cursor: string | null, signal: AbortSignal): AsyncIterable<SourceItem> {
    if (signal.aborted) throw new VoxpopError("FETCH_ABORTED", `reading ${this.uri} was cancelled`);
    const at = this.#parseCursor(cursor);
    this.account(); // a broken account.js is a clear error before any tweet is read
    let record = at.record;
    for (let part = at.part; part < this.#files.tweets.length; part++) {
      const file = this.#files.tweets[part]!;
      const buf = await readFile(file);
      const start = arrayStart(buf, file);
      let pos = part === at.part && at.offset > 0 ? at.offset : start;
      for (;;) {
        if (signal.aborted) throw new VoxpopError("FETCH_ABORTED", `reading ${this.uri} was cancelled`);
        const el = nextArrayElement(buf, pos);
        if ("end" in el && el.end === "array") break;
        if ("broken" in el) {
          record++;
          const rest = buf.subarray(el.broken, Math.min(buf.length, el.broken + 4096));
          yield {
            raw: { payload: utf8OrNull(rest) ?? new Uint8Array(rest), contentType: `application/json; record=${record}` },
            cursor: JSON.stringify({ v: 1, part: part + 1, offset: 0, record } satisfies ArchiveCursor),
            error: { code: "PARSE_ERROR", reason: `${file} ends in the middle of tweet ${record} (a truncated or damaged archive)` },
          };
          break;
        }
        record++;
        pos = el.end;
        const bytes = buf.subarray(el.start, el.end);
        yield {
          raw: { payload: utf8OrNull(bytes) ?? new Uint8Array(bytes), contentType: `application/json; record=${record}` },
          cursor: JSON.stringify({ v: 1, part, offset: el.end, record } satisfies ArchiveCursor),
        };
      }
    }
  }

  normalize(item: SourceItem): NormalizedItem {
    if (item.error) throw new VoxpopError("PARSE_ERROR", item.error.reason);
    const n = Number(/;\s*record=(\d+)/.exec(item.raw.contentType)?.[1] ?? 0);
    const where = n ? `tweet ${n} of ${this.uri}` : `a tweet of ${this.uri}`;
    const value = payloadJson(item, where);
    // Archives since 2019 wrap each tweet as {"tweet": {...}}; older ones do not.
    const inner = value !== null && typeof value === "object" && "tweet" in value ? (value as { tweet: unknown }).tweet : value;
    const parsed = archiveTweetSchema.safeParse(inner);
    if (!parsed.success) {
      const why = parsed.error.issues.slice(0, 3).map((i) => `${i.path.join(".") || "tweet"}: ${i.message}`).join("; ");
      throw new VoxpopError("PARSE_ERROR", `${where}: not an archived tweet (${why})`);
    }
    return { posts: [this.#toPost(parsed.data, n || 1, where)] };
  }

  #toPost(t: z.infer<typeof archiveTweetSchema>, position: number, where: string): CollectedPost {
    const id = t.id_str ?? (t.id === undefined ? undefined : String(t.id));
    if (!id || !/^\d+$/.test(id) || (typeof t.id === "number" && !t.id_str && !Number.isSafeInteger(t.id))) {
      throw new VoxpopError("PARSE_ERROR", `${where}: no usable id_str`);
    }
    const raw = t.full_text ?? t.text;
    if (raw === undefined) throw new VoxpopError("PARSE_ERROR", `${where}: no full_text`);
    const createdAt = parseTwitterDate(t.created_at);
    if (createdAt === null) throw new VoxpopError("PARSE_ERROR", `${where}: created_at is not X's date format: ${t.created_at.slice(0, 40)}`);
    let text = raw;
    const urls = t.entities?.urls ?? [];
    const media = [...(t.entities?.media ?? []), ...(t.extended_entities?.media ?? [])];
    // t.co wrappers back to the links the author wrote (longest first, so no wrapper is cut by another).
    for (const u of [...urls, ...media].sort((a, b) => b.url.length - a.url.length)) {
      if (u.expanded_url) text = text.split(u.url).join(u.expanded_url);
    }
    text = unescapeTwitterHtml(text);
    const account = this.account();
    const post: CollectedPost = {
      platform: "x",
      id,
      url: account.handle ? `https://x.com/${account.handle}/status/${id}` : `https://x.com/i/web/status/${id}`,
      author: { name: account.name, handle: account.handle, id: account.id },
      createdAt,
      // The archive's machine date ("Wed Oct 10 20:19:24 +0000 2018") is not what a reader was
      // shown; renderers format createdAt instead.
      dateText: null,
      text,
      links: urls.map((u) => u.expanded_url ?? u.url).filter((u) => /^https?:\/\//i.test(u)),
      mentions: (t.entities?.user_mentions ?? []).map((m) => m.screen_name),
      position,
      inArticle: true,
      tags: (t.entities?.hashtags ?? []).map((h) => h.text),
    };
    if (t.lang && t.lang !== "und") post.lang = t.lang;
    if (t.in_reply_to_status_id_str) post.replyTo = t.in_reply_to_status_id_str;
    if (t.quoted_status_id_str) post.quoteOf = t.quoted_status_id_str;
    // Archived retweets are "RT @user: text"; the original's id is there only when the export kept retweeted_status.
    if (t.retweeted_status?.id_str) post.repostOf = t.retweeted_status.id_str;
    return post;
  }
}
