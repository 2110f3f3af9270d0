// Speed of the reaction classifier on one core: µs per post and posts per second, the current
// classifier (index.ts) against the frozen rules-1.0.0 copy (reference.ts, the one-scan-per-cue
// version it replaced), on the same texts. Best of several rounds (steady on a shared machine).
// Texts: the fixture cases (always present), ../shared/data/reactions/dev.jsonl and tweeteval +
// GoEmotions train texts when the shared data is present (read here only, never printed).
//   npx node src/enrich/reaction/bench.ts
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { EnrichInput } from "../types.ts";
import { classifyReaction } from "./index.ts";
import { classifyReactionReference } from "./reference.ts";
import { loadSets } from "./equivalence.ts";

export interface ReactionBenchRow {
  set: string;
  posts: number;
  meanChars: number;
  /** µs per post, best round */
  microseconds: { current: number; reference: number };
  postsPerSecond: { current: number; reference: number };
}

type Classify = (input: EnrichInput, context: object) => unknown;

function time(f: Classify, inputs: EnrichInput[], minPosts: number, rounds: number): number {
  const reps = Math.max(1, Math.ceil(minPosts / inputs.length));
  let best = Infinity;
  for (let r = 0; r < rounds; r++) {
    const t0 = performance.now();
    for (let k = 0; k < reps; k++) for (let i = 0; i < inputs.length; i++) f(inputs[i]!, {});
    const us = ((performance.now() - t0) * 1000) / (reps * inputs.length);
    if (us < best) best = us;
  }
  return best;
}

/** Benchmarks both classifiers on each available text set. */
export function benchReaction(options: { minPosts?: number; rounds?: number } = {}): ReactionBenchRow[] {
  const minPosts = options.minPosts ?? 50000;
  const rounds = options.rounds ?? 5;
  const sets = loadSets();
  const rows: ReactionBenchRow[] = [];
  for (const name of ["fixtures", "dev", "varied"]) {
    const base = sets[name];
    if (!base) continue;
    // No subject context: every post goes through the cues.
    const inputs = base.map((b) => ({ text: b.input.text, platform: b.input.platform }));
    const meanChars = inputs.reduce((a, i) => a + i.text.length, 0) / inputs.length;
    // Warm both up before timing.
    time(classifyReaction, inputs, 5000, 1);
    time(classifyReactionReference, inputs, 5000, 1);
    const cur = time(classifyReaction, inputs, minPosts, rounds);
    const ref = time(classifyReactionReference, inputs, minPosts, rounds);
    rows.push({
      set: name, posts: inputs.length, meanChars,
      microseconds: { current: cur, reference: ref },
      postsPerSecond: { current: 1e6 / cur, reference: 1e6 / ref },
    });
  }
  return rows;
}

if (import.meta.main) {
  const fx = fileURLToPath(new URL("../../../test/fixtures/reactions/cases.txt", import.meta.url));
  if (!existsSync(fx) || !readFileSync(fx, "utf8")) throw new Error("fixtures missing");
  console.log("set        posts  chars   µs/post now  µs/post ref   posts/s now  posts/s ref  speed-up");
  for (const r of benchReaction()) {
    console.log(`${r.set.padEnd(9)} ${String(r.posts).padStart(6)} ${r.meanChars.toFixed(0).padStart(6)}` +
      ` ${r.microseconds.current.toFixed(2).padStart(12)} ${r.microseconds.reference.toFixed(2).padStart(12)}` +
      ` ${Math.round(r.postsPerSecond.current).toString().padStart(13)} ${Math.round(r.postsPerSecond.reference).toString().padStart(12)}` +
      ` ${(r.microseconds.reference / r.microseconds.current).toFixed(1).padStart(8)}x`);
  }
}
