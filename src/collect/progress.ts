// The live progress display of `voxpop collect`: one line per source with what it fetched,
// stored, found already stored, quarantined, its rate and its last cursor. On a terminal the
// lines are redrawn in place; otherwise (a log file, CI) a snapshot is printed every few seconds.
import type { IngestStats } from "../pipeline/index.ts";
import { terminalSafe } from "../cli/format.ts";

function cut(s: string, n: number): string {
  return s.length > n ? s.slice(0, n - 1) + "…" : s;
}

export function progressLine(s: IngestStats, now = Date.now()): string {
  const secs = Math.max(0.001, (now - s.startedAt) / 1000);
  const rate = s.fetched / secs;
  const state = s.error ? "failed" : s.status.state;
  const detail = s.error ?? s.status.detail ?? "";
  return [
    cut(terminalSafe(s.source), 34).padEnd(34),
    state.padEnd(12),
    `fetched ${s.fetched}`,
    `stored ${s.stored}`,
    `dup ${s.duplicates}`,
    `quarantined ${s.quarantined}`,
    `${rate >= 100 ? Math.round(rate) : rate.toFixed(1)}/s`,
    `cursor ${cut(terminalSafe(s.lastCursor ?? "-"), 24)}`,
  ].join("  ") + (detail ? `\n    ${cut(terminalSafe(detail), 150)}` : "");
}

export interface ProgressDisplay {
  stop(): void;
}

export function startProgress(stats: IngestStats[], write: (s: string) => void, options: { tty: boolean; intervalMs?: number }): ProgressDisplay {
  let drawn = 0;
  const draw = () => {
    const text = stats.map((s) => progressLine(s)).join("\n") + "\n";
    if (options.tty) {
      // Move up over the previous frame and clear it, then draw the new one.
      write((drawn ? `\x1b[${drawn}F\x1b[J` : "") + text);
      drawn = text.split("\n").length - 1;
    } else {
      write(text);
    }
  };
  const timer = setInterval(draw, options.intervalMs ?? (options.tty ? 500 : 5000));
  timer.unref?.();
  return {
    stop() {
      clearInterval(timer);
      draw();
    },
  };
}
