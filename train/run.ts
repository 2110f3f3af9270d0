// `npm run train -- --data ../shared/data`: trains voxpop's emotion and toxicity models from the
// shared data (path from --data, else $VOXPOP_DATA, else ../shared/data) and writes them to
// models/ (int8 weights + JSON header; model cards are written by hand beside them).
// Thresholds and epochs are chosen on the dev/val split (there is no test split here), so the
// figures stored in each header are validation figures, optimistic by the tuning; a 2-fold
// cross-tuned estimate is stored beside them.
import { mkdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { dataDirFrom, hasGoEmotions, hasTweetEval, loadGoEmotions, loadTweetEval } from "./data.ts";
import { buildProfanityLexicon } from "./lexicon.ts";
import { trainEmotions, trainTweetBinary, trainTweetEmotion } from "./tasks.ts";
import { progress } from "./common.ts";

const dir = dataDirFrom(process.argv.slice(2));
const out = fileURLToPath(new URL("../models/", import.meta.url));
mkdirSync(out, { recursive: true });
progress(`data: ${dir}; models -> ${out}`);
const only = process.argv.find((a) => a.startsWith("--only="))?.slice(7).split(",");
const want = (name: string) => !only || only.includes(name);

const figures: Record<string, unknown> = {};
const t0 = performance.now();
if (!only || want("lexicon")) {
  // the profanity lexicon comes first: every model's features include its cue
  const texts: string[] = [];
  if (hasGoEmotions(dir)) texts.push(...loadGoEmotions(dir, "train").texts);
  for (const task of ["offensive", "hate", "emotion"]) if (hasTweetEval(dir, task)) texts.push(...loadTweetEval(dir, task, "train").texts);
  if (texts.length > 0) buildProfanityLexicon(texts, out);
  else progress("skipped the profanity lexicon: no training texts");
}
if (want("goemotions")) {
  if (hasGoEmotions(dir)) figures.goemotions = trainEmotions(dir, out);
  else progress("skipped goemotions: no goemotions/train.tsv and dev.tsv");
}
for (const task of ["offensive", "hate"] as const) {
  if (!want(task)) continue;
  if (hasTweetEval(dir, task)) figures[task] = trainTweetBinary(dir, task, out);
  else progress(`skipped ${task}: no tweeteval/${task}`);
}
if (want("emotion")) {
  if (hasTweetEval(dir, "emotion")) figures.tweeteval_emotion = trainTweetEmotion(dir, out);
  else progress("skipped tweeteval emotion: no tweeteval/emotion");
}

progress(`done in ${((performance.now() - t0) / 1000).toFixed(0)} s`);
console.log(JSON.stringify(figures, null, 1));
