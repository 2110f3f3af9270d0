// `voxpop migrate-db --from FILE --to postgres://…`: copies one store into another, empty one
// (a SQLite file into PostgreSQL) row for row: stories with their subjects and rules, authors,
// raw payloads, articles, posts, provenance, annotations, story membership (role, position,
// relevance, matched rules), the decision log in id order with its ids, the folded curation,
// quarantine and cursors. The source is read through Store.dump() and the target filled through
// Store.restore() in one transaction, so a failed copy leaves the target empty. The copy is then
// checked: every count of stats(), and each story's post and decision counts, must be equal, or
// migrateDb fails loudly naming what differs.

import { VoxpopError } from "../core/index.ts";
import type { DumpKind, DumpRecord, Store, StoreStats } from "./store.ts";

export interface MigrateProgress {
  /** Records copied so far, and of which kind the last one was. */
  records: number;
  kind: DumpKind | null;
}

export interface MigrateReport {
  /** Records copied, by kind. */
  copied: Partial<Record<DumpKind, number>>;
  /** The target's stats after the copy (equal to the source's). */
  stats: StoreStats;
  stories: Array<{ name: string; posts: number; decisions: number }>;
}

export async function migrateDb(from: Store, to: Store, onProgress?: (p: MigrateProgress) => void): Promise<MigrateReport> {
  if (typeof to.restore !== "function") {
    throw new VoxpopError("INVALID_ARGUMENT", "migrate-db: the target store cannot be filled from a copy (only a PostgreSQL target can)");
  }
  const copied: Partial<Record<DumpKind, number>> = {};
  let records = 0;
  let kind: DumpKind | null = null;
  async function* counted(): AsyncGenerator<DumpRecord> {
    for await (const rec of from.dump()) {
      copied[rec.kind] = (copied[rec.kind] ?? 0) + 1;
      records++;
      kind = rec.kind;
      yield rec;
    }
  }
  await to.restore(counted(), () => onProgress?.({ records, kind }));

  // Check the copy.
  const [a, b] = [await from.stats(), await to.stats()];
  const problems: string[] = [];
  for (const key of Object.keys(a) as Array<keyof StoreStats>) {
    if (a[key] !== b[key]) problems.push(`${key}: ${a[key]} in the source, ${b[key]} in the copy`);
  }
  const stories: MigrateReport["stories"] = [];
  const theirs = new Map((await to.listStories()).map((s) => [s.name, s]));
  for (const s of await from.listStories()) {
    const t = theirs.get(s.name);
    if (!t) { problems.push(`story ${JSON.stringify(s.name)} is missing from the copy`); continue; }
    if (t.postCount !== s.postCount) problems.push(`story ${JSON.stringify(s.name)}: ${s.postCount} posts in the source, ${t.postCount} in the copy`);
    const [da, db] = [(await from.listDecisions(s.name)).length, (await to.listDecisions(s.name)).length];
    if (da !== db) problems.push(`story ${JSON.stringify(s.name)}: ${da} decisions in the source, ${db} in the copy`);
    stories.push({ name: s.name, posts: t.postCount, decisions: db });
  }
  if (problems.length > 0) {
    throw new VoxpopError("STORE_ERROR", `migrate-db: the copy does not match the source: ${problems.join("; ")}`);
  }
  return { copied, stats: b, stories };
}
