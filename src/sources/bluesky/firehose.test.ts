// Firehose faults a real PDS will not produce on demand: a fault-injecting WebSocket server (not a
// real relay; the real PDS firehose is tested in test/bluesky-network.test.ts) sends frames in
// the documented subscribeRepos format (DAG-CBOR header + body, blocks as a CAR slice), then a
// garbage frame, drops the connection, sends an error frame. The source must quarantine what it
// cannot read, reconnect with the last seq as its cursor and lose nothing.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { WebSocketServer, type WebSocket as WsSocket } from "ws";
import * as dagCbor from "@ipld/dag-cbor";
import { CID } from "multiformats/cid";
import { create as createDigest } from "multiformats/hashes/digest";
import { VoxpopError } from "../../core/index.ts";
import type { SourceItem } from "../source.ts";
import { FirehoseSource } from "./firehose.ts";

const REPO = "did:plc:firehosetestaccount0000";

function cidOf(bytes: Uint8Array): CID {
  return CID.createV1(0x71, createDigest(0x12, createHash("sha256").update(bytes).digest()));
}

function varint(n: number): number[] {
  const out: number[] = [];
  while (n >= 0x80) {
    out.push((n & 0x7f) | 0x80);
    n = Math.floor(n / 128);
  }
  out.push(n);
  return out;
}

function car(root: CID, blocks: Uint8Array[]): Uint8Array {
  const header = dagCbor.encode({ version: 1, roots: [root] });
  const parts: number[] = [...varint(header.length), ...header];
  for (const block of blocks) {
    const cid = cidOf(block).bytes;
    parts.push(...varint(cid.length + block.length), ...cid, ...block);
  }
  return new Uint8Array(parts);
}

function commitFrame(seq: number, text: string, opts: { corruptBlock?: boolean } = {}): Uint8Array {
  const record = dagCbor.encode({ $type: "app.bsky.feed.post", text, createdAt: "2025-01-02T03:04:05.000Z" });
  const cid = cidOf(record);
  const stored = opts.corruptBlock ? Uint8Array.from(record, (b, i) => (i === record.length - 1 ? b ^ 1 : b)) : record;
  const body = {
    seq,
    repo: REPO,
    rev: `rev${seq}`,
    since: null,
    commit: cid,
    rebase: false,
    tooBig: false,
    ops: [{ action: "create", path: `app.bsky.feed.post/post${seq}`, cid }],
    blobs: [],
    blocks: opts.corruptBlock ? withRawBlock(car(cid, []), cid, stored) : car(cid, [record]),
    time: "2025-01-02T03:04:05.000Z",
  };
  return new Uint8Array([...dagCbor.encode({ op: 1, t: "#commit" }), ...dagCbor.encode(body)]);
}

/** A CAR whose block is filed under `cid` but holds other bytes. */
function withRawBlock(header: Uint8Array, cid: CID, bytes: Uint8Array): Uint8Array {
  return new Uint8Array([...header, ...varint(cid.bytes.length + bytes.length), ...cid.bytes, ...bytes]);
}

function errorFrame(error: string): Uint8Array {
  return new Uint8Array([...dagCbor.encode({ op: -1 }), ...dagCbor.encode({ error, message: "test" })]);
}

async function server(script: (socket: WsSocket, cursor: string | null, n: number) => void) {
  const wss = new WebSocketServer({ host: "127.0.0.1", port: 0 });
  await new Promise<void>((resolve) => wss.once("listening", () => resolve()));
  const cursors: (string | null)[] = [];
  wss.on("connection", (socket, req) => {
    const cursor = new URL(req.url ?? "/", "http://x").searchParams.get("cursor");
    cursors.push(cursor);
    script(socket, cursor, cursors.length);
  });
  const { port } = wss.address() as { port: number };
  return {
    url: `ws://127.0.0.1:${port}`,
    cursors,
    close: () =>
      new Promise<void>((resolve) => {
        for (const client of wss.clients) client.terminate();
        wss.close(() => resolve());
      }),
  };
}

async function take(source: FirehoseSource, count: number, cursor: string | null = null): Promise<SourceItem[]> {
  const controller = new AbortController();
  const items: SourceItem[] = [];
  const timer = setTimeout(() => controller.abort(), 10_000);
  try {
    for await (const item of source.read(cursor, controller.signal)) {
      items.push(item);
      if (items.length >= count) break;
    }
  } catch (err) {
    if (!(err instanceof VoxpopError && err.code === "FETCH_ABORTED")) throw err;
  } finally {
    clearTimeout(timer);
  }
  return items;
}

describe("firehose against a fault-injecting WebSocket server (documented frame format, not a real relay)", () => {
  it("quarantines garbage, reconnects after a drop and an error frame from the last seq, loses nothing", async () => {
    const srv = await server((socket, _cursor, n) => {
      if (n === 1) {
        socket.send(commitFrame(1, "one"));
        socket.send(new Uint8Array([0xff, 0xfe, 0x00])); // not CBOR
        socket.send(commitFrame(2, "two"));
        setTimeout(() => socket.terminate(), 20); // dropped without a close frame
      } else if (n === 2) {
        socket.send(commitFrame(3, "three"));
        socket.send(errorFrame("ConsumerTooSlow"));
      } else {
        socket.send(commitFrame(4, "four"));
      }
    });
    try {
      const source = new FirehoseSource({ endpoint: srv.url, allowPrivate: true, backoff: { baseMs: 5, maxMs: 20 } });
      const items = await take(source, 5);
      const errors = items.filter((i) => i.error);
      assert.equal(errors.length, 1);
      assert.equal(errors[0]!.error!.code, "PARSE_ERROR");
      const texts = items.filter((i) => !i.error).flatMap((i) => source.normalize(i).posts.map((p) => p.text));
      assert.deepEqual(texts, ["one", "two", "three", "four"]);
      assert.deepEqual(srv.cursors, [null, "2", "3"]);
      assert.deepEqual(items.filter((i) => !i.error).map((i) => i.cursor), ["1", "2", "3", "4"]);
      const post = source.normalize(items[0]!).posts[0]!;
      assert.equal(post.id, `at://${REPO}/app.bsky.feed.post/post1`);
      assert.equal(post.author.id, REPO);
    } finally {
      await srv.close();
    }
  });

  it("a record block that does not match its CID is refused by normalize (quarantined), not trusted", async () => {
    const srv = await server((socket) => socket.send(commitFrame(7, "tampered", { corruptBlock: true })));
    try {
      const source = new FirehoseSource({ endpoint: srv.url, allowPrivate: true });
      const [item] = await take(source, 1);
      assert.throws(() => source.normalize(item!), (err: unknown) => err instanceof VoxpopError && err.code === "PARSE_ERROR" && /missing/.test(err.message));
    } finally {
      await srv.close();
    }
  });

  it("refuses a private address unless allowed, and a non-WebSocket URL", async () => {
    const source = new FirehoseSource({ endpoint: "ws://127.0.0.1:9" });
    await assert.rejects(take(source, 1), (err: unknown) => err instanceof VoxpopError && err.code === "BLOCKED_ADDRESS");
    assert.throws(() => new FirehoseSource({ endpoint: "ftp://relay.example" }), (err: unknown) => err instanceof VoxpopError && err.code === "INVALID_ARGUMENT");
    assert.equal(new FirehoseSource({ endpoint: "https://bsky.network" }).uri, "wss://bsky.network/xrpc/com.atproto.sync.subscribeRepos");
  });
});
