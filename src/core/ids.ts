import { createHash } from "node:crypto";
import type { Platform } from "./types.ts";

/**
 * A stable id for a post whose platform id is unknown: the same post read twice (from the same or
 * another article) hashes the same, so storing it again never duplicates it.
 */
export function contentId(platform: Platform, handle: string | null, dateText: string | null, text: string | null): string {
  const key = [platform, (handle ?? "").toLowerCase(), dateText ?? "", (text ?? "").replace(/\s+/g, " ").trim()].join("\n");
  return "h-" + createHash("sha256").update(key).digest("hex").slice(0, 24);
}

export function sha256(data: string | Uint8Array): string {
  return createHash("sha256").update(data).digest("hex");
}
