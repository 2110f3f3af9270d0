// What a caller may append to the decision log, checked with zod before any store sees it. A
// failed check is INVALID_ARGUMENT naming the field, so the API's client sees what to fix.

import { z } from "zod";
import { PLATFORMS, VoxpopError } from "../core/index.ts";
import { DECISION_ACTIONS } from "../store/store.ts";
import type { PostRef } from "../store/store.ts";

export const NOTE_MAX = 2000;
export const SECTION_MAX = 200;
export const ACTOR_MAX = 200;
/** Hand-given ranks stay well inside the range where doubles still have room for midpoints. */
export const RANK_MAX = 1e12;

const noControls = (s: string) => !/[\u0000-\u001f\u007f]/.test(s);

const postRef = z.strictObject({
  platform: z.enum(PLATFORMS, `must be one of ${PLATFORMS.join(", ")}`),
  id: z.string("must be a string").min(1, "must not be empty").max(1000, "at most 1000 characters"),
});

const noValue = z.union([z.undefined(), z.null(), z.strictObject({})], "this action takes no value");

const moveValue = z.strictObject({
  rank: z.number("must be a number").min(-RANK_MAX, `must be at least ${-RANK_MAX}`).max(RANK_MAX, `must be at most ${RANK_MAX}`).optional(),
  before: postRef.optional(),
  after: postRef.optional(),
}, "must be an object { rank } or { before } or { after }")
  .refine((v) => [v.rank, v.before, v.after].filter((x) => x !== undefined).length === 1, "move needs exactly one of rank, before or after");

const sectionValue = z.strictObject({
  section: z.union([
    z.null(),
    z.string("must be a string or null").trim().max(SECTION_MAX, `at most ${SECTION_MAX} characters`).refine(noControls, "control characters are not allowed"),
  ], "must be a string or null"),
}, "must be an object { section }").transform((v) => ({ section: v.section === "" ? null : v.section }));

const noteValue = z.strictObject({
  note: z.string("must be a string").max(NOTE_MAX, `at most ${NOTE_MAX} characters`),
}, "must be an object { note }");

const undoValue = z.strictObject({
  decision: z.number("must be a decision id").int("must be a decision id").positive("must be a decision id").optional(),
}, "must be an object { decision }").nullish();

export type ParsedDecision =
  | { action: "include" | "exclude" | "reset" | "pin" | "unpin"; post: PostRef; value: null; actor: string | null }
  | { action: "move"; post: PostRef; value: { rank: number } | { before: PostRef } | { after: PostRef }; actor: string | null }
  | { action: "section"; post: PostRef; value: { section: string | null }; actor: string | null }
  | { action: "note"; post: PostRef; value: { note: string }; actor: string | null }
  | { action: "undo"; post: null; value: { decision?: number }; actor: string | null };

const envelope = z.object({
  action: z.enum(DECISION_ACTIONS, `must be one of ${DECISION_ACTIONS.join(", ")}`),
  post: z.unknown().optional(),
  value: z.unknown().optional(),
  actor: z.union([
    z.null(),
    z.undefined(),
    z.string("must be a string").trim().max(ACTOR_MAX, `at most ${ACTOR_MAX} characters`).refine(noControls, "control characters are not allowed"),
  ], "must be a string").optional(),
}, "a decision must be an object { action, post?, value? }");

function check<T>(schema: z.ZodType<T>, value: unknown, field: string): T {
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  const issue = r.error.issues[0];
  const path = [field, ...(issue?.path ?? []).map(String)].filter(Boolean).join(".");
  throw new VoxpopError("INVALID_ARGUMENT", `decision${path ? ` ${path}` : ""}: ${issue?.message ?? "invalid"}`);
}

/** Validates a decision as a caller sent it; throws INVALID_ARGUMENT with the field at fault. */
export function parseDecisionInput(input: unknown): ParsedDecision {
  const env = check(envelope, input, "");
  const actor = env.actor ? env.actor : null;
  if (env.action === "undo") {
    if (env.post !== undefined && env.post !== null) {
      throw new VoxpopError("INVALID_ARGUMENT", "decision post: undo takes no post; name the decision to undo in value.decision");
    }
    const value = check(undoValue, env.value, "value") ?? {};
    return { action: "undo", post: null, value: value.decision === undefined ? {} : { decision: value.decision }, actor };
  }
  if (env.post === undefined || env.post === null) {
    throw new VoxpopError("INVALID_ARGUMENT", `decision post: ${env.action} needs a post { platform, id }`);
  }
  const post = check(postRef, env.post, "post");
  switch (env.action) {
    case "move": {
      const v = check(moveValue, env.value, "value");
      const value = v.rank !== undefined ? { rank: v.rank } : v.before ? { before: v.before } : { after: v.after! };
      return { action: "move", post, value, actor };
    }
    case "section":
      return { action: "section", post, value: check(sectionValue, env.value, "value"), actor };
    case "note":
      return { action: "note", post, value: check(noteValue, env.value, "value"), actor };
    default:
      check(noValue, env.value, "value");
      return { action: env.action, post, value: null, actor };
  }
}
