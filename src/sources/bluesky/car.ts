// Import of a Bluesky repository export: the CAR file com.atproto.sync.getRepo returns (what
// "Export my data" in the app downloads). The root is the signed commit (whose `did` is the
// author), its `data` the Merkle Search Tree whose keys `app.bsky.feed.post/RKEY` point to the
// post records. Every post record becomes one item; a block that fails its hash or does not
// decode becomes an item with `error` set (quarantined by the runner), never a crash. A file that
// is not a CAR at all fails at once with PARSE_ERROR.
//
// Item payload: a DAG-CBOR envelope {did, rkey, cid, block} holding the record block exactly as
// it was in the file. Cursor: how many posts (in key order) are behind this one.
import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import * as dagCbor from "@ipld/dag-cbor";
import { VoxpopError } from "../../core/index.ts";
import type { NormalizedItem, Source, SourceItem } from "../source.ts";
import { POST_COLLECTION, postFromRecord } from "./record.ts";
import { decodeBlock, readCar, readCommit, walkMst } from "./repo.ts";

export const CAR_RECORD_CONTENT_TYPE = "application/vnd.voxpop.atproto-record+dag-cbor";

export interface CarImportOptions {
  /** A repo export (.car). */
  path: string;
}

interface Envelope {
  did: string;
  rkey: string;
  cid: string;
  block: Uint8Array;
}

function envelope(payload: string | Uint8Array): Envelope {
  if (typeof payload === "string") throw new VoxpopError("PARSE_ERROR", "CAR record item: expected DAG-CBOR bytes, got text");
  const value = decodeBlock(payload, "CAR record item") as Partial<Envelope> | null;
  if (
    typeof value !== "object" || value === null ||
    typeof value.did !== "string" || typeof value.rkey !== "string" || typeof value.cid !== "string" || !(value.block instanceof Uint8Array)
  ) {
    throw new VoxpopError("PARSE_ERROR", "CAR record item: not a {did, rkey, cid, block} envelope");
  }
  return value as Envelope;
}

export class BlueskyCarSource implements Source {
  readonly name: string;
  readonly kind = "bluesky";
  readonly uri: string;
  readonly mode = "backfill" as const;
  readonly #path: string;

  constructor(options: CarImportOptions) {
    this.#path = options.path;
    this.uri = options.path;
    this.name = `bluesky-car ${options.path}`;
  }

  async *read(cursor: string | null, signal: AbortSignal): AsyncIterable<SourceItem> {
    if (signal.aborted) throw new VoxpopError("FETCH_ABORTED", "cancelled");
    const skip = cursor === null ? 0 : Number(cursor);
    if (!Number.isSafeInteger(skip) || skip < 0) throw new VoxpopError("INVALID_ARGUMENT", `not a CAR import cursor: ${String(cursor).slice(0, 40)}`);
    try {
      if (!(await stat(this.#path)).isFile()) throw new VoxpopError("INVALID_ARGUMENT", `${this.#path} is not a file`);
    } catch (cause) {
      if (cause instanceof VoxpopError) throw cause;
      throw new VoxpopError("NOT_FOUND", `cannot read ${this.#path}: ${(cause as Error).message}`, { cause });
    }
    const car = await readCar(createReadStream(this.#path, { signal }));
    if (signal.aborted) throw new VoxpopError("FETCH_ABORTED", "cancelled");
    const root = car.roots[0];
    if (!root) throw new VoxpopError("PARSE_ERROR", `${this.#path} has no root: not a repo export`);
    const commit = readCommit(car.blocks, root);

    const problem = (reason: string, cid: string | null = null): SourceItem => ({
      raw: { payload: cid ?? reason, contentType: "text/plain" },
      cursor: null,
      error: { code: "PARSE_ERROR", reason: `${this.#path}: ${reason}` },
    });
    let position = 0;
    let lastCursor: string | null = cursor;
    for (const p of car.problems) {
      if (skip === 0) yield { ...problem(p.reason, p.cid), cursor: lastCursor };
    }
    const mstProblems: string[] = [];
    for (const entry of walkMst(car.blocks, commit.data, (reason) => mstProblems.push(reason))) {
      for (const reason of mstProblems.splice(0)) if (position >= skip) yield { ...problem(reason), cursor: lastCursor };
      if (signal.aborted) throw new VoxpopError("FETCH_ABORTED", "cancelled");
      const slash = entry.key.indexOf("/");
      if (entry.key.slice(0, slash) !== POST_COLLECTION) continue;
      position++;
      if (position <= skip) continue;
      lastCursor = String(position);
      const rkey = entry.key.slice(slash + 1);
      const block = car.blocks.get(entry.cid.toString());
      if (!block) {
        yield { ...problem(`post ${rkey}: its record block ${entry.cid} is missing or corrupt`, entry.cid.toString()), cursor: lastCursor };
        continue;
      }
      const payload = dagCbor.encode({ did: commit.did, rkey, cid: entry.cid.toString(), block });
      yield { raw: { payload, contentType: CAR_RECORD_CONTENT_TYPE }, cursor: lastCursor };
    }
    for (const reason of mstProblems.splice(0)) yield { ...problem(reason), cursor: lastCursor };
  }

  normalize(item: SourceItem): NormalizedItem {
    const env = envelope(item.raw.payload);
    const record = decodeBlock(env.block, `record ${env.rkey}`);
    return { posts: [postFromRecord({ did: env.did, rkey: env.rkey, cid: env.cid, record })] };
  }
}

export function createBlueskyCarSource(options: CarImportOptions): BlueskyCarSource {
  return new BlueskyCarSource(options);
}
