#!/usr/bin/env node
// The voxpop command line. Each command validates its arguments, builds voxpop through
// createApp, and reports failures as one clear line on stderr with a non-zero exit.
import { parseArgs } from "node:util";
import { writeFile } from "node:fs/promises";
import { z } from "zod";
import { VoxpopError, toVoxpopError } from "../core/index.ts";
import { createApp, type App } from "../app.ts";
import { classifyTable, extractionTable, outcomeLine, searchTable } from "./format.ts";
import { storyCommand } from "./story.ts";
import { collectCommand } from "./collect.ts";
import { serveCommand } from "./serve.ts";
import { workerCommand } from "./worker.ts";
import { EXPORT_FORMATS, datasheetFileName } from "../publish/index.ts";
import { isPostgresUrl, migrateDb, openPostgresStore, openSqliteStore, redactUrl, type Store } from "../store/index.ts";
import { existsSync } from "node:fs";

const USAGE = `voxpop: turn the public's reaction to a story into a sourced roundup

Usage:
  voxpop extract <url | file | -> [--format table|json|jsonl]
  voxpop import <file | url>... --story NAME [--subject HANDLE,...] [--notable HANDLE,...] [--title TEXT]
  voxpop search <query> [--story NAME] [--limit N] [--format table|json]
  voxpop roundup --story NAME [--format md|html|json] [--embeds static|official] [--out FILE]
  voxpop export --story NAME [--format jsonl|csv|parquet|jsonfeed] [--out FILE]   (a datasheet README beside --out)
  voxpop migrate-db --from FILE --to postgres://USER@HOST/DB                      copy a SQLite store into PostgreSQL, counts checked
  voxpop serve [--port 8787] [--host 127.0.0.1] [--demo] [--allow-private]      the web app and HTTP API
  voxpop classify [TEXT...] [--input FILE | -] [--format jsonl|json|table]
  voxpop story create NAME [--subject HANDLE,...] [--keywords WORD,...] [--tags TAG,...] [--url URL,...]
                      [--since DATE] [--until DATE] [--source SPEC,...] [--title TEXT]
  voxpop story list | show NAME | edit NAME [same options as create] [--format table|json]
  voxpop collect STORY [--source SPEC ...] [--follow] [--bus nats://HOST:4222]
  voxpop worker --bus nats://HOST:4222 [--db FILE|URL] [--batch N]             store what collectors publish
  voxpop quarantine [--format table|json]
  voxpop demo            seed the bundled fictional demo story and print its roundup

Options:
  --db FILE|URL        SQLite database file (default ./voxpop.db), or postgres://… (or $VOXPOP_DB)
  --allow-private      allow URLs that resolve to private or loopback addresses
  --timeout MS         fetch timeout (default 15000)
  --max-bytes N        largest input accepted, in bytes (default 26214400)
  --debug              print stack traces
  -h, --help           this help
`;

const COMMON = {
  db: { type: "string" },
  "allow-private": { type: "boolean" },
  timeout: { type: "string" },
  "max-bytes": { type: "string" },
  format: { type: "string" },
  story: { type: "string" },
  subject: { type: "string", multiple: true },
  notable: { type: "string", multiple: true },
  title: { type: "string" },
  limit: { type: "string" },
  out: { type: "string" },
  input: { type: "string" },
  keywords: { type: "string", multiple: true },
  tags: { type: "string", multiple: true },
  url: { type: "string", multiple: true },
  since: { type: "string" },
  until: { type: "string" },
  source: { type: "string", multiple: true },
  follow: { type: "boolean" },
  from: { type: "string" },
  bus: { type: "string" },
  batch: { type: "string" },
  to: { type: "string" },
  embeds: { type: "string" },
  port: { type: "string" },
  host: { type: "string" },
  demo: { type: "boolean" },
  debug: { type: "boolean" },
  help: { type: "boolean", short: "h" },
} as const;

const positiveInt = (name: string) =>
  z.coerce.number({ error: `--${name} must be a number` }).int(`--${name} must be a whole number`).positive(`--${name} must be positive`);

