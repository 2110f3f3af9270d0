// Regenerates the demo story's post files from the hand-written lines in demo/story.ts, each in
// its network's real wire format:
//   demo/bluesky-jetstream.jsonl   Jetstream frames (identity events, profile and post commits,
//                                  reposts and likes), as a recording of a subscription to
//                                  app.bsky.feed.post, app.bsky.feed.repost, app.bsky.feed.like
//                                  and app.bsky.actor.profile
//   demo/mastodon-statuses.json    Mastodon Status entities (REST API JSON), as fetched from
//                                  mastodon.example's #AdaMarrow timeline and searches
//   demo/x-archive/data/*.js       the subject's X archive (account.js and tweets.js)
// Deterministic: a seeded generator picks authors, networks and times, so running it again writes
// the same bytes. Run: npx node demo/make-demo.ts
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { rng } from "../src/enrich/ml/index.ts";
import {
  ARTICLE_URL, ASSEMBLED, BOOKS, COPIES, ECHOES, FIRST, FLOURISH, LAST, ORG_POSTS, ORGS, REACTIONS, SUBJECT, SUBJECT_BLUESKY, SUBJECT_MASTODON,
  SUBJECT_X, TOWNS, type Line, type Phase,
} from "./story.ts";

const HERE = dirname(fileURLToPath(import.meta.url));
const rand = rng(20260303);
const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)]!;

// ---- time ---------------------------------------------------------------------------------------
const T = (iso: string) => Date.parse(iso);
const NEWS = T("2026-03-03T18:05:00Z");
const LOSS = T("2026-03-04T09:08:00Z");
const END = T("2026-03-06T12:00:00Z");

/** A creation time for a line: a burst right after its event that tails off over the days after. */
function timeFor(phase: Phase): number {
  let t: number;
  switch (phase) {
    case "before": t = T("2026-03-02T08:00:00Z") + rand() * (T("2026-03-03T17:50:00Z") - T("2026-03-02T08:00:00Z")); break;
    case "news": t = NEWS + -Math.log(1 - rand() * 0.999) * 4.5 * 3600_000; break;
    case "loss": t = LOSS + -Math.log(1 - rand() * 0.999) * 6 * 3600_000; break;
    case "late": t = T("2026-03-05T07:00:00Z") + rand() * (END - T("2026-03-05T07:00:00Z")); break;
  }
  // Nights are quieter: a post that lands between 01:00 and 06:00 UTC usually waits for morning.
  const hour = new Date(t).getUTCHours();
  if (hour >= 1 && hour < 6 && rand() < 0.7) t += (7 - hour) * 3600_000 * rand();
  return Math.min(Math.floor(t / 1000) * 1000 + Math.floor(rand() * 1000), END);
}
const iso = (ms: number) => new Date(ms).toISOString();

// ---- ids in each network's own shape ------------------------------------------------------------------
const S32 = "234567abcdefghijklmnopqrstuvwxyz";
const B32 = "abcdefghijklmnopqrstuvwxyz234567";
/** An atproto TID (record key, rev): microseconds since the epoch and a clock id, base32-sortable. */
function tid(timeUs: number): string {
  let ts = Math.floor(timeUs);
  let head = "";
  for (let i = 0; i < 11; i++) { head = S32[ts % 32]! + head; ts = Math.floor(ts / 32); }
  const clock = Math.floor(rand() * 1024);
  return head + S32[(clock >> 5) & 31]! + S32[clock & 31]!;
}
const b32 = (n: number) => Array.from({ length: n }, () => B32[Math.floor(rand() * 32)]).join("");
const cid = () => `bafyrei${b32(52)}`;
const did = () => `did:plc:${b32(24)}`;
/** A Mastodon id: milliseconds shifted 16 bits, plus a sequence. */
const mastodonId = (ms: number) => ((BigInt(ms) << 16n) | BigInt(Math.floor(rand() * 65536))).toString();
/** An X snowflake: milliseconds since X's epoch shifted 22 bits, plus worker and sequence bits. */
const snowflake = (ms: number) => (((BigInt(ms) - 1288834974657n) << 22n) | BigInt(Math.floor(rand() * 4194304))).toString();
const tco = () => `https://t.co/${Array.from({ length: 10 }, () => "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"[Math.floor(rand() * 62)]).join("")}`;

