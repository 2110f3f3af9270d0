// Credentials for the networks, from the environment or a config file. The file must be readable
// by its owner only (0600): voxpop refuses a file that others can read rather than use a leaked
// secret quietly. Secrets are never printed; errors name the variable or the file key to set.
//
// Environment:  VOXPOP_BLUESKY_HANDLE, VOXPOP_BLUESKY_APP_PASSWORD, VOXPOP_BLUESKY_SERVICE
//               VOXPOP_MASTODON_TOKEN (any instance) or VOXPOP_MASTODON_TOKEN_<HOST> with the
//               host upper-cased and non-alphanumerics as "_" (e.g. VOXPOP_MASTODON_TOKEN_MASTODON_SOCIAL)
// File:         $VOXPOP_CONFIG, else ~/.config/voxpop/credentials.json:
//   { "bluesky": { "handle": "…", "appPassword": "…", "service": "https://bsky.social" },
//     "mastodon": { "mastodon.social": { "token": "…" } } }
import { readFileSync, statSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import { z } from "zod";
import { VoxpopError } from "../core/index.ts";

const fileSchema = z.object({
  bluesky: z.object({ handle: z.string().min(1).optional(), appPassword: z.string().min(1).optional(), service: z.string().url().optional() }).optional(),
  mastodon: z.record(z.string(), z.object({ token: z.string().min(1) })).optional(),
});

export interface Credentials {
  bluesky: { handle: string | null; appPassword: string | null; service: string };
  /** Token for a Mastodon host (lower-case), or null. */
  mastodonToken(host: string): string | null;
  /** Where they came from, for messages (never the secrets). */
  origin: string;
}

export function configPath(env: NodeJS.ProcessEnv): string {
  return env.VOXPOP_CONFIG ?? join(env.HOME ?? homedir(), ".config", "voxpop", "credentials.json");
}

export function loadCredentials(env: NodeJS.ProcessEnv): Credentials {
  const path = configPath(env);
  let file: z.infer<typeof fileSchema> = {};
  let origin = "environment";
  let st;
  try {
    st = statSync(path);
  } catch {
    st = null;
  }
  if (st) {
    if (process.platform !== "win32" && (st.mode & 0o077) !== 0) {
      throw new VoxpopError("CONFIG_ERROR", `${path} can be read by other users (mode ${(st.mode & 0o777).toString(8)}); run: chmod 600 ${path}`);
    }
    let data: unknown;
    try {
      data = JSON.parse(readFileSync(path, "utf8"));
    } catch (cause) {
      throw new VoxpopError("CONFIG_ERROR", `${path} is not valid JSON`, { cause });
    }
    const parsed = fileSchema.safeParse(data);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new VoxpopError("CONFIG_ERROR", `${path}: ${issue?.path.join(".") || "(top)"}: ${issue?.message ?? "invalid"}`);
    }
    file = parsed.data;
    origin = `environment and ${path}`;
  }
  const mastodon = new Map(Object.entries(file.mastodon ?? {}).map(([host, v]) => [host.toLowerCase(), v.token]));
  return {
    bluesky: {
      handle: env.VOXPOP_BLUESKY_HANDLE || file.bluesky?.handle || null,
      appPassword: env.VOXPOP_BLUESKY_APP_PASSWORD || file.bluesky?.appPassword || null,
      service: env.VOXPOP_BLUESKY_SERVICE || file.bluesky?.service || "https://bsky.social",
    },
    mastodonToken(host) {
      const key = `VOXPOP_MASTODON_TOKEN_${host.toUpperCase().replace(/[^A-Z0-9]/g, "_")}`;
      return env[key] || mastodon.get(host.toLowerCase()) || env.VOXPOP_MASTODON_TOKEN || null;
    },
    origin,
  };
}
