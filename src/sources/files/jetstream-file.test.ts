import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { VoxpopError } from "../../core/index.ts";
import { sourceContract } from "../contract.ts";
import type { Source, SourceItem } from "../source.ts";
import { JetstreamFileSource, fileFormatOf, openFileSource } from "./index.ts";

const FIXTURES = join(import.meta.dirname, "..", "..", "..", "test", "fixtures", "jetstream");
const RECORDED = join(FIXTURES, "recorded.jsonl");
const MALFORMED = join(FIXTURES, "malformed.jsonl");

async function readAll(source: Source, cursor: string | null = null): Promise<SourceItem[]> {
  const items: SourceItem[] = [];
  for await (const item of source.read(cursor, new AbortController().signal)) items.push(item);
  return items;
}

/** The at:// URIs of the post creates and updates a recording holds, read independently of the source. */
function postUris(path: string): string[] {
  return readFileSync(path, "utf8").split("\n").filter(Boolean).flatMap((line) => {
    const f = JSON.parse(line) as { did: string; kind: string; commit?: { collection: string; operation: string; rkey: string } };
    return f.kind === "commit" && f.commit!.collection === "app.bsky.feed.post" && f.commit!.operation !== "delete" ? [`at://${f.did}/app.bsky.feed.post/${f.commit!.rkey}`] : [];
  });
}

function tempDir(): { dir: string; close: () => Promise<void> } {
  const dir = mkdtempSync(join(tmpdir(), "voxpop-jetstream-file-"));
  return { dir, close: async () => rmSync(dir, { recursive: true, force: true }) };
}

sourceContract("files: a Jetstream recording (JSONL of frames)", async () => ({
  source: new JetstreamFileSource(RECORDED),
  expectedIds: postUris(RECORDED),
  badItems: readFileSync(MALFORMED, "utf8").split("\n").filter(Boolean).map((line, i) => ({
    raw: { payload: line, contentType: `application/json; jetstream=frame; line=${i + 1}` }, cursor: null,
  })),
  close: async () => {},
}));

const DID = "did:plc:abcdefghijklmnopqrstuvwx";
const frame = (timeUs: number, body: Record<string, unknown>) => JSON.stringify({ did: DID, time_us: timeUs, ...body });
const post = (timeUs: number, rkey: string, text: string) =>
  frame(timeUs, { kind: "commit", commit: { rev: rkey, operation: "create", collection: "app.bsky.feed.post", rkey, record: { $type: "app.bsky.feed.post", createdAt: "2026-03-03T18:00:00.000Z", langs: ["en"], text }, cid: "bafyreiaaaa" } });

describe("files: Jetstream recording", () => {
  it("is recognised by its first frame, whatever the extension", () => {
    assert.equal(fileFormatOf(RECORDED), "jetstream");
    const t = tempDir();
    try {
      const path = join(t.dir, "recording.ndjson");
      writeFileSync(path, `\n${post(1, "3lkaaaaaaaaa2", "hello")}\n`);
      assert.equal(fileFormatOf(path), "jetstream");
      assert.ok(openFileSource(path) instanceof JetstreamFileSource);
      const noExt = join(t.dir, "recording");
      writeFileSync(noExt, post(1, "3lkaaaaaaaaa2", "hello"));
      assert.equal(fileFormatOf(noExt), "jetstream");
    } finally {
      void t.close();
    }
  });

  it("keeps each frame's exact text as the payload and yields one post per post create", async () => {
    const source = new JetstreamFileSource(RECORDED);
    const items = await readAll(source);
    const lines = readFileSync(RECORDED, "utf8").split("\n").filter(Boolean);
    assert.deepEqual(items.map((i) => i.raw.payload), lines);
    const posts = items.flatMap((i) => source.normalize(i).posts);
    assert.deepEqual(posts.map((p) => p.id), postUris(RECORDED));
    assert.ok(posts.every((p) => p.platform === "bluesky" && p.author.id?.startsWith("did:")));
  });

  it("names authors from the identity events and profile commits before each post, also after a resume", async () => {
    const t = tempDir();
    try {
      const path = join(t.dir, "names.jsonl");
      writeFileSync(path, [
        post(1, "3lkaaaaaaaaa2", "before anyone said who I am"),
        frame(2, { kind: "identity", identity: { did: DID, handle: "first.example.com", seq: 1, time: "2026-03-03T18:00:00.000Z" } }),
        frame(3, { kind: "commit", commit: { rev: "r", operation: "update", collection: "app.bsky.actor.profile", rkey: "self", record: { $type: "app.bsky.actor.profile", displayName: "<b>Ada</b>" }, cid: "bafyreibbbb" } }),
        post(4, "3lkaaaaaaaab2", "now you know"),
        frame(5, { kind: "identity", identity: { did: DID, handle: "second.example.com", seq: 2, time: "2026-03-03T18:01:00.000Z" } }),
        post(6, "3lkaaaaaaaac2", "a new handle"),
      ].join("\n") + "\n");
      const source = new JetstreamFileSource(path);
      const items = await readAll(source);
      const authors = items.flatMap((i) => source.normalize(i).posts).map((p) => [p.author.handle, p.author.name, p.url]);
      assert.deepEqual(authors, [
        [null, null, `https://bsky.app/profile/${DID}/post/3lkaaaaaaaaa2`],
        ["first.example.com", "<b>Ada</b>", "https://bsky.app/profile/first.example.com/post/3lkaaaaaaaab2"],
        ["second.example.com", "<b>Ada</b>", "https://bsky.app/profile/second.example.com/post/3lkaaaaaaaac2"],
      ]);
      // A fresh source resumed after the profile commit still knows both.
      const resumed = new JetstreamFileSource(path);
      const rest = await readAll(resumed, items[2]!.cursor);
      assert.equal(rest.length, 3);
      assert.deepEqual(resumed.normalize(rest[0]!).posts[0]!.author, { name: "<b>Ada</b>", handle: "first.example.com", id: DID, followers: null, verified: null });
    } finally {
      await t.close();
    }
  });

  it("refuses each malformed line with its line number, and reads the rest", async () => {
    const source = new JetstreamFileSource(MALFORMED);
    const items = await readAll(source);
    const lines = readFileSync(MALFORMED, "utf8").split("\n").filter(Boolean).length;
    assert.equal(items.length, lines);
    for (const [i, item] of items.entries()) {
      assert.throws(() => source.normalize(item), (err: unknown) => err instanceof VoxpopError && err.code === "PARSE_ERROR" && err.message.includes(`line ${i + 1} of `), `line ${i + 1}`);
    }
  });

  it("gives likes, reposts, deletions and account events no post", () => {
    const source = new JetstreamFileSource(RECORDED);
    for (const payload of [
      frame(1, { kind: "commit", commit: { rev: "r", operation: "create", collection: "app.bsky.feed.like", rkey: "3lkaaaaaaaaa2", record: { $type: "app.bsky.feed.like" }, cid: "b" } }),
      frame(2, { kind: "commit", commit: { rev: "r", operation: "delete", collection: "app.bsky.feed.post", rkey: "3lkaaaaaaaaa2" } }),
      frame(3, { kind: "account", account: { active: false, did: DID, seq: 3, status: "deactivated", time: "2026-03-03T18:00:00.000Z" } }),
    ]) {
      assert.deepEqual(source.normalize({ raw: { payload, contentType: "application/json; jetstream=frame; line=1" }, cursor: null }).posts, []);
    }
  });
});
