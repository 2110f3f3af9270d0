// The decision log folded into each post's curation state. Pure: the same log always gives the
// same state, so a roundup can be reproduced and audited from the log alone.
//
// Rules
// - Decisions apply in id order. `undo` names a decision (value.decision); that decision is left
//   out of the fold as if it had never been made. An undo that names another undo is ignored
//   here (stores refuse to write one).
// - include / exclude / reset set the status (reset: back to "undecided"); pin / unpin set the
//   pin; section sets the editor's section (null: back to the post's reaction); note sets the
//   note ("" clears it). The status, pin, rank, section and note are independent of each other.
// - The curated order (the roundup's order, sort=curated) is: pinned posts first, then by
//   effective rank, then by position, where a post's effective rank is its rank when it was
//   moved by hand, else its position. Ranks and positions are one scale, so moving a post never
//   renumbers any other post: `move {rank}` puts the post at that point of the scale (rank 0 puts
//   it before every post that was never moved, rank 2.5 between positions 2 and 3), and
//   `move {before: T}` / `{after: T}` gives it the midpoint between T's effective rank and the
//   nearest effective rank on that side (strictly lower for before, strictly higher for after)
//   among all the story's other posts, ignoring pins (a pin only lifts a post above the scale);
//   with no post on that side, T's effective rank - 1 (before) or + 1 (after). When hand-given
//   ranks tie with T's, the moved post goes before (after) all of the tied posts. Stores resolve before/after to
//   a rank when the decision is appended (they know every post's position) and keep it in the
//   decision's value as `{before|after, rank}`; the fold uses that rank. A move without a rank
//   (written by hand) is placed among the posts this log has ranked.

import { VoxpopError } from "../core/index.ts";
import type { Curation, Decision, PostRef } from "../store/store.ts";

export const UNDECIDED: Readonly<Curation> = Object.freeze({ status: "undecided", pinned: false, rank: null, section: null, note: null });

/** The key of a post in the fold's state: "platform:id". */
export function postKey(ref: PostRef): string {
  return `${ref.platform}:${ref.id}`;
}

export interface FoldResult {
  /** Posts with at least one decision that counts, by "platform:id"; others are UNDECIDED. */
  state: Map<string, Curation>;
  /** Ids of the decisions a later undo reverted. */
  undone: Set<number>;
}

export function foldDecisions(decisions: readonly Decision[]): FoldResult {
  const log = [...decisions].sort((a, b) => a.id - b.id);
  const actionOf = new Map(log.map((d) => [d.id, d.action]));
  const undone = new Set<number>();
  for (const d of log) {
    if (d.action !== "undo") continue;
    const target = undoTarget(d.value);
    if (target !== null && actionOf.get(target) !== "undo") undone.add(target);
  }

  const state = new Map<string, Curation>();
  for (const d of log) {
    if (d.action === "undo" || undone.has(d.id) || !d.post) continue;
    const key = postKey(d.post);
    const next: Curation = { ...(state.get(key) ?? UNDECIDED) };
    const value = (d.value ?? {}) as Record<string, unknown>;
    switch (d.action) {
      case "include": next.status = "included"; break;
      case "exclude": next.status = "excluded"; break;
      case "reset": next.status = "undecided"; break;
      case "pin": next.pinned = true; break;
      case "unpin": next.pinned = false; break;
      case "section": next.section = typeof value.section === "string" && value.section !== "" ? value.section : null; break;
      case "note": next.note = typeof value.note === "string" && value.note !== "" ? value.note : null; break;
      case "move": {
        const rank = typeof value.rank === "number" && Number.isFinite(value.rank) ? value.rank : placeAmongRanked(state, key, value);
        if (rank !== null) next.rank = rank;
        break;
      }
    }
    state.set(key, next);
  }
  return { state, undone };
}

function undoTarget(value: unknown): number | null {
  const id = (value as { decision?: unknown } | null)?.decision;
  return typeof id === "number" && Number.isInteger(id) ? id : null;
}

/** A hand-written move {before|after} without a resolved rank: placed among the ranked posts. */
function placeAmongRanked(state: Map<string, Curation>, key: string, value: Record<string, unknown>): number | null {
  const side = isRef(value.before) ? "before" : isRef(value.after) ? "after" : null;
  if (side === null) return null;
  const targetKey = postKey(value[side] as PostRef);
  const target = state.get(targetKey)?.rank;
  if (target == null || targetKey === key) return null;
  let lower: number | null = null;
  let upper: number | null = null;
  for (const [k, c] of state) {
    if (k === key || k === targetKey || c.rank === null) continue;
    if (side === "before" && c.rank < target && (lower === null || c.rank > lower)) lower = c.rank;
    if (side === "after" && c.rank > target && (upper === null || c.rank < upper)) upper = c.rank;
  }
  try {
    return side === "before" ? rankBetween(lower, target) : rankBetween(target, upper);
  } catch {
    return null;
  }
}

function isRef(v: unknown): v is PostRef {
  return typeof v === "object" && v !== null && typeof (v as PostRef).platform === "string" && typeof (v as PostRef).id === "string";
}

/**
 * The rank for a post placed between two neighbours' effective ranks (null: no neighbour on that
 * side). Throws INVALID_ARGUMENT when the two are so close that no number lies between them.
 */
export function rankBetween(lower: number | null, upper: number | null): number {
  if (lower === null && upper === null) return 0;
  if (lower === null) return upper! - 1;
  if (upper === null) return lower + 1;
  const mid = lower + (upper - lower) / 2;
  if (!(mid > lower && mid < upper)) {
    throw new VoxpopError("INVALID_ARGUMENT", `move: no room left between ranks ${lower} and ${upper}; move one of them by {rank} first`);
  }
  return mid;
}

/** A post's place on the rank scale: its hand-given rank, else its position. */
export function effectiveRank(curation: Pick<Curation, "rank">, position: number): number {
  return curation.rank ?? position;
}

/** The curated order (sort=curated, the roundup's order): pinned first, effective rank, position. */
export function compareCurated(
  a: { curation: Pick<Curation, "pinned" | "rank">; position: number },
  b: { curation: Pick<Curation, "pinned" | "rank">; position: number },
): number {
  return (Number(b.curation.pinned) - Number(a.curation.pinned))
    || (effectiveRank(a.curation, a.position) - effectiveRank(b.curation, b.position))
    || (a.position - b.position);
}
