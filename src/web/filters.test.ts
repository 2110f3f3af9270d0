import { test } from "node:test";
import assert from "node:assert/strict";
import type { FeedPost } from "../store/store.ts";
import { DEFAULT_FILTERS, activeFilterCount, filtersToParams, insertionIndex, matchPost, parseFilters, toIso } from "./filters.ts";

function post(over: Partial<FeedPost> & { n?: number } = {}): FeedPost {
  const n = over.n ?? 1;
  return {
    platform: "bluesky", id: `p${n}`, url: null, author: { name: "A", handle: "a", id: null, followers: null, verified: null },
    createdAt: `2025-03-0${Math.min(9, n)}T10:00:00.000Z`, dateText: null, text: "hello", links: [], mentions: [], lang: "en", tags: [],
    replyTo: null, replyRoot: null, quoteOf: null, repostOf: null, role: "reaction", relevance: 0.5, matched: [], position: n,
    provenance: [], storedAt: "", updatedAt: "", annotations: {},
    curation: { status: "undecided", pinned: false, rank: null, section: null, note: null },
    facets: { reaction: "support", lang: "en", offensive: false, hate: false, notability: 0.3, emotions: ["caring"] },
    ...over,
  };
}

test("defaults round-trip to an empty query string", () => {
  assert.equal(filtersToParams(DEFAULT_FILTERS).toString(), "");
  assert.deepEqual(parseFilters(""), DEFAULT_FILTERS);
});

test("filters round-trip through the page URL, and the API gets ISO dates", () => {
  const f = { ...DEFAULT_FILTERS, reaction: ["support", "prayer"], platform: ["x"], role: "subject" as const, minNotability: 0.5, abuse: "show" as const, status: "pinned" as const, since: "2025-03-01", until: "2025-03-02", q: " loss ", sort: "newest" as const };
  const page = filtersToParams(f);
  assert.equal(page.toString(), "reaction=support&reaction=prayer&platform=x&role=subject&minNotability=0.5&abuse=show&status=pinned&since=2025-03-01&until=2025-03-02&q=loss&sort=newest");
  assert.deepEqual(parseFilters(page), { ...f, q: "loss" });
  const api = filtersToParams(f, true);
  assert.equal(api.get("since"), "2025-03-01T00:00:00.000Z");
  assert.equal(api.get("until"), "2025-03-02T23:59:59.999Z");
  assert.equal(toIso("2025-03-01T10:30", false), "2025-03-01T10:30:00.000Z");
  assert.equal(activeFilterCount(f), 7);
});

test("garbage in the URL falls back to defaults", () => {
  const f = parseFilters("role=admin&abuse=all&status=x&sort=random&minNotability=abc&reaction=,support,,support");
  assert.deepEqual(f, { ...DEFAULT_FILTERS, reaction: ["support"] });
  assert.equal(parseFilters("minNotability=7").minNotability, 1);
});

test("matchPost decides where a live post goes", () => {
  const p = post();
  assert.equal(matchPost(DEFAULT_FILTERS, p), "yes");
  assert.equal(matchPost({ ...DEFAULT_FILTERS, reaction: ["prayer"] }, p), "no");
  assert.equal(matchPost({ ...DEFAULT_FILTERS, emotion: ["caring"] }, p), "yes");
  assert.equal(matchPost({ ...DEFAULT_FILTERS, platform: ["x"] }, p), "no");
  assert.equal(matchPost({ ...DEFAULT_FILTERS, role: "subject" }, p), "no");
  assert.equal(matchPost({ ...DEFAULT_FILTERS, minNotability: 0.5 }, p), "no");
  assert.equal(matchPost({ ...DEFAULT_FILTERS, status: "included" }, p), "no");
  assert.equal(matchPost({ ...DEFAULT_FILTERS, status: "pinned" }, p, { ...p.curation, pinned: true }), "yes");
  assert.equal(matchPost({ ...DEFAULT_FILTERS, since: "2025-03-02" }, p), "no");
  assert.equal(matchPost({ ...DEFAULT_FILTERS, until: "2025-03-01" }, p), "yes");
  const abusive = post({ facets: { ...p.facets, hate: true } });
  assert.equal(matchPost(DEFAULT_FILTERS, abusive), "hidden");
  assert.equal(matchPost({ ...DEFAULT_FILTERS, abuse: "show" }, abusive), "yes");
  assert.equal(matchPost({ ...DEFAULT_FILTERS, abuse: "only" }, p), "no");
  assert.equal(matchPost({ ...DEFAULT_FILTERS, q: "loss" }, p), "unknown");
});

test("insertionIndex keeps the list in its sort order", () => {
  const loaded = [post({ n: 1 }), post({ n: 3 }), post({ n: 5 })];
  assert.equal(insertionIndex("position", loaded, post({ n: 6 })), 3);
  assert.equal(insertionIndex("oldest", loaded, post({ n: 4 })), 2);
  const newest = [...loaded].reverse();
  assert.equal(insertionIndex("newest", newest, post({ n: 9 })), 0);
  assert.equal(insertionIndex("newest", newest, post({ n: 2 })), 2);
  assert.equal(insertionIndex("relevance", loaded, post()), null);
  assert.equal(insertionIndex("curated", loaded, post()), null);
});
