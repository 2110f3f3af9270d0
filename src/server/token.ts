// The API token that write routes ask for. It comes from VOXPOP_API_TOKEN, else from a file
// (VOXPOP_API_TOKEN_FILE or ~/.config/voxpop/api-token); on first start it is generated and
// written with 0600 rights, and the caller prints it once. A token file others can read is
// refused rather than silently used: anyone on the machine could write to the store with it.
import { randomBytes } from "node:crypto";
import { mkdir, open, readFile, stat } from "node:fs/promises";
import { homedir } from "node:os";
import { dirname, join } from "node:path";
import { VoxpopError } from "../core/index.ts";

export interface TokenInfo {
  token: string;
  /** True when this call generated the token (print it once). */
  created: boolean;
  /** Where it is kept; null when it came from VOXPOP_API_TOKEN. */
  path: string | null;
}

const MIN_LENGTH = 16;

export function defaultTokenPath(env: NodeJS.ProcessEnv = process.env): string {
  if (env.VOXPOP_API_TOKEN_FILE) return env.VOXPOP_API_TOKEN_FILE;
  const home = env.HOME || homedir();
  return join(env.XDG_CONFIG_HOME || join(home, ".config"), "voxpop", "api-token");
}

function checkToken(token: string, where: string): string {
  if (token.length < MIN_LENGTH || /\s/.test(token)) {
    throw new VoxpopError("CONFIG_ERROR", `the API token in ${where} must be at least ${MIN_LENGTH} characters without spaces`);
  }
  return token;
}

/** Reads the API token, generating and storing one when there is none yet. */
export async function resolveToken(env: NodeJS.ProcessEnv = process.env): Promise<TokenInfo> {
  if (env.VOXPOP_API_TOKEN !== undefined && env.VOXPOP_API_TOKEN !== "") {
    return { token: checkToken(env.VOXPOP_API_TOKEN.trim(), "VOXPOP_API_TOKEN"), created: false, path: null };
  }
  const path = defaultTokenPath(env);
  let info;
  try {
    info = await stat(path);
  } catch (cause) {
    if ((cause as NodeJS.ErrnoException).code !== "ENOENT") {
      throw new VoxpopError("CONFIG_ERROR", `cannot read the API token file ${path}: ${(cause as NodeJS.ErrnoException).code}`, { cause });
    }
    return { token: await createTokenFile(path), created: true, path };
  }
  if (!info.isFile()) throw new VoxpopError("CONFIG_ERROR", `the API token file ${path} is not a file`);
  if (process.platform !== "win32" && (info.mode & 0o077) !== 0) {
    throw new VoxpopError("CONFIG_ERROR", `the API token file ${path} can be read by other users; run: chmod 600 "${path}"`);
  }
  const token = (await readFile(path, "utf8")).trim();
  return { token: checkToken(token, path), created: false, path };
}

async function createTokenFile(path: string): Promise<string> {
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  const token = randomBytes(32).toString("base64url");
  let fh;
  try {
    // "wx": never overwrite a file another process created in the meantime.
    fh = await open(path, "wx", 0o600);
  } catch (cause) {
    if ((cause as NodeJS.ErrnoException).code === "EEXIST") {
      const token = (await readFile(path, "utf8")).trim();
      return checkToken(token, path);
    }
    throw new VoxpopError("CONFIG_ERROR", `cannot write the API token file ${path}: ${(cause as NodeJS.ErrnoException).code}`, { cause });
  }
  try {
    await fh.writeFile(token + "\n");
    await fh.chmod(0o600); // the umask may have narrowed, never widened, but say it plainly
  } finally {
    await fh.close();
  }
  return token;
}
