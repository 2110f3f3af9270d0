// Measures language detectors on short posts: eld (medium, large) against franc, on the labelled
// fixture test/fixtures/enrich/lang.tsv and, when the shared data is present, the 4,200 English
// VADER tweets (read here at eval time, never copied). Each detector sees the same cleaned text
// and the same minimum-letters rule; "answered" is the share it did not abstain on, "accuracy"
// counts abstentions as misses, "precision" is accuracy over answered texts.
// Run alone: npx node src/enrich/lang/compare.ts [dataDir]
import { existsSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import { franc } from "franc";
import eldLarge from "eld/large";
import eldMedium from "eld/medium";
import { cleanForDetection, letterWeight } from "./clean.ts";
import { MIN_LETTERS } from "./detect.ts";
import { ISO3_TO_1 } from "./iso.ts";

export type Detector = (cleaned: string) => string | null;
export interface LabelledText { lang: string; text: string }
export interface DetectorScore { name: string; set: string; n: number; answered: number; accuracy: number; precision: number; perSecond: number }

/** eld has no Indonesian and answers "ms" (the Malay macrolanguage, which includes Indonesian). */
const SAME: Readonly<Record<string, string>> = { ms: "id" };

function eldDetector(instance: typeof eldMedium): Detector {
  return (cleaned) => {
    if (letterWeight(cleaned) < MIN_LETTERS) return null;
    const r = instance.detect(cleaned);
    return r.language && r.isReliable() ? r.language : null;
  };
}

/** franc answers ISO 639-3 ("und" when unsure); minLength lowered since we apply our own minimum. */
const francDetector: Detector = (cleaned) => {
  if (letterWeight(cleaned) < MIN_LETTERS) return null;
  const code = franc(cleaned, { minLength: 3 });
  return code === "und" ? null : (ISO3_TO_1[code] ?? code);
};

export const DETECTORS: Readonly<Record<string, Detector>> = {
  "eld/medium": eldDetector(eldMedium),
  "eld/large": eldDetector(eldLarge),
  franc: francDetector,
};

export function readLangFixture(path: string): LabelledText[] {
  return readFileSync(path, "utf8").split("\n")
    .filter((line) => line.trim() && !line.startsWith("#"))
    .map((line) => {
      const tab = line.indexOf("\t");
      return { lang: line.slice(0, tab), text: line.slice(tab + 1) };
    });
}

export function scoreDetector(name: string, set: string, detector: Detector, cases: LabelledText[]): DetectorScore {
  const cleaned = cases.map((c) => cleanForDetection(c.text));
  let answered = 0;
  let right = 0;
  const t0 = performance.now();
  cleaned.forEach((text, i) => {
    const got = detector(text);
    if (got === null) return;
    answered++;
    if (got === cases[i]!.lang || SAME[got] === cases[i]!.lang) right++;
  });
  const seconds = (performance.now() - t0) / 1000;
  const n = cases.length;
  return { name, set, n, answered: answered / n, accuracy: right / n, precision: answered ? right / answered : 0, perSecond: n / seconds };
}

export function compareDetectors(sets: Record<string, LabelledText[]>): DetectorScore[] {
  const out: DetectorScore[] = [];
  for (const [set, cases] of Object.entries(sets)) {
    for (const [name, detector] of Object.entries(DETECTORS)) out.push(scoreDetector(name, set, detector, cases));
  }
  return out;
}

export function formatScores(scores: DetectorScore[]): string {
  const f = (x: number) => x.toFixed(3);
  return ["| set | detector | n | answered | accuracy | precision | texts/s |", "|---|---|---|---|---|---|---|",
    ...scores.map((s) => `| ${s.set} | ${s.name} | ${s.n} | ${f(s.answered)} | ${f(s.accuracy)} | ${f(s.precision)} | ${Math.round(s.perSecond)} |`),
  ].join("\n");
}

const FIXTURE = new URL("../../../test/fixtures/enrich/lang.tsv", import.meta.url).pathname;

/** The VADER tweets as English cases, or [] without the data. */
export function readVaderEnglish(dataDir: string): LabelledText[] {
  const path = resolve(dataDir, "vader/tweets_GroundTruth.txt");
  if (!existsSync(path)) return [];
  return readFileSync(path, "utf8").split("\n").filter((l) => l.trim())
    .map((l) => ({ lang: "en", text: l.split("\t")[2] ?? "" }));
}

if (import.meta.main) {
  const dataDir = resolve(process.argv[2] ?? process.env.VOXPOP_DATA ?? new URL("../../../../shared/data", import.meta.url).pathname);
  const sets: Record<string, LabelledText[]> = { fixture: readLangFixture(FIXTURE) };
  const english = readVaderEnglish(dataDir);
  if (english.length) sets["vader-en"] = english;
  else console.log(`(no VADER tweets under ${dataDir}: fixture only)`);
  // Warm up each detector once so the first one measured does not pay JIT costs alone.
  for (const d of Object.values(DETECTORS)) for (const c of sets.fixture!.slice(0, 50)) d(cleanForDetection(c.text));
  console.log(formatScores(compareDetectors(sets)));
}
