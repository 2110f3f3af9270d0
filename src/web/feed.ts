// The live feed of a story: pages of posts fetched by cursor as the editor scrolls (a
// virtualised list, so 10k posts stay smooth), new posts from the event stream held behind an
// "N new posts" button until asked for, the active card for keyboard work, and drag to reorder.

import type { Curation, FeedPost } from "../store/store.ts";
import { api, errorMessage } from "./api.ts";
import { renderCard, renderPlaceholder, markActive, type CardAction } from "./card.ts";
import { announce, h } from "./dom.ts";
import { insertionIndex, matchPost, type Filters } from "./filters.ts";
import { plural, postKey } from "./text.ts";
import { VirtualList } from "./virtual-list.ts";
import { dropTarget, pageSizeFor } from "./virtual-math.ts";

export interface FeedOptions {
  story: string;
  curationOf(post: FeedPost): Curation;
  onAction(action: Exclude<CardAction, "drag">, index: number): void;
  /** A drag ended over another card. */
  onDrop(from: number, to: number, place: "before" | "after"): void;
  /** Totals changed (for the header and the abuse toggle). */
  onMeta(meta: { total: number; abusiveHidden: number; loaded: number; pending: number }): void;
  onError(message: string): void;
}

const FIRST_PAGE = 100;
const MAX_PAGE = 500;

export class Feed {
  readonly el: HTMLElement;
  readonly scroller: HTMLElement;
  /**
   * The list, index for index: loaded posts, then `undefined` for the snapshot's posts not yet
   * fetched (the holes, [#nextSlot, #holesEnd)), then posts that arrived live after the snapshot
   * (paging never returns those: they come as events).
   */
  posts: Array<FeedPost | undefined> = [];
  #nextSlot = 0;
  #holesEnd = 0;
  total = 0;
  abusiveHidden = 0;
  #nextCursor: string | null = null;
  #filters: Filters | null = null;
  #loading: Promise<void> | null = null;
  #generation = 0;
  #abort: AbortController | null = null;
  #pending: FeedPost[] = [];
  #keys = new Set<string>();
  #list: VirtualList;
  #opts: FeedOptions;
  #status: HTMLElement;
  #empty: HTMLElement;
  #now = Date.now();

