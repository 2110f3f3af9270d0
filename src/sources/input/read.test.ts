import { describe, it, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdtemp, writeFile, rm, truncate } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { gzipSync } from "node:zlib";
import { readInput } from "./index.ts";

let dir: string;
before(async () => { dir = await mkdtemp(join(tmpdir(), "voxpop-input-")); });
after(async () => { await rm(dir, { recursive: true, force: true }); });

describe("readInput", () => {
  it("reads an HTML file and a gzip-compressed one", async () => {
    const html = "<html><body><p>Hé 🖤</p></body></html>";
    await writeFile(join(dir, "a.html"), html);
    await writeFile(join(dir, "a.html.gz"), gzipSync(html));
    for (const name of ["a.html", "a.html.gz"]) {
      const doc = await readInput(join(dir, name));
      assert.equal(doc.text, html);
      assert.equal(doc.kind, "html");
    }
  });
  it("treats .txt as text and sniffs extensionless input", async () => {
    await writeFile(join(dir, "a.txt"), "date 2020-10-01 hello");
    assert.equal((await readInput(join(dir, "a.txt"))).kind, "text");
    const doc = await readInput("-", { stdin: Readable.from([Buffer.from("<div>x</div>")]) });
    assert.equal(doc.kind, "html");
  });
  it("refuses binary junk", async () => {
    await writeFile(join(dir, "junk.html"), Buffer.from([0x01, 0x02, 0x00, 0xff, 0x10, 0x00]));
    await assert.rejects(readInput(join(dir, "junk.html")), { code: "BINARY_INPUT" });
    await writeFile(join(dir, "img.html"), Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47]), Buffer.alloc(10, 65)]));
    await assert.rejects(readInput(join(dir, "img.html")), { code: "BINARY_INPUT", message: /PNG/ });
  });
  it("refuses invalid UTF-8 with the offset", async () => {
    await writeFile(join(dir, "bad.txt"), Buffer.concat([Buffer.from("hello "), Buffer.from([0xc3, 0x28]), Buffer.from(" world")]));
    await assert.rejects(readInput(join(dir, "bad.txt")), { code: "INVALID_ENCODING", message: /offset 6/ });
  });
  it("decodes a declared legacy charset", async () => {
    await writeFile(join(dir, "latin.html"), Buffer.concat([Buffer.from('<meta charset="windows-1252"><p>caf'), Buffer.from([0xe9]), Buffer.from("</p>")]));
    assert.match((await readInput(join(dir, "latin.html"))).text, /café/);
  });
  it("refuses a truncated gzip", async () => {
    const gz = gzipSync("<p>" + "x".repeat(10_000) + "</p>");
    await writeFile(join(dir, "cut.html.gz"), gz.subarray(0, gz.length - 20));
    await assert.rejects(readInput(join(dir, "cut.html.gz")), { code: "BAD_GZIP" });
  });
  it("refuses a 100 MB file without reading it", async () => {
    const path = join(dir, "huge.html");
    await writeFile(path, "");
    await truncate(path, 100 * 1024 * 1024);
    await assert.rejects(readInput(path), { code: "INPUT_TOO_LARGE" });
  });
  it("refuses a gzip bomb", async () => {
    await writeFile(join(dir, "bomb.html.gz"), gzipSync(Buffer.alloc(2_000_000, 32)));
    await assert.rejects(readInput(join(dir, "bomb.html.gz"), { maxBytes: 1_000_000 }), { code: "INPUT_TOO_LARGE" });
  });
  it("reports a missing file and an empty one", async () => {
    await assert.rejects(readInput(join(dir, "nope.html")), { code: "NOT_FOUND" });
    await writeFile(join(dir, "empty.html"), "");
    await assert.rejects(readInput(join(dir, "empty.html")), { code: "PARSE_ERROR", message: /empty/ });
  });
  it("refuses a URL that points to loopback", async () => {
    await assert.rejects(readInput("http://127.0.0.1:9/article"), { code: "BLOCKED_ADDRESS" });
  });
});
