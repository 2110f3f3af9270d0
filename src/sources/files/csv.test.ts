import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { VoxpopError } from "../../core/index.ts";
import { sourceContract } from "../contract.ts";
import type { Source, SourceItem } from "../source.ts";
import { CsvSource, openFileSource, splitCsvRecord } from "./index.ts";

const FIXTURES = join(import.meta.dirname, "..", "..", "..", "test", "fixtures", "files");
const POSTS = join(FIXTURES, "posts.csv");

async function readAll(source: Source, cursor: string | null = null): Promise<SourceItem[]> {
  const items: SourceItem[] = [];
  for await (const item of source.read(cursor, new AbortController().signal)) items.push(item);
  return items;
}

function withFile<T>(content: string | Buffer, fn: (path: string) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), "voxpop-csv-"));
  const path = join(dir, "case.csv");
  writeFileSync(path, content);
  return fn(path).finally(() => rmSync(dir, { recursive: true, force: true }));
}

const BAD: SourceItem[] = [
  { raw: { payload: '"a"b,x,y,z,w,v,u', contentType: "text/csv; header=present; line=2" }, cursor: null },
  { raw: { payload: "too,few", contentType: "text/csv; header=present; line=3" }, cursor: null },
  { raw: { payload: new Uint8Array([0x61, 0xff, 0x2c]), contentType: "text/csv; header=present; line=4" }, cursor: null },
];

sourceContract("csv (a file with a header row)", async () => {
  // The contract expects every item to normalize: the fixture's good records only.
  const dir = mkdtempSync(join(tmpdir(), "voxpop-csv-contract-"));
  const path = join(dir, "clean.csv");
  let text = readFileSync(POSTS, "utf8");
  for (const bad of ['"broken "quote" here",someone,Some One,2031-04-02,,x,en\r\n', "too,few,fields\r\n", ",nobody,Nobody,2031-04-04,,x,en\r\n"]) {
    assert.ok(text.includes(bad));
    text = text.replace(bad, "");
  }
  writeFileSync(path, text);
  return {
    source: new CsvSource(path),
    expectedIds: ["4444444444444444401"],
    badItems: BAD,
    close: async () => rmSync(dir, { recursive: true, force: true }),
  };
});

