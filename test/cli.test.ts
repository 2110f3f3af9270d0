// End-to-end: the command line on real files, a real SQLite database and a real HTTP server on
// loopback. Most cases call main() in-process (fast); one spawns the real process for stdin and
// exit codes.
import { describe, it, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdtemp, rm, writeFile, truncate, readFile, access } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { parseHTML } from "linkedom";
import { main } from "../src/cli/main.ts";

const ROOT = new URL("..", import.meta.url).pathname;
const DEMO = join(ROOT, "demo/article.html");
const HOSTILE = join(ROOT, "test/fixtures/articles/hostile.html");
const SEED = join(ROOT, "../shared/seeds/000_d17c487081642dcc.txt");

let dir: string;
let server: http.Server;
let base: string;

async function run(args: string[], stdin?: NodeJS.ReadableStream) {
  let stdout = "";
  let stderr = "";
  const code = await main(args, { stdout: (s) => { stdout += s; }, stderr: (s) => { stderr += s; }, stdin, env: {} });
  return { code, stdout, stderr };
}

before(async () => {
  dir = await mkdtemp(join(tmpdir(), "voxpop-cli-"));
  server = http.createServer((req, res) => {
    if (req.url === "/article") { res.setHeader("content-type", "text/html; charset=utf-8"); res.end(readFileSyncCached(DEMO)); return; }
    if (req.url === "/slow") return; // never answers
    res.statusCode = 404; res.end();
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
after(async () => {
  server.closeAllConnections();
  server.close();
  await rm(dir, { recursive: true, force: true });
});

const cache = new Map<string, Buffer>();
function readFileSyncCached(p: string): Buffer {
  if (!cache.has(p)) cache.set(p, readFileSync(p));
  return cache.get(p)!;
}

describe("voxpop extract", () => {
  it("reads the demo article: every platform, exact fields, nothing guessed", async () => {
    const { code, stdout } = await run(["extract", DEMO, "--format", "json"]);
    assert.equal(code, 0);
    const out = JSON.parse(stdout);
    assert.equal(out.article.title, "Novelist Ada Marrow says her next book will be her last");
    assert.match(out.article.publishedAt, /^2026-03-03/);
    const platforms = new Set(out.posts.map((p: { platform: string }) => p.platform));
    for (const p of ["x", "bluesky", "mastodon", "instagram", "threads", "tiktok", "youtube", "facebook"]) assert.ok(platforms.has(p), p);
    const first = out.posts[0];
    assert.deepEqual(
      { platform: first.platform, id: first.id, handle: first.author.handle, name: first.author.name, dateText: first.dateText, createdAt: first.createdAt, position: first.position },
      { platform: "x", id: "1897012345678901234", handle: "adamarrow", name: "Ada Marrow", dateText: "March 3, 2026", createdAt: "2026-03-03", position: 1 },
    );
    assert.ok(first.text.endsWith("https://t.co/Qm3xv8LpZe"));
    assert.deepEqual(first.links, ["https://t.co/Qm3xv8LpZe"]);
    const bsky = out.posts.find((p: { platform: string }) => p.platform === "bluesky");
    assert.equal(bsky.author.handle, "tomasfl.bsky.social");
    assert.equal(bsky.dateText, "Mar 3, 2026 at 7:12 PM");
    const mastodon = out.posts.find((p: { platform: string }) => p.platform === "mastodon");
    assert.equal(mastodon.text, null, "the 4.3 embed carries no text");
    // The article body holds the prose, not the posts.
    assert.match(out.article.text, /fishing towns of the northern coast/);
    assert.doesNotMatch(out.article.text, /coffee rings/);
    // The newsletter tweet in the sidebar is outside the article.
    const sidebar = out.posts.find((p: { author: { handle: string } }) => p.author.handle === "harbourgazette");
    assert.equal(sidebar?.inArticle, false);
  });

  it("prints one post a line with --format jsonl, and a table by default", async () => {
    const jsonl = await run(["extract", DEMO, "--format", "jsonl"]);
    const lines = jsonl.stdout.trim().split("\n");
    assert.ok(lines.length >= 10);
    for (const l of lines) assert.ok(JSON.parse(l).platform);
    const table = await run(["extract", DEMO]);
    assert.match(table.stdout, /Posts: +\d+/);
    assert.match(table.stdout, /Ada Marrow \(@adamarrow\)/);
  });

  it("reads a gzip file and a URL (loopback allowed explicitly)", async () => {
    const gz = join(dir, "demo.html.gz");
    await writeFile(gz, gzipSync(readFileSyncCached(DEMO)));
    const a = JSON.parse((await run(["extract", gz, "--format", "json"])).stdout);
    const b = JSON.parse((await run(["extract", `${base}/article`, "--allow-private", "--format", "json"])).stdout);
    assert.equal(a.posts.length, b.posts.length);
    assert.equal(b.article.url, `${base}/article`);
  });

  it("refuses loopback URLs by default, and times out", async () => {
    const blocked = await run(["extract", `${base}/article`]);
    assert.equal(blocked.code, 1);
    assert.match(blocked.stderr, /^voxpop: .*private or loopback.*--allow-private.*\n$/);
    const slow = await run(["extract", `${base}/slow`, "--allow-private", "--timeout", "300"]);
    assert.equal(slow.code, 1);
    assert.match(slow.stderr, /^voxpop: .*did not answer within 300 ms\n$/);
  });

  it("gives one clear line and a non-zero exit for each kind of bad input", async () => {
    const cases: Array<[string, Buffer | null, RegExp]> = [
      ["junk.html", Buffer.from([0x00, 0x01, 0x02, 0xfe, 0xff, 0x00, 0x13]), /binary data/],
      ["bad-utf8.txt", Buffer.concat([Buffer.from("date 2020-10-01 ok "), Buffer.from([0xff, 0xfe, 0x41])]), /not valid UTF-8/],
      ["cut.html.gz", gzipSync(Buffer.alloc(50_000, "<p>x</p>")).subarray(0, 100), /truncated or corrupt gzip/],
      ["huge.html", null, /over the \d+-byte limit/],
      ["missing.html", undefined as unknown as null, /no such file/],
    ];
    for (const [name, bytes, message] of cases) {
      const path = join(dir, name);
      if (bytes) await writeFile(path, bytes);
      else if (name === "huge.html") { await writeFile(path, ""); await truncate(path, 100 * 1024 * 1024); }
      const r = await run(["extract", path]);
      assert.equal(r.code, 1, name);
      assert.match(r.stderr, message, name);
      assert.equal(r.stderr.trim().split("\n").length, 1, `${name}: one line`);
    }
  });

  it("survives 10,000 nested tags", async () => {
    const path = join(dir, "nested.html");
    await writeFile(path, "<html><body>" + "<div>".repeat(10_000) + "<p>deep text</p>" + "</div>".repeat(10_000) + "</body></html>");
    const r = await run(["extract", path, "--format", "json"]);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(JSON.parse(r.stdout).posts, []);
  });

  it("reads the seed article's 25 posts through the CLI", async (t) => {
    try { await access(SEED); } catch { t.skip("../shared/seeds is not present (a fresh clone has no shared data)"); return; }
    const r = await run(["extract", SEED, "--format", "json"]);
    const out = JSON.parse(r.stdout);
    assert.equal(out.posts.length, 25);
    assert.equal(out.article.publishedAt, "2020-10-01");
  });

  it("groups the seed article's roundup by reaction, the subjects first, like the article", async (t) => {
    try { await access(SEED); } catch { t.skip("../shared/seeds is not present (a fresh clone has no shared data)"); return; }
    const db = join(dir, "seed.db");
    const imported = await run(["import", SEED, "--story", "teigen", "--subject", "johnlegend,chrissyteigen", "--db", db]);
    assert.equal(imported.code, 0, imported.stderr);
    const md = (await run(["roundup", "--story", "teigen", "--db", db])).stdout;
    const sections = [...md.matchAll(/^## (.+)$/gm)].map((m) => m[1]);
    assert.equal(sections[0], "In their own words");
    const section = (handle: string) => {
      const at = md.indexOf(`(@${handle})`);
      return [...md.slice(0, at).matchAll(/^## (.+)$/gm)].pop()?.[1];
    };
    assert.equal(section("johnlegend"), "In their own words");
    assert.equal(section("chrissyteigen"), "In their own words");
    assert.equal(section("YNB"), "Pushing back against the critics");
    assert.equal(section("MacLethal"), "Pushing back against the critics");
    assert.equal(section("sunny"), "Personal stories");
    assert.equal(section("t0nit0ne"), "Facts and context");
    const json = JSON.parse((await run(["roundup", "--story", "teigen", "--format", "json", "--db", db])).stdout);
    assert.equal(json.sections.reduce((n: number, s: { posts: unknown[] }) => n + s.posts.length, 0), 25);
  });

  it("classifies texts from arguments and from a file, one JSON object a line", async () => {
    const file = join(dir, "texts.txt");
    await writeFile(file, "So sorry for your loss. Sending love and prayers.\n\nYou are a disgusting idiot and everyone hates you\n");
    const r = await run(["classify", "According to the report, 1 in 8 pregnancies end in miscarriage.", "--input", file, "--format", "jsonl"]);
    assert.equal(r.code, 0, r.stderr);
    const rows = r.stdout.trim().split("\n").map((l) => JSON.parse(l));
    assert.equal(rows.length, 3, "blank lines are skipped");
    for (const row of rows) {
      for (const key of ["text", "lang", "reactions", "reaction", "emotions", "emotionScores", "sentiment", "offensive", "hate"]) assert.ok(key in row, key);
      assert.equal(Object.keys(row.emotionScores).length, 28);
      assert.equal(typeof row.offensive.label, "boolean");
      assert.ok(row.hate.score >= 0 && row.hate.score <= 1);
    }
    assert.equal(rows[0].reaction, "information");
    assert.equal(rows[1].reaction, "condolence");
    assert.equal(rows[1].sentiment.label, "positive");
    assert.equal(rows[2].offensive.label, true);
    assert.ok(rows[2].offensive.score > rows[1].offensive.score);
    assert.equal((await run(["classify"])).code, 2, "nothing to classify is a usage error");
  });

  it("classify prints a large input batch by batch, in order, as one JSON array or one object a line", async () => {
    const file = join(dir, "many.txt");
    const texts = Array.from({ length: 2100 }, (_, i) => `post ${i}: so sorry to hear this`);
    await writeFile(file, texts.join("\n") + "\n");
    const lines = await run(["classify", "--input", file, "--format", "jsonl"]);
    assert.equal(lines.code, 0, lines.stderr);
    assert.deepEqual(lines.stdout.trim().split("\n").map((l) => JSON.parse(l).text), texts);
    const json = await run(["classify", "--input", file, "--format", "json"]);
    const array = JSON.parse(json.stdout) as Array<{ text: string }>;
    assert.deepEqual(array.map((r) => r.text), texts);
    assert.equal(json.stdout, JSON.stringify(array, null, 2) + "\n", "laid out as JSON.stringify(all, null, 2)");
  });

  it("classify keeps the good lines of a file with a line that is not UTF-8, and says which line it skipped", async () => {
    const file = join(dir, "mixed.txt");
    await writeFile(file, Buffer.concat([Buffer.from("So sorry for your loss.\r\n"), Buffer.from([0x62, 0x61, 0x64, 0xff, 0x0a]), Buffer.from("Thank you all!\n")]));
    const r = await run(["classify", "--input", file, "--format", "jsonl"]);
    assert.equal(r.code, 1, "a skipped line makes the exit code 1");
    assert.deepEqual(r.stdout.trim().split("\n").map((l) => JSON.parse(l).text), ["So sorry for your loss.", "Thank you all!"]);
    assert.match(r.stderr, /line 2 of .*mixed\.txt: not valid UTF-8 \(bad byte at offset 3 of the line\); skipped/);
    const only = join(dir, "only-bad.txt");
    await writeFile(only, Buffer.from([0xc3, 0x28, 0x0a]));
    const none = await run(["classify", "--input", only, "--format", "jsonl"]);
    assert.equal(none.code, 1);
    assert.equal(none.stdout, "", "nothing readable, nothing printed");
  });

  it("reports usage errors with exit code 2", async () => {
    assert.equal((await run(["extract"])).code, 2);
    assert.equal((await run(["extract", DEMO, "--format", "xml"])).code, 2);
    assert.equal((await run(["frobnicate"])).code, 2);
    assert.equal((await run(["import", DEMO])).code, 2, "--story is required");
    assert.equal((await run(["search", "x", "--limit", "-3"])).code, 2);
  });
});

describe("voxpop import, search, roundup", () => {
  it("imports a batch: good inputs stored, bad ones quarantined with their reason", async () => {
    const db = join(dir, "batch.db");
    const junk = join(dir, "batch-junk.html");
    await writeFile(junk, Buffer.from([0x00, 0x9f, 0x00, 0x01]));
    const r = await run(["import", DEMO, junk, `${base}/article`, HOSTILE, "--story", "marrow", "--subject", "adamarrow", "--db", db]);
    assert.equal(r.code, 1, "a quarantined item makes the exit non-zero");
    assert.match(r.stderr, /\[1\/4\] .*article\.html: 13 posts \(13 new, 0 updated, 0 unchanged\); 1 outside the article/);
    assert.match(r.stderr, /\[2\/4\] .*batch-junk\.html: quarantined \(BINARY_INPUT\)/);
    assert.match(r.stderr, /\[3\/4\] .*quarantined \(BLOCKED_ADDRESS\)/);
    assert.match(r.stderr, /Imported 2 of 4 inputs/);
    const q = JSON.parse((await run(["quarantine", "--db", db, "--format", "json"])).stdout);
    assert.deepEqual(q.map((i: { code: string }) => i.code).sort(), ["BINARY_INPUT", "BLOCKED_ADDRESS"]);
    assert.equal(q.find((i: { code: string }) => i.code === "BINARY_INPUT").hasPayload, true, "the bad file's bytes are kept");

    // Importing the same article again changes nothing.
    const again = await run(["import", DEMO, "--story", "marrow", "--db", db]);
    assert.equal(again.code, 0);
    assert.match(again.stderr, /\(0 new, 0 updated, \d+ unchanged\)/);

    const hits = JSON.parse((await run(["search", "coffee rings", "--story", "marrow", "--db", db, "--format", "json"])).stdout);
    assert.equal(hits.length, 1);
    assert.equal(hits[0].author.handle, "jookafor");
    const none = await run(["search", '"unbalanced AND (', "--db", db]);
    assert.equal(none.code, 0, none.stderr);

    const md = (await run(["roundup", "--story", "marrow", "--db", db])).stdout;
    assert.match(md, /^# Novelist Ada Marrow says her next book will be her last$/m);
    const subject = md.indexOf("## In their own words");
    const reactions = md.indexOf("## ", subject + 1);
    assert.ok(subject >= 0 && reactions > subject, "subject first");
    assert.ok(md.indexOf("@adamarrow") < reactions);
    // Posts without text are not classified: they wait in the last section.
    assert.ok(md.indexOf("## Other reactions") < md.indexOf("@lenawrites@mastodon.example"));
    assert.match(md, /— Jo Okafor 🧶 \(@jookafor\) \[March 3, 2026\]\(<https:\/\/twitter\.com\/jookafor\/status\/1897019876543210987>\)/);
    assert.match(md, /## Pushing back against the critics\n\n> People saying she is "cashing in"/);
  });

  it("publishes hostile posts escaped, in HTML and Markdown", async () => {
    const db = join(dir, "hostile.db");
    assert.equal((await run(["import", HOSTILE, "--story", "h", "--db", db])).code, 0);
    const out = join(dir, "h.html");
    assert.equal((await run(["roundup", "--story", "h", "--format", "html", "--out", out, "--db", db])).code, 0);
    const html = await readFile(out, "utf8");
    const { document } = parseHTML(html);
    assert.equal(document.querySelectorAll("script, img").length, 0);
    assert.match(document.querySelector(".post p")!.textContent!, /<script>alert\("x"\)<\/script>/);
    const md = (await run(["roundup", "--story", "h", "--db", db])).stdout;
    assert.doesNotMatch(md, /<script>|<img/);
    const json = JSON.parse((await run(["roundup", "--story", "h", "--format", "json", "--db", db])).stdout);
    assert.equal(json.sections[0].posts[0].url, "https://twitter.com/mallory_test/status/1111111111111111111");
  });

  it("collapses copies of the same post onto the first, with a count", async () => {
    const db = join(dir, "copies.db");
    assert.equal((await run(["import", join(ROOT, "test/fixtures/articles/copies.html"), "--story", "herons", "--db", db])).code, 0);
    const md = (await run(["roundup", "--story", "herons", "--db", db])).stdout;
    assert.match(md, /\[May 4, 2026\]\(<https:\/\/twitter\.com\/fan_one_test\/status\/2222222222222222221>\) \(and 1 copy of it\)/);
    assert.doesNotMatch(md, /fan_two_test/);
    assert.match(md, /fan_three_test/);
    // The copy is still stored and searchable; only the roundup leaves it out.
    const hits = JSON.parse((await run(["search", "Herons", "--db", db, "--format", "json"])).stdout);
    assert.equal(hits.length, 2);
  });

  it("says clearly when a story does not exist", async () => {
    const r = await run(["roundup", "--story", "nope", "--db", join(dir, "empty.db")]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /no story named "nope"/);
  });

  it("runs the demo end to end as a real process, with stdin", () => {
    const db = join(dir, "demo.db");
    const demo = spawnSync(process.execPath, [join(ROOT, "src/cli/main.ts"), "demo", "--db", db], { encoding: "utf8" });
    assert.equal(demo.status, 0, demo.stderr);
    assert.match(demo.stdout, /## In their own words/);
    assert.match(demo.stdout, /Ada Marrow \(@adamarrow\)/);
    const piped = spawnSync(process.execPath, [join(ROOT, "src/cli/main.ts"), "extract", "-", "--format", "jsonl"], { input: readFileSyncCached(DEMO), encoding: "utf8" });
    assert.equal(piped.status, 0, piped.stderr);
    assert.ok(piped.stdout.trim().split("\n").length >= 10);
    const bad = spawnSync(process.execPath, [join(ROOT, "src/cli/main.ts"), "extract", "-"], { input: Buffer.from([0, 1, 2, 3]), encoding: "utf8" });
    assert.equal(bad.status, 1);
    assert.match(bad.stderr, /^voxpop: standard input is binary data/);
  });
});
