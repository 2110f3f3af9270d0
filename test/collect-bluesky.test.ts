// `voxpop collect` against a real local Bluesky network (PLC + PDS + AppView from
// @atproto/dev-env, started by test/support/bsky-network.ts), as a real process: the subject
// posts, others reply, quote and use the keyword; `--source bluesky` must find them through the
// PDS (which proxies app.bsky.* to the AppView) with an account's handle and app password from
// the environment, and `--source firehose:ws://PDS --follow` must pick up a new reply live.
// Skips with the reason when the network cannot start (no Node 20, PostgreSQL or Redis).
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { spawn, type ChildProcess } from "node:child_process";
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { main } from "../src/cli/main.ts";
import { startBskyNetwork, type BskyAccount, type BskyNetwork } from "./support/bsky-network.ts";
import { readOnlyQuery, waitUntil } from "./support/wait.ts";

const CLI = join(import.meta.dirname, "..", "src", "cli", "main.ts");

const started = await startBskyNetwork();
const net: BskyNetwork | null = "skip" in started ? null : started;
const skipReason = "skip" in started ? started.skip : null;
after(async () => {
  await net?.stop();
});

const dir = mkdtempSync(join(tmpdir(), "voxpop-collect-bsky-"));
after(() => rmSync(dir, { recursive: true, force: true }));
const db = join(dir, "v.db");
const query = <T>(sql: string, ...params: string[]): T[] => readOnlyQuery<T>(db, sql, ...params);

// The local AppView's search is a case-sensitive LIKE, so the keyword keeps one spelling.
const KEYWORD = "Lighthousekeeper";

// Plain XRPC on the PDS, as any client would post.
const tokens = new Map<string, string>();
async function xrpc(method: string, body: unknown, token?: string): Promise<Record<string, unknown>> {
  const res = await fetch(`${net!.pdsUrl}/xrpc/${method}`, {
    method: "POST",
    headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  const data = (await res.json()) as Record<string, unknown>;
  assert.ok(res.ok, `${method}: HTTP ${res.status} ${JSON.stringify(data)}`);
  return data;
}
async function post(account: BskyAccount, record: Record<string, unknown>): Promise<{ uri: string; cid: string }> {
  let token = tokens.get(account.did);
  if (!token) {
    token = String((await xrpc("com.atproto.server.createSession", { identifier: account.handle, password: account.password })).accessJwt);
    tokens.set(account.did, token);
  }
  const out = await xrpc("com.atproto.repo.createRecord", {
    repo: account.did, collection: "app.bsky.feed.post",
    record: { $type: "app.bsky.feed.post", createdAt: new Date().toISOString(), ...record },
  }, token);
  return { uri: String(out.uri), cid: String(out.cid) };
}

function env(account: BskyAccount): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: dir, VOXPOP_CONFIG: join(dir, "no-credentials.json"),
    VOXPOP_BLUESKY_SERVICE: net!.pdsUrl, VOXPOP_BLUESKY_HANDLE: account.handle, VOXPOP_BLUESKY_APP_PASSWORD: account.appPassword,
  };
}

interface Run { code: number | null; signal: NodeJS.Signals | null; stderr: string }
function spawnVoxpop(args: string[], environment: NodeJS.ProcessEnv): { child: ChildProcess; done: Promise<Run>; stderr: () => string } {
  const child = spawn(process.execPath, [CLI, ...args], { env: environment, stdio: ["ignore", "ignore", "pipe"] });
  let stderr = "";
  child.stderr!.setEncoding("utf8").on("data", (s: string) => { stderr += s; });
  const done = new Promise<Run>((resolve) => child.once("close", (code, signal) => resolve({ code, signal, stderr })));
  after(() => { child.kill("SIGKILL"); });
  return { child, done, stderr: () => stderr };
}
async function finish(p: ReturnType<typeof spawnVoxpop>, timeoutMs: number): Promise<Run> {
  const timer = setTimeout(() => p.child.kill("SIGKILL"), timeoutMs);
  const run = await p.done;
  clearTimeout(timer);
  assert.notEqual(run.signal, "SIGKILL", `voxpop did not finish within ${timeoutMs} ms:\n${run.stderr}`);
  return run;
}

