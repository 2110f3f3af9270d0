// Speed of voxpop's whole HTML read (parse, embed detection, main text and metadata) against
// plain Readability.js on linkedom (parse + Readability) in the same process, on the
// article-extraction-benchmark pages. Pages are decompressed before timing; a warm-up round runs
// first, then the two readers alternate page by page, and which goes first alternates too.
//
// Run: npx node bench/read.ts [dataDir] [--rounds N]

import { resolve, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseHTML } from "linkedom";
import { Readability } from "@mozilla/readability";
import { readHtml } from "../src/sources/article/html.ts";
import { bodiesAvailable, defaultDataDir, loadBodyPages } from "../eval/body.ts";

export interface ReadBench {
  pages: number;
  rounds: number;
  voxpopMsPerPage: number;
  readabilityMsPerPage: number;
  /** Median over rounds of voxpop / Readability.js: below 1 means voxpop's whole read is faster. */
  ratio: number;
  /**
   * Best-of-rounds: each page's fastest time over the rounds, summed. A garbage-collection pause
   * or another process lands on one reader's page at random; the per-page minimum filters it out.
   */
  voxpopBestMsPerPage: number;
  readabilityBestMsPerPage: number;
  bestRatio: number;
  /** The same in CPU time of this process, steadier when other processes share the machine. */
  voxpopCpuMsPerPage: number;
  readabilityCpuMsPerPage: number;
  cpuRatio: number;
}

type Page = { html: string; url: string | null };
let sink = 0;

/** Wall-clock and CPU milliseconds of one call. */
function timed(f: () => void): [number, number] {
  const c = process.cpuUsage();
  const t = performance.now();
  f();
  const wall = performance.now() - t;
  const cpu = process.cpuUsage(c);
  return [wall, (cpu.user + cpu.system) / 1000];
}

function timeVoxpop(p: Page): [number, number] {
  return timed(() => {
    sink += readHtml(p.html, { url: p.url }).article.text.length;
  });
}

function timeReadability(p: Page): [number, number] {
  return timed(() => {
    try {
      const { document } = parseHTML(p.html);
      sink += new Readability(document as unknown as Document).parse()?.textContent?.length ?? 0;
    } catch {
      // counted like any page: Readability's cost up to the failure
    }
  });
}

export async function benchRead(dataDir: string, rounds = 7): Promise<ReadBench> {
  const pages = await loadBodyPages(dataDir);
  for (const p of pages) {
    timeVoxpop(p);
    timeReadability(p);
  }
  // Readers alternate page by page (and which goes first alternates too), so load from other
  // processes on a shared machine falls on both alike; the median round resists outliers.
  const vox: number[] = [], rdb: number[] = [], ratios: number[] = [];
  const voxCpu: number[] = [], rdbCpu: number[] = [], cpuRatios: number[] = [];
  const voxBest = pages.map(() => Infinity), rdbBest = pages.map(() => Infinity);
  for (let r = 0; r < rounds; r++) {
    const v = [0, 0], b = [0, 0];
    const add = (acc: number[], x: [number, number]) => { acc[0]! += x[0]; acc[1]! += x[1]; };
    pages.forEach((p, i) => {
      const runVoxpop = () => { const x = timeVoxpop(p); add(v, x); voxBest[i] = Math.min(voxBest[i]!, x[0]); };
      const runReadability = () => { const x = timeReadability(p); add(b, x); rdbBest[i] = Math.min(rdbBest[i]!, x[0]); };
      if ((i + r) % 2 === 0) { runVoxpop(); runReadability(); }
      else { runReadability(); runVoxpop(); }
    });
    vox.push(v[0]!); rdb.push(b[0]!); ratios.push(v[0]! / b[0]!);
    voxCpu.push(v[1]!); rdbCpu.push(b[1]!); cpuRatios.push(v[1]! / b[1]!);
  }
  if (sink < 0) console.log(sink);
  const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
  const median = (xs: number[]) => {
    const s = [...xs].sort((a, b) => a - b);
    return s[Math.floor(s.length / 2)]!;
  };
  return {
    pages: pages.length,
    rounds,
    voxpopMsPerPage: median(vox) / pages.length,
    readabilityMsPerPage: median(rdb) / pages.length,
    ratio: median(ratios),
    voxpopCpuMsPerPage: median(voxCpu) / pages.length,
    readabilityCpuMsPerPage: median(rdbCpu) / pages.length,
    cpuRatio: median(cpuRatios),
    voxpopBestMsPerPage: sum(voxBest) / pages.length,
    readabilityBestMsPerPage: sum(rdbBest) / pages.length,
    bestRatio: sum(voxBest) / sum(rdbBest),
  };
}

export function formatReadBench(r: ReadBench): string {
  return [
    `HTML read, ${r.pages} article-extraction-benchmark pages, median of ${r.rounds} rounds after a warm-up, readers interleaved page by page`,
    `voxpop readHtml (parse + embeds + body): ${r.voxpopMsPerPage.toFixed(2)} ms/page`,
    `Readability.js + linkedom (parse + parse()): ${r.readabilityMsPerPage.toFixed(2)} ms/page`,
    `ratio voxpop/Readability.js: ${r.ratio.toFixed(2)}`,
    `best of ${r.rounds} per page: voxpop ${r.voxpopBestMsPerPage.toFixed(2)} ms/page, Readability.js ${r.readabilityBestMsPerPage.toFixed(2)} ms/page, ratio ${r.bestRatio.toFixed(2)}`,
    `CPU time: voxpop ${r.voxpopCpuMsPerPage.toFixed(2)} ms/page, Readability.js ${r.readabilityCpuMsPerPage.toFixed(2)} ms/page, ratio ${r.cpuRatio.toFixed(2)}`,
  ].join("\n");
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const ri = args.indexOf("--rounds");
  const rounds = ri >= 0 ? Math.max(1, Number(args[ri + 1]) || 7) : 7;
  const arg = args.find((a, i) => !a.startsWith("--") && args[i - 1] !== "--rounds");
  const dataDir = arg ? resolve(arg) : defaultDataDir();
  if (!bodiesAvailable(dataDir)) {
    console.log(`bench/read: skipped, no benchmark pages at ${join(dataDir, "articles", "bodies")} (set VOXPOP_DATA or pass a data dir)`);
    process.exit(0);
  }
  console.log(formatReadBench(await benchRead(dataDir, rounds)));
}
