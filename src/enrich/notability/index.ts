// Notability of a post's author: how much weight an editor might give the voice, from what the
// payload says about the account. One formula, a noisy-OR of independent signals (each signal
// s ∈ [0,1] with weight w; score = 1 − Π(1 − w·s)), so every signal raises the score, none alone
// reaches 1, and the result stays in 0..1:
//
// | signal | s | w |
// |---|---|---|
// | followers | min(1, log10(1 + followers) / 7): 100 → 0.29, 10k → 0.57, 1M → 0.86, 10M → 1 | 0.6 |
// | platform verification | 1 when `author.verified` | 0.3 (0.15 on X, where the mark is bought since 2023) |
// | Bluesky domain handle | 1 for a Bluesky handle that is a domain other than *.bsky.social (the owner proved control of that domain) | 0.2 |
// | user's notable list | 1 when the handle is in `context.notable` | 0.8 |
//
// Examples: 10k followers alone 0.34; verified with 1M followers 0.67; on the notable list with
// nothing else 0.8; everything 0.96. Reasons name each signal that fired, e.g. "followers:12.3k".
// Limits: follower counts are as the payload reports them (bought followers count too); other
// Bluesky hosting providers' subdomains (e.g. community PDSes) read as domain handles.
import type { EnrichContext, EnrichInput, Enricher } from "../types.ts";

/** Not in the shared `Annotations` type yet (see the module's report). */
export interface NotabilityAnnotation {
  /** 0..1 */
  score: number;
  /** Signals that fired, e.g. ["followers:12.3k", "verified", "domain-handle", "notable-list"]. */
  reasons: string[];
}

export const WEIGHTS = { followers: 0.6, verified: 0.3, verifiedX: 0.15, domainHandle: 0.2, notable: 0.8 } as const;
/** log10 of the follower count at which the followers signal saturates (10 million). */
export const FOLLOWERS_LOG_CAP = 7;

export function followersSignal(followers: number | null | undefined): number {
  if (typeof followers !== "number" || !Number.isFinite(followers) || followers <= 0) return 0;
  return Math.min(1, Math.log10(1 + followers) / FOLLOWERS_LOG_CAP);
}

function compact(n: number): string {
  if (n >= 1e6) return `${(n / 1e6).toFixed(1).replace(/\.0$/u, "")}M`;
  if (n >= 1e3) return `${(n / 1e3).toFixed(1).replace(/\.0$/u, "")}k`;
  return String(Math.round(n));
}

const DOMAIN_RE = /^(?=.{4,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{0,61}[a-z0-9]$/u;

/** A Bluesky handle that is a domain of its own (not a *.bsky.social subdomain). */
export function isDomainHandle(handle: string): boolean {
  const h = handle.toLowerCase();
  return DOMAIN_RE.test(h) && !h.endsWith(".bsky.social") && h !== "bsky.social" && !h.endsWith(".invalid");
}

export function scoreNotability(input: EnrichInput, context: EnrichContext = {}): NotabilityAnnotation {
  const author = input.author ?? null;
  const handle = typeof author?.handle === "string" ? author.handle.trim().replace(/^@/u, "").toLowerCase() : "";
  const reasons: string[] = [];
  let miss = 1;
  const add = (weight: number, signal: number, reason: string) => {
    if (signal <= 0) return;
    miss *= 1 - weight * signal;
    reasons.push(reason);
  };
  const followers = author?.followers;
  add(WEIGHTS.followers, followersSignal(followers), `followers:${compact(followers ?? 0)}`);
  if (author?.verified === true) add(input.platform === "x" ? WEIGHTS.verifiedX : WEIGHTS.verified, 1, "verified");
  if (input.platform === "bluesky" && handle && isDomainHandle(handle)) add(WEIGHTS.domainHandle, 1, "domain-handle");
  if (handle && context.notable?.has(handle)) add(WEIGHTS.notable, 1, "notable-list");
  return { score: Math.round((1 - miss) * 1000) / 1000, reasons };
}

export const notabilityEnricher: Enricher<NotabilityAnnotation> = {
  name: "notability",
  version: "1.0.0",
  enrich(input: EnrichInput, context: EnrichContext): NotabilityAnnotation {
    return scoreNotability(input, context);
  },
};
