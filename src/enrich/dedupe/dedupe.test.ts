import { test } from "node:test";
import assert from "node:assert/strict";
import { DedupeIndex, normalizeForDedupe, simhash64, hamming64 } from "./index.ts";

const LONG = "The family asked for privacy while they grieve, and the statement thanked the doctors and nurses who cared for them through a very long week at the hospital";

test("normalisation: case, whitespace, links, handles, RT, punctuation", () => {
  assert.equal(normalizeForDedupe("RT @Someone: So  SORRY for your loss!!! https://t.co/x @a.bsky.social"), "so sorry for your loss");
  assert.equal(normalizeForDedupe("so sorry for your loss"), "so sorry for your loss");
  assert.equal(normalizeForDedupe("Ｆｕｌｌｗｉｄｔｈ #Tag 💔"), "fullwidth tag 💔");
  assert.equal(normalizeForDedupe(""), "");
  assert.equal(normalizeForDedupe(null as unknown as string), "");
});

test("simhash64: 64-bit, deterministic, close for small edits of a long text", () => {
  const a = simhash64(LONG);
  assert.equal(typeof a, "bigint");
  assert.ok(a >= 0n && a < 1n << 64n);
  assert.equal(simhash64(LONG), a);
  assert.equal(hamming64(a, simhash64(LONG.toUpperCase() + " https://example.com")), 0);
  assert.ok(hamming64(a, simhash64(LONG.replace("doctors", "medics"))) <= 6);
  assert.ok(hamming64(a, simhash64("A completely different post about football scores and the weekend weather forecast for the coast")) > 10);
});

test("exact, near, and distinct posts", () => {
  const index = new DedupeIndex();
  assert.deepEqual(index.add("a", "So sorry for your loss 💔"), { duplicateOf: null, kind: null, distance: null });
  assert.deepEqual(index.add("b", "RT @x: so sorry for your LOSS 💔 https://t.co/1"), { duplicateOf: "a", kind: "exact", distance: 0 });
  assert.equal(index.add("c", LONG).duplicateOf, null);
  const near = index.add("d", LONG.replace("doctors", "medics"));
  assert.equal(near.kind, "near");
  assert.equal(near.duplicateOf, "c");
  assert.ok(near.distance !== null && near.distance > 0 && near.distance <= index.maxDistance);
  // an exact copy of a near duplicate collapses onto the root, not onto the copy
  assert.deepEqual(index.add("e", LONG.replace("doctors", "medics") + "!"), { duplicateOf: "c", kind: "exact", distance: 0 });
  assert.equal(index.add("f", "Sending love to the whole family tonight, stay strong").duplicateOf, null);
  // short texts are compared exactly only
  assert.equal(index.add("g", "so sorry").duplicateOf, null);
  assert.equal(index.add("h", "so sorry!!").duplicateOf, "g");
  // same key again: first result, no double count
  assert.deepEqual(index.add("b", "anything"), { duplicateOf: "a", kind: "exact", distance: 0 });
  assert.equal(index.size, 8);
  const groups = index.groups();
  assert.deepEqual(groups.map((g) => g.original).sort(), ["a", "c", "g"]);
  assert.deepEqual(groups.find((g) => g.original === "c")!.counts, { exact: 1, near: 1, repost: 0, quote: 0 });
});

test("reposts and quotes collapse onto the root original with counts", () => {
  const index = new DedupeIndex();
  index.add("orig", "Here is what actually happened at the hearing today, thread below");
  index.add("copy", "here is what actually happened at the hearing today thread below");
  assert.deepEqual(index.add("r1", "", { repostOf: "orig" }), { duplicateOf: "orig", kind: "repost", distance: null });
  assert.deepEqual(index.add("r2", "", { repostOf: "copy" }), { duplicateOf: "orig", kind: "repost", distance: null });
  assert.equal(index.add("q1", "This is important, read it", { quoteOf: "copy" }).duplicateOf, null);
  index.add("r3", "", { repostOf: "unseen" });
  const g = index.groups().find((x) => x.original === "orig")!;
  assert.deepEqual(g.counts, { exact: 1, near: 0, repost: 2, quote: 1 });
  assert.deepEqual(g.quotes, ["q1"]);
  const unseen = index.groups().find((x) => x.original === "unseen")!;
  assert.equal(unseen.originalSeen, false);
  index.add("unseen", "the original arrives later");
  assert.equal(index.groups().find((x) => x.original === "unseen")!.originalSeen, true);
  assert.deepEqual(index.add("self", "", { repostOf: "self" }), { duplicateOf: null, kind: null, distance: null });
});

