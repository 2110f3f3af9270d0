// The workspace's two charts, hand-made SVG from GET /stats: the reaction mix (horizontal bars
// with their counts and shares written out) and posts over time with the subject's own posts
// marked. Each is a figure with a title and a text summary, and the numbers are text in the SVG,
// so a screen reader and a colour-blind reader get the same facts.

import type { StoryStats } from "../store/store.ts";
import { barRows, bucketLabel, labelIndices, ticks, timeBars } from "./chart-scale.ts";
import { h, svg, uid } from "./dom.ts";
import { capitalize, formatDate, plural } from "./text.ts";

export function reactionChart(stats: StoryStats): HTMLElement {
  const width = 360;
  const labelW = 96;
  const valueW = 74;
  const barW = width - labelW - valueW;
  const { rows, height } = barRows(stats.reactions, { width: barW, rowHeight: 24, top: 4 });
  const titleId = uid("chart");
  const descId = uid("chart");
  const total = rows.reduce((s, r) => s + r.value, 0);
  const summary = rows.length
    ? `${plural(total, "post")} with a reaction type. ${rows.map((r) => `${capitalize(r.label)}: ${r.value} (${Math.round(r.share * 100)}%)`).join(", ")}.`
    : "No reaction types yet.";
  const chart = svg("svg", { viewBox: `0 0 ${width} ${Math.max(height + 4, 30)}`, role: "img", "aria-labelledby": `${titleId} ${descId}`, class: "chart" },
    svg("title", { id: titleId }, "Reaction mix"),
    svg("desc", { id: descId }, summary),
    rows.map((r) => svg("g", { class: `bar r-${r.label}` },
      svg("text", { x: labelW - 6, y: r.y + 15, "text-anchor": "end", class: "label" }, capitalize(r.label)),
      svg("rect", { x: labelW, y: r.y + 3, width: r.width.toFixed(1), height: 16, rx: 2 }),
      svg("text", { x: labelW + r.width + 5, y: r.y + 15, class: "value" }, `${r.value} · ${Math.round(r.share * 100)}%`))),
  );
  return h("figure", { class: "chart-figure", "data-testid": "reaction-chart" },
    h("figcaption", null, "Reaction mix"),
    rows.length ? chart : h("p", { class: "muted" }, "No reaction types yet."));
}

export function timelineChart(stats: StoryStats): HTMLElement {
  const width = 360;
  const left = 34;
  const plotW = width - left - 6;
  const plotH = 120;
  const top = 8;
  const points = stats.timeline;
  const { bars, max } = timeBars(points, { width: plotW, height: plotH, gap: 1 });
  const first = points[0];
  const last = points[points.length - 1];
  const span = first && last ? Date.parse(last.t) - Date.parse(first.t) : 0;
  const titleId = uid("chart");
  const descId = uid("chart");
  const subjectTotal = points.reduce((s, p) => s + p.subjectPosts, 0);
  const peak = points.reduce<{ t: string; posts: number } | null>((m, p) => (!m || p.posts > m.posts ? p : m), null);
  const summary = points.length && first && last
    ? `${plural(points.reduce((s, p) => s + p.posts, 0), "post")} from ${formatDate(first.t)} to ${formatDate(last.t)}` +
      `${peak ? `, peaking at ${peak.posts} around ${formatDate(peak.t)}` : ""}; ${plural(subjectTotal, "post")} by the subject, marked in the darker colour.`
    : "No dated posts yet.";
  const axis = ticks(max, 3).map((v) => {
    const y = top + plotH - (v / max) * plotH;
    return svg("g", { class: "tick" },
      svg("line", { x1: left, x2: left + plotW, y1: y, y2: y }),
      svg("text", { x: left - 4, y: y + 4, "text-anchor": "end" }, String(v)));
  });
  const labels = labelIndices(bars.length, plotW, 48).map((i) => {
    const b = bars[i]!;
    return svg("text", { x: left + b.x + b.w / 2, y: top + plotH + 14, "text-anchor": "middle", class: "xlabel" }, bucketLabel(b.t, span));
  });
  const chart = svg("svg", { viewBox: `0 0 ${width} ${top + plotH + 38}`, role: "img", "aria-labelledby": `${titleId} ${descId}`, class: "chart" },
    svg("title", { id: titleId }, "Posts over time"),
    svg("desc", { id: descId }, summary),
    axis,
    bars.map((b) => svg("g", { class: "col" },
      svg("title", {}, `${formatDate(b.t)}: ${b.posts} posts, ${b.subjectPosts} by the subject`),
      svg("rect", { class: "posts", x: (left + b.x).toFixed(1), y: (top + b.y).toFixed(1), width: b.w.toFixed(1), height: b.h.toFixed(1) }),
      b.subjectH > 0 ? svg("rect", { class: "subject", x: (left + b.x).toFixed(1), y: (top + b.subjectY).toFixed(1), width: b.w.toFixed(1), height: b.subjectH.toFixed(1) }) : null,
      b.subjectPosts > 0 ? svg("circle", { class: "subject-mark", cx: (left + b.x + b.w / 2).toFixed(1), cy: (top + b.y - 5).toFixed(1), r: 3 }) : null)),
    labels,
    svg("g", { class: "legend" },
      svg("rect", { class: "posts", x: left, y: top + plotH + 24, width: 10, height: 10 }),
      svg("text", { x: left + 14, y: top + plotH + 33 }, "All posts"),
      svg("rect", { class: "subject", x: left + 90, y: top + plotH + 24, width: 10, height: 10 }),
      svg("text", { x: left + 104, y: top + plotH + 33 }, "The subject's own posts (●)")),
  );
  return h("figure", { class: "chart-figure", "data-testid": "timeline-chart" },
    h("figcaption", null, "Posts over time"),
    points.length ? chart : h("p", { class: "muted" }, "No dated posts yet."),
    points.length ? h("p", { class: "chart-summary" }, summary) : null);
}
