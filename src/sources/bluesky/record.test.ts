import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { VoxpopError } from "../../core/index.ts";
import { collectedPostSchema } from "../contract.ts";
import { postFromRecord, parseAtUri, postUri } from "./record.ts";

const DID = "did:plc:z72i7hdynmk6r22z27h6tvur";
const OTHER = "did:plc:ewvi7nxzyoun6zhxrhs64oiz";

// Shaped like records as a PDS stores them (and Jetstream carries them). Byte offsets below are
// UTF-8 offsets worked out by hand: "è" is 2 bytes and "😢" 4, so the JS indices differ.
const multiByte = {
  $type: "app.bsky.feed.post",
  text: "Très triste 😢 pour @alice.bsky.social ❤️ #RIP https://example.com/article",
  createdAt: "2024-11-05T18:02:11.123Z",
  langs: ["fr"],
  facets: [
    {
      $type: "app.bsky.richtext.facet",
      index: { byteStart: 23, byteEnd: 41 },
      features: [{ $type: "app.bsky.richtext.facet#mention", did: OTHER }],
    },
    { index: { byteStart: 49, byteEnd: 53 }, features: [{ $type: "app.bsky.richtext.facet#tag", tag: "RIP" }] },
    {
      index: { byteStart: 54, byteEnd: 81 },
      features: [{ $type: "app.bsky.richtext.facet#link", uri: "https://example.com/article" }],
    },
  ],
};

function refusal(input: Parameters<typeof postFromRecord>[0]): VoxpopError {
  try {
    postFromRecord(input);
  } catch (err) {
    assert.ok(err instanceof VoxpopError, String(err));
    assert.equal(err.code, "PARSE_ERROR");
    assert.ok(err.message.length > 0);
    return err;
  }
  assert.fail("the record was accepted");
}

