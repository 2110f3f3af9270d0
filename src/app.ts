// The composition root: the one place where voxpop's stages are wired together with plain
// arguments. The CLI, the (future) server and the end-to-end tests all build voxpop through it.
import { VoxpopError, toVoxpopError, type ErrorCode, type Extraction } from "./core/index.ts";
import { loadRaw, decodeInput, isUrl, readTextLines, type InputDocument, type RawInput } from "./sources/input/index.ts";
import { extractArticle } from "./sources/article/index.ts";
import { isPostgresUrl, lazyStore, openPostgresStore, openSqliteStore, type FeedPost, type Store, type SearchHit, type SearchOptions } from "./store/index.ts";
import type { RoundupFormat } from "./publish/index.ts";
import { renderRoundup, roundupOf, renderExport, renderDatasheet, exportFileName, MEDIA_TYPES, type EmbedMode, type ExportFormat } from "./publish/index.ts";
import { runCollect, type CollectOptions } from "./collect/index.ts";
import type { IngestStats } from "./pipeline/index.ts";
import { seedDemo } from "./demo/index.ts";
import { classifyRecord, defaultPipeline, toEnrichInput, DedupeIndex, DEDUPE_VERSION, type EnrichContext, type Pipeline } from "./enrich/index.ts";

export interface AppConfig {
  /** SQLite database file (":memory:" for a throwaway store), or a postgres:// URL. */
  dbPath: string;
  fetch?: { allowPrivate?: boolean; timeoutMs?: number; maxBytes?: number };
  /** Standard input for "-" (tests pass their own). */
  stdin?: NodeJS.ReadableStream;
  /** The enrichment pipeline; defaults to voxpop's trained models and rules. */
  pipeline?: Pipeline;
  /** `nats://HOST:4222`: `collect` publishes to NATS JetStream for `voxpop worker`s to store. */
  bus?: string;
  /** Where credentials are read from (VOXPOP_BLUESKY_*, VOXPOP_MASTODON_TOKEN*, VOXPOP_CONFIG). */
  env?: NodeJS.ProcessEnv;
}

export interface ImportOptions {
  story: string;
  subjects?: string[];
  /** Accounts the user counts as notable (handles, with or without @), for the notability score. */
  notable?: string[];
  title?: string;
  onProgress?: (event: ImportProgress) => void;
}

export type ImportOutcome =
  | { source: string; ok: true; posts: number; outsideArticle: number; inserted: number; updated: number; unchanged: number; title: string | null }
  | { source: string; ok: false; code: string; message: string };

export interface ImportProgress { index: number; total: number; outcome: ImportOutcome }

/** One article sent to the HTTP API: fetched from a URL, or its HTML or flattened text given inline. */
export type ArticleInput = { url: string } | { html: string; url?: string } | { text: string; url?: string };

export interface ArticleImport { posts: number; inserted: number; updated: number; unchanged: number; title: string | null }

/** An export ready to send or save: its bytes (Parquet) or text, media type and file name. */
export interface ExportFile { body: string | Uint8Array; contentType: string; fileName: string }

export interface App {
  readonly config: AppConfig;
  extract(spec: string): Promise<{ input: InputDocument; extraction: Extraction }>;
  importSources(specs: string[], options: ImportOptions): Promise<ImportOutcome[]>;
  search(query: string, options?: SearchOptions): Promise<SearchHit[]>;
  classify(texts: string[]): Array<ReturnType<typeof classifyRecord>>;
  /** The texts of an input of one text a line (file, URL or - for stdin), with the lines it could not read. */
  readTextLines(spec: string): ReturnType<typeof readTextLines>;
  /** Collects a story from its sources (backfill; with `follow`, live until the signal aborts). */
  collect(story: string, options: CollectOptions): Promise<IngestStats[]>;
  /** Seeds the fictional demo story "demo" (src/demo/): its article and post files; idempotent. */
  seedDemo(): Promise<{ story: string; posts: number }>;
  /**
   * Imports one article into a story, like `voxpop import`, but never from a local file: a URL
   * (http/https only; private addresses only with `allowPrivate`) or the document itself. A bad
   * article is quarantined and its error thrown.
   */
  importArticle(story: string, input: ArticleInput, options?: { allowPrivate?: boolean }): Promise<ArticleImport>;
  /** The curated roundup (included posts, pinned first, curated order, sections; notes never shown). */
  renderRoundup(story: string, format: RoundupFormat, options?: { embeds?: EmbedMode }): Promise<string>;
  /** A research export or the JSON Feed of a story, with every post's curation. */
  exportFile(story: string, format: ExportFormat): Promise<ExportFile>;
  /** The datasheet (README.md) that goes beside an export of the story. */
  datasheet(story: string, format?: ExportFormat): Promise<string>;
  store(): Store;
  close(): Promise<void>;
}

