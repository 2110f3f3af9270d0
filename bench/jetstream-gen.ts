// A deterministic stream of realistic Jetstream frames for the ingest benchmark: what a
// `wantedCollections=app.bsky.feed.post` subscription carries, in Jetstream's exact wire format
// (Go field order; records with alphabetically sorted keys, as Jetstream re-encodes them).
// Mix (defaults): ~92% post creates (a quarter of them replies, some quotes, image and link cards,
// mention/tag/link facets at UTF-8 byte offsets), ~5% deletes, a few updates, identity and
// account events; text in many languages with emoji; real-shaped DIDs, TID rkeys and CIDs;
// time_us rising at ~10k events/s. A small share (`matchRate`, default 3% of post creates) is
// about BENCH_STORY, so a story's rules match a few percent, as for a real news story.
// Nothing is held in memory beyond the account pool: a million frames stream from a generator.
import { createWriteStream } from "node:fs";
import { once } from "node:events";
import { rng } from "../src/enrich/ml/index.ts";

/** The story the matching events are about (fictional): give these rules to the story under bench. */
export const BENCH_STORY = {
  subject: { did: "did:plc:m4yalindqvistxq7k2h3w5e6", handle: "mayalindqvist.bsky.social", name: "Maya Lindqvist" },
  /** The subject's own post that matching replies and quotes point to. */
  subjectPostUri: "at://did:plc:m4yalindqvistxq7k2h3w5e6/app.bsky.feed.post/3ljx2c4kqpd2s",
  keywords: ["Maya Lindqvist", "Lindqvist"],
  hashtags: ["MayaLindqvist"],
  urls: ["https://news.example.com/2025/03/01/maya-lindqvist-statement"],
} as const;

export interface JetstreamGenOptions {
  /** time_us of the first event (default 2025-03-01T12:00:00Z). */
  startTimeUs?: number;
  /** Mean event rate, for the time_us spacing (default 10 000/s). */
  eventsPerSecond?: number;
  /** Share of post creates about BENCH_STORY (default 0.03). */
  matchRate?: number;
  /** Distinct posting accounts (default 200 000). */
  accounts?: number;
}

export interface GeneratedEvent {
  line: string;
  /** True when the event is a post about BENCH_STORY (by text, mention, tag, link, reply or quote). */
  matches: boolean;
  kind: "create" | "update" | "delete" | "identity" | "account";
}

const B32 = "abcdefghijklmnopqrstuvwxyz234567";
const S32 = "234567abcdefghijklmnopqrstuvwxyz"; // base32-sortable, for TIDs

/** A TID (atproto record key/rev): 53 bits of µs timestamp and 10 bits of clock id, base32-sortable. */
export function tid(timeUs: number, clockId: number): string {
  let ts = Math.floor(timeUs);
  let head = "";
  for (let i = 0; i < 11; i++) {
    head = S32[ts % 32]! + head;
    ts = Math.floor(ts / 32);
  }
  return head + S32[(clockId >> 5) & 31]! + S32[clockId & 31]!;
}

const B32_CODES = [...B32].map((c) => c.charCodeAt(0));
const codes: number[] = [];

// Built from char codes in one go: a string grown by `+=` is a rope of many nodes, and 200 000
// account ids kept that way cost hundreds of MB.
function b32(rand: () => number, n: number): string {
  codes.length = n;
  for (let i = 0; i < n; i++) codes[i] = B32_CODES[Math.floor(rand() * 32)]!;
  return String.fromCharCode(...codes);
}

const SYL = ["ka", "ri", "mo", "la", "ne", "to", "su", "vi", "an", "el", "jo", "mi", "ra", "da", "lu", "be", "no", "si", "ta", "ko", "ma", "ze", "pa", "yu", "ol", "in"];

interface Account { did: string; handle: string }

function flat(s: string): string {
  return Buffer.from(s, "utf8").toString("utf8");
}

function makeAccounts(count: number, seed: number): Account[] {
  const rand = rng(seed ^ 0x5bd1e995);
  const out: Account[] = new Array(count);
  for (let i = 0; i < count; i++) {
    const name = SYL[Math.floor(rand() * SYL.length)]! + SYL[Math.floor(rand() * SYL.length)]! + (rand() < 0.5 ? SYL[Math.floor(rand() * SYL.length)]! : "");
    const suffix = rand() < 0.4 ? String(Math.floor(rand() * 1000)) : "";
    const domain = rand() < 0.9 ? "bsky.social" : ["example.com", "news.example", "mastodon.example", "uni.example.edu"][Math.floor(rand() * 4)]!;
    // Flattened (see b32): these strings live for the whole run.
    const did = rand() < 0.995 ? `did:plc:${b32(rand, 24)}` : `did:web:${name}.example.com`;
    out[i] = { did: flat(did), handle: flat(`${name}${suffix}.${domain}`) };
  }
  return out;
}

