// `voxpop story create|list|show|edit`: what a story is about (subjects, keywords, hashtags,
// URLs, a time window, the sources to follow), kept in the store and used by `voxpop collect`.
import { VoxpopError } from "../core/index.ts";
import type { Store, Story, StoryRules } from "../store/index.ts";
import { terminalSafe } from "./format.ts";

export interface StoryArgs {
  subject?: string[];
  keywords?: string[];
  tags?: string[];
  url?: string[];
  since?: string;
  until?: string;
  source?: string[];
  title?: string;
  format?: string;
}

/** Repeated flags and comma lists alike: `--tags a,b --tags c` is [a, b, c]. Keywords keep spaces. */
function list(values: string[] | undefined): string[] | undefined {
  if (values === undefined) return undefined;
  return values.flatMap((v) => v.split(",")).map((v) => v.trim()).filter(Boolean);
}

function isoDate(flag: string, value: string | undefined): string | null | undefined {
  if (value === undefined) return undefined;
  if (value === "" || value === "none") return null;
  if (!/^\d{4}-\d{2}-\d{2}([T ][\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/.test(value) || !Number.isFinite(Date.parse(value))) {
    throw new VoxpopError("INVALID_ARGUMENT", `--${flag} must be an ISO 8601 date or date-time such as 2031-01-31 or 2031-01-31T18:00:00Z, not "${value}"`);
  }
  return value;
}

function rulesFrom(args: StoryArgs): Partial<StoryRules> {
  const rules: Partial<StoryRules> = {};
  const keywords = list(args.keywords);
  const tags = list(args.tags)?.map((t) => t.replace(/^#/, ""));
  const urls = list(args.url);
  const sources = list(args.source);
  const since = isoDate("since", args.since);
  const until = isoDate("until", args.until);
  for (const u of urls ?? []) {
    try {
      const parsed = new URL(u);
      if (parsed.protocol !== "http:" && parsed.protocol !== "https:") throw new Error("not http");
    } catch {
      throw new VoxpopError("INVALID_ARGUMENT", `--url must be an http(s) URL, not "${u}"`);
    }
  }
  if (keywords) rules.keywords = keywords;
  if (tags) rules.tags = tags;
  if (urls) rules.urls = urls;
  if (sources) rules.sources = sources;
  if (since !== undefined) rules.since = since;
  if (until !== undefined) rules.until = until;
  return rules;
}

export function storyText(s: Story): string {
  const r = s.rules;
  const line = (label: string, value: string) => `${label.padEnd(10)}${terminalSafe(value)}`;
  return [
    line("Story:", s.name),
    line("Title:", s.title ?? "(none)"),
    line("Subjects:", s.subjects.map((h) => `@${h}`).join(", ") || "(none)"),
    line("Keywords:", r.keywords.join(", ") || "(none)"),
    line("Tags:", r.tags.map((t) => `#${t}`).join(", ") || "(none)"),
    line("URLs:", r.urls.join(", ") || "(none)"),
    line("Window:", `${r.since ?? "…"} to ${r.until ?? "…"}`),
    line("Sources:", r.sources.join(", ") || "(none; give --source to collect)"),
    line("Posts:", String(s.postCount)),
  ].join("\n") + "\n";
}

export async function storyCommand(store: Store, positionals: string[], args: StoryArgs, out: (s: string) => void): Promise<number> {
  const [action, name, ...extra] = positionals;
  if (extra.length) throw new VoxpopError("INVALID_ARGUMENT", `unexpected argument "${extra[0]}" (quote a story name that has spaces)`);
  const json = args.format === "json";
  if (args.format !== undefined && args.format !== "json" && args.format !== "table") {
    throw new VoxpopError("INVALID_ARGUMENT", `--format must be one of table, json, not "${args.format}"`);
  }
  const show = (s: Story) => out(json ? JSON.stringify(s, null, 2) + "\n" : storyText(s));
  switch (action) {
    case "create": {
      if (!name) throw new VoxpopError("INVALID_ARGUMENT", "story create needs a NAME");
      if (await store.getStory(name)) {
        throw new VoxpopError("INVALID_ARGUMENT", `a story named "${name}" already exists; change it with: voxpop story edit "${name}" ...`);
      }
      show(await store.ensureStory(name, { subjects: list(args.subject), title: args.title, rules: rulesFrom(args) }));
      return 0;
    }
    case "edit": {
      if (!name) throw new VoxpopError("INVALID_ARGUMENT", "story edit needs a NAME");
      if (!(await store.getStory(name))) throw new VoxpopError("NOT_FOUND", `no story named "${name}"; create it with: voxpop story create "${name}" ...`);
      show(await store.ensureStory(name, { subjects: list(args.subject), title: args.title, rules: rulesFrom(args) }));
      return 0;
    }
    case "show": {
      if (!name) throw new VoxpopError("INVALID_ARGUMENT", "story show needs a NAME");
      const s = await store.getStory(name);
      if (!s) throw new VoxpopError("NOT_FOUND", `no story named "${name}"`);
      show(s);
      return 0;
    }
    case "list": {
      if (name) throw new VoxpopError("INVALID_ARGUMENT", "story list takes no name");
      const stories = await store.listStories();
      if (json) out(JSON.stringify(stories, null, 2) + "\n");
      else if (stories.length === 0) out("No stories yet. Create one with: voxpop story create NAME --subject HANDLE --keywords ...\n");
      else out(stories.map((s) => `${terminalSafe(s.name).padEnd(24)} ${String(s.postCount).padStart(7)} posts  ${terminalSafe(s.title ?? "")}`).join("\n") + "\n");
      return 0;
    }
    default:
      throw new VoxpopError("INVALID_ARGUMENT", `story needs an action: create, list, show or edit${action ? ` (not "${action}")` : ""}`);
  }
}
