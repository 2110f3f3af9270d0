// End-to-end: `voxpop collect` as a real process (the CLI entry point run by this Node, as
// test/cli.test.ts does) against local peers, with a real SQLite file read back by the test:
// - Jetstream: test/support/jetstream-server.ts, a local server replaying *recorded* frames in
//   Jetstream's wire format (no real Jetstream can run here: it needs the live relay), fed with
//   frames from bench/jetstream-gen.ts, whose ground truth says which posts are about the story;
// - Bluesky handle resolution: a STUB answering com.atproto.identity.resolveHandle with the bench
//   story subject's DID (the only Bluesky call a Jetstream collection makes);
// - Mastodon: test/support/mastodon-server.ts, a CONTRACT server (Mastodon has no local server:
//   it needs Ruby, PostgreSQL, Redis and its streaming server);
// - RSS and files: a real HTTP server on loopback and real files.
// Kill -9 tests stop the process at arbitrary points mid-ingest and check that a rerun stores
// every expected post exactly once, resuming from the stored cursor.
// Short commands (story, export, quarantine, quick reruns) run in-process through main(), the
// same entry point; collect runs as its own process wherever the process matters (signals, kill
// -9, the exit code of a failed source) and for each source's first run.
import { describe, it, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtemp, rm, writeFile, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { main } from "../src/cli/main.ts";
import { startJetstreamServer } from "./support/jetstream-server.ts";
import { startMastodonServer, makeStatus, type Status } from "./support/mastodon-server.ts";
import { BENCH_STORY, generateJetstreamEventsDetailed } from "../bench/jetstream-gen.ts";
import { readOnlyQuery as query, waitUntil } from "./support/wait.ts";

const ROOT = join(import.meta.dirname, "..");
const CLI = join(ROOT, "src", "cli", "main.ts");
const FIXTURES = join(import.meta.dirname, "fixtures", "collect");
const FILE_FIXTURES = join(import.meta.dirname, "fixtures", "files");

// ---------------------------------------------------------------------------------------------
// Helpers

interface Run { code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }

/** A clean environment: no credentials file of the machine's user, no VOXPOP_* from outside. */
function baseEnv(dir: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return { PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: dir, VOXPOP_CONFIG: join(dir, "no-credentials.json"), ...extra };
}

/** Runs voxpop in-process (fast) for short commands. */
async function voxpop(args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = "";
  let stderr = "";
  const code = await main(args, { stdout: (s) => { stdout += s; }, stderr: (s) => { stderr += s; }, env });
  return { code, stdout, stderr };
}

interface Proc { child: ChildProcess; done: Promise<Run>; stderr(): string }

/** Starts voxpop as its own process. */
function spawnVoxpop(args: string[], env: NodeJS.ProcessEnv): Proc {
  const child = spawn(process.execPath, [CLI, ...args], { env, stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout!.setEncoding("utf8").on("data", (s: string) => { stdout += s; });
  child.stderr!.setEncoding("utf8").on("data", (s: string) => { stderr += s; });
  const done = new Promise<Run>((resolve) => child.once("close", (code, signal) => resolve({ code, signal, stdout, stderr })));
  return { child, done, stderr: () => stderr };
}

/** Runs voxpop as a process to its end (killed after `timeoutMs`, which fails the test). */
async function runVoxpop(args: string[], env: NodeJS.ProcessEnv, timeoutMs = 30_000): Promise<Run> {
  const proc = spawnVoxpop(args, env);
  const timer = setTimeout(() => proc.child.kill("SIGKILL"), timeoutMs);
  const run = await proc.done;
  clearTimeout(timer);
  assert.notEqual(run.signal, "SIGKILL", `voxpop ${args.join(" ")} did not finish within ${timeoutMs} ms:\n${run.stderr}`);
  return run;
}

async function stopWith(proc: Proc, signal: NodeJS.Signals, timeoutMs = 20_000): Promise<Run> {
  proc.child.kill(signal);
  const timer = setTimeout(() => proc.child.kill("SIGKILL"), timeoutMs);
  const run = await proc.done;
  clearTimeout(timer);
  return run;
}

function storyPostIds(db: string, story: string): string[] {
  return query<{ id: string }>(db, `SELECT p.id FROM story_posts sp JOIN stories s ON s.id = sp.story_id JOIN posts p ON p.pk = sp.post_pk WHERE s.name = ?`, story).map((r) => r.id);
}

function storyCount(db: string, story: string): number {
  try {
    return query<{ n: number }>(db, `SELECT count(*) AS n FROM story_posts sp JOIN stories s ON s.id = sp.story_id WHERE s.name = ?`, story)[0]!.n;
  } catch {
    return 0; // not created yet, or busy: ask again
  }
}

/** Every row of `posts` is one post: no (platform, id) twice. */
function assertNoDuplicatePosts(db: string): void {
  const [row] = query<{ n: number; d: number }>(db, "SELECT count(*) AS n, count(DISTINCT platform || ' ' || id) AS d FROM posts");
  assert.equal(row!.n, row!.d, "a post stored twice");
}

function sameSet(actual: Iterable<string>, expected: Iterable<string>, what: string): void {
  const a = new Set(actual);
  const e = new Set(expected);
  const lost = [...e].filter((x) => !a.has(x));
  const extra = [...a].filter((x) => !e.has(x));
  assert.deepEqual({ lost: lost.slice(0, 5), lostCount: lost.length, extra: extra.slice(0, 5), extraCount: extra.length },
    { lost: [], lostCount: 0, extra: [], extraCount: 0 }, what);
}

async function tempDir(t: { after: (fn: () => Promise<void>) => void }): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "voxpop-collect-"));
  t.after(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

async function listen(server: http.Server): Promise<string> {
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

async function closeServer(server: http.Server): Promise<void> {
  server.closeAllConnections();
  await new Promise<void>((r) => server.close(() => r()));
}

/**
 * A STUB of the Bluesky service for handle resolution only: answers
 * com.atproto.identity.resolveHandle for the bench story's subject (so rules know its DID and
 * match replies and quotes by DID), 400 for any other handle, 404 for anything else.
 */
async function startResolveStub(): Promise<{ url: string; asked: string[]; close: () => Promise<void> }> {
  const asked: string[] = [];
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://x");
    if (url.pathname !== "/xrpc/com.atproto.identity.resolveHandle") {
      res.writeHead(404, { "content-type": "application/json" }).end(JSON.stringify({ error: "MethodNotImplemented" }));
      return;
    }
    const handle = url.searchParams.get("handle") ?? "";
    asked.push(handle);
    if (handle === BENCH_STORY.subject.handle) res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ did: BENCH_STORY.subject.did }));
    else res.writeHead(400, { "content-type": "application/json" }).end(JSON.stringify({ error: "InvalidRequest", message: "Unable to resolve handle" }));
  });
  const url = await listen(server);
  return { url, asked, close: () => closeServer(server) };
}

// ---------------------------------------------------------------------------------------------
// A generated Jetstream recording with ground truth.

interface Recording {
  lines: string[];
  /** at:// URIs of the posts about BENCH_STORY. */
  expected: Set<string>;
  /** Those written by the subject. */
  bySubject: Set<string>;
  /** Each expected post's createdAt (the client's clock, as the record says). */
  createdAt: Map<string, string>;
  timeUs: number[];
}

