// The bus wire format and names, without a server: what a collector encodes, a worker decodes
// exactly (text and bytes payloads, cursors, via, errors, collector results, markers), and what
// does not fit is refused with a PARSE_ERROR instead of being trusted.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { headers } from "@nats-io/transport-node";
import { VoxpopError, toVoxpopError } from "../core/index.ts";
import { createJetstreamSource } from "../sources/bluesky/index.ts";
import { decodeItem, encodeContext, encodeItem, encodeMarker, rethrow, type BusContext } from "./envelope.ts";
import { normalizerFor, normalizerSpecOf } from "./normalizers.ts";
import { itemSubject, messageId, subjectToken } from "./subjects.ts";

const context: BusContext = {
  v: 1, story: "Maya's statement", source: "jetstream wss://jetstream.example/subscribe", kind: "bluesky", uri: "wss://jetstream.example/subscribe",
  mode: "live", normalizer: { id: "jetstream" }, acceptAll: false, needProfiles: true, subjectIds: ["did:plc:abc"], notable: ["@someone"],
};

describe("bus envelope", () => {
  it("round-trips text and byte payloads with their cursors, via and error; only markers carry a cursor to commit", () => {
    const header = encodeContext(context);
    const text = encodeItem(header, context, { raw: { payload: "{\"a\":\"é 😀\"}", contentType: "application/json" }, cursor: "17", via: "https://x.example/a" }, "12", "id1");
    const back = decodeItem(text.headers, text.data);
    assert.deepEqual(back.context, context);
    assert.deepEqual(back.item, { raw: { payload: "{\"a\":\"é 😀\"}", contentType: "application/json" }, cursor: null, via: "https://x.example/a" });
    assert.equal(back.ownCursor, "17");
    assert.equal(back.marker, false);
    assert.equal(back.collector, null);
    assert.equal(text.headers.get("Nats-Msg-Id"), "id1");
    assert.equal(decodeURIComponent(text.headers.get("Voxpop-Story")), "Maya's statement");

    const bytes = new Uint8Array([0, 1, 2, 255]);
    const bin = decodeItem(...args(encodeItem(header, context, { raw: { payload: bytes, contentType: "application/cbor" }, cursor: null, error: { code: "PARSE_ERROR", reason: "bad frame" } }, null, "id2")));
    assert.deepEqual(bin.item.raw.payload, bytes);
    assert.equal(bin.item.cursor, null);
    assert.deepEqual(bin.item.error, { code: "PARSE_ERROR", reason: "bad frame" });
  });

  it("carries a collector's normalized result before the payload, or its error", () => {
    const header = encodeContext({ ...context, normalizer: { id: "collector" } });
    const post = { platform: "bluesky", id: "at://x/app.bsky.feed.post/1", url: null, author: { name: null, handle: "x" }, createdAt: null, dateText: null, text: "hi", links: [], mentions: [], position: 3, inArticle: false };
    const ok = decodeItem(...args(encodeItem(header, context, { raw: { payload: "line,1", contentType: "text/csv" }, cursor: "9" }, "9", "id", { normalized: { posts: [post as never] } })));
    assert.deepEqual(ok.collector, { normalized: { posts: [post] } });
    assert.equal(ok.item.raw.payload, "line,1");
    const bad = decodeItem(...args(encodeItem(header, context, { raw: { payload: "x", contentType: "text/csv" }, cursor: "9" }, "9", "id", { error: { code: "PARSE_ERROR", reason: "line 4: no text" } })));
    assert.deepEqual(bad.collector, { error: { code: "PARSE_ERROR", reason: "line 4: no text" } });
    assert.throws(() => rethrow({ code: "PARSE_ERROR", reason: "line 4: no text" }), (e: unknown) => e instanceof VoxpopError && e.code === "PARSE_ERROR" && e.message === "line 4: no text");
    assert.equal(toVoxpopError((() => { try { rethrow({ code: "NOT_A_CODE", reason: "r" }); } catch (e) { return e; } })()).code, "PARSE_ERROR");
  });

  it("markers carry only a cursor", () => {
    const m = decodeItem(...args(encodeMarker(encodeContext(context), context, "99", "m")));
    assert.equal(m.marker, true);
    assert.equal(m.item.cursor, "99");
    assert.equal(m.item.raw.payload, "");
  });

  it("refuses messages that are not voxpop items", () => {
    const refused = (h: ReturnType<typeof headers> | undefined, data = new Uint8Array()) =>
      assert.throws(() => decodeItem(h, data), (e: unknown) => e instanceof VoxpopError && e.code === "PARSE_ERROR");
    refused(undefined);
    const h1 = headers();
    h1.set("Voxpop-Context", "not base64 json");
    h1.set("Voxpop-Item", "x");
    refused(h1);
    const h2 = headers();
    h2.set("Voxpop-Context", Buffer.from(JSON.stringify({ ...context, v: 2 })).toString("base64url"));
    h2.set("Voxpop-Item", Buffer.from(JSON.stringify({ ct: "x", c: null, s: null, t: true })).toString("base64url"));
    refused(h2);
    const h3 = headers();
    h3.set("Voxpop-Context", encodeContext(context));
    h3.set("Voxpop-Item", Buffer.from(JSON.stringify({ ct: "x", c: null, s: null, t: true, n: 50 })).toString("base64url"));
    refused(h3, new Uint8Array(10));
  });
});

describe("bus names and normalizers", () => {
  it("subject tokens hold any name; message ids depend on story, source, cursor and payload", () => {
    assert.match(itemSubject("voxpop.items", "a.b *>", "x"), /^voxpop\.items\.b[A-Za-z0-9_-]+\.b[A-Za-z0-9_-]+$/);
    assert.match(subjectToken("x".repeat(200)), /^h[0-9a-f]{32}$/);
    assert.notEqual(subjectToken("story"), subjectToken("story2"));
    const id = messageId("s", "src", "1", "h", 0);
    assert.equal(id, messageId("s", "src", "1", "h", 0));
    assert.notEqual(id, messageId("s2", "src", "1", "h", 0));
    assert.notEqual(id, messageId("s", "src", "2", "h", 0));
    assert.notEqual(messageId("s", "src", null, "h", 1), messageId("s", "src", null, "h", 2));
  });

  it("a Jetstream source's normalize is rebuilt on the worker and gives the same posts", () => {
    const source = createJetstreamSource({ endpoint: "wss://jetstream.example" });
    const spec = normalizerSpecOf(source);
    assert.deepEqual(spec, { id: "jetstream" });
    const frame = JSON.stringify({ did: "did:plc:abcdefghijklmnopqrstuvwx", time_us: 1, kind: "commit", commit: { rev: "3l", operation: "create", collection: "app.bsky.feed.post", rkey: "3ljx2c4kqpd2s", cid: "bafyreiabc", record: { $type: "app.bsky.feed.post", createdAt: "2025-03-01T12:00:00.000Z", text: "hello" } } });
    const item = { raw: { payload: frame, contentType: "application/json" }, cursor: "1" };
    assert.deepEqual(normalizerFor(spec)!(item), source.normalize(item));
    assert.equal(normalizerFor({ id: "collector" }), null);
  });
});

function args(e: { headers: ReturnType<typeof headers>; data: Uint8Array }): [ReturnType<typeof headers>, Uint8Array] {
  return [e.headers, e.data];
}
