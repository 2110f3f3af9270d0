import { describe, it } from "node:test";
import assert from "node:assert/strict";
import type { CollectedPost } from "../core/index.ts";
import { compileRawPrefilter, compileRules, type RuleSet } from "./rules.ts";

const rules: RuleSet = {
  subjects: ["Celeb.example"], subjectIds: ["did:plc:celeb"], keywords: ["verdict", "court ruling"], tags: ["Trial"],
  urls: ["https://news.example/story/1"], since: "2031-01-01", until: "2031-01-31", sources: [],
};

function post(over: Partial<CollectedPost>): CollectedPost {
  return {
    platform: "bluesky", id: "at://did:plc:x/app.bsky.feed.post/1", url: null, author: { name: null, handle: "someone.example" },
    createdAt: "2031-01-10T10:00:00Z", dateText: null, text: "", links: [], mentions: [], position: 0, inArticle: true, ...over,
  };
}

describe("story rules", () => {
  const match = compileRules(rules);
  it("marks the subject's own posts, by handle (any case) or by account id", () => {
    assert.deepEqual(match(post({ author: { name: null, handle: "CELEB.example" } }))?.role, "subject");
    assert.deepEqual(match(post({ author: { name: null, handle: null, id: "did:plc:celeb" } }))?.relevance, 1);
  });
  it("scores replies, quotes, mentions, links, tags and keywords, combining evidence", () => {
    const reply = match(post({ replyTo: "at://did:plc:celeb/app.bsky.feed.post/9" }));
    assert.equal(reply?.role, "reaction");
    assert.equal(reply?.relevance, 0.9);
    assert.deepEqual(match(post({ quoteOf: "at://did:plc:celeb/app.bsky.feed.post/9" }))?.reasons, ["quotes a subject's post"]);
    assert.equal(match(post({ text: "So sorry @celeb.example" }))?.relevance, 0.85);
    assert.equal(match(post({ links: ["https://www.news.example/story/1?utm=x"] }))?.relevance, 0.8);
    assert.equal(match(post({ text: "watching the #trial live" }))?.relevance, 0.6);
    assert.equal(match(post({ text: "The VERDICT is in" }))?.relevance, 0.5);
    assert.equal(match(post({ text: "the verdict after the court ruling" }))?.relevance, 0.75);
  });
  it("needs whole words and the story's window", () => {
    assert.equal(match(post({ text: "verdicts everywhere" })), null);
    assert.equal(match(post({ text: "#trials" })), null);
    assert.equal(match(post({ text: "email me at x@celeb.example.org" })), null);
    assert.equal(match(post({ text: "verdict", createdAt: "2030-12-31T23:59:59Z" })), null);
    assert.ok(match(post({ text: "verdict", createdAt: "2031-01-31T23:00:00Z" })), "a date-only until includes that day");
    assert.equal(match(post({ text: "verdict", createdAt: "2031-02-01T00:00:01Z" })), null);
    assert.ok(match(post({ text: "verdict", createdAt: null })), "an undated post is not ruled out");
  });
  it("matches nothing on empty rules except the subject", () => {
    const none = compileRules({ subjects: [], keywords: [], tags: [], urls: [], since: null, until: null, sources: [] });
    assert.equal(none(post({ text: "anything at all" })), null);
  });
});

describe("story rules in scripts without spaces", () => {
  it("finds a keyword glued to Japanese or Chinese text, but not inside a Latin word", () => {
    const match = compileRules({ subjects: [], keywords: ["Lindqvist"], tags: [], urls: [], since: null, until: null, sources: [] });
    const p = (text: string): CollectedPost => ({
      platform: "bluesky", id: "x", url: null, author: { name: null, handle: null }, createdAt: null, dateText: null, text, links: [], mentions: [], position: 0, inArticle: true,
    });
    assert.ok(match(p("Lindqvistさんとご家族に心からお見舞い申し上げます。")));
    assert.ok(match(p("支持Lindqvist")));
    assert.equal(match(p("Lindqvistsson")), null);
  });
});

describe("raw prefilter", () => {
  const rules: RuleSet = { subjects: ["celeb.example"], subjectIds: ["did:plc:celeb"], keywords: ["Verdict"], tags: ["Trial"], urls: ["https://news.example/a"], since: null, until: null, sources: [] };
  const pass = compileRawPrefilter(rules)!;
  it("drops only payloads that mention no term of the rules", () => {
    assert.equal(pass('{"text":"nothing to see"}'), false);
    assert.equal(pass('{"text":"the VERDICT"}'), true);
    assert.equal(pass('{"reply":{"parent":{"uri":"at://did:plc:celeb/app.bsky.feed.post/1"}}}'), true);
    assert.equal(pass('{"facets":[{"uri":"https://www.news.example/a?x=1"}]}'), true);
    assert.equal(pass('{"text":"#trial"}'), true);
  });
  it("passes anything with JSON escapes, where a term could hide", () => {
    assert.equal(pass('{"text":"the verdi\\u0063t"}'), true);
    assert.equal(pass('{"text":"https:\\/\\/news.example\\/a"}'), true);
  });
  it("is off when a term has characters JSON escapes, or there are no terms", () => {
    assert.equal(compileRawPrefilter({ ...rules, keywords: ["Q&A"] }), null);
    assert.equal(compileRawPrefilter({ subjects: [], keywords: [], tags: [], urls: [], since: null, until: null, sources: [] }), null);
  });
  it("never drops a payload whose post the rules match (on the rules tests' posts)", () => {
    const match = compileRules(rules);
    const posts: CollectedPost[] = [
      post({ text: "So sorry @celeb.example" }), post({ replyTo: "at://did:plc:celeb/app.bsky.feed.post/9" }),
      post({ links: ["https://news.example/a/b"] }), post({ text: "verdict día" }), post({ tags: ["trial"] }),
    ];
    for (const p of posts) if (match(p)) assert.equal(pass(JSON.stringify(p)), true, JSON.stringify(p));
  });
});
