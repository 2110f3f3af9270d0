import { test } from "node:test";
import assert from "node:assert/strict";
import { offensiveEnricher, hateEnricher, toxicityProbabilities } from "./index.ts";
import { committedModel, modelPredict, voxpopFeaturize } from "../ml/index.ts";

const input = (text: string) => ({ text, platform: null });

test("toxicity enrichers return {label, score} with versions", () => {
  assert.equal(offensiveEnricher.name, "offensive");
  assert.equal(hateEnricher.name, "hate");
  assert.match(offensiveEnricher.version, /^offensive-lr-\d+\.\d+\.\d+$/);
  assert.match(hateEnricher.version, /^hate-lr-\d+\.\d+\.\d+$/);
  for (const e of [offensiveEnricher, hateEnricher]) {
    const out = e.enrich(input("What a lovely tribute, thank you for sharing."), {}, {});
    assert.equal(typeof out.label, "boolean");
    assert.ok(out.score >= 0 && out.score <= 1);
  }
});

test("obviously offensive fictional text scores higher than a kind one", () => {
  const rude = offensiveEnricher.enrich(input("shut up you stupid worthless idiot, you are a disgusting piece of shit"), {}, {});
  const kind = offensiveEnricher.enrich(input("Sending you all my love, you are so kind and brave."), {}, {});
  assert.ok(rude.score > kind.score);
  assert.equal(rude.label, true);
  assert.equal(kind.label, false);
});

test("hateful fictional text scores higher than a kind one", () => {
  const hateful = hateEnricher.enrich(input("send them all back, these filthy invaders are ruining our country #buildthewall"), {}, {});
  const kind = hateEnricher.enrich(input("Welcome to our neighbourhood, so happy you are here!"), {}, {});
  assert.ok(hateful.score > kind.score);
});

test("the one-pass scores are modelPredict's over featurize, bit for bit", () => {
  const texts = ["What a lovely tribute, thank you for sharing.", "shut up you stupid idiot", "", "😂😂 #wow @someone https://example.org", "shut up you stupid idiot"];
  for (const t of texts) {
    const want = (["offensive", "hate"] as const).map((n) => modelPredict(committedModel(n), voxpopFeaturize(t, committedModel(n).header.features))[0]);
    assert.deepEqual(toxicityProbabilities(t), want);
  }
});
