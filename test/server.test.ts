// The HTTP API (docs/API.md) in process through Hono's `request`, each test on its own SQLite
// file; the live events stream and `voxpop serve` over a real local port. Real store, real
// enrichment pipeline, the real demo article.
import { describe, it, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdtemp, mkdir, rm, writeFile, stat, chmod, readFile, symlink } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import http from "node:http";
import type { AddressInfo } from "node:net";
import type { Hono } from "hono";
import { createApp, type App } from "../src/app.ts";
import { createServer, startServer, resolveToken, APP_CSP, BODY_LIMIT, IMPORT_BODY_LIMIT, type ServerOptions } from "../src/server/index.ts";
import { serveCommand } from "../src/cli/serve.ts";
import type { CollectedPost } from "../src/core/index.ts";
import type { FeedPost } from "../src/store/index.ts";

const ROOT = new URL("..", import.meta.url).pathname;
const DEMO = join(ROOT, "demo/article.html");
const TOKEN = "test-token-0123456789abcdef";
const AUTH = { authorization: `Bearer ${TOKEN}` };
const JSON_AUTH = { ...AUTH, "content-type": "application/json" };

let tmp: string;
let webRoot: URL;
before(async () => {
  tmp = await mkdtemp(join(tmpdir(), "voxpop-server-"));
  // A small web root of our own (the real src/web/ changes under another helper's hands).
  const web = join(tmp, "web");
  await mkdir(web);
  await writeFile(join(web, "index.html"), '<!doctype html><title>voxpop</title><script type="module" src="/main.ts"></script>');
  await writeFile(join(web, "main.ts"), 'import type { Story } from "../store/store.ts";\nconst n: number = 1;\nexport function f(s: Story): string { return s.name + n; }\n');
  await writeFile(join(web, "style.css"), "body { color: black }");
  await writeFile(join(tmp, "secret.txt"), "TOP SECRET");
  await symlink(join(tmp, "secret.txt"), join(web, "leak.txt"));
  webRoot = pathToFileURL(web + "/");
});
after(async () => {
  await rm(tmp, { recursive: true, force: true });
});

interface Ctx { app: App; server: Hono; dir: string; close(): Promise<void> }

let counter = 0;
async function setup(options: Partial<ServerOptions> = {}): Promise<Ctx> {
  const dir = join(tmp, `case-${++counter}`);
  await mkdir(dir);
  const app = createApp({ dbPath: join(dir, "voxpop.db") });
  const controller = new AbortController();
  const server = createServer(app, { token: TOKEN, webRoot, signal: controller.signal, log: () => {}, ...options });
  return { app, server, dir, close: async () => { controller.abort(); await app.close(); } };
}

/** Runs a test body with a fresh server and database, closed afterwards. */
function withServer(fn: (ctx: Ctx) => Promise<void>, options: Partial<ServerOptions> = {}) {
  return async () => {
    const ctx = await setup(options);
    try {
      await fn(ctx);
    } finally {
      await ctx.close();
    }
  };
}