  constructor(opts: FeedOptions) {
    this.#opts = opts;
    const inner = h("div", { class: "feed-inner", role: "feed", "aria-label": "Posts", "data-testid": "feed", "aria-busy": "true" });
    this.#empty = h("p", { class: "feed-empty", hidden: true }, "No posts match these filters.");
    this.scroller = h("div", { class: "feed-scroller", "data-testid": "feed-scroller" }, this.#empty, inner);
    this.#status = h("p", { class: "feed-status", role: "status" });
    this.el = h("div", { class: "feed" }, this.#status, this.scroller);
    this.#list = new VirtualList(inner, {
      scroller: this.scroller,
      estimate: 190,
      gap: 10,
      overscan: 800,
      keyOf: (i) => { const p = this.posts[i]; return p ? postKey(p) : `placeholder:${i}`; },
      render: (i, existing) => {
        const p = this.posts[i];
        if (!p) return renderPlaceholder(existing);
        return renderCard(existing, p, this.#opts.curationOf(p), {
          index: i, setSize: this.count(), active: i === this.#list.active, now: this.#now, canMove: true,
        });
      },
      onRange: (_start, end) => { if (end > this.#nextSlot && this.#nextSlot < this.#holesEnd) void this.ensureLoaded(end + 20); },
    });
    inner.addEventListener("click", (e) => this.#onClick(e));
    inner.addEventListener("focusin", (e) => this.#onFocusIn(e));
    inner.addEventListener("pointerdown", (e) => this.#onPointerDown(e));
  }

  /** Items in the list: the loaded posts, plus placeholders for the ones still to fetch. */
  count(): number {
    return this.posts.length;
  }

  get active(): number { return this.#list.active; }
  get pendingCount(): number { return this.#pending.length; }
  get filters(): Filters | null { return this.#filters; }

  activePost(): FeedPost | null {
    return this.posts[this.#list.active] ?? null;
  }

  indexOfKey(key: string): number {
    return this.posts.findIndex((p) => p !== undefined && postKey(p) === key);
  }

  #meta(): void {
    this.#opts.onMeta({ total: this.total, abusiveHidden: this.abusiveHidden, loaded: this.#nextSlot, pending: this.#pending.length });
    this.#empty.hidden = !(this.#loading === null && this.posts.length === 0);
  }

  /** Loads the first page for these filters, dropping what was loaded. */
  async reload(filters: Filters): Promise<void> {
    this.#generation += 1;
    const gen = this.#generation;
    this.#abort?.abort();
    this.#abort = new AbortController();
    this.#filters = filters;
    this.#pending = [];
    this.#now = Date.now();
    this.#status.textContent = "Loading posts…";
    const run = (async () => {
      try {
        const page = await api.posts(this.#opts.story, filters, { limit: FIRST_PAGE, signal: this.#abort!.signal });
        if (gen !== this.#generation) return;
        this.posts = [...page.posts];
        this.#nextSlot = this.posts.length;
        // Room for the rest of the snapshot; at least one placeholder while a cursor remains.
        if (page.nextCursor) this.posts.length = Math.max(page.total, this.posts.length + 1);
        this.#holesEnd = this.posts.length;
        this.#keys = new Set(page.posts.map(postKey));
        // Posts the stream announced while this page was on its way may be in it already.
        this.#pending = this.#pending.filter((p) => !this.#keys.has(postKey(p)));
        this.total = page.total;
        this.abusiveHidden = page.abusiveHidden;
        this.#nextCursor = page.nextCursor;
        this.#status.textContent = "";
        this.scroller.scrollTop = 0;
        this.#list.setActive(this.posts.length ? 0 : -1);
        this.#list.reset(this.count());
      } catch (e) {
        if (gen !== this.#generation || (e instanceof DOMException && e.name === "AbortError")) return;
        this.#status.textContent = `Could not load posts: ${errorMessage(e)}`;
        this.#opts.onError(errorMessage(e));
      } finally {
        if (gen === this.#generation) {
          this.#loading = null;
          this.scroller.querySelector(".feed-inner")?.setAttribute("aria-busy", "false");
          this.#meta();
        }
      }
    })();
    this.#loading = run;
    this.scroller.querySelector(".feed-inner")?.setAttribute("aria-busy", "true");
    await run;
  }

  /** Fetches pages by cursor until the list is loaded up to `upTo` (or the snapshot ends). */
  async ensureLoaded(upTo: number): Promise<void> {
    while (this.#nextSlot < Math.min(upTo, this.#holesEnd) && this.#nextCursor && this.#filters) {
      if (this.#loading) { await this.#loading; continue; }
      const gen = this.#generation;
      const cursor = this.#nextCursor;
      const run = (async () => {
        try {
          const page = await api.posts(this.#opts.story, this.#filters!, {
            limit: pageSizeFor(this.#nextSlot, upTo, FIRST_PAGE, MAX_PAGE), cursor, signal: this.#abort?.signal,
          });
          if (gen !== this.#generation) return;
          for (const p of page.posts) {
            const k = postKey(p);
            if (this.#keys.has(k)) continue; // a live insert got there first
            this.#keys.add(k);
            if (this.#nextSlot < this.#holesEnd) this.posts[this.#nextSlot] = p;
            else { this.posts.splice(this.#nextSlot, 0, p); this.#holesEnd += 1; this.#list.insert(this.#nextSlot, 1); }
            this.#nextSlot += 1;
          }
          this.abusiveHidden = page.abusiveHidden;
          this.#nextCursor = page.nextCursor;
          if (!page.nextCursor) this.#closeHoles();
          else if (this.#nextSlot >= this.#holesEnd) {
            // The server has more than it first counted: keep one placeholder.
            this.posts.splice(this.#holesEnd, 0, undefined);
            this.#list.insert(this.#holesEnd, 1);
            this.#holesEnd += 1;
          }
          this.#list.schedule();
        } catch (e) {
          if (gen === this.#generation && !(e instanceof DOMException && e.name === "AbortError")) {
            this.#opts.onError(errorMessage(e));
            this.#nextCursor = null; // stop trying; a reload starts again
            this.#closeHoles();
          }
        } finally {
          if (gen === this.#generation) { this.#loading = null; this.#meta(); }
        }
      })();
      this.#loading = run;
      await run;
      if (gen !== this.#generation) return;
    }
  }

  /** The snapshot ended before its first count (posts went away): drop the placeholders left. */
  #closeHoles(): void {
    const n = this.#holesEnd - this.#nextSlot;
    if (n <= 0) return;
    this.posts.splice(this.#nextSlot, n);
    this.#holesEnd = this.#nextSlot;
    this.#list.reset(this.posts.length);
  }

  /** A post from the event stream: held until the editor asks for new posts. */
  queueLive(post: FeedPost): void {
    const k = postKey(post);
    if (this.#keys.has(k) || this.#pending.some((p) => postKey(p) === k)) return;
    this.#pending.push(post);
    this.#meta();
  }

  /** Puts the held posts in the list where the sort order places them; returns how many showed. */
  async showPending(): Promise<number> {
    const pending = this.#pending;
    this.#pending = [];
    const f = this.#filters;
    if (!f || pending.length === 0) { this.#meta(); return 0; }
    let reload = false;
    let shown = 0;
    let first = -1;
    for (const p of pending) {
      const k = postKey(p);
      if (this.#keys.has(k)) continue;
      const m = matchPost(f, p, this.#opts.curationOf(p));
      if (m === "no") continue;
      if (m === "hidden") { this.abusiveHidden += 1; continue; }
      const holes = this.#holesEnd > this.#nextSlot;
      // Compared with the loaded part; a post that sorts past it goes after the snapshot
      // (the pages never return posts stored after the first one).
      const loaded = holes ? (this.posts.slice(0, this.#nextSlot) as FeedPost[]) : (this.posts as FeedPost[]);
      let at = m === "unknown" ? null : insertionIndex(f.sort, loaded, p);
      if (at === null) { reload = true; break; }
      if (holes && at >= this.#nextSlot) at = f.sort === "position" || f.sort === "oldest" ? this.posts.length : this.#holesEnd;
      else if (holes) { this.#nextSlot += 1; this.#holesEnd += 1; }
      this.total += 1;
      this.posts.splice(at, 0, p);
      this.#keys.add(k);
      this.#list.insert(at, 1);
      shown += 1;
      first = first < 0 ? at : Math.min(first, at);
    }
    if (reload) {
      await this.reload(f);
      return pending.length;
    }
    this.#list.invalidate();
    this.#meta();
    if (first >= 0) this.setActive(first, { focus: false, align: "start" });
    return shown;
  }

  /** Makes card i the active one; scrolls it into view and (by default) focuses it. */
  setActive(i: number, opts: { focus?: boolean; align?: "nearest" | "start" } = {}): void {
    const n = this.count();
    if (n === 0) return;
    const idx = Math.max(0, Math.min(n - 1, i));
    const prev = this.#list.active;
    if (prev !== idx) markActive(this.#list.elementAt(prev), false);
    this.#list.setActive(idx);
    this.#list.scrollToIndex(idx, opts.align);
    const el = this.#list.elementAt(idx);
    markActive(el, true);
    if (opts.focus !== false && el) el.focus({ preventScroll: true });
    if (!this.posts[idx]) {
      // A placeholder: load up to it, then focus the real card.
      void this.ensureLoaded(idx + 1).then(() => {
        if (this.#list.active !== idx) return;
        this.#list.render();
        const real = this.#list.elementAt(idx);
        markActive(real, true);
        if (opts.focus !== false) real?.focus({ preventScroll: true });
      });
    }
  }

  focusActive(): void {
    if (this.#list.active < 0 && this.count() > 0) this.setActive(0);
    else this.#list.elementAt(this.#list.active)?.focus({ preventScroll: true });
  }

  /** Re-renders the cards of these posts (after a decision), or all. */
  refresh(keys?: Iterable<string>): void {
    if (!keys) this.#list.invalidate();
    else for (const k of keys) this.#list.invalidate(k);
  }

  /** Moves a loaded post within the list (the roundup order changed and the list shows it). */
  moveLocal(from: number, to: number): void {
    if (from === to || !this.posts[from] || !this.posts[to]) return;
    // Never across the placeholders (their posts' order is the server's to tell).
    const side = (i: number) => (i < this.#nextSlot ? 0 : 1);
    if (this.#holesEnd > this.#nextSlot && side(from) !== side(to)) return;
    const [p] = this.posts.splice(from, 1);
    this.posts.splice(to, 0, p!);
    this.#list.move(from, to);
    this.#list.invalidate();
  }

  #cardIndex(target: EventTarget | null): number {
    const card = (target as Element | null)?.closest?.(".post-card") as HTMLElement | null;
    return card?.dataset.index === undefined ? -1 : Number(card.dataset.index);
  }

  #onClick(e: MouseEvent): void {
    const btn = (e.target as Element).closest<HTMLElement>("[data-action]");
    const i = this.#cardIndex(e.target);
    if (i < 0) return;
    if (i !== this.#list.active) { markActive(this.#list.elementAt(this.#list.active), false); this.#list.setActive(i); markActive(this.#list.elementAt(i), true); }
    if (!btn || btn.dataset.action === "drag") return;
    this.#opts.onAction(btn.dataset.action as Exclude<CardAction, "drag">, i);
  }

  #onFocusIn(e: FocusEvent): void {
    const i = this.#cardIndex(e.target);
    if (i >= 0 && i !== this.#list.active) {
      markActive(this.#list.elementAt(this.#list.active), false);
      this.#list.setActive(i);
      markActive(this.#list.elementAt(i), true);
    }
  }

  // ---- drag to reorder (pointer events; the keyboard alternative is move up/down) -----------

  #onPointerDown(e: PointerEvent): void {
    const handle = (e.target as Element).closest<HTMLElement>(".drag-handle");
    if (!handle || e.button !== 0) return;
    const from = this.#cardIndex(handle);
    if (from < 0 || !this.posts[from]) return;
    e.preventDefault();
    const inner = handle.closest(".feed-inner") as HTMLElement;
    const card = handle.closest(".post-card") as HTMLElement;
    const line = h("div", { class: "drop-line", "aria-hidden": "true" });
    inner.appendChild(line);
    card.classList.add("dragging");
    handle.setPointerCapture(e.pointerId);
    let target: { index: number; place: "before" | "after" } | null = null;
    let scrollTimer = 0;
    let lastY = e.clientY;

    const place = () => {
      const rect = inner.getBoundingClientRect();
      target = dropTarget(this.#list.layout, lastY - rect.top);
      if (!target || !this.posts[target.index]) { line.hidden = true; return; }
      line.hidden = false;
      const top = this.#list.layout.offsetOf(target.index) + (target.place === "after" ? this.#list.layout.heightOf(target.index) + 5 : -5);
      line.style.transform = `translateY(${top}px)`;
    };
    const autoScroll = () => {
      const r = this.scroller.getBoundingClientRect();
      const edge = 48;
      const dy = lastY < r.top + edge ? -12 : lastY > r.bottom - edge ? 12 : 0;
      if (dy) { this.scroller.scrollTop += dy; place(); }
      scrollTimer = requestAnimationFrame(autoScroll);
    };
    scrollTimer = requestAnimationFrame(autoScroll);
    const move = (ev: PointerEvent) => { lastY = ev.clientY; place(); };
    const end = (ev: Event) => {
      cancelAnimationFrame(scrollTimer);
      handle.removeEventListener("pointermove", move);
      handle.removeEventListener("pointerup", end);
      handle.removeEventListener("pointercancel", end);
      window.removeEventListener("keydown", onKey, true);
      line.remove();
      card.classList.remove("dragging");
      const t = target as { index: number; place: "before" | "after" } | null;
      if (ev.type === "pointerup" && t && t.index !== from && this.posts[t.index]) {
        const noop = (t.place === "before" && t.index === from + 1) || (t.place === "after" && t.index === from - 1);
        if (!noop) this.#opts.onDrop(from, t.index, t.place);
      }
    };
    const onKey = (ev: KeyboardEvent) => { if (ev.key === "Escape") { ev.stopPropagation(); target = null; end(new Event("cancel")); } };
    handle.addEventListener("pointermove", move);
    handle.addEventListener("pointerup", end);
    handle.addEventListener("pointercancel", end);
    window.addEventListener("keydown", onKey, true);
    place();
  }

  announceNew(): void {
    const n = this.#pending.length;
    if (n) announce(`${plural(n, "new post")} — press . to show`);
  }

  destroy(): void {
    this.#generation += 1;
    this.#abort?.abort();
    this.#list.destroy();
  }
}
