// Keyboard shortcuts of the story workspace: one table that both the key handler and the help
// overlay read, and the pure mapping from a key event to a command (tested under Node).

export type Command =
  | "next" | "previous" | "include" | "exclude" | "reset" | "pin" | "note" | "section"
  | "moveUp" | "moveDown" | "undo" | "search" | "help" | "open" | "toggleAbuse" | "showNew" | "escape";

export interface Shortcut { keys: string[]; command: Command; description: string }

export const SHORTCUTS: readonly Shortcut[] = [
  { keys: ["j", "ArrowDown"], command: "next", description: "Next post" },
  { keys: ["k", "ArrowUp"], command: "previous", description: "Previous post" },
  { keys: ["i"], command: "include", description: "Include the post (again: undecided)" },
  { keys: ["x"], command: "exclude", description: "Exclude the post (again: undecided)" },
  { keys: ["r"], command: "reset", description: "Back to undecided" },
  { keys: ["p"], command: "pin", description: "Pin or unpin" },
  { keys: ["n"], command: "note", description: "Add or edit a note" },
  { keys: ["s"], command: "section", description: "Assign to a section" },
  { keys: ["K", "Alt+ArrowUp"], command: "moveUp", description: "Move up in the roundup" },
  { keys: ["J", "Alt+ArrowDown"], command: "moveDown", description: "Move down in the roundup" },
  { keys: ["u", "Ctrl+z", "Meta+z"], command: "undo", description: "Undo the last decision" },
  { keys: ["o"], command: "open", description: "Open the post on its network" },
  { keys: ["a"], command: "toggleAbuse", description: "Show or hide abusive posts" },
  { keys: ["."], command: "showNew", description: "Show new posts" },
  { keys: ["/"], command: "search", description: "Focus the search box" },
  { keys: ["?"], command: "help", description: "Show this help" },
  { keys: ["Escape"], command: "escape", description: "Leave the search box, close a dialog" },
];

export interface KeyLike {
  key: string;
  ctrlKey?: boolean;
  metaKey?: boolean;
  altKey?: boolean;
  shiftKey?: boolean;
  /** The event's target is a text field, select or contenteditable. */
  editable?: boolean;
}

/** "Ctrl+z", "Alt+ArrowUp", "J", "?" — shift is part of the key for printable characters. */
export function chordOf(e: KeyLike): string {
  const mods: string[] = [];
  if (e.ctrlKey) mods.push("Ctrl");
  if (e.metaKey) mods.push("Meta");
  if (e.altKey) mods.push("Alt");
  // Shift is only named for non-printable keys ("Shift+ArrowUp"); "J" already says it.
  if (e.shiftKey && e.key.length > 1) mods.push("Shift");
  const key = e.key.length === 1 && (e.ctrlKey || e.metaKey) ? e.key.toLowerCase() : e.key;
  return [...mods, key].join("+");
}

const BY_CHORD = new Map<string, Command>();
for (const s of SHORTCUTS) for (const k of s.keys) BY_CHORD.set(k, s.command);

/**
 * The command for a key press, or null. In a text field only Escape counts (typing "j" in the
 * search box types a "j", and Ctrl+Z there is the field's own undo).
 */
export function commandFor(e: KeyLike): Command | null {
  if (e.editable) return e.key === "Escape" ? "escape" : null;
  return BY_CHORD.get(chordOf(e)) ?? null;
}

/** How a key is shown in the help overlay: "Ctrl+z" → "Ctrl + Z", "ArrowDown" → "↓". */
export function keyLabel(key: string): string {
  return key.split("+").map((part) => {
    switch (part) {
      case "ArrowDown": return "↓";
      case "ArrowUp": return "↑";
      case "Meta": return "⌘";
      case "Escape": return "Esc";
      default: return part;
    }
  }).join(" + ");
}