// Word pools per language: enough variety that texts differ, tokenise and detect like real posts.
const WORDS: Record<string, { words: string[]; sep: string; weight: number }> = {
  en: { weight: 45, sep: " ", words: "the a and to of I you it is that this for on just my so what with be have not but was like people it's today really good time love new one all going think know about get more some day can how if they we your out now here finally lol week going game music coffee morning night work weekend book film city train rain sun dog cat friends family news update thread art photo".split(" ") },
  ja: { weight: 12, sep: "", words: "今日は|とても|いい天気|ですね|仕事|終わった|疲れた|ありがとう|新しい|写真|猫|かわいい|本当に|楽しい|明日|また|よろしく|です|ました|ラーメン|食べた|電車|遅れて|ゲーム|やってる|音楽|好き|！|。|、".split("|") },
  pt: { weight: 10, sep: " ", words: "hoje eu que não de o a é muito bom dia para com uma isso mais gente amanhã trabalho obrigado casa futebol jogo música festa chuva café saudade amigos vida agora então".split(" ") },
  es: { weight: 6, sep: " ", words: "hoy que de la el es muy para con una esto más gente mañana trabajo gracias casa fútbol partido música fiesta lluvia café amigos vida ahora pues bueno".split(" ") },
  de: { weight: 5, sep: " ", words: "heute ich das ist nicht und die der sehr gut mit für ein eine noch schon wieder Arbeit Kaffee Wetter Regen Zug Verspätung Woche endlich Freunde Buch Musik schön".split(" ") },
  fr: { weight: 4, sep: " ", words: "aujourd'hui je que le la les est très bien pour avec une ça plus gens demain travail merci maison musique fête pluie café amis vie maintenant enfin génial".split(" ") },
  ko: { weight: 3, sep: " ", words: "오늘 정말 너무 좋아요 감사합니다 사진 고양이 커피 일 끝 내일 또 음악 게임 친구 날씨 비".split(" ") },
  nl: { weight: 2, sep: " ", words: "vandaag ik het is niet en de een heel goed met voor nog weer werk koffie regen trein week eindelijk vrienden".split(" ") },
  ar: { weight: 1, sep: " ", words: "اليوم جميل جدا شكرا العمل القهوة الأصدقاء الموسيقى صباح الخير".split(" ") },
  hi: { weight: 1, sep: " ", words: "आज बहुत अच्छा दिन है धन्यवाद काम चाय दोस्त संगीत".split(" ") },
};
const LANGS = Object.keys(WORDS);
const LANG_CUM: number[] = [];
{
  let sum = 0;
  for (const l of LANGS) LANG_CUM.push((sum += WORDS[l]!.weight));
}
const EMOJI = ["😂", "❤️", "🥲", "🔥", "💙", "🙏", "✨", "😭", "👀", "🎉", "🤔", "😍", "🏳️‍🌈", "👍🏽"];

// Reactions to the story, the way people reply to news of a public figure.
const STORY_TEXTS: Record<string, string[]> = {
  en: [
    "Sending so much love to {name} and her family right now 💙",
    "Heartbreaking news about {name}. Thinking of her.",
    "{name} sharing this so openly will help so many people. Thank you.",
    "The comments under {name}'s post are vile. Leave her alone.",
    "Been through the same thing last year. {name}, you are not alone 🙏",
    "Statement from {name}: {url}",
  ],
  pt: ["Muita força para {name} neste momento 💙", "Que notícia triste sobre {name}."],
  es: ["Todo mi cariño para {name} y su familia.", "Qué triste lo de {name} 😢"],
  de: ["Alles Gute für {name} und ihre Familie.", "Traurige Nachricht über {name}."],
  fr: ["Tout mon soutien à {name} 💙", "Triste nouvelle pour {name}."],
  ja: ["{name}さんのニュース、本当に悲しい。", "{name}さんとご家族に心からお見舞い申し上げます。"],
};

const enc = new TextEncoder();
const byteLen = (s: string) => enc.encode(s).length;

interface Facet { index: { byteStart: number; byteEnd: number }; features: Record<string, string>[] }

