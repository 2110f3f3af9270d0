// The RSS/Atom source against a real local HTTP server (node:http on 127.0.0.1) serving the
// fictional feeds and articles in test/fixtures/rss: conditional GET with ETag/Last-Modified,
// a page that is missing (404), one whose server never answers, a feed that changes while the
// source follows it, a malformed feed and an entity-expansion bomb.
import { describe, it, before, after } from "node:test";
import assert from "node:assert/strict";
import http from "node:http";
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { AddressInfo } from "node:net";
import { VoxpopError } from "../src/core/index.ts";
import { ApiClient } from "../src/sources/http/index.ts";
import { sourceContract } from "../src/sources/contract.ts";
import type { SourceItem } from "../src/sources/source.ts";
import { createRssSource, parseFeed, decodeXmlText, type RssSourceOptions } from "../src/sources/rss/index.ts";

const FIXTURES = join(import.meta.dirname, "fixtures", "rss");
const fixture = (name: string) => readFileSync(join(FIXTURES, name), "utf8");

interface FeedServer {
  base: string;
  /** Replaces a served document (for the feed that changes while followed). */
  set(path: string, body: string): void;
  /** Requests seen per path, with the status answered and the conditional headers sent. */
  log: Array<{ path: string; status: number; ifNoneMatch: string | null; ifModifiedSince: string | null }>;
  close(): Promise<void>;
}

const LAST_MODIFIED = "Fri, 04 Apr 2031 09:00:00 GMT";