interface PostRecord {
  reply?: { parent?: { uri?: string }; root?: { uri?: string } };
  embed?: { record?: { uri?: string; record?: { uri?: string } } };
}

/**
 * The generator's `matches` covers the posts it wrote about the story; its ordinary posts also
 * reply to and quote recent posts, now and then one the subject wrote earlier in the stream. Such
 * a reply is part of the story by its rules (a reply to a subject's post), so it is expected too.
 */
function relatesToSubject(rec: PostRecord | undefined): boolean {
  const prefix = `at://${BENCH_STORY.subject.did}/`;
  const uris = [rec?.reply?.parent?.uri, rec?.reply?.root?.uri, rec?.embed?.record?.uri, rec?.embed?.record?.record?.uri];
  return uris.some((u) => u?.startsWith(prefix));
}

function record(n: number, seed: number): Recording {
  const lines: string[] = [];
  const expected = new Set<string>();
  const bySubject = new Set<string>();
  const createdAt = new Map<string, string>();
  const timeUs: number[] = [];
  // 1 000 events/s of stream time: Jetstream's 5 s resume rewind then re-reads ~5 000 events.
  for (const e of generateJetstreamEventsDetailed(n, seed, { accounts: 20_000, eventsPerSecond: 1_000 })) {
    lines.push(e.line);
    const ev = JSON.parse(e.line) as { did: string; time_us: number; commit?: { rkey: string; record?: PostRecord & { createdAt?: string } } };
    timeUs.push(ev.time_us);
    if (e.matches || relatesToSubject(ev.commit?.record)) {
      const uri = `at://${ev.did}/app.bsky.feed.post/${ev.commit!.rkey}`;
      expected.add(uri);
      createdAt.set(uri, ev.commit!.record!.createdAt!);
      if (ev.did === BENCH_STORY.subject.did) bySubject.add(uri);
    }
  }
  return { lines, expected, bySubject, createdAt, timeUs };
}

const BENCH_STORY_ARGS = [
  "--subject", BENCH_STORY.subject.handle, "--keywords", BENCH_STORY.keywords.join(","),
  "--tags", BENCH_STORY.hashtags.join(","), "--url", BENCH_STORY.urls[0],
];

function jetstreamCursor(db: string): number | null {
  // (The key is the story and the source's name; only one story follows Jetstream in these tests.)
  const rows = query<{ cursor: string }>(db, "SELECT cursor FROM source_cursors WHERE source LIKE '%jetstream ws://%'");
  return rows.length ? Number(rows[0]!.cursor) : null;
}

// ---------------------------------------------------------------------------------------------