/** Builds text piece by piece, recording facets at UTF-8 byte offsets. */
class TextBuilder {
  text = "";
  bytes = 0;
  facets: Facet[] = [];
  add(s: string): void {
    this.text += s;
    this.bytes += byteLen(s);
  }
  facet(s: string, feature: Record<string, string>): void {
    const start = this.bytes;
    this.add(s);
    this.facets.push({ index: { byteStart: start, byteEnd: this.bytes }, features: [feature] });
  }
}

function pickLang(rand: () => number): string {
  const r = rand() * LANG_CUM[LANG_CUM.length - 1]!;
  for (let i = 0; i < LANG_CUM.length; i++) if (r < LANG_CUM[i]!) return LANGS[i]!;
  return "en";
}

function words(rand: () => number, lang: string, maxChars: number): string {
  const pool = WORDS[lang]!;
  // Most posts are short, a long tail is near the 300-character limit.
  const n = Math.min(60, 2 + Math.floor(-Math.log(1 - rand()) * 10));
  let s = "";
  for (let i = 0; i < n; i++) {
    const w = pool.words[Math.floor(rand() * pool.words.length)]!;
    if (s.length + w.length + 1 > maxChars) break;
    s += (s && pool.sep) + w;
  }
  if (lang !== "ja" && s) s = s[0]!.toUpperCase() + s.slice(1);
  return s;
}

function cid(rand: () => number): string {
  return "bafyrei" + b32(rand, 52);
}

function iso(us: number): string {
  return new Date(Math.floor(us / 1000)).toISOString();
}

/** The generator with ground truth: each frame and whether it is about BENCH_STORY. */
export function* generateJetstreamEventsDetailed(n: number, seed: number, options: JetstreamGenOptions = {}): Generator<GeneratedEvent> {
  const rand = rng(seed);
  const accounts = makeAccounts(Math.max(1, options.accounts ?? 200_000), seed);
  const meanGapUs = 1_000_000 / (options.eventsPerSecond ?? 10_000);
  const matchRate = options.matchRate ?? 0.03;
  let timeUs = options.startTimeUs ?? Date.UTC(2025, 2, 1, 12) * 1000;
  let seq = 7_300_000_000;
  // Recently created posts, so deletes and replies point at real earlier posts.
  const recent: string[] = [];
  const remember = (uri: string) => {
    if (recent.length < 4096) recent.push(uri);
    else recent[Math.floor(rand() * 4096)] = uri;
  };
  const account = () => accounts[Math.floor(accounts.length * rand() ** 1.6)]!; // a few accounts post a lot

  for (let i = 0; i < n; i++) {
    timeUs += 1 + Math.floor(-Math.log(1 - rand()) * meanGapUs);
    const r = rand();
    if (r < 0.015) {
      const a = account();
      seq += 1 + Math.floor(rand() * 40);
      const line = JSON.stringify({ did: a.did, time_us: timeUs, kind: "identity", identity: { did: a.did, handle: a.handle, seq, time: iso(timeUs) } });
      yield { line, matches: false, kind: "identity" };
      continue;
    }
    if (r < 0.027) {
      const a = account();
      seq += 1 + Math.floor(rand() * 40);
      const active = rand() < 0.7;
      const account2: Record<string, unknown> = { active, did: a.did, seq, time: iso(timeUs) };
      if (!active) account2["status"] = rand() < 0.8 ? "deactivated" : "takendown";
      yield { line: JSON.stringify({ did: a.did, time_us: timeUs, kind: "account", account: account2 }), matches: false, kind: "account" };
      continue;
    }
    if (r < 0.077 && recent.length > 0) {
      const uri = recent[Math.floor(rand() * recent.length)]!;
      const [, , did, , rkey] = uri.split("/");
      const line = JSON.stringify({ did, time_us: timeUs, kind: "commit", commit: { rev: tid(timeUs, Math.floor(rand() * 1024)), operation: "delete", collection: "app.bsky.feed.post", rkey } });
      yield { line, matches: false, kind: "delete" };
      continue;
    }
    const update = r < 0.08;
    const matches = !update && rand() < matchRate;
    const author = matches && rand() < 0.02 ? { did: BENCH_STORY.subject.did, handle: BENCH_STORY.subject.handle } : account();
    // Clients stamp createdAt (and the TID) on their own clock: usually a moment before Jetstream sees it.
    const createdUs = timeUs - Math.floor(rand() * 3_000_000) - 200_000;
    const rkey = tid(createdUs, Math.floor(rand() * 1024));
    const record = matches ? storyRecord(rand) : plainRecord(rand, accounts, recent);
    record["createdAt"] = iso(createdUs);
    const sorted: Record<string, unknown> = {};
    for (const k of Object.keys(record).sort()) sorted[k] = record[k];
    const line = JSON.stringify({
      did: author.did,
      time_us: timeUs,
      kind: "commit",
      commit: { rev: tid(timeUs, Math.floor(rand() * 1024)), operation: update ? "update" : "create", collection: "app.bsky.feed.post", rkey, record: sorted, cid: cid(rand) },
    });
    remember(`at://${author.did}/app.bsky.feed.post/${rkey}`);
    yield { line, matches, kind: update ? "update" : "create" };
  }
}