function parse(argv: string[]) {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: COMMON, allowPositionals: true, strict: true });
  } catch (cause) {
    throw new VoxpopError("INVALID_ARGUMENT", (cause as Error).message.split("\n")[0]!, { cause });
  }
  return parsed;
}

function check<T>(schema: z.ZodType<T>, value: unknown): T {
  const r = schema.safeParse(value);
  if (!r.success) throw new VoxpopError("INVALID_ARGUMENT", r.error.issues[0]?.message ?? "invalid argument");
  return r.data;
}

function formatOf<T extends string>(value: string | undefined, allowed: readonly T[], fallback: T, flag = "--format"): T {
  if (value === undefined) return fallback;
  if (!(allowed as readonly string[]).includes(value)) {
    throw new VoxpopError("INVALID_ARGUMENT", `${flag} must be one of ${allowed.join(", ")}, not "${value}"`);
  }
  return value as T;
}

function requireStory(story: string | undefined): string {
  if (!story || !story.trim()) throw new VoxpopError("INVALID_ARGUMENT", "--story NAME is required");
  return story.trim();
}

export interface Io {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  stdin?: NodeJS.ReadableStream;
  env: NodeJS.ProcessEnv;
  /** Whether stderr is a terminal (live progress is redrawn in place). */
  tty?: boolean;
}

/** Texts classified (and their output written) at a time: a large file never holds all its records. */
const CLASSIFY_BATCH = 2000;

/**
 * Classifies `texts` a batch at a time, writing each batch's output as it is done (the JSON array
 * too, element by element), with a progress line on a terminal when there are several batches.
 */
function classifyInBatches(app: App, texts: string[], format: "jsonl" | "json" | "table", io: Io): void {
  const progress = io.tty === true && texts.length > CLASSIFY_BATCH;
  if (format === "json") io.stdout("[");
  for (let from = 0; from < texts.length; from += CLASSIFY_BATCH) {
    const records = app.classify(texts.slice(from, from + CLASSIFY_BATCH));
    // the array's elements as JSON.stringify(all, null, 2) lays them out
    if (format === "json") io.stdout(records.map((r, i) => (from + i === 0 ? "\n" : ",\n") + JSON.stringify(r, null, 2).replace(/^/gm, "  ")).join(""));
    else if (format === "table") io.stdout(classifyTable(records, from));
    else io.stdout(records.map((r) => JSON.stringify(r) + "\n").join(""));
    if (progress) io.stderr(`\rclassified ${Math.min(from + CLASSIFY_BATCH, texts.length)} of ${texts.length}`);
  }
  if (format === "json") io.stdout(texts.length > 0 ? "\n]\n" : "]\n");
  if (progress) io.stderr("\n");
}

