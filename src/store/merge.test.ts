import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { mergePost, normalizeSubjects, toPostRecord } from "./merge.ts";
import type { PostRecord } from "./merge.ts";
import { fakePost } from "./contract.ts";

const base: PostRecord = toPostRecord(fakePost(1, { links: ["https://a.example"], mentions: ["Friend"] }));

describe("mergePost (the dedupe slot's conflict rule)", () => {
  it("returns null for the same read", () => {
    assert.equal(mergePost(base, { ...base, links: [...base.links] }), null);
  });
  it("never erases with null or empty lists", () => {
    const bare: PostRecord = { ...base, url: null, text: null, authorName: null, authorHandle: null, createdAt: null, dateText: null, links: [], mentions: [] };
    assert.equal(mergePost(base, bare), null);
  });
  it("fills in and replaces with newer non-null values", () => {
    const bare: PostRecord = { ...base, text: null, url: null };
    assert.deepEqual(mergePost(bare, base), base);
    assert.equal(mergePost(base, { ...base, text: "corrected" })?.text, "corrected");
  });
  it("unions links exactly and mentions case-insensitively, in first-seen order", () => {
    const m = mergePost(base, { ...base, links: ["https://b.example", "https://a.example"], mentions: ["friend", "Other"] });
    assert.deepEqual(m?.links, ["https://a.example", "https://b.example"]);
    assert.deepEqual(m?.mentions, ["Friend", "Other"]);
  });
  it("keeps the more precise createdAt of the same day", () => {
    const precise = { ...base, createdAt: "2031-03-04T10:00:00Z" };
    assert.equal(mergePost(precise, { ...base, createdAt: "2031-03-04" }), null);
    assert.equal(mergePost({ ...base, createdAt: "2031-03-04" }, precise)?.createdAt, "2031-03-04T10:00:00Z");
    assert.equal(mergePost(precise, { ...base, createdAt: "2031-03-05" })?.createdAt, "2031-03-05");
  });
  it("toPostRecord strips @ from handles and mentions", () => {
    const r = toPostRecord(fakePost(2, { author: { name: "N", handle: " @someone " }, mentions: ["@x"] }));
    assert.equal(r.authorHandle, "someone");
    assert.deepEqual(r.mentions, ["x"]);
  });
});

describe("normalizeSubjects", () => {
  it("strips @, blanks and case-insensitive repeats", () => {
    assert.deepEqual(normalizeSubjects(["@A", "a", "", "@", "b", "Ünï", "üNÏ"]), ["A", "b", "Ünï"]);
  });
});