describe("voxpop story", () => {
  it("create, list, show and edit round-trip as JSON; bad input gives one clear line and exit 2; unknown stories are NOT_FOUND", async (t) => {
    const dir = await tempDir(t);
    const env = baseEnv(dir);
    const db = ["--db", join(dir, "v.db")];
    const created = await voxpop(["story", "create", "maya", ...BENCH_STORY_ARGS, "--since", "2025-03-01", "--until", "2025-03-31T23:00:00Z",
      "--source", "jetstream", "--source", "mastodon:mastodon.example", "--title", "Maya Lindqvist statement", "--format", "json", ...db], env);
    assert.equal(created.code, 0, created.stderr);
    const story = JSON.parse(created.stdout);
    assert.equal(story.name, "maya");
    assert.equal(story.title, "Maya Lindqvist statement");
    assert.deepEqual(story.subjects, [BENCH_STORY.subject.handle]);
    assert.deepEqual(story.rules, {
      keywords: ["Maya Lindqvist", "Lindqvist"], tags: ["MayaLindqvist"], urls: [BENCH_STORY.urls[0]],
      since: "2025-03-01", until: "2025-03-31T23:00:00Z", sources: ["jetstream", "mastodon:mastodon.example"],
    });
    assert.equal(story.postCount, 0);

    const shown = await voxpop(["story", "show", "maya", "--format", "json", ...db], env);
    assert.equal(shown.code, 0);
    assert.deepEqual(JSON.parse(shown.stdout), story);
    const listed = await voxpop(["story", "list", "--format", "json", ...db], env);
    assert.deepEqual(JSON.parse(listed.stdout).map((s: { name: string }) => s.name), ["maya"]);
    const table = await voxpop(["story", "show", "maya", ...db], env);
    assert.match(table.stdout, /Subjects: +@mayalindqvist\.bsky\.social/);
    assert.match(table.stdout, /Tags: +#MayaLindqvist/);

    // edit changes only what is given; "none" clears a date.
    const edited = await voxpop(["story", "edit", "maya", "--tags", "#Lindqvist,MayaLindqvist", "--until", "none", "--format", "json", ...db], env);
    assert.equal(edited.code, 0, edited.stderr);
    const after = JSON.parse(edited.stdout);
    assert.deepEqual(after.rules.tags, ["Lindqvist", "MayaLindqvist"]);
    assert.equal(after.rules.until, null);
    assert.equal(after.rules.since, "2025-03-01");
    assert.deepEqual(after.rules.keywords, story.rules.keywords);
    assert.deepEqual(after.subjects, story.subjects);
    assert.deepEqual(JSON.parse((await voxpop(["story", "show", "maya", "--format", "json", ...db], env)).stdout).rules, after.rules);

    const badSince = await voxpop(["story", "create", "other", "--since", "last tuesday", ...db], env);
    assert.equal(badSince.code, 2);
    assert.equal(badSince.stdout, "");
    assert.match(badSince.stderr, /^voxpop: --since must be an ISO 8601 date .*not "last tuesday"\n$/);
    const badDate = await voxpop(["story", "create", "other", "--until", "2025-02-30T25:00:00Z", ...db], env);
    assert.equal(badDate.code, 2);
    const badUrl = await voxpop(["story", "create", "other", "--url", "javascript:alert(1)", ...db], env);
    assert.equal(badUrl.code, 2);
    assert.match(badUrl.stderr, /--url must be an http\(s\) URL/);
    assert.equal((await voxpop(["story", "show", "other", ...db], env)).code, 1, "a refused create stores nothing");

    const dup = await voxpop(["story", "create", "maya", "--keywords", "x", ...db], env);
    assert.equal(dup.code, 2);
    assert.match(dup.stderr, /^voxpop: a story named "maya" already exists; change it with: voxpop story edit "maya" \.\.\.\n$/);
    assert.deepEqual(JSON.parse((await voxpop(["story", "show", "maya", "--format", "json", ...db], env)).stdout).rules.keywords, story.rules.keywords, "the failed create changed nothing");

    const editMissing = await voxpop(["story", "edit", "nope", "--keywords", "x", ...db], env);
    assert.equal(editMissing.code, 1);
    assert.match(editMissing.stderr, /no story named "nope"; create it with: voxpop story create "nope"/);

    // collect: an unknown story is NOT_FOUND (exit 1, here from the real process); no story name is exit 2.
    const unknown = await runVoxpop(["collect", "nope", "--source", "file:/dev/null", ...db], env);
    assert.equal(unknown.code, 1);
    assert.match(unknown.stderr, /^voxpop: no story named "nope"; create it with: voxpop story create "nope"/);
    const noName = await voxpop(["collect", ...db], env);
    assert.equal(noName.code, 2);
    assert.match(noName.stderr, /collect takes one story name/);
  });
});

describe("voxpop collect --source jetstream (local server replaying recorded frames; resolveHandle stub)", () => {
  let stub: Awaited<ReturnType<typeof startResolveStub>>;
  before(async () => {
    stub = await startResolveStub();
  });
  after(() => stub.close());

  it("follows 30 000 events live: every post about the story stored exactly once, subject posts as subject, then SIGTERM exits 0 with the cursor stored", async (t) => {
    const dir = await tempDir(t);
    const rec = record(30_000, 11);
    const server = await startJetstreamServer({ events: rec.lines });
    t.after(() => server.close());
    const db = join(dir, "v.db");
    const env = baseEnv(dir, { VOXPOP_BLUESKY_SERVICE: stub.url });
    assert.equal((await voxpop(["story", "create", "maya", ...BENCH_STORY_ARGS, "--db", db], env)).code, 0);
    // A live-only source without --follow is refused with the fix named.
    const noFollow = await voxpop(["collect", "maya", "--source", `jetstream:${server.url}`, "--allow-private", "--db", db], env);
    assert.equal(noFollow.code, 2);
    assert.match(noFollow.stderr, /jetstream is a live source: skipped without --follow/);
    assert.match(noFollow.stderr, /voxpop: nothing to collect: every source given is live; add --follow\n$/);
    assert.equal(server.connections.length, 0);

    const proc = spawnVoxpop(["collect", "maya", "--source", `jetstream:${server.url}`, "--follow", "--allow-private", "--db", db], env);
    t.after(() => { proc.child.kill("SIGKILL"); });
    await waitUntil(() => storyCount(db, "maya") >= rec.expected.size || proc.child.exitCode !== null, 40_000,
      () => `${rec.expected.size} posts (have ${storyCount(db, "maya")}); stderr: ${proc.stderr()}`);
    const run = await stopWith(proc, "SIGTERM");
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stderr, /Stopping: storing what was read/);
    assert.match(run.stderr, new RegExp(`Collected "maya": \\d+ items read, ${rec.expected.size} new posts stored, \\d+ already stored, 0 quarantined\\.`));

    sameSet(storyPostIds(db, "maya"), rec.expected, "stored posts vs the generator's ground truth");
    assertNoDuplicatePosts(db);
    const subjects = query<{ id: string }>(db, `SELECT p.id FROM story_posts sp JOIN posts p ON p.pk = sp.post_pk WHERE sp.role = 'subject'`).map((r) => r.id);
    assert.ok(rec.bySubject.size > 0, "the recording has posts by the subject");
    sameSet(subjects, rec.bySubject, "posts with role subject");
    // The cursor is a time_us of the stream, at least the last matching event's.
    const cursor = jetstreamCursor(db);
    const lastMatch = Math.max(...rec.lines.map((l, i) => (rec.expected.has(uriOf(l)) ? rec.timeUs[i]! : 0)));
    assert.ok(cursor !== null && cursor >= lastMatch && cursor <= rec.timeUs[rec.timeUs.length - 1]!, `cursor ${cursor}`);
    assert.deepEqual(stub.asked, [BENCH_STORY.subject.handle]);
    assert.equal(query<{ n: number }>(db, "SELECT count(*) AS n FROM quarantine")[0]!.n, 0);
    // The first connection asked for the whole recording (no cursor yet) and only posts.
    assert.equal(server.connections[0]!.cursor, null);
    assert.deepEqual(server.connections[0]!.query.getAll("wantedCollections"), ["app.bsky.feed.post"]);
  });

  it("kill -9 at three points mid-ingest, rerun each time: zero lost, zero duplicated, each rerun resumes from the stored cursor", async (t) => {
    const dir = await tempDir(t);
    const rec = record(60_000, 23);
    const server = await startJetstreamServer({ events: rec.lines });
    t.after(() => server.close());
    const db = join(dir, "v.db");
    const env = baseEnv(dir, { VOXPOP_BLUESKY_SERVICE: stub.url });
    assert.equal((await voxpop(["story", "create", "maya", ...BENCH_STORY_ARGS, "--db", db], env)).code, 0);
    const args = ["collect", "maya", "--source", `jetstream:${server.url}`, "--follow", "--allow-private", "--db", db];
    const total = rec.expected.size;
    // Kill points: a random share of the expected posts within each range (logged for a rerun by hand).
    const points = [[0.1, 0.3], [0.4, 0.6], [0.7, 0.85]].map(([lo, hi]) => Math.ceil(total * (lo! + Math.random() * (hi! - lo!))));
    t.diagnostic(`${rec.lines.length} events, ${total} expected posts, kill -9 once the store holds ${points.join(", ")} of them`);
    let resumes = 0;
    const t0 = Date.now();
    for (const share of points) {
      const cursorBefore = jetstreamCursor(db);
      const connectionsBefore = server.connections.length;
      // Killed only once this run has itself committed something: truly mid-ingest.
      const point = Math.max(share, storyCount(db, "maya") + 1);
      const proc = spawnVoxpop(args, env);
      t.after(() => { proc.child.kill("SIGKILL"); });
      await waitUntil(() => storyCount(db, "maya") >= point || proc.child.exitCode !== null, 40_000, () => `${point} posts; stderr: ${proc.stderr()}`);
      // Then a random moment later, so the kill lands anywhere in a batch, not just after a commit.
      await new Promise((r) => setTimeout(r, Math.random() * 300));
      const killed = await stopWith(proc, "SIGKILL");
      assert.equal(killed.signal, "SIGKILL", `the process ended before the kill: ${killed.stderr}`);
      const stored = storyCount(db, "maya");
      t.diagnostic(`killed with ${stored} posts stored, cursor ${jetstreamCursor(db)} (${Date.now() - t0} ms)`);
      if (cursorBefore !== null) {
        // This run resumed: its first connection asked from the stored cursor, rewound at most
        // Jetstream's 5 s (at-least-once replay), not from the start of the recording.
        const asked = Number(server.connections[connectionsBefore]!.cursor);
        assert.ok(asked > 0 && asked <= cursorBefore && cursorBefore - asked <= 5_000_000, `asked from ${asked}, stored cursor ${cursorBefore}`);
        if (cursorBefore - 5_000_000 > rec.timeUs[0]!) assert.ok(asked > rec.timeUs[0]!, "re-read from the start");
        resumes++;
      }
    }
    assert.equal(resumes, points.length - 1);

    // The last run goes to the end, then stops cleanly.
    const cursorBefore = jetstreamCursor(db);
    assert.ok(cursorBefore !== null, "a killed run stored its cursor with its posts");
    const connectionsBefore = server.connections.length;
    const proc = spawnVoxpop(args, env);
    t.after(() => { proc.child.kill("SIGKILL"); });
    await waitUntil(() => (storyCount(db, "maya") >= total && server.connections.length > connectionsBefore) || proc.child.exitCode !== null, 40_000,
      () => `${total} posts (have ${storyCount(db, "maya")}); stderr: ${proc.stderr()}`);
    const asked = Number(server.connections[connectionsBefore]!.cursor);
    assert.ok(asked > 0 && asked <= cursorBefore && cursorBefore - asked <= 5_000_000, `asked from ${asked}, stored cursor ${cursorBefore}`);
    const run = await stopWith(proc, "SIGTERM");
    assert.equal(run.code, 0, run.stderr);

    sameSet(storyPostIds(db, "maya"), rec.expected, "stored posts after three kills vs the ground truth");
    assert.equal(storyCount(db, "maya"), total);
    assertNoDuplicatePosts(db);
    assert.equal(query<{ n: number }>(db, "SELECT count(*) AS n FROM posts")[0]!.n, total, "nothing stored outside the story");
    // Story positions are dense 1..n: no membership was written twice or half-way.
    const [pos] = query<{ lo: number; hi: number; n: number }>(db, "SELECT min(position) AS lo, max(position) AS hi, count(*) AS n FROM story_posts");
    assert.deepEqual({ ...pos }, { lo: 1, hi: total, n: total });
  });

  it("keeps going through a dropped connection, a server close and malformed frames: the bad frames are in `voxpop quarantine` with their reason, every good post stored", async (t) => {
    const dir = await tempDir(t);
    const rec = record(12_000, 5);
    // Malformed frames that mention the story (others are skipped unparsed by the prefilter and
    // never quarantined, by design): not JSON, a post create without its record, a record whose
    // text is not a string. Their time_us (none, or 1) cannot move the cursor.
    const bad = [
      '{"did":"did:plc:broken","kind":"commit","commit":{"record":{"text":"Maya Lindqvist',
      '{"did":"did:plc:brokenbrokenbrokenbroken","time_us":1,"kind":"commit","commit":{"rev":"3lbad","operation":"create","collection":"app.bsky.feed.post","rkey":"3llindqvist22"}}',
      JSON.stringify({ did: "did:plc:brokenbrokenbrokenbroken", time_us: 1, kind: "commit", commit: { rev: "3lbad", operation: "create", collection: "app.bsky.feed.post", rkey: "3llindqvist23", cid: "bafyreibad", record: { $type: "app.bsky.feed.post", text: 42, createdAt: "2025-03-01T12:00:00.000Z", langs: ["en"], tags: ["Lindqvist"] } } }),
    ];
    const server = await startJetstreamServer({
      events: rec.lines,
      plans: [
        // 1st connection: three malformed frames early, then the TCP connection is cut.
        { inject: bad.map((payload, i) => ({ before: 100 + i * 50, payload })), dropAfter: 7_000 },
        // 2nd: the server closes (going away) after as many again.
        { close: { after: 7_000, code: 1001, reason: "server restarting" } },
      ],
    });
    t.after(() => server.close());
    const db = join(dir, "v.db");
    const env = baseEnv(dir, { VOXPOP_BLUESKY_SERVICE: stub.url });
    assert.equal((await voxpop(["story", "create", "maya", ...BENCH_STORY_ARGS, "--db", db], env)).code, 0);
    const proc = spawnVoxpop(["collect", "maya", "--source", `jetstream:${server.url}`, "--follow", "--allow-private", "--db", db], env);
    t.after(() => { proc.child.kill("SIGKILL"); });
    await waitUntil(() => (storyCount(db, "maya") >= rec.expected.size && server.connections.length >= 3) || proc.child.exitCode !== null, 40_000,
      () => `${rec.expected.size} posts (have ${storyCount(db, "maya")}) over 3 connections (have ${server.connections.length}); stderr: ${proc.stderr()}`);
    // Ctrl-C this time: the same clean stop as SIGTERM.
    const run = await stopWith(proc, "SIGINT");
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stderr, /3 quarantined \(see: voxpop quarantine\)/);

    sameSet(storyPostIds(db, "maya"), rec.expected, "stored posts vs the ground truth, across reconnects");
    assertNoDuplicatePosts(db);
    // Each reconnect resumed from where the stream was (less the 5 s rewind), not from the start.
    const [first, second] = server.connections.slice(1, 3).map((c) => Number(c.cursor)) as [number, number];
    assert.ok(first > rec.timeUs[0]! && first <= rec.timeUs[6_999]! && second > first, `reconnect cursors ${first}, ${second}`);

    const q = await voxpop(["quarantine", "--format", "json", "--db", db], env);
    assert.equal(q.code, 0, q.stderr);
    const items = JSON.parse(q.stdout) as Array<{ code: string; reason: string; source: string; story: string | null; hasPayload: boolean }>;
    assert.equal(items.length, 3, q.stdout);
    assert.ok(items.every((i) => i.code === "PARSE_ERROR" && i.hasPayload && i.source.startsWith("jetstream ws://127.0.0.1:") && i.story === "maya"), q.stdout);
    const reasons = items.map((i) => i.reason).sort();
    assert.match(reasons.join("\n"), /jetstream event: a post create without its record/);
    assert.match(reasons.join("\n"), /jetstream event: not JSON/);
    assert.ok(reasons.some((r) => /text/.test(r) && !/not JSON|without its record/.test(r)), reasons.join("\n"));
    // The payloads are kept byte for byte.
    const payloads = query<{ payload: Uint8Array }>(db, "SELECT payload FROM quarantine").map((r) => Buffer.from(r.payload).toString("utf8")).sort();
    assert.deepEqual(payloads, [...bad].sort());
  });

  it("two processes following one Jetstream into two stories of one database: each story gets every post, each its own cursor", async (t) => {
    const dir = await tempDir(t);
    const rec = record(15_000, 41);
    const server = await startJetstreamServer({ events: rec.lines });
    t.after(() => server.close());
    const db = join(dir, "v.db");
    const env = baseEnv(dir, { VOXPOP_BLUESKY_SERVICE: stub.url });
    for (const story of ["one", "two"]) assert.equal((await voxpop(["story", "create", story, ...BENCH_STORY_ARGS, "--db", db], env)).code, 0);
    const procs = ["one", "two"].map((story) => spawnVoxpop(["collect", story, "--source", `jetstream:${server.url}`, "--follow", "--allow-private", "--db", db], env));
    t.after(() => { for (const p of procs) p.child.kill("SIGKILL"); });
    await waitUntil(() => (storyCount(db, "one") >= rec.expected.size && storyCount(db, "two") >= rec.expected.size) || procs.some((p) => p.child.exitCode !== null), 60_000,
      () => `both stories (have ${storyCount(db, "one")} and ${storyCount(db, "two")} of ${rec.expected.size}); stderr: ${procs.map((p) => p.stderr()).join("\n")}`);
    for (const p of procs) {
      const run = await stopWith(p, "SIGTERM");
      assert.equal(run.code, 0, run.stderr);
    }
    sameSet(storyPostIds(db, "one"), rec.expected, "story one");
    sameSet(storyPostIds(db, "two"), rec.expected, "story two");
    assert.equal(query<{ n: number }>(db, "SELECT count(*) AS n FROM posts")[0]!.n, rec.expected.size, "each post stored once for both stories");
    assert.equal(query<{ n: number }>(db, "SELECT count(*) AS n FROM source_cursors WHERE source LIKE '%jetstream ws://%'")[0]!.n, 2);
  });

  it("keeps to the story's window: only posts created between --since and --until are stored", async (t) => {
    const dir = await tempDir(t);
    const rec = record(10_000, 31);
    const server = await startJetstreamServer({ events: rec.lines });
    t.after(() => server.close());
    const since = new Date(rec.timeUs[3_000]! / 1000).toISOString();
    const until = new Date(rec.timeUs[7_000]! / 1000).toISOString();
    const inWindow = [...rec.expected].filter((uri) => rec.createdAt.get(uri)! >= since && rec.createdAt.get(uri)! <= until);
    assert.ok(inWindow.length > 0 && inWindow.length < rec.expected.size);
    const db = join(dir, "v.db");
    const env = baseEnv(dir, { VOXPOP_BLUESKY_SERVICE: stub.url });
    assert.equal((await voxpop(["story", "create", "maya", ...BENCH_STORY_ARGS, "--since", since, "--until", until, "--db", db], env)).code, 0);
    const proc = spawnVoxpop(["collect", "maya", "--source", `jetstream:${server.url}`, "--follow", "--allow-private", "--db", db], env);
    t.after(() => { proc.child.kill("SIGKILL"); });
    // Read to the end of the recording: the cursor reaches its last event.
    const end = rec.timeUs[rec.timeUs.length - 1]!;
    await waitUntil(() => jetstreamCursor(db) === end || proc.child.exitCode !== null, 40_000, () => `the cursor to reach ${end} (at ${jetstreamCursor(db)}); stderr: ${proc.stderr()}`);
    const run = await stopWith(proc, "SIGTERM");
    assert.equal(run.code, 0, run.stderr);
    sameSet(storyPostIds(db, "maya"), inWindow, `posts created from ${since} to ${until}`);
  });
});

