// Serves the web app (src/web/) at "/": `.ts` browser modules go out as JavaScript with their
// types stripped by Node itself (cached by mtime), so the app needs no build step. Only files
// inside the web root with a known extension are served; anything that tries to climb out
// (`..`, encoded slashes, NUL, hidden files, symlinks leading outside) is refused.
import { readFile, realpath, stat } from "node:fs/promises";
import { stripTypeScriptTypes } from "node:module";
import { extname, join, sep } from "node:path";
import { fileURLToPath } from "node:url";

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".ts": "text/javascript; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".json": "application/json; charset=utf-8",
  ".woff2": "font/woff2",
  ".txt": "text/plain; charset=utf-8",
};

export interface StaticFile { body: string | Uint8Array; type: string; mtimeMs: number }

export type StaticResult = { kind: "file"; file: StaticFile } | { kind: "refused" } | { kind: "missing" };

export class WebRoot {
  readonly #root: string;
  #realRoot: string | null = null;
  readonly #jsCache = new Map<string, { mtimeMs: number; size: number; code: string }>();

  constructor(root: URL) {
    this.#root = fileURLToPath(root).replace(/[\\/]+$/, "");
  }

  /** Resolves a URL path ("/app.ts") to a file under the root, or says why not. */
  async get(urlPath: string): Promise<StaticResult> {
    let decoded: string;
    try {
      decoded = decodeURIComponent(urlPath);
    } catch {
      return { kind: "refused" };
    }
    if (decoded === "/" || decoded === "") decoded = "/index.html";
    const segments = decoded.split("/").slice(1);
    if (segments.some((s) => s === "" || s.startsWith(".") || /[\\\0:]/.test(s))) return { kind: "refused" };
    const ext = extname(decoded).toLowerCase();
    const type = TYPES[ext];
    if (!type || /\.test\.ts$/i.test(decoded)) return { kind: "missing" };
    const root = (this.#realRoot ??= await realpath(this.#root).catch(() => this.#root));
    const path = join(root, ...segments);
    let real: string;
    let info;
    try {
      real = await realpath(path);
      info = await stat(real);
    } catch {
      return { kind: "missing" };
    }
    // A symlink (or anything else) that leads outside the root is refused.
    if (!real.startsWith(root + sep) || !info.isFile()) return { kind: "refused" };
    if (ext === ".ts") return { kind: "file", file: { body: await this.#javascript(real, info.mtimeMs, info.size), type, mtimeMs: info.mtimeMs } };
    return { kind: "file", file: { body: new Uint8Array(await readFile(real)), type, mtimeMs: info.mtimeMs } };
  }

  async #javascript(path: string, mtimeMs: number, size: number): Promise<string> {
    const hit = this.#jsCache.get(path);
    if (hit && hit.mtimeMs === mtimeMs && hit.size === size) return hit.code;
    const code = stripTypeScriptTypes(await readFile(path, "utf8"), { mode: "strip" });
    this.#jsCache.set(path, { mtimeMs, size, code });
    return code;
  }
}
