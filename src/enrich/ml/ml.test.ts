import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  featurize, tokenize, hashString, tokenHash, DEFAULT_FEATURES, trainLinear, logits, buildModel, saveModel, loadModel,
  modelPredict, modelLabels, tuneThreshold, tuneThresholds, tuneMacroThreshold, applyThresholds, macroF1,
  macroF1Classes, rng, sigmoid, TokenScorer, type Features,
} from "./index.ts";

test("tokenize normalises urls, mentions, hashtags, elongation, case and emoji", () => {
  const toks = tokenize("WOW!!!! Sooooo GOOD @someone https://example.org/x #GreatDay don't 😂👍🏽").map((t) => t.text);
  assert.deepEqual(toks, ["wow", "!!", "soo", "good", "@user", "<url>", "#greatday", "greatday", "don't", "😂", "👍"]);
});

test("hashing and featurize are deterministic", () => {
  assert.equal(hashString("hello", 1), hashString("hello", 1));
  assert.notEqual(hashString("hello", 1), hashString("hello", 2));
  const a = featurize("What a lovely day, thank you all!");
  const b = featurize("What a lovely day, thank you all!");
  assert.deepEqual(Array.from(a.idx), Array.from(b.idx));
  assert.deepEqual(Array.from(a.val), Array.from(b.val));
  assert.ok(a.n > 20);
  // each block is unit norm: total squared norm is 1 (words) + charWeight^2 (chars)
  let sq = 0;
  for (const v of a.val) sq += v * v;
  assert.ok(Math.abs(sq - (1 + DEFAULT_FEATURES.charWeight ** 2)) < 1e-3);
});

test("a lexicon adds its cue block only when one of its tokens occurs", () => {
  const cfg = { ...DEFAULT_FEATURES, lexicon: "toy" };
  const lex = new Set([tokenHash("blorp")]);
  const hit = featurize("what a blorp thing", cfg, lex);
  const miss = featurize("what a lovely thing", cfg, lex);
  const plain = featurize("what a blorp thing", DEFAULT_FEATURES);
  assert.equal(hit.n, plain.n + 1);
  assert.equal(miss.n, featurize("what a lovely thing", DEFAULT_FEATURES).n);
  assert.throws(() => featurize("x", cfg));
});

test("featurize handles empty and odd input", () => {
  assert.equal(featurize("").n, 1); // only the length cue
  assert.ok(featurize("\u0000\uD83D").n >= 1);
  assert.ok(featurize("x".repeat(100000)).n > 0);
});

function toy(n: number, seed: number): { xs: Features[]; y: Uint8Array } {
  // two words decide the class; noise words are shared
  const r = rng(seed);
  const xs: Features[] = [];
  const y = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const pos = r() < 0.5;
    y[i] = pos ? 1 : 0;
    const noise = ["alpha", "beta", "gamma", "delta"][Math.floor(r() * 4)]!;
    xs.push(featurize(`${noise} ${pos ? "sunny" : "rainy"} ${noise}`));
  }
  return { xs, y };
}

test("logistic regression learns a separable toy problem, deterministically", () => {
  const { xs, y } = toy(400, 7);
  const dim = 1 << DEFAULT_FEATURES.bits;
  const opts = { epochs: 3, lr: 0.2, l2: 1e-6, seed: 3 };
  const m = trainLinear(xs, y, 1, dim, opts);
  const test = toy(100, 99);
  const z = new Float32Array(1);
  let correct = 0;
  test.xs.forEach((x, i) => { if ((sigmoid(logits(m, x, z)[0]!) >= 0.5 ? 1 : 0) === test.y[i]) correct++; });
  assert.equal(correct, 100);
  const again = trainLinear(xs, y, 1, dim, opts);
  assert.deepEqual(again.w.subarray(0, 5000), m.w.subarray(0, 5000));
  assert.deepEqual(again.bias, m.bias);
});

