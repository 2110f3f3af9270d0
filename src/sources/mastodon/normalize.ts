// One Mastodon status to one CollectedPost. Decisions (each also in index.ts):
// - id is the status `uri`, the ActivityPub id, which every server that federates the status
//   agrees on; the numeric `id` is local to the instance that answered.
// - A boost (reblog) has no text of its own: the post is the boosted (original) status, so the
//   same status boosted by ten people is stored once. The booster is not recorded.
// - Replies: the API gives only the parent's local id, so replyTo is `mastodon-local:HOST/ID`
//   (a key the store can resolve later if it sees that status on that host), never a guess.
// - Quotes (Mastodon 4.4+): quoteOf is the quoted status's uri when the API includes it, else
//   its local id as above; only for quotes the quoted author accepted (or the viewer hid).
// - A content warning (spoiler_text) is kept in front of the text as "CW: ...", then a blank
//   line, so a reader of the roundup sees the warning the author chose.
// - Private and direct statuses never become posts (they are filtered in read() as well).
import { VoxpopError } from "../../core/index.ts";
import type { CollectedPost } from "../../core/index.ts";
import type { NormalizedItem, SourceItem } from "../source.ts";
import { cleanText, htmlToText } from "./html.ts";
import { statusSchema, type MastodonInnerStatus } from "./schema.ts";

/** Content types of the raw items the Mastodon sources yield. */
export const STATUS_TYPE = "application/json; mastodon=status";
export const STATUS_UPDATE_TYPE = "application/json; mastodon=status.update";
export const DELETE_TYPE = "text/plain; mastodon=delete";

const QUOTE_SHOWN = new Set(["accepted", "blocked_account", "blocked_domain", "muted_account"]);
const NOT_PUBLIC = new Set(["private", "direct"]);

export function localRef(host: string, id: string): string {
  return `mastodon-local:${host}/${id}`;
}

/** "user" (local to `host`) or "user@host" (remote) as "user@host", without a leading "@". */
export function fullAcct(acct: string, host: string): string {
  const a = acct.trim().replace(/^@/, "");
  return a.includes("@") ? a : `${a}@${host}`;
}

function httpUrl(s: string | null | undefined): string | null {
  if (!s) return null;
  try {
    const u = new URL(s);
    return u.protocol === "http:" || u.protocol === "https:" ? u.href : null;
  } catch {
    return null;
  }
}

function parseJson(text: string): unknown {
  let data: unknown = JSON.parse(text);
  // A WebSocket frame wraps the status as a JSON string in `payload`; accept that shape too.
  if (data && typeof data === "object" && "payload" in data && "event" in data) data = (data as { payload: unknown }).payload;
  if (typeof data === "string") data = JSON.parse(data);
  return data;
}

/** Normalizes one raw item from a Mastodon source read from `host` (the instance that answered). */
export function normalizeItem(item: SourceItem, host: string): NormalizedItem {
  if (item.raw.contentType === DELETE_TYPE) return { posts: [] };
  const text = typeof item.raw.payload === "string" ? item.raw.payload : Buffer.from(item.raw.payload).toString("utf8");
  let data: unknown;
  try {
    data = parseJson(text);
  } catch (cause) {
    throw new VoxpopError("PARSE_ERROR", `Mastodon status from ${host} is not JSON`, { cause });
  }
  const post = normalizeStatus(data, host);
  return { posts: post ? [post] : [] };
}

/** A Status entity (already parsed JSON) to a post; null for a private or direct status. Throws PARSE_ERROR. */
export function normalizeStatus(data: unknown, host: string): CollectedPost | null {
  const parsed = statusSchema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.length ? issue.path.join(".") : "status";
    throw new VoxpopError("PARSE_ERROR", `bad Mastodon status from ${host}: ${where}: ${issue?.message ?? "invalid"}`, { cause: parsed.error });
  }
  const status: MastodonInnerStatus = parsed.data.reblog ?? parsed.data;
  if (NOT_PUBLIC.has(parsed.data.visibility ?? "") || NOT_PUBLIC.has(status.visibility ?? "")) return null;
  return toPost(status, host);
}

function toPost(status: MastodonInnerStatus, host: string): CollectedPost {
  const id = httpUrl(status.uri);
  if (!id) throw new VoxpopError("PARSE_ERROR", `Mastodon status ${status.id} from ${host} has no http(s) uri`);
  const account = status.account;
  const { text: body, links: anchors } = htmlToText(status.content, { dropClasses: status.quote ? ["quote-inline"] : [] });
  const spoiler = cleanText(status.spoiler_text ?? "");
  const text = spoiler ? (body ? `CW: ${spoiler}\n\n${body}` : `CW: ${spoiler}`) : body;

  // Links the author wrote, not the mention and hashtag links Mastodon generates.
  const generated = new Set<string>([...status.mentions.map((m) => m.url ?? ""), ...status.tags.map((t) => t.url ?? "")].filter(Boolean));
  const links: string[] = [];
  const addLink = (href: string | null) => {
    if (href && !links.includes(href)) links.push(href);
  };
  for (const a of anchors) {
    const cls = ` ${a.classes} `;
    if (cls.includes(" mention ") || cls.includes(" hashtag ") || / tag /.test(` ${a.rel} `) || generated.has(a.href)) continue;
    if (a.text.startsWith("@") || a.text.startsWith("#")) continue;
    addLink(httpUrl(a.href));
  }
  addLink(httpUrl(status.card?.url));

  let quoteOf: string | null = null;
  const q = status.quote;
  if (q && QUOTE_SHOWN.has(q.state ?? "accepted")) {
    quoteOf = httpUrl(q.quoted_status?.uri) ?? (q.quoted_status_id ? localRef(host, q.quoted_status_id) : null);
  }

  const name = account.display_name?.trim() ? cleanText(account.display_name) : null;
  const createdAt = new Date(Date.parse(status.created_at)).toISOString();
  return {
    platform: "mastodon",
    id,
    url: httpUrl(status.url) ?? id,
    author: {
      name: name || null,
      handle: fullAcct(account.acct, host),
      id: httpUrl(account.uri) ?? httpUrl(account.url),
      followers: account.followers_count ?? null,
      verified: null,
    },
    createdAt,
    dateText: null,
    text: text || null,
    links,
    mentions: [...new Set(status.mentions.map((m) => fullAcct(m.acct, host)))],
    position: 0,
    lang: status.language?.trim() || null,
    inArticle: true,
    tags: [...new Set(status.tags.map((t) => t.name))],
    replyTo: status.in_reply_to_id ? localRef(host, status.in_reply_to_id) : null,
    replyRoot: null,
    quoteOf,
    repostOf: null,
  };
}
