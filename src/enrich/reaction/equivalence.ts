// Dev tool (not product code): freezes and checks the reaction classifier's outputs.
//
//   npx node src/enrich/reaction/equivalence.ts record [file]   records classifyReaction's current
//       outputs (role, primary, labels, scores, in order) on every set below into `file` (default
//       /tmp/voxpop-reaction-snapshot.json; it holds dataset texts, so it must stay OUT of the repo);
//   npx node src/enrich/reaction/equivalence.ts check [file]    re-runs classifyReaction on the
//       recorded inputs and compares (exact JSON equality), then compares it live with the frozen
//       rules-1.0.0 copy (reference.ts) on the same inputs and on random texts built from cue words.
//
// Sets: the seed article's 25 posts (subjects johnlegend, chrissyteigen), the fixture cases, the 170
// texts of ../shared/data/reactions/dev.jsonl, and ~34,000 tweeteval + GoEmotions train texts. Each
// text runs without emotions, with the emotion enricher's scores (recorded with the snapshot, so a
// later change of the emotion model does not move the inputs), and with random emotion scores plus a
// link. Only counts and the indices of differing cases are printed, never dataset texts.
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { Annotations, EnrichContext, EnrichInput } from "../types.ts";
import { classifyReaction, normaliseForCues, triggeredCues } from "./index.ts";
import { CUES } from "./cues.ts";
import { classifyReactionReference } from "./reference.ts";
import { parseFlatText } from "../../sources/article/flat-text.ts";

const ROOT = fileURLToPath(new URL("../../../", import.meta.url));
const DATA = process.env["VOXPOP_DATA"] ?? ROOT + "../shared/data/";
const SEED = ROOT + "../shared/seeds/000_d17c487081642dcc.txt";
const FIXTURES = ROOT + "test/fixtures/reactions/cases.txt";

type Emotions = Annotations["emotions"];
export interface Case { input: EnrichInput; context: EnrichContext; emotions: Emotions | null }
interface Recorded extends Case { out: string }

/** Deterministic PRNG (mulberry32). */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const EMO_NAMES = ["sadness", "grief", "remorse", "caring", "love", "admiration", "gratitude", "pride", "anger", "disgust",
  "disapproval", "annoyance", "amusement", "neutral"];

function randomEmotions(r: () => number): Emotions {
  const scores: Record<string, number> = {};
  for (const n of EMO_NAMES) if (r() < 0.6) scores[n] = Math.round(r() * r() * 1000) / 1000;
  return { labels: [], scores, ekman: [], sentimentGroups: [] };
}

function lines(file: string): string[] {
  return existsSync(file) ? readFileSync(file, "utf8").split("\n").filter((l) => l.trim() !== "") : [];
}

/** Base texts per set (context included). */
export function loadSets(): Record<string, Array<{ input: EnrichInput; context: EnrichContext }>> {
  const sets: Record<string, Array<{ input: EnrichInput; context: EnrichContext }>> = {};
  if (existsSync(SEED)) {
    const context = { subjects: ["johnlegend", "chrissyteigen"] };
    sets["seed"] = parseFlatText(readFileSync(SEED, "utf8")).posts.map((p) => ({
      input: { text: p.text ?? "", platform: p.platform, author: p.author, links: p.links, mentions: p.mentions }, context,
    }));
  }
  const subjects: string[] = [];
  const fx: Array<{ text: string; handle: string | null }> = [];
  for (const raw of readFileSync(FIXTURES, "utf8").split("\n")) {
    const line = raw.trimEnd();
    if (line === "" || line.startsWith("#")) continue;
    if (line.startsWith("!subjects ")) { subjects.push(...line.slice(10).trim().split(/\s+/)); continue; }
    const m = /^(\S+)\s*(?:(@\w+)\s+)?(.*)$/.exec(line)!;
    const body = m[3]!;
    fx.push({ text: body === '""' ? "" : body.replace(/\\n/g, "\n"), handle: m[2] ? m[2].slice(1) : null });
  }
  sets["fixtures"] = fx.map((c) => ({
    input: { text: c.text, platform: "x", author: c.handle ? { name: null, handle: c.handle } : null }, context: { subjects },
  }));
  const dev = lines(DATA + "reactions/dev.jsonl").map((l) => JSON.parse(l) as { text: string; platform: string });
  if (dev.length) sets["dev"] = dev.map((r) => ({ input: { text: r.text, platform: r.platform === "x" ? "x" : null, author: null }, context: {} }));
  const varied: string[] = [];
  for (const t of ["emotion", "hate", "offensive"]) varied.push(...lines(`${DATA}tweeteval/${t}/train_text.txt`));
  varied.push(...lines(DATA + "goemotions/train.tsv").slice(0, 10000).map((l) => l.split("\t")[0]!));
  if (varied.length) sets["varied"] = varied.map((text) => ({ input: { text, platform: "x" }, context: {} }));
  return sets;
}