function uriOf(line: string): string {
  const ev = JSON.parse(line) as { did: string; commit?: { rkey?: string } };
  return `at://${ev.did}/app.bsky.feed.post/${ev.commit?.rkey ?? ""}`;
}

describe("voxpop collect --source mastodon (contract server: Mastodon has no local server)", () => {
  it("contract server: hashtag timeline and status search stored with HTML turned into text, a 429 waited out, a rerun stores nothing new; a wrong token exits 1 naming the variable", async (t) => {
    const dir = await tempDir(t);
    const TAG = "MayaLindqvist";
    // 45 public statuses with the tag (two pages of 40), 5 untagged that only search finds, one
    // private and one with the tag but markup and entities in its text.
    const tagged = Array.from({ length: 45 }, (_, i) => makeStatus(i, { tag: TAG, text: `Reaction number ${i} to Lindqvist` }));
    const untagged: Status[] = Array.from({ length: 5 }, (_, i) => {
      const s = makeStatus(100 + i, { tag: "Other", text: `Untagged Lindqvist reaction ${i}` });
      return { ...s, tags: [] };
    });
    const hidden: Status = { ...makeStatus(200, { tag: TAG, text: "private Lindqvist" }), visibility: "private" };
    const markup: Status = { ...makeStatus(300, { tag: TAG }), content: `<p>Caf&eacute; &amp; Lindqvist: &lt;script&gt;alert(1)&lt;/script&gt;<br>second line <a href="https://social.example/tags/${TAG.toLowerCase()}" class="mention hashtag" rel="tag">#<span>${TAG}</span></a></p><p>New paragraph <span class="invisible">https://</span>news.example</p>` };
    const server = await startMastodonServer({ statuses: [...tagged, ...untagged, hidden, markup], tokens: ["good-token"] });
    t.after(() => server.close());
    const db = join(dir, "v.db");
    const hostVar = `VOXPOP_MASTODON_TOKEN_${server.host.toUpperCase().replace(/[^A-Z0-9]/g, "_")}`;
    const env = baseEnv(dir, { [hostVar]: "good-token" });
    assert.equal((await voxpop(["story", "create", "maya", "--tags", TAG, "--keywords", "Lindqvist", "--db", db], env)).code, 0);
    const args = ["collect", "maya", "--source", `mastodon:${server.url}`, "--allow-private", "--db", db];

    // The first timeline request is answered 429 with a reset 300 ms away: voxpop waits, then goes on.
    server.fault({ route: "timeline", status: 429, resetInMs: 300 });
    const first = await runVoxpop(args, env);
    assert.equal(first.code, 0, first.stderr);
    assert.equal(server.faults.length, 0, "the 429 was served");
    const timeline = server.requests.filter((r) => r.route === "timeline");
    assert.ok(timeline.length >= 3, "asked again after the 429 and paged on");
    assert.ok(server.requests.filter((r) => r.route === "search").every((r) => r.auth === "Bearer good-token"), "the host's own token variable is used");
    const expected = [...tagged, ...untagged, markup].map((s) => String(s.uri));
    sameSet(storyPostIds(db, "maya"), expected, "stored statuses (public, tagged or found by search)");
    assertNoDuplicatePosts(db);
    // Search also finds the 45 tagged statuses that say Lindqvist: stored once, counted again as already stored.
    const m = /(\d+) new posts stored, (\d+) already stored/.exec(first.stderr)!;
    assert.equal(Number(m[1]) , expected.length, first.stderr);
    assert.ok(Number(m[2]) >= 45, `duplicates across the two sources counted: ${m[2]}`);

    const exported = (await voxpop(["export", "--story", "maya", "--db", db], env)).stdout.trim().split("\n").map((l) => JSON.parse(l) as { id: string; text: string; tags: string[]; url: string; platform: string });
    const byId = new Map(exported.map((p) => [p.id, p]));
    const seven = byId.get(String(tagged[7]!.uri))!;
    assert.equal(seven.platform, "mastodon");
    assert.equal(seven.text, `Reaction number 7 to Lindqvist #${TAG}`);
    assert.deepEqual(seven.tags, [TAG]);
    assert.equal(seven.url, tagged[7]!.url);
    const rich = byId.get(String(markup.uri))!;
    assert.doesNotMatch(rich.text, /<p>|<br|<a |<span|&amp;|&eacute;|&lt;/, "markup and entities do not survive");
    // Entities decoded once (the escaped script is the author's words, as text), <br> and paragraphs as line breaks.
    assert.equal(rich.text, "Café & Lindqvist: <script>alert(1)</script>\nsecond line #MayaLindqvist\n\nNew paragraph https://news.example");

    // Rerun: each source resumes from its cursor; nothing new is stored.
    const again = await voxpop(args, env);
    assert.equal(again.code, 0, again.stderr);
    assert.match(again.stderr, / 0 new posts stored/);
    assert.equal(storyCount(db, "maya"), expected.length);
    // A status published since: the next run stores just it.
    const late = makeStatus(400, { tag: TAG, text: "A late Lindqvist reaction" });
    server.publish(late);
    const third = await voxpop(args, env);
    assert.equal(third.code, 0, third.stderr);
    assert.match(third.stderr, / 1 new posts stored/);
    sameSet(storyPostIds(db, "maya"), [...expected, String(late.uri)], "after the late status");

    // A token the instance refuses: exit 1, AUTH_FAILED, the variables to set named, the token not echoed.
    const wrong = await runVoxpop(args, baseEnv(dir, { VOXPOP_MASTODON_TOKEN: "wrong-secret-token" }));
    assert.equal(wrong.code, 1, wrong.stderr);
    assert.match(wrong.stderr, /stopped: AUTH_FAILED: .*refused the credentials \(HTTP 401: The access token is invalid\)/);
    assert.match(wrong.stderr, new RegExp(`${hostVar} or VOXPOP_MASTODON_TOKEN`));
    assert.doesNotMatch(wrong.stderr, /wrong-secret-token/);
  });
});

