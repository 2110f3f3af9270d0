import { loadTweetEval } from "../data.ts";
import { featurizeAll, scoreAll, progress } from "../common.ts";
import { trainLinear, DEFAULT_FEATURES, tuneThreshold, macroF1Classes, type Features } from "../../src/enrich/ml/index.ts";
import { RegExpMatcher, englishDataset, englishRecommendedTransformers } from "obscenity";
const args = JSON.parse(process.argv[2] ?? "{}");
const task = args.task ?? "offensive";
const cfg = { ...DEFAULT_FEATURES, ...(args.f ?? {}) };
const tr = loadTweetEval(process.env.VOXPOP_DATA ?? "../shared/data", task, "train"), va = loadTweetEval(process.env.VOXPOP_DATA ?? "../shared/data", task, "val");
const matcher = new RegExpMatcher({ ...englishDataset.build(), ...englishRecommendedTransformers });
let t = performance.now(); const profTr = tr.texts.map(s => matcher.getAllMatches(s).length); const profVa = va.texts.map(s => matcher.getAllMatches(s).length);
progress(`obscenity ${( (tr.texts.length+va.texts.length) / ((performance.now()-t)/1000)).toFixed(0)} posts/s`);
function addProf(X: Features[], p: number[]): Features[] { if (!args.prof) return X; return X.map((x, i) => { if (!p[i]) return x; const idx = new Int32Array(x.n+1); idx.set(x.idx); idx[x.n] = 12345; const val = new Float32Array(x.n+1); val.set(x.val); val[x.n] = args.prof * Math.min(2, p[i]!); return { idx, val, n: x.n+1 }; }); }
const X = addProf(featurizeAll(tr.texts, cfg), profTr), XV = addProf(featurizeAll(va.texts, cfg), profVa);
const K = task === "emotion" ? 4 : 1;
const y = new Uint8Array(tr.texts.length * K); tr.y.forEach((c, i) => { if (K === 1) y[i] = c; else y[i * K + c] = 1; });
const pw = new Float32Array(K).fill(args.pw ?? 1);
trainLinear(X, y, K, 1 << cfg.bits, { epochs: args.epochs ?? 8, lr: args.lr ?? 0.1, l2: args.l2 ?? 1e-5, seed: 1, posWeight: pw, onEpoch(e, m) {
  const s = scoreAll(m, XV);
  if (K === 1) {
    const d = macroF1Classes(va.y, Array.from(s, v => v >= 0.5 ? 1 : 0), 2);
    const tt = tuneThreshold(s, va.y);
    const at = macroF1Classes(va.y, Array.from(s, v => v >= tt.threshold ? 1 : 0), 2);
    // macro over both classes, tuned threshold for macro-F1
    let best = 0, bt = 0.5; for (let th = 0.05; th < 0.95; th += 0.01) { const f = macroF1Classes(va.y, Array.from(s, v => v >= th ? 1 : 0), 2); if (f > best) { best = f; bt = th; } }
    const rule = macroF1Classes(va.y, Array.from(s, (v, i) => v >= bt || profVa[i]! > 0 ? 1 : 0), 2);
    progress(`${JSON.stringify(args)} ep ${e} macroF1@0.5 ${d.toFixed(4)} @posF1-th ${at.toFixed(4)} @best-th(${bt.toFixed(2)}) ${best.toFixed(4)} +rule ${rule.toFixed(4)}`);
  } else {
    const pred = va.y.map((_, i) => { let b = 0; for (let c = 1; c < K; c++) if (s[i*K+c]! > s[i*K+b]!) b = c; return b; });
    progress(`${JSON.stringify(args)} ep ${e} macroF1 ${macroF1Classes(va.y, pred, K).toFixed(4)}`);
  }
}});