async function voxpop(args: string[], environment: NodeJS.ProcessEnv): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = "";
  let stderr = "";
  const code = await main(args, { stdout: (s) => { stdout += s; }, stderr: (s) => { stderr += s; }, env: environment });
  return { code, stdout, stderr };
}

function members(): Map<string, string> {
  const rows = query<{ id: string; role: string }>("SELECT p.id, sp.role FROM story_posts sp JOIN stories s ON s.id = sp.story_id JOIN posts p ON p.pk = sp.post_pk WHERE s.name = 'story'");
  return new Map(rows.map((r) => [r.id, r.role]));
}

if (!net) {
  it("voxpop collect against a local Bluesky network", (t) => {
    t.skip(`local Bluesky network unavailable: ${skipReason}`);
  });
} else {
  const [subject, alice, bob, carol, dave] = net.accounts as [BskyAccount, BskyAccount, BskyAccount, BskyAccount, BskyAccount];
  const story = { subjectRefs: [] as Array<{ uri: string; cid: string }>, subjectPosts: [] as string[], replies: [] as string[], quote: "", keywordPosts: [] as string[], unrelated: "" };

  describe("voxpop collect on a real local Bluesky network", () => {
    before(async () => {
      const s1 = await post(subject, { text: `Some news about the ${KEYWORD} job I have to share today.`, langs: ["en"] });
      const s2 = await post(subject, { text: "Thank you all for the kind words." });
      const r1 = await post(alice, { text: "Sending you so much love", reply: { root: s1, parent: s1 } });
      const r2 = await post(bob, { text: "Same here, stay strong.", reply: { root: s1, parent: r1 } });
      const r3 = await post(carol, { text: "Thinking of you.", reply: { root: s2, parent: s2 } });
      const q = await post(carol, { text: "Worth reading in full", embed: { $type: "app.bsky.embed.record", record: s1 } });
      const k1 = await post(dave, { text: `The ${KEYWORD} news is everywhere this morning` });
      const k2 = await post(alice, { text: `A ${KEYWORD} is a job I did not know still existed` });
      const other = await post(bob, { text: "Nothing to do with any of it: the tram is late again." });
      story.subjectRefs = [s1, s2];
      story.subjectPosts = [s1.uri, s2.uri];
      story.replies = [r1.uri, r2.uri, r3.uri];
      story.quote = q.uri;
      story.keywordPosts = [k1.uri, k2.uri];
      story.unrelated = other.uri;
      await net.sync();
      const created = await voxpop(["story", "create", "story", "--subject", subject.handle, "--keywords", KEYWORD, "--db", db], env(alice));
      assert.equal(created.code, 0, created.stderr);
    });

    it("--source bluesky: the subject's posts as subject, replies (nested too), the quote and keyword posts stored; nothing else", async () => {
      const run = await finish(spawnVoxpop(["collect", "story", "--source", "bluesky", "--allow-private", "--db", db], env(alice)), 30_000);
      assert.equal(run.code, 0, run.stderr);
      const got = members();
      for (const uri of story.subjectPosts) assert.equal(got.get(uri), "subject", `subject post ${uri}`);
      for (const uri of [...story.replies, story.quote, ...story.keywordPosts]) assert.equal(got.get(uri), "reaction", `reaction ${uri}`);
      assert.equal(got.has(story.unrelated), false);
      assert.equal(got.size, 2 + 3 + 1 + 2);
      // Authors come with their handles (the AppView's views), and the quote points at the subject's post.
      const [quote] = query<{ author_handle: string; quote_of: string }>("SELECT author_handle, quote_of FROM posts WHERE id = ?", story.quote);
      assert.deepEqual({ ...quote }, { author_handle: carol.handle, quote_of: story.subjectPosts[0] });
      // A rerun, with the account in a 0600 config file instead of the environment: nothing new.
      const config = join(dir, "credentials.json");
      writeFileSync(config, JSON.stringify({ bluesky: { handle: bob.handle, appPassword: bob.appPassword, service: net.pdsUrl } }), { mode: 0o600 });
      const fileEnv = { PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: dir, VOXPOP_CONFIG: config };
      const again = await finish(spawnVoxpop(["collect", "story", "--source", "bluesky", "--allow-private", "--db", db], fileEnv), 30_000);
      assert.equal(again.code, 0, again.stderr);
      assert.match(again.stderr, / 0 new posts stored/);
      // The same file readable by others is refused, naming the fix.
      chmodSync(config, 0o644);
      const open = await voxpop(["collect", "story", "--source", "bluesky", "--allow-private", "--db", db], fileEnv);
      assert.equal(open.code, 1);
      assert.match(open.stderr, /credentials\.json can be read by other users \(mode 644\); run: chmod 600 /);
    });

    it("a wrong app password: exit 1 with AUTH_FAILED naming the variables, the password not echoed", async () => {
      const wrong = { ...env(carol), VOXPOP_BLUESKY_APP_PASSWORD: "wrong-pass-1234" };
      const run = await finish(spawnVoxpop(["collect", "story", "--source", "bluesky", "--allow-private", "--db", db], wrong), 30_000);
      assert.equal(run.code, 1, run.stderr);
      assert.match(run.stderr, /AUTH_FAILED/);
      assert.match(run.stderr, /VOXPOP_BLUESKY_APP_PASSWORD/);
      assert.doesNotMatch(run.stderr, /wrong-pass-1234/);
    });

    it("in one process (a server that collects again), a corrected password is used after a wrong one", async () => {
      const wrong = await voxpop(["collect", "story", "--source", "bluesky", "--allow-private", "--db", db], { ...env(dave), VOXPOP_BLUESKY_APP_PASSWORD: "wrong-pass-5678" });
      assert.equal(wrong.code, 1);
      const right = await voxpop(["collect", "story", "--source", "bluesky", "--allow-private", "--db", db], env(dave));
      assert.equal(right.code, 0, right.stderr);
    });

    it("--source firehose:ws://PDS --follow picks up a new reply live; SIGTERM stops cleanly", async () => {
      const firehose = `firehose:${net.pdsUrl.replace(/^http/, "ws")}`;
      const proc = spawnVoxpop(["collect", "story", "--source", firehose, "--follow", "--allow-private", "--db", db], env(alice));
      // The firehose starts at the live tail: post unrelated probes until its cursor is stored,
      // which shows the connection is open and read.
      const hasCursor = () => query<{ n: number }>("SELECT count(*) AS n FROM source_cursors WHERE source LIKE '%firehose ws://%'")[0]!.n > 0;
      for (let i = 0; !hasCursor(); i++) {
        assert.ok(i < 60 && proc.child.exitCode === null, `the firehose never stored a cursor: ${proc.stderr()}`);
        await post(dave, { text: `probe ${i}: weather is fine` });
        await new Promise((r) => setTimeout(r, 500));
      }
      const s2 = story.subjectRefs[1]!;
      const live = await post(bob, { text: "Just saw this, all the best.", reply: { root: s2, parent: s2 } });
      const livePost = await post(subject, { text: `Back at the ${KEYWORD} desk tomorrow.` });
      await waitUntil(() => members().has(live.uri) && members().has(livePost.uri), 20_000, () => `the live posts; stderr: ${proc.stderr()}`);
      proc.child.kill("SIGTERM");
      const run = await finish(proc, 20_000);
      assert.equal(run.code, 0, run.stderr);
      assert.match(run.stderr, /Stopping: storing what was read/);
      assert.equal(members().get(live.uri), "reaction");
      assert.equal(members().get(livePost.uri), "subject");
    });
  });
}
