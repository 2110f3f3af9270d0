import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { VoxpopError } from "../../core/index.ts";
import { sourceContract } from "../contract.ts";
import type { Source, SourceItem } from "../source.ts";
import { JsonlSource, annotationsOf, exportMetaOf, openFileSource } from "./index.ts";

const FIXTURES = join(import.meta.dirname, "..", "..", "..", "test", "fixtures", "files");
const EXPORT = join(FIXTURES, "export.jsonl");
const SIMPLE = join(FIXTURES, "simple.jsonl");

async function readAll(source: Source, cursor: string | null = null): Promise<SourceItem[]> {
  const items: SourceItem[] = [];
  for await (const item of source.read(cursor, new AbortController().signal)) items.push(item);
  return items;
}

function outcome(source: Source, items: SourceItem[]) {
  const ok: string[] = [];
  const refused: string[] = [];
  for (const item of items) {
    try {
      ok.push(...source.normalize(item).posts.map((p) => p.id));
    } catch (err) {
      assert.ok(err instanceof VoxpopError, String(err));
      assert.equal(err.code, "PARSE_ERROR");
      refused.push(err.message);
    }
  }
  return { ok, refused };
}

const BAD: SourceItem[] = [
  { raw: { payload: "{not json", contentType: "application/x-ndjson; line=3" }, cursor: null },
  { raw: { payload: "[1,2]", contentType: "application/x-ndjson; line=4" }, cursor: null },
  { raw: { payload: new Uint8Array([0x7b, 0xff, 0x7d]), contentType: "application/x-ndjson; line=5" }, cursor: null },
  { raw: { payload: '{"platform":"x","id":"","url":null,"author":{"name":null,"handle":null},"createdAt":null,"dateText":null,"text":"t","links":[],"mentions":[]}', contentType: "application/x-ndjson; line=6" }, cursor: null },
];

/** The contract reads a clean file (it expects every item to normalize): the fixture's good lines. */
function cleanCopy(fixture: string, keep: (line: string, n: number) => boolean): { path: string; close: () => Promise<void> } {
  const dir = mkdtempSync(join(tmpdir(), "voxpop-jsonl-contract-"));
  const path = join(dir, "clean.jsonl");
  writeFileSync(path, readFileSync(fixture, "utf8").split(/\r?\n/).filter((l, i) => keep(l, i + 1)).join("\n") + "\n");
  return { path, close: async () => rmSync(dir, { recursive: true, force: true }) };
}

sourceContract("jsonl (voxpop export file)", async () => {
  const copy = cleanCopy(EXPORT, (_l, n) => n <= 4);
  return {
    source: new JsonlSource(copy.path),
    expectedIds: ["4444444444444444401", "at://did:plc:filetestaaaaaaaaaaaaaaaa/app.bsky.feed.post/3filetest0001", "https://social.example/users/quietshelf/statuses/112233445566778800"],
    badItems: BAD,
    close: copy.close,
  };
});

sourceContract("jsonl (plain records)", async () => {
  const copy = cleanCopy(SIMPLE, (_l, n) => n <= 3 || n === 9);
  return { source: new JsonlSource(copy.path), expectedIds: ["4444444444444444404", "DGfileTest01"], badItems: BAD, close: copy.close };
});

