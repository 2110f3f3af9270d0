import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { VoxpopError } from "../../core/index.ts";
import { sourceContract } from "../contract.ts";
import type { Source, SourceItem } from "../source.ts";
import { MastodonFileSource, answeringHost, fileFormatOf, openFileSource } from "./index.ts";

const FIXTURES = join(import.meta.dirname, "..", "..", "..", "test", "fixtures", "mastodon");
const STATUSES = join(FIXTURES, "statuses.json");
const BAD = join(FIXTURES, "bad-statuses.json");

type Status = { uri: string; visibility?: string; reblog?: Status | null; [k: string]: unknown };
const statuses = () => JSON.parse(readFileSync(STATUSES, "utf8")) as Status[];
/** The ids the fixture's public statuses must come out as: the (boosted) status's ActivityPub uri. */
const publicIds = () => [...new Set(statuses().filter((s) => s.visibility !== "private" && s.visibility !== "direct").map((s) => (s.reblog ?? s).uri))];

async function readAll(source: Source, cursor: string | null = null): Promise<SourceItem[]> {
  const items: SourceItem[] = [];
  for await (const item of source.read(cursor, new AbortController().signal)) items.push(item);
  return items;
}

function tempDir(): { dir: string; close: () => Promise<void> } {
  const dir = mkdtempSync(join(tmpdir(), "voxpop-mastodon-file-"));
  return { dir, close: async () => rmSync(dir, { recursive: true, force: true }) };
}

const badItems = (): SourceItem[] => (JSON.parse(readFileSync(BAD, "utf8")) as unknown[]).map((s, i) => ({
  raw: { payload: JSON.stringify(s), contentType: `application/json; mastodon=status; line=${i + 1}` }, cursor: null,
}));

sourceContract("files: Mastodon statuses (a JSON array, as the API returns a page)", async () => ({
  source: new MastodonFileSource(STATUSES), expectedIds: publicIds(), badItems: badItems(), close: async () => {},
}));

sourceContract("files: Mastodon statuses (JSONL)", async () => {
  const t = tempDir();
  const path = join(t.dir, "statuses.jsonl");
  writeFileSync(path, statuses().map((s) => JSON.stringify(s)).join("\n") + "\n");
  return { source: new MastodonFileSource(path), expectedIds: publicIds(), badItems: badItems(), close: t.close };
});

describe("files: Mastodon statuses", () => {
  it("is recognised as an array or as JSON lines", () => {
    assert.equal(fileFormatOf(STATUSES), "mastodon");
    assert.equal(fileFormatOf(BAD), "mastodon", "a first status with a bad field is still a status file");
    const t = tempDir();
    try {
      const jsonl = join(t.dir, "s.jsonl");
      writeFileSync(jsonl, statuses().map((s) => JSON.stringify(s)).join("\n"));
      assert.equal(fileFormatOf(jsonl), "mastodon");
      assert.ok(openFileSource(jsonl) instanceof MastodonFileSource);
      const other = join(t.dir, "numbers.json");
      writeFileSync(other, "[1, 2, 3]");
      assert.equal(fileFormatOf(other), null);
    } finally {
      void t.close();
    }
  });

  it("keeps each status's exact text, with the line it starts on, and reads like the API source", async () => {
    const source = new MastodonFileSource(STATUSES);
    const items = await readAll(source);
    const text = readFileSync(STATUSES, "utf8");
    const lines = text.split("\n");
    assert.equal(items.length, statuses().length);
    for (const item of items) {
      const line = Number(/line=(\d+)/.exec(item.raw.contentType)![1]);
      assert.ok(text.includes(item.raw.payload as string));
      assert.ok(lines[line - 1]!.trimStart().startsWith((item.raw.payload as string).slice(0, 1)), `status starts on line ${line}`);
      assert.deepEqual(JSON.parse(item.raw.payload as string), statuses()[items.indexOf(item)]);
    }
  });

  it("refuses each bad status with its line, and a truncated array after the statuses before the cut", async () => {
    const source = new MastodonFileSource(BAD);
    for (const item of await readAll(source)) {
      assert.throws(() => source.normalize(item), (err: unknown) => err instanceof VoxpopError && /^line \d+ of /.test(err.message));
    }
    const t = tempDir();
    try {
      const path = join(t.dir, "cut.json");
      const text = readFileSync(STATUSES, "utf8");
      writeFileSync(path, text.slice(0, Math.floor(text.length / 2)));
      const cut = new MastodonFileSource(path);
      const items = await readAll(cut);
      const last = items.at(-1)!;
      assert.equal(last.error?.code, "PARSE_ERROR");
      assert.match(last.error!.reason, /^line \d+ of .*the file ends inside status/);
      assert.ok(items.slice(0, -1).every((i) => !i.error && cut.normalize(i)));
    } finally {
      await t.close();
    }
  });

  it("tells the answering instance from a local author, else a local mention, else the option", () => {
    const local = { uri: "https://a.example/users/u/statuses/1", url: "https://a.example/@u/1", account: { acct: "u", url: "https://a.example/@u" } };
    assert.equal(answeringHost(local), "a.example");
    const remote = { uri: "https://b.example/users/r/statuses/9", account: { acct: "r@b.example" }, mentions: [{ acct: "ada", url: "https://a.example/@ada" }] };
    assert.equal(answeringHost(remote), "a.example");
    assert.equal(answeringHost({ ...remote, mentions: [] }, "c.example"), "c.example");
    assert.equal(answeringHost({ ...remote, mentions: [] }), "b.example");
    const source = new MastodonFileSource(STATUSES);
    const s = statuses()[0]!;
    const reply = { ...s, account: { ...(s["account"] as object), acct: "bjorn@fosstodon.example" }, mentions: [{ id: "1", username: "alice", acct: "alice", url: "https://social.example/@alice" }] };
    const post = source.normalize({ raw: { payload: JSON.stringify(reply), contentType: "application/json; mastodon=status; line=1" }, cursor: null }).posts[0]!;
    assert.deepEqual(post.mentions, ["alice@social.example"]);
    assert.equal(post.author.handle, "bjorn@fosstodon.example");
  });
});
