// Measures embedded-post detection against the hand-checked ground truth of real news pages
// (../shared/data/articles/embeds): recall and precision per platform and overall, and, for the
// posts found, the share of fields that are exactly right (null must equal null).
// Run: npx node eval/embeds.ts [dataDir]   (dataDir defaults to $VOXPOP_DATA or ../shared/data)

import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { gunzipSync } from "node:zlib";
import { parseHTML } from "linkedom";
import type { ExtractedPost } from "../src/core/index.ts";
import { detectEmbeds } from "../src/sources/article/embeds/index.ts";
import { sharedDataPath } from "./data-dir.ts";

export type PredictedPost = Pick<ExtractedPost, "platform" | "id" | "url" | "author" | "dateText" | "text"> & { inArticle?: boolean };
export type EmbedExtractor = (html: string, pageUrl: string) => Promise<PredictedPost[]>;

interface GroundTruthPost {
  platform: string;
  url: string | null;
  id: string | null;
  handle: string | null;
  name: string | null;
  date: string | null;
  text: string | null;
  in_article: boolean;
  notes?: string | null;
}
interface GroundTruthPage { page: string; page_url: string; posts: GroundTruthPost[] }

export const FIELDS = ["handle", "name", "date", "text", "url"] as const;
export type Field = (typeof FIELDS)[number];

export interface Tally {
  groundTruth: number;
  predicted: number;
  matched: number;
  recall: number;
  precision: number;
  /** Per field: exactly right among matched posts. */
  exact: Record<Field, { right: number; of: number; share: number }>;
  inArticle: { right: number; of: number; share: number } | null;
}

export interface Mismatch { page: string; kind: "missed" | "extra" | "field"; platform: string; id: string | null; detail: string }

export interface EmbedsReport {
  dataDir: string;
  pages: number;
  overall: Tally;
  byPlatform: Record<string, Tally>;
  mismatches: Mismatch[];
}

const defaultExtract: EmbedExtractor = async (html) => {
  const { document } = parseHTML(html);
  return detectEmbeds(document as unknown as Document).map((e) => e.post);
};

function embedsDir(dataDir: string): string {
  return existsSync(join(dataDir, "ground-truth.json")) ? dataDir : join(dataDir, "articles", "embeds");
}

