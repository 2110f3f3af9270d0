// A virtualised list: only the items in view (plus a buffer) are in the DOM, absolutely placed
// inside a spacer as tall as the whole list, so 10k posts scroll like 50. Heights start as an
// estimate and are measured with a ResizeObserver; when items above the viewport change height
// the scroll position is corrected so what the editor is reading does not jump. The "active"
// item is always rendered, even off screen, so keyboard focus on it is never destroyed.

import { VirtualLayout } from "./virtual-math.ts";

export interface VirtualListOptions {
  scroller: HTMLElement;
  estimate: number;
  gap?: number;
  /** Pixels rendered beyond the viewport, above and below. */
  overscan?: number;
  /** A stable key per index (an item re-renders only when its key changes or it is invalidated). */
  keyOf(index: number): string;
  /** Builds the element for an index; `existing` is the previous element to update in place. */
  render(index: number, existing: HTMLElement | null): HTMLElement;
  /** Called after each render with the range in view (to load more data). */
  onRange?(start: number, end: number): void;
}

interface Rendered { el: HTMLElement; index: number; dirty: boolean }

export class VirtualList {
  readonly layout: VirtualLayout;
  #opts: VirtualListOptions;
  #inner: HTMLElement;
  #rendered = new Map<string, Rendered>();
  #byEl = new WeakMap<Element, string>();
  #observer: ResizeObserver;
  #frame = 0;
  #active = -1;
  #destroyed = false;

