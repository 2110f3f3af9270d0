import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { VoxpopError } from "../../core/index.ts";
import { sourceContract } from "../contract.ts";
import type { Source, SourceItem } from "../source.ts";
import { XArchiveSource, openFileSource } from "./index.ts";

const ARCHIVE = join(import.meta.dirname, "..", "..", "..", "test", "fixtures", "files", "x-archive");
const GOOD_IDS = ["1777000000000000001", "1777000000000000002", "1777000000000000003", "1777000000000000005", "1777000000000000006"];

async function readAll(source: Source, cursor: string | null = null): Promise<SourceItem[]> {
  const items: SourceItem[] = [];
  for await (const item of source.read(cursor, new AbortController().signal)) items.push(item);
  return items;
}

function copyArchive(edit?: (dir: string) => void): { dir: string; close: () => Promise<void> } {
  const dir = mkdtempSync(join(tmpdir(), "voxpop-xarchive-"));
  cpSync(ARCHIVE, dir, { recursive: true });
  edit?.(dir);
  return { dir, close: async () => rmSync(dir, { recursive: true, force: true }) };
}

sourceContract("x-archive (an unzipped X archive folder)", async () => {
  // The contract expects every item to normalize: drop the fixture's tweet without a date.
  const copy = copyArchive((dir) => {
    const path = join(dir, "data", "tweets.js");
    const text = readFileSync(path, "utf8");
    const cut = text.replace(/,\s*\{\s*"tweet" : \{\s*"id_str" : "1777000000000000004",\s*"full_text" : "no date on this one"\s*\}\s*\}/, "");
    assert.notEqual(cut, text);
    writeFileSync(path, cut);
  });
  return {
    source: new XArchiveSource(copy.dir),
    expectedIds: GOOD_IDS,
    badItems: [
      { raw: { payload: '{"tweet": {"full_text": "no id", "created_at": "Tue Apr 01 21:14:05 +0000 2031"}}', contentType: "application/json; record=1" }, cursor: null },
      { raw: { payload: '{"tweet": {"id_str": "1", "full_text": "bad date", "created_at": "yesterday"}}', contentType: "application/json; record=2" }, cursor: null },
      { raw: { payload: "alert(document.cookie)", contentType: "application/json; record=3" }, cursor: null },
      { raw: { payload: "42", contentType: "application/json; record=4" }, cursor: null },
    ],
    close: copy.close,
  };
});

describe("x archive source", () => {
  it("reads every part of an archive folder; each tweet's payload is its exact text", async () => {
    const source = openFileSource(ARCHIVE);
    assert.ok(source instanceof XArchiveSource);
    const items = await readAll(source);
    assert.equal(items.length, 6);
    const text = readFileSync(join(ARCHIVE, "data", "tweets.js"), "utf8");
    for (const item of items.slice(0, 5)) assert.ok(text.includes(item.raw.payload as string), "payload is a slice of the file");
    const posts = items.map((item) => {
      try {
        return source.normalize(item).posts[0]!;
      } catch (err) {
        assert.ok(err instanceof VoxpopError && err.code === "PARSE_ERROR");
        return err.message;
      }
    });
    const [reply, retweet, hostile, undated, ferry, regatta] = posts;
    assert.deepEqual(reply, {
      platform: "x", id: "1777000000000000001", url: "https://x.com/harbourfan_test/status/1777000000000000001",
      author: { name: 'Harbour Fan 🌊 "the real one"', handle: "harbourfan_test", id: "1200000000000000001" },
      createdAt: "2031-04-01T21:14:05.000Z", dateText: null,
      text: "@SaltwickLight you did it! Six years & worth every scone 🎉 #Saltwick https://saltwick.example/lighthouse?ref=tw&x=1",
      links: ["https://saltwick.example/lighthouse?ref=tw&x=1"], mentions: ["SaltwickLight"], position: 1, inArticle: true,
      tags: ["Saltwick"], lang: "en", replyTo: "1776999999999999990",
    });
    assert.ok(typeof retweet === "object" && retweet.repostOf === "4444444444444444401");
    assert.ok(typeof hostile === "object");
    assert.equal(hostile.text, '<script>alert("x")</script> is not a caption. \\o/ {"json": [1,2]} ] } \u202e https://x.com/harbourfan_test/status/1777000000000000003/photo/1');
    assert.equal(hostile.lang, undefined, '"und" is no language');
    assert.deepEqual(hostile.links, []);
    assert.match(String(undated), /^tweet 4 of .*x-archive: not an archived tweet \(created_at/);
    assert.ok(typeof ferry === "object" && ferry.text === "Ferry crew: heroes. 🚢💙");
    assert.ok(typeof regatta === "object" && regatta.id === "1777000000000000006" && regatta.position === 6);
  });

  it("opens data/tweets.js directly (with its parts) and resumes from any cursor", async () => {
    const source = openFileSource(join(ARCHIVE, "data", "tweets.js"));
    const all = await readAll(source);
    assert.equal(all.length, 6);
    for (let cut = 0; cut < all.length; cut++) {
      const rest = await readAll(source, all[cut]!.cursor);
      assert.deepEqual(rest.map((i) => i.raw.payload), all.slice(cut + 1).map((i) => i.raw.payload), `cut ${cut}`);
    }
  });

  it("never evaluates the file: a script in place of the array is refused", async () => {
    const copy = copyArchive((dir) => writeFileSync(join(dir, "data", "tweets.js"), 'globalThis.pwned = true; window.YTD.tweets.part0 = [{"tweet": {}}]'));
    try {
      await assert.rejects(readAll(new XArchiveSource(copy.dir)), /not an X archive data file/);
      assert.equal((globalThis as { pwned?: boolean }).pwned, undefined);
    } finally {
      await copy.close();
    }
  });

  it("a truncated archive gives the tweets before the damage and an error item", async () => {
    const copy = copyArchive((dir) => {
      const path = join(dir, "data", "tweets.js");
      const text = readFileSync(path, "utf8");
      writeFileSync(path, text.slice(0, text.indexOf("1777000000000000003") + 40));
    });
    try {
      const source = new XArchiveSource(copy.dir);
      const items = await readAll(source);
      assert.deepEqual(items.map((i) => (i.error ? i.error.code : source.normalize(i).posts[0]!.id)), ["1777000000000000001", "1777000000000000002", "PARSE_ERROR", "1777000000000000006"]);
      assert.match(items[2]!.error!.reason, /ends in the middle of tweet 3/);
    } finally {
      await copy.close();
    }
  });

  it("without account.js the author is unknown and the URL is X's id-only form; a folder without tweets is a clear error", async () => {
    const copy = copyArchive((dir) => rmSync(join(dir, "data", "account.js")));
    try {
      const source = new XArchiveSource(copy.dir);
      const [first] = await readAll(source);
      const post = source.normalize(first!).posts[0]!;
      assert.deepEqual(post.author, { name: null, handle: null, id: null });
      assert.equal(post.url, "https://x.com/i/web/status/1777000000000000001");
      assert.throws(() => new XArchiveSource(tmpdir()), (e: unknown) => e instanceof VoxpopError && /no data\/tweets\.js/.test(e.message));
    } finally {
      await copy.close();
    }
  });
});
