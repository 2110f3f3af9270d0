// Chart geometry for the workspace's two SVG charts (reaction mix, posts over time), apart from
// the DOM so it is tested under Node: nice axis maxima and ticks, bar lengths, time buckets'
// positions, and which x labels fit.

/** The smallest 1, 2 or 5 × 10^k that is ≥ max (at least 1). */
export function niceMax(max: number): number {
  if (!(max > 0)) return 1;
  const exp = Math.floor(Math.log10(max));
  const base = 10 ** exp;
  for (const m of [1, 2, 5, 10]) if (m * base >= max - 1e-9) return m * base;
  return 10 * base;
}

/** The tick step for an axis up to `max` with about `count` ticks: 1, 2 or 5 × 10^k, at least 1. */
export function tickStep(max: number, count = 4): number {
  return Math.max(1, niceMax(max / count));
}

/** The axis maximum: `max` rounded up to a whole number of tick steps (at least one step). */
export function axisMax(max: number, count = 4): number {
  const step = tickStep(max, count);
  return Math.max(step, Math.ceil(max / step) * step);
}

/** The ticks from 0 to axisMax(max). */
export function ticks(max: number, count = 4): number[] {
  const step = tickStep(max, count);
  const top = axisMax(max, count);
  const out: number[] = [];
  for (let v = 0; v <= top; v += step) out.push(v);
  return out;
}

export interface BarRow { label: string; value: number; share: number; y: number; width: number }

/** Horizontal bars, largest first; `width` is the room the longest possible bar may take. */
export function barRows(counts: Record<string, number>, opts: { width: number; rowHeight: number; top?: number }): { rows: BarRow[]; max: number; height: number } {
  const entries = Object.entries(counts).filter(([, v]) => v > 0).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  const total = entries.reduce((s, [, v]) => s + v, 0);
  const max = axisMax(entries[0]?.[1] ?? 0);
  const top = opts.top ?? 0;
  const rows = entries.map(([label, value], i) => ({
    label, value,
    share: total ? value / total : 0,
    y: top + i * opts.rowHeight,
    width: Math.max(value > 0 ? 1 : 0, (value / max) * opts.width),
  }));
  return { rows, max, height: top + rows.length * opts.rowHeight };
}

export interface TimeBar { t: string; posts: number; subjectPosts: number; x: number; w: number; y: number; h: number; subjectY: number; subjectH: number }

/** Column per time bucket: posts as a bar, the subject's own posts as a marked inner bar. */
export function timeBars(points: ReadonlyArray<{ t: string; posts: number; subjectPosts: number }>, opts: { width: number; height: number; gap?: number }): { bars: TimeBar[]; max: number } {
  const n = points.length;
  const max = axisMax(points.reduce((m, p) => Math.max(m, p.posts), 0));
  if (n === 0) return { bars: [], max };
  const slot = opts.width / n;
  const gap = Math.min(opts.gap ?? 2, slot / 4);
  const bars = points.map((p, i) => {
    const h = (p.posts / max) * opts.height;
    const sh = (Math.min(p.subjectPosts, p.posts) / max) * opts.height;
    return {
      t: p.t, posts: p.posts, subjectPosts: p.subjectPosts,
      x: i * slot + gap / 2, w: Math.max(1, slot - gap),
      y: opts.height - h, h,
      subjectY: opts.height - sh, subjectH: sh,
    };
  });
  return { bars, max };
}

/** Indices of buckets whose label is drawn so labels `labelWidth` wide never overlap. */
export function labelIndices(n: number, width: number, labelWidth: number): number[] {
  if (n <= 0) return [];
  const slot = width / n;
  const every = Math.max(1, Math.ceil(labelWidth / slot));
  const out: number[] = [];
  for (let i = 0; i < n; i += every) out.push(i);
  return out;
}

/** A bucket's label: the time of day for buckets within one day of each other, else the date. */
export function bucketLabel(t: string, spanMs: number): string {
  const d = new Date(t);
  if (Number.isNaN(d.getTime())) return t;
  const month = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"][d.getUTCMonth()];
  if (spanMs <= 2 * 86400_000) return `${String(d.getUTCHours()).padStart(2, "0")}:${String(d.getUTCMinutes()).padStart(2, "0")}`;
  return `${month} ${d.getUTCDate()}`;
}
