import { test } from "node:test";
import assert from "node:assert/strict";
import { axisMax, barRows, bucketLabel, labelIndices, niceMax, ticks, timeBars } from "./chart-scale.ts";

test("niceMax rounds up to 1, 2 or 5 × 10^k", () => {
  assert.deepEqual([0, 1, 3, 7, 10, 11, 48, 120, 999, -3].map(niceMax), [1, 1, 5, 10, 10, 20, 50, 200, 1000, 1]);
  assert.deepEqual(ticks(48, 4), [0, 20, 40, 60]);
  assert.deepEqual(ticks(40, 4), [0, 10, 20, 30, 40]);
  assert.deepEqual(ticks(3, 4), [0, 1, 2, 3]);
  assert.deepEqual(ticks(0), [0, 1]);
  assert.deepEqual(ticks(9000), [0, 5000, 10000]);
});

test("barRows: largest first, lengths against the nice maximum, empty types dropped", () => {
  const { rows, max, height } = barRows({ support: 40, condolence: 10, humor: 0, prayer: 10 }, { width: 200, rowHeight: 20, top: 5 });
  assert.equal(max, axisMax(40));
  assert.equal(max, 40);
  assert.deepEqual(rows.map((r) => [r.label, r.value, r.width, r.y]), [["support", 40, 200, 5], ["condolence", 10, 50, 25], ["prayer", 10, 50, 45]]);
  assert.equal(rows[0]!.share, 40 / 60);
  assert.equal(height, 65);
  assert.deepEqual(barRows({}, { width: 100, rowHeight: 10 }).rows, []);
});

test("timeBars: one column per bucket, subject posts inside the column", () => {
  const { bars, max } = timeBars([{ t: "a", posts: 10, subjectPosts: 2 }, { t: "b", posts: 5, subjectPosts: 0 }], { width: 100, height: 50, gap: 2 });
  assert.equal(max, 10);
  assert.deepEqual(bars.map((b) => [b.x, b.w, b.y, b.h, b.subjectY, b.subjectH]), [[1, 48, 0, 50, 40, 10], [51, 48, 25, 25, 50, 0]]);
  assert.deepEqual(timeBars([], { width: 100, height: 50 }).bars, []);
});

test("labels do not overlap; bucket labels by span", () => {
  assert.deepEqual(labelIndices(10, 100, 25), [0, 3, 6, 9]);
  assert.deepEqual(labelIndices(3, 300, 25), [0, 1, 2]);
  assert.equal(bucketLabel("2025-03-04T09:00:00Z", 3600_000 * 10), "09:00");
  assert.equal(bucketLabel("2025-03-04T09:00:00Z", 86400_000 * 10), "Mar 4");
});