function postKey(p: { platform: string; id: string }): string {
  return `${p.platform}:${p.id}`;
}

export function createApp(config: AppConfig): App {
  const pipeline = () => config.pipeline ?? defaultPipeline();
  let store: Store | null = null;
  const readOptions = { ...config.fetch, stdin: config.stdin };
  // `--db postgres://…` (or VOXPOP_DB) selects PostgreSQL; anything else is a SQLite file.
  const getStore = () => (store ??= isPostgresUrl(config.dbPath)
    ? lazyStore(() => openPostgresStore(config.dbPath))
    : openSqliteStore(config.dbPath));

  async function extract(spec: string) {
    const input = decodeInput(await loadRaw(spec, readOptions), readOptions);
    return { input, extraction: extractArticle(input) };
  }

  async function importOne(spec: string, options: ImportOptions, context: EnrichContext, dedupe: DedupeIndex, load = () => loadRaw(spec, readOptions)): Promise<ImportOutcome> {
    let raw: RawInput | null = null;
    try {
      raw = await load();
      const input = decodeInput(raw, readOptions);
      const extraction = extractArticle(input);
      const enrich = pipeline();
      // A post whose source shows no text (a bare video, a text-less embed) has nothing to classify.
      const annotations = extraction.posts.map((post) => {
        if (!post.text) return null;
        const stored = enrich.enrich(toEnrichInput(post), context).stored;
        // Duplicates within the story: the same text posted again collapses onto the first.
        stored.dedupe = { version: DEDUPE_VERSION, data: dedupe.add(postKey(post), post.text) };
        return stored;
      });
      const saved = await getStore().savePosts({
        posts: extraction.posts,
        annotations,
        article: extraction.article,
        source: { kind: "article", uri: input.url ?? spec },
        raw: { payload: input.raw, contentType: input.contentType ?? (input.kind === "html" ? "text/html" : "text/plain") },
        story: options.story,
      });
      const outsideArticle = extraction.posts.filter((p) => !p.inArticle).length;
      return { source: spec, ok: true, posts: extraction.posts.length, outsideArticle, ...saved, title: extraction.article.title };
    } catch (err) {
      const e = toVoxpopError(err);
      if (e.code === "STORE_ERROR") throw e; // the store itself is broken: nothing more can be saved
      // The bad item is kept with its reason, and the batch goes on.
      await getStore().quarantine({ source: spec, code: e.code, reason: e.message, payload: raw?.raw ?? null, story: options.story });
      return { source: spec, ok: false, code: e.code, message: e.message };
    }
  }

  /** `loaders` (by index): how to read a spec other than by loadRaw (the HTTP API's inline documents). */
  async function importAll(specs: string[], options: ImportOptions, loaders?: Array<() => Promise<RawInput>>): Promise<ImportOutcome[]> {
    const story = await getStore().ensureStory(options.story, { subjects: options.subjects, title: options.title });
    const notable = new Set((options.notable ?? []).map((h) => h.trim().replace(/^@/, "").toLowerCase()).filter(Boolean));
    const context: EnrichContext = { subjects: story.subjects, notable };
    const dedupe = new DedupeIndex();
    for (const p of await getStore().storyPosts(options.story)) if (p.text) dedupe.add(postKey(p), p.text);
    const outcomes: ImportOutcome[] = [];
    for (const [i, spec] of specs.entries()) {
      const outcome = await importOne(spec, options, context, dedupe, loaders?.[i]);
      outcomes.push(outcome);
      options.onProgress?.({ index: i + 1, total: specs.length, outcome });
    }
    // A story without a title takes the first imported article's headline.
    const firstTitle = outcomes.map((o) => (o.ok ? o.title : null)).find((t) => t) ?? null;
    if (!story.title && firstTitle) await getStore().ensureStory(options.story, { title: firstTitle });
    return outcomes;
  }

  /** A story and all its posts with their curation, in story order (paged: the store caps a page). */
  async function feedOf(storyName: string): Promise<{ story: NonNullable<Awaited<ReturnType<Store["getStory"]>>>; posts: FeedPost[] }> {
    const store = getStore();
    const story = await store.getStory(storyName);
    if (!story) {
      throw new VoxpopError("NOT_FOUND", `no story named "${storyName}"; create it with: voxpop story create "${storyName}" (or import into it: voxpop import FILE --story "${storyName}")`);
    }
    const posts: FeedPost[] = [];
    for (let page = await store.postsAfter(storyName, 0, 500); page.length; page = await store.postsAfter(storyName, page[page.length - 1]!.position, 500)) {
      posts.push(...page);
    }
    return { story, posts };
  }

  return {
    config,
    extract,
    importSources: (specs, options) => importAll(specs, options),
    // ---- for the HTTP API (src/server) ----
    async importArticle(storyName, input, options = {}) {
      let spec: string;
      let load: () => Promise<RawInput>;
      if ("html" in input || "text" in input) {
        const html = "html" in input;
        spec = input.url ?? (html ? "upload:html" : "upload:text");
        const raw: RawInput = {
          source: spec, url: input.url ?? null, name: html ? "upload.html" : "upload.txt",
          raw: Buffer.from(html ? input.html : input.text, "utf8"), contentType: html ? "text/html; charset=utf-8" : "text/plain; charset=utf-8",
        };
        load = async () => raw;
      } else {
        // Only a web address: a client of the API must never make voxpop read a local file.
        spec = input.url;
        if (!isUrl(spec)) throw new VoxpopError("INVALID_ARGUMENT", "url must be an http(s) URL");
        load = () => loadRaw(spec, { ...readOptions, allowPrivate: options.allowPrivate ?? false });
      }
      const [outcome] = await importAll([spec], { story: storyName }, [load]);
      if (!outcome!.ok) throw new VoxpopError(outcome!.code as ErrorCode, outcome!.message);
      const { posts, inserted, updated, unchanged, title } = outcome!;
      return { posts, inserted, updated, unchanged, title };
    },
    async renderRoundup(storyName, format, options = {}) {
      const { story, posts } = await feedOf(storyName);
      return renderRoundup(roundupOf(story, posts), format, { embeds: options.embeds ?? "static" });
    },
    async exportFile(storyName, format) {
      const { story, posts } = await feedOf(storyName);
      return { body: renderExport(format, story, posts), contentType: MEDIA_TYPES[format].contentType, fileName: exportFileName(story.name, format) };
    },
    async datasheet(storyName, format) {
      const { story, posts } = await feedOf(storyName);
      return renderDatasheet(story, posts, { format, fileName: format ? exportFileName(story.name, format) : undefined, generatedAt: new Date().toISOString() });
    },
    search: (query, options) => getStore().search(query, options),
    readTextLines: (spec) => readTextLines(spec, readOptions),
    classify(texts) {
      const enrich = pipeline();
      return texts.map((text) => classifyRecord(text, enrich.enrich({ text, platform: null }).annotations));
    },
    async collect(story, options) {
      // The NATS client loads only when a bus is named, so the usual commands start as fast as before.
      const bus = config.bus ? await (await import("./bus/index.ts")).openBusPublisher({ url: config.bus }) : undefined;
      try {
        return await runCollect({ store: getStore(), pipeline: pipeline(), env: config.env ?? process.env, allowPrivate: config.fetch?.allowPrivate ?? false, bus }, story, options);
      } finally {
        await bus?.close();
      }
    },
    seedDemo() { return seedDemo(this); },
    store: getStore,
    async close() {
      await store?.close();
      store = null;
    },
  };
}