  constructor(inner: HTMLElement, opts: VirtualListOptions) {
    this.#opts = opts;
    this.#inner = inner;
    this.layout = new VirtualLayout(opts.estimate, opts.gap ?? 0);
    this.#inner.classList.add("vlist-inner");
    this.#observer = new ResizeObserver((entries) => this.#onResize(entries));
    opts.scroller.addEventListener("scroll", this.#onScroll, { passive: true });
    window.addEventListener("resize", this.#onScroll);
  }

  get count(): number { return this.layout.count; }
  get active(): number { return this.#active; }

  setActive(i: number): void {
    this.#active = i;
    this.schedule();
  }

  /** Resets to n items (all re-rendered). */
  reset(n: number): void {
    for (const r of this.#rendered.values()) { this.#observer.unobserve(r.el); r.el.remove(); }
    this.#rendered.clear();
    this.layout.setCount(0);
    this.layout.setCount(n);
    this.#active = Math.min(this.#active, n - 1);
    this.render();
  }

  setCount(n: number): void {
    this.layout.setCount(n);
    this.schedule();
  }

  /** n items inserted before index `at`: rendered items keep their element and measured height. */
  insert(at: number, n: number): void {
    const anchor = this.#anchor();
    this.layout.insert(at, n);
    if (this.#active >= at) this.#active += n;
    // Keep what the editor is reading in place when items go in above it.
    if (anchor && anchor.index >= at) anchor.index += n;
    this.render(anchor);
  }

  move(from: number, to: number): void {
    this.layout.move(from, to);
    if (this.#active === from) this.#active = to;
    else if (from < this.#active && to >= this.#active) this.#active -= 1;
    else if (from > this.#active && to <= this.#active) this.#active += 1;
    this.schedule();
  }

  /** Re-renders the item with this key (in place) on the next frame. */
  invalidate(key?: string): void {
    if (key === undefined) for (const r of this.#rendered.values()) r.dirty = true;
    else { const r = this.#rendered.get(key); if (r) r.dirty = true; }
    this.schedule();
  }

  elementAt(index: number): HTMLElement | null {
    const r = this.#rendered.get(this.#opts.keyOf(index));
    return r && r.index === index ? r.el : null;
  }

  /** Brings an item into view; renders synchronously so the caller can focus it. */
  scrollToIndex(i: number, align: "nearest" | "start" = "nearest"): void {
    const s = this.#opts.scroller;
    const top = this.layout.scrollFor(i, s.scrollTop, s.clientHeight, align);
    if (top !== null) s.scrollTop = top;
    this.render();
  }

  schedule(): void {
    if (this.#frame || this.#destroyed) return;
    this.#frame = requestAnimationFrame(() => { this.#frame = 0; this.render(); });
  }

  #onScroll = (): void => this.schedule();

  #anchor(): { index: number; delta: number } | null {
    const s = this.#opts.scroller;
    if (this.layout.count === 0 || s.scrollTop <= 0) return null;
    const index = this.layout.indexAt(s.scrollTop);
    return { index, delta: s.scrollTop - this.layout.offsetOf(index) };
  }

  #onResize(entries: ResizeObserverEntry[]): void {
    const anchor = this.#anchor();
    let changed = false;
    for (const entry of entries) {
      const key = this.#byEl.get(entry.target);
      const r = key === undefined ? undefined : this.#rendered.get(key);
      if (!r || r.el !== entry.target) continue;
      const box = entry.borderBoxSize?.[0];
      const height = box ? box.blockSize : (entry.target as HTMLElement).offsetHeight;
      if (height > 0 && this.layout.setHeight(r.index, Math.ceil(height))) changed = true;
    }
    if (changed) this.render(anchor);
  }

  render(anchor: { index: number; delta: number } | null = null): void {
    if (this.#destroyed) return;
    if (this.#frame) { cancelAnimationFrame(this.#frame); this.#frame = 0; }
    const { scroller, overscan = 600, keyOf, render } = this.#opts;
    this.#inner.style.height = `${this.layout.totalHeight()}px`;
    if (anchor && anchor.index < this.layout.count) {
      const top = this.layout.offsetOf(anchor.index) + anchor.delta;
      if (Math.abs(scroller.scrollTop - top) >= 1) scroller.scrollTop = top;
    }
    const { start, end } = this.layout.range(scroller.scrollTop, scroller.clientHeight || 800, overscan);
    const wanted: number[] = [];
    for (let i = start; i < end; i++) wanted.push(i);
    if (this.#active >= 0 && this.#active < this.layout.count && (this.#active < start || this.#active >= end)) wanted.push(this.#active);

    const keep = new Set<string>();
    for (const i of wanted) {
      const key = keyOf(i);
      keep.add(key);
      let r = this.#rendered.get(key);
      if (!r || r.dirty) {
        const el = render(i, r ? r.el : null);
        if (r && r.el !== el) { this.#observer.unobserve(r.el); r.el.replaceWith(el); }
        if (!r || r.el !== el) {
          el.classList.add("vlist-item");
          this.#byEl.set(el, key);
          this.#observer.observe(el);
        }
        r = { el, index: i, dirty: false };
        el.classList.add("vlist-item"); // a renderer may have reset className
        this.#rendered.set(key, r);
      }
      r.index = i;
      r.el.dataset.index = String(i);
      r.el.style.transform = `translateY(${this.layout.offsetOf(i)}px)`;
    }
    for (const [key, r] of this.#rendered) {
      if (keep.has(key)) continue;
      this.#observer.unobserve(r.el);
      r.el.remove();
      this.#rendered.delete(key);
    }
    // DOM order = list order, for screen readers and Tab. Walking in order and inserting the
    // misplaced nodes moves the newly rendered ones, not the (focused) ones already there.
    const ordered = [...this.#rendered.values()].sort((a, b) => a.index - b.index);
    let cursor = this.#inner.firstElementChild;
    for (const r of ordered) {
      if (r.el === cursor) cursor = cursor.nextElementSibling;
      else this.#inner.insertBefore(r.el, cursor);
    }
    this.#opts.onRange?.(start, end);
  }

  destroy(): void {
    this.#destroyed = true;
    if (this.#frame) cancelAnimationFrame(this.#frame);
    this.#observer.disconnect();
    this.#opts.scroller.removeEventListener("scroll", this.#onScroll);
    window.removeEventListener("resize", this.#onScroll);
  }
}
