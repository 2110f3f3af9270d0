// `npm run eval`: accuracy on validation data voxpop was not trained on: the article reader
// (embedded posts through the whole reader; body text beside plain Readability.js) and the
// understanding models (emotions, offensive, hate, sentiment, reaction type) beside published
// figures. Figures go in closing notes; nothing here asserts.
import { dataDir } from "./data-dir.ts";
import { evaluateEmbeds, formatEmbedsReport } from "./embeds.ts";
import { evaluateBodies, formatBodyReport } from "./body.ts";
import { evaluateModels, formatModelsReport } from "./models.ts";
import { evaluateReactions, formatReactionsReport } from "./reactions.ts";
import { evaluateSentiment, formatSentimentEval, loadEmotionScorer } from "./sentiment.ts";
import { readHtml } from "../src/sources/article/index.ts";

const dir = dataDir();
if (!dir) {
  console.log("eval skipped: no shared data found (pass a folder, set VOXPOP_DATA, or put it at ../shared/data).");
  process.exit(0);
}

console.log(`# Embedded posts (${dir}/articles/embeds), through the whole reader\n`);
const embeds = await evaluateEmbeds(dir, async (html, pageUrl) => readHtml(html, { url: pageUrl }).posts);
console.log(formatEmbedsReport(embeds));

console.log(`\n# Article body text (${dir}/articles/bodies)\n`);
console.log(formatBodyReport(await evaluateBodies(dir)));

console.log(`\n# Emotion and abuse models (validation splits)\n`);
console.log(formatModelsReport(await evaluateModels(dir)));

console.log(`\n# Reaction type (${dir}/reactions/dev.jsonl)\n`);
const reactions = evaluateReactions(dir);
console.log(reactions ? formatReactionsReport(reactions) : "skipped: reactions/dev.jsonl not found");

console.log(`\n# Sentiment (${dir}/vader)\n`);
const emotionScorer = (await loadEmotionScorer()).scorer;
const sentiment = await evaluateSentiment(dir, emotionScorer ? [emotionScorer] : []);
console.log(sentiment ? formatSentimentEval(sentiment) : "skipped: vader/tweets_GroundTruth.txt not found");
