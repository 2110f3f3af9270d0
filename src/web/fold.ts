// The curation state the cards show, folded in the browser from the decision log the server sends
// (GET /decisions and live `decision` events), so a card changes the moment a decision is made
// here or in another tab. The server's fold (src/curate/) stays the authority: the feed's own
// `curation` field is used for posts the log does not mention, and the log's `undone` flags
// come from the server.

import type { Curation, Decision } from "../store/store.ts";
import { postKey } from "./text.ts";

export const UNDECIDED: Curation = { status: "undecided", pinned: false, rank: null, section: null, note: null };

function obj(v: unknown): Record<string, unknown> {
  return v && typeof v === "object" ? (v as Record<string, unknown>) : {};
}

/** Applies one decision to a post's state (undone decisions are skipped by the caller). */
export function applyDecision(state: Curation, d: Decision): Curation {
  const v = obj(d.value);
  switch (d.action) {
    case "include": return { ...state, status: "included" };
    case "exclude": return { ...state, status: "excluded" };
    case "reset": return { ...state, status: "undecided" };
    case "pin": return { ...state, pinned: true };
    case "unpin": return { ...state, pinned: false };
    case "section": return { ...state, section: typeof v.section === "string" && v.section ? v.section : null };
    case "note": return { ...state, note: typeof v.note === "string" && v.note ? v.note : null };
    // The exact rank is the server's (it depends on the other posts); mark it placed by hand.
    case "move": return { ...state, rank: typeof v.rank === "number" ? v.rank : state.rank ?? 0 };
    default: return state;
  }
}

/** The decisions an `undo` reverts, by id, for a log whose `undone` flags may lag behind. */
export function undoneIds(log: readonly Decision[]): Set<number> {
  const undone = new Set<number>();
  for (const d of log) if (d.undone) undone.add(d.id);
  for (const d of log) {
    if (d.action !== "undo" || undone.has(d.id)) continue;
    const target = obj(d.value).decision;
    if (typeof target === "number") undone.add(target);
  }
  return undone;
}

/** Folds the log into each mentioned post's state, keyed "platform:id". */
export function foldLog(log: readonly Decision[]): Map<string, Curation> {
  const undone = undoneIds(log);
  const out = new Map<string, Curation>();
  for (const d of log) {
    if (!d.post || d.action === "undo") continue;
    const key = postKey(d.post);
    // A post whose decisions were all undone is back to undecided (not to a stale feed state).
    if (undone.has(d.id)) { if (!out.has(key)) out.set(key, UNDECIDED); continue; }
    out.set(key, applyDecision(out.get(key) ?? UNDECIDED, d));
  }
  return out;
}

/** The decision a plain "undo" reverts: the latest one neither undone nor an undo. */
export function latestUndoable(log: readonly Decision[]): Decision | null {
  const undone = undoneIds(log);
  for (let i = log.length - 1; i >= 0; i--) {
    const d = log[i]!;
    if (d.action !== "undo" && !undone.has(d.id)) return d;
  }
  return null;
}

const ACTION_LABELS: Record<string, string> = {
  include: "Included", exclude: "Excluded", reset: "Reset to undecided", pin: "Pinned", unpin: "Unpinned",
  move: "Moved", section: "Set section", note: "Noted", undo: "Undid",
};

/** A one-line description of a decision for the history list (plain text, rendered as text). */
export function describeDecision(d: Decision, who: (key: string) => string | null): string {
  const v = obj(d.value);
  const target = d.post ? who(postKey(d.post)) ?? postKey(d.post) : "";
  const label = ACTION_LABELS[d.action] ?? d.action;
  switch (d.action) {
    case "section": return `${label} of ${target} to ${typeof v.section === "string" && v.section ? `“${v.section}”` : "its reaction"}`;
    case "note": return typeof v.note === "string" && v.note ? `${label} ${target}: “${v.note.length > 80 ? `${v.note.slice(0, 79)}…` : v.note}”` : `Cleared the note of ${target}`;
    case "move": {
      const ref = (obj(v.before).id !== undefined ? ["before", obj(v.before)] : obj(v.after).id !== undefined ? ["after", obj(v.after)] : null) as [string, Record<string, unknown>] | null;
      if (ref) {
        const other = typeof ref[1].platform === "string" && typeof ref[1].id === "string" ? who(`${ref[1].platform}:${ref[1].id}`) ?? `${ref[1].platform}:${ref[1].id}` : "another post";
        return `${label} ${target} ${ref[0]} ${other}`;
      }
      return typeof v.rank === "number" ? `${label} ${target} to rank ${v.rank}` : `${label} ${target}`;
    }
    case "undo": return typeof v.decision === "number" ? `${label} decision #${v.decision}` : `${label} the last decision`;
    default: return `${label} ${target}`;
  }
}
