import { test } from "node:test";
import assert from "node:assert/strict";
import { labelOf, scoreSentiment, sentimentEnricher, MAX_CHARS } from "./index.ts";

const run = (text: string) => sentimentEnricher.enrich({ text, platform: null }, {}, {});

test("name and version", () => {
  assert.equal(sentimentEnricher.name, "sentiment");
  assert.match(sentimentEnricher.version, /^\d+\.\d+\.\d+/);
});

test("labels follow the ±0.05 compound thresholds", () => {
  assert.equal(labelOf(0.05), "positive");
  assert.equal(labelOf(0.0499), "neutral");
  assert.equal(labelOf(-0.0499), "neutral");
  assert.equal(labelOf(-0.05), "negative");
});

test("clear cases", () => {
  const pos = run("Sending so much love to you both, you are amazing ❤️");
  assert.equal(pos.label, "positive");
  assert.ok(pos.score > 0.5 && pos.score <= 1);
  const neg = run("This is horrible and cruel, shame on these awful people");
  assert.equal(neg.label, "negative");
  assert.ok(neg.score < -0.5 && neg.score >= -1);
  assert.equal(run("The hearing is scheduled for Tuesday at 10am.").label, "neutral");
  assert.equal(run("I do not love this at all").label, "negative");
});

test("hostile and odd input", () => {
  assert.deepEqual(run(""), { label: "neutral", score: 0 });
  assert.deepEqual(run("   \n\t "), { label: "neutral", score: 0 });
  assert.equal(run("💔😭🙏").label.length > 0, true);
  assert.deepEqual(sentimentEnricher.enrich({ text: null as unknown as string, platform: null }, {}, {}), { label: "neutral", score: 0 });
  const rtl = run("\u202Bאני כל כך מצטער\u202C");
  assert.ok(Number.isFinite(rtl.score));
  const big = "what a wonderful kind thing to do ".repeat(4000);
  assert.ok(big.length > 100_000 && big.length > MAX_CHARS);
  const out = scoreSentiment(big);
  assert.equal(out.label, "positive");
  assert.ok(out.score <= 1);
  assert.ok(Number.isFinite(run("!!!!???".repeat(20_000)).score));
});
