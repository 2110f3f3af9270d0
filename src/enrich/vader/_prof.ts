import { vaderScores } from "./index.ts";
import { loadTweets, tweetsPath } from "./reference.ts";
const texts = loadTweets(tweetsPath()!);
let s = 0; const t = performance.now();
for (let r = 0; r < 200; r++) for (const x of texts) s += vaderScores(x).compound;
console.log((200 * texts.length) / ((performance.now() - t) / 1000), s);
