// Speed of the reaction classifier on one core: µs per post and posts per second, best of several
// rounds (steady on a shared machine). Texts: the fixture cases (always present), and tweeteval +
// GoEmotions train texts when the shared data is present (read here only, never printed).
//   npx node src/enrich/reaction/bench.ts
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { EnrichInput } from "../types.ts";
import { classifyReaction } from "./index.ts";

const ROOT = fileURLToPath(new URL("../../../", import.meta.url));
const DATA = process.env["VOXPOP_DATA"] ?? ROOT + "../shared/data/";
const FIXTURES = ROOT + "test/fixtures/reactions/cases.txt";

export interface ReactionBenchRow { set: string; posts: number; meanChars: number; microseconds: number; postsPerSecond: number }

function lines(file: string): string[] {
  return existsSync(file) ? readFileSync(file, "utf8").split("\n").filter((l) => l.trim()) : [];
}

function textSets(): Record<string, string[]> {
  const fixtures = lines(FIXTURES)
    .filter((l) => !l.startsWith("#") && !l.startsWith("!"))
    .map((l) => /^\S+\s*(?:@\w+\s+)?(.*)$/.exec(l)![1]!.replace(/\\n/g, "\n"));
  const varied = ["emotion", "hate", "offensive"].flatMap((t) => lines(`${DATA}tweeteval/${t}/train_text.txt`));
  varied.push(...lines(DATA + "goemotions/train.tsv").slice(0, 10000).map((l) => l.split("\t")[0]!));
  return varied.length ? { fixtures, varied } : { fixtures };
}

function time(inputs: EnrichInput[], minPosts: number, rounds: number): number {
  const reps = Math.max(1, Math.ceil(minPosts / inputs.length));
  let best = Infinity;
  for (let r = 0; r < rounds; r++) {
    const t0 = performance.now();
    for (let k = 0; k < reps; k++) for (const input of inputs) classifyReaction(input, {});
    best = Math.min(best, ((performance.now() - t0) * 1000) / (reps * inputs.length));
  }
  return best;
}

export function benchReaction(options: { minPosts?: number; rounds?: number } = {}): ReactionBenchRow[] {
  return Object.entries(textSets()).map(([set, texts]) => {
    const inputs = texts.map((text) => ({ text, platform: "x" as const }));
    time(inputs, 5000, 1); // warm-up
    const us = time(inputs, options.minPosts ?? 50000, options.rounds ?? 5);
    const meanChars = texts.reduce((n, t) => n + t.length, 0) / texts.length;
    return { set, posts: texts.length, meanChars, microseconds: us, postsPerSecond: 1e6 / us };
  });
}

if (import.meta.main) {
  console.log("set        posts  chars  µs/post   posts/s");
  for (const r of benchReaction()) {
    console.log(`${r.set.padEnd(9)} ${String(r.posts).padStart(6)} ${r.meanChars.toFixed(0).padStart(6)} ${r.microseconds.toFixed(2).padStart(8)} ${Math.round(r.postsPerSecond).toString().padStart(9)}`);
  }
}