// ---- people -------------------------------------------------------------------------------------
interface Person { name: string; slug: string; did: string; bskyHandle: string; mastoUser: string; mastoHost: string; mastoId: string; followers: number }
const usedSlugs = new Set<string>();
const REMOTE_HOSTS = ["writers.example", "social.example.org", "toot.example.net", "fedi.example.ie"];

function newPerson(): Person {
  for (;;) {
    const first = pick(FIRST);
    const last = pick(LAST);
    const style = Math.floor(rand() * 5);
    const base = [`${first}${last}`, `${first}_${last[0]}`, `${first[0]}${last}`, `${first}reads`, `${first}.${last}`][style]!.toLowerCase().replace(/[^a-z0-9._]/g, "");
    const slug = usedSlugs.has(base) ? `${base}${Math.floor(rand() * 90 + 10)}` : base;
    if (usedSlugs.has(slug)) continue;
    usedSlugs.add(slug);
    const followers = Math.floor(Math.exp(rand() * 9)); // 1 .. ~8000, most small
    return {
      name: `${first} ${last}${pick(FLOURISH)}`,
      slug,
      did: did(),
      bskyHandle: `${slug.replace(/[._]/g, "")}.bsky.social`,
      mastoUser: slug.replace(/\./g, "_"),
      mastoHost: rand() < 0.55 ? "mastodon.example" : pick(REMOTE_HOSTS),
      mastoId: mastodonId(T("2022-11-01T00:00:00Z") + Math.floor(rand() * 3e10)),
      followers,
    };
  }
}

// ---- the posts to write, before any wire format -------------------------------------------------------
type Net = "bluesky" | "mastodon";
interface Planned { line: Line; at: number; net: Net; author: Person | "org" | "subject"; org?: keyof typeof ORGS; links: string[]; tags: string[]; quote?: boolean }

const plans: Planned[] = [];
const people: Person[] = [];
const person = () => {
  // Most people post once; a few regulars post again (a quarter of the time, from the first forty).
  if (people.length > 40 && rand() < 0.25) return people[Math.floor(rand() * 40)]!;
  const p = newPerson();
  people.push(p);
  return p;
};

function netFor(line: Line): Net {
  return line.net ?? (rand() < 0.57 ? "bluesky" : "mastodon");
}

function tagsFor(line: Line): string[] {
  if (line.hostile || line.intent === "other") return [];
  const r = rand();
  return r < 0.12 ? ["AdaMarrow"] : r < 0.17 ? ["LastTideTable"] : r < 0.2 ? ["AdaMarrow", "amreading"] : [];
}

let hostileNet = 0;
for (const line of REACTIONS) {
  const net = line.hostile ? (hostileNet++ % 2 === 0 ? "bluesky" : "mastodon") : netFor(line);
  const links = line.intent === "information" && rand() < 0.6 ? [ARTICLE_URL] : [];
  plans.push({ line, at: timeFor(line.phase), net, author: person(), links, tags: tagsFor(line), quote: net === "bluesky" && !line.reply && line.phase === "news" && rand() < 0.12 });
}
for (const { line, times } of COPIES) for (let i = 0; i < times; i++) plans.push({ line, at: timeFor(line.phase), net: netFor(line), author: person(), links: [], tags: [] });
for (const e of ECHOES) plans.push({ line: { intent: "support", phase: "loss", text: e.text }, at: timeFor("loss"), net: netFor({ intent: "support", phase: "loss", text: "" }), author: person(), links: [], tags: [] });

const assembled = new Set<string>();
for (const p of ASSEMBLED) {
  let made = 0;
  for (let guard = 0; made < p.count && guard < p.count * 50; guard++) {
    const opener = pick(p.openers);
    let body = pick(p.bodies).replace("{book}", pick(BOOKS)).replace("{town}", pick(TOWNS));
    if (!opener.endsWith(",")) body = body[0]!.toUpperCase() + body.slice(1);
    const closer = pick(p.closers).replace("{town}", pick(TOWNS));
    const text = [opener, body, closer].filter(Boolean).join(" ");
    if (assembled.has(text)) continue;
    assembled.add(text);
    made++;
    const line: Line = { intent: p.intent, phase: p.phase, text, ...(p.reply && rand() < 0.6 ? { reply: true as const } : {}) };
    plans.push({ line, at: timeFor(p.phase), net: netFor(line), author: person(), links: [], tags: tagsFor(line) });
  }
}
for (const o of ORG_POSTS) {
  const nets: Net[] = o.net === "both" ? ["bluesky", "mastodon"] : [o.net];
  for (const net of nets) {
    plans.push({ line: { intent: "information", phase: "news", text: o.text }, at: T(o.at) + (net === "mastodon" ? 40_000 : 0), net, author: "org", org: o.org, links: o.links ?? [], tags: [] });
  }
}
plans.sort((a, b) => a.at - b.at);