describe("voxpop collect --source mastodon --follow (contract server: Mastodon has no local server)", () => {
  it("contract server: with a token, --follow streams the hashtag: a status published while following is stored; SIGTERM exits 0", async (t) => {
    const dir = await tempDir(t);
    const TAG = "MayaLindqvist";
    const server = await startMastodonServer({ statuses: Array.from({ length: 5 }, (_, i) => makeStatus(i, { tag: TAG })), tokens: ["good-token"] });
    t.after(() => server.close());
    const db = join(dir, "v.db");
    const env = baseEnv(dir, { VOXPOP_MASTODON_TOKEN: "good-token" });
    assert.equal((await voxpop(["story", "create", "maya", "--tags", TAG, "--db", db], env)).code, 0);
    const proc = spawnVoxpop(["collect", "maya", "--source", `mastodon:${server.url}`, "--follow", "--allow-private", "--db", db], env);
    t.after(() => { proc.child.kill("SIGKILL"); });
    await waitUntil(() => (storyCount(db, "maya") >= 5 && server.streams.some((c) => !c.closed)) || proc.child.exitCode !== null, 20_000,
      () => `the backfill and a stream connection; stderr: ${proc.stderr()}`);
    const live = makeStatus(50, { tag: TAG, text: "Published while voxpop follows" });
    server.publish(live);
    await waitUntil(() => storyPostIds(db, "maya").includes(String(live.uri)) || proc.child.exitCode !== null, 20_000, () => `the live status; stderr: ${proc.stderr()}`);
    const run = await stopWith(proc, "SIGTERM");
    assert.equal(run.code, 0, run.stderr);
    assert.equal(storyCount(db, "maya"), 6);
    assert.equal(server.streams[0]!.tag, TAG);
    assertNoDuplicatePosts(db);
  });
});