async function body(res: Response): Promise<any> {
  const text = await res.text();
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

async function seedDemo(app: App): Promise<void> {
  const [o] = await app.importSources([DEMO], { story: "demo", subjects: ["adamarrow"] });
  assert.ok(o?.ok, "demo article imported");
}

function post(id: string, text: string, name = "Tester"): CollectedPost {
  return {
    platform: "bluesky", id: `at://did:plc:test/app.bsky.feed.post/${id}`, url: null,
    author: { name, handle: "tester.example" }, createdAt: "2031-02-01T10:00:00.000Z", dateText: null,
    text, links: [], mentions: [], position: 1, inArticle: true,
  };
}

async function savePost(app: App, story: string, p: CollectedPost): Promise<void> {
  await app.store().savePosts({ posts: [p], source: { kind: "file", uri: "test:server" }, story });
}

async function expectError(res: Response, status: number, code: string, messagePart?: RegExp): Promise<void> {
  const b = await body(res);
  assert.equal(res.status, status, JSON.stringify(b));
  assert.equal(b.error?.code, code);
  assert.equal(typeof b.error?.message, "string");
  if (messagePart) assert.match(b.error.message, messagePart);
  assert.doesNotMatch(JSON.stringify(b), /\bat .*\.ts:\d+/, "no stack trace");
}

const json = (value: unknown, headers: Record<string, string> = JSON_AUTH): RequestInit => ({ method: "POST", headers, body: JSON.stringify(value) });

describe("stories", () => {
  it("lists, creates, reads and edits stories", withServer(async ({ server }) => {
    let res = await server.request("/api/stories");
    assert.equal(res.status, 200);
    assert.deepEqual(await body(res), { stories: [] });

    res = await server.request("/api/stories", json({ name: "trial", title: "The trial", subjects: ["@Judge"], rules: { keywords: ["verdict"], tags: ["#trial"] } }));
    assert.equal(res.status, 201);
    const created = await body(res);
    assert.equal(created.name, "trial");
    assert.deepEqual(created.subjects, ["Judge"]);
    assert.deepEqual(created.rules.tags, ["trial"]);

    res = await server.request("/api/stories/trial", { method: "PATCH", headers: JSON_AUTH, body: JSON.stringify({ subjects: ["other"], rules: { urls: ["https://news.example/a"] } }) });
    assert.equal(res.status, 200);
    const edited = await body(res);
    assert.deepEqual(edited.subjects, ["Judge", "other"], "subjects merge as with voxpop story edit");
    assert.deepEqual(edited.rules.keywords, ["verdict"], "rules not given keep their value");
    assert.deepEqual(edited.rules.urls, ["https://news.example/a"]);

    res = await server.request("/api/stories/trial");
    assert.equal((await body(res)).title, "The trial");
    res = await server.request("/api/stories");
    assert.deepEqual((await body(res)).stories.map((s: { name: string }) => s.name), ["trial"]);
  }));

  it("story names with spaces and unicode travel in the path", withServer(async ({ server }) => {
    assert.equal((await server.request("/api/stories", json({ name: "Élection 2031" }))).status, 201);
    const res = await server.request(`/api/stories/${encodeURIComponent("Élection 2031")}`);
    assert.equal((await body(res)).name, "Élection 2031");
  }));

  it("refuses a duplicate, bad fields, bad JSON and unknown stories with clear errors", withServer(async ({ server }) => {
    await server.request("/api/stories", json({ name: "a" }));
    await expectError(await server.request("/api/stories", json({ name: "a" })), 400, "INVALID_ARGUMENT", /already exists/);
    await expectError(await server.request("/api/stories", json({ title: "no name" })), 400, "INVALID_ARGUMENT", /name/);
    await expectError(await server.request("/api/stories", json({ name: "b", colour: "red" })), 400, "INVALID_ARGUMENT", /colour/);
    await expectError(await server.request("/api/stories", json({ name: "b", rules: { since: "yesterday" } })), 400, "INVALID_ARGUMENT", /rules\.since/);
    await expectError(await server.request("/api/stories", json({ name: "b", rules: { urls: ["javascript:alert(1)"] } })), 400, "INVALID_ARGUMENT", /http/);
    await expectError(await server.request("/api/stories", json({ name: "bad\u0000name" })), 400, "INVALID_ARGUMENT", /control/);
    await expectError(await server.request("/api/stories", { method: "POST", headers: JSON_AUTH, body: "{not json" }), 400, "PARSE_ERROR", /JSON/);
    await expectError(await server.request("/api/stories", { method: "POST", headers: { ...AUTH, "content-type": "text/plain" }, body: "{}" }), 400, "INVALID_ARGUMENT", /application\/json/);
    await expectError(await server.request("/api/stories", { method: "POST", headers: AUTH }), 400, "INVALID_ARGUMENT", /JSON body/);
    await expectError(await server.request("/api/stories/nope"), 404, "NOT_FOUND", /nope/);
    await expectError(await server.request("/api/stories/nope", { method: "PATCH", headers: JSON_AUTH, body: "{}" }), 404, "NOT_FOUND");
    await expectError(await server.request("/api/nothing-here"), 404, "NOT_FOUND");
  }));
});

describe("authentication and limits", () => {
  it("writes need the bearer token; reads do not", withServer(async ({ server }) => {
    let res = await server.request("/api/stories", json({ name: "a" }, { "content-type": "application/json" }));
    assert.equal(res.headers.get("www-authenticate"), 'Bearer realm="voxpop"');
    await expectError(res, 401, "AUTH_FAILED", /Bearer/);
    await expectError(await server.request("/api/stories", json({ name: "a" }, { "content-type": "application/json", authorization: "Bearer wrong-token-0123456789" })), 401, "AUTH_FAILED", /wrong/);
    await expectError(await server.request("/api/stories", json({ name: "a" }, { "content-type": "application/json", authorization: `Basic ${TOKEN}` })), 401, "AUTH_FAILED");
    await expectError(await server.request("/api/stories", json({ name: "a" }, { "content-type": "application/json", authorization: `Bearer ${TOKEN}x` })), 401, "AUTH_FAILED");
    assert.equal((await server.request("/api/stories", json({ name: "a" }, { "content-type": "application/json", authorization: `bearer ${TOKEN}` }))).status, 201);
    assert.equal((await server.request("/api/stories")).status, 200);
    assert.deepEqual((await body(await server.request("/api/stories"))).stories.length, 1, "the refused writes stored nothing");
  }));

  it("refuses bodies over the limit (413), declared or streamed", withServer(async ({ server, app }) => {
    const big = JSON.stringify({ name: "x".repeat(BODY_LIMIT) });
    await expectError(await server.request("/api/stories", { method: "POST", headers: JSON_AUTH, body: big }), 413, "INPUT_TOO_LARGE");
    await app.store().ensureStory("s");
    // No Content-Length: the body is counted while it is read.
    const chunk = new TextEncoder().encode("x".repeat(1024 * 1024));
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent === 0) controller.enqueue(new TextEncoder().encode('{"html":"'));
        if (sent > IMPORT_BODY_LIMIT + chunk.length) return controller.close();
        controller.enqueue(chunk);
        sent += chunk.length;
      },
    });
    const res = await server.request("/api/stories/s/import", { method: "POST", headers: JSON_AUTH, body: stream, duplex: "half" } as RequestInit);
    await expectError(res, 413, "INPUT_TOO_LARGE");
  }));

  it("answers only to the allowed Host names when told (DNS rebinding)", withServer(async ({ server }) => {
    assert.equal((await server.request("http://127.0.0.1:8787/api/stories")).status, 200);
    assert.equal((await server.request("http://localhost:8787/api/stories")).status, 200);
    await expectError(await server.request("http://rebound.example:8787/api/stories"), 403, "BLOCKED_ADDRESS");
  }, { allowedHosts: ["localhost", "127.0.0.1", "[::1]"] }));

  it("an unexpected failure is a 500 \"internal error\" that shows nothing inside", async () => {
    const app = createApp({ dbPath: ":memory:" });
    const broken = { ...app, store: () => { throw new Error("SQLITE_CORRUPT at /home/secret/voxpop.db"); } } as App;
    const logged: string[] = [];
    const server = createServer(broken, { token: TOKEN, webRoot, log: (l) => logged.push(l) });
    const res = await server.request("/api/stories");
    const b = await body(res);
    assert.equal(res.status, 500);
    assert.deepEqual(b, { error: { code: "INTERNAL", message: "internal error" } });
    assert.match(logged.join("\n"), /SQLITE_CORRUPT/, "the operator's log has it");
    await app.close();
  });
});

