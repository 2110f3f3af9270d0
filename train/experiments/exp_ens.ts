// Seed ensembles of the GoEmotions model: linear models on the same features average exactly
// (mean of logits = logits of the mean weights), so an ensemble costs nothing at inference.
import { loadGoEmotions } from "../data.ts";
import { featurizeAll, scoreAll, tunedF1, progress } from "../common.ts";
import { trainLinear, type LinearWeights } from "../../src/enrich/ml/index.ts";
import { FEATURES, HYPER } from "../hyper.ts";
import { widenGold, columns } from "../tasks.ts";
const args = JSON.parse(process.argv[2] ?? "{}");
const h = { ...HYPER.goemotions, ...(args.h ?? {}) };
const cfg = { ...FEATURES, bits: h.bits, ...(args.f ?? {}) };
const dir = process.env.VOXPOP_DATA ?? "../shared/data";
const tr = loadGoEmotions(dir, "train"), dv = loadGoEmotions(dir, "dev");
const X = featurizeAll(tr.texts, cfg, "train"), XD = featurizeAll(dv.texts, cfg, "dev");
const y = widenGold(tr.y), gold = widenGold(dv.y);
const k = 39;
const models: LinearWeights[] = [];
function report(name: string, m: LinearWeights) {
  const s = scoreAll(m, XD);
  const r = tunedF1(columns(s, k, 0, 28) as Float32Array, columns(gold, k, 0, 28) as Uint8Array, 28);
  const e = tunedF1(columns(s, k, 28, 7) as Float32Array, columns(gold, k, 28, 7) as Uint8Array, 7);
  const se = tunedF1(columns(s, k, 35, 4) as Float32Array, columns(gold, k, 35, 4) as Uint8Array, 4);
  progress(`${JSON.stringify(args)} ${name}: 28 ${r.tuned.toFixed(4)} (x ${r.crossTuned.toFixed(4)}) ekman ${e.tuned.toFixed(4)} (x ${e.crossTuned.toFixed(4)}) sent ${se.tuned.toFixed(4)} (x ${se.crossTuned.toFixed(4)})`);
}
for (const seed of args.seeds ?? [1, 2, 3]) {
  const m = trainLinear(X, y, k, 1 << cfg.bits, { epochs: h.epochs, lr: h.lr, l2: h.l2, seed });
  models.push(m);
  report(`seed ${seed}`, m);
  if (models.length > 1) {
    const avg: LinearWeights = { k, dim: m.dim, w: new Float32Array(m.w.length), bias: new Float32Array(k) };
    for (const mm of models) { for (let i = 0; i < avg.w.length; i++) avg.w[i]! += mm.w[i]! / models.length; for (let c = 0; c < k; c++) avg.bias[c]! += mm.bias[c]! / models.length; }
    report(`mean of ${models.length}`, avg);
  }
}
