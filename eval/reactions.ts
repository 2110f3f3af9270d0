// Reaction classifier on real labelled posts (../shared/data/reactions/dev.jsonl: 170 posts about two
// events, labelled with ../shared/docs/REACTIONS.md by two annotators). Evaluation only: the posts are
// never printed or committed; this prints figures and a confusion summary of labels.
//   npx node eval/reactions.ts [dataDir]      (or VOXPOP_DATA=...)
import { existsSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import { REACTIONS, type EnrichContext, type EnrichInput, type Reaction } from "../src/enrich/types.ts";
import { classifyReaction } from "../src/enrich/reaction/index.ts";
import { sharedDataPath } from "./data-dir.ts";

export type ClassifyFn = (input: EnrichInput, context: EnrichContext) => { primary: Reaction | null; labels: Reaction[] };

interface Row { event: string; text: string; platform: string; primary: Reaction; acceptable: Reaction[]; labels: Reaction[] }

export interface LabelFigures { label: Reaction; support: number; predicted: number; tp: number; precision: number; recall: number; f1: number }

export interface ReactionsReport {
  file: string;
  n: number;
  primaryCorrect: number;
  primaryAccuracy: number;
  byEvent: Array<{ event: string; n: number; correct: number }>;
  perLabel: LabelFigures[];
  /** Mean F1 over the labels that occur in the gold labels or the predictions. */
  macroF1: number;
  /** Gold primary → predicted primary, for wrong primaries, most frequent first. */
  confusions: Array<{ gold: Reaction; predicted: Reaction | null; count: number }>;
  microsecondsPerPost: number;
}

export function readReactionRows(dataDir: string): Row[] | null {
  const file = resolve(dataDir, "reactions/dev.jsonl");
  if (!existsSync(file)) return null;
  return readFileSync(file, "utf8").split("\n").filter((l) => l.trim() !== "").map((l) => JSON.parse(l) as Row);
}

export function evaluateReactions(dataDir: string, classify: ClassifyFn = classifyReaction): ReactionsReport | null {
  const rows = readReactionRows(dataDir);
  if (!rows) return null;
  const inputs: EnrichInput[] = rows.map((r) => ({ text: r.text, platform: r.platform === "x" ? "x" : null, author: null }));
  const context: EnrichContext = {};
  const t0 = performance.now();
  const preds = inputs.map((i) => classify(i, context));
  const reps = 20;
  for (let k = 0; k < reps; k++) for (const i of inputs) classify(i, context);
  const microsecondsPerPost = ((performance.now() - t0) * 1000) / (inputs.length * (reps + 1));

  let correct = 0;
  const events = new Map<string, { n: number; correct: number }>();
  const conf = new Map<string, number>();
  const tp = new Map<Reaction, number>(), sup = new Map<Reaction, number>(), pred = new Map<Reaction, number>();
  rows.forEach((row, i) => {
    const p = preds[i]!;
    const ok = p.primary !== null && row.acceptable.includes(p.primary);
    if (ok) correct++;
    else conf.set(`${row.primary}\t${p.primary}`, (conf.get(`${row.primary}\t${p.primary}`) ?? 0) + 1);
    const e = events.get(row.event) ?? { n: 0, correct: 0 };
    e.n++; if (ok) e.correct++;
    events.set(row.event, e);
    const gold = new Set(row.labels);
    for (const l of gold) sup.set(l, (sup.get(l) ?? 0) + 1);
    for (const l of new Set(p.labels)) {
      pred.set(l, (pred.get(l) ?? 0) + 1);
      if (gold.has(l)) tp.set(l, (tp.get(l) ?? 0) + 1);
    }
  });
  const perLabel: LabelFigures[] = REACTIONS.map((label) => {
    const t = tp.get(label) ?? 0, s = sup.get(label) ?? 0, q = pred.get(label) ?? 0;
    const precision = q === 0 ? 0 : t / q, recall = s === 0 ? 0 : t / s;
    const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
    return { label, support: s, predicted: q, tp: t, precision, recall, f1 };
  });
  const counted = perLabel.filter((f) => f.support > 0 || f.predicted > 0);
  return {
    file: resolve(dataDir, "reactions/dev.jsonl"),
    n: rows.length,
    primaryCorrect: correct,
    primaryAccuracy: correct / rows.length,
    byEvent: [...events].map(([event, e]) => ({ event, ...e })),
    perLabel,
    macroF1: counted.reduce((a, f) => a + f.f1, 0) / Math.max(1, counted.length),
    confusions: [...conf].map(([k, count]) => {
      const [gold, predicted] = k.split("\t");
      return { gold: gold as Reaction, predicted: predicted === "null" ? null : (predicted as Reaction), count };
    }).sort((a, b) => b.count - a.count),
    microsecondsPerPost,
  };
}

const pct = (x: number) => (100 * x).toFixed(1);

export function formatReactionsReport(r: ReactionsReport): string {
  const out: string[] = [];
  out.push(`reactions/dev.jsonl: ${r.n} posts`);
  out.push(`primary accuracy (predicted primary among the acceptable ones): ${r.primaryCorrect}/${r.n} = ${pct(r.primaryAccuracy)}%`);
  for (const e of r.byEvent) out.push(`  ${e.event}: ${e.correct}/${e.n} = ${pct(e.correct / e.n)}%`);
  out.push(`multi-label macro-F1 (labels present in gold or predictions): ${r.macroF1.toFixed(3)}`);
  out.push("");
  out.push("label        gold  pred    P      R      F1");
  for (const f of r.perLabel) {
    out.push(`${f.label.padEnd(12)} ${String(f.support).padStart(4)}  ${String(f.predicted).padStart(4)}  ${f.precision.toFixed(3)}  ${f.recall.toFixed(3)}  ${f.f1.toFixed(3)}`);
  }
  out.push("");
  out.push("wrong primaries (gold → predicted: count):");
  for (const c of r.confusions) out.push(`  ${c.gold} → ${c.predicted}: ${c.count}`);
  out.push("");
  out.push(`speed: ${r.microsecondsPerPost.toFixed(2)} µs per post`);
  return out.join("\n");
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const dir = sharedDataPath();
  const report = evaluateReactions(dir);
  if (!report) {
    console.log(`reactions eval skipped: ${resolve(dir, "reactions/dev.jsonl")} not found (pass a data folder or set VOXPOP_DATA).`);
  } else {
    console.log("# cues alone\n");
    console.log(formatReactionsReport(report));
    // With the emotion model's scores, when that enricher is present in this tree.
    type EmotionEnricher = { enrich: (i: EnrichInput, c: EnrichContext, e: object) => unknown };
    let emotion: EmotionEnricher | null = null;
    try {
      const mod = (await import("../src/enrich/emotion/index.ts")) as unknown as { emotionEnricher: EmotionEnricher };
      emotion = mod.emotionEnricher;
    } catch {
      console.log("\n(no emotion enricher found: cues-alone figures only)");
    }
    if (emotion) {
      const e = emotion;
      const withEmotions = evaluateReactions(dir, (input, context) =>
        classifyReaction(input, context, e.enrich(input, context, {}) as Parameters<typeof classifyReaction>[2]));
      console.log("\n# cues + emotion model (speed includes the emotion model)\n");
      console.log(formatReactionsReport(withEmotions!));
    }
  }
}
