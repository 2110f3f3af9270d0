// Main-text quality on the article-extraction-benchmark pages (scrapinghub, MIT): voxpop's
// readHtml(...).article.text against plain Readability.js on linkedom (the textContent of its
// result, as a user of Readability would get it), with the benchmark's own metric: \w+ tokens,
// 4-token shingles, per-page TP/FP/FN from shingle counts normalised to sum 1, precision and
// recall averaged over pages, F1 from the two means.
//
// Run: npx node eval/body.ts [dataDir]   (default: $VOXPOP_DATA or ../shared/data)

import { existsSync, readFileSync, readdirSync } from "node:fs";
import { gunzip } from "node:zlib";
import { promisify } from "node:util";
import { join, resolve, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { parseHTML } from "linkedom";
import { Readability } from "@mozilla/readability";
import { readHtml } from "../src/sources/article/html.ts";
import { sharedDataPath } from "./data-dir.ts";

const gunzipAsync = promisify(gunzip);

export interface Scores { precision: number; recall: number; f1: number }
export interface PageScore { key: string; url: string | null; voxpop: TpFpFn; readability: TpFpFn }
export interface BodyReport {
  pages: number;
  voxpop: Scores;
  readability: Scores;
  perPage: PageScore[];
}
export type TpFpFn = [tp: number, fp: number, fn: number];

// Python's re \w with re.UNICODE: letters, digits/numerics and the underscore (not combining marks).
const TOKEN = /[\p{L}\p{N}_]+/gu;

export function tokenize(text: string): string[] {
  return text ? text.match(TOKEN) ?? [] : [];
}

function shingles(text: string, n = 4): Map<string, number> {
  const tokens = tokenize(text);
  const counts = new Map<string, number>();
  const last = Math.max(1, tokens.length - n + 1);
  for (let i = 0; i < last; i++) {
    const sh = tokens.slice(i, i + n);
    if (!sh.length) continue;
    const key = sh.join("\u0000");
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}

/** The benchmark's string_shingle_matching: TP/FP/FN over 4-token shingles, normalised to sum 1. */
export function shingleMatching(truth: string, pred: string, n = 4): TpFpFn {
  const t = shingles(truth, n);
  const p = shingles(pred, n);
  let tp = 0, fp = 0, fn = 0;
  for (const key of new Set([...t.keys(), ...p.keys()])) {
    const tc = t.get(key) ?? 0;
    const pc = p.get(key) ?? 0;
    tp += Math.min(tc, pc);
    fp += Math.max(0, pc - tc);
    fn += Math.max(0, tc - pc);
  }
  const s = tp + fp + fn;
  return s > 0 ? [tp / s, fp / s, fn / s] : [tp, fp, fn];
}

function precisionScore(tp: number, fp: number, fn: number): number {
  if (fp === 0 && fn === 0) return 1;
  if (tp === 0 && fp === 0) return 0;
  return tp / (tp + fp);
}

function recallScore(tp: number, fp: number, fn: number): number {
  if (fp === 0 && fn === 0) return 1;
  if (tp === 0 && fn === 0) return 0;
  return tp / (tp + fn);
}

const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : 0);

/** The benchmark's metrics_from_tp_fp_fns. */
export function metrics(rows: TpFpFn[]): Scores {
  const precision = mean(rows.filter(([tp, fp]) => tp + fp > 0).map(([tp, fp, fn]) => precisionScore(tp, fp, fn)));
  const recall = mean(rows.filter(([tp, , fn]) => tp + fn > 0).map(([tp, fp, fn]) => recallScore(tp, fp, fn)));
  const f1 = precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
  return { precision, recall, f1 };
}

export interface BodyPage { key: string; url: string | null; truth: string; html: string }

/** Loads the bodies collection: ground truth plus decompressed HTML, keyed by sha256. */
export async function loadBodyPages(dataDir: string): Promise<BodyPage[]> {
  const base = join(dataDir, "articles", "bodies");
  const truth = JSON.parse(readFileSync(join(base, "ground-truth.json"), "utf8")) as Record<string, { articleBody?: string; url?: string }>;
  const files = new Set(readdirSync(join(base, "html")));
  const pages: BodyPage[] = [];
  for (const key of Object.keys(truth).sort()) {
    const file = `${key}.html.gz`;
    if (!files.has(file)) continue;
    const html = (await gunzipAsync(readFileSync(join(base, "html", file)))).toString("utf8");
    pages.push({ key, url: truth[key]?.url ?? null, truth: truth[key]?.articleBody ?? "", html });
  }
  return pages;
}

export function bodiesAvailable(dataDir: string): boolean {
  return existsSync(join(dataDir, "articles", "bodies", "ground-truth.json"));
}

/** Plain Readability.js as its users run it: linkedom document, parse(), textContent. */
export function readabilityText(html: string): string {
  try {
    const { document } = parseHTML(html);
    return new Readability(document as unknown as Document).parse()?.textContent ?? "";
  } catch {
    return "";
  }
}

export function voxpopText(html: string, url: string | null): string {
  return readHtml(html, { url }).article.text;
}

export async function evaluateBodies(dataDir: string): Promise<BodyReport> {
  const pages = await loadBodyPages(dataDir);
  const perPage: PageScore[] = pages.map((p) => ({
    key: p.key,
    url: p.url,
    voxpop: shingleMatching(p.truth, voxpopText(p.html, p.url)),
    readability: shingleMatching(p.truth, readabilityText(p.html)),
  }));
  return {
    pages: pages.length,
    voxpop: metrics(perPage.map((r) => r.voxpop)),
    readability: metrics(perPage.map((r) => r.readability)),
    perPage,
  };
}

export function formatBodyReport(r: BodyReport): string {
  const f = (x: number) => x.toFixed(3);
  const row = (name: string, s: Scores) => `${name.padEnd(16)} ${f(s.precision)}     ${f(s.recall)}   ${f(s.f1)}`;
  return [
    `Main-text extraction, article-extraction-benchmark (${r.pages} pages)`,
    `${"".padEnd(16)} precision recall  F1`,
    row("voxpop", r.voxpop),
    row("Readability.js", r.readability),
    `F1 difference (voxpop - Readability.js): ${(r.voxpop.f1 - r.readability.f1 >= 0 ? "+" : "") + f(r.voxpop.f1 - r.readability.f1)}`,
  ].join("\n");
}

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
export function defaultDataDir(): string {
  return sharedDataPath([]);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const dataDir = sharedDataPath();
  if (!bodiesAvailable(dataDir)) {
    console.log(`eval/body: skipped, no benchmark pages at ${join(dataDir, "articles", "bodies")} (set VOXPOP_DATA or pass a data dir)`);
    process.exit(0);
  }
  const report = await evaluateBodies(dataDir);
  console.log(formatBodyReport(report));
  if (process.argv.includes("--pages")) {
    for (const p of report.perPage) {
      const v = metrics([p.voxpop]), b = metrics([p.readability]);
      console.log(`${p.key.slice(0, 10)} vox P=${v.precision.toFixed(2)} R=${v.recall.toFixed(2)}  rdb P=${b.precision.toFixed(2)} R=${b.recall.toFixed(2)}  ${p.url}`);
    }
  }
}
