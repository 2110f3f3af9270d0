import { loadGoEmotions } from "../data.ts";
import { featurizeAll, scoreAll, tunedF1, posWeights, progress } from "../common.ts";
import { trainLinear, DEFAULT_FEATURES } from "../../src/enrich/ml/index.ts";
import { groupMultiHot, groupScores, EKMAN, SENTIMENT } from "../../src/enrich/emotion/groups.ts";
const args = JSON.parse(process.argv[2] ?? "{}");
const cfg = { ...DEFAULT_FEATURES, ...(args.f ?? {}) };
const tr = loadGoEmotions(process.env.VOXPOP_DATA ?? "../shared/data", "train"), dv = loadGoEmotions(process.env.VOXPOP_DATA ?? "../shared/data", "dev");
const X = featurizeAll(tr.texts, cfg, "train"), XD = featurizeAll(dv.texts, cfg, "dev");
const t0 = performance.now();
const heads = args.heads ? 39 : 28;
function widen(y: Uint8Array) { if (!args.heads) return y; const n=y.length/28; const e=groupMultiHot(y,EKMAN), s=groupMultiHot(y,SENTIMENT); const o=new Uint8Array(n*39); for(let i=0;i<n;i++){o.set(y.subarray(i*28,i*28+28),i*39);o.set(e.subarray(i*7,i*7+7),i*39+28);o.set(s.subarray(i*4,i*4+4),i*39+35);} return o; }
function sub(s: Float32Array, from: number, k: number) { const n=s.length/heads; const o=new Float32Array(n*k); for(let i=0;i<n;i++) o.set(s.subarray(i*heads+from,i*heads+from+k),i*k); return o; }
trainLinear(X, widen(tr.y), heads, 1 << cfg.bits, { epochs: args.epochs ?? 6, lr: args.lr ?? 0.1, l2: args.l2 ?? 1e-5, seed: 1, posWeight: posWeights(widen(tr.y), heads, args.pw ?? 0),
  onEpoch(e, m) {
    const s = scoreAll(m, XD);
    const r = tunedF1(sub(s,0,28), dv.y, 28);
    const ek = tunedF1(args.heads ? sub(s,28,7) : groupScores(sub(s,0,28), EKMAN), groupMultiHot(dv.y, EKMAN), 7);
    const se = tunedF1(args.heads ? sub(s,35,4) : groupScores(sub(s,0,28), SENTIMENT), groupMultiHot(dv.y, SENTIMENT), 4);
    progress(`${JSON.stringify(args)} epoch ${e} ${((performance.now()-t0)/1000).toFixed(0)}s  28: ${r.tuned.toFixed(4)} (x ${r.crossTuned.toFixed(4)})  ekman ${ek.tuned.toFixed(4)} (x ${ek.crossTuned.toFixed(4)}) sent ${se.tuned.toFixed(4)} (x ${se.crossTuned.toFixed(4)})`);
  } });
