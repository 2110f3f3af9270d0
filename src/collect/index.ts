// collect: `voxpop collect STORY`. Turns the story's source specs into sources (specs.ts,
// build.ts), resolves what the rules need (the subjects' Bluesky DIDs), and runs every source
// through the ingest runner at once: backfills end on their own; with `follow`, live sources run
// until the signal aborts (Ctrl-C, SIGTERM). Each source resumes from its stored cursor.
import { VoxpopError } from "../core/index.ts";
import { DedupeIndex, type Pipeline } from "../enrich/index.ts";
import { compileRawPrefilter, compileRules, ingestSource, newStats, type IngestStats } from "../pipeline/index.ts";
import type { Store } from "../store/index.ts";
import type { Source } from "../sources/index.ts";
import { isLiveOnly, parseSourceSpec, type SourceSpec } from "./specs.ts";
import { buildSources, resolveSubjectIds, type BuildContext } from "./build.ts";
import { loadCredentials } from "./credentials.ts";
import { createProfileResolver } from "../sources/bluesky/index.ts";
import type { BusPublisher } from "../bus/index.ts";

export { parseSourceSpec, type SourceSpec } from "./specs.ts";
export { loadCredentials, configPath, type Credentials } from "./credentials.ts";
export { startProgress, progressLine, type ProgressDisplay } from "./progress.ts";

export interface CollectDeps {
  store: Store;
  pipeline: Pipeline;
  env: NodeJS.ProcessEnv;
  allowPrivate: boolean;
  /** Tests swap how specs become sources. */
  build?: (spec: SourceSpec, ctx: BuildContext) => Source[] | Promise<Source[]>;
  /**
   * `--bus nats://…`: sources publish their items to NATS JetStream (src/bus) and `voxpop worker`
   * processes store them; absent, they are stored here (ingestSource).
   */
  bus?: BusPublisher;
}

export interface CollectOptions {
  /** Source specs; default the story's own. */
  sources?: string[];
  follow?: boolean;
  signal: AbortSignal;
  /** Accounts the user counts as notable (for the notability score). */
  notable?: string[];
  /** Called once the sources are built, with the live counters a display can read. */
  onStart?: (stats: IngestStats[]) => void;
  /** Notes for the user (skipped live sources, unresolved subjects). */
  onNote?: (message: string) => void;
  batchSize?: number;
}

export async function runCollect(deps: CollectDeps, storyName: string, options: CollectOptions): Promise<IngestStats[]> {
  const story = await deps.store.getStory(storyName);
  if (!story) {
    throw new VoxpopError("NOT_FOUND", `no story named "${storyName}"; create it with: voxpop story create "${storyName}" --subject HANDLE --keywords ...`);
  }
  const specs = (options.sources?.length ? options.sources : story.rules.sources).flatMap((s) => s.split(",")).map((s) => s.trim()).filter(Boolean);
  if (specs.length === 0) {
    throw new VoxpopError("INVALID_ARGUMENT", `story "${story.name}" has no sources; give --source (e.g. --source bluesky --source mastodon:mastodon.social) or save them with voxpop story edit "${story.name}" --source ...`);
  }
  const parsed = specs.map(parseSourceSpec);
  const credentials = loadCredentials(deps.env);
  const ctx: BuildContext = {
    story, credentials, subjectIds: [], follow: options.follow ?? false, allowPrivate: deps.allowPrivate, signal: options.signal,
    note: (m) => options.onNote?.(m),
  };
  const wanted = parsed.filter((spec) => {
    if (!ctx.follow && isLiveOnly(spec)) {
      options.onNote?.(`${spec.kind} is a live source: skipped without --follow`);
      return false;
    }
    return true;
  });
  if (wanted.length === 0) throw new VoxpopError("INVALID_ARGUMENT", "nothing to collect: every source given is live; add --follow");

  if (wanted.some((s) => s.kind === "bluesky" || s.kind === "jetstream" || s.kind === "firehose")) {
    ctx.subjectIds = await resolveSubjectIds(story.subjects, ctx);
  }
  const build = deps.build ?? buildSources;
  const sources: Source[] = [];
  /** Sources whose every post belongs to the story: the files the user imports into it. */
  const acceptAll = new Set<Source>();
  /** Streams that carry only the author's DID: their posts get handles from the AppView. */
  const needProfiles = new Set<Source>();
  for (const spec of wanted) {
    for (const source of await build(spec, ctx)) {
      sources.push(source);
      if (spec.kind === "file") acceptAll.add(source);
      if (spec.kind === "jetstream" || spec.kind === "firehose") needProfiles.add(source);
    }
  }
  const profiles = needProfiles.size
    ? createProfileResolver({ appview: deps.env.VOXPOP_BLUESKY_APPVIEW || undefined, allowPrivate: deps.allowPrivate, onError: (m) => options.onNote?.(m) })
    : null;
  const names = new Set<string>();
  for (const s of sources) {
    if (names.has(s.name)) throw new VoxpopError("INVALID_ARGUMENT", `source "${s.name}" is given twice`);
    names.add(s.name);
  }

  const ruleSet = { ...story.rules, subjects: story.subjects, subjectIds: ctx.subjectIds };
  const matcher = compileRules(ruleSet);
  const prefilter = compileRawPrefilter(ruleSet);
  const dedupe = new DedupeIndex();
  for (const p of await deps.store.storyPosts(story.name)) if (p.text) dedupe.add(`${p.platform}:${p.id}`, p.text);
  const notable = new Set((options.notable ?? []).map((h) => h.trim().replace(/^@/, "").toLowerCase()).filter(Boolean));

  const stats = sources.map((s) => newStats(s));
  options.onStart?.(stats);
  const runs = sources.map((source, i) => deps.bus ? deps.bus.publishSource(source, {
    store: deps.store, story: story.name, acceptAll: acceptAll.has(source), needProfiles: needProfiles.has(source),
    subjectIds: ctx.subjectIds, notable: [...notable], prefilter,
  }, options.signal, stats[i]) : ingestSource(source, {
    acceptAll: acceptAll.has(source),
    completePosts: profiles && needProfiles.has(source) ? (posts) => profiles(posts, options.signal) : undefined,
    store: deps.store, story: story.name, matcher, prefilter, pipeline: deps.pipeline, dedupe,
    enrichContext: { subjects: story.subjects, notable }, batchSize: options.batchSize,
  }, options.signal, stats[i]));
  // A store failure stops everything (nothing more could be saved); a source's own failure is in its stats.
  const settled = await Promise.allSettled(runs);
  const failed = settled.find((r) => r.status === "rejected");
  if (failed) throw (failed as PromiseRejectedResult).reason;
  return stats;
}
