import { existsSync } from "node:fs";
import { resolve } from "node:path";

const ROOT = new URL("..", import.meta.url).pathname;

/** The shared data folder: the first argument, else $VOXPOP_DATA, else ../shared/data beside the repo. */
export function dataDir(argv: string[] = process.argv.slice(2)): string | null {
  const given = argv.find((a) => !a.startsWith("-")) ?? process.env.VOXPOP_DATA ?? "../shared/data";
  const dir = resolve(ROOT, given);
  return existsSync(resolve(dir, "articles")) ? dir : null;
}
