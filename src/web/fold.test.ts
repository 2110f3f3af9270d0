import { test } from "node:test";
import assert from "node:assert/strict";
import type { Decision, DecisionAction } from "../store/store.ts";
import { describeDecision, foldLog, latestUndoable, undoneIds } from "./fold.ts";

let nextId = 1;
function d(action: DecisionAction, id: string | null, value: unknown = null, undone = false): Decision {
  return { id: nextId++, story: "s", action, post: id ? { platform: "bluesky", id } : null, value, actor: null, createdAt: "2025-01-01T00:00:00Z", undone };
}

test("the log folds into each post's state; later decisions win", () => {
  nextId = 1;
  const log = [d("include", "a"), d("pin", "a"), d("exclude", "b"), d("note", "a", { note: "good" }), d("section", "a", { section: "Facts" }), d("exclude", "a"), d("unpin", "a")];
  const m = foldLog(log);
  assert.deepEqual(m.get("bluesky:a"), { status: "excluded", pinned: false, rank: null, section: "Facts", note: "good" });
  assert.deepEqual(m.get("bluesky:b"), { status: "excluded", pinned: false, rank: null, section: null, note: null });
  assert.equal(m.has("bluesky:c"), false);
});

test("undone decisions are skipped, whether flagged by the server or by a later undo", () => {
  nextId = 1;
  const inc = d("include", "a");
  const pin = d("pin", "a", null, true);
  const note = d("note", "a", { note: "x" });
  const undo = d("undo", null, { decision: note.id });
  const log = [inc, pin, d("undo", null, { decision: pin.id }), note, undo];
  assert.deepEqual([...undoneIds(log)].sort(), [pin.id, note.id]);
  assert.deepEqual(foldLog(log).get("bluesky:a"), { status: "included", pinned: false, rank: null, section: null, note: null });
  assert.equal(latestUndoable(log), inc);
  assert.equal(latestUndoable([]), null);
  assert.deepEqual(foldLog([d("include", "z", null, true)]).get("bluesky:z")?.status, "undecided", "all undone: undecided, not unknown");
});

test("empty note and null section clear; move marks a hand-placed rank", () => {
  nextId = 1;
  const m = foldLog([d("note", "a", { note: "x" }), d("note", "a", { note: "" }), d("section", "a", { section: "S" }), d("section", "a", { section: null }), d("move", "a", { before: { platform: "bluesky", id: "b" } })]);
  assert.deepEqual(m.get("bluesky:a"), { status: "undecided", pinned: false, rank: 0, section: null, note: null });
});

test("history lines name the post by its author", () => {
  nextId = 1;
  const who = (k: string) => (k === "bluesky:a" ? "@alice" : null);
  assert.equal(describeDecision(d("include", "a"), who), "Included @alice");
  assert.equal(describeDecision(d("move", "a", { after: { platform: "bluesky", id: "b" } }), who), "Moved @alice after bluesky:b");
  assert.equal(describeDecision(d("note", "a", { note: "" }), who), "Cleared the note of @alice");
  assert.equal(describeDecision(d("section", "a", { section: "Facts" }), who), "Set section of @alice to “Facts”");
  assert.equal(describeDecision(d("undo", null, { decision: 4 }), who), "Undid decision #4");
});
