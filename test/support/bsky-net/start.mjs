// A real local Bluesky network for voxpop's integration tests: PLC, PDS and AppView from
// @atproto/dev-env, run on the machine's Node 20 because the PDS needs the native better-sqlite3
// (which does not build against Node 24). Tests talk to it over HTTP and WebSocket like any
// Bluesky server.
//
// Protocol (stdout, one JSON object a line):
//   ready:  {"ready":true,"pdsUrl","appviewUrl","plcUrl","accounts":[{handle,did,password,appPassword}]}
//   errors: {"ready":false,"error":"..."} then exit 1
// Commands (stdin, one JSON object a line) and their replies (stdout):
//   {"id":1,"cmd":"sync"}  -> waits until the AppView has indexed everything the PDS sequenced
//                             -> {"reply":1,"ok":true}
// It shuts down cleanly (servers closed, its Postgres schemas dropped, temp dirs removed) when
// stdin closes, on SIGTERM or SIGINT.
//
// Needs PostgreSQL (DB_POSTGRES_URL, default postgresql://postgres@127.0.0.1:5432/postgres) and
// Redis (REDIS_HOST, default 127.0.0.1:6379).
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import readline from "node:readline";
import crypto from "node:crypto";

// dev-env's services log through pino to stdout; keep stdout for the protocol.
process.env.LOG_ENABLED ??= "false";
process.env.REDIS_HOST ??= "127.0.0.1:6379";
const dbPostgresUrl = process.env.DB_POSTGRES_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";
// The PDS keeps its SQLite files and blobs under os.tmpdir(): give it a folder of its own.
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "voxpop-bsky-net-"));
process.env.TMPDIR = tmp;
// Each run has its own schemas, so parallel test files do not clash.
// (letters and underscores only: the AppView refuses anything else)
const schema = `voxpop_${Array.from(crypto.randomBytes(10), (b) => String.fromCharCode(97 + (b % 26))).join("")}`;

const ACCOUNTS = ["subject", "alice", "bob", "carol", "dave"];

function say(obj) {
  process.stdout.write(JSON.stringify(obj) + "\n");
}

async function dropSchemas() {
  const { default: pg } = await import("pg");
  const client = new pg.Client({ connectionString: dbPostgresUrl });
  await client.connect();
  try {
    for (const name of [`appview_${schema}`, `ozone_${schema}`, schema]) {
      await client.query(`DROP SCHEMA IF EXISTS "${name}" CASCADE`);
    }
  } finally {
    await client.end();
  }
}

let network = null;
let stopping = null;
function stop(code = 0) {
  stopping ??= (async () => {
    const timer = setTimeout(() => process.exit(code || 2), 15_000);
    try {
      if (network) await network.close();
    } catch (err) {
      process.stderr.write(`bsky-net: close failed: ${err?.stack ?? err}\n`);
    }
    try {
      await dropSchemas();
    } catch (err) {
      process.stderr.write(`bsky-net: could not drop schemas: ${err?.message ?? err}\n`);
    }
    fs.rmSync(tmp, { recursive: true, force: true });
    clearTimeout(timer);
    process.exit(code);
  })();
  return stopping;
}
process.on("SIGTERM", () => stop(0));
process.on("SIGINT", () => stop(0));

async function xrpc(base, method, body, token) {
  const res = await fetch(`${base}/xrpc/${method}`, {
    method: "POST",
    headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  const data = await res.json().catch(() => null);
  if (!res.ok) throw new Error(`${method}: HTTP ${res.status} ${JSON.stringify(data)}`);
  return data;
}

async function main() {
  const { TestNetwork } = await import("@atproto/dev-env");
  network = await TestNetwork.create({ dbPostgresUrl, dbPostgresSchema: schema });
  const pdsUrl = network.pds.url;
  const accounts = [];
  for (const name of ACCOUNTS) {
    const handle = `${name}.test`;
    const password = `${name}-pass-${crypto.randomBytes(4).toString("hex")}`;
    const created = await xrpc(pdsUrl, "com.atproto.server.createAccount", { handle, email: `${name}@voxpop.test`, password });
    await xrpc(pdsUrl, "com.atproto.repo.createRecord", {
      repo: created.did,
      collection: "app.bsky.actor.profile",
      rkey: "self",
      record: { $type: "app.bsky.actor.profile", displayName: name[0].toUpperCase() + name.slice(1) },
    }, created.accessJwt);
    const app = await xrpc(pdsUrl, "com.atproto.server.createAppPassword", { name: "voxpop" }, created.accessJwt);
    accounts.push({ handle, did: created.did, password, appPassword: app.password });
  }
  await network.processAll();
  say({ ready: true, pdsUrl, appviewUrl: network.bsky.url, plcUrl: network.plc.url, accounts });

  const lines = readline.createInterface({ input: process.stdin });
  lines.on("line", async (line) => {
    let msg;
    try {
      msg = JSON.parse(line);
    } catch {
      return;
    }
    try {
      if (msg.cmd === "sync") await network.processAll(10_000);
      else throw new Error(`unknown command ${msg.cmd}`);
      say({ reply: msg.id, ok: true });
    } catch (err) {
      say({ reply: msg.id, ok: false, error: String(err?.message ?? err) });
    }
  });
  lines.on("close", () => stop(0));
}

main().catch(async (err) => {
  say({ ready: false, error: String(err?.message ?? err) });
  process.stderr.write(`bsky-net: ${err?.stack ?? err}\n`);
  await stop(1);
});
