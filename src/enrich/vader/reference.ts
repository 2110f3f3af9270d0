// The npm package `vader-sentiment` as the reference that tests and the bench compare against.
// Its bundle exports only SentimentIntensityAnalyzer; `bundleModule` re-evaluates the bundle's
// own source with another entry module, so tests can reach its SentiText and rule tables too.

import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { existsSync } from "node:fs";
import type { VaderScores } from "./index.ts";

const require = createRequire(import.meta.url);

export interface ReferenceAnalyzer {
  polarity_scores(text: string): VaderScores;
}

export const referenceAnalyzer = (require("vader-sentiment") as { SentimentIntensityAnalyzer: ReferenceAnalyzer })
  .SentimentIntensityAnalyzer;

/** Webpack module `id` of the package's bundle: 0 holds `lexicon`, 1 the rules and `SentiText`. */
export function bundleModule(id: number): Record<string, unknown> {
  const src = readFileSync(require.resolve("vader-sentiment"), "utf8").trim();
  const head = "exports.SentimentIntensityAnalyzer=";
  const tail = ".default;";
  if (!src.startsWith(head) || !src.endsWith(tail) || !src.includes("i(i.s=2)")) {
    throw new Error("vader-sentiment bundle layout changed");
  }
  const body = src.slice(head.length, src.length - tail.length).replace("i(i.s=2)", `i(i.s=${id})`);
  return Function(`"use strict"; return ${body};`)() as Record<string, unknown>;
}

/** The VADER tweets file (`id<TAB>rating<TAB>text`) in the shared data, or null when absent. */
export function tweetsPath(): string | null {
  const root = join(dirname(new URL(import.meta.url).pathname), "../../..");
  const dir = process.env.VOXPOP_DATA ?? join(root, "../shared/data");
  const path = join(dir, "vader/tweets_GroundTruth.txt");
  return existsSync(path) ? path : null;
}

export function loadTweets(path: string): string[] {
  const texts: string[] = [];
  for (const line of readFileSync(path, "utf8").split("\n")) {
    const a = line.indexOf("\t");
    const b = a < 0 ? -1 : line.indexOf("\t", a + 1);
    if (b < 0) continue;
    texts.push(line.slice(b + 1).replace(/\r$/, ""));
  }
  return texts;
}
