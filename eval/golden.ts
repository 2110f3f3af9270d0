// Golden outputs of the whole enrichment, per enricher, over a large varied corpus: the check used
// to make enrichers faster without changing what they write. Run `write` on the code before a
// change, `check` after it; every enricher (or the ones named) must report 0 differences.
//   npx node eval/golden.ts write /tmp/golden.json
//   npx node eval/golden.ts check /tmp/golden.json [lang,entities,...]
// The corpus (about 140k texts): every TweetEval and GoEmotions text, VADER's tweets, the reaction
// dev posts and the article paragraphs of the shared data; the repository's language and reaction
// fixtures and the demo's posts; and, for every 7th text, shouting, mention/hashtag/link/emoji,
// odd-spacing, retweet and truncated variants. The output file holds the shared data's derived
// outputs: keep it outside the repository.
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { createHash } from "node:crypto";
import { fileURLToPath } from "node:url";
import { join } from "node:path";
import { createPipeline, defaultEnrichers } from "../src/enrich/index.ts";
import { sharedDataPath } from "./data-dir.ts";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const [mode, file, only] = process.argv.slice(2);
if ((mode !== "write" && mode !== "check") || !file) {
  console.error("usage: npx node eval/golden.ts write|check FILE [enricher,...]");
  process.exit(2);
}
const data = sharedDataPath([]);
if (!existsSync(join(data, "tweeteval"))) {
  console.log(`golden check skipped: no shared data at ${data} (set VOXPOP_DATA).`);
  process.exit(0);
}

const lines = (f: string) => (existsSync(f) ? readFileSync(f, "utf8").split("\n").filter((l) => l.trim()) : []);
const texts: string[] = [];
for (const task of ["emotion", "hate", "offensive"]) for (const split of ["train", "val", "test"]) texts.push(...lines(join(data, "tweeteval", task, `${split}_text.txt`)));
for (const split of ["train", "dev"]) texts.push(...lines(join(data, "goemotions", `${split}.tsv`)).map((l) => l.split("\t")[0]!));
texts.push(...lines(join(data, "vader", "tweets_GroundTruth.txt")).map((l) => l.split("\t").slice(2).join("\t")));
texts.push(...lines(join(data, "reactions", "dev.jsonl")).map((l) => (JSON.parse(l) as { text: string }).text));
texts.push(...lines(join(ROOT, "test/fixtures/enrich/lang.tsv")).filter((l) => !l.startsWith("#")).map((l) => l.split("\t")[1] ?? ""));
texts.push(...lines(join(ROOT, "test/fixtures/reactions/cases.txt")));
const bodies = join(data, "articles", "bodies", "ground-truth.json");
if (existsSync(bodies)) {
  const truth = JSON.parse(readFileSync(bodies, "utf8")) as Record<string, { articleBody: string }>;
  for (const v of Object.values(truth)) texts.push(...v.articleBody.split(/\n+/).filter((p) => p.trim()));
}
for (const l of lines(join(ROOT, "demo/bluesky-jetstream.jsonl"))) {
  try {
    const t = (JSON.parse(l) as { commit?: { record?: { text?: unknown } } }).commit?.record?.text;
    if (typeof t === "string") texts.push(t);
  } catch { /* not a post */ }
}
const base = texts.length;
for (let i = 0; i < base; i += 7) {
  const t = texts[i]!;
  texts.push(t.toUpperCase(), `@mira.bsky.social ${t} #Grief https://example.com/a?b=1 💔🙏🏽`, t.replace(/ /g, "  \n"), `RT ${t}!!! ?? ...`, t.slice(0, 20));
}

const pipeline = createPipeline(defaultEnrichers());
const context = { subjects: ["someone", "chrissyteigen"], notable: new Set(["mira.bsky.social"]) };
const platforms = ["x", "bluesky", "mastodon", null] as const;
const names = defaultEnrichers().map((e) => e.name);
const digests: Record<string, string[]> = Object.fromEntries(names.map((n) => [n, []]));
const outputs: Record<string, string[]> = Object.fromEntries(names.map((n) => [n, []]));
texts.forEach((text, i) => {
  const input = {
    text, platform: platforms[i % 4]!, langTag: i % 11 === 0 ? "en" : null,
    author: { name: "Ann Lee", handle: i % 3 ? `user${i}.bsky.social` : `user${i}.example.com`, followers: i * 37, verified: i % 7 === 0 },
    links: i % 5 === 0 ? ["https://example.com/x"] : [], mentions: [],
  };
  const { stored } = pipeline.enrich(input, context);
  for (const n of names) {
    const json = JSON.stringify(stored[n]?.data ?? null);
    digests[n]!.push(createHash("sha1").update(json).digest("base64").slice(0, 12));
    outputs[n]!.push(json);
  }
});

if (mode === "write") {
  writeFileSync(file, JSON.stringify({ n: texts.length, digests, outputs }));
  console.log(`wrote the outputs of ${texts.length} texts to ${file}`);
} else {
  const golden = JSON.parse(readFileSync(file, "utf8")) as { n: number; digests: Record<string, string[]>; outputs: Record<string, string[]> };
  if (golden.n !== texts.length) throw new Error(`the corpus changed: ${golden.n} texts then, ${texts.length} now`);
  let differ = 0;
  for (const n of only ? only.split(",") : names) {
    let count = 0;
    for (let i = 0; i < texts.length; i++) {
      if (golden.digests[n]?.[i] === digests[n]![i]) continue;
      if (count++ < 3) console.log(`${n} #${i} ${JSON.stringify(texts[i]).slice(0, 120)}\n  was ${golden.outputs[n]?.[i]?.slice(0, 300)}\n  now ${outputs[n]![i]!.slice(0, 300)}`);
    }
    console.log(`${n}: ${count} of ${texts.length} differ`);
    differ += count;
  }
  process.exit(differ ? 1 : 0);
}