describe("security headers and escaping", () => {
  it("every response carries them: API, errors, the app", withServer(async ({ server }) => {
    for (const [path, init] of [["/api/stories", {}], ["/api/stories/nope", {}], ["/api/stories", { method: "POST" }], ["/", {}], ["/main.ts", {}]] as const) {
      const res = await server.request(path, init);
      assert.equal(res.headers.get("x-content-type-options"), "nosniff", path);
      assert.equal(res.headers.get("referrer-policy"), "no-referrer", path);
      assert.equal(res.headers.get("x-frame-options"), "DENY", path);
      assert.match(res.headers.get("content-security-policy") ?? "", /frame-ancestors 'none'/, path);
      assert.equal(res.headers.get("access-control-allow-origin"), null, `${path}: CORS is closed`);
    }
    const page = await server.request("/");
    assert.equal(page.headers.get("content-security-policy"), APP_CSP);
    assert.doesNotMatch(APP_CSP, /unsafe-inline|unsafe-eval/);
    const preflight = await server.request("/api/stories", { method: "OPTIONS", headers: { origin: "https://evil.example", "access-control-request-method": "POST" } });
    assert.equal(preflight.headers.get("access-control-allow-origin"), null);
  }));

  it("hostile post text and names come back as JSON data, never HTML", withServer(async ({ server, app }) => {
    await app.store().ensureStory("s");
    const text = "<img src=x onerror=alert(1)> & </script><script>alert(2)</script>";
    const name = "<script>alert(3)</script>";
    await savePost(app, "s", post("1", text, name));
    const res = await server.request("/api/stories/s/posts?abuse=show");
    assert.equal(res.status, 200);
    assert.match(res.headers.get("content-type") ?? "", /^application\/json/);
    const raw = await res.text();
    assert.doesNotMatch(raw, /[<>]/, "no markup characters in the JSON text");
    const page = JSON.parse(raw);
    assert.equal(page.posts[0].text, text, "the literal text, unchanged");
    assert.equal(page.posts[0].author.name, name);
  }));
});

describe("import", () => {
  it("imports an article given as HTML or text; never reads a local file", withServer(async ({ server, app }) => {
    await app.store().ensureStory("demo");
    const html = await readFile(DEMO, "utf8");
    let res = await server.request("/api/stories/demo/import", json({ html, url: "https://news.example/ada" }));
    const out = await body(res);
    assert.equal(res.status, 200, JSON.stringify(out));
    assert.equal(out.title, "Novelist Ada Marrow says her next book will be her last");
    assert.ok(out.posts > 5 && out.inserted === out.posts, JSON.stringify(out));
    res = await server.request("/api/stories/demo/import", json({ html, url: "https://news.example/ada" }));
    assert.equal((await body(res)).unchanged, out.posts, "a second import changes nothing");
    const posts = await app.store().storyPosts("demo");
    assert.equal(posts[0]!.provenance[0]!.articleUrl, "https://news.example/ada");

    res = await server.request("/api/stories/demo/import", json({ text: "Sending love to her family. — Jo Doe (@jodoe) March 3, 2031" }));
    assert.equal(res.status, 200);

    await expectError(await server.request("/api/stories/demo/import", json({ url: "file:///etc/passwd" })), 400, "INVALID_ARGUMENT", /http/);
    await expectError(await server.request("/api/stories/demo/import", json({ url: "/etc/passwd" })), 400, "INVALID_ARGUMENT");
    await expectError(await server.request("/api/stories/demo/import", json({ html, text: "x" })), 400, "INVALID_ARGUMENT", /\{url\}/);
    await expectError(await server.request("/api/stories/demo/import", json({ html: "" })), 400, "INVALID_ARGUMENT");
    await expectError(await server.request("/api/stories/none/import", json({ html })), 404, "NOT_FOUND");
  }));

  it("fetches a URL; a private address only with allowPrivate", async () => {
    const html = await readFile(DEMO);
    const peer = http.createServer((_req, res) => { res.setHeader("content-type", "text/html; charset=utf-8"); res.end(html); });
    await new Promise<void>((r) => peer.listen(0, "127.0.0.1", r));
    const url = `http://127.0.0.1:${(peer.address() as AddressInfo).port}/article`;
    try {
      await withServer(async ({ server, app }) => {
        await app.store().ensureStory("demo");
        await expectError(await server.request("/api/stories/demo/import", json({ url })), 403, "BLOCKED_ADDRESS");
      })();
      await withServer(async ({ server, app }) => {
        await app.store().ensureStory("demo");
        const res = await server.request("/api/stories/demo/import", json({ url }));
        const out = await body(res);
        assert.equal(res.status, 200, JSON.stringify(out));
        assert.ok(out.inserted > 5);
      }, { allowPrivate: true })();
    } finally {
      peer.closeAllConnections();
      peer.close();
    }
  });
});

