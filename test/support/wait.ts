// Small helpers the end-to-end tests share: polling for a condition, reading a SQLite database
// as an outside tool would while voxpop writes it, and checking that a service is listening.
import { connect as tcpConnect } from "node:net";
import { DatabaseSync } from "node:sqlite";

/** Polls `check` until it holds; after `timeoutMs` fails saying what it waited for. */
export async function waitUntil(
  check: () => boolean | Promise<boolean>,
  timeoutMs: number,
  what: () => string | Promise<string> = () => "the condition",
  pollMs = 25,
): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > until) throw new Error(`timed out after ${timeoutMs} ms waiting for ${await what()}`);
    await new Promise((r) => setTimeout(r, pollMs));
  }
}

/** Reads the database the way an outside tool would: read-only, while voxpop may be writing. */
export function readOnlyQuery<T>(db: string, sql: string, ...params: Array<string | number>): T[] {
  const conn = new DatabaseSync(db, { readOnly: true });
  try {
    conn.exec("PRAGMA busy_timeout = 5000");
    return conn.prepare(sql).all(...params) as T[];
  } finally {
    conn.close();
  }
}

/** Whether something accepts TCP connections at the URL's host and port (`defaultPort` if none). */
export function reachable(url: string, defaultPort: number): Promise<boolean> {
  const u = new URL(url);
  return new Promise((resolve) => {
    const socket = tcpConnect({ host: u.hostname, port: Number(u.port || defaultPort) });
    const done = (ok: boolean) => { socket.destroy(); resolve(ok); };
    socket.setTimeout(1000, () => done(false));
    socket.once("connect", () => done(true));
    socket.once("error", () => done(false));
  });
}
