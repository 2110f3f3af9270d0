// The committed models, loaded once and lazily from models/ beside the repository root (resolved
// from this module, not the cwd). The pipeline's enrichers (emotions, offensive, hate) run one
// after another on the same post and read `pipelineScores`: all three models scored in one pass
// (scorer.ts), kept for the last text. `sharedFeatures` (a feature vector, memoised the same way)
// serves evaluation and callers that want the features themselves.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { join } from "node:path";
import { featurize, type FeatureConfig, type Features } from "./features.ts";
import { loadModel, type Model } from "./model.ts";
import { TokenScorer } from "./scorer.ts";

export const MODELS_DIR = fileURLToPath(new URL("../../../models/", import.meta.url));

const cache = new Map<string, Model>();
let sharedConfig: FeatureConfig | null = null;
let sharedKey = "";

/** A committed model by name (`models/<name>.json` + `.bin`), loaded on first use. */
export function committedModel(name: string): Model {
  let m = cache.get(name);
  if (!m) {
    m = loadModel(join(MODELS_DIR, name));
    // models may differ in size (bits) but must share everything else about the features
    const key = JSON.stringify({ ...m.header.features, bits: 0 });
    if (sharedConfig === null) { sharedConfig = m.header.features; sharedKey = key; }
    else if (key !== sharedKey) throw new Error(`models/${name}: feature config differs from the other models; retrain all together`);
    cache.set(name, m);
  }
  return m;
}

export interface LexiconFile { format: "voxpop-lexicon/1"; name: string; version: string; source: string; hashes: number[] }

const lexicons = new Map<string, Set<number>>();

/** A committed token lexicon (`models/<name>-lexicon.json`: token hashes), loaded on first use. */
export function committedLexicon(name: string, dir: string = MODELS_DIR): Set<number> {
  const key = `${dir}\u0000${name}`;
  let lex = lexicons.get(key);
  if (!lex) {
    const file = JSON.parse(readFileSync(join(dir, `${name}-lexicon.json`), "utf8")) as LexiconFile;
    if (file.format !== "voxpop-lexicon/1") throw new Error(`${name}-lexicon.json: unknown format`);
    lex = new Set(file.hashes);
    lexicons.set(key, lex);
  }
  return lex;
}

/** featurize with the lexicon the config names (what training and inference both call). */
let lastLexKey: FeatureConfig | null = null;
let lastLexDir = "";
let lastLex: Set<number> | undefined;

export function voxpopFeaturize(text: string, cfg: FeatureConfig, dir: string = MODELS_DIR): Features {
  if (cfg !== lastLexKey || dir !== lastLexDir) {
    lastLex = cfg.lexicon ? committedLexicon(cfg.lexicon, dir) : undefined;
    lastLexKey = cfg;
    lastLexDir = dir;
  }
  return featurize(text, cfg, lastLex);
}

let lastText: string | null = null;
let lastFeatures: Features | null = null;

/** Features of `text` under the committed models' shared config (memoised for the last text). */
export function sharedFeatures(text: string): Features {
  const cfg = sharedConfig;
  if (!cfg) throw new Error("sharedFeatures: load a committed model first");
  if (text === lastText && lastFeatures) return lastFeatures;
  const f = voxpopFeaturize(text, cfg);
  lastText = text;
  lastFeatures = f;
  return f;
}

// The pipeline's models, scored together in one pass per text (scorer.ts): the emotion heads,
// then P(offensive), then P(hate), at these offsets of `pipelineScores`.
const PIPELINE_MODELS = ["goemotions", "offensive", "hate"] as const;
export type PipelineModel = (typeof PIPELINE_MODELS)[number];
let scorer: TokenScorer | null = null;
const offsets = new Map<PipelineModel, number>();
let scores = new Float32Array(0);
let scoredText: string | null = null;

function pipelineScorer(): TokenScorer {
  if (scorer) return scorer;
  const models = PIPELINE_MODELS.map(committedModel);
  const lexName = models[0]!.header.features.lexicon;
  const built = new TokenScorer(models, lexName ? committedLexicon(lexName) : undefined);
  let off = 0;
  PIPELINE_MODELS.forEach((name, i) => { offsets.set(name, off); off += models[i]!.header.k; });
  scores = new Float32Array(built.width);
  return (scorer = built);
}

/** Where a pipeline model's outputs start in `pipelineScores`. */
export function pipelineOffset(name: PipelineModel): number {
  pipelineScorer();
  return offsets.get(name)!;
}

/**
 * Probabilities of every pipeline model for `text` (a reused array: copy what you keep). The
 * enrichers of one post ask in turn; the last text's scores are kept, so they are computed once.
 */
export function pipelineScores(text: string): Float32Array {
  const s = pipelineScorer();
  if (text !== scoredText) {
    s.score(text, scores);
    scoredText = text;
  }
  return scores;
}
