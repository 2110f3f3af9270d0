// The datasheet that goes beside a research export: a short README.md saying what the story is,
// how its posts were gathered, what is in the file (counts by platform, reaction and language,
// time span, sources), what each column means, which model or rule version labelled the posts,
// the licence situation and how to cite it. Pure: the caller passes the export date.
import { escapeMarkdown } from "./markdown.ts";
import { platformName } from "./roundup.ts";
import { EXPORT_COLUMNS } from "./columns.ts";
import { enrichmentOf, firstProvenance, type ExportPost, type ExportStory } from "./posts.ts";

export type ExportFormat = "jsonl" | "csv" | "parquet" | "jsonfeed";

export interface DatasheetOptions {
  format?: ExportFormat;
  /** The export's file name, as it sits beside this README. */
  fileName?: string;
  /** When the export was made (ISO 8601). */
  generatedAt?: string;
}

/** What each enricher is, for readers of the dataset (versions come from the posts themselves). */
const ENRICHERS: Record<string, string> = {
  lang: "Language: the platform's own tag when the post carries one, else the eld n-gram detector.",
  entities: "Mentions, hashtags, links and people named in the text (rules).",
  emotions: "The 28 GoEmotions labels, Ekman groups and sentiment groups: voxpop's linear model trained on GoEmotions (model card models/goemotions.md).",
  sentiment: "Sentiment (positive/negative/neutral, compound score): VADER (vader-sentiment lexicon and rules).",
  offensive: "Offensive language: voxpop's linear model trained on TweetEval offensive (model card models/offensive.md).",
  hate: "Hate speech against immigrants and women: voxpop's linear model trained on TweetEval hate (model card models/hate.md).",
  reaction: "Reaction type over voxpop's taxonomy: rules with cue lists (model card models/reaction.md).",
  notability: "Author notability from followers, verification, a domain handle and the user's notable list (rules).",
  dedupe: "Exact and near-duplicate detection within the story (64-bit SimHash).",
};

const FORMATS: Record<ExportFormat, string> = {
  jsonl: "JSON Lines: one stored post per line, as voxpop's store holds it (post fields, `role`, `relevance`, `position`, every `provenance` record with its raw payload hash, every enricher's output with its `version` under `annotations`), plus `story`. voxpop reads it back unchanged (`voxpop collect file:FILE`).",
  csv: "CSV (RFC 4180, UTF-8, CRLF line ends, header row), one row per post, columns below. Lists and objects are JSON text. A missing value is an empty field; an empty text is `\"\"`. Text cells that begin with `=`, `+`, `-`, `@`, a tab or a carriage return carry a leading `'` so spreadsheets do not run them as formulas: strip it for analysis (the Parquet and JSONL exports keep the text exact).",
  parquet: "Apache Parquet, one row per post, typed columns below: strings UTF-8, counts INT32/INT64, scores DOUBLE, flags BOOLEAN, times UTC timestamps in milliseconds (a date-only `created_at` is midnight UTC; `date_text` keeps what the source showed), lists and objects JSON. Read it with DuckDB (`SELECT * FROM 'FILE'`), pandas/pyarrow or R arrow.",
  jsonfeed: "JSON Feed 1.1: the posts the roundup publishes (the editor's included posts, or all not excluded when none is included yet), newest first; `_voxpop` on each item holds platform, role, reaction, provenance and enricher versions.",
};

/** A code span for a name or path we print literally. */
function code(text: string): string {
  return `\`${text.replace(/[`\r\n]/g, " ")}\``;
}

function cell(text: string): string {
  return escapeMarkdown(text.replace(/[\r\n]+/g, " "));
}

function counts<T>(items: readonly T[], key: (item: T) => string): Array<[string, number]> {
  const m = new Map<string, number>();
  for (const item of items) {
    const k = key(item);
    m.set(k, (m.get(k) ?? 0) + 1);
  }
  return [...m].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
}

function table(head: string[], rows: string[][]): string[] {
  return [`| ${head.join(" | ")} |`, `|${head.map(() => "---").join("|")}|`, ...rows.map((r) => `| ${r.join(" | ")} |`)];
}