async function startServer(): Promise<FeedServer> {
  const docs = new Map<string, { body: string; type: string }>();
  const log: FeedServer["log"] = [];
  let base = "";
  const server = http.createServer((req, res) => {
    const path = new URL(req.url ?? "/", "http://x").pathname;
    const entry = (status: number) => log.push({ path, status, ifNoneMatch: (req.headers["if-none-match"] as string) ?? null, ifModifiedSince: (req.headers["if-modified-since"] as string) ?? null });
    if (path === "/news/slow.html") {
      entry(0);
      return; // never answers: the source's per-article timeout must give up
    }
    if (path === "/unavailable.xml") {
      entry(503);
      res.writeHead(503, { "content-type": "text/plain" }).end("down for maintenance");
      return;
    }
    const doc = docs.get(path);
    if (!doc) {
      entry(404);
      res.writeHead(404, { "content-type": "text/html" }).end("<h1>Not found</h1>");
      return;
    }
    const body = doc.body.replaceAll("{{BASE}}", base);
    const etag = `"${createHash("sha256").update(body).digest("hex").slice(0, 16)}"`;
    if (req.headers["if-none-match"] === etag) {
      entry(304);
      res.writeHead(304, { etag, "last-modified": LAST_MODIFIED }).end();
      return;
    }
    entry(200);
    res.writeHead(200, { "content-type": doc.type, etag, "last-modified": LAST_MODIFIED }).end(body);
  });
  for (const name of ["rss2.xml", "atom.xml", "rdf.xml", "malformed.xml", "billion-laughs.xml"]) {
    docs.set(`/${name}`, { body: fixture(name), type: name === "atom.xml" ? "application/atom+xml" : "application/rss+xml" });
  }
  for (const name of ["lighthouse", "ferry", "library", "regatta"]) {
    docs.set(`/news/${name}.html`, { body: fixture(`article-${name}.html`), type: "text/html; charset=utf-8" });
  }
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    base,
    log,
    set: (path, body) => docs.set(path, { body, type: "application/rss+xml" }),
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

/** A client that retries without really sleeping, so failure tests stay quick. */
const quickClient = () => new ApiClient({ allowPrivate: true, retry: { maxAttempts: 3 }, sleep: async () => {} });

function source(server: FeedServer, path: string, extra: Partial<RssSourceOptions> = {}) {
  return createRssSource({ url: server.base + path, allowPrivate: true, client: quickClient(), articleTimeoutMs: 400, ...extra });
}

async function readAll(src: ReturnType<typeof source>, cursor: string | null = null): Promise<SourceItem[]> {
  const items: SourceItem[] = [];
  for await (const item of src.read(cursor, new AbortController().signal)) items.push(item);
  return items;
}

const RSS2_POSTS = ["3333333333333333301", "3333333333333333302", "at://did:plc:rsstestaaaaaaaaaaaaaaaaa/app.bsky.feed.post/3rsstest00001", "https://social.example/users/quietshelf/statuses/112233445566778899", "3333333333333333303"];

sourceContract("rss (RSS 2.0 feed and articles on a local HTTP server)", async () => {
  const server = await startServer();
  return {
    source: source(server, "/rss2.xml"),
    expectedIds: RSS2_POSTS,
    badItems: [
      { raw: { payload: new Uint8Array([0x25, 0x50, 0x44, 0x46, 0x2d, 0x31, 0x2e, 0x34, 0x0a]), contentType: "application/pdf" }, cursor: null, via: `${server.base}/news/report.pdf` },
      { raw: { payload: new Uint8Array(), contentType: "text/html" }, cursor: null, via: `${server.base}/news/empty.html` },
      { raw: { payload: new Uint8Array([0x3c, 0x70, 0x3e, 0xff, 0xfe, 0x3c]), contentType: "text/html; charset=utf-8" }, cursor: null, via: `${server.base}/news/bad-utf8.html` },
      { raw: { payload: "{}", contentType: "application/json" }, cursor: null, via: null, error: { code: "FETCH_FAILED", reason: "HTTP 404" } },
    ],
    close: () => server.close(),
  };
});

describe("rss source", () => {
  let server: FeedServer;
  before(async () => {
    server = await startServer();
  });
  after(() => server.close());

  it("reads an RSS 2.0 feed oldest first; each article's embedded posts come with the article as provenance", async () => {
    const items = await readAll(source(server, "/rss2.xml"));
    assert.deepEqual(items.map((i) => i.via), ["lighthouse", "slow", "ferry", "missing", "library"].map((n) => `${server.base}/news/${n}.html${n === "library" ? "?utm_source=rss&utm_medium=feed" : ""}`));
    const src = source(server, "/rss2.xml");
    const lighthouse = src.normalize(items[0]!);
    assert.equal(lighthouse.article?.title, "Harbour lighthouse shines again after 40 years");
    assert.equal(lighthouse.article?.url, `${server.base}/news/lighthouse.html`);
    assert.deepEqual(lighthouse.posts.map((p) => [p.platform, p.id, p.author.handle]), [
      ["x", "3333333333333333301", "pellharrow_test"],
      ["x", "3333333333333333302", "inescorr_test"],
    ]);
    assert.match(lighthouse.posts[0]!.text ?? "", /teared up\. 🌊💡/);
    // The raw payload is the article's bytes exactly as served.
    assert.deepEqual(Buffer.from(items[0]!.raw.payload as Uint8Array).toString("utf8"), fixture("article-lighthouse.html"));
    assert.match(items[0]!.raw.contentType, /^text\/html/);
    const ferry = src.normalize(items[2]!);
    assert.deepEqual(ferry.posts.map((p) => [p.platform, p.id, p.author.handle]), [["bluesky", "at://did:plc:rsstestaaaaaaaaaaaaaaaaa/app.bsky.feed.post/3rsstest00001", "aoifetern.bsky.social"]]);
    const library = src.normalize(items[4]!);
    assert.deepEqual(library.posts.map((p) => [p.platform, p.id]), [["mastodon", "https://social.example/users/quietshelf/statuses/112233445566778899"], ["x", "3333333333333333303"]]);
    // Hostile text stays text: the markup-looking part is the post's words, not markup.
    assert.match(library.posts[1]!.text ?? "", /^<script>alert\(1\)<\/script> Thursday nights/);
  });

  it("turns an article that is missing (404) or never answers into an error item and goes on", async () => {
    const items = await readAll(source(server, "/rss2.xml"));
    const errors = items.filter((i) => i.error);
    assert.deepEqual(errors.map((i) => i.error!.code).sort(), ["FETCH_FAILED", "FETCH_TIMEOUT"]);
    const missing = errors.find((i) => i.error!.code === "FETCH_FAILED")!;
    assert.match(missing.error!.reason, /missing\.html.*404/);
    assert.equal(missing.via, `${server.base}/news/missing.html`);
    // The quarantined payload says which entry failed.
    assert.equal(JSON.parse(missing.raw.payload as string).key, "saltwick-gone");
    assert.equal(items.filter((i) => !i.error).length, 3);
    assert.throws(() => source(server, "/rss2.xml").normalize(missing), (e: unknown) => e instanceof VoxpopError);
  });

  it("reads Atom 1.0 (relative links resolved against xml:base, the alternate link chosen)", async () => {
    const src = source(server, "/atom.xml");
    const items = await readAll(src);
    assert.deepEqual(items.map((i) => i.via), [`${server.base}/news/lighthouse.html`, `${server.base}/news/ferry.html`]);
    assert.deepEqual(items.flatMap((i) => src.normalize(i).posts.map((p) => p.id)), ["3333333333333333301", "3333333333333333302", "at://did:plc:rsstestaaaaaaaaaaaaaaaaa/app.bsky.feed.post/3rsstest00001"]);
  });

  it("reads RSS 1.0 (RDF)", async () => {
    const src = source(server, "/rdf.xml");
    const items = await readAll(src);
    assert.equal(items.length, 1);
    assert.deepEqual(src.normalize(items[0]!).posts.map((p) => p.author.handle), ["tamsinhale_test"]);
  });

  it("polls with a conditional GET: an unchanged feed answers 304 and yields nothing new", async () => {
    const src = source(server, "/atom.xml");
    const first = await readAll(src);
    const cursor = first.at(-1)!.cursor;
    const parsed = JSON.parse(cursor!);
    assert.deepEqual(parsed.seen, ["tag:saltwick.example,2031:lighthouse", "tag:saltwick.example,2031:ferry"]);
    assert.match(parsed.etag, /^"[0-9a-f]+"$/);
    assert.equal(parsed.lastModified, LAST_MODIFIED);
    const before = server.log.length;
    const second = await readAll(source(server, "/atom.xml"), cursor);
    assert.equal(second.length, 0);
    const requests = server.log.slice(before);
    assert.equal(requests.length, 1, "only the feed was requested");
    assert.deepEqual(requests[0], { path: "/atom.xml", status: 304, ifNoneMatch: parsed.etag, ifModifiedSince: LAST_MODIFIED });
  });

  it("a cursor taken mid-batch keeps the old validators, so the restart still reads the rest", async () => {
    const items = await readAll(source(server, "/rss2.xml"));
    const mid = JSON.parse(items[1]!.cursor!);
    assert.equal(mid.etag, null, "the feed's new ETag is committed only with the batch's last item");
    const rest = await readAll(source(server, "/rss2.xml"), items[1]!.cursor);
    assert.deepEqual(rest.map((i) => i.via), items.slice(2).map((i) => i.via));
  });

  it("follows the feed: an entry added while following is picked up, then the read stops on abort", async () => {
    const feed = (entries: string[]) => `<?xml version="1.0"?><rss version="2.0"><channel><title>Live</title>${entries.join("")}</channel></rss>`;
    const entry = (name: string) => `<item><title>${name}</title><link>{{BASE}}/news/${name}.html</link><guid>live-${name}</guid></item>`;
    server.set("/live.xml", feed([entry("lighthouse")]));
    const src = source(server, "/live.xml", { follow: true, intervalMs: 20 });
    assert.equal(src.mode, "live");
    const controller = new AbortController();
    const guard = setTimeout(() => controller.abort(), 10_000);
    const seen: string[] = [];
    try {
      for await (const item of src.read(null, controller.signal)) {
        seen.push(item.via!);
        // The follower is paused at this item; the entry published now shows up on a later poll.
        if (seen.length === 1) server.set("/live.xml", feed([entry("regatta"), entry("lighthouse")]));
        if (seen.length === 2) controller.abort();
      }
    } catch (err) {
      assert.ok(err instanceof VoxpopError && err.code === "FETCH_ABORTED", String(err));
    } finally {
      clearTimeout(guard);
    }
    assert.deepEqual(seen, [`${server.base}/news/lighthouse.html`, `${server.base}/news/regatta.html`]);
    assert.equal(src.normalize({ raw: { payload: fixture("article-regatta.html"), contentType: "text/html" }, cursor: null, via: seen[1]! }).posts[0]!.id, "3333333333333333304");
  });

  it("keeps following an unchanged feed with 304s until aborted", async () => {
    server.set("/still.xml", `<rss version="2.0"><channel><title>Still</title></channel></rss>`);
    const controller = new AbortController();
    const src = source(server, "/still.xml", {
      follow: true,
      intervalMs: 5,
      sleep: async (_ms, signal) => {
        // Abort after the third poll, from the wait between polls (as Ctrl-C would).
        if (server.log.filter((l) => l.path === "/still.xml").length >= 3) controller.abort();
        if (signal?.aborted) throw new VoxpopError("FETCH_ABORTED", "cancelled");
      },
    });
    await assert.rejects(async () => {
      for await (const _ of src.read(null, controller.signal)) assert.fail("an empty feed yielded an item");
    }, (e: unknown) => e instanceof VoxpopError && e.code === "FETCH_ABORTED");
    const polls = server.log.filter((l) => l.path === "/still.xml");
    assert.deepEqual(polls.map((p) => p.status), [200, 304, 304]);
  });

  it("refuses a malformed feed with a clear error giving the line", async () => {
    await assert.rejects(readAll(source(server, "/malformed.xml")), (e: unknown) => {
      assert.ok(e instanceof VoxpopError);
      assert.equal(e.code, "PARSE_ERROR");
      assert.match(e.message, /malformed\.xml is not well-formed XML \(line 3, column \d+: .*item/);
      return true;
    });
    await assert.rejects(readAll(source(server, "/news/ferry.html")), (e: unknown) => e instanceof VoxpopError && e.code === "PARSE_ERROR");
  });

  it("does not expand entities: a billion-laughs feed is read as the small document it is", async () => {
    const src = source(server, "/billion-laughs.xml");
    const items = await readAll(src);
    assert.equal(items.length, 1);
    assert.equal(src.normalize(items[0]!).posts[0]!.id, "at://did:plc:rsstestaaaaaaaaaaaaaaaaa/app.bsky.feed.post/3rsstest00001");
    const feed = parseFeed(fixture("billion-laughs.xml"));
    assert.equal(feed.title, "&lol9;");
    assert.equal(feed.entries[0]!.title, "&lol9;");
  });

  it("refuses external entities", () => {
    const xxe = `<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><rss><channel><title>&xxe;</title></channel></rss>`;
    assert.throws(() => parseFeed(xxe), (e: unknown) => e instanceof VoxpopError && e.code === "PARSE_ERROR" && /external entit/i.test(e.message));
  });

  it("gives a clear error when the feed keeps failing (after the client's retries)", async () => {
    await assert.rejects(readAll(source(server, "/unavailable.xml")), (e: unknown) => {
      assert.ok(e instanceof VoxpopError);
      assert.equal(e.code, "HTTP_ERROR");
      assert.match(e.message, /^the feed http:\/\/127\.0\.0\.1:\d+\/unavailable\.xml could not be read: .*503 3 times/);
      return true;
    });
    assert.equal(server.log.filter((l) => l.path === "/unavailable.xml").length, 3);
  });

  it("refuses a loopback feed unless allowPrivate is given", async () => {
    const src = createRssSource({ url: `${server.base}/rss2.xml`, client: new ApiClient({ retry: { maxAttempts: 1 } }) });
    await assert.rejects(readAll(src as ReturnType<typeof source>), (e: unknown) => e instanceof VoxpopError && e.code === "BLOCKED_ADDRESS");
  });

  it("skips entries published before `since`", async () => {
    const items = await readAll(source(server, "/rss2.xml", { since: "2031-04-03T00:00:00Z" }));
    assert.deepEqual(items.map((i) => new URL(i.via!).pathname), ["/news/ferry.html", "/news/missing.html", "/news/library.html"]);
  });

  it("decodes XML's own entities once and leaves undeclared ones as text", () => {
    assert.equal(decodeXmlText("A &amp;#233; &#233; &#x1F30A; &lt;b&gt; &nbsp; &#0;"), "A &#233; é 🌊 <b> &nbsp; \ufffd");
  });
});