describe("jsonl source", () => {
  it("round-trips voxpop's export exactly: every field of the record comes back", async () => {
    const source = openFileSource(EXPORT);
    const items = await readAll(source);
    const lines = readFileSync(EXPORT, "utf8").split("\n");
    for (const [i, item] of items.slice(0, 3).entries()) {
      // The payload is the line's exact text.
      const line = lines.find((l) => l === item.raw.payload);
      assert.ok(line, `item ${i} is not a line of the file`);
      const record = JSON.parse(line) as Record<string, unknown>;
      const [post] = source.normalize(item).posts;
      const meta = exportMetaOf(item)!;
      const { futureField: _unknown, ...known } = record;
      const { inArticle, ...postFields } = post!;
      assert.equal(inArticle, true);
      // Post fields + the export's bookkeeping = the record, field for field (unknown fields aside).
      assert.deepEqual({ ...postFields, ...meta }, { ...known, role: known.role ?? null });
    }
    const [full] = source.normalize(items[0]!).posts;
    assert.deepEqual(full!.author, { name: "Pell Harrow 🌊", handle: "pellharrow_test", id: "99000001", followers: 1520, verified: false });
    assert.deepEqual(full!.tags, ["Saltwick"]);
    assert.equal(full!.lang, "en");
    assert.equal(source.normalize(items[2]!).posts[0]!.replyTo, "https://social.example/users/saltwicklight/statuses/1");
    assert.equal(source.normalize(items[2]!).posts[0]!.text, '<b>not markup</b> & "quotes" \u202e reversed \u0000 nul');
  });

  it("gives the runner the exported annotations to store unchanged", async () => {
    const items = await readAll(new JsonlSource(EXPORT));
    const [annotations] = annotationsOf(items[0]!);
    assert.deepEqual(Object.keys(annotations!), ["lang", "reaction", "dedupe"]);
    assert.deepEqual(annotations!.reaction, { version: "rules-1.1.0", data: { primary: "support", labels: ["support", "personal"] } });
    // Never enriched ({}) and simple records: null, so the runner enriches them.
    assert.deepEqual(annotationsOf(items[1]!), [null]);
    const simple = await readAll(new JsonlSource(SIMPLE));
    assert.deepEqual(annotationsOf(simple[0]!), [null]);
    assert.equal(exportMetaOf(simple[0]!), null);
    assert.equal(exportMetaOf(items[1]!)!.role, "subject");
  });

  it("refuses broken lines with their line numbers while the rest imports", async () => {
    const source = new JsonlSource(EXPORT);
    const { ok, refused } = outcome(source, await readAll(source));
    assert.equal(ok.length, 3);
    assert.equal(refused.length, 4);
    assert.match(refused[0]!, /^line 5 of .*export\.jsonl: not a voxpop export record \(url: not an http\(s\) URL\)/);
    assert.match(refused[1]!, /^line 6 .*platform/);
    assert.match(refused[2]!, /^line 7 .*createdAt: not an ISO 8601 date/);
    assert.match(refused[3]!, /^line 8 .*not JSON/);
  });

  it("reads plain records: handles without @, ids from X URLs or content hashes, platforms from URLs", async () => {
    const source = new JsonlSource(SIMPLE);
    const items = await readAll(source);
    const { ok, refused } = outcome(source, items);
    assert.equal(ok.length, 4);
    assert.deepEqual(refused.map((m) => Number(/^line (\d+)/.exec(m)?.[1])), [4, 5, 6, 7, 8]);
    assert.match(refused[0]!, /no text/);
    assert.match(refused[2]!, /one JSON object, not an array/);
    assert.match(refused[4]!, /no platform given/);
    const posts = items.slice(0, 3).map((i) => source.normalize(i).posts[0]!);
    assert.deepEqual(posts[0], {
      platform: "x", id: "4444444444444444404", url: "https://twitter.com/tamsinhale_test/status/4444444444444444404",
      author: { name: "Tamsin Hale", handle: "tamsinhale_test" }, createdAt: "2031-04-05T10:00:00.000Z", dateText: "2031-04-05T10:00:00Z",
      text: "Regatta is BACK. Dusting off the rowing gloves 🚣", links: [], mentions: [], position: 1, inArticle: true,
    });
    assert.equal(posts[1]!.platform, "mastodon");
    assert.equal(posts[1]!.createdAt, new Date(1932796800 * 1000).toISOString());
    assert.match(posts[1]!.id, /^h-[0-9a-f]{24}$/);
    assert.equal(posts[2]!.author.handle, null);
    // With a default platform, the record without one imports.
    const withDefault = new JsonlSource(SIMPLE, { platform: "bluesky" });
    assert.equal(withDefault.normalize(items.at(-2)!).posts[0]!.platform, "bluesky");
  });

  it("resumes from a cursor at the next line, and a cursor taken anywhere loses nothing", async () => {
    const source = new JsonlSource(SIMPLE);
    const all = await readAll(source);
    for (let cut = 0; cut < all.length; cut++) {
      const rest = await readAll(source, all[cut]!.cursor);
      assert.deepEqual(rest.map((i) => i.raw.payload), all.slice(cut + 1).map((i) => i.raw.payload));
    }
  });

  it("handles a line that is not UTF-8, an oversize line and a file without a final newline", async () => {
    const dir = mkdtempSync(join(tmpdir(), "voxpop-jsonl-"));
    try {
      const path = join(dir, "odd.ndjson");
      writeFileSync(path, Buffer.concat([
        Buffer.from('{"text":"first","platform":"x"}\n'),
        Buffer.from([0x7b, 0x22, 0xff, 0x22, 0x7d, 0x0a]),
        Buffer.from(`{"text":"${"a".repeat(300)}","platform":"x"}\n`),
        Buffer.from('{"text":"last","platform":"x"}'),
      ]));
      const source = new JsonlSource(path, { maxRecordBytes: 200 });
      const items = await readAll(source);
      assert.equal(items.length, 4);
      assert.throws(() => source.normalize(items[1]!), /line 2 of .*: not valid UTF-8/);
      assert.equal(items[2]!.error?.code, "INPUT_TOO_LARGE");
      assert.match(items[2]!.error!.reason, /line 3/);
      assert.equal(source.normalize(items[3]!).posts[0]!.text, "last");
      assert.deepEqual(await readAll(source, items[3]!.cursor), []);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("openFileSource picks the format, and says where .car and .zip files go", () => {
    assert.ok(openFileSource(EXPORT) instanceof JsonlSource);
    const dir = mkdtempSync(join(tmpdir(), "voxpop-pick-"));
    try {
      writeFileSync(join(dir, "repo.car"), Buffer.from([0x3a, 0xa2]));
      writeFileSync(join(dir, "archive.zip"), Buffer.from("PK\u0003\u0004rest"));
      writeFileSync(join(dir, "noext"), '{"text":"x","platform":"x"}\n');
      writeFileSync(join(dir, "notes.txt"), "just words\n");
      assert.throws(() => openFileSource(join(dir, "repo.car")), /Bluesky CAR source/);
      assert.throws(() => openFileSource(join(dir, "archive.zip")), /unzip the archive first/);
      assert.ok(openFileSource(join(dir, "noext")) instanceof JsonlSource);
      assert.throws(() => openFileSource(join(dir, "notes.txt")), (e: unknown) => e instanceof VoxpopError && e.code === "INVALID_ARGUMENT");
      assert.throws(() => openFileSource(join(dir, "missing.jsonl")), (e: unknown) => e instanceof VoxpopError && e.code === "NOT_FOUND");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