test("hostile and odd input", () => {
  const index = new DedupeIndex();
  assert.equal(index.add("e1", "").duplicateOf, null);
  assert.equal(index.add("e2", "").duplicateOf, null, "empty texts are not duplicates of each other");
  assert.equal(index.add("e3", "!!! ...").duplicateOf, null);
  assert.equal(index.add("m1", "💔💔").duplicateOf, null);
  assert.equal(index.add("m2", "💔💔").duplicateOf, "m1");
  assert.equal(index.add("r1", "\u202Bאני כל כך מצטער על האובדן שלכם, המון כוח למשפחה\u202C").duplicateOf, null);
  assert.equal(index.add("r2", "אני כל כך מצטער על האובדן שלכם המון כוח למשפחה").duplicateOf, "r1");
  const big = "word ".repeat(25_000);
  assert.ok(big.length > 100_000);
  assert.equal(index.add("b1", big).duplicateOf, null);
  assert.equal(index.add("b2", big + "tail").kind, "exact", "texts are compared on their first 20k characters");
  assert.equal(index.add("n1", null as unknown as string).duplicateOf, null);
});

test("many distinct posts stay distinct, many copies collapse (no all-pairs)", () => {
  const index = new DedupeIndex();
  const words = "love family strong news hearing sorry loss prayers doctors week story people post time today".split(" ");
  let state = 7;
  const rand = () => (state = (Math.imul(state, 1103515245) + 12345) >>> 0) / 2 ** 32;
  let dups = 0;
  for (let i = 0; i < 20_000; i++) {
    const text = Array.from({ length: 12 + (i % 10) }, () => words[Math.floor(rand() * words.length)] + String(Math.floor(rand() * 50))).join(" ");
    if (index.add(`p${i}`, text).duplicateOf) dups++;
  }
  assert.ok(dups < 20, `false duplicates: ${dups}`);
  for (let i = 0; i < 5000; i++) index.add(`c${i}`, `${LONG} ${i % 2 ? "!" : ""}`);
  assert.equal(index.groups().find((g) => g.original === "c0")!.counts.exact, 4999);
});

test("band layout: every match within maxDistance is found (pigeonhole), for any setting", () => {
  for (const maxDistance of [0, 3, 6, 9]) {
    const index = new DedupeIndex({ maxDistance });
    index.add("a", LONG);
    const base = simhash64(LONG);
    let state = 11;
    const rand = () => (state = (Math.imul(state, 1103515245) + 12345) >>> 0) / 2 ** 32;
    // variants whose fingerprint happens to fall within the distance must all be found
    for (let i = 0; i < 300; i++) {
      const words = LONG.split(" ");
      words[Math.floor(rand() * words.length)] = `w${i}`;
      const text = words.join(" ");
      const d = hamming64(base, simhash64(text));
      const got = new DedupeIndex({ maxDistance });
      got.add("a", LONG);
      const r = got.add("b", text);
      if (d === 0) assert.equal(r.kind === "near" || r.kind === "exact", true);
      else assert.equal(r.duplicateOf === "a", d <= maxDistance, `d=${d} max=${maxDistance}`);
    }
    assert.equal(index.maxDistance, maxDistance);
  }
  assert.equal(new DedupeIndex({ maxDistance: 99 }).maxDistance, 6);
});
