// The arithmetic of the virtualised feed, apart from the DOM so it is tested under Node: item
// heights (an estimate until an item is measured), their running offsets, which items a scroll
// position shows, and where to scroll to bring one into view. Offsets are prefix sums, recomputed
// lazily from the first changed item, so a measurement costs O(1) and a query at most O(n) once.

export class VirtualLayout {
  #heights: Float64Array = new Float64Array(64);
  /** offsets[i] = top of item i; valid for i <= #validUpTo. */
  #offsets: Float64Array = new Float64Array(65);
  #validUpTo = 0;
  #count = 0;
  #estimate: number;
  #gap: number;

  constructor(estimate: number, gap = 0) {
    this.#estimate = estimate;
    this.#gap = gap;
  }

  get count(): number { return this.#count; }
  get estimate(): number { return this.#estimate; }

  /** Grows or shrinks the list; new items start at the estimated height. */
  setCount(n: number): void {
    if (n > this.#heights.length) {
      let cap = this.#heights.length;
      while (cap < n) cap *= 2;
      const heights = new Float64Array(cap);
      heights.set(this.#heights.subarray(0, this.#count));
      this.#heights = heights;
      const offsets = new Float64Array(cap + 1);
      offsets.set(this.#offsets.subarray(0, this.#validUpTo + 1));
      this.#offsets = offsets;
    }
    for (let i = this.#count; i < n; i++) this.#heights[i] = this.#estimate;
    this.#count = n;
    this.#validUpTo = Math.min(this.#validUpTo, n);
  }

  /** Inserts `n` items (estimated heights) before index `at`, shifting the known heights. */
  insert(at: number, n: number): void {
    const old = this.#count;
    this.setCount(old + n);
    this.#heights.copyWithin(at + n, at, old);
    for (let i = at; i < at + n; i++) this.#heights[i] = this.#estimate;
    this.#validUpTo = Math.min(this.#validUpTo, at);
  }

  /** Moves one item's height from `from` to `to` (a reorder in the list). */
  move(from: number, to: number): void {
    if (from === to) return;
    const h = this.#heights[from]!;
    if (from < to) this.#heights.copyWithin(from, from + 1, to + 1);
    else this.#heights.copyWithin(to + 1, to, from);
    this.#heights[to] = h;
    this.#validUpTo = Math.min(this.#validUpTo, from, to);
  }

  /** Records a measured height; returns true when it changed. */
  setHeight(i: number, height: number): boolean {
    if (i < 0 || i >= this.#count) return false;
    if (this.#heights[i] === height) return false;
    this.#heights[i] = height;
    this.#validUpTo = Math.min(this.#validUpTo, i);
    return true;
  }

  heightOf(i: number): number {
    return this.#heights[i] ?? this.#estimate;
  }

  #ensure(upTo: number): void {
    if (upTo <= this.#validUpTo) return;
    let i = this.#validUpTo;
    let y = this.#offsets[i]!;
    for (; i < upTo; i++) {
      y += this.#heights[i]! + this.#gap;
      this.#offsets[i + 1] = y;
    }
    this.#validUpTo = upTo;
  }

  /** Top of item i (i == count: the bottom of the list, gap included). */
  offsetOf(i: number): number {
    const k = Math.max(0, Math.min(i, this.#count));
    this.#ensure(k);
    return this.#offsets[k]!;
  }

  totalHeight(): number {
    return this.#count === 0 ? 0 : this.offsetOf(this.#count) - this.#gap;
  }

  /** The item under vertical position y (clamped to the list). */
  indexAt(y: number): number {
    if (this.#count === 0) return -1;
    this.#ensure(this.#count);
    if (y <= 0) return 0;
    let lo = 0;
    let hi = this.#count - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.#offsets[mid]! <= y) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  /** Items to render for a viewport: [start, end) with `overscan` px above and below. */
  range(scrollTop: number, viewport: number, overscan: number): { start: number; end: number } {
    if (this.#count === 0) return { start: 0, end: 0 };
    const start = this.indexAt(Math.max(0, scrollTop - overscan));
    const end = this.indexAt(scrollTop + viewport + overscan) + 1;
    return { start, end: Math.min(this.#count, end) };
  }

  /**
   * The scrollTop that shows item i whole with the least movement, or null when it already is
   * visible ("nearest"); "start" puts it at the top.
   */
  scrollFor(i: number, scrollTop: number, viewport: number, align: "nearest" | "start" = "nearest", margin = 8): number | null {
    const top = this.offsetOf(i);
    const bottom = top + this.heightOf(i);
    if (align === "start") return Math.max(0, top - margin);
    if (top - margin < scrollTop) return Math.max(0, top - margin);
    if (bottom + margin > scrollTop + viewport) {
      // Taller than the viewport: show its top.
      if (bottom - top + 2 * margin > viewport) return Math.max(0, top - margin);
      return bottom + margin - viewport;
    }
    return null;
  }
}

/** Where a dragged item lands: before or after the item under the pointer (by its half). */
export function dropTarget(layout: VirtualLayout, y: number): { index: number; place: "before" | "after" } | null {
  const i = layout.indexAt(y);
  if (i < 0) return null;
  const mid = layout.offsetOf(i) + layout.heightOf(i) / 2;
  return { index: i, place: y < mid ? "before" : "after" };
}

/** Pages to fetch so items up to `needed` (exclusive) are loaded: how many more, capped. */
export function pageSizeFor(loaded: number, needed: number, min: number, max: number): number {
  return Math.max(min, Math.min(max, needed - loaded));
}

/** The index a moved item ends at when dropped before/after item `to` (indices before the move). */
export function landingIndex(from: number, to: number, place: "before" | "after"): number {
  let at = place === "before" ? to : to + 1;
  if (from < at) at -= 1;
  return at;
}
