// Curation in the workspace: the story's decision log (loaded once, then kept current from the
// decisions made here and the `decision` events of the live stream), the state each card shows
// (folded from the log), writing decisions and undo through the API, and the history list.

import type { Curation, Decision, DecisionInput, FeedPost } from "../store/store.ts";
import { api } from "./api.ts";
import { clear, h } from "./dom.ts";
import { describeDecision, foldLog, latestUndoable, undoneIds } from "./fold.ts";
import { formatDate, postKey, relativeTime } from "./text.ts";

export interface CuratorOptions {
  story: string;
  /** Posts whose state changed (keys "platform:id"); `all` after a full reload of the log. */
  onChange(keys: Set<string>, decision: Decision | null): void;
  /** A short name for a post in the history ("@handle"), when it is loaded. */
  who(key: string): string | null;
  /** The editor pressed "Undo" on a history entry. */
  onUndoRequest(id: number): void;
}

const HISTORY_SHOWN = 200;

export class Curator {
  log: Decision[] = [];
  #ids = new Set<number>();
  #fold = new Map<string, Curation>();
  #opts: CuratorOptions;
  #historyEl: HTMLOListElement;
  #historyMore: HTMLElement;
  #historyFrame = 0;
  #showAll = false;
  #reloading: Promise<void> | null = null;

  constructor(opts: CuratorOptions) {
    this.#opts = opts;
    this.#historyEl = h("ol", { class: "history", "data-testid": "history-list", "aria-label": "Decision history, newest first" });
    this.#historyMore = h("button", { type: "button", class: "linklike", hidden: true }, "Show the whole history");
    this.#historyMore.addEventListener("click", () => { this.#showAll = true; this.#renderHistory(); });
    this.#historyEl.addEventListener("click", (e) => {
      const b = (e.target as Element).closest<HTMLElement>("[data-undo]");
      if (b) this.#opts.onUndoRequest(Number(b.dataset.undo));
    });
  }

  get historyElement(): HTMLElement {
    return h("div", { class: "history-wrap" }, this.#historyEl, this.#historyMore);
  }

  curationOf(post: FeedPost): Curation {
    return this.#fold.get(postKey(post)) ?? post.curation;
  }

  /** The decision a plain undo would revert (for the Undo button's label). */
  latestUndoable(): Decision | null {
    return latestUndoable(this.log);
  }

  async load(): Promise<void> {
    this.#reloading ??= (async () => {
      try {
        const decisions = await api.decisions(this.#opts.story);
        this.log = [...decisions].sort((a, b) => a.id - b.id);
        this.#ids = new Set(this.log.map((d) => d.id));
        const before = this.#fold;
        this.#fold = foldLog(this.log);
        this.#opts.onChange(changedKeys(before, this.#fold), null);
        this.#scheduleHistory();
      } finally {
        this.#reloading = null;
      }
    })();
    return this.#reloading;
  }

  /** Writes a decision; the card updates from the returned decision (not waiting for the stream). */
  async decide(input: DecisionInput): Promise<Decision> {
    const d = await api.decide(this.#opts.story, input);
    this.receive(d);
    return d;
  }

  async undo(id?: number): Promise<Decision> {
    return this.decide({ action: "undo", value: id === undefined ? {} : { decision: id } });
  }

  /** A decision made here or seen on the live stream (each applied once, by id). */
  receive(d: Decision): void {
    if (this.#ids.has(d.id)) return;
    this.#ids.add(d.id);
    if (this.log.length && this.log[this.log.length - 1]!.id > d.id) {
      this.log.push(d);
      this.log.sort((a, b) => a.id - b.id);
    } else this.log.push(d);
    if (d.action === "undo") {
      const target = (d.value as { decision?: unknown } | null)?.decision;
      if (typeof target === "number") {
        const t = this.log.find((x) => x.id === target);
        if (t) t.undone = true;
      } else {
        // The server chose what to undo: its log says which.
        void this.load().catch(() => undefined);
      }
    }
    const before = this.#fold;
    this.#fold = foldLog(this.log);
    this.#opts.onChange(changedKeys(before, this.#fold), d);
    this.#scheduleHistory();
  }

  refreshHistory(): void { this.#scheduleHistory(); }

  #scheduleHistory(): void {
    if (this.#historyFrame) return;
    this.#historyFrame = requestAnimationFrame(() => { this.#historyFrame = 0; this.#renderHistory(); });
  }

  #renderHistory(): void {
    clear(this.#historyEl);
    const undone = undoneIds(this.log);
    const byId = new Map(this.log.map((d) => [d.id, d]));
    const shown = this.#showAll ? this.log : this.log.slice(-HISTORY_SHOWN);
    const now = Date.now();
    for (let i = shown.length - 1; i >= 0; i--) {
      const d = shown[i]!;
      const isUndone = undone.has(d.id);
      const target = d.action === "undo" ? byId.get((d.value as { decision?: number } | null)?.decision ?? -1) : undefined;
      const text = target ? `Undid: ${describeDecision(target, this.#opts.who)}` : describeDecision(d, this.#opts.who);
      const when = h("time", { datetime: d.createdAt, title: formatDate(d.createdAt) }, relativeTime(d.createdAt, now));
      const li = h("li", { class: `history-item action-${d.action}${isUndone ? " undone" : ""}`, "data-testid": "history-item", "data-decision": String(d.id) },
        isUndone ? h("s", { class: "what" }, text) : h("span", { class: "what" }, text),
        isUndone ? h("span", { class: "sr-only" }, " (undone)") : null,
        h("span", { class: "when" }, d.actor ? `${d.actor} · ` : "", when),
        !isUndone && d.action !== "undo"
          ? h("button", { type: "button", class: "linklike small", "data-undo": String(d.id), "aria-label": `Undo: ${text}` }, "Undo")
          : null);
      this.#historyEl.appendChild(li);
    }
    if (this.log.length === 0) this.#historyEl.appendChild(h("li", { class: "history-empty" }, "No decisions yet. Include, exclude or pin a post to start."));
    this.#historyMore.hidden = this.#showAll || this.log.length <= HISTORY_SHOWN;
  }

  destroy(): void {
    if (this.#historyFrame) cancelAnimationFrame(this.#historyFrame);
  }
}

function same(a: Curation | undefined, b: Curation | undefined): boolean {
  return !!a && !!b && a.status === b.status && a.pinned === b.pinned && a.rank === b.rank && a.section === b.section && a.note === b.note;
}

function changedKeys(before: Map<string, Curation>, after: Map<string, Curation>): Set<string> {
  const out = new Set<string>();
  for (const [k, v] of after) if (!same(before.get(k), v)) out.add(k);
  for (const k of before.keys()) if (!after.has(k)) out.add(k);
  return out;
}