// ---- Bluesky: Jetstream frames -----------------------------------------------------------------------
interface Frame { timeUs: number; json: string }
const frames: Frame[] = [];
const enc = new TextEncoder();
const byteLen = (s: string) => enc.encode(s).length;

/** Keys sorted, as Jetstream re-encodes records. */
function sorted(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sorted);
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.keys(value).sort().map((k) => [k, sorted((value as Record<string, unknown>)[k])]));
  }
  return value;
}

interface BskyAccount { did: string; handle: string; name: string; description: string; seq: number }
const bskyKnown = new Map<string, BskyAccount>();
let seq = 5_000_000_000;

function commitFrame(repo: string, timeUs: number, collection: string, rkey: string, record: unknown, operation = "create", recordCid = cid()): string {
  // Jetstream's Go encoder: did, time_us, kind, commit{rev, operation, collection, rkey, record, cid}.
  return JSON.stringify({ did: repo, time_us: timeUs, kind: "commit", commit: { rev: tid(timeUs), operation, collection, rkey, record: sorted(record), cid: recordCid } });
}

/** An identity event and a profile commit the first time an account appears, as a recording carries them. */
function introduce(a: BskyAccount, beforeUs: number): void {
  if (bskyKnown.has(a.did)) return;
  bskyKnown.set(a.did, a);
  const t = beforeUs - 60_000_000 - Math.floor(rand() * 3600_000_000);
  frames.push({ timeUs: t, json: JSON.stringify({ did: a.did, time_us: t, kind: "identity", identity: { did: a.did, handle: a.handle, seq: seq++, time: iso(t / 1000) } }) });
  const record = { $type: "app.bsky.actor.profile", createdAt: iso(T("2024-11-20T10:00:00Z") + Math.floor(rand() * 3e10)), description: a.description, displayName: a.name };
  frames.push({ timeUs: t + 1500, json: commitFrame(a.did, t + 1500, "app.bsky.actor.profile", "self", record, "update") });
}

const SUBJECT_BSKY: BskyAccount = { did: SUBJECT.bluesky.did, handle: SUBJECT.bluesky.handle, name: SUBJECT.name, description: "Novelist. Skerrow. Eleven books and one more on the way.", seq: 0 };
const ORG_DIDS = new Map<string, string>();

function bskyAccountOf(plan: Planned): BskyAccount {
  if (plan.author === "subject") return SUBJECT_BSKY;
  if (plan.author === "org") {
    const org = ORGS[plan.org!];
    const d = ORG_DIDS.get(org.bluesky) ?? did();
    ORG_DIDS.set(org.bluesky, d);
    return bskyKnown.get(d) ?? { did: d, handle: org.bluesky, name: org.name, description: `${org.name} (fictional, for voxpop's demo)`, seq: 0 };
  }
  const p = plan.author;
  return bskyKnown.get(p.did) ?? { did: p.did, handle: p.bskyHandle, name: p.name, description: pick(["Reader.", "Books, boats, bad puns.", "Librarian. Opinions my own.", "Teacher on the north coast.", "Knits, reads, swims in cold water.", ""]), seq: 0 };
}

