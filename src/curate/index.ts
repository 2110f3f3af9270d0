// curate: the editor's decisions on a story's posts. Decisions are an append-only log (kept by
// the Store); this folder holds what every store shares about it: the pure fold of the log into
// each post's curation state (fold.ts, with the move and curated-order rules), and the checks a
// decision must pass before it is appended (input.ts).
export { foldDecisions, postKey, rankBetween, effectiveRank, compareCurated, UNDECIDED } from "./fold.ts";
export type { FoldResult } from "./fold.ts";
export { parseDecisionInput, NOTE_MAX, SECTION_MAX, ACTOR_MAX, RANK_MAX } from "./input.ts";
export type { ParsedDecision } from "./input.ts";
