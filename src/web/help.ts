// The keyboard help overlay: a modal dialog listing SHORTCUTS (the same table the key handler
// reads, so the help cannot drift from what the keys do).

import { h, openDialog } from "./dom.ts";
import { SHORTCUTS, keyLabel } from "./shortcuts.ts";

let open = false;

export async function showHelp(): Promise<void> {
  if (open) return;
  open = true;
  const table = h("table", { class: "shortcuts" },
    h("thead", null, h("tr", null, h("th", { scope: "col" }, "Keys"), h("th", { scope: "col" }, "Action"))),
    h("tbody", null, SHORTCUTS.map((s) => h("tr", null,
      h("td", null, s.keys.map((k, i) => [i ? " or " : "", h("kbd", null, keyLabel(k))])),
      h("td", null, s.description)))));
  try {
    await openDialog({
      title: "Keyboard shortcuts",
      body: [table, h("p", { class: "muted" }, "Shortcuts act on the highlighted card. Tab reaches the card's buttons; drag the ⠿ handle, or use ↑ and ↓, to reorder.")],
      actions: [{ label: "Close", value: "close", primary: true }],
      testid: "help-dialog",
    });
  } finally {
    open = false;
  }
}
