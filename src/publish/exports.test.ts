// Research exports and feeds, string (or bytes) in, out: CSV (RFC 4180, formula-guarded), Parquet
// read back by DuckDB (an independent reader, from its npm package), JSONL read back by voxpop's
// own file source, JSON Feed checked against the 1.1 spec's rules, and the datasheet.
import { describe, it, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  EXPORT_COLUMNS, datasheetFileName, exportFileName, guardFormula, renderCsvExport, renderDatasheet, renderExport, renderJsonFeed,
  renderJsonlExport, renderParquetExport, type ExportPost,
} from "./index.ts";
import { JsonlSource, exportMetaOf } from "../sources/files/index.ts";
import type { Curation, StoredPost } from "../store/store.ts";

const HASH = "1da1d4a0c8b0da5d465e9a8e9dda3d0dfbddfd92a8c51e11fc3cb0ca110961e4";
const ARTICLE = "https://news.example/2026/03/03/story";

function stored(over: Partial<StoredPost> & Pick<StoredPost, "id" | "position">): StoredPost {
  return {
    platform: "x", url: `https://twitter.com/ann/status/${over.id}`,
    author: { name: "Ann", handle: "ann", id: null, followers: null, verified: null },
    createdAt: "2026-03-03T10:00:00Z", dateText: null, text: "Sending love", links: [], mentions: [], lang: "en", tags: [],
    replyTo: null, replyRoot: null, quoteOf: null, repostOf: null, role: "reaction", relevance: null, matched: [],
    provenance: [{ sourceKind: "article", sourceUri: "article.html", articleUrl: ARTICLE, articleTitle: "Story", rawHash: HASH, position: over.position, inArticle: true, collectedAt: "2026-03-04T08:00:00.000Z" }],
    storedAt: "2026-03-04T08:00:00.000Z", updatedAt: "2026-03-04T08:00:00.000Z",
    annotations: {
      reaction: { version: "rules-1.1.0", data: { role: "reaction", primary: "support", labels: ["prayer", "support"], scores: { support: 0.7, prayer: 0.3 } } },
      emotions: { version: "goemotions-lr-1.2.0", data: { labels: ["caring", "love"], scores: {}, ekman: ["joy"], sentimentGroups: ["positive"] } },
      sentiment: { version: "1.1.0+vader-sentiment@1.1.3+voxpop.1", data: { label: "positive", score: 0.6369 } },
      offensive: { version: "offensive-lr-1.1.0", data: { label: false, score: 0.04 } },
      hate: { version: "hate-lr-1.0.0", data: { label: false, score: 0.01 } },
      lang: { version: "1.1.0+eld-medium-2.1.0", data: { lang: "en", confidence: 1, source: "platform" } },
      notability: { version: "1.0.0", data: { score: 0.25, reasons: ["followers"] } },
      dedupe: { version: "simhash64-d6-1.0.0", data: { duplicateOf: null, kind: null, distance: null } },
    },
    ...over,
  };
}

const hostileText = `=HYPERLINK("http://evil.example","click"), "quoted"\r\nline two\n<img src=x onerror=alert(1)>`;
const POSTS: StoredPost[] = [
  stored({ id: "1", position: 1, role: "subject", text: "Our news, in our words.", author: { name: "Sub Ject", handle: "subject", id: null, followers: 3_000_000_000, verified: true }, relevance: 1, matched: ["by @subject"] }),
  stored({ id: "2", position: 2, text: hostileText, author: { name: "<script>alert(2)</script>", handle: "mallory", id: null, followers: 12, verified: false }, tags: ["tag1"], mentions: ["subject"], links: ["javascript:alert(3)"] }),
  stored({ id: "3", position: 3, platform: "bluesky", url: "https://bsky.app/profile/did:plc:abc/post/3x", text: "@everyone\tlook", createdAt: "2026-03-02", dateText: "March 2, 2026",
    author: { name: "+Plus", handle: "plus.example", id: "did:plc:abc", followers: null, verified: null }, annotations: {} }),
  stored({ id: "4", position: 4, text: null, platform: "youtube", url: "https://www.youtube.com/watch?v=aB3dE5fG7hI", createdAt: null,
    provenance: [
      { sourceKind: "file", sourceUri: "/data/posts.jsonl", articleUrl: null, articleTitle: null, rawHash: null, position: 4, inArticle: null, collectedAt: "2026-03-05T00:00:00.000Z" },
      { sourceKind: "article", sourceUri: ARTICLE, articleUrl: ARTICLE, articleTitle: "Story", rawHash: HASH, position: 9, inArticle: true, collectedAt: "2026-03-06T00:00:00.000Z" },
    ] }),
  stored({ id: "5", position: 5, text: "-1 for the critics", author: { name: "-dash", handle: "dash", id: null, followers: null, verified: null },
    annotations: { sentiment: { version: "1.1.0+vader-sentiment@1.1.3+voxpop.1", data: { label: "negative", score: -0.5 } } } }),
];
const STORY = { name: "teigen", title: `Loss <b>& grief</b>`, subjects: ["subject"], rules: { keywords: ["Jack"], tags: ["prayers"], urls: [], since: "2026-03-01", until: null, sources: ["bluesky:search:Jack"] } };

