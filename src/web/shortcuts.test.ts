import { test } from "node:test";
import assert from "node:assert/strict";
import { SHORTCUTS, chordOf, commandFor, keyLabel } from "./shortcuts.ts";

test("the common keys map to their commands", () => {
  const cases: Array<[Parameters<typeof commandFor>[0], string | null]> = [
    [{ key: "j" }, "next"], [{ key: "k" }, "previous"], [{ key: "ArrowDown" }, "next"],
    [{ key: "i" }, "include"], [{ key: "x" }, "exclude"], [{ key: "p" }, "pin"], [{ key: "n" }, "note"],
    [{ key: "u" }, "undo"], [{ key: "/" }, "search"], [{ key: "?", shiftKey: true }, "help"],
    [{ key: "J", shiftKey: true }, "moveDown"], [{ key: "K", shiftKey: true }, "moveUp"],
    [{ key: "ArrowUp", altKey: true }, "moveUp"],
    [{ key: "z", ctrlKey: true }, "undo"], [{ key: "z", metaKey: true }, "undo"], [{ key: "Z", ctrlKey: true }, "undo"],
    [{ key: "q" }, null], [{ key: "j", ctrlKey: true }, null], [{ key: "ArrowDown", shiftKey: true }, null],
  ];
  for (const [e, want] of cases) assert.equal(commandFor(e), want, JSON.stringify(e));
});

test("in a text field only Escape is a shortcut (typing and the field's own undo win)", () => {
  assert.equal(commandFor({ key: "j", editable: true }), null);
  assert.equal(commandFor({ key: "/", editable: true }), null);
  assert.equal(commandFor({ key: "z", ctrlKey: true, editable: true }), null);
  assert.equal(commandFor({ key: "Escape", editable: true }), "escape");
});

test("every shortcut key is unique and reachable", () => {
  const seen = new Set<string>();
  for (const s of SHORTCUTS) for (const k of s.keys) {
    assert.ok(!seen.has(k), `duplicate ${k}`);
    seen.add(k);
  }
  for (const s of SHORTCUTS) assert.ok(s.description.length > 0);
});

test("chords and labels", () => {
  assert.equal(chordOf({ key: "Z", ctrlKey: true, shiftKey: true }), "Ctrl+z");
  assert.equal(chordOf({ key: "ArrowUp", shiftKey: true }), "Shift+ArrowUp");
  assert.equal(keyLabel("Ctrl+z"), "Ctrl + z");
  assert.equal(keyLabel("Alt+ArrowDown"), "Alt + ↓");
  assert.equal(keyLabel("Meta+z"), "⌘ + z");
});
