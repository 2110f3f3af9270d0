import { test } from "node:test";
import assert from "node:assert/strict";
import { VirtualLayout, dropTarget, landingIndex, pageSizeFor } from "./virtual-math.ts";

test("offsets are prefix sums of estimated and measured heights, with gaps", () => {
  const l = new VirtualLayout(100, 10);
  l.setCount(5);
  assert.equal(l.offsetOf(0), 0);
  assert.equal(l.offsetOf(3), 330);
  assert.equal(l.totalHeight(), 540);
  assert.equal(l.setHeight(1, 50), true);
  assert.equal(l.setHeight(1, 50), false, "same height: no change");
  assert.equal(l.offsetOf(2), 170);
  assert.equal(l.offsetOf(5), 500);
  assert.equal(l.totalHeight(), 490);
});

test("indexAt finds the item under a position, clamped", () => {
  const l = new VirtualLayout(100);
  l.setCount(10);
  l.setHeight(0, 30);
  assert.equal(l.indexAt(-5), 0);
  assert.equal(l.indexAt(29.9), 0);
  assert.equal(l.indexAt(30), 1);
  assert.equal(l.indexAt(129), 1);
  assert.equal(l.indexAt(1e9), 9);
  assert.equal(new VirtualLayout(10).indexAt(5), -1);
});

test("range covers the viewport plus overscan and never leaves the list", () => {
  const l = new VirtualLayout(100);
  l.setCount(10_000);
  assert.deepEqual(l.range(0, 500, 200), { start: 0, end: 8 });
  assert.deepEqual(l.range(5000, 500, 200), { start: 48, end: 58 });
  assert.deepEqual(l.range(999_900, 500, 200), { start: 9997, end: 10_000 });
  assert.deepEqual(new VirtualLayout(100).range(0, 500, 0), { start: 0, end: 0 });
});

test("growing past capacity keeps measured heights; shrinking and regrowing re-estimates", () => {
  const l = new VirtualLayout(20);
  l.setCount(3);
  l.setHeight(2, 7);
  l.setCount(1000);
  assert.equal(l.heightOf(2), 7);
  assert.equal(l.offsetOf(1000), 999 * 20 + 7);
  l.setCount(2);
  l.setCount(3);
  assert.equal(l.heightOf(2), 20);
});

test("insert shifts known heights; move carries a height along", () => {
  const l = new VirtualLayout(10);
  l.setCount(4);
  l.setHeight(0, 1); l.setHeight(1, 2); l.setHeight(2, 3); l.setHeight(3, 4);
  l.insert(1, 2);
  assert.deepEqual([0, 1, 2, 3, 4, 5].map((i) => l.heightOf(i)), [1, 10, 10, 2, 3, 4]);
  assert.equal(l.totalHeight(), 30);
  l.move(0, 5);
  assert.deepEqual([0, 1, 2, 3, 4, 5].map((i) => l.heightOf(i)), [10, 10, 2, 3, 4, 1]);
  l.move(4, 1);
  assert.deepEqual([0, 1, 2, 3, 4, 5].map((i) => l.heightOf(i)), [10, 4, 10, 2, 3, 1]);
  assert.equal(l.offsetOf(2), 14);
});

test("scrollFor moves the least to bring an item into view", () => {
  const l = new VirtualLayout(100);
  l.setCount(100);
  assert.equal(l.scrollFor(2, 0, 500, "nearest", 0), null, "already visible");
  assert.equal(l.scrollFor(10, 0, 500, "nearest", 0), 600, "below: align its bottom");
  assert.equal(l.scrollFor(3, 1000, 500, "nearest", 0), 300, "above: align its top");
  assert.equal(l.scrollFor(50, 0, 500, "start", 8), 4992);
  l.setHeight(20, 900);
  assert.equal(l.scrollFor(20, 0, 500, "nearest", 0), 2000, "taller than the viewport: its top");
});

test("dropTarget picks before/after by the half of the item under the pointer", () => {
  const l = new VirtualLayout(100);
  l.setCount(3);
  assert.deepEqual(dropTarget(l, 120), { index: 1, place: "before" });
  assert.deepEqual(dropTarget(l, 160), { index: 1, place: "after" });
  assert.deepEqual(dropTarget(l, 1e6), { index: 2, place: "after" });
});

test("10k measured items: offsets stay consistent after scattered measurements", () => {
  const l = new VirtualLayout(120, 8);
  l.setCount(10_000);
  let expected = 0;
  const heights: number[] = [];
  for (let i = 0; i < 10_000; i++) heights.push(i % 7 === 0 ? 80 + (i % 50) : 120);
  for (let i = 9_999; i >= 0; i -= 7) l.setHeight(i, heights[i]!);
  for (let i = 0; i < 10_000; i += 7) l.setHeight(i, heights[i]!);
  for (let i = 0; i < 10_000; i++) {
    if (i % 997 === 0) assert.equal(l.offsetOf(i), expected);
    expected += (i % 7 === 0 || (9_999 - i) % 7 === 0 ? heights[i]! : 120) + 8;
  }
  assert.equal(l.indexAt(l.offsetOf(4321) + 1), 4321);
});

test("pageSizeFor fetches what is missing, within bounds", () => {
  assert.equal(pageSizeFor(0, 10, 100, 500), 100);
  assert.equal(pageSizeFor(100, 9000, 100, 500), 500);
  assert.equal(pageSizeFor(100, 350, 100, 500), 250);
});

test("landingIndex: where a dragged item ends up", () => {
  // [a b c d]: a dropped after c → [b c a d]
  assert.equal(landingIndex(0, 2, "after"), 2);
  assert.equal(landingIndex(0, 2, "before"), 1);
  // d dropped before b → [a d b c]
  assert.equal(landingIndex(3, 1, "before"), 1);
  assert.equal(landingIndex(3, 1, "after"), 2);
});