describe("voxpop collect --source rss (a real HTTP server on loopback)", () => {
  /** The fixtures in test/fixtures/collect/rss on a real HTTP server; anything else is a 404. */
  async function startFeedServer(t: { after: (fn: () => Promise<void>) => void }): Promise<{ base: string; served: string[] }> {
    const rss = join(FIXTURES, "rss");
    const docs = new Map<string, { body: string; type: string }>([
      ["/feed.xml", { body: await readFile(join(rss, "feed.xml"), "utf8"), type: "application/rss+xml" }],
      ["/news/maya-lindqvist.html", { body: await readFile(join(rss, "maya-lindqvist.html"), "utf8"), type: "text/html; charset=utf-8" }],
      ["/news/tram.html", { body: await readFile(join(rss, "tram.html"), "utf8"), type: "text/html; charset=utf-8" }],
    ]);
    const served: string[] = [];
    let base = "";
    const server = http.createServer((req, res) => {
      const path = new URL(req.url ?? "/", "http://x").pathname;
      served.push(path);
      const doc = docs.get(path);
      if (!doc) return void res.writeHead(404, { "content-type": "text/html" }).end("<h1>Not found</h1>");
      res.writeHead(200, { "content-type": doc.type }).end(doc.body.replaceAll("{{BASE}}", base));
    });
    base = await listen(server);
    t.after(() => closeServer(server));
    return { base, served };
  }

  it("an article about the story brings its embedded posts with the article as provenance; an unrelated article's posts stay out; a 404 article is quarantined", async (t) => {
    const dir = await tempDir(t);
    const { base, served } = await startFeedServer(t);
    const db = join(dir, "v.db");
    const env = baseEnv(dir);
    assert.equal((await voxpop(["story", "create", "maya", "--keywords", "Maya Lindqvist", "--db", db], env)).code, 0);
    const run = await runVoxpop(["collect", "maya", "--source", `rss:${base}/feed.xml`, "--allow-private", "--db", db], env);
    assert.equal(run.code, 0, run.stderr);
    assert.ok(served.includes("/news/tram.html") && served.includes("/news/agenda.html"), "every entry was fetched");
    assert.match(run.stderr, /3 new posts stored, 0 already stored, 1 quarantined/);

    const exported = (await voxpop(["export", "--story", "maya", "--db", db], env)).stdout.trim().split("\n").map((l) => JSON.parse(l));
    assert.deepEqual(exported.map((p: { platform: string; url: string }) => `${p.platform} ${p.url}`).sort(), [
      "bluesky https://bsky.app/profile/did:plc:collecttestaaaaaaaaaaaaa/post/3collecttst01",
      "bluesky https://bsky.app/profile/did:plc:collecttestbbbbbbbbbbbbb/post/3collecttst02",
      "x https://twitter.com/tovearktest/status/5555555555555555501",
    ]);
    // Ids as every Bluesky source gives them: the at:// URI from the embed's data-bluesky-uri.
    assert.deepEqual(exported.map((p: { id: string }) => p.id).sort(), [
      "5555555555555555501",
      "at://did:plc:collecttestaaaaaaaaaaaaa/app.bsky.feed.post/3collecttst01",
      "at://did:plc:collecttestbbbbbbbbbbbbb/app.bsky.feed.post/3collecttst02",
    ]);
    for (const post of exported) {
      assert.equal(post.role, "reaction");
      assert.equal(post.provenance.length, 1);
      const [prov] = post.provenance;
      assert.equal(prov.articleUrl, `${base}/news/maya-lindqvist.html`);
      assert.equal(prov.articleTitle, "Maya Lindqvist speaks about her diagnosis");
      assert.equal(prov.inArticle, true);
    }
    const bsky = exported.find((p: { platform: string }) => p.platform === "bluesky");
    assert.equal(bsky.author.handle, "junisol.bsky.social");
    assert.equal(bsky.text, "Take all the time you need. The songs will wait for you.");
    // The unrelated article's post was not added (not even outside the story).
    assert.equal(query<{ n: number }>(db, "SELECT count(*) AS n FROM posts WHERE id = '5555555555555555502'")[0]!.n, 0);

    const q = JSON.parse((await voxpop(["quarantine", "--format", "json", "--db", db], env)).stdout) as Array<{ code: string; reason: string; story: string }>;
    assert.equal(q.length, 1);
    assert.equal(q[0]!.code, "FETCH_FAILED");
    assert.match(q[0]!.reason, /agenda\.html.*404/);
    assert.equal(q[0]!.story, "maya");

    // A rerun reads nothing again: every entry is in the cursor.
    served.length = 0;
    const again = await voxpop(["collect", "maya", "--source", `rss:${base}/feed.xml`, "--allow-private", "--db", db], env);
    assert.equal(again.code, 0, again.stderr);
    assert.deepEqual(served, ["/feed.xml"]);
    assert.equal(storyCount(db, "maya"), 3);
  });

  it("a Bluesky post embedded in an article and the same post from Jetstream are one post (both use its at:// URI)", async (t) => {
    const dir = await tempDir(t);
    const { base } = await startFeedServer(t);
    const db = join(dir, "v.db");
    const env = baseEnv(dir);
    assert.equal((await voxpop(["story", "create", "maya", "--keywords", "Maya Lindqvist", "--db", db], env)).code, 0);
    assert.equal((await voxpop(["collect", "maya", "--source", `rss:${base}/feed.xml`, "--allow-private", "--db", db], env)).code, 0);
    // The same post as Jetstream carries it (the DID and rkey of the embed's data-bluesky-uri).
    const timeUs = Date.parse("2025-03-01T12:55:01Z") * 1000;
    const frame = JSON.stringify({
      did: "did:plc:collecttestbbbbbbbbbbbbb", time_us: timeUs, kind: "commit",
      commit: { rev: "3lk2a2b3c4d5e", operation: "create", collection: "app.bsky.feed.post", rkey: "3collecttst02", cid: "bafyreicollecttestcidbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb",
        record: { $type: "app.bsky.feed.post", createdAt: "2025-03-01T12:55:00.000Z", langs: ["en"], text: "Maya Lindqvist, rest and come back when you are ready." } },
    });
    const server = await startJetstreamServer({ events: [frame] });
    t.after(() => server.close());
    const proc = spawnVoxpop(["collect", "maya", "--source", `jetstream:${server.url}`, "--follow", "--allow-private", "--db", db], env);
    t.after(() => { proc.child.kill("SIGKILL"); });
    await waitUntil(() => jetstreamCursor(db) === timeUs || proc.child.exitCode !== null, 20_000, () => `the frame to be stored; stderr: ${proc.stderr()}`);
    assert.equal((await stopWith(proc, "SIGTERM")).code, 0);
    const rows = query<{ id: string }>(db, "SELECT id FROM posts WHERE platform = 'bluesky' AND text LIKE 'Maya Lindqvist, rest%'");
    assert.deepEqual(rows.map((r) => r.id), ["at://did:plc:collecttestbbbbbbbbbbbbb/app.bsky.feed.post/3collecttst02"]);
  });
});