/** A strict RFC 4180 reader (for the test): quoted fields, doubled quotes, CRLF records. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [], field = "", i = 0, quoted = false;
  while (i < text.length) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { field += '"'; i += 2; continue; }
      if (c === '"') { quoted = false; i++; continue; }
      field += c; i++; continue;
    }
    if (c === '"' && field === "") { quoted = true; i++; continue; }
    if (c === ",") { row.push(field); field = ""; i++; continue; }
    if (c === "\r" && text[i + 1] === "\n") { row.push(field); rows.push(row); row = []; field = ""; i += 2; continue; }
    assert.ok(c !== "\r" && c !== "\n" && c !== '"', `bare ${JSON.stringify(c)} outside quotes at ${i}`);
    field += c; i++;
  }
  assert.equal(field + row.join(""), "", "the file ends with CRLF");
  return rows;
}

describe("CSV export", () => {
  const csv = renderCsvExport("teigen", POSTS);
  const rows = parseCsv(csv);
  const header = rows[0]!;
  const get = (r: number, name: string) => rows[r + 1]![header.indexOf(name)];

  it("is RFC 4180: a header of the export columns, one CRLF record per post, every record as wide", () => {
    assert.deepEqual(header, EXPORT_COLUMNS.map((c) => c.name));
    assert.equal(rows.length, POSTS.length + 1);
    for (const r of rows) assert.equal(r.length, header.length);
    for (const name of ["story", "platform", "id", "url", "author_name", "author_handle", "author_id", "created_at", "text", "lang", "reaction", "reactions", "emotions", "sentiment", "offensive", "hate", "notability", "role", "relevance", "curation_status", "source_kind", "source_uri", "article_url", "collected_at", "raw_sha256", "enricher_versions"]) {
      assert.ok(header.includes(name), name);
    }
  });

  it("keeps quotes, commas and newlines inside a quoted field, and guards formulas", () => {
    assert.equal(get(1, "text"), `'${hostileText}`);
    assert.equal(get(1, "author_name"), "<script>alert(2)</script>");
    assert.equal(get(2, "text"), "'@everyone\tlook");
    assert.equal(get(2, "author_name"), "'+Plus");
    assert.equal(get(4, "text"), "'-1 for the critics");
    assert.equal(get(4, "author_name"), "'-dash");
    assert.equal(get(4, "sentiment_score"), "-0.5", "numbers are ours and stay numbers");
    for (const start of ["=", "+", "-", "@", "\t", "\r"]) assert.equal(guardFormula(`${start}x`), `'${start}x`);
    assert.equal(guardFormula("plain"), "plain");
  });

  it("carries provenance, enrichment and enricher versions on every row", () => {
    assert.equal(get(0, "source_kind"), "article");
    assert.equal(get(0, "article_url"), ARTICLE);
    assert.equal(get(0, "raw_sha256"), HASH);
    assert.equal(get(0, "collected_at"), "2026-03-04T08:00:00.000Z");
    assert.equal(get(0, "reaction"), "support");
    assert.deepEqual(JSON.parse(get(0, "reactions")!), ["support", "prayer"]);
    assert.equal(JSON.parse(get(0, "enricher_versions")!).emotions, "goemotions-lr-1.2.0");
    assert.equal(get(0, "author_followers"), "3000000000");
    assert.equal(get(3, "source_kind"), "file", "the first source in flat columns");
    assert.equal(JSON.parse(get(3, "provenance")!).length, 2, "every source in the provenance column");
    assert.equal(get(3, "text"), "", "a post without text has an empty field");
    assert.equal(get(0, "curation_status"), "", "no curation given: empty");
  });

  it("an empty text is written quoted, unlike a missing one", () => {
    assert.match(renderCsvExport("s", [stored({ id: "e", position: 1, text: "" })]), /,"",/);
  });
});

describe("Parquet export", () => {
  let dir = "";
  let duck: typeof import("@duckdb/node-api") | null = null;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), "voxpop-parquet-"));
    try {
      duck = await import("@duckdb/node-api");
    } catch (err) {
      console.error(`DuckDB could not load here (${(err as Error).message}); the Parquet tests skip`);
    }
  });
  after(() => rm(dir, { recursive: true, force: true }));

  async function query(sql: string): Promise<Record<string, unknown>[]> {
    const db = await duck!.DuckDBInstance.create(":memory:");
    const conn = await db.connect();
    try {
      return (await conn.runAndReadAll(sql)).getRowObjectsJS() as Record<string, unknown>[];
    } finally {
      conn.closeSync();
      db.closeSync();
    }
  }

  it("DuckDB reads the file with typed columns and the same rows", async (t) => {
    if (!duck) return t.skip("@duckdb/node-api is not loadable on this machine");
    const bytes = renderParquetExport("teigen", POSTS);
    assert.equal(new TextDecoder().decode(bytes.subarray(0, 4)), "PAR1");
    const file = join(dir, "teigen.parquet");
    await writeFile(file, bytes);
    const types = Object.fromEntries((await query(`DESCRIBE SELECT * FROM '${file}'`)).map((r) => [r.column_name, r.column_type]));
    assert.deepEqual(Object.keys(types), EXPORT_COLUMNS.map((c) => c.name));
    const expected = { string: "VARCHAR", int32: "INTEGER", int64: "BIGINT", double: "DOUBLE", bool: "BOOLEAN", timestamp: "TIMESTAMP", json: "JSON" } as const;
    for (const c of EXPORT_COLUMNS) assert.equal(types[c.name], expected[c.type], c.name);

    const rows = await query(`SELECT * FROM '${file}' ORDER BY position`);
    assert.equal(rows.length, POSTS.length);
    const csvRows = parseCsv(renderCsvExport("teigen", POSTS));
    for (const [i, p] of POSTS.entries()) {
      const r = rows[i]!;
      assert.equal(r.id, p.id);
      assert.equal(r.platform, p.platform);
      assert.equal(r.text, p.text, "the exact text, unguarded");
      assert.equal(r.author_name, p.author.name);
      assert.equal(r.position, p.position);
      assert.equal(r.raw_sha256, p.provenance[0]!.rawHash);
      assert.equal((r.collected_at as Date).toISOString(), p.provenance[0]!.collectedAt);
      assert.equal(r.created_at === null ? null : (r.created_at as Date).getTime(), p.createdAt === null ? null : Date.parse(p.createdAt));
      assert.equal(r.author_followers, p.author.followers === null ? null : BigInt(p.author.followers));
      // Same cells as the CSV, column by column, apart from the CSV's formula guard and types.
      for (const [j, c] of EXPORT_COLUMNS.entries()) {
        const v = r[c.name];
        const fromCsv = csvRows[i + 1]![j]!;
        if (v === null) { assert.equal(fromCsv, "", c.name); continue; }
        if (c.type === "json") assert.deepEqual(JSON.parse(v as string), JSON.parse(fromCsv), c.name);
        else if (c.type === "string") assert.equal(guardFormula(v as string), fromCsv, c.name);
        else if (c.type === "timestamp") assert.equal((v as Date).getTime(), Date.parse(fromCsv), c.name);
        else assert.equal(String(v), fromCsv, c.name);
      }
    }
    const [json] = await query(`SELECT enricher_versions->>'$.emotions' AS ev, json_array_length(provenance) AS sources, reactions->>'$[0]' AS first FROM '${file}' WHERE id = '4' OR id = '1' ORDER BY id`);
    assert.deepEqual(json, { ev: "goemotions-lr-1.2.0", sources: 1n, first: "support" });
    const meta = await query(`SELECT decode(key) AS k, decode(value) AS v FROM parquet_kv_metadata('${file}')`);
    assert.equal(meta.find((m) => m.k === "voxpop.story")?.v, "teigen");
  });

  it("an empty story gives a valid file with no rows", async (t) => {
    if (!duck) return t.skip("@duckdb/node-api is not loadable on this machine");
    const file = join(dir, "empty.parquet");
    await writeFile(file, renderParquetExport("empty", []));
    assert.deepEqual(await query(`SELECT count(*) AS n FROM '${file}'`), [{ n: 0n }]);
  });

  it("DuckDB's CSV reader agrees with ours on the CSV export", async (t) => {
    if (!duck) return t.skip("@duckdb/node-api is not loadable on this machine");
    const file = join(dir, "teigen.csv");
    await writeFile(file, renderCsvExport("teigen", POSTS));
    const rows = await query(`SELECT id, text FROM read_csv('${file}', header = true, all_varchar = true, quote = '"', escape = '"') ORDER BY position::INT`);
    assert.deepEqual(rows.map((r) => r.id), POSTS.map((p) => p.id));
    assert.equal(rows[1]!.text, `'${hostileText}`);
  });
});

describe("JSONL export", () => {
  it("reads back through voxpop's JSONL file source exactly", async () => {
    const dir = await mkdtemp(join(tmpdir(), "voxpop-jsonl-"));
    try {
      const file = join(dir, "teigen.jsonl");
      await writeFile(file, renderJsonlExport("teigen", POSTS));
      const source = new JsonlSource(file);
      const pick = (o: object, keys: string[]) => Object.fromEntries(keys.map((k) => [k, (o as Record<string, unknown>)[k]]));
      const POST_FIELDS = ["platform", "id", "url", "author", "createdAt", "dateText", "text", "links", "mentions", "lang", "tags", "replyTo", "replyRoot", "quoteOf", "repostOf", "position"];
      let i = 0;
      for await (const item of source.read(null, new AbortController().signal)) {
        const p = POSTS[i++]!;
        const normalized = source.normalize(item);
        assert.deepEqual(pick(normalized.posts[0]!, POST_FIELDS), pick(p, POST_FIELDS));
        assert.deepEqual(normalized.annotations, [Object.keys(p.annotations).length ? p.annotations : null], "enrichment carried as is");
        assert.deepEqual(exportMetaOf(item), pick(p, ["role", "position", "provenance", "storedAt", "updatedAt", "annotations"]));
      }
      assert.equal(i, POSTS.length);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("carries a feed post's curation without the editor's note, and not its facets", () => {
    const curation: Curation = { status: "included", pinned: true, rank: 2.5, section: "Best", note: "EDITOR-ONLY" };
    const feed: ExportPost = { ...POSTS[0]!, curation, facets: { reaction: "support", lang: "en", offensive: false, hate: false, notability: 0.25, emotions: [] } };
    const line = JSON.parse(renderJsonlExport("teigen", [feed]));
    assert.deepEqual(line.curation, { status: "included", pinned: true, rank: 2.5, section: "Best" });
    assert.equal("facets" in line, false);
    assert.ok(!renderCsvExport("teigen", [feed]).includes("EDITOR-ONLY"));
  });
});

describe("JSON Feed", () => {
  const cur = (status: Curation["status"]): Curation => ({ status, pinned: false, rank: null, section: null, note: "EDITOR-ONLY" });

  /** The JSON Feed 1.1 rules for what we emit (https://www.jsonfeed.org/version/1.1/). */
  function assertValidFeed(feed: Record<string, unknown>) {
    assert.equal(feed.version, "https://jsonfeed.org/version/1.1");
    assert.equal(typeof feed.title, "string");
    assert.ok(Array.isArray(feed.items));
    for (const key of ["home_page_url", "feed_url"]) if (key in feed) assert.match(feed[key] as string, /^https?:\/\//);
    for (const key of Object.keys(feed)) assert.ok(["version", "title", "home_page_url", "feed_url", "description", "items"].includes(key) || key.startsWith("_"), key);
    const ids = new Set<string>();
    for (const item of feed.items as Record<string, unknown>[]) {
      assert.equal(typeof item.id, "string");
      assert.ok(!ids.has(item.id as string), "ids are unique");
      ids.add(item.id as string);
      assert.ok(typeof item.content_text === "string" || typeof item.content_html === "string", "content_text or content_html");
      for (const key of ["url", "external_url"]) if (key in item) assert.match(item[key] as string, /^https?:\/\//);
      if ("date_published" in item) assert.match(item.date_published as string, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/);
      if ("authors" in item) for (const a of item.authors as Record<string, unknown>[]) assert.ok(typeof a.name === "string" || typeof a.url === "string");
      if ("tags" in item) for (const t of item.tags as unknown[]) assert.equal(typeof t, "string");
      for (const key of Object.keys(item)) {
        assert.ok(["id", "url", "external_url", "title", "content_html", "content_text", "summary", "image", "banner_image", "date_published", "date_modified", "authors", "tags", "language", "attachments"].includes(key) || key.startsWith("_"), key);
      }
    }
  }

  it("is a valid JSON Feed 1.1: one item per post, newest first, with provenance in _voxpop", () => {
    const feed = JSON.parse(renderJsonFeed(STORY, POSTS, { homePageUrl: "https://news.example/roundup", feedUrl: "javascript:alert(1)" }));
    assertValidFeed(feed);
    assert.equal(feed.title, "Loss <b>& grief</b>");
    assert.equal(feed.home_page_url, "https://news.example/roundup");
    assert.equal("feed_url" in feed, false, "a non-http feed URL is dropped");
    assert.deepEqual(feed.items.map((i: { id: string }) => i.id), ["x:1", "x:2", "x:5", "bluesky:3", "youtube:4"]);
    const first = feed.items[0];
    assert.equal(first.url, "https://twitter.com/ann/status/1");
    assert.equal(first.external_url, ARTICLE);
    assert.equal(first.date_published, "2026-03-03T10:00:00Z");
    assert.deepEqual(first.authors, [{ name: "Sub Ject (@subject)" }]);
    assert.deepEqual(first.tags, ["support", "prayer"]);
    assert.equal(first.language, "en");
    assert.deepEqual(first._voxpop, { platform: "x", post_id: "1", role: "subject", reaction: "support", created_at: "2026-03-03T10:00:00Z", date_text: null, provenance: POSTS[0]!.provenance, enricher_versions: Object.fromEntries(Object.entries(POSTS[0]!.annotations).map(([k, v]) => [k, v.version]).sort()) });
    assert.equal(feed.items[1].content_text, hostileText, "text stays text (no content_html)");
    const dateOnly = feed.items[3];
    assert.equal("date_published" in dateOnly, false, "a date without time is not given a made-up time");
    assert.equal(dateOnly._voxpop.created_at, "2026-03-02");
    assert.match(feed.items[4].content_text, /YouTube video/);
  });

  it("drops a URL that is not http(s)", () => {
    const feed = JSON.parse(renderJsonFeed(STORY, [stored({ id: "j", position: 1, url: "javascript:alert(1)", provenance: [] })]));
    assertValidFeed(feed);
    assert.equal("url" in feed.items[0], false);
    assert.equal("external_url" in feed.items[0], false);
  });

  it("publishes the roundup's selection and never a note", () => {
    const posts: ExportPost[] = POSTS.map((p, i) => ({ ...p, curation: cur(i === 1 ? "excluded" : "undecided") }));
    const all = JSON.parse(renderJsonFeed(STORY, posts));
    assertValidFeed(all);
    assert.equal(all.items.length, 4);
    posts[3]!.curation = cur("included");
    const one = renderJsonFeed(STORY, posts);
    assert.deepEqual(JSON.parse(one).items.map((i: { id: string }) => i.id), ["youtube:4"]);
    assert.ok(!one.includes("EDITOR-ONLY"));
  });
});

