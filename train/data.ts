// Loaders for the shared training data (never copied into the repo). Every loader takes the data
// folder; `dataDirFrom` resolves it from --data, $VOXPOP_DATA or ../shared/data.
import { existsSync, readFileSync } from "node:fs";
import { resolve } from "node:path";

export function dataDirFrom(argv: string[]): string {
  const at = argv.indexOf("--data");
  const given = (at >= 0 ? argv[at + 1] : undefined) ?? argv.find((a) => a.startsWith("--data="))?.slice(7) ?? process.env.VOXPOP_DATA ?? "../shared/data";
  return resolve(given);
}

export interface MultiLabelSet { texts: string[]; y: Uint8Array; k: number }
export interface ClassSet { texts: string[]; y: number[]; labels: string[] }

export function hasGoEmotions(dir: string): boolean {
  return existsSync(resolve(dir, "goemotions/train.tsv")) && existsSync(resolve(dir, "goemotions/dev.tsv"));
}

export function hasTweetEval(dir: string, task: string): boolean {
  return existsSync(resolve(dir, "tweeteval", task, "train_text.txt")) && existsSync(resolve(dir, "tweeteval", task, "val_text.txt"));
}

/** GoEmotions split: text, multi-hot over 28 labels. */
export function loadGoEmotions(dir: string, split: "train" | "dev"): MultiLabelSet {
  const k = 28;
  const rows = readFileSync(resolve(dir, "goemotions", `${split}.tsv`), "utf8").split("\n").filter((l) => l.length > 0);
  const texts: string[] = [];
  const y = new Uint8Array(rows.length * k);
  rows.forEach((row, i) => {
    const [text, ids] = row.split("\t");
    texts.push(text ?? "");
    for (const id of (ids ?? "").split(",")) if (id !== "") y[i * k + Number(id)] = 1;
  });
  return { texts, y, k };
}

/** TweetEval task split ("train" | "val"): text and class id. */
export function loadTweetEval(dir: string, task: string, split: "train" | "val"): ClassSet {
  const base = resolve(dir, "tweeteval", task);
  const lines = (f: string) => readFileSync(resolve(base, f), "utf8").split("\n");
  const texts = lines(`${split}_text.txt`);
  const ys = lines(`${split}_labels.txt`);
  const n = Math.min(texts.length, ys.length);
  const outT: string[] = [];
  const outY: number[] = [];
  for (let i = 0; i < n; i++) {
    if (ys[i]!.trim() === "") continue;
    outT.push(texts[i]!);
    outY.push(Number(ys[i]!.trim()));
  }
  const labels = lines("mapping.txt").filter((l) => l.trim()).map((l) => l.split("\t")[1]!.trim());
  return { texts: outT, y: outY, labels };
}