/** Facets for mentions, links and tags found in the text, at UTF-8 byte offsets. */
function facetsFor(text: string, mentions: Map<string, string>, links: string[]): unknown[] {
  const facets: unknown[] = [];
  const add = (start: number, len: number, feature: Record<string, unknown>) => {
    const byteStart = byteLen(text.slice(0, start));
    facets.push({ $type: "app.bsky.richtext.facet", features: [feature], index: { byteEnd: byteStart + byteLen(text.slice(start, start + len)), byteStart } });
  };
  for (const [handle, mdid] of mentions) {
    const at = text.indexOf(`@${handle}`);
    if (at !== -1) add(at, handle.length + 1, { $type: "app.bsky.richtext.facet#mention", did: mdid });
  }
  for (const link of links) {
    const at = text.indexOf(link);
    if (at !== -1) add(at, link.length, { $type: "app.bsky.richtext.facet#link", uri: link });
  }
  for (const m of text.matchAll(/#([A-Za-z][A-Za-z0-9]*)/g)) add(m.index, m[0].length, { $type: "app.bsky.richtext.facet#tag", tag: m[1] });
  return facets;
}

interface BskyPost { uri: string; cid: string }
let subjectBskyPosts: BskyPost[] = [];

function bskyPost(plan: Planned, text: string, replyTo: BskyPost | null, quote: BskyPost | null, fixed?: { did: string; rkey: string; cid: string }): BskyPost {
  const account = fixed ? bskyKnown.get(fixed.did)! : bskyAccountOf(plan);
  const timeUs = plan.at * 1000 + 250_000 + Math.floor(rand() * 500_000);
  introduce(account, timeUs);
  const rkey = fixed?.rkey ?? tid(plan.at * 1000);
  const postCid = fixed?.cid ?? cid();
  const body = plan.links.length && plan.author !== "subject" ? `${text} ${plan.links[0]}` : text;
  const withTags = plan.tags.length ? `${body} ${plan.tags.map((t) => `#${t}`).join(" ")}` : body;
  const record: Record<string, unknown> = { $type: "app.bsky.feed.post", createdAt: iso(plan.at), langs: [plan.line.lang ?? "en"], text: withTags };
  const facets = facetsFor(withTags, new Map([[SUBJECT.bluesky.handle, SUBJECT.bluesky.did]]), plan.links);
  if (facets.length) record["facets"] = facets;
  if (replyTo) record["reply"] = { parent: { cid: replyTo.cid, uri: replyTo.uri }, root: { cid: replyTo.cid, uri: replyTo.uri } };
  if (quote) record["embed"] = { $type: "app.bsky.embed.record", record: { cid: quote.cid, uri: quote.uri } };
  else if (plan.links.length && plan.author === "subject") {
    record["embed"] = { $type: "app.bsky.embed.external", external: { description: "", title: "The Last Tide Table", uri: plan.links[0] } };
  }
  frames.push({ timeUs, json: commitFrame(account.did, timeUs, "app.bsky.feed.post", rkey, record, "create", postCid) });
  return { uri: `at://${account.did}/app.bsky.feed.post/${rkey}`, cid: postCid };
}

// The subject's own posts first (reactions reply to the latest one before them).
const subjectBsky = SUBJECT_BLUESKY.map((s) => ({ at: T(s.at), post: null as BskyPost | null, s }));
for (const item of subjectBsky) {
  const plan: Planned = { line: { intent: "other", phase: "news", text: item.s.text }, at: item.at, net: "bluesky", author: "subject", links: item.s.links ?? [], tags: [] };
  item.post = bskyPost(plan, item.s.text, null, null);
}
subjectBskyPosts = subjectBsky.map((i) => i.post!);
const latestSubject = <P>(list: Array<{ at: number; post: P }>, at: number): P => (list.filter((i) => i.at < at).at(-1) ?? list[0]!).post;

// The two Bluesky posts the article quotes, as the network carried them (same DIDs, record keys, CIDs).
const ARTICLE_BSKY = [
  { did: "did:plc:4xq2vbn7w3kmzy5t6rjh2uo3", handle: "tomasfl.bsky.social", name: "Tomás Ferreira-Lund", rkey: "3lkq7tmxv2c2a", cid: "bafyreif6zq3gq5xv2m4s7pcnd4h3v5tkx7wq2zvyd6e3xkq4a5jb7lrc4m", at: "2026-03-03T19:12:07.412Z", text: "Ada Marrow taught a whole generation of us that a harbour town is as big a stage as any capital. Grateful for every page. 🌊📚" },
  { did: "did:plc:7hv3nq2xk5wz4y6t8rmf3lp2", handle: "saoirse.example.ie", name: "Saoirse Ní Bhriain", rkey: "3lkqa2bcd7e2f", cid: "bafyreigq4h7ldm3xz2vk6p5n7c4t3wq2r5yxb6e4zk3j7a2l5m8c6d4f2e", at: "2026-03-03T21:44:31.080Z", text: "Sending you so much love, Ada. Enjoy the classroom; they have no idea how lucky they are. 💙" },
];
for (const a of ARTICLE_BSKY) {
  const account: BskyAccount = { did: a.did, handle: a.handle, name: a.name, description: "", seq: 0 };
  introduce(account, T(a.at) * 1000);
  const plan: Planned = { line: { intent: "praise", phase: "news", text: a.text }, at: T(a.at), net: "bluesky", author: "org", links: [], tags: [] };
  bskyPost(plan, a.text, a.text.startsWith("Sending") ? latestSubject(subjectBsky, T(a.at)) : null, null, { did: a.did, rkey: a.rkey, cid: a.cid });
}

// ---- Mastodon: Status entities -------------------------------------------------------------------------
const HOST = "mastodon.example";
const escapeHtml = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#39;");

interface MastoAccount { id: string; username: string; acct: string; host: string; display_name: string; followers: number; created: string }
const mastoAccounts = new Map<string, MastoAccount>();
function mastoAccountOf(plan: Planned): MastoAccount {
  let key: string, make: () => MastoAccount;
  if (plan.author === "subject") {
    key = "subject";
    make = () => ({ id: SUBJECT.mastodon.id, username: SUBJECT.mastodon.username, acct: SUBJECT.mastodon.username, host: HOST, display_name: SUBJECT.name, followers: 18_400, created: "2022-11-03T09:12:00.000Z" });
  } else if (plan.author === "org") {
    const org = ORGS[plan.org!];
    key = `org:${org.mastodon}`;
    make = () => ({ id: mastodonId(T("2023-01-10T00:00:00Z") + Math.floor(rand() * 3e10)), username: org.mastodon, acct: org.mastodon, host: HOST, display_name: org.name, followers: 2000 + Math.floor(rand() * 20_000), created: "2023-01-10T00:00:00.000Z" });
  } else {
    const p = plan.author;
    key = p.slug;
    make = () => ({ id: p.mastoId, username: p.mastoUser, acct: p.mastoHost === HOST ? p.mastoUser : `${p.mastoUser}@${p.mastoHost}`, host: p.mastoHost, display_name: p.name, followers: p.followers, created: "2022-11-14T00:00:00.000Z" });
  }
  let a = mastoAccounts.get(key);
  if (!a) mastoAccounts.set(key, (a = make()));
  return a;
}

function accountEntity(a: MastoAccount) {
  return {
    id: a.id, username: a.username, acct: a.acct, display_name: a.display_name, locked: false, bot: false, discoverable: true, indexable: true, group: false,
    created_at: a.created, note: "<p></p>", url: `https://${a.host}/@${a.username}`, uri: `https://${a.host}/users/${a.username}`,
    avatar: `https://files.${HOST}/accounts/avatars/${a.id}/original/avatar.png`, avatar_static: `https://files.${HOST}/accounts/avatars/${a.id}/original/avatar.png`,
    header: `https://${HOST}/headers/original/missing.png`, header_static: `https://${HOST}/headers/original/missing.png`,
    followers_count: a.followers, following_count: Math.floor(rand() * 800), statuses_count: 50 + Math.floor(rand() * 9000), last_status_at: "2026-03-05",
    hide_collections: null, noindex: false, emojis: [], roles: [], fields: [],
  };
}

/** Plain text to Mastodon's content HTML: paragraphs, escaped text, mention, hashtag and link anchors. */
function contentHtml(text: string, mention: MastoAccount | null): string {
  const inline = (s: string) => escapeHtml(s)
    .replace(/https?:\/\/[^\s<]+/g, (u) => {
      const bare = u.replace(/^https?:\/\//, "");
      const [shown, rest] = bare.length > 30 ? [bare.slice(0, 30), bare.slice(30)] : [bare, ""];
      return `<a href="${u}" target="_blank" rel="nofollow noopener" translate="no"><span class="invisible">${u.slice(0, u.length - bare.length)}</span><span class="${rest ? "ellipsis" : ""}">${shown}</span><span class="invisible">${rest}</span></a>`;
    })
    .replace(/(^|\s)#([A-Za-z][A-Za-z0-9]*)/g, (_m, pre: string, tag: string) => `${pre}<a href="https://${HOST}/tags/${tag}" class="mention hashtag" rel="tag">#<span>${tag}</span></a>`);
  const paragraphs = text.split(/\n{2,}/).map((p) => `<p>${p.split("\n").map(inline).join("<br />")}</p>`);
  if (mention) {
    const h = `<span class="h-card" translate="no"><a href="https://${mention.host}/@${mention.username}" class="u-url mention">@<span>${mention.username}</span></a></span> `;
    paragraphs[0] = paragraphs[0]!.replace("<p>", `<p>${h}`);
  }
  return paragraphs.join("");
}

interface MastoStatus { id: string; uri: string; url: string; account: MastoAccount; at: number }
const statuses: Array<{ at: number; entity: Record<string, unknown> }> = [];

function statusEntity(plan: Planned, text: string, replyTo: MastoStatus | null, fixedId?: string): MastoStatus {
  const a = mastoAccountOf(plan);
  const id = fixedId ?? mastodonId(plan.at);
  // A remote author's status has its own id and address on its home server; `id` is this server's.
  const homeId = a.host === HOST ? id : mastodonId(plan.at - 800);
  const uri = `https://${a.host}/users/${a.username}/statuses/${homeId}`;
  const url = `https://${a.host}/@${a.username}/${homeId}`;
  const links = plan.links;
  const body = links.length && !text.includes(links[0]!) ? `${text}\n\n${links[0]}` : text;
  const withTags = plan.tags.length ? `${body} ${plan.tags.map((t) => `#${t}`).join(" ")}` : body;
  const subject = replyTo?.account ?? null;
  const tags = [...new Set([...withTags.matchAll(/(?:^|\s)#([A-Za-z][A-Za-z0-9]*)/g)].map((m) => m[1]!))];
  const entity = {
    id, created_at: iso(plan.at), in_reply_to_id: replyTo?.id ?? null, in_reply_to_account_id: replyTo?.account.id ?? null,
    sensitive: Boolean(plan.line.cw), spoiler_text: plan.line.cw ?? "", visibility: "public", language: plan.line.lang ?? "en", uri, url,
    replies_count: Math.floor(rand() * 4), reblogs_count: Math.floor(rand() * 12), favourites_count: Math.floor(rand() * 60), edited_at: null,
    favourited: false, reblogged: false, muted: false, bookmarked: false,
    content: contentHtml(withTags, subject), filtered: [], reblog: null,
    application: a.host === HOST ? { name: pick(["Web", "Ivory", "Tusky", "Elk"]), website: null } : undefined,
    account: accountEntity(a),
    media_attachments: [],
    mentions: subject ? [{ id: subject.id, username: subject.username, url: `https://${subject.host}/@${subject.username}`, acct: subject.acct }] : [],
    tags: tags.map((t) => ({ name: t.toLowerCase(), url: `https://${HOST}/tags/${t.toLowerCase()}` })),
    emojis: [],
    card: links.length ? { url: links[0], title: "The Harbour Gazette", description: "", language: "en", type: "link", author_name: "", author_url: "", provider_name: "", provider_url: "", html: "", width: 400, height: 210, image: null, image_description: "", embed_url: "", blurhash: null, published_at: null, authors: [] } : null,
    poll: null,
  };
  if (entity.application === undefined) delete (entity as { application?: unknown }).application;
  statuses.push({ at: plan.at, entity });
  return { id, uri, url, account: a, at: plan.at };
}

const subjectMasto = SUBJECT_MASTODON.map((s) => {
  const plan: Planned = { line: { intent: "other", phase: "news", text: s.text, ...(s.cw ? { cw: s.cw } : {}) }, at: T(s.at), net: "mastodon", author: "subject", links: s.links ?? [], tags: [] };
  return { at: T(s.at), post: statusEntity(plan, s.text, null) };
});

// The Mastodon post the article embeds (its status id is in the embed's URL).
{
  const lena: Person = { name: "Lena Vass", slug: "lenawrites", did: did(), bskyHandle: "lenawrites.bsky.social", mastoUser: "lenawrites", mastoHost: HOST, mastoId: mastodonId(T("2022-12-01T00:00:00Z")), followers: 3120 };
  const plan: Planned = { line: { intent: "criticism", phase: "news", text: "" }, at: T("2026-03-03T19:31:00Z"), net: "mastodon", author: lena, links: [], tags: [] };
  statusEntity(plan, "I loved the early books, but the last three read like a writer going through the motions. A graceful exit is the right call, and I mean that kindly.", null, "113987654321098765");
}

// ---- reactions on both networks ----------------------------------------------------------------------
for (const plan of plans) {
  const text = plan.line.text;
  if (plan.net === "bluesky") {
    const target = latestSubject(subjectBsky, plan.at);
    bskyPost(plan, text, plan.line.reply ? target : null, plan.quote ? target : null);
  } else {
    const target = latestSubject(subjectMasto, plan.at);
    statusEntity(plan, text, plan.line.reply ? target : null);
  }
}

// Hostile display names, shown as text wherever a name appears.
{
  const evil: BskyAccount = { did: did(), handle: "notascript.bsky.social", name: "<script>alert(\"name\")</script>", description: "<img src=x onerror=alert(2)>", seq: 0 };
  const at = T("2026-03-03T20:02:00Z");
  introduce(evil, at * 1000);
  bskyKnown.set(evil.did, evil);
  bskyPost({ line: { intent: "praise", phase: "news", text: "" }, at, net: "bluesky", author: "org", links: [], tags: [] }, "Genuinely one of the best novelists of her generation. Net Menders is a masterpiece.", null, null, { did: evil.did, rkey: tid(at * 1000), cid: cid() });
  const p: Person = { ...newPerson(), name: "\"><img src=x onerror=alert('name')>" };
  statusEntity({ line: { intent: "support", phase: "loss", text: "" }, at: T("2026-03-04T12:12:00Z"), net: "mastodon", author: p, links: [], tags: [] }, "Sending love to Ada and her family today.", null);
}

// Reposts and likes on Bluesky: frames that are not posts (the reader skips them).
for (let i = 0; i < 14; i++) {
  const target = subjectBskyPosts[i % 3 === 0 ? 2 : 0]!;
  const account = bskyAccountOf({ line: REACTIONS[0]!, at: 0, net: "bluesky", author: person(), links: [], tags: [] });
  const at = timeFor(i % 3 === 0 ? "loss" : "news");
  introduce(account, at * 1000);
  const collection = i % 2 === 0 ? "app.bsky.feed.repost" : "app.bsky.feed.like";
  frames.push({ timeUs: at * 1000, json: commitFrame(account.did, at * 1000, collection, tid(at * 1000), { $type: collection, createdAt: iso(at), subject: { cid: target.cid, uri: target.uri } }) });
}

// Boosts on Mastodon: a status whose `reblog` is the original (stored once, as the original).
const boosted = [subjectMasto[0]!, subjectMasto[2]!];
for (let i = 0; i < 6; i++) {
  const original = statuses.find((s) => s.entity["uri"] === boosted[i % 2]!.post.uri)!;
  const a = mastoAccountOf({ line: REACTIONS[0]!, at: 0, net: "mastodon", author: person(), links: [], tags: [] });
  const at = timeFor(i % 2 === 0 ? "news" : "loss");
  const id = mastodonId(at);
  statuses.push({
    at,
    entity: {
      id, created_at: iso(at), in_reply_to_id: null, in_reply_to_account_id: null, sensitive: false, spoiler_text: "", visibility: "public", language: null,
      uri: `https://${a.host}/users/${a.username}/statuses/${id}/activity`, url: null, replies_count: 0, reblogs_count: 0, favourites_count: 0, edited_at: null,
      favourited: false, reblogged: false, muted: false, bookmarked: false, content: "", filtered: [], reblog: original.entity,
      account: accountEntity(a), media_attachments: [], mentions: [], tags: [], emojis: [], card: null, poll: null,
    },
  });
}

// ---- X: the subject's archive ---------------------------------------------------------------------------
const ARTICLE_X_IDS: Record<string, string> = { jookafor: "1897019876543210987", nkechiah: "1897031122334455667", mairi_reads: snowflake(T("2026-03-02T16:21:00Z")), ruthsaltmarsh: snowflake(T("2026-03-03T19:02:00Z")) };
const xUnescape = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
let previousSubjectTweet: string | null = null;
const tweets = SUBJECT_X.map((s) => {
  const ms = T(s.at);
  const id = s.id ?? snowflake(ms);
  const date = new Date(ms);
  const created = `${date.toUTCString().slice(0, 3)} ${date.toUTCString().slice(8, 11)} ${String(date.getUTCDate()).padStart(2, "0")} ${date.toISOString().slice(11, 19)} +0000 ${date.getUTCFullYear()}`;
  let text = s.retweetOf ? `RT @${s.retweetOf.handle}: ${s.retweetOf.text}` : s.text;
  const urls = (s.links ?? []).map((expanded) => {
    const url = tco();
    const start = [...text].length + 1;
    text = `${text} ${url}`;
    return { url, expanded_url: expanded, display_url: `${expanded.replace(/^https?:\/\//, "").slice(0, 24)}…`, indices: [String(start), String(start + url.length)] };
  });
  const mentions = [...text.matchAll(/@([A-Za-z0-9_]+)/g)].map((m) => ({ name: m[1] === "SaltmarshPress" ? "Saltmarsh Press" : m[1]!, screen_name: m[1]!, indices: [String(m.index), String(m.index + m[0].length)], id_str: "1", id: "1" }));
  const tweet: Record<string, unknown> = {
    edit_info: { initial: { editTweetIds: [id], editableUntil: new Date(ms + 3600_000).toISOString().replace(/\.\d+Z$/, ".000Z"), editsRemaining: "5", isEditEligible: !s.replyTo && !s.retweetOf } },
    retweeted: false,
    source: "<a href=\"https://mobile.twitter.com\" rel=\"nofollow\">Twitter Web App</a>",
    entities: { hashtags: [], symbols: [], user_mentions: mentions, urls },
    display_text_range: ["0", String([...text].length)],
    favorite_count: s.retweetOf ? "0" : String(Math.floor(rand() * 4000)),
    id_str: id,
    truncated: false,
    retweet_count: s.retweetOf ? "0" : String(Math.floor(rand() * 900)),
    id,
    created_at: created,
    favorited: false,
    full_text: xUnescape(text),
    lang: s.lang ?? "en",
  };
  if (s.replyTo) {
    const parent = s.replyTo === SUBJECT.x.handle ? previousSubjectTweet! : ARTICLE_X_IDS[s.replyTo]!;
    Object.assign(tweet, { in_reply_to_screen_name: s.replyTo, in_reply_to_status_id_str: parent, in_reply_to_user_id_str: s.replyTo === SUBJECT.x.handle ? SUBJECT.x.id : "2", in_reply_to_status_id: parent });
  }
  if (s.retweetOf) tweet["retweeted_status"] = { id_str: snowflake(ms - 600_000) };
  previousSubjectTweet = id;
  return { tweet };
});

// ---- write -------------------------------------------------------------------------------------------------
frames.sort((a, b) => a.timeUs - b.timeUs);
writeFileSync(join(HERE, "bluesky-jetstream.jsonl"), frames.map((f) => f.json).join("\n") + "\n");
statuses.sort((a, b) => b.at - a.at); // newest first, as the API pages them
writeFileSync(join(HERE, "mastodon-statuses.json"), JSON.stringify(statuses.map((s) => s.entity), null, 1) + "\n");
mkdirSync(join(HERE, "x-archive", "data"), { recursive: true });
const account = [{ account: { email: "ada@adamarrow.example", createdVia: "web", username: SUBJECT.x.handle, accountId: SUBJECT.x.id, createdAt: "2010-05-04T08:30:00.000Z", accountDisplayName: SUBJECT.name } }];
writeFileSync(join(HERE, "x-archive", "data", "account.js"), `window.YTD.account.part0 = ${JSON.stringify(account, null, 2)}\n`);
writeFileSync(join(HERE, "x-archive", "data", "tweets.js"), `window.YTD.tweets.part0 = ${JSON.stringify(tweets, null, 2)}\n`);

const bskyPosts = frames.filter((f) => f.json.includes("\"collection\":\"app.bsky.feed.post\"")).length;
const reblogs = statuses.filter((s) => s.entity["reblog"]).length;
console.log(`bluesky: ${frames.length} frames, ${bskyPosts} posts; mastodon: ${statuses.length} statuses (${reblogs} boosts); x: ${tweets.length} tweets`);
