// `npm run eval`: accuracy of voxpop's article reader on real pages it was not tuned on by hand:
// embedded posts (recall, precision, exact fields per platform) through the whole reader, and
// body text F1 beside plain Readability.js. Figures go in closing notes; nothing here asserts.
import { dataDir } from "./data-dir.ts";
import { evaluateEmbeds, formatEmbedsReport } from "./embeds.ts";
import { evaluateBodies, formatBodyReport } from "./body.ts";
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