describe("the feed", () => {
  it("pages through every post once, with filters from the query string", withServer(async ({ server, app }) => {
    await seedDemo(app);
    const all = (await app.store().storyPosts("demo")).length;
    let res = await server.request("/api/stories/demo/posts?abuse=show");
    let page = await body(res);
    assert.equal(res.status, 200, JSON.stringify(page));
    assert.equal(page.total, all);
    assert.equal(page.posts[0].curation.status, "undecided");
    assert.equal(typeof page.posts[0].facets.notability, "number");

    // Pages of 3 cover the story exactly once.
    const seen: number[] = [];
    let cursor: string | null = null;
    do {
      res = await server.request(`/api/stories/demo/posts?abuse=show&limit=3${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`);
      page = await body(res);
      assert.equal(res.status, 200, JSON.stringify(page));
      assert.ok(page.posts.length <= 3);
      seen.push(...page.posts.map((p: FeedPost) => p.position));
      cursor = page.nextCursor;
    } while (cursor);
    assert.deepEqual(seen, [...seen].sort((a, b) => a - b));
    assert.equal(new Set(seen).size, all);

    const posts: FeedPost[] = (await body(await server.request("/api/stories/demo/posts?abuse=show&limit=500"))).posts;
    const reaction = posts.find((p) => p.facets.reaction)!.facets.reaction!;
    page = await body(await server.request(`/api/stories/demo/posts?abuse=show&reaction=${reaction}`));
    assert.ok(page.posts.length > 0 && page.posts.every((p: FeedPost) => p.facets.reaction === reaction));
    assert.equal(page.total, posts.filter((p) => p.facets.reaction === reaction).length);

    const platforms = [...new Set(posts.map((p) => p.platform))].slice(0, 2);
    page = await body(await server.request(`/api/stories/demo/posts?abuse=show&${platforms.map((p) => `platform=${p}`).join("&")}`));
    assert.equal(page.total, posts.filter((p) => platforms.includes(p.platform)).length, "repeated params: any of");

    page = await body(await server.request("/api/stories/demo/posts?abuse=show&role=subject"));
    assert.ok(page.posts.every((p: FeedPost) => p.role === "subject"));
    assert.equal(page.total, posts.filter((p) => p.role === "subject").length);

    page = await body(await server.request("/api/stories/demo/posts?abuse=show&sort=newest&limit=500"));
    const times = page.posts.map((p: FeedPost) => p.createdAt).filter(Boolean);
    assert.deepEqual(times, [...times].sort().reverse());
  }));

  it("refuses bad query parameters with a message naming them", withServer(async ({ server, app }) => {
    await app.store().ensureStory("s");
    const cases: Array<[string, RegExp]> = [
      ["reaction=nope", /reaction/],
      ["emotion=rage", /emotion/],
      ["lang=english", /lang/],
      ["platform=myspace", /platform/],
      ["limit=0", /limit/],
      ["limit=501", /limit/],
      ["limit=ten", /limit/],
      ["minNotability=2", /minNotability/],
      ["sort=random", /sort/],
      ["abuse=maybe", /abuse/],
      ["since=yesterday", /since/],
      ["since=2031-02-02&until=2031-02-01", /since/],
      ["sort=newest&sort=oldest", /once/],
      ["colour=red", /colour/],
    ];
    for (const [qs, message] of cases) await expectError(await server.request(`/api/stories/s/posts?${qs}`), 400, "INVALID_ARGUMENT", message);
    await expectError(await server.request("/api/stories/nope/posts"), 404, "NOT_FOUND");
  }));
});

