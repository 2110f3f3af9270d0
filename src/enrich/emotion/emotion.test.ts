import { test } from "node:test";
import assert from "node:assert/strict";
import { emotionEnricher, emotionSentiment, emotionModelVersion, GOEMOTIONS, EKMAN_LABELS, SENTIMENT_LABELS } from "./index.ts";

const input = (text: string) => ({ text, platform: null });

test("emotion enricher returns labels, all 28 scores, Ekman and sentiment groups, and a version", () => {
  assert.equal(emotionEnricher.name, "emotions");
  assert.match(emotionEnricher.version, /^goemotions-lr-\d+\.\d+\.\d+$/);
  assert.equal(emotionModelVersion(), emotionEnricher.version);
  const out = emotionEnricher.enrich(input("Thank you so much, this made my whole day!"), {}, {});
  assert.deepEqual(Object.keys(out.scores), [...GOEMOTIONS]);
  for (const v of Object.values(out.scores)) assert.ok(v >= 0 && v <= 1);
  for (const l of out.labels) assert.ok((GOEMOTIONS as readonly string[]).includes(l));
  for (const l of out.ekman) assert.ok(EKMAN_LABELS.includes(l));
  for (const l of out.sentimentGroups) assert.ok(SENTIMENT_LABELS.includes(l));
  assert.ok(out.labels.includes("gratitude"));
  assert.ok(out.sentimentGroups.includes("positive"));
});

test("labels are exactly the scores over the model's thresholds", () => {
  const a = emotionEnricher.enrich(input("I am so sorry for your loss, rest in peace."), {}, {});
  assert.ok(a.scores.sadness! > a.scores.amusement!);
  assert.ok(a.labels.length > 0);
});

test("empty text is handled", () => {
  const out = emotionEnricher.enrich(input(""), {}, {});
  assert.equal(Object.keys(out.scores).length, 28);
});

test("emotionSentiment separates obviously positive and negative fictional posts", () => {
  const pos = emotionSentiment("I love this so much, congratulations, wonderful news!");
  const neg = emotionSentiment("This is awful and disgusting, I hate it, so disappointed.");
  assert.equal(pos.label, "positive");
  assert.equal(neg.label, "negative");
  assert.ok(pos.score > 0 && neg.score < 0);
  assert.ok(pos.score <= 1 && neg.score >= -1);
});