describe("postFromRecord", () => {
  it("maps a record with multi-byte text before its facets (UTF-8 byte offsets)", () => {
    const post = postFromRecord({ did: DID, rkey: "3lb2c7x6nsk2a", cid: "bafyreib", record: multiByte });
    assert.ok(collectedPostSchema.safeParse(post).success);
    assert.equal(post.platform, "bluesky");
    assert.equal(post.id, `at://${DID}/app.bsky.feed.post/3lb2c7x6nsk2a`);
    assert.equal(post.url, `https://bsky.app/profile/${DID}/post/3lb2c7x6nsk2a`);
    assert.equal(post.text, multiByte.text, "text is kept exactly");
    assert.deepEqual(post.mentions, ["alice.bsky.social"]);
    assert.deepEqual(post.tags, ["RIP"]);
    assert.deepEqual(post.links, ["https://example.com/article"]);
    assert.equal(post.lang, "fr");
    assert.equal(post.createdAt, "2024-11-05T18:02:11.123Z");
    assert.equal(post.dateText, null);
    assert.equal(post.position, 0);
    assert.equal(post.inArticle, true);
    assert.deepEqual(post.author, { name: null, handle: null, id: DID, followers: null, verified: null });
    assert.equal(post.replyTo, null);
    assert.equal(post.quoteOf, null);
  });

  it("slices a mention after CJK text", () => {
    const text = "日本語のテキスト @bob.example.com さん、おめでとう！";
    const post = postFromRecord({
      did: DID,
      rkey: "3kabc",
      record: {
        $type: "app.bsky.feed.post", text, createdAt: "2024-02-01T00:00:00Z", langs: ["ja", "en"],
        facets: [{ index: { byteStart: 25, byteEnd: 41 }, features: [{ $type: "app.bsky.richtext.facet#mention", did: OTHER }] }],
      },
    });
    assert.deepEqual(post.mentions, ["bob.example.com"]);
    assert.equal(post.lang, "ja");
    assert.equal(post.createdAt, "2024-02-01T00:00:00.000Z");
  });

  it("uses what an AppView adds: handle in the URL, display name, followers, verification", () => {
    const post = postFromRecord({
      did: DID, rkey: "3l3qo2vutsw2b", record: { text: "hi", createdAt: "2024-09-01T10:00:00.000Z" },
      handle: "bsky.app", displayName: "Bluesky", followers: 31_000_000, verified: true,
    });
    assert.equal(post.url, "https://bsky.app/profile/bsky.app/post/3l3qo2vutsw2b");
    assert.deepEqual(post.author, { name: "Bluesky", handle: "bsky.app", id: DID, followers: 31_000_000, verified: true });
  });

  it("treats handle.invalid, a malformed handle and an empty display name as unknown", () => {
    for (const handle of ["handle.invalid", "not a handle", "<b>x</b>"]) {
      const post = postFromRecord({ did: DID, rkey: "3kx", record: { text: "x" }, handle, displayName: "" });
      assert.equal(post.author.handle, null, handle);
      assert.equal(post.author.name, null);
      assert.equal(post.url, `https://bsky.app/profile/${DID}/post/3kx`);
    }
  });

  it("keeps a reply's parent and root", () => {
    const root = `at://${OTHER}/app.bsky.feed.post/3kroot`;
    const parent = `at://${OTHER}/app.bsky.feed.post/3kparent`;
    const post = postFromRecord({
      did: DID, rkey: "3kreply",
      record: {
        $type: "app.bsky.feed.post", text: "Sending love 💙", createdAt: "2025-01-10T12:00:00.000Z", langs: ["en"],
        reply: { root: { uri: root, cid: "bafyroot" }, parent: { uri: parent, cid: "bafyparent" } },
      },
    });
    assert.equal(post.replyTo, parent);
    assert.equal(post.replyRoot, root);
  });

  it("reads a quote (embed.record) and a quote with media (embed.recordWithMedia) plus an external link", () => {
    const quoted = `at://${OTHER}/app.bsky.feed.post/3kquoted`;
    const q = postFromRecord({
      did: DID, rkey: "3kq1",
      record: { text: "This.", createdAt: "2025-01-10T12:00:00.000Z", embed: { $type: "app.bsky.embed.record", record: { uri: quoted, cid: "bafyq" } } },
    });
    assert.equal(q.quoteOf, quoted);
    const rwm = postFromRecord({
      did: DID, rkey: "3kq2",
      record: {
        text: "Read this",
        createdAt: "2025-01-10T12:00:00.000Z",
        embed: {
          $type: "app.bsky.embed.recordWithMedia",
          record: { $type: "app.bsky.embed.record", record: { uri: quoted, cid: "bafyq" } },
          media: { $type: "app.bsky.embed.external", external: { uri: "https://news.example/story", title: "Story", description: "" } },
        },
      },
    });
    assert.equal(rwm.quoteOf, quoted);
    assert.deepEqual(rwm.links, ["https://news.example/story"]);
    const ext = postFromRecord({
      did: DID, rkey: "3kq3",
      record: {
        text: "link card", createdAt: "2025-01-10T12:00:00.000Z",
        facets: [{ index: { byteStart: 0, byteEnd: 4 }, features: [{ $type: "app.bsky.richtext.facet#link", uri: "https://news.example/story" }] }],
        embed: { $type: "app.bsky.embed.external", external: { uri: "https://news.example/story", title: "t", description: "d" } },
      },
    });
    assert.deepEqual(ext.links, ["https://news.example/story"], "a link in both a facet and the card is listed once");
    const images = postFromRecord({
      did: DID, rkey: "3kq4",
      record: { text: "pic", embed: { $type: "app.bsky.embed.images", images: [{ alt: "", image: { $type: "blob" } }] } },
    });
    assert.equal(images.quoteOf, null);
    assert.deepEqual(images.links, []);
  });

  it("adds record.tags to the #tag facets, without # and without repeats", () => {
    const post = postFromRecord({
      did: DID, rkey: "3kt",
      record: {
        text: "#news today", tags: ["#breaking", "news"],
        facets: [{ index: { byteStart: 0, byteEnd: 5 }, features: [{ $type: "app.bsky.richtext.facet#tag", tag: "news" }] }],
      },
    });
    assert.deepEqual(post.tags, ["news", "breaking"]);
  });

  it("keeps a post with a missing or invalid createdAt, with createdAt null", () => {
    for (const createdAt of [undefined, "yesterday", 12345, "2024-13-45T99:00:00Z"]) {
      const post = postFromRecord({ did: DID, rkey: "3kd", record: { text: "x", createdAt } });
      assert.equal(post.createdAt, null, String(createdAt));
    }
    const offset = postFromRecord({ did: DID, rkey: "3kd", record: { text: "x", createdAt: "2024-06-01T12:00:00+02:00" } });
    assert.equal(offset.createdAt, "2024-06-01T10:00:00.000Z");
  });

  it("ignores facet ranges outside the text and unknown facet features", () => {
    const post = postFromRecord({
      did: DID, rkey: "3kf",
      record: {
        text: "short",
        facets: [
          { index: { byteStart: 2, byteEnd: 400 }, features: [{ $type: "app.bsky.richtext.facet#mention", did: OTHER }] },
          { index: { byteStart: 3, byteEnd: 1 }, features: [{ $type: "app.bsky.richtext.facet#mention", did: OTHER }] },
          { index: { byteStart: 0, byteEnd: 5 }, features: [{ $type: "blue.moji.richtext.facet", did: "x" }] },
        ],
      },
    });
    assert.deepEqual(post.mentions, []);
  });

  it("refuses records that are not posts, with a reason", () => {
    const cases: Array<[string, Parameters<typeof postFromRecord>[0]]> = [
      ["null record", { did: DID, rkey: "3k", record: null }],
      ["string record", { did: DID, rkey: "3k", record: "hello" }],
      ["no text", { did: DID, rkey: "3k", record: { createdAt: "2024-01-01T00:00:00Z" } }],
      ["text not a string", { did: DID, rkey: "3k", record: { text: 42 } }],
      ["text too long", { did: DID, rkey: "3k", record: { text: "a".repeat(3001) } }],
      ["a like", { did: DID, rkey: "3k", record: { $type: "app.bsky.feed.like", text: "x" } }],
      ["langs not strings", { did: DID, rkey: "3k", record: { text: "x", langs: [1] } }],
      ["facet without an index", { did: DID, rkey: "3k", record: { text: "x", facets: [{ features: [] }] } }],
      ["negative byte offset", { did: DID, rkey: "3k", record: { text: "x", facets: [{ index: { byteStart: -1, byteEnd: 1 }, features: [] }] } }],
      ["link facet without uri", { did: DID, rkey: "3k", record: { text: "x", facets: [{ index: { byteStart: 0, byteEnd: 1 }, features: [{ $type: "app.bsky.richtext.facet#link" }] }] } }],
      ["reply without root", { did: DID, rkey: "3k", record: { text: "x", reply: { parent: { uri: `at://${OTHER}/app.bsky.feed.post/3k` } } } }],
      ["reply to an http URL", { did: DID, rkey: "3k", record: { text: "x", reply: { root: { uri: "https://x" }, parent: { uri: "https://x" } } } }],
      ["quote without a uri", { did: DID, rkey: "3k", record: { text: "x", embed: { $type: "app.bsky.embed.record", record: {} } } }],
      ["recordWithMedia without record", { did: DID, rkey: "3k", record: { text: "x", embed: { $type: "app.bsky.embed.recordWithMedia", media: { $type: "app.bsky.embed.images" } } } }],
      ["embed without $type", { did: DID, rkey: "3k", record: { text: "x", embed: { external: { uri: "https://a" } } } }],
      ["bad DID", { did: "alice", rkey: "3k", record: { text: "x" } }],
      ["rkey with a slash", { did: DID, rkey: "a/b", record: { text: "x" } }],
    ];
    for (const [name, input] of cases) {
      const err = refusal(input);
      assert.match(err.message, /bluesky post record/, name);
    }
  });

  it("builds and splits at:// URIs", () => {
    assert.equal(postUri(DID, "3k"), `at://${DID}/app.bsky.feed.post/3k`);
    assert.deepEqual(parseAtUri(`at://${DID}/app.bsky.feed.post/3k`), { did: DID, collection: "app.bsky.feed.post", rkey: "3k" });
    assert.equal(parseAtUri("https://bsky.app/x"), null);
  });
});

describe("postFromRecord createdAt", () => {
  it("keeps canonical timestamps as they are and refuses impossible calendar dates", () => {
    const at = (createdAt: unknown) => postFromRecord({ did: DID, rkey: "3kd", record: { text: "x", createdAt } }).createdAt;
    assert.equal(at("2024-02-29T23:59:59.999Z"), "2024-02-29T23:59:59.999Z");
    assert.equal(at("2023-02-29T10:00:00.000Z"), null, "not a leap year");
    assert.equal(at("2024-04-31T10:00:00.000Z"), null);
    assert.equal(at("2024-00-10T10:00:00.000Z"), null);
    assert.equal(at("2024-06-01T24:00:00.000Z"), "2024-06-02T00:00:00.000Z", "ISO 8601 end of day");
    assert.equal(at("2024-06-01T12:00:00Z"), "2024-06-01T12:00:00.000Z");
    assert.equal(at("2024-06-01T12:00:00.123456Z"), "2024-06-01T12:00:00.123Z");
  });
});
