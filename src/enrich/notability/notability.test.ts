import { test } from "node:test";
import assert from "node:assert/strict";
import { notabilityEnricher, scoreNotability, followersSignal, isDomainHandle } from "./index.ts";
import type { EnrichInput } from "../types.ts";

const author = (a: Partial<NonNullable<EnrichInput["author"]>>) => ({ name: null, handle: null, ...a });

test("name and version", () => {
  assert.equal(notabilityEnricher.name, "notability");
  assert.match(notabilityEnricher.version, /^\d+\.\d+\.\d+/);
});

test("followers are log-scaled and saturate at 10M", () => {
  assert.equal(followersSignal(0), 0);
  assert.equal(followersSignal(null), 0);
  assert.equal(followersSignal(-5), 0);
  assert.equal(followersSignal(Number.NaN), 0);
  assert.equal(followersSignal(1e7), 1);
  assert.equal(followersSignal(1e12), 1);
  assert.ok(followersSignal(1e4) > followersSignal(1e3));
  const out = scoreNotability({ text: "", platform: "bluesky", author: author({ followers: 12_345 }) });
  assert.deepEqual(out.reasons, ["followers:12.3k"]);
  assert.ok(out.score > 0.3 && out.score < 0.4);
});

test("signals combine monotonically and stay in 0..1", () => {
  const everything = scoreNotability(
    { text: "", platform: "bluesky", author: author({ handle: "@News.Example.com", followers: 5e7, verified: true }) },
    { notable: new Set(["news.example.com"]) },
  );
  assert.deepEqual(everything.reasons, ["followers:50M", "verified", "domain-handle", "notable-list"]);
  assert.ok(everything.score > 0.9 && everything.score < 1);
  const notableOnly = scoreNotability({ text: "", platform: "mastodon", author: author({ handle: "kim@social.example" }) }, { notable: new Set(["kim@social.example"]) });
  assert.deepEqual(notableOnly, { score: 0.8, reasons: ["notable-list"] });
  const xVerified = scoreNotability({ text: "", platform: "x", author: author({ handle: "a", verified: true }) });
  const bskyVerified = scoreNotability({ text: "", platform: "bluesky", author: author({ handle: "a.bsky.social", verified: true }) });
  assert.ok(xVerified.score < bskyVerified.score);
});

test("domain handles: a domain, not *.bsky.social, only on Bluesky", () => {
  assert.equal(isDomainHandle("nytimes.com"), true);
  assert.equal(isDomainHandle("alice.bsky.social"), false);
  assert.equal(isDomainHandle("handle.invalid"), false);
  assert.equal(isDomainHandle("no_dots"), false);
  assert.equal(isDomainHandle("a".repeat(300) + ".com"), false);
  assert.deepEqual(scoreNotability({ text: "", platform: "x", author: author({ handle: "nytimes.com" }) }).reasons, []);
});

test("hostile and odd input", () => {
  for (const input of [
    { text: "", platform: null },
    { text: "💔", platform: null, author: null },
    { text: "x".repeat(100_000), platform: "x" as const, author: author({ handle: "" }) },
    { text: "שלום", platform: "bluesky" as const, author: author({ handle: "\u202Bדני\u202C", followers: Infinity }) },
  ]) {
    const out = notabilityEnricher.enrich(input, {}, {});
    assert.ok(out.score >= 0 && out.score <= 1 && Array.isArray(out.reasons));
  }
  assert.deepEqual(notabilityEnricher.enrich({ text: "", platform: null }, {}, {}), { score: 0, reasons: [] });
});