test("model file round-trip gives the same predictions", () => {
  const { xs, y } = toy(200, 1);
  const m = trainLinear(xs, y, 1, 1 << DEFAULT_FEATURES.bits, { epochs: 2, lr: 0.2, l2: 0, seed: 1 });
  const model = buildModel(m, { name: "toy", version: "toy-1", labels: ["sunny"], thresholds: [0.5], features: DEFAULT_FEATURES });
  const dir = mkdtempSync(join(tmpdir(), "voxpop-ml-"));
  try {
    saveModel(model, join(dir, "toy"));
    const back = loadModel(join(dir, "toy"));
    assert.equal(back.header.version, "toy-1");
    for (const x of xs.slice(0, 20)) assert.deepEqual(modelPredict(back, x), modelPredict(model, x));
    // quantised predictions stay close to the float model's
    const z = new Float32Array(1);
    for (const x of xs.slice(0, 20)) assert.ok(Math.abs(modelPredict(back, x)[0]! - sigmoid(logits(m, x, z)[0]!)) < 0.02);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("thresholds are tuned and applied per label", () => {
  const scores = [0.9, 0.8, 0.35, 0.3, 0.1];
  const gold = [1, 1, 1, 0, 0];
  const t = tuneThreshold(scores, gold);
  assert.equal(t.f1, 1);
  assert.ok(t.threshold > 0.3 && t.threshold <= 0.35);
  const s2 = Float32Array.from([0.9, 0.1, 0.2, 0.6, 0.4, 0.2]);
  const g2 = Uint8Array.from([1, 0, 0, 1, 0, 0]);
  const th = tuneThresholds(s2, g2, 2);
  assert.deepEqual(Array.from(applyThresholds(s2, th, 2)), [1, 0, 0, 1, 0, 0]);
  assert.equal(macroF1(g2, applyThresholds(s2, [0.95, 0.5], 2), 2), 0.5);
  const m = tuneMacroThreshold([0.9, 0.7, 0.6, 0.2], [1, 1, 0, 0]);
  assert.equal(m.f1, 1);
  assert.equal(macroF1Classes([0, 1, 1], [0, 1, 0], 2), (2 / 3 + 2 / 3) / 2);
  const model = { header: { labels: ["a", "b"], thresholds: [0.5, 0.2] } } as Parameters<typeof modelLabels>[0];
  assert.deepEqual(modelLabels(model, Float32Array.from([0.4, 0.3])), ["b"]);
});

// Feature hashes recorded from fictional texts: any change to tokenisation, hashing, counting or
// normalisation changes these (and would silently break every committed model).
test("featurize output is pinned (hash indices and values)", () => {
  const cfg = { ...DEFAULT_FEATURES, bits: 15, charMin: 3, lexicon: "toy" };
  const lex = new Set([tokenHash("blorp")]);
  const digest = (f: Features): string => {
    const b = new Uint32Array(Float32Array.from(f.val.subarray(0, f.n)).buffer);
    let h = 0x811c9dc5;
    for (let i = 0; i < f.n; i++) { h = Math.imul(h ^ f.idx[i]!, 0x01000193); h = Math.imul(h ^ b[i]!, 0x01000193); }
    return (h >>> 0).toString(16);
  };
  const pinned: Array<[string, boolean, number, number[], string]> = [
    ["What a LOVELY day!!! Thank you all 😂👍🏽", false, 108, [-2120552035, -32955474, -1079793528, -719899553, -1434231619, -1213968326], "ca1558e6"],
    ["What a LOVELY day!!! Thank you all 😂👍🏽", true, 79, [-2120552035, -32955474, -1079793528, -719899553, -1434231619, -1213968326], "21bcfbe9"],
    ["@someone #GreatDay sooo good https://example.org/x don't stop", false, 146, [-1940635198, -759781197, -1131650807, -10364612, 2003231385, 238733109], "d4108a8c"],
    ["@someone #GreatDay sooo good https://example.org/x don't stop", true, 106, [-1940635198, -759781197, -1131650807, -10364612, 2003231385, 238733109], "bfb96587"],
    ["Привет, МИР… ça va? 日本語 ok", false, 80, [-441119830, -776080373, 876535401, 1359223560, -1319756505, -42430662], "1581ed4f"],
    ["Привет, МИР… ça va? 日本語 ok", true, 57, [-441119830, -776080373, 876535401, 1359223560, -1319756505, -42430662], "f8c1a2f3"],
    ["", false, 1, [-1635066937], "8b83aad2"],
    ["", true, 1, [-1635066937], "8b83aad2"],
    ["[NAME] is the best?! 1234 blorp", false, 93, [102911527, 1569432866, -1782634842, -61090458, 1088618463, -1781671190], "13d85be1"],
    ["[NAME] is the best?! 1234 blorp", true, 68, [102911527, 1569432866, -1782634842, -61090458, 1088618463, -1781671190], "732dc4dd"],
  ];
  for (const [text, withLex, n, first, sum] of pinned) {
    const f = withLex ? featurize(text, cfg, lex) : featurize(text);
    assert.equal(f.n, n, text);
    assert.deepEqual(Array.from(f.idx.subarray(0, first.length)), first, text);
    assert.equal(digest(f), sum, text);
  }
});

test("the token scorer gives modelPredict's probabilities over featurize, bit for bit, on every path", () => {
  const dim = 1 << 10;
  const cfg = { ...DEFAULT_FEATURES, bits: 10, charMin: 3, values: "count" as const, lexicon: "toy" };
  const lex = new Set([tokenHash("blorp"), tokenHash("zonk")]);
  // the pipeline's widths (41 outputs: rows of 48), and 62 (rows of 64, a constant the kernel's
  // code must encode as signed LEB128)
  for (const widths of [[39, 1, 1], [60, 1, 1]]) checkScorer(widths, dim, cfg, lex);
  const toy = [1].map((k) => buildModel({ k, dim, w: new Float32Array(dim), bias: new Float32Array(1) }, { name: "toy", version: "toy-1", labels: ["l0"], thresholds: [0.5], features: cfg }));
  assert.throws(() => new TokenScorer(toy, undefined), /lexicon/);
});

function checkScorer(widths: number[], dim: number, cfg: typeof DEFAULT_FEATURES, lex: Set<number>): void {
  const models = widths.map((k, i) => {
    const r = rng(k + i);
    const w = new Float32Array(dim * k).map(() => (r() - 0.5) * 3);
    const bias = new Float32Array(k).map(() => r() - 0.5);
    return buildModel({ k, dim, w, bias }, { name: `toy${i}`, version: "toy-1", labels: Array.from({ length: k }, (_, j) => `l${j}`), thresholds: new Array(k).fill(0.5), features: cfg });
  });
  const texts = [
    "What a lovely day, thank you all! lovely lovely", "", "x".repeat(3000), "so sorry 😂 #sad @you https://x.org blorp zonk blorp",
    "a b c d e f g h i j k l m n o p q r s t u v w x y z ".repeat(80), "supercalifragilisticexpialidocious is a word of 34 letters",
    "Привет, МИР… ça va? 日本語 ok", "\u0000\uD83D lone", "ab ba ab ba abc cba abc",
    // two words with the same 32-bit hash and length: the cache must tell them apart by their
    // code units (one after the other, and both in one text)
    "tnlkpok", "floxgby", "tnlkpok floxgby",
  ];
  const variants: Array<[string, ConstructorParameters<typeof TokenScorer>[2]]> = [
    ["simd, cache", {}], ["plain, cache", { simd: false }], ["simd, 4 slots (conflicts)", { cacheBits: 2 }],
    ["plain, 4 slots", { simd: false, cacheBits: 2 }], ["simd, no cache", { cacheBits: 0 }],
  ];
  for (const [name, options] of variants) {
    const scorer = new TokenScorer(models, lex, options);
    const out = new Float32Array(scorer.width);
    for (const t of [...texts, ...texts]) {
      scorer.score(t, out);
      const x = featurize(t, cfg, lex);
      const want = models.flatMap((m) => Array.from(modelPredict(m, x)));
      assert.deepEqual(Array.from(out), want, `${widths.join("+")} outputs, ${name}: ${t.slice(0, 40)}`);
    }
  }
}

test("count-mode features are sums over occurrences: signed integer counts per block", () => {
  const cfg = { ...DEFAULT_FEATURES, charMin: 3, values: "count" as const };
  const x = featurize("love love love you", cfg);
  assert.ok(x.cnt && x.blockEnd && x.blockNorm);
  // every value is its count times its block's norm
  for (let b = 0, j = 0; b < 3; b++) for (; j < x.blockEnd[b]!; j++) assert.equal(x.val[j], Math.fround(x.cnt[j]! * x.blockNorm[b]!));
  // the word block: 4 unigrams, 5 bigrams (with the sentence marks), 1 length cue = 10 occurrences
  assert.equal(x.blockNorm[0], 1 / Math.sqrt(10));
  assert.ok(Array.from(x.cnt).some((c) => Math.abs(c) === 3), "'love' three times is one feature counted 3");
});