describe("voxpop collect --source file:", () => {
  type ExportRecord = Record<string, unknown> & { platform: string; id: string; annotations: Record<string, unknown> };
  const exportOf = async (story: string, db: string, env: NodeJS.ProcessEnv): Promise<ExportRecord[]> => {
    const out = await voxpop(["export", "--story", story, "--db", db], env);
    assert.equal(out.code, 0, out.stderr);
    return out.stdout.trim().split("\n").map((l) => JSON.parse(l) as ExportRecord);
  };
  /** What a post is, without how it sits in a story or where it was found. */
  const postFields = ({ story: _s, role: _r, relevance: _v, matched: _m, position: _p, provenance: _pr, storedAt: _st, updatedAt: _u, ...post }: ExportRecord) => post;

  it("JSONL export -> collect file: into another database -> export: identical post fields and annotations, same order", async (t) => {
    const dir = await tempDir(t);
    const env = baseEnv(dir);
    const one = join(dir, "one.db");
    const two = join(dir, "two.db");
    // Story a: voxpop export records (annotations carried) and an X archive (enriched on import).
    assert.equal((await voxpop(["story", "create", "a", "--db", one], env)).code, 0);
    const first = await voxpop(["collect", "a", "--source", `file:${join(FILE_FIXTURES, "export.jsonl")}`, "--source", `file:${join(FILE_FIXTURES, "x-archive")}`, "--db", one], env);
    assert.equal(first.code, 0, first.stderr);
    const a = await exportOf("a", one, env);
    assert.equal(a.length, 8, "3 export records and 5 tweets");
    assert.ok(a.every((p) => Object.keys(p.annotations).length > 0), "every post has annotations");
    const file = join(dir, "a.jsonl");
    await writeFile(file, a.map((p) => JSON.stringify(p)).join("\n") + "\n");

    assert.equal((await voxpop(["story", "create", "b", "--db", two], env)).code, 0);
    const second = await voxpop(["collect", "b", "--source", `file:${file}`, "--db", two], env);
    assert.equal(second.code, 0, second.stderr);
    assert.match(second.stderr, new RegExp(`${a.length} new posts stored, 0 already stored, 0 quarantined`));
    const b = await exportOf("b", two, env);
    assert.deepEqual(b.map((p) => `${p.platform} ${p.id}`), a.map((p) => `${p.platform} ${p.id}`), "same posts in the same order");
    assert.deepEqual(b.map(postFields), a.map(postFields));
    assert.deepEqual(b.map((p) => p.annotations), a.map((p) => p.annotations));
  });

  it("a backup restored from a JSONL export keeps each post's role", async (t) => {
    const dir = await tempDir(t);
    const env = baseEnv(dir);
    const one = join(dir, "one.db");
    const two = join(dir, "two.db");
    assert.equal((await voxpop(["story", "create", "a", "--subject", "pellharrow_test", "--db", one], env)).code, 0);
    assert.equal((await voxpop(["collect", "a", "--source", `file:${join(FILE_FIXTURES, "export.jsonl")}`, "--db", one], env)).code, 0);
    const a = await exportOf("a", one, env);
    assert.ok(a.some((p) => p.role === "subject"));
    const file = join(dir, "a.jsonl");
    await writeFile(file, a.map((p) => JSON.stringify(p)).join("\n") + "\n");
    assert.equal((await voxpop(["story", "create", "b", "--db", two], env)).code, 0);
    assert.equal((await voxpop(["collect", "b", "--source", `file:${file}`, "--db", two], env)).code, 0);
    const b = await exportOf("b", two, env);
    assert.deepEqual(b.map((p) => p.role), a.map((p) => p.role));
    // Known limit (README): the restored posts' provenance is the export file; the original
    // provenance records stay in the export, whose raw payloads a restore does not have.
    assert.ok(b.every((p) => (p.provenance as Array<{ sourceUri: string }>).some((pr) => pr.sourceUri === file)));
  });

  it("a CSV with a broken record: the rest imported, the broken one quarantined with its line number; an X archive folder", async (t) => {
    const dir = await tempDir(t);
    const env = baseEnv(dir);
    const db = join(dir, "v.db");
    assert.equal((await voxpop(["story", "create", "csv", "--db", db], env)).code, 0);
    const csv = await voxpop(["collect", "csv", "--source", `file:${join(FIXTURES, "broken.csv")}`, "--db", db], env);
    assert.equal(csv.code, 0, csv.stderr);
    assert.match(csv.stderr, /4 new posts stored, 0 already stored, 1 quarantined/);
    const posts = await exportOf("csv", db, env);
    assert.deepEqual(posts.map((p) => [p.id, p.text]), [
      ["7000000000000000001", "Good one, with a comma"],
      ["7000000000000000002", "Two\nlines"],
      ["7000000000000000004", "plain text"],
      ["7000000000000000005", 'He said "hi"'],
    ]);
    assert.deepEqual(posts.map((p) => (p.author as { handle: string }).handle), ["ana_test", "ben_test", "dee_test", "eve_test"]);
    const q = JSON.parse((await voxpop(["quarantine", "--format", "json", "--db", db], env)).stdout) as Array<{ code: string; reason: string; story: string }>;
    assert.equal(q.length, 1);
    assert.equal(q[0]!.code, "PARSE_ERROR");
    assert.match(q[0]!.reason, /line 5 of .*broken\.csv/);
    assert.equal(q[0]!.story, "csv");

    assert.equal((await voxpop(["story", "create", "archive", "--db", db], env)).code, 0);
    const archive = await voxpop(["collect", "archive", "--source", `file:${join(FILE_FIXTURES, "x-archive")}`, "--db", db], env);
    assert.equal(archive.code, 0, archive.stderr);
    assert.match(archive.stderr, /5 new posts stored, 0 already stored, 1 quarantined/);
    const tweets = await exportOf("archive", db, env);
    assert.deepEqual(tweets.map((p) => p.id).sort(), ["1777000000000000001", "1777000000000000002", "1777000000000000003", "1777000000000000005", "1777000000000000006"]);
    assert.ok(tweets.every((p) => p.platform === "x"));
    const undated = (JSON.parse((await voxpop(["quarantine", "--format", "json", "--db", db], env)).stdout) as Array<{ reason: string; story: string }>).filter((i) => i.story === "archive");
    assert.equal(undated.length, 1);
    assert.match(undated[0]!.reason, /^tweet 4 of .*x-archive: not an archived tweet/);
  });

  it("an imported file joins the story whole, whatever terms the story's rules have (no raw prefilter on files)", async (t) => {
    const dir = await tempDir(t);
    const env = baseEnv(dir);
    const db = join(dir, "v.db");
    assert.equal((await voxpop(["story", "create", "s", "--keywords", "lighthouse", "--db", db], env)).code, 0);
    const run = await voxpop(["collect", "s", "--source", `file:${join(FILE_FIXTURES, "x-archive")}`, "--db", db], env);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stderr, /5 new posts stored, 0 already stored, 1 quarantined/);
  });

  it("the same file collected into two stories gives both its posts (each story keeps its own cursor)", async (t) => {
    const dir = await tempDir(t);
    const env = baseEnv(dir);
    const db = join(dir, "v.db");
    const csv = `file:${join(FIXTURES, "broken.csv")}`;
    for (const story of ["first", "second"]) {
      assert.equal((await voxpop(["story", "create", story, "--db", db], env)).code, 0);
      assert.equal((await voxpop(["collect", story, "--source", csv, "--db", db], env)).code, 0);
    }
    assert.equal(storyCount(db, "first"), 4);
    assert.equal(storyCount(db, "second"), 4);
  });

  it("kill -9, then Ctrl-C twice, during a 12 000-line JSONL import, rerun: zero lost, zero duplicated, resumed from the stored file offset", async (t) => {
    const dir = await tempDir(t);
    const env = baseEnv(dir);
    const db = join(dir, "v.db");
    const file = join(dir, "big.jsonl");
    const N = 12_000;
    const words = ["harbour", "tram", "rain", "coffee", "market", "bridge", "choir", "ferry", "lantern", "garden"];
    const lines: string[] = [];
    for (let i = 0; i < N; i++) {
      const id = String(8_000_000_000_000_000_000n + BigInt(i));
      lines.push(JSON.stringify({
        text: `Post ${i}: the ${words[i % 10]} and the ${words[(i * 7) % 10]} ${i % 3 === 0 ? "again 🙂" : "today"}`,
        author: `Writer ${i % 97}`, handle: `writer${i % 97}_test`, platform: "x", id,
        url: `https://x.com/writer${i % 97}_test/status/${id}`, createdAt: new Date(Date.UTC(2025, 2, 1) + i * 1000).toISOString(),
      }));
    }
    await writeFile(file, lines.join("\n") + "\n");
    assert.equal((await voxpop(["story", "create", "big", "--db", db], env)).code, 0);
    const args = ["collect", "big", "--source", `file:${file}`, "--db", db];
    const cursorOf = () => {
      const rows = query<{ cursor: string }>(db, "SELECT cursor FROM source_cursors");
      return rows.length ? (JSON.parse(rows[0]!.cursor) as { offset: number; line: number }) : null;
    };
    const kills: string[] = [];
    // First kill -9; then Ctrl-C twice (the second quits at once, without the clean stop).
    const stops = [{ share: 0.2 + Math.random() * 0.2, how: "kill -9" }, { share: 0.55 + Math.random() * 0.25, how: "Ctrl-C twice" }];
    for (const { share, how } of stops) {
      const start = storyCount(db, "big");
      const point = Math.max(Math.floor(N * share), start + 1);
      const proc = spawnVoxpop(args, env);
      t.after(() => { proc.child.kill("SIGKILL"); });
      await waitUntil(() => storyCount(db, "big") >= point || proc.child.exitCode !== null, 40_000, () => `${point} posts; stderr: ${proc.stderr()}`);
      await new Promise((r) => setTimeout(r, Math.random() * 200));
      let note = how;
      if (how === "kill -9") {
        const killed = await stopWith(proc, "SIGKILL");
        assert.equal(killed.signal, "SIGKILL", `the import ended before the kill: ${killed.stderr}`);
      } else {
        assert.equal(proc.child.exitCode, null, `the import ended before Ctrl-C: ${proc.stderr()}`);
        proc.child.kill("SIGINT");
        // The second a moment later (two signals sent at once arrive as one).
        await new Promise((r) => setTimeout(r, 5));
        const quit = await stopWith(proc, "SIGINT");
        // 130 when the second Ctrl-C came before the clean stop had finished; 0 when it was already done.
        assert.ok(quit.code === 130 || quit.code === 0, `exit ${quit.code}: ${quit.stderr}`);
        if (quit.code === 130) assert.match(quit.stderr, /voxpop: stopping now\n$/);
        note = `${how} (exit ${quit.code})`;
      }
      const stored = storyCount(db, "big");
      const cursor = cursorOf();
      assert.ok(cursor, "the cursor is stored with the posts");
      // The stored cursor and the posts agree: the posts stored are exactly the lines before it.
      assert.equal(cursor.line - 1, stored, `cursor at line ${cursor.line} with ${stored} posts stored`);
      kills.push(`${note} with ${stored} posts stored (cursor at line ${cursor.line})`);
    }
    t.diagnostic(kills.join("; "));
    const last = await runVoxpop(args, env, 60_000);
    assert.equal(last.code, 0, last.stderr);
    // The rerun read only what was left: the last kill's lines were not read again.
    const read = Number(/Collected "big": (\d+) items read/.exec(last.stderr)![1]);
    assert.ok(read < N, `the rerun read ${read} items`);
    const ids = storyPostIds(db, "big");
    assert.equal(ids.length, N);
    sameSet(ids, lines.map((l) => String(JSON.parse(l).id)), "imported posts vs the file");
    assertNoDuplicatePosts(db);
    const [pos] = query<{ lo: number; hi: number; n: number }>(db, "SELECT min(position) AS lo, max(position) AS hi, count(*) AS n FROM story_posts");
    assert.deepEqual({ ...pos }, { lo: 1, hi: N, n: N });
  });
});