describe("decisions", () => {
  it("include, pin, move, note and undo round-trip through the API and the feed", withServer(async ({ server, app }) => {
    await seedDemo(app);
    const posts: FeedPost[] = (await body(await server.request("/api/stories/demo/posts?abuse=show&limit=500"))).posts;
    const [a, b] = posts.map((p) => ({ platform: p.platform, id: p.id }));
    const decide = (d: unknown) => server.request("/api/stories/demo/decisions", json(d));

    let res = await decide({ action: "include", post: a });
    const first = await body(res);
    assert.equal(res.status, 201, JSON.stringify(first));
    assert.equal(first.action, "include");
    assert.deepEqual(first.post, a);
    assert.equal(first.actor, "api");
    assert.equal(first.undone, false);
    assert.equal((await decide({ action: "include", post: b })).status, 201);
    assert.equal((await decide({ action: "pin", post: b })).status, 201);
    assert.equal((await decide({ action: "note", post: a, value: { note: "call back" } })).status, 201);
    assert.equal((await decide({ action: "section", post: a, value: { section: "Tributes" } })).status, 201);
    assert.equal((await decide({ action: "move", post: a, value: { before: b } })).status, 201);

    let feed = await body(await server.request("/api/stories/demo/posts?abuse=show&status=included&sort=curated"));
    assert.equal(feed.total, 2);
    const curA = feed.posts.find((p: FeedPost) => p.id === a!.id).curation;
    assert.equal(curA.note, "call back");
    assert.equal(curA.section, "Tributes");
    assert.equal((await body(await server.request("/api/stories/demo/posts?abuse=show&status=pinned"))).total, 1);

    // Undo the latest (the move), then name an earlier one (the include of b).
    res = await decide({ action: "undo" });
    assert.equal(res.status, 201);
    const includeB = (await body(await server.request("/api/stories/demo/decisions"))).decisions.find((d: { action: string; post: { id: string } | null }) => d.action === "include" && d.post?.id === b!.id);
    assert.equal((await decide({ action: "undo", value: { decision: includeB.id } })).status, 201);

    const log = (await body(await server.request("/api/stories/demo/decisions"))).decisions;
    assert.deepEqual(log.map((d: { action: string }) => d.action), ["include", "include", "pin", "note", "section", "move", "undo", "undo"], "append-only, oldest first");
    assert.equal(log.find((d: { action: string }) => d.action === "move").undone, true);
    feed = await body(await server.request("/api/stories/demo/posts?abuse=show&status=included"));
    assert.deepEqual(feed.posts.map((p: FeedPost) => p.id), [a!.id]);
  }));

  it("refuses malformed decisions and unknown stories or posts", withServer(async ({ server, app }) => {
    await seedDemo(app);
    const post = (await app.store().storyPosts("demo"))[0]!;
    const ref = { platform: post.platform, id: post.id };
    const decide = (d: unknown, story = "demo") => server.request(`/api/stories/${story}/decisions`, json(d));
    await expectError(await decide({ action: "delete", post: ref }), 400, "INVALID_ARGUMENT", /action/);
    await expectError(await decide({ action: "include" }), 400, "INVALID_ARGUMENT", /post/);
    await expectError(await decide({ action: "include", post: { platform: "myspace", id: "1" } }), 400, "INVALID_ARGUMENT", /platform/);
    await expectError(await decide({ action: "include", post: ref, value: { rank: 1 } }), 400, "INVALID_ARGUMENT", /value/);
    await expectError(await decide({ action: "move", post: ref, value: { rank: "first" } }), 400, "INVALID_ARGUMENT", /before|rank/);
    await expectError(await decide({ action: "note", post: ref, value: { note: "x".repeat(2001) } }), 400, "INVALID_ARGUMENT", /2000/);
    await expectError(await decide({ action: "undo", post: ref }), 400, "INVALID_ARGUMENT");
    await expectError(await decide({ action: "include", post: ref }, "nope"), 404, "NOT_FOUND");
    await expectError(await server.request("/api/stories/nope/decisions"), 404, "NOT_FOUND");
    const res = await decide({ action: "include", post: { platform: "bluesky", id: "at://did:plc:none/app.bsky.feed.post/1" } });
    assert.ok(res.status === 404 || res.status === 400, `unknown post: ${res.status}`);
    assert.deepEqual((await body(await server.request("/api/stories/demo/decisions"))).decisions, [], "nothing refused was logged");
  }));
});