const norm = (s: string | null | undefined) => (s ?? "").replace(/\s+/g, " ").trim();
const normUrl = (u: string | null | undefined) =>
  u ? u.replace(/^(?:https?:)?\/\//i, "").replace(/^(?:www|mobile)\./i, "").replace(/[?#].*$/, "").replace(/\/$/, "").toLowerCase() : "";

function fieldOf(p: PredictedPost, f: Field): string | null {
  switch (f) {
    case "handle": return p.author.handle;
    case "name": return p.author.name;
    case "date": return p.dateText;
    case "text": return p.text;
    case "url": return p.url;
  }
}

function emptyTally(): Tally {
  const exact = {} as Tally["exact"];
  for (const f of FIELDS) exact[f] = { right: 0, of: 0, share: 0 };
  return { groundTruth: 0, predicted: 0, matched: 0, recall: 0, precision: 0, exact, inArticle: null };
}

/** Pairs predictions with ground truth: by platform and id, then by URL, then by text. */
function match(gt: GroundTruthPost[], pred: PredictedPost[]): Array<[number, number]> {
  const pairs: Array<[number, number]> = [];
  const gtUsed = new Set<number>();
  const prUsed = new Set<number>();
  const pass = (same: (g: GroundTruthPost, p: PredictedPost) => boolean) => {
    gt.forEach((g, gi) => {
      if (gtUsed.has(gi)) return;
      const pi = pred.findIndex((p, i) => !prUsed.has(i) && same(g, p));
      if (pi >= 0) { gtUsed.add(gi); prUsed.add(pi); pairs.push([gi, pi]); }
    });
  };
  pass((g, p) => g.id !== null && g.platform === p.platform && g.id === p.id);
  pass((g, p) => g.url !== null && normUrl(g.url) === normUrl(p.url));
  pass((g, p) => g.text !== null && norm(g.text) === norm(p.text));
  return pairs;
}

export async function evaluateEmbeds(dataDir: string, extract: EmbedExtractor = defaultExtract): Promise<EmbedsReport> {
  const dir = embedsDir(dataDir);
  const pages = JSON.parse(await readFile(join(dir, "ground-truth.json"), "utf8")) as GroundTruthPage[];
  const overall = emptyTally();
  const byPlatform: Record<string, Tally> = {};
  const mismatches: Mismatch[] = [];
  const tallyFor = (platform: string) => (byPlatform[platform] ??= emptyTally());

  for (const page of pages) {
    const raw = await readFile(join(dir, page.page));
    const html = (page.page.endsWith(".gz") ? gunzipSync(raw) : raw).toString("utf8");
    const pred = await extract(html, page.page_url);
    const pairs = match(page.posts, pred);
    for (const g of page.posts) { overall.groundTruth++; tallyFor(g.platform).groundTruth++; }
    for (const p of pred) { overall.predicted++; tallyFor(p.platform).predicted++; }
    const matchedGt = new Set(pairs.map(([g]) => g));
    const matchedPr = new Set(pairs.map(([, p]) => p));
    page.posts.forEach((g, i) => {
      if (!matchedGt.has(i)) mismatches.push({ page: page.page, kind: "missed", platform: g.platform, id: g.id, detail: g.url ?? norm(g.text).slice(0, 60) });
    });
    pred.forEach((p, i) => {
      if (!matchedPr.has(i)) mismatches.push({ page: page.page, kind: "extra", platform: p.platform, id: p.id, detail: p.url ?? norm(p.text).slice(0, 60) });
    });
    for (const [gi, pi] of pairs) {
      const g = page.posts[gi]!;
      const p = pred[pi]!;
      for (const t of [overall, tallyFor(g.platform)]) {
        t.matched++;
        for (const f of FIELDS) {
          const want = f === "text" ? (g.text === null ? null : norm(g.text)) : g[f];
          const got = fieldOf(p, f);
          t.exact[f].of++;
          if (want === got) t.exact[f].right++;
        }
        if (p.inArticle !== undefined) {
          t.inArticle ??= { right: 0, of: 0, share: 0 };
          t.inArticle.of++;
          if (p.inArticle === g.in_article) t.inArticle.right++;
        }
      }
      for (const f of FIELDS) {
        const want = f === "text" ? (g.text === null ? null : norm(g.text)) : g[f];
        const got = fieldOf(p, f);
        if (want !== got) mismatches.push({ page: page.page, kind: "field", platform: g.platform, id: g.id, detail: `${f}: want ${JSON.stringify(want)} got ${JSON.stringify(got)}` });
      }
    }
  }
  for (const t of [overall, ...Object.values(byPlatform)]) finish(t);
  return { dataDir: dir, pages: pages.length, overall, byPlatform, mismatches };
}

function finish(t: Tally): void {
  t.recall = t.groundTruth ? t.matched / t.groundTruth : 1;
  t.precision = t.predicted ? t.matched / t.predicted : 1;
  for (const f of FIELDS) t.exact[f].share = t.exact[f].of ? t.exact[f].right / t.exact[f].of : 1;
  if (t.inArticle) t.inArticle.share = t.inArticle.of ? t.inArticle.right / t.inArticle.of : 1;
}

const pct = (x: number) => `${(100 * x).toFixed(1)}%`.padStart(6);

export function formatEmbedsReport(r: EmbedsReport): string {
  const head = ["platform".padEnd(12), "gt".padStart(4), "found".padStart(6), "pred".padStart(5), "recall", " prec.", ...FIELDS.map((f) => f.padStart(6)), "in_article"].join(" ");
  const row = (name: string, t: Tally) => [
    name.padEnd(12), String(t.groundTruth).padStart(4), String(t.matched).padStart(6), String(t.predicted).padStart(5),
    pct(t.recall), pct(t.precision), ...FIELDS.map((f) => pct(t.exact[f].share)),
    t.inArticle ? pct(t.inArticle.share) : "     -",
  ].join(" ");
  const lines = [`Embedded posts: ${r.pages} pages in ${r.dataDir}`, head];
  for (const name of Object.keys(r.byPlatform).sort()) lines.push(row(name, r.byPlatform[name]!));
  lines.push(row("overall", r.overall));
  lines.push("(field columns: share of matched posts with the field exactly right; null must equal null)");
  if (r.mismatches.length) {
    lines.push("", `Mismatches (${r.mismatches.length}):`);
    for (const m of r.mismatches) lines.push(`  [${m.kind}] ${m.platform} ${m.id ?? "-"} ${m.detail}  (${m.page.split("/").slice(-1)[0]})`);
  }
  return lines.join("\n");
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const dataDir = sharedDataPath();
  if (!existsSync(join(embedsDir(dataDir), "ground-truth.json"))) {
    console.log(`eval/embeds: skipped, no ground truth under ${dataDir} (set VOXPOP_DATA or pass a data folder).`);
    process.exit(0);
  }
  const report = await evaluateEmbeds(dataDir);
  console.log(formatEmbedsReport(report));
}
