import { existsSync } from "node:fs";
import { resolve } from "node:path";

const ROOT = new URL("..", import.meta.url).pathname;

/**
 * Where the shared data is: the first non-flag argument, else $VOXPOP_DATA, else ../shared/data
 * beside the repository; relative paths are taken from the repository root, whatever the cwd.
 * Every eval and bench script finds its data here.
 */
export function sharedDataPath(argv: string[] = process.argv.slice(2)): string {
  const given = argv.find((a) => !a.startsWith("-")) ?? process.env.VOXPOP_DATA ?? "../shared/data";
  return resolve(ROOT, given);
}

/** The shared data folder when it holds the article pages, else null (a fresh clone). */
export function dataDir(argv: string[] = process.argv.slice(2)): string | null {
  const dir = sharedDataPath(argv);
  return existsSync(resolve(dir, "articles")) ? dir : null;
}