describe("publishing", () => {
  it("renders the roundup as Markdown, HTML (sandboxed) and JSON", withServer(async ({ server, app }) => {
    await seedDemo(app);
    let res = await server.request("/api/stories/demo/roundup");
    assert.equal(res.status, 200);
    assert.match(res.headers.get("content-type")!, /^text\/markdown/);
    assert.match(await res.text(), /Ada Marrow/);
    res = await server.request("/api/stories/demo/roundup?format=html&embeds=static");
    assert.match(res.headers.get("content-type")!, /^text\/html/);
    assert.match(res.headers.get("content-security-policy")!, /^sandbox [^;]*;/);
    assert.doesNotMatch(res.headers.get("content-security-policy")!, /allow-scripts|allow-same-origin/, "static cards: no script at all");
    assert.equal(res.headers.get("x-frame-options"), "SAMEORIGIN", "the web app may preview it in a frame");
    res = await server.request("/api/stories/demo/roundup?format=html&embeds=official");
    const csp = res.headers.get("content-security-policy")!;
    assert.match(csp, /^sandbox allow-scripts/, "official embeds run their scripts...");
    assert.doesNotMatch(csp, /allow-same-origin/, "...in an opaque origin, away from the app's token");
    res = await server.request("/api/stories/demo/roundup?format=json");
    assert.match(res.headers.get("content-type")!, /^application\/json/);
    assert.ok(JSON.parse(await res.text()));
    await expectError(await server.request("/api/stories/demo/roundup?format=pdf"), 400, "INVALID_ARGUMENT", /format/);
    await expectError(await server.request("/api/stories/demo/roundup?embeds=iframe"), 400, "INVALID_ARGUMENT", /embeds/);
    await expectError(await server.request("/api/stories/nope/roundup"), 404, "NOT_FOUND");
  }));

  it("the roundup follows the editor's decisions", withServer(async ({ server, app }) => {
    await seedDemo(app);
    const posts = await app.store().storyPosts("demo");
    const chosen = posts.find((p) => p.role === "reaction" && p.text)!;
    const before = await (await server.request("/api/stories/demo/roundup?format=json")).json();
    const count = (r: { sections: Array<{ posts: unknown[] }> }) => r.sections.reduce((n, s) => n + s.posts.length, 0);
    assert.ok(count(before) > 1, "nothing included yet: every post");
    const res = await server.request("/api/stories/demo/decisions", json({ action: "include", post: { platform: chosen.platform, id: chosen.id } }));
    assert.equal(res.status, 201);
    await server.request("/api/stories/demo/decisions", json({ action: "note", post: { platform: chosen.platform, id: chosen.id }, value: { note: "PRIVATE NOTE" } }));
    const after = await (await server.request("/api/stories/demo/roundup?format=json")).json();
    assert.equal(count(after), 1, "only the included post");
    const md = await (await server.request("/api/stories/demo/roundup")).text();
    assert.doesNotMatch(md, /PRIVATE NOTE/, "notes are never published");
  }));

  it("exports JSONL, CSV, Parquet and JSON Feed as attachments, and the datasheet", withServer(async ({ server, app }) => {
    await seedDemo(app);
    const n = (await app.store().storyPosts("demo")).length;
    let res = await server.request("/api/stories/demo/export?format=jsonl");
    assert.equal(res.status, 200);
    assert.match(res.headers.get("content-type")!, /^application\/jsonl/);
    assert.match(res.headers.get("content-disposition")!, /^attachment; filename="demo\.jsonl"/);
    const lines = (await res.text()).trim().split("\n").map((l) => JSON.parse(l));
    assert.equal(lines.length, n);
    assert.ok(lines[0].provenance[0].rawHash, "provenance on every row");

    res = await server.request("/api/stories/demo/export?format=csv");
    assert.match(res.headers.get("content-type")!, /^text\/csv/);
    assert.equal((await res.text()).trim().split("\r\n").length >= n + 1, true);

    res = await server.request("/api/stories/demo/export?format=parquet");
    assert.equal(res.headers.get("content-type"), "application/vnd.apache.parquet");
    assert.match(res.headers.get("content-disposition")!, /filename="demo\.parquet"/);
    const bytes = new Uint8Array(await res.arrayBuffer());
    assert.equal(new TextDecoder().decode(bytes.subarray(0, 4)), "PAR1");
    assert.equal(new TextDecoder().decode(bytes.subarray(bytes.length - 4)), "PAR1");

    res = await server.request("/api/stories/demo/export?format=jsonfeed");
    assert.match(res.headers.get("content-type")!, /^application\/feed\+json/);
    assert.equal((await res.json()).version, "https://jsonfeed.org/version/1.1");

    res = await server.request("/api/stories/demo/export/datasheet?format=csv");
    assert.equal(res.status, 200);
    assert.match(res.headers.get("content-type")!, /^text\/markdown/);
    assert.match(await res.text(), /demo\.csv/);
    assert.equal((await server.request("/api/stories/demo/export/datasheet")).status, 200);

    await expectError(await server.request("/api/stories/demo/export?format=xls"), 400, "INVALID_ARGUMENT", /format/);
    await expectError(await server.request("/api/stories/nope/export?format=jsonl"), 404, "NOT_FOUND");
    await expectError(await server.request("/api/stories/nope/export/datasheet"), 404, "NOT_FOUND");
  }));

  it("a story name with quotes and unicode gives a safe download name", withServer(async ({ server, app }) => {
    const name = 'Élection "2031"; x=1';
    await app.store().ensureStory(name);
    const res = await server.request(`/api/stories/${encodeURIComponent(name)}/export?format=jsonl`);
    assert.equal(res.status, 200);
    const cd = res.headers.get("content-disposition")!;
    assert.match(cd, /^attachment; filename="[A-Za-z0-9._-]+"; filename\*=UTF-8''[^"; ]+$/);
  }));

  it("stats: reactions and a timeline", withServer(async ({ server, app }) => {
    await seedDemo(app);
    const res = await server.request("/api/stories/demo/stats");
    const stats = await body(res);
    assert.equal(res.status, 200, JSON.stringify(stats));
    assert.equal(stats.total, (await app.store().storyPosts("demo")).length);
    assert.equal(Object.values(stats.reactions as Record<string, number>).reduce((a, b) => a + b, 0) <= stats.total, true);
    assert.ok(Array.isArray(stats.timeline) && stats.timeline.length > 0);
    assert.equal((await server.request("/api/stories/demo/stats?bucket=day")).status, 200);
    await expectError(await server.request("/api/stories/demo/stats?bucket=century"), 400, "INVALID_ARGUMENT", /bucket/);
    await expectError(await server.request("/api/stories/nope/stats"), 404, "NOT_FOUND");
  }));
});

describe("the web app's files", () => {
  it("serves index.html, TypeScript modules as JavaScript, and the page for client routes", withServer(async ({ server }) => {
    let res = await server.request("/");
    assert.equal(res.status, 200);
    assert.match(res.headers.get("content-type")!, /^text\/html/);
    assert.match(await res.text(), /<title>voxpop<\/title>/);
    res = await server.request("/main.ts");
    assert.equal(res.status, 200);
    assert.equal(res.headers.get("content-type"), "text/javascript; charset=utf-8");
    const js = await res.text();
    assert.doesNotMatch(js, /: number|: Story|import type/, "types stripped");
    assert.match(js, /export function f\(s\s*\)/);
    res = await server.request("/style.css");
    assert.match(res.headers.get("content-type")!, /^text\/css/);
    res = await server.request("/stories/demo/feed");
    assert.match(await res.text(), /<title>voxpop<\/title>/, "client routing gets the page");
    assert.equal((await server.request("/missing.js")).status, 404);
  }));

  it("refuses paths that climb out of the web root", withServer(async ({ server }) => {
    for (const path of ["/../secret.txt", "/%2e%2e/secret.txt", "/..%2fsecret.txt", "/%2e%2e%2fsecret.txt", "/leak.txt", "/..%5csecret.txt", "/.%00/secret.txt", "/%00", "/.hidden.txt"]) {
      const res = await server.request(path);
      const text = await res.text();
      assert.notEqual(res.status, 200, path);
      assert.doesNotMatch(text, /TOP SECRET/, path);
    }
  }));
});

describe("API token", () => {
  it("is generated once with 0600 rights in a 0700 folder, then read back", async () => {
    const file = join(tmp, "token-home", "voxpop", "api-token");
    const env = { VOXPOP_API_TOKEN_FILE: file };
    const first = await resolveToken(env);
    assert.equal(first.created, true);
    assert.equal(first.path, file);
    assert.match(first.token, /^[A-Za-z0-9_-]{43}$/, "32 random bytes, base64url");
    assert.equal((await stat(file)).mode & 0o777, 0o600);
    assert.equal((await stat(join(tmp, "token-home", "voxpop"))).mode & 0o777, 0o700);
    const again = await resolveToken(env);
    assert.deepEqual(again, { token: first.token, created: false, path: file });
  });

  it("refuses a token file others can read, and VOXPOP_API_TOKEN overrides the file", async () => {
    const file = join(tmp, "open-token");
    await writeFile(file, "a-token-that-is-long-enough\n");
    await chmod(file, 0o644);
    await assert.rejects(resolveToken({ VOXPOP_API_TOKEN_FILE: file }), (e: Error & { code?: string }) => e.code === "CONFIG_ERROR" && /chmod 600/.test(e.message));
    assert.deepEqual(await resolveToken({ VOXPOP_API_TOKEN_FILE: file, VOXPOP_API_TOKEN: "from-the-environment-123" }), { token: "from-the-environment-123", created: false, path: null });
    await assert.rejects(resolveToken({ VOXPOP_API_TOKEN: "short" }), /at least 16/);
  });
});

// ---- live events over a real port ----

interface SseEvent { event: string | null; id: string | null; data: string | null }

/** Reads server-sent events from a response body; `next` waits (with a timeout) for one matching. */
function sseReader(res: Response) {
  const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = "";
  const queue: SseEvent[] = [];
  const comments: string[] = [];
  async function fill(deadline: number): Promise<void> {
    const timeout = new Promise<never>((_, reject) => setTimeout(() => reject(new Error("timed out waiting for an event")), Math.max(0, deadline - Date.now())).unref());
    const { done, value } = await Promise.race([reader.read(), timeout]);
    if (done) throw new Error("the stream ended");
    buffer += value;
    let cut: number;
    while ((cut = buffer.indexOf("\n\n")) >= 0) {
      const block = buffer.slice(0, cut);
      buffer = buffer.slice(cut + 2);
      const e: SseEvent = { event: null, id: null, data: null };
      let any = false;
      for (const line of block.split("\n")) {
        if (line.startsWith(":")) comments.push(line);
        else if (line.startsWith("event: ")) { e.event = line.slice(7); any = true; }
        else if (line.startsWith("id: ")) e.id = line.slice(4);
        else if (line.startsWith("data: ")) e.data = (e.data === null ? "" : e.data + "\n") + line.slice(6);
      }
      if (any) queue.push(e);
    }
  }
  return {
    comments,
    async next(kind: string, timeoutMs = 10_000): Promise<SseEvent> {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const i = queue.findIndex((e) => e.event === kind);
        if (i >= 0) return queue.splice(i, 1)[0]!;
        await fill(deadline);
      }
    },
    async comment(pattern: RegExp, timeoutMs = 10_000): Promise<void> {
      const deadline = Date.now() + timeoutMs;
      while (!comments.some((l) => pattern.test(l))) await fill(deadline);
    },
    /** Waits for the first bytes (the stream is open). */
    async opened(): Promise<void> {
      while (comments.length === 0 && queue.length === 0) await fill(Date.now() + 10_000);
    },
    cancel: () => reader.cancel().catch(() => {}),
  };
}

describe("live events", () => {
  it("streams new posts and decisions, and resumes after Last-Event-ID", async () => {
    const ctx = await setup({ events: { pollMs: 30, heartbeatMs: 60_000 } });
    const running = await startServer(ctx.server, { port: 0 });
    const controllers: AbortController[] = [];
    const open = (headers: Record<string, string> = {}) => {
      const c = new AbortController();
      controllers.push(c);
      return fetch(`${running.url}api/stories/s/events`, { headers, signal: c.signal });
    };
    try {
      assert.match(running.url, /^http:\/\/127\.0\.0\.1:\d+\/$/);
      await ctx.app.store().ensureStory("s");
      await savePost(ctx.app, "s", post("old", "stored before the stream opened"));

      const res = await open();
      assert.equal(res.status, 200);
      assert.match(res.headers.get("content-type")!, /^text\/event-stream/);
      assert.equal(res.headers.get("x-content-type-options"), "nosniff");
      const events = sseReader(res);
      await events.opened();

      // Stored through the store, as `voxpop collect` would from another process.
      await savePost(ctx.app, "s", post("new1", "<b>first</b> live post"));
      const e1 = await events.next("post");
      const p1 = JSON.parse(e1.data!);
      assert.equal(p1.text, "<b>first</b> live post");
      assert.equal(e1.id, String(p1.position));
      assert.equal(p1.position, 2, "the post stored before the stream opened is not sent");
      assert.doesNotMatch(e1.data!, /</, "post text travels JSON-escaped");
      assert.ok(p1.curation && p1.facets, "a FeedPost");

      await ctx.app.store().appendDecision("s", { action: "include", post: { platform: p1.platform, id: p1.id }, actor: "test" });
      const d = JSON.parse((await events.next("decision")).data!);
      assert.equal(d.action, "include");
      assert.equal(d.post.id, p1.id);

      await events.cancel();
      controllers[0]!.abort();
      await savePost(ctx.app, "s", post("new2", "stored while the client was away"));
      await savePost(ctx.app, "s", post("new3", "and another"));

      const resumed = sseReader(await open({ "last-event-id": e1.id! }));
      const r1 = JSON.parse((await resumed.next("post")).data!);
      const r2 = JSON.parse((await resumed.next("post")).data!);
      assert.deepEqual([r1.text, r2.text], ["stored while the client was away", "and another"]);
      await resumed.cancel();

      const bad = await open({ "last-event-id": "abc" });
      assert.equal(bad.status, 400);
      await bad.body?.cancel();
      const missing = await fetch(`${running.url}api/stories/nope/events`);
      assert.equal(missing.status, 404);
      await missing.body?.cancel();
    } finally {
      for (const c of controllers) c.abort();
      await running.close();
      await ctx.close();
    }
  });

  it("caps open streams and sends keep-alive comments", async () => {
    const ctx = await setup({ events: { pollMs: 20, heartbeatMs: 50, maxStreams: 1 } });
    const running = await startServer(ctx.server, { port: 0 });
    const c = new AbortController();
    try {
      await ctx.app.store().ensureStory("s");
      const first = sseReader(await fetch(`${running.url}api/stories/s/events`, { signal: c.signal }));
      await first.opened();
      const second = await fetch(`${running.url}api/stories/s/events`);
      await expectError(second, 429, "RATE_LIMITED", /too many/);
      // Wait for a keep-alive comment (bounded by the reader's timeout, not timed).
      await first.comment(/keep-alive/);
      await first.cancel();
      c.abort();
      // The server sees the client leave and frees its slot: a new stream opens (within a deadline).
      const deadline = Date.now() + 10_000;
      for (;;) {
        const again = await fetch(`${running.url}api/stories/s/events`);
        await again.body?.cancel();
        if (again.status === 200) break;
        assert.equal(again.status, 429);
        assert.ok(Date.now() < deadline, "the closed stream's slot was never freed");
        await new Promise((r) => setTimeout(r, 20));
      }
    } finally {
      c.abort();
      await running.close();
      await ctx.close();
    }
  });
});

describe("voxpop serve", () => {
  it("prints the URL and the new token once, seeds the demo, serves, and stops on request", async () => {
    const dir = join(tmp, "serve");
    await mkdir(dir);
    const app = createApp({ dbPath: join(dir, "voxpop.db") });
    const env = { VOXPOP_API_TOKEN_FILE: join(dir, "cfg", "api-token") };
    const run = async (stop: AbortController, values: Record<string, unknown>) => {
      let stdout = "";
      let stderr = "";
      const io = { stdout: (s: string) => { stdout += s; }, stderr: (s: string) => { stderr += s; }, env };
      let url = "";
      const code = await serveCommand(app, { port: "0", ...values }, io, {
        signal: stop.signal,
        onListening: async (s) => {
          url = s.url;
          try {
            const stories = await body(await fetch(`${url}api/stories`));
            const refused = await new Promise<number>((resolve, reject) => {
              http.get(`${url}api/stories`, { headers: { host: "rebound.example" } }, (res) => { res.resume(); resolve(res.statusCode!); }).on("error", reject);
            });
            stderr += `\n[stories: ${stories.stories.map((s: { name: string }) => s.name).join(",")}; foreign host: ${refused}]`;
          } finally {
            stop.abort();
          }
        },
      });
      return { code, stdout, stderr, url };
    };
    try {
      const first = await run(new AbortController(), { demo: true });
      assert.equal(first.code, 0);
      assert.match(first.stdout, /voxpop is serving http:\/\/127\.0\.0\.1:\d+\//);
      const token = (await readFile(env.VOXPOP_API_TOKEN_FILE, "utf8")).trim();
      assert.ok(first.stdout.includes(`API token (shown once): ${token}; stored in ${env.VOXPOP_API_TOKEN_FILE}`));
      assert.match(first.stderr, /\[stories: demo; foreign host: 403\]/);
      const second = await run(new AbortController(), { demo: true });
      assert.doesNotMatch(second.stdout, new RegExp(token), "the token is printed only once");
      assert.match(second.stdout, /API token: stored in/);
      await assert.rejects(serveCommand(app, { port: "99999" }, { stdout() {}, stderr() {}, env }), /--port/);
    } finally {
      await app.close();
    }
  });
});