async function emotionFn(): Promise<((input: EnrichInput) => Emotions) | null> {
  try {
    const { emotionEnricher } = await import("../emotion/index.ts");
    emotionEnricher.enrich({ text: "test", platform: null }, {}, {});
    return (input) => emotionEnricher.enrich(input, {}, {});
  } catch (e) {
    console.warn(`emotion enricher unavailable (${(e as Error).message}); recording without model emotions`);
    return null;
  }
}

const out = (c: Case, f: typeof classifyReaction) => JSON.stringify(f(c.input, c.context, c.emotions));

/**
 * Random texts assembled from the cue patterns' own words and literal phrases ("can't believe",
 * "here for you"), negators, punctuation, quotes, links, mentions, hashtags and emoji.
 */
export function fuzzTexts(n: number, seed = 7): string[] {
  const r = rng(seed);
  const words = new Set<string>();
  const phrases = new Set<string>();
  for (const cue of CUES) {
    const src = cue.re.source;
    for (const m of src.matchAll(/[a-z][a-z']{1,}/g)) words.add(m[0]);
    for (const m of src.replace(/\\[bdsw]/g, "|").matchAll(/[a-z' ]{3,}/g)) if (m[0].includes(" ")) phrases.add(m[0].trim());
    for (const t of cue.triggers) words.add(t.replace(/\*$/, ""));
  }
  for (const w of ["i", "we", "you", "u", "my", "our", "so", "not", "never", "no", "don't", "isn't", "the", "a", "to", "her", "him",
    "them", "people", "y'all", "is", "was", "at", "43", "2020", "1 in 8", "10%", "1,000", "r.i.p", "RIP", "Sorry", "LOVE", "omg",
    "haha", "lol", "looool", "nooooo", ":(", "):", "'", "’", "`"]) words.add(w);
  const list = [...words];
  const plist = [...phrases];
  const extras = ["💔", "😢", "❤️", "🙏", "😂", "🤡", "👏", "🖤", "…", ".", "!", "?", ",", "\n", " \"", "\" ", "“", "”", "#", "#RIP", "#prayfor",
    "@someone", "https://t.co/x1", "www.example.com", "&amp;", " - ", "...", "?!", "-", ":"];
  const res: string[] = [];
  for (let i = 0; i < n; i++) {
    const len = 1 + Math.floor(r() * 30);
    let s = r() < 0.15 ? "@reply " : "";
    for (let k = 0; k < len; k++) {
      const x = r();
      const tok = x < 0.45 ? list[Math.floor(r() * list.length)]! : x < 0.8 ? plist[Math.floor(r() * plist.length)]! : extras[Math.floor(r() * extras.length)]!;
      const t = r() < 0.05 ? tok.toUpperCase() : r() < 0.05 ? tok[0]!.toUpperCase() + tok.slice(1) : tok;
      s += (r() < 0.9 ? " " : "") + t;
    }
    res.push(s);
  }
  return res;
}

/**
 * Trigger completeness: for each text, every cue whose pattern matches the normalised text must be
 * among the triggered cues. Returns the failures as "cue id: text" (give it synthetic texts only
 * when printing).
 */
export function untriggeredMatches(texts: readonly string[]): Array<{ cue: number; text: string }> {
  const bad: Array<{ cue: number; text: string }> = [];
  for (const text of texts) {
    const s = normaliseForCues(text);
    const on = new Set(triggeredCues(text));
    CUES.forEach((cue, id) => {
      if (on.has(id)) return;
      cue.re.lastIndex = 0;
      if (cue.re.test(s) && !/^\s*$/.test(s.replace(/[.,!?"…\n]/g, ""))) bad.push({ cue: id, text });
    });
  }
  return bad;
}

async function build(): Promise<Record<string, Case[]>> {
  const sets = loadSets();
  const emo = await emotionFn();
  const r = rng(12345);
  const all: Record<string, Case[]> = {};
  for (const [name, base] of Object.entries(sets)) {
    const cases: Case[] = [];
    for (const b of base) {
      cases.push({ ...b, emotions: null });
      if (emo) cases.push({ ...b, emotions: emo(b.input) });
      cases.push({ input: { ...b.input, links: [...(b.input.links ?? []), "https://example.com/x"] }, context: b.context, emotions: randomEmotions(r) });
    }
    all[name] = cases;
  }
  return all;
}

async function main(): Promise<void> {
  const mode = process.argv[2] ?? "check";
  const file = process.argv[3] ?? "/tmp/voxpop-reaction-snapshot.json";
  if (file.startsWith(ROOT)) throw new Error("the snapshot holds dataset texts: write it outside the repository");
  if (mode === "record") {
    const all = await build();
    const rec: Record<string, Recorded[]> = {};
    for (const [name, cases] of Object.entries(all)) {
      rec[name] = cases.map((c) => ({ ...c, out: out(c, classifyReaction) }));
      console.log(`${name}: ${cases.length} cases recorded`);
    }
    writeFileSync(file, JSON.stringify(rec));
    console.log(`snapshot: ${file}`);
    return;
  }
  const rec = JSON.parse(readFileSync(file, "utf8")) as Record<string, Recorded[]>;
  let bad = 0;
  for (const [name, cases] of Object.entries(rec)) {
    let snapDiff = 0, refDiff = 0;
    const where: number[] = [];
    cases.forEach((c, i) => {
      const now = out(c, classifyReaction);
      if (now !== c.out) { snapDiff++; if (where.length < 20) where.push(i); }
      if (now !== out(c, classifyReactionReference)) refDiff++;
    });
    bad += snapDiff + refDiff;
    console.log(`${name}: ${cases.length} cases, ${cases.length - snapDiff} identical to snapshot, ${cases.length - refDiff} identical to reference` +
      (where.length ? ` (differing case indices: ${where.join(", ")})` : ""));
  }
  const fuzz = fuzzTexts(Number(process.env["FUZZ"] ?? 200000));
  const r = rng(99);
  let fuzzDiff = 0;
  const examples: string[] = [];
  for (const text of fuzz) {
    const c: Case = { input: { text, platform: "x" }, context: {}, emotions: r() < 0.3 ? randomEmotions(r) : null };
    if (out(c, classifyReaction) !== out(c, classifyReactionReference)) {
      fuzzDiff++;
      if (examples.length < 10) examples.push(JSON.stringify(text)); // synthetic texts only
    }
  }
  bad += fuzzDiff;
  console.log(`fuzz: ${fuzz.length} synthetic texts, ${fuzz.length - fuzzDiff} identical to reference`);
  for (const e of examples) console.log(`  differs: ${e}`);
  // Per-cue trigger completeness (stricter than equal outputs: a missed match can be masked).
  const dataTexts = Object.values(rec).flatMap((cases) => cases.map((c) => c.input.text));
  const missData = untriggeredMatches(dataTexts);
  const missFuzz = untriggeredMatches(fuzz);
  bad += missData.length + missFuzz.length;
  console.log(`triggers: ${dataTexts.length} data texts, ${missData.length} cue matches without a trigger` +
    (missData.length ? ` (cues ${[...new Set(missData.map((m) => m.cue))].join(", ")})` : ""));
  console.log(`triggers: ${fuzz.length} synthetic texts, ${missFuzz.length} cue matches without a trigger`);
  for (const m of missFuzz.slice(0, 10)) console.log(`  cue ${m.cue}: ${JSON.stringify(m.text)}`);
  console.log(bad === 0 ? "ALL IDENTICAL" : `${bad} differences`);
  process.exitCode = bad === 0 ? 0 : 1;
}

if (import.meta.main) await main();