function span(values: Array<string | null | undefined>): { from: string; to: string; missing: number } | null {
  let from: [number, string] | null = null, to: [number, string] | null = null, missing = 0;
  for (const v of values) {
    const t = v ? Date.parse(v) : NaN;
    if (!Number.isFinite(t)) { missing++; continue; }
    if (!from || t < from[0]) from = [t, v!];
    if (!to || t > to[0]) to = [t, v!];
  }
  return from && to ? { from: from[1], to: to[1], missing } : null;
}

const MAX_LIST = 20;

export function renderDatasheet(story: ExportStory, posts: readonly ExportPost[], options: DatasheetOptions = {}): string {
  const format = options.format;
  const title = story.title ?? story.name;
  const out: string[] = [];
  out.push(`# Dataset: ${escapeMarkdown(title)}`, "");
  const file = options.fileName ? code(options.fileName) : "this export";
  out.push(`Datasheet for ${file}${format ? ` (${format})` : ""}, a research export of the voxpop story ${code(story.name)}${options.generatedAt ? `, made ${escapeMarkdown(options.generatedAt)}` : ""}.`, "");

  // What the story is and how its posts were gathered.
  out.push("## The story", "");
  out.push(`- Title: ${escapeMarkdown(title)}`);
  out.push(`- Subject accounts: ${story.subjects.length ? story.subjects.map((s) => `@${escapeMarkdown(s)}`).join(", ") : "none named"} (their own posts have role \`subject\`; everyone else's are \`reaction\`).`);
  const r = story.rules;
  const ruleLines: string[] = [];
  if (r?.keywords.length) ruleLines.push(`  - keywords (case-insensitive, whole words): ${r.keywords.map((k) => `"${escapeMarkdown(k)}"`).join(", ")}`);
  if (r?.tags.length) ruleLines.push(`  - hashtags: ${r.tags.map((t) => `#${escapeMarkdown(t)}`).join(", ")}`);
  if (r?.urls.length) ruleLines.push(`  - links to: ${r.urls.map((u) => escapeMarkdown(u)).join(", ")}`);
  if (r?.since || r?.until) ruleLines.push(`  - posted between ${escapeMarkdown(r.since ?? "the start")} and ${escapeMarkdown(r.until ?? "now")}`);
  if (r?.sources.length) ruleLines.push(`  - followed sources: ${r.sources.map(code).join(", ")}`);
  out.push(ruleLines.length
    ? `- Collection rules: a post joins the story when it is by a subject or matches a rule, scored for relevance (\`relevance\`, \`matched\`):\n${ruleLines.join("\n")}`
    : "- Collection rules: none; the posts were imported from articles and files (every post embedded in an imported article joins the story).");
  out.push("");

  // What is in the file.
  const subjectPosts = posts.filter((p) => p.role === "subject").length;
  const created = span(posts.map((p) => p.createdAt));
  const collected = span(posts.map((p) => firstProvenance(p)?.collectedAt));
  out.push("## What is in it", "");
  out.push(`- ${posts.length} post${posts.length === 1 ? "" : "s"}: ${subjectPosts} by the subject, ${posts.length - subjectPosts} reaction${posts.length - subjectPosts === 1 ? "" : "s"}.`);
  if (created) out.push(`- Posted from ${created.from} to ${created.to}${created.missing ? ` (${created.missing} without a date)` : ""}.`);
  if (collected) out.push(`- Collected from ${collected.from} to ${collected.to}.`);
  const curated = posts.filter((p) => p.curation);
  if (curated.length) {
    const status = counts(curated, (p) => p.curation!.status);
    out.push(`- Editor's decisions: ${status.map(([s, n]) => `${n} ${s}`).join(", ")}${curated.some((p) => p.curation!.pinned) ? `, ${curated.filter((p) => p.curation!.pinned).length} pinned` : ""}.`);
  }
  const enriched = posts.map(enrichmentOf);
  const offensive = enriched.filter((e) => e.offensive).length;
  const hate = enriched.filter((e) => e.hate).length;
  if (offensive || hate) out.push(`- Flagged by the classifiers: ${offensive} offensive, ${hate} hateful. The text is kept as posted; expect offensive content.`);
  out.push("");
  if (posts.length) {
    out.push("By platform:", "", ...table(["platform", "posts"], counts(posts, (p) => p.platform).map(([k, n]) => [cell(platformName(k)), String(n)])), "");
    out.push("By reaction (primary label):", "", ...table(["reaction", "posts"], counts(enriched, (e) => e.reaction ?? "(not classified)").map(([k, n]) => [cell(k), String(n)])), "");
    const langs = counts(enriched, (e) => e.lang ?? "(unknown)");
    out.push("By language:", "", ...table(["language", "posts"], langs.slice(0, MAX_LIST).map(([k, n]) => [cell(k), String(n)])));
    if (langs.length > MAX_LIST) out.push("", `… and ${langs.length - MAX_LIST} more languages.`);
    out.push("");
  }

  // Sources: where each post was first found.
  if (posts.length) {
    out.push("## Sources", "");
    out.push("Where each post was first found (every source of every post is in the `provenance` column, with the SHA-256 of the raw payload it was read from):", "");
    const sources = counts(posts, (p) => {
      const prov = firstProvenance(p);
      return JSON.stringify([prov?.sourceKind ?? "unknown", prov?.articleUrl ?? prov?.sourceUri ?? "", prov?.articleTitle ?? ""]);
    });
    out.push(...table(["kind", "where", "posts"], sources.slice(0, MAX_LIST).map(([k, n]) => {
      const [kind, where, articleTitle] = JSON.parse(k) as [string, string, string];
      return [cell(kind), cell(articleTitle ? `${articleTitle} (${where})` : where), String(n)];
    })));
    if (sources.length > MAX_LIST) out.push("", `… and ${sources.length - MAX_LIST} more sources.`);
    out.push("");
  }

  out.push("## Format", "", format ? FORMATS[format] : "See the columns below.", "");
  if (!format || format === "csv" || format === "parquet") {
    out.push("## Columns", "", ...table(["column", "type", "meaning"], EXPORT_COLUMNS.map((c) => [`\`${c.name}\``, c.type, cell(c.description)])), "");
  }

  // Which model or rule version labelled the posts.
  const versions = new Map<string, Map<string, number>>();
  for (const p of posts) {
    for (const [name, a] of Object.entries(p.annotations ?? {})) {
      const byVersion = versions.get(name) ?? new Map<string, number>();
      byVersion.set(a.version, (byVersion.get(a.version) ?? 0) + 1);
      versions.set(name, byVersion);
    }
  }
  out.push("## How the labels were made", "");
  if (versions.size) {
    out.push("Every label is automatic and can be wrong; each row records the version that made it (`enricher_versions`).", "");
    out.push(...table(["enricher", "version (posts)", "what it is"], [...versions].sort((a, b) => a[0].localeCompare(b[0])).map(([name, byVersion]) => [
      code(name),
      [...byVersion].map(([v, n]) => `${code(v)} (${n})`).join(", "),
      cell(ENRICHERS[name] ?? "(not described by this voxpop version)"),
    ])));
  } else {
    out.push("No post in this export was enriched.");
  }
  out.push("");

  out.push("## Licence and use", "");
  out.push("The posts are their authors' words and remain theirs; this file grants no rights in them. The platforms' terms apply to storing and republishing them (X, Bluesky, each Mastodon server's rules, Meta for Instagram and Threads, TikTok, YouTube), including removing posts their authors have deleted. Use it for research and reporting, quote with attribution and a link to the post, and take care with the names of private people. The labels, counts and this datasheet are voxpop's output about the posts, not part of them.", "");

  out.push("## How to cite", "");
  const years = created ? `${created.from.slice(0, 10)} to ${created.to.slice(0, 10)}` : "undated";
  const made = options.generatedAt ? options.generatedAt.slice(0, 10) : null;
  out.push(`> ${escapeMarkdown(title)}: public posts (${posts.length}, ${years}) collected with voxpop, story ${code(story.name)}${made ? `, exported ${made}` : ""}.`, "");
  out.push("Cite each quoted post by its author, platform, date and URL (the `url` column).", "");
  return out.join("\n").trimEnd() + "\n";
}
