import { describe, it, before, after } from "node:test";
import assert from "node:assert/strict";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { safeFetch, isPrivateAddress } from "./index.ts";

// A real HTTP server on loopback: the only kind of peer a test may talk to here.
let server: http.Server;
let base: string;
before(async () => {
  server = http.createServer((req, res) => {
    const u = new URL(req.url ?? "/", "http://x");
    if (u.pathname === "/ok") { res.setHeader("content-type", "text/html; charset=utf-8"); res.end("<p>hello</p>"); return; }
    if (u.pathname === "/slow") { setTimeout(() => res.end("late"), 5_000).unref(); return; }
    if (u.pathname === "/big") { res.setHeader("content-type", "text/html"); res.write(Buffer.alloc(2048, 97)); res.end(Buffer.alloc(2048, 97)); return; }
    if (u.pathname === "/loop") { res.statusCode = 302; res.setHeader("location", "/loop"); res.end(); return; }
    if (u.pathname === "/redirect") { res.statusCode = 301; res.setHeader("location", "/ok"); res.end(); return; }
    if (u.pathname === "/missing") { res.statusCode = 404; res.end("no"); return; }
    if (u.pathname === "/drop") { req.socket.destroy(); return; }
    res.end();
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
after(() => { server.closeAllConnections(); server.close(); });

describe("isPrivateAddress", () => {
  it("refuses loopback, private, link-local and mapped addresses", () => {
    for (const a of ["127.0.0.1", "10.1.2.3", "172.16.0.1", "192.168.1.1", "169.254.169.254", "0.0.0.0", "::1", "fe80::1", "fd00::1", "::ffff:127.0.0.1", "100.64.0.1"]) {
      assert.equal(isPrivateAddress(a), true, a);
    }
  });
  it("lets public addresses through", () => {
    for (const a of ["93.184.216.34", "1.1.1.1", "2606:4700:4700::1111"]) assert.equal(isPrivateAddress(a), false, a);
  });
});

describe("safeFetch", () => {
  it("refuses loopback unless allowed", async () => {
    await assert.rejects(safeFetch(`${base}/ok`), { code: "BLOCKED_ADDRESS" });
    await assert.rejects(safeFetch(`http://localhost:1/ok`), { code: "BLOCKED_ADDRESS" });
  });
  it("fetches when private addresses are allowed", async () => {
    const res = await safeFetch(`${base}/ok`, { allowPrivate: true });
    assert.equal(res.body.toString(), "<p>hello</p>");
    assert.match(res.contentType ?? "", /text\/html/);
  });
  it("follows a redirect and reports the final URL", async () => {
    const res = await safeFetch(`${base}/redirect`, { allowPrivate: true });
    assert.equal(res.finalUrl, `${base}/ok`);
  });
  it("stops a redirect loop", async () => {
    await assert.rejects(safeFetch(`${base}/loop`, { allowPrivate: true, maxRedirects: 3 }), { code: "TOO_MANY_REDIRECTS" });
  });
  it("times out", async () => {
    await assert.rejects(safeFetch(`${base}/slow`, { allowPrivate: true, timeoutMs: 200 }), { code: "FETCH_TIMEOUT" });
  });
  it("caps the body size", async () => {
    await assert.rejects(safeFetch(`${base}/big`, { allowPrivate: true, maxBytes: 1000 }), { code: "INPUT_TOO_LARGE" });
  });
  it("reports HTTP errors and dropped connections", async () => {
    await assert.rejects(safeFetch(`${base}/missing`, { allowPrivate: true }), { code: "FETCH_FAILED", message: /HTTP 404/ });
    await assert.rejects(safeFetch(`${base}/drop`, { allowPrivate: true }), { code: "FETCH_FAILED" });
  });
  it("refuses other schemes and credentials", async () => {
    await assert.rejects(safeFetch("file:///etc/passwd"), { code: "INVALID_ARGUMENT" });
    await assert.rejects(safeFetch("http://user:pw@example.com/"), { code: "INVALID_ARGUMENT" });
  });
});