async function runCommand(app: App, command: string, positionals: string[], values: ReturnType<typeof parse>["values"], io: Io): Promise<number> {
  switch (command) {
    case "extract": {
      if (positionals.length !== 1) throw new VoxpopError("INVALID_ARGUMENT", "extract takes exactly one input: a URL, a file or - for stdin");
      const format = formatOf(values.format, ["table", "json", "jsonl"] as const, "table");
      const { extraction } = await app.extract(positionals[0]!);
      if (format === "json") io.stdout(JSON.stringify(extraction, null, 2) + "\n");
      else if (format === "jsonl") io.stdout(extraction.posts.map((p) => JSON.stringify(p)).join("\n") + (extraction.posts.length ? "\n" : ""));
      else io.stdout(extractionTable(extraction));
      return 0;
    }
    case "import": {
      if (positionals.length === 0) throw new VoxpopError("INVALID_ARGUMENT", "import needs at least one file or URL");
      const story = requireStory(values.story);
      const list = (v: string[] | undefined) => (v ?? []).flatMap((s) => s.split(",")).map((s) => s.trim()).filter(Boolean);
      const outcomes = await app.importSources(positionals, {
        story, subjects: list(values.subject), notable: list(values.notable), title: values.title,
        onProgress: ({ index, total, outcome }) => io.stderr(outcomeLine(outcome, index, total) + "\n"),
      });
      const failed = outcomes.filter((o) => !o.ok).length;
      const posts = outcomes.reduce((n, o) => n + (o.ok ? o.posts : 0), 0);
      io.stderr(`Imported ${outcomes.length - failed} of ${outcomes.length} inputs into "${story}" (${posts} posts)${failed ? `; ${failed} quarantined (see: voxpop quarantine)` : ""}.\n`);
      return failed ? 1 : 0;
    }
    case "search": {
      if (positionals.length === 0) throw new VoxpopError("INVALID_ARGUMENT", "search needs a query");
      const format = formatOf(values.format, ["table", "json"] as const, "table");
      const limit = values.limit === undefined ? 20 : check(positiveInt("limit").max(500), values.limit);
      const hits = await app.search(positionals.join(" "), { story: values.story, limit });
      io.stdout(format === "json" ? JSON.stringify(hits, null, 2) + "\n" : searchTable(hits));
      return 0;
    }
    case "roundup": {
      if (positionals.length) throw new VoxpopError("INVALID_ARGUMENT", `roundup takes no inputs (got "${positionals[0]}"); name the story with --story`);
      const format = formatOf(values.format, ["md", "html", "json"] as const, "md");
      const embeds = formatOf(values.embeds, ["static", "official"] as const, "static", "--embeds");
      const text = await app.renderRoundup(requireStory(values.story), format, { embeds });
      if (values.out) {
        await writeFile(values.out, text);
        io.stderr(`Wrote ${values.out}\n`);
      } else io.stdout(text);
      return 0;
    }
    case "export": {
      if (positionals.length) throw new VoxpopError("INVALID_ARGUMENT", `export takes no inputs (got "${positionals[0]}"); name the story with --story`);
      const story = requireStory(values.story);
      const format = formatOf(values.format, EXPORT_FORMATS, "jsonl");
      const file = await app.exportFile(story, format);
      if (values.out) {
        await writeFile(values.out, file.body);
        const sheet = datasheetFileName(values.out);
        await writeFile(sheet, await app.datasheet(story, format));
        io.stderr(`Wrote ${values.out} and its datasheet ${sheet}\n`);
      } else if (typeof file.body !== "string") {
        throw new VoxpopError("INVALID_ARGUMENT", `${format} is a binary format: write it to a file with --out FILE`);
      } else io.stdout(file.body);
      return 0;
    }
    case "classify": {
      const format = formatOf(values.format, ["jsonl", "json", "table"] as const, "jsonl");
      const texts = [...positionals];
      let skipped = 0;
      if (values.input !== undefined) {
        // a line that is not valid UTF-8 is reported and skipped; the other lines are classified
        const { label, lines, bad } = await app.readTextLines(values.input);
        for (const b of bad) io.stderr(`voxpop: line ${b.line} of ${label}: ${b.reason}; skipped\n`);
        skipped = bad.length;
        texts.push(...lines.map((l) => l.text).filter((line) => line.trim()));
      }
      if (texts.length === 0 && skipped === 0) throw new VoxpopError("INVALID_ARGUMENT", "classify needs texts as arguments or --input FILE (one text a line; - for stdin)");
      classifyInBatches(app, texts, format, io);
      // some input could not be read: the others are printed, and the exit code says it
      return skipped > 0 ? 1 : 0;
    }
    case "collect": {
      if (positionals.length !== 1) throw new VoxpopError("INVALID_ARGUMENT", "collect takes one story name: voxpop collect STORY [--source SPEC ...] [--follow]");
      return collectCommand(app, positionals[0]!, values, io);
    }
    case "serve": {
      if (positionals.length) throw new VoxpopError("INVALID_ARGUMENT", `serve takes no inputs (got "${positionals[0]}")`);
      return serveCommand(app, values, io);
    }
    case "worker": {
      if (positionals.length) throw new VoxpopError("INVALID_ARGUMENT", `worker takes no inputs (got "${positionals[0]}")`);
      return workerCommand(app, values, io);
    }
    case "migrate-db": {
      if (positionals.length) throw new VoxpopError("INVALID_ARGUMENT", "migrate-db takes --from FILE --to postgres://… and no other inputs");
      if (!values.from || !values.to) throw new VoxpopError("INVALID_ARGUMENT", "migrate-db needs --from FILE (a SQLite store) and --to postgres://…");
      if (!isPostgresUrl(values.to)) throw new VoxpopError("INVALID_ARGUMENT", `--to must be a postgres:// URL, not "${values.to}"`);
      if (!existsSync(values.from)) throw new VoxpopError("NOT_FOUND", `no SQLite store at ${values.from}`);
      const from = openSqliteStore(values.from);
      let to: Store | null = null;
      try {
        to = await openPostgresStore(values.to);
        let last = 0;
        const report = await migrateDb(from, to, (p) => {
          if (p.records - last >= 10_000) { last = p.records; io.stderr(`  copied ${p.records} records (${p.kind ?? "…"})\n`); }
        });
        const s = report.stats;
        io.stderr(`Copied ${values.from} into ${redactUrl(values.to)}: ${s.stories} stories, ${s.posts} posts, ${s.provenance} provenance records, ${s.quarantine} quarantined items; counts checked.\n`);
        return 0;
      } finally {
        await from.close();
        await to?.close();
      }
    }
    case "story":
      return storyCommand(app.store(), positionals, values, io.stdout);
    case "quarantine": {
      const format = formatOf(values.format, ["table", "json"] as const, "table");
      const items = await app.store().listQuarantine();
      if (format === "json") {
        io.stdout(JSON.stringify(items.map(({ payload, ...rest }) => ({ ...rest, hasPayload: payload !== null })), null, 2) + "\n");
      } else {
        io.stdout(items.length ? items.map((q) => `${q.createdAt}  ${q.code}  ${q.source}\n    ${q.reason}`).join("\n") + "\n" : "Quarantine is empty.\n");
      }
      return 0;
    }
    case "demo": {
      // The fictional demo story (demo/README.md): its article and post files, imported once.
      const { story, posts } = await app.seedDemo();
      io.stderr(`demo: story "${story}" holds ${posts} posts (the article, a Jetstream recording, Mastodon statuses, an X archive)\n`);
      io.stdout(await app.renderRoundup(story, formatOf(values.format, ["md", "html", "json"] as const, "md")));
      return 0;
    }
    default:
      throw new VoxpopError("INVALID_ARGUMENT", `unknown command "${command}"; run voxpop --help`);
  }
}

