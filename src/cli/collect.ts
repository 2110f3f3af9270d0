// `voxpop collect STORY`: runs the story's sources with a live progress display. Ctrl-C or
// SIGTERM stops cleanly (every source flushes what it read and stores its cursor); a second
// Ctrl-C exits at once, which is safe too: batches and cursors commit together, so a rerun
// resumes where the last commit left off.
import type { App } from "../app.ts";
import { startProgress, type ProgressDisplay } from "../collect/index.ts";
import type { Io } from "./main.ts";
import { terminalSafe } from "./format.ts";

export async function collectCommand(app: App, story: string, values: { source?: string[]; follow?: boolean; notable?: string[] }, io: Io): Promise<number> {
  const controller = new AbortController();
  const stop = () => {
    if (controller.signal.aborted) {
      io.stderr("voxpop: stopping now\n");
      process.exit(130);
    }
    io.stderr("\nStopping: storing what was read (Ctrl-C again to quit at once)…\n");
    controller.abort();
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
  let display: ProgressDisplay | null = null;
  try {
    const stats = await app.collect(story, {
      sources: values.source,
      follow: values.follow ?? false,
      notable: values.notable,
      signal: controller.signal,
      onNote: (m) => io.stderr(`note: ${terminalSafe(m)}\n`),
      onStart: (s) => { display = startProgress(s, io.stderr, { tty: io.tty ?? false }); },
    });
    (display as ProgressDisplay | null)?.stop();
    display = null;
    const sum = (k: "fetched" | "stored" | "duplicates" | "quarantined") => stats.reduce((n, s) => n + s[k], 0);
    const failed = stats.filter((s) => s.error);
    const published = stats.reduce((n, s) => n + ((s as { published?: number }).published ?? 0), 0);
    const onBus = stats.reduce((n, s) => n + ((s as { alreadyOnBus?: number }).alreadyOnBus ?? 0), 0);
    if (stats.some((s) => "published" in s)) {
      io.stderr(`Collected "${terminalSafe(story)}": ${sum("fetched")} items read, ${published} published to the bus` +
        ` (${onBus} already there); voxpop worker stores them.\n`);
    } else {
      io.stderr(`Collected "${terminalSafe(story)}": ${sum("fetched")} items read, ${sum("stored")} new posts stored, ` +
        `${sum("duplicates")} already stored, ${sum("quarantined")} quarantined${sum("quarantined") ? " (see: voxpop quarantine)" : ""}.\n`);
    }
    for (const s of failed) io.stderr(`voxpop: ${terminalSafe(s.source)} stopped: ${terminalSafe(s.error!)}\n`);
    return failed.length ? 1 : 0;
  } finally {
    (display as ProgressDisplay | null)?.stop();
    process.off("SIGINT", stop);
    process.off("SIGTERM", stop);
  }
}