describe("datasheet", () => {
  const sheet = renderDatasheet(STORY, POSTS, { format: "parquet", fileName: "teigen.parquet", generatedAt: "2026-03-07T12:00:00Z" });

  it("says what the story is, its rules, counts and time span", () => {
    assert.match(sheet, /^# Dataset: Loss &lt;b&gt;& grief&lt;\/b&gt;$/m);
    assert.ok(!sheet.includes("<b>"));
    assert.match(sheet, /Datasheet for `teigen\.parquet` \(parquet\)/);
    assert.match(sheet, /@subject/);
    assert.match(sheet, /keywords .*"Jack"/);
    assert.match(sheet, /hashtags: #prayers/);
    assert.match(sheet, /5 posts: 1 by the subject, 4 reactions\./);
    assert.match(sheet, /Posted from 2026-03-02 to 2026-03-03T10:00:00Z \(1 without a date\)/);
    assert.match(sheet, /\| X \| 3 \|/);
    assert.match(sheet, /\| Bluesky \| 1 \|/);
    assert.match(sheet, /\| support \| 3 \|/);
    assert.match(sheet, /\| \(not classified\) \| 2 \|/);
  });

  it("lists sources, every column with its meaning, and the enricher versions with their models", () => {
    assert.match(sheet, /\| article \| Story \(https:\/\/news\.example\/2026\/03\/03\/story\) \| 4 \|/);
    assert.match(sheet, /\| file \| \/data\/posts\.jsonl \| 1 \|/);
    for (const c of EXPORT_COLUMNS) assert.ok(sheet.includes(`| \`${c.name}\` | ${c.type} |`), c.name);
    assert.match(sheet, /\| `emotions` \| `goemotions-lr-1\.2\.0` \(3\) \| .*models\/goemotions\.md/);
    assert.match(sheet, /\| `sentiment` \| `1\.1\.0\+vader-sentiment@1\.1\.3\+voxpop\.1` \(4\) \|/);
  });

  it("has the licence note and a citation", () => {
    assert.match(sheet, /## Licence and use\n\nThe posts are their authors' words/);
    assert.match(sheet, /platforms' terms apply/);
    assert.match(sheet, /## How to cite\n\n> Loss .* public posts \(5, 2026-03-02 to 2026-03-03\) collected with voxpop, story `teigen`, exported 2026-03-07\./);
  });

  it("describes the CSV guard for CSV, and an empty story without failing", () => {
    assert.match(renderDatasheet(STORY, POSTS, { format: "csv" }), /leading `'`/);
    const empty = renderDatasheet({ name: "e", title: null, subjects: [] }, []);
    assert.match(empty, /0 posts/);
    assert.match(empty, /Collection rules: none/);
  });
});

describe("renderExport and file names", () => {
  it("dispatches on the format: Parquet as bytes, the rest as text", () => {
    assert.ok(renderExport("parquet", STORY, POSTS) instanceof Uint8Array);
    assert.equal(renderExport("csv", STORY, POSTS), renderCsvExport("teigen", POSTS));
    assert.equal(renderExport("jsonl", STORY, POSTS), renderJsonlExport("teigen", POSTS));
    assert.equal(renderExport("jsonfeed", STORY, POSTS), renderJsonFeed(STORY, POSTS));
  });

  it("names files safely, with the datasheet beside the export", () => {
    assert.equal(exportFileName("teigen", "parquet"), "teigen.parquet");
    assert.equal(exportFileName("../../etc/passwd", "csv"), "etc-passwd.csv");
    assert.equal(exportFileName("Élan vital", "jsonfeed"), "Élan-vital.feed.json");
    assert.equal(datasheetFileName("out/teigen.parquet"), "out/teigen.README.md");
    assert.equal(datasheetFileName("out.d/teigen"), "out.d/teigen.README.md");
  });
});