function plainRecord(rand: () => number, accounts: Account[], recent: string[]): Record<string, unknown> {
  const lang = pickLang(rand);
  const b = new TextBuilder();
  const rec: Record<string, unknown> = { $type: "app.bsky.feed.post" };
  if (rand() < 0.08) {
    const who = accounts[Math.floor(rand() * accounts.length)]!;
    if (rand() < 0.5) b.add(words(rand, lang, 60) + " ");
    b.facet("@" + who.handle, { $type: "app.bsky.richtext.facet#mention", did: who.did });
    b.add(" ");
  }
  b.add(words(rand, lang, 220));
  if (rand() < 0.2) b.add(" " + EMOJI[Math.floor(rand() * EMOJI.length)]!);
  if (rand() < 0.06) {
    b.add(" ");
    const tag = ["art", "news", "photography", "music", "bookclub", "gaming", "science", "ff14"][Math.floor(rand() * 8)]!;
    b.facet("#" + tag, { $type: "app.bsky.richtext.facet#tag", tag });
  }
  const linkRoll = rand();
  if (linkRoll < 0.08) {
    const url = `https://${["www.theguardian.example", "youtu.be", "github.com", "nytimes.example", "substack.example"][Math.floor(rand() * 5)]}/${b32(rand, 10)}`;
    b.add(" ");
    b.facet(url.replace(/^https:\/\//, "").slice(0, 24) + (url.length > 32 ? "..." : ""), { $type: "app.bsky.richtext.facet#link", uri: url });
    if (rand() < 0.6) rec["embed"] = { $type: "app.bsky.embed.external", external: { description: words(rand, lang, 120), title: words(rand, lang, 60), uri: url } };
  }
  if (b.facets.length) rec["facets"] = b.facets.map((f) => ({ $type: "app.bsky.richtext.facet", ...f }));
  rec["langs"] = [lang];
  rec["text"] = b.text;
  if (!rec["embed"]) {
    const e = rand();
    if (e < 0.1) rec["embed"] = { $type: "app.bsky.embed.images", images: [{ alt: rand() < 0.4 ? words(rand, lang, 80) : "", aspectRatio: { height: 1080, width: 1440 }, image: { $type: "blob", ref: { $link: cid(rand) }, mimeType: "image/jpeg", size: 200_000 + Math.floor(rand() * 700_000) } }] };
    else if (e < 0.14 && recent.length) rec["embed"] = { $type: "app.bsky.embed.record", record: { cid: cid(rand), uri: recent[Math.floor(rand() * recent.length)]! } };
    else if (e < 0.16 && recent.length) rec["embed"] = { $type: "app.bsky.embed.recordWithMedia", media: { $type: "app.bsky.embed.images", images: [{ alt: "", image: { $type: "blob", ref: { $link: cid(rand) }, mimeType: "image/png", size: 90_000 } }] }, record: { $type: "app.bsky.embed.record", record: { cid: cid(rand), uri: recent[Math.floor(rand() * recent.length)]! } } };
  }
  if (rand() < 0.25 && recent.length) {
    const parent = recent[Math.floor(rand() * recent.length)]!;
    const root = rand() < 0.6 ? parent : recent[Math.floor(rand() * recent.length)]!;
    rec["reply"] = { parent: { cid: cid(rand), uri: parent }, root: { cid: cid(rand), uri: root } };
  }
  return rec;
}

function storyRecord(rand: () => number): Record<string, unknown> {
  const { subject, subjectPostUri, urls, hashtags } = BENCH_STORY;
  const langs = Object.keys(STORY_TEXTS);
  const lang = rand() < 0.6 ? "en" : langs[Math.floor(rand() * langs.length)]!;
  const templates = STORY_TEXTS[lang]!;
  const template = templates[Math.floor(rand() * templates.length)]!;
  const b = new TextBuilder();
  const rec: Record<string, unknown> = { $type: "app.bsky.feed.post" };
  const how = rand();
  // Each way a post can be about the story: by name, by mention, by hashtag, by link, by reply, by quote.
  const [before, after] = template.split("{name}") as [string, string?];
  b.add(before);
  if (how < 0.3) b.facet("@" + subject.handle, { $type: "app.bsky.richtext.facet#mention", did: subject.did });
  else b.add(rand() < 0.7 ? subject.name : "Lindqvist");
  const rest = after ?? "";
  const u = rest.indexOf("{url}");
  if (u >= 0) {
    b.add(rest.slice(0, u));
    b.facet(urls[0].replace(/^https:\/\//, "").slice(0, 26) + "...", { $type: "app.bsky.richtext.facet#link", uri: urls[0] });
    b.add(rest.slice(u + 5));
    rec["embed"] = { $type: "app.bsky.embed.external", external: { description: "", title: `${subject.name} shares statement`, uri: urls[0] } };
  } else {
    b.add(rest);
  }
  if (how > 0.8) {
    b.add(" ");
    b.facet("#" + hashtags[0], { $type: "app.bsky.richtext.facet#tag", tag: hashtags[0] });
  }
  if (b.facets.length) rec["facets"] = b.facets.map((f) => ({ $type: "app.bsky.richtext.facet", ...f }));
  rec["langs"] = [lang];
  rec["text"] = b.text;
  const rel = rand();
  if (rel < 0.35) rec["reply"] = { parent: { cid: cid(rand), uri: subjectPostUri }, root: { cid: cid(rand), uri: subjectPostUri } };
  else if (rel < 0.45 && !rec["embed"]) rec["embed"] = { $type: "app.bsky.embed.record", record: { cid: cid(rand), uri: subjectPostUri } };
  return rec;
}

/** `n` Jetstream frames (JSON text), deterministic from `seed`. */
export function* generateJetstreamEvents(n: number, seed: number, options?: JetstreamGenOptions): Generator<string> {
  for (const e of generateJetstreamEventsDetailed(n, seed, options)) yield e.line;
}

/** Streams `n` frames to a .jsonl file (one frame a line) without holding them; returns counts. */
export async function writeJetstreamEvents(path: string, n: number, seed: number, options?: JetstreamGenOptions): Promise<{ events: number; bytes: number; matching: number; creates: number }> {
  const out = createWriteStream(path);
  let chunk = "";
  let bytes = 0;
  let matching = 0;
  let creates = 0;
  let events = 0;
  const flush = async () => {
    if (!out.write(chunk)) await once(out, "drain");
    chunk = "";
  };
  try {
    for (const e of generateJetstreamEventsDetailed(n, seed, options)) {
      events++;
      if (e.matches) matching++;
      if (e.kind === "create") creates++;
      chunk += e.line + "\n";
      if (chunk.length > 1 << 20) {
        bytes += Buffer.byteLength(chunk);
        await flush();
      }
    }
    bytes += Buffer.byteLength(chunk);
    await flush();
  } finally {
    out.end();
    await once(out, "close");
  }
  return { events, bytes, matching, creates };
}

export interface NormalizeBench {
  events: number;
  posts: number;
  /** Frames the story's rules should match (ground truth from the generator). */
  matching: number;
  normalizeMs: number;
  /** The peer: plain JSON.parse of the same frames, measured in the same run. */
  jsonParseMs: number;
  eventsPerSecond: number;
}

/**
 * Jetstream `normalize` throughput on `n` generated frames against plain JSON.parse (the floor
 * any JSON source pays). Frames are generated first so generation is not timed; keep `n` modest
 * (≈200k frames ≈ 120 MB of strings) or stream from a file for larger runs.
 */
export async function benchJetstreamNormalize(n = 200_000, seed = 1): Promise<NormalizeBench> {
  const { JetstreamSource } = await import("../src/sources/bluesky/jetstream.ts");
  const source = new JetstreamSource();
  const lines: string[] = [];
  let matching = 0;
  for (const e of generateJetstreamEventsDetailed(n, seed)) {
    lines.push(e.line);
    if (e.matches) matching++;
  }
  let t = performance.now();
  let sink = 0;
  for (const line of lines) sink += (JSON.parse(line) as { time_us: number }).time_us > 0 ? 1 : 0;
  const jsonParseMs = performance.now() - t;
  t = performance.now();
  let posts = 0;
  for (const line of lines) posts += source.normalize({ raw: { payload: line, contentType: "application/json" }, cursor: null }).posts.length;
  const normalizeMs = performance.now() - t;
  if (sink !== lines.length) throw new Error("generated frame without time_us");
  return { events: lines.length, posts, matching, normalizeMs, jsonParseMs, eventsPerSecond: Math.round(lines.length / (normalizeMs / 1000)) };
}