describe("csv source", () => {
  it("reads the fixture: BOM, CRLF, quoted commas, doubled quotes, newlines in fields, hostile text", async () => {
    const source = openFileSource(POSTS);
    assert.ok(source instanceof CsvSource);
    const items = await readAll(source);
    const lines = items.map((i) => Number(/line=(\d+)/.exec(i.raw.contentType)![1]));
    assert.deepEqual(lines, [2, 3, 6, 7, 8, 10, 11, 12]);
    const posts: Array<ReturnType<Source["normalize"]>["posts"][number] | string> = items.map((item) => {
      try {
        return source.normalize(item).posts[0]!;
      } catch (err) {
        assert.ok(err instanceof VoxpopError && err.code === "PARSE_ERROR");
        return err.message;
      }
    });
    const [pier, scones, script, broken, few, cafe, empty, last] = posts;
    assert.deepEqual(pier, {
      platform: "x", id: "4444444444444444401", url: "https://x.com/pellharrow_test/status/4444444444444444401",
      author: { name: "Pell Harrow", handle: "pellharrow_test" }, createdAt: "2031-04-01T21:14:05.000Z", dateText: "Wed Apr 01 21:14:05 +0000 2031",
      text: "Stood on the pier, kids in tow, and watched the beam sweep the bay. 🌊💡", links: [], mentions: [], position: 2, inArticle: true, lang: "en",
    });
    assert.ok(typeof scones === "object");
    assert.equal(scones.text, 'Six years of bake sales.\r\nWorth every "scone".\nThank you, volunteers!');
    assert.deepEqual(scones.author, { name: "Corr, Ines", handle: "inescorr_test" });
    // The payload is the record's exact text, embedded line breaks included.
    assert.equal(items[1]!.raw.payload, '"Six years of bake sales.\r\nWorth every ""scone"".\nThank you, volunteers!",@inescorr_test,"Corr, Ines",2031-04-01T21:20:00Z,,x,en');
    assert.ok(typeof script === "object");
    assert.equal(script.platform, "bluesky");
    assert.equal(script.text, "<script>alert(1)</script> Thursday nights matter");
    assert.equal(script.author.name, 'Rob "Nightowl" Vane');
    assert.match(String(broken), /^line 7 of .*posts\.csv: text after the closing quote of field 1/);
    assert.match(String(few), /^line 8 of .*: 3 fields where the header has 7/);
    assert.ok(typeof cafe === "object");
    assert.equal(cafe.text, "Café au lait at the harbour, ½ price tonight — ünïcödé ok");
    assert.equal(cafe.dateText, "April 3, 2031");
    assert.equal(cafe.lang, "fr");
    assert.match(String(empty), /^line 11 .*: the post has no text/);
    assert.ok(typeof last === "object" && last.text === "last row without a newline");
  });

  it("edge cases, one per line in test/fixtures/files/csv-cases.jsonl", async () => {
    const cases = readFileSync(join(FIXTURES, "csv-cases.jsonl"), "utf8").split("\n").filter(Boolean).map((l) => JSON.parse(l) as {
      name: string; csv: string; texts?: string[]; refused?: number[]; error?: string;
    });
    assert.ok(cases.length >= 20);
    for (const c of cases) {
      await withFile(c.csv, async (path) => {
        const source = new CsvSource(path, { platform: "x" });
        if (c.error) {
          await assert.rejects(readAll(source), (e: unknown) => e instanceof VoxpopError && new RegExp(c.error!).test(e.message), c.name);
          return;
        }
        const texts: string[] = [];
        const refused: number[] = [];
        for (const item of await readAll(source)) {
          try {
            texts.push(source.normalize(item).posts[0]!.text!);
          } catch (err) {
            assert.ok(err instanceof VoxpopError, `${c.name}: ${String(err)}`);
            refused.push(Number(/line (\d+)/.exec(err.message)?.[1]));
          }
        }
        assert.deepEqual(texts, c.texts, c.name);
        assert.deepEqual(refused, c.refused, c.name);
      });
    }
  });

  it("resumes from any cursor at the next record (header read again, never re-imported)", async () => {
    const source = new CsvSource(POSTS);
    const all = await readAll(source);
    for (let cut = 0; cut < all.length; cut++) {
      const rest = await readAll(new CsvSource(POSTS), all[cut]!.cursor);
      assert.deepEqual(rest.map((i) => i.raw.payload), all.slice(cut + 1).map((i) => i.raw.payload), `cut ${cut}`);
    }
  });

  it("normalizes a replayed item before any read (the header is read on demand)", async () => {
    const items = await readAll(new CsvSource(POSTS));
    assert.equal(new CsvSource(POSTS).normalize(items[0]!).posts[0]!.id, "4444444444444444401");
  });

  it("streams a large file in bounded records (a 20,000-row file, an oversize record becomes an error item)", async () => {
    const rows = ["text,platform"];
    for (let i = 0; i < 20_000; i++) rows.push(`"row ${i}, with a comma",x`);
    rows.splice(10_001, 0, `"${"z".repeat(5000)}",x`);
    await withFile(rows.join("\n") + "\n", async (path) => {
      const source = new CsvSource(path, { maxRecordBytes: 1000 });
      let ok = 0;
      const errors: SourceItem[] = [];
      for await (const item of source.read(null, new AbortController().signal)) {
        if (item.error) errors.push(item);
        else if (source.normalize(item).posts.length === 1) ok++;
      }
      assert.equal(ok, 20_000);
      assert.equal(errors.length, 1);
      assert.match(errors[0]!.error!.reason, /line 10002 .* longer than 1000 bytes/);
    });
  });

  it("a tab-separated .tsv file and a custom delimiter", async () => {
    const dir = mkdtempSync(join(tmpdir(), "voxpop-tsv-"));
    try {
      writeFileSync(join(dir, "a.tsv"), "text\tplatform\nhello, world\tx\n");
      const source = openFileSource(join(dir, "a.tsv"));
      const [item] = await readAll(source);
      assert.equal(source.normalize(item!).posts[0]!.text, "hello, world");
      assert.deepEqual(splitCsvRecord('a;"b;c";', ";"), ["a", "b;c", ""]);
      assert.throws(() => new CsvSource(join(dir, "a.tsv"), { delimiter: '"' }), /delimiter/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
