// Speed of voxpop's VADER (src/enrich/vader) against the npm package `vader-sentiment` on the same
// texts in the same process: the VADER tweets from the shared data when present, else generated
// social-media-like text. A warm-up round runs first; then the two alternate round by round (which
// goes first alternates too) and each one's median round gives its posts/s.
//
// Run: npx node src/enrich/vader/bench.ts [--rounds N]

import { fileURLToPath } from "node:url";
import { vaderInternals, vaderScores } from "./index.ts";
import { loadTweets, referenceAnalyzer, tweetsPath } from "./reference.ts";
import { rng } from "../ml/index.ts";

export interface VaderBench {
  source: string;
  texts: number;
  rounds: number;
  voxpopPostsPerSecond: number;
  packagePostsPerSecond: number;
  /** voxpop posts/s over the package's: above 1 means voxpop is faster. */
  ratio: number;
  /** Compounds identical (to 1e-6) between the two on these texts. */
  agreement: number;
}

let sink = 0;

/** Seconds to score every text once with `score`. */
function round(texts: readonly string[], score: (text: string) => { compound: number }): number {
  const t = performance.now();
  for (const text of texts) sink += score(text).compound;
  return (performance.now() - t) / 1000;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/** Generated posts: lexicon words, rule words, emoticons and emoji, caps and punctuation. */
export function generatedTexts(count = 4200, seed = 7): string[] {
  const rand = rng(seed);
  const lex = [...vaderInternals.lexicon.keys()].filter((w) => /^[a-z]+$/.test(w));
  const filler = ["the", "a", "this", "we", "it", "is", "was", "and", "to", "of", "in", "for", "on", "with", "at",
    "town", "bus", "mayor", "plan", "today", "not", "very", "but", "so", "really", "never", "kind", ":)", "😂", "🙏"];
  const texts: string[] = [];
  for (let n = 0; n < count; n++) {
    const words = 4 + Math.floor(rand() * 26);
    const out: string[] = [];
    for (let w = 0; w < words; w++) {
      let word = rand() < 0.2 ? lex[Math.floor(rand() * lex.length)]! : filler[Math.floor(rand() * filler.length)]!;
      if (rand() < 0.05) word = word.toUpperCase();
      if (rand() < 0.1) word += rand() < 0.5 ? "," : rand() < 0.5 ? "!" : ".";
      out.push(word);
    }
    texts.push(out.join(" "));
  }
  return texts;
}

export function benchVader(options: { texts?: string[]; source?: string; rounds?: number } = {}): VaderBench {
  let texts = options.texts;
  let source = options.source ?? "given texts";
  if (!texts) {
    const path = tweetsPath();
    texts = path ? loadTweets(path) : generatedTexts();
    source = path ? "VADER tweets (shared data)" : "generated text";
  }
  const rounds = options.rounds ?? 7;
  const mine = (t: string) => vaderScores(t);
  const theirs = (t: string) => referenceAnalyzer.polarity_scores(t);

  let agree = 0;
  for (const text of texts) if (Math.abs(mine(text).compound - theirs(text).compound) <= 1e-6) agree++;

  // Warm-up.
  for (let i = 0; i < 3; i++) round(texts, mine);
  round(texts, theirs);

  const mineTimes: number[] = [];
  const theirTimes: number[] = [];
  for (let r = 0; r < rounds; r++) {
    if (r % 2 === 0) {
      mineTimes.push(round(texts, mine));
      theirTimes.push(round(texts, theirs));
    } else {
      theirTimes.push(round(texts, theirs));
      mineTimes.push(round(texts, mine));
    }
  }
  const voxpopPostsPerSecond = texts.length / median(mineTimes);
  const packagePostsPerSecond = texts.length / median(theirTimes);
  return {
    source,
    texts: texts.length,
    rounds,
    voxpopPostsPerSecond,
    packagePostsPerSecond,
    ratio: voxpopPostsPerSecond / packagePostsPerSecond,
    agreement: agree / texts.length,
  };
}

export function formatVaderBench(b: VaderBench): string {
  const f = (x: number) => Math.round(x).toLocaleString("en-US");
  return [
    `texts: ${b.texts} (${b.source}), ${b.rounds} timed rounds each, median round`,
    `voxpop vader:     ${f(b.voxpopPostsPerSecond)} posts/s`,
    `vader-sentiment:  ${f(b.packagePostsPerSecond)} posts/s`,
    `ratio:            ${b.ratio.toFixed(1)}x faster`,
    `identical compounds: ${(b.agreement * 100).toFixed(2)}%`,
  ].join("\n");
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const i = process.argv.indexOf("--rounds");
  const rounds = i > 0 ? Number(process.argv[i + 1]) : undefined;
  console.log(formatVaderBench(benchVader(rounds ? { rounds } : {})));
  if (sink === 0.123456789) console.log(sink);
}
