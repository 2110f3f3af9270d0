// server: voxpop's HTTP API (docs/API.md) and the web app's files, as a Hono app built from an
// App (createServer: pure wiring, testable in process), plus startServer to listen on a port with
// @hono/node-server, and the API token (generated once, kept 0600). It binds to 127.0.0.1 unless
// told otherwise; every write needs the token; every input is checked at the boundary.
import { serve } from "@hono/node-server";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Hono } from "hono";
import { VoxpopError } from "../core/index.ts";

export { createServer, BODY_LIMIT, IMPORT_BODY_LIMIT, type ServerOptions } from "./http.ts";
export { resolveToken, defaultTokenPath, type TokenInfo } from "./token.ts";
export { isLoopback, LOOPBACK_HOSTS, APP_CSP } from "./security.ts";
export { statusOf, errorBody } from "./errors.ts";
export type { EventOptions } from "./events.ts";

export interface ListenOptions {
  /** 0 picks a free port. */
  port: number;
  /** Default 127.0.0.1. */
  host?: string;
}

export interface RunningServer {
  /** e.g. http://127.0.0.1:8787/ */
  url: string;
  port: number;
  host: string;
  /** Stops listening and ends open connections (event streams included). */
  close(): Promise<void>;
}

export function startServer(app: Hono, options: ListenOptions): Promise<RunningServer> {
  const host = options.host ?? "127.0.0.1";
  return new Promise((resolve, reject) => {
    let server: Server;
    const onError = (err: NodeJS.ErrnoException) => {
      const why = err.code === "EADDRINUSE" ? `port ${options.port} is in use (pick another with --port)`
        : err.code === "EACCES" ? `not allowed to listen on port ${options.port}`
        : err.code === "EADDRNOTAVAIL" ? `this machine has no address ${host}`
        : err.message;
      reject(new VoxpopError("CONFIG_ERROR", `cannot start the server on ${host}:${options.port}: ${why}`, { cause: err }));
    };
    server = serve({ fetch: app.fetch, port: options.port, hostname: host }, (info: AddressInfo) => {
      server.off("error", onError);
      const shown = info.family === "IPv6" || host.includes(":") ? `[${info.address}]` : host;
      resolve({
        url: `http://${shown}:${info.port}/`,
        port: info.port,
        host,
        close: () => new Promise<void>((done) => {
          server.close(() => done());
          // Event streams never end by themselves: close every connection now.
          server.closeAllConnections();
        }),
      });
    }) as Server;
    server.once("error", onError);
  });
}
