// Status -> CollectedPost on fixtures in the documented Status shape (test/fixtures/mastodon),
// including hostile HTML, a content warning, a boost, a reply, a quote and non-English text.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { VoxpopError } from "../../core/index.ts";
import { collectedPostSchema } from "../contract.ts";
import { htmlToText, normalizeItem, normalizeStatus, parseLinkHeader, DELETE_TYPE, STATUS_TYPE, compareIds } from "./index.ts";

const fixtures = new URL("../../../test/fixtures/mastodon/", import.meta.url);
const statuses = JSON.parse(readFileSync(new URL("statuses.json", fixtures), "utf8")) as Array<Record<string, unknown> & { id: string }>;
const bad = JSON.parse(readFileSync(new URL("bad-statuses.json", fixtures), "utf8")) as Array<Record<string, unknown>>;
const HOST = "social.example";
const byId = (id: string) => {
  const s = statuses.find((x) => x.id === id);
  assert.ok(s, id);
  const post = normalizeStatus(s, HOST);
  assert.ok(post, `${id} normalized to nothing`);
  const parsed = collectedPostSchema.safeParse(post);
  assert.ok(parsed.success, parsed.success ? "" : parsed.error.message);
  return post;
};

describe("Mastodon normalize", () => {
  it("maps a local status: uri as id, full handle, plain text, tags, language", () => {
    const p = byId("113500000000000101");
    assert.equal(p.platform, "mastodon");
    assert.equal(p.id, "https://social.example/users/alice/statuses/113500000000000101");
    assert.equal(p.url, "https://social.example/@alice/113500000000000101");
    assert.deepEqual(p.author, { name: "Alice Nguyen 🌻", handle: "alice@social.example", id: "https://social.example/users/alice", followers: 1520, verified: null });
    assert.equal(p.createdAt, "2026-11-20T09:00:00.000Z");
    assert.equal(p.text, "Thinking of her and her family today. No one should go through this alone. 💛\n\n#Example");
    assert.deepEqual(p.tags, ["Example"]);
    assert.deepEqual(p.links, []);
    assert.equal(p.lang, "en");
    assert.equal(p.replyTo, null);
  });

  it("keeps non-English text, line breaks and entities; an empty display name is null", () => {
    assert.equal(byId("113500000000000102").text, "Ich denke an sie & ihre Familie. Große Umarmung aus Oslo.\n\n#Example #Support");
    assert.equal(byId("113500000000000102").author.handle, "bjorn@fosstodon.example");
    const ja = byId("113500000000000103");
    assert.equal(ja.text, "心からお見舞い申し上げます。\nどうか無理をなさらないでください。\n\n#Example");
    assert.equal(ja.lang, "ja");
    const ar = byId("113500000000000104");
    assert.equal(ar.text, "قلوبنا معك 🤍\n\n#Example");
    assert.equal(ar.author.name, null);
  });

  it("turns hostile HTML into inert plain text: no script, style, iframe or handler survives", () => {
    const p = byId("113500000000000105");
    assert.equal(p.text, 'Totally normal post <script> &amp; "quotes" 😀\n\nClick here or my site\n\nafter the end\n\n#Example');
    for (const bad of ["alert(", "document.cookie", "onerror", "display:none", "iframe text", "pwned"]) assert.ok(!p.text!.includes(bad), bad);
    assert.deepEqual(p.links, ["https://evil.example/phish?a=1&b=2"], "javascript: links are not links");
    assert.equal(p.author.name, "<b>Mallory</b> &amp; co", "a display name is plain text, kept as written");
  });

  it("keeps a content warning in front, mentions in full form, the author's link once", () => {
    const p = byId("113500000000000106");
    assert.equal(p.text, "CW: pregnancy loss, personal\n\n@bjorn I went through the same thing in 2019. It gets easier, slowly.\n\nResources that helped me: https://support.example.org/loss\n\n#Example");
    assert.deepEqual(p.mentions, ["bjorn@fosstodon.example"]);
    assert.deepEqual(p.links, ["https://support.example.org/loss"]);
  });

  it("records a reply's parent by its local id, a boost as the boosted status, a quote by uri", () => {
    assert.equal(byId("113500000000000107").replyTo, "mastodon-local:social.example/113500000000000106");
    const boost = byId("113500000000000108");
    assert.equal(boost.id, "https://news.example/users/newsdesk/statuses/113500000000000090");
    assert.equal(boost.author.handle, "newsdesk@news.example");
    assert.equal(boost.text, "Statement released this morning: the family asks for privacy.\n\nhttps://news.example/2026/11/20/statement\n\n#Example");
    assert.deepEqual(boost.links, ["https://news.example/2026/11/20/statement"]);
    const quote = byId("113500000000000109");
    assert.equal(quote.quoteOf, "https://news.example/users/newsdesk/statuses/113500000000000090");
    assert.equal(quote.text, "This is the statement everyone should read first.\n\n#Example", "the RE: fallback is dropped when the quote is known");
    assert.equal(byId("113500000000000112").quoteOf, null, "a rejected quote is not recorded");
    const shallow = { ...statuses.find((x) => x.id === "113500000000000109")!, quote: { state: "accepted", quoted_status_id: "113500000000000090" } };
    assert.equal(normalizeStatus(shallow, HOST)!.quoteOf, "mastodon-local:social.example/113500000000000090", "a ShallowQuote keeps the local id");
  });

  it("keeps paragraphs, <br> lines, emoji and shortcodes; no-break spaces become spaces", () => {
    assert.equal(byId("113500000000000110").text, "Three things we know so far:\n\n1. She is recovering at home.\n2. Her partner posted a statement.\n3. Fans sent flowers 🌷🌷 :blobheart:\n\nMore soon. #Example #News");
  });

  it("never turns a private or direct status into a post", () => {
    const priv = statuses.find((s) => s.id === "113500000000000111")!;
    assert.equal(normalizeStatus(priv, HOST), null);
    assert.equal(normalizeStatus({ ...priv, visibility: "direct" }, HOST), null);
  });

  it("refuses malformed statuses with PARSE_ERROR and a reason", () => {
    for (const s of bad) {
      assert.throws(() => normalizeStatus(s, HOST), (e: unknown) => e instanceof VoxpopError && e.code === "PARSE_ERROR" && e.message.length > 0, String(s._case));
    }
    const item = { raw: { payload: "{not json", contentType: STATUS_TYPE }, cursor: null };
    assert.throws(() => normalizeItem(item, HOST), (e: unknown) => e instanceof VoxpopError && e.code === "PARSE_ERROR");
  });

  it("reads the WebSocket form (payload as a JSON string) and deletes as no post", () => {
    const s = statuses[0]!;
    const frame = JSON.stringify({ stream: ["hashtag", "Example"], event: "update", payload: JSON.stringify(s) });
    assert.equal(normalizeItem({ raw: { payload: frame, contentType: STATUS_TYPE }, cursor: null }, HOST).posts[0]?.id, s.uri);
    assert.deepEqual(normalizeItem({ raw: { payload: "113500000000000101", contentType: DELETE_TYPE }, cursor: null }, HOST).posts, []);
  });

  it("survives very deep nesting and huge content", () => {
    const deep = "<div>".repeat(15_000) + "deep" + "</div>".repeat(15_000);
    assert.equal(htmlToText(deep).text, "deep");
    const huge = "<p>" + "word ".repeat(100_000) + "</p>";
    assert.ok(htmlToText(huge).text.length <= 200_000);
  });
});

describe("Mastodon paging helpers", () => {
  it("parses Link headers as Mastodon sends them", () => {
    const links = parseLinkHeader('<https://m.example/api/v1/timelines/tag/cats?limit=40&max_id=110>; rel="next", <https://m.example/api/v1/timelines/tag/cats?limit=40&min_id=120>; rel="prev"');
    assert.equal(links.get("next"), "https://m.example/api/v1/timelines/tag/cats?limit=40&max_id=110");
    assert.equal(links.get("prev"), "https://m.example/api/v1/timelines/tag/cats?limit=40&min_id=120");
    assert.equal(parseLinkHeader(undefined).size, 0);
    assert.equal(parseLinkHeader("garbage, <x>; rel=next").get("next"), "x");
  });

  it("compares snowflake ids by value", () => {
    assert.ok(compareIds("99", "100") < 0);
    assert.ok(compareIds("113500000000000101", "113500000000000100") > 0);
    assert.equal(compareIds("7", "7"), 0);
  });
});
