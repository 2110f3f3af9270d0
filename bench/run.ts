// `npm run bench`: speed targets, each printed as a ratio against a peer measured in the same
// run. Never asserted in tests; figures go in closing notes.
import { dataDir } from "../eval/data-dir.ts";
import { benchRead, formatReadBench } from "./read.ts";
import { benchWholeEnrichment, formatWholeEnrichBench } from "./enrich.ts";

const dir = dataDir();
if (dir) {
  console.log(`# Article read: voxpop (parse + embeds + body) vs Readability.js + linkedom (${dir}/articles/bodies)\n`);
  console.log(formatReadBench(await benchRead(dir)));
} else {
  console.log("article-read bench skipped: no shared data found (pass a folder, set VOXPOP_DATA, or put it at ../shared/data).");
}
console.log(`\n# Enrichment\n`);
console.log(formatWholeEnrichBench(benchWholeEnrichment(dir)));

console.log(`\n# Ingest (recorded Jetstream stream)\n`);
{
  const { benchIngest, formatIngestBench } = await import("./ingest.ts");
  const events = Number(process.env.VOXPOP_BENCH_EVENTS ?? 1_000_000);
  console.log(formatIngestBench(await benchIngest(events)));
}

console.log(`\n# HTTP API under load (feed of a 100k-post story)\n`);
{
  const { benchApi, formatApiBench } = await import("./api.ts");
  console.log(formatApiBench(await benchApi()));
}

console.log(`\n# Ingest through NATS JetStream, SQLite and PostgreSQL\n`);
{
  const { benchBus, formatBusBench } = await import("./bus.ts");
  console.log(formatBusBench(await benchBus()));
}
console.log(`\n# Search latency, SQLite FTS5 and PostgreSQL tsvector\n`);
{
  const { benchSearch, formatSearchBench } = await import("./search.ts");
  console.log(formatSearchBench(await benchSearch()));
}
console.log(`\n# Worker scaling: draining a backlog through NATS\n`);
{ const { benchBusDrain, formatBusDrainBench } = await import("./bus-drain.ts"); console.log(formatBusDrainBench(await benchBusDrain())); }
