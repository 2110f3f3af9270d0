import { readFileSync } from "node:fs";
const prof = JSON.parse(readFileSync(process.argv[2]!, "utf8"));
const want = process.argv[3]!; // file substring
const fn = process.argv[4];
const lines = new Map<number, number>(); let total = 0;
for (const n of prof.nodes) {
  if (!n.callFrame.url.includes(want)) continue;
  if (fn && n.callFrame.functionName !== fn) continue;
  for (const t of n.positionTicks ?? []) { lines.set(t.line, (lines.get(t.line) ?? 0) + t.ticks); total += t.ticks; }
}
const src = readFileSync(want.startsWith("/") ? want : `src/${want}`, "utf8").split("\n");
for (const [l, t] of [...lines].sort((a, b) => b[1] - a[1]).slice(0, 25)) console.log(String(t).padStart(5), String(l).padStart(4), src[l - 1]!.trim().slice(0, 110));
console.log("total", total);