/** Runs one voxpop invocation; returns the exit code. */
export async function main(argv: string[], io: Io): Promise<number> {
  let debug = argv.includes("--debug") || Boolean(io.env.VOXPOP_DEBUG);
  let app: App | null = null;
  try {
    const { values, positionals } = parse(argv);
    debug ||= Boolean(values.debug);
    const [command, ...rest] = positionals;
    if (values.help || !command || command === "help") {
      io.stdout(USAGE);
      return command || values.help ? 0 : 2;
    }
    app = createApp({
      dbPath: values.db ?? io.env.VOXPOP_DB ?? "voxpop.db",
      fetch: {
        allowPrivate: values["allow-private"] ?? false,
        timeoutMs: values.timeout === undefined ? undefined : check(positiveInt("timeout"), values.timeout),
        maxBytes: values["max-bytes"] === undefined ? undefined : check(positiveInt("max-bytes"), values["max-bytes"]),
      },
      stdin: io.stdin,
      env: io.env,
      bus: values.bus ?? (io.env.VOXPOP_BUS || undefined),
    });
    return await runCommand(app, command, rest, values, io);
  } catch (err) {
    const e = toVoxpopError(err, "PARSE_ERROR");
    const known = err instanceof VoxpopError;
    io.stderr(`voxpop: ${known ? "" : "internal error: "}${e.message.split("\n")[0]}\n`);
    if (debug && err instanceof Error) io.stderr(`${err.stack}\n`);
    return e.code === "INVALID_ARGUMENT" ? 2 : 1;
  } finally {
    await app?.close().catch(() => {});
  }
}

if (import.meta.main) {
  const code = await main(process.argv.slice(2), {
    stdout: (s) => process.stdout.write(s),
    stderr: (s) => process.stderr.write(s),
    stdin: process.stdin,
    env: process.env,
    tty: process.stderr.isTTY === true,
  });
  process.exitCode = code;
}
