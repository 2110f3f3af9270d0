import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { VoxpopError } from "../core/index.ts";
import type { Decision, DecisionAction, PostRef } from "../store/index.ts";
import { compareCurated, foldDecisions, parseDecisionInput, rankBetween, UNDECIDED } from "./index.ts";

const A: PostRef = { platform: "bluesky", id: "a" };
const B: PostRef = { platform: "mastodon", id: "b" };
const C: PostRef = { platform: "x", id: "c" };
let next = 0;
function d(action: DecisionAction, post: PostRef | null, value: unknown = null, id = ++next): Decision {
  return { id, story: "s", action, post, value, actor: null, createdAt: "2031-03-04T10:00:00Z", undone: false };
}

describe("foldDecisions", () => {
  it("folds status, pin, section and note independently, last decision wins", () => {
    const { state, undone } = foldDecisions([
      d("include", A), d("pin", A), d("section", A, { section: "Love and support" }), d("note", A, { note: "lead" }),
      d("exclude", A), d("exclude", B), d("reset", B), d("note", B, { note: "x" }), d("note", B, { note: "" }),
    ]);
    assert.deepEqual(state.get("bluesky:a"), { status: "excluded", pinned: true, rank: null, section: "Love and support", note: "lead" });
    assert.deepEqual(state.get("mastodon:b"), { ...UNDECIDED }, "reset and an empty note bring a post back to its defaults");
    assert.equal(state.get("x:c"), undefined, "posts without decisions are not in the state");
    assert.equal(undone.size, 0);
  });

  it("applies decisions in id order whatever order they are given in", () => {
    const log = [d("include", A, null, 1), d("exclude", A, null, 2)];
    assert.equal(foldDecisions([...log].reverse()).state.get("bluesky:a")!.status, "excluded");
  });

  it("undo leaves out exactly the decision it names; an undo naming an undo is ignored", () => {
    const inc = d("include", A);
    const pin = d("pin", A);
    const u1 = d("undo", A, { decision: inc.id });
    const u2 = d("undo", A, { decision: u1.id });
    const { state, undone } = foldDecisions([inc, pin, u1, u2]);
    assert.deepEqual(state.get("bluesky:a"), { ...UNDECIDED, pinned: true });
    assert.deepEqual([...undone], [inc.id]);
    assert.deepEqual(foldDecisions([inc, d("undo", A, { decision: 12345 })]).state.get("bluesky:a")!.status, "included", "an unknown target changes nothing");
  });

  it("move takes the rank a store resolved, else places the post among the ranked ones", () => {
    const { state } = foldDecisions([
      d("move", A, { rank: 2 }), d("move", B, { rank: 4 }),
      d("move", C, { before: A, rank: 1.5 }),
    ]);
    assert.deepEqual([state.get("bluesky:a")!.rank, state.get("mastodon:b")!.rank, state.get("x:c")!.rank], [2, 4, 1.5]);
    const handWritten = foldDecisions([d("move", A, { rank: 2 }), d("move", B, { rank: 4 }), d("move", C, { after: A })]).state;
    assert.equal(handWritten.get("x:c")!.rank, 3, "midway between A (2) and the next ranked post (4)");
    const last = foldDecisions([d("move", A, { rank: 2 }), d("move", C, { after: A })]).state;
    assert.equal(last.get("x:c")!.rank, 3, "nothing after A: A + 1");
    const unknown = foldDecisions([d("move", C, { before: A })]).state;
    assert.equal(unknown.get("x:c")!.rank, null, "a target without a rank leaves the post where it is");
  });
});

describe("rankBetween and the curated order", () => {
  it("takes the midpoint, or steps one past a missing neighbour, and says when no room is left", () => {
    assert.equal(rankBetween(1, 2), 1.5);
    assert.equal(rankBetween(null, 1), 0);
    assert.equal(rankBetween(7, null), 8);
    assert.equal(rankBetween(null, null), 0);
    let lo = 1;
    const hi = 2;
    assert.throws(() => { for (let i = 0; i < 100; i++) lo = rankBetween(lo, hi); },
      (err: unknown) => err instanceof VoxpopError && err.code === "INVALID_ARGUMENT" && /no room/.test(err.message));
  });

  it("orders pinned posts first, then by rank where given else position, then position", () => {
    const post = (id: string, position: number, rank: number | null = null, pinned = false) => ({ id, position, curation: { pinned, rank } });
    const posts = [post("p1", 1), post("p2", 2), post("p3", 3, 1.5), post("p4", 4, null, true), post("p5", 5, 0), post("p6", 6, 2)];
    assert.deepEqual(posts.sort(compareCurated).map((p) => p.id), ["p4", "p5", "p1", "p3", "p2", "p6"]);
  });
});

describe("parseDecisionInput", () => {
  const code = (input: unknown, pattern: RegExp) => assert.throws(() => parseDecisionInput(input),
    (err: unknown) => err instanceof VoxpopError && err.code === "INVALID_ARGUMENT" && pattern.test(err.message));

  it("accepts each action's value and normalises it", () => {
    assert.deepEqual(parseDecisionInput({ action: "include", post: A, actor: "  ed  " }), { action: "include", post: A, value: null, actor: "ed" });
    assert.deepEqual(parseDecisionInput({ action: "pin", post: A, value: {} }).value, null);
    assert.deepEqual(parseDecisionInput({ action: "move", post: A, value: { after: B } }).value, { after: B });
    assert.deepEqual(parseDecisionInput({ action: "move", post: A, value: { rank: -3.5 } }).value, { rank: -3.5 });
    assert.deepEqual(parseDecisionInput({ action: "section", post: A, value: { section: "  Abroad " } }).value, { section: "Abroad" });
    assert.deepEqual(parseDecisionInput({ action: "section", post: A, value: { section: "" } }).value, { section: null });
    assert.deepEqual(parseDecisionInput({ action: "note", post: A, value: { note: "x".repeat(2000) } }).value, { note: "x".repeat(2000) });
    assert.deepEqual(parseDecisionInput({ action: "undo" }), { action: "undo", post: null, value: {}, actor: null });
    assert.deepEqual(parseDecisionInput({ action: "undo", value: { decision: 4 } }).value, { decision: 4 });
  });

  it("names the field at fault", () => {
    code("include", /decision/);
    code({ action: "like", post: A }, /action: must be one of include/);
    code({ action: "include" }, /include needs a post/);
    code({ action: "include", post: { platform: "bluesky" } }, /post\.id/);
    code({ action: "include", post: A, value: { x: 1 } }, /value/);
    code({ action: "move", post: A, value: { rank: Infinity } }, /value\.rank/);
    code({ action: "move", post: A, value: { rank: 1e13 } }, /value\.rank: must be at most/);
    code({ action: "move", post: A, value: { before: A, after: B } }, /exactly one of rank, before or after/);
    code({ action: "move", post: A, value: { before: { platform: "x" } } }, /value\.before\.id/);
    code({ action: "section", post: A, value: { section: "a\u0000b" } }, /control characters/);
    code({ action: "section", post: A, value: { section: "s".repeat(201) } }, /at most 200/);
    code({ action: "note", post: A, value: { note: "x".repeat(2001) } }, /value\.note: at most 2000 characters/);
    code({ action: "note", post: A, value: "hello" }, /value/);
    code({ action: "undo", post: A }, /undo takes no post/);
    code({ action: "undo", value: { decision: 1.5 } }, /value\.decision/);
    code({ action: "include", post: A, actor: 5 }, /actor/);
  });
});
