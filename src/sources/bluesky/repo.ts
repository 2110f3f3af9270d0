// Reading atproto repositories as they travel: CAR files of DAG-CBOR blocks (a full export from
// com.atproto.sync.getRepo, or the slice inside a firehose #commit), the Merkle Search Tree that
// maps `collection/rkey` keys to record CIDs, and firehose frames (two concatenated DAG-CBOR
// values: a header {op, t} and a body). Everything here is untrusted input: blocks are checked
// against their CID's sha-256, and what cannot be read is reported, not thrown, so one bad block
// costs one record.
import { createHash } from "node:crypto";
import { CarBlockIterator } from "@ipld/car";
import * as dagCbor from "@ipld/dag-cbor";
import { decodeFirst } from "cborg";
import { CID } from "multiformats/cid";
import { VoxpopError } from "../../core/index.ts";

const SHA2_256 = 0x12;
const DAG_CBOR = 0x71;
const RAW = 0x55;
/** MST depth is about log16(records); anything near this is a loop or a hostile file. */
const MAX_MST_DEPTH = 64;

export interface CarContents {
  roots: CID[];
  /** Blocks by CID string, only those whose bytes match their CID. */
  blocks: Map<string, Uint8Array>;
  /** Blocks that failed verification or could not be read, with the reason. */
  problems: { cid: string | null; reason: string }[];
}

export function blockMatches(cid: CID, bytes: Uint8Array): boolean {
  if (cid.multihash.code !== SHA2_256) return false;
  const digest = createHash("sha256").update(bytes).digest();
  return Buffer.compare(digest, Buffer.from(cid.multihash.digest)) === 0;
}

/**
 * Reads a CAR from bytes or a stream of chunks. A bad header throws PARSE_ERROR; a block whose
 * bytes do not match its CID is left out and listed; a file cut short keeps what came before.
 */
export async function readCar(input: Uint8Array | AsyncIterable<Uint8Array>): Promise<CarContents> {
  let iterator: CarBlockIterator;
  try {
    iterator = input instanceof Uint8Array ? await CarBlockIterator.fromBytes(input) : await CarBlockIterator.fromIterable(input);
  } catch (cause) {
    throw new VoxpopError("PARSE_ERROR", `not a readable CAR file: ${(cause as Error).message ?? cause}`, { cause });
  }
  const roots = await iterator.getRoots();
  const blocks = new Map<string, Uint8Array>();
  const problems: CarContents["problems"] = [];
  try {
    for await (const { cid, bytes } of iterator) {
      const key = cid.toString();
      if (!blockMatches(cid, bytes)) problems.push({ cid: key, reason: "block bytes do not match their CID (corrupt block)" });
      else blocks.set(key, bytes);
    }
  } catch (cause) {
    problems.push({ cid: null, reason: `the CAR file ends in a broken block (${(cause as Error).message ?? cause}); blocks after it are lost` });
  }
  return { roots, blocks, problems };
}

/** Decodes a DAG-CBOR block, PARSE_ERROR when it is not one. */
export function decodeBlock(bytes: Uint8Array, what = "block"): unknown {
  try {
    return dagCbor.decode(bytes);
  } catch (cause) {
    throw new VoxpopError("PARSE_ERROR", `${what} is not DAG-CBOR: ${(cause as Error).message ?? cause}`, { cause });
  }
}

export function asCid(value: unknown): CID | null {
  return CID.asCID(value) ?? null;
}

export interface RepoCommit {
  did: string;
  rev: string | null;
  /** The MST root. */
  data: CID;
}

/** The signed commit at a repo's root: {did, version, data, rev, prev, sig}. */
export function readCommit(blocks: Map<string, Uint8Array>, root: CID): RepoCommit {
  const bytes = blocks.get(root.toString());
  if (!bytes) throw new VoxpopError("PARSE_ERROR", `the repo's commit block ${root} is missing or corrupt`);
  const commit = decodeBlock(bytes, "the commit block") as { did?: unknown; data?: unknown; rev?: unknown } | null;
  const data = asCid(commit?.data);
  if (typeof commit?.did !== "string" || !commit.did.startsWith("did:") || !data) {
    throw new VoxpopError("PARSE_ERROR", "the root block is not a repo commit (no did or data)");
  }
  return { did: commit.did, rev: typeof commit.rev === "string" ? commit.rev : null, data };
}

export interface MstEntry {
  /** `collection/rkey`. */
  key: string;
  cid: CID;
}

const decoder = new TextDecoder("utf-8", { fatal: true });

/**
 * Walks the Merkle Search Tree in key order. Each node is {l, e: [{p, k, v, t}]}: `l` the subtree
 * left of the first entry, and each entry's key is the previous entry's first `p` bytes followed
 * by `k`, with `t` the subtree to its right. Missing or unreadable nodes are reported through
 * `onProblem` and skipped with their subtree.
 */
export function* walkMst(blocks: Map<string, Uint8Array>, root: CID, onProblem: (reason: string) => void): Generator<MstEntry> {
  const seen = new Set<string>();
  function* visit(cid: CID, depth: number): Generator<MstEntry> {
    const key = cid.toString();
    if (depth > MAX_MST_DEPTH || seen.has(key)) {
      onProblem(`MST node ${key} is visited twice or too deep; skipped`);
      return;
    }
    seen.add(key);
    const bytes = blocks.get(key);
    if (!bytes) {
      onProblem(`MST node ${key} is missing or corrupt; the records under it are lost`);
      return;
    }
    let node: { l?: unknown; e?: unknown };
    try {
      node = decodeBlock(bytes, `MST node ${key}`) as { l?: unknown; e?: unknown };
    } catch (err) {
      onProblem((err as Error).message);
      return;
    }
    if (typeof node !== "object" || node === null || !Array.isArray(node.e)) {
      onProblem(`MST node ${key} has no entries list`);
      return;
    }
    const left = asCid(node.l);
    if (left) yield* visit(left, depth + 1);
    let previous = new Uint8Array(0);
    for (const entry of node.e as { p?: unknown; k?: unknown; v?: unknown; t?: unknown }[]) {
      const p = entry?.p;
      const k = entry?.k;
      const v = asCid(entry?.v);
      if (typeof p !== "number" || !Number.isInteger(p) || p < 0 || p > previous.length || !(k instanceof Uint8Array) || !v) {
        onProblem(`MST node ${key} has a malformed entry; the rest of the node is skipped`);
        return;
      }
      const full = new Uint8Array(p + k.length);
      full.set(previous.subarray(0, p));
      full.set(k, p);
      previous = full;
      let name: string;
      try {
        name = decoder.decode(full);
      } catch {
        onProblem(`MST node ${key} has a key that is not UTF-8`);
        return;
      }
      yield { key: name, cid: v };
      const right = asCid(entry.t);
      if (right) yield* visit(right, depth + 1);
    }
  }
  yield* visit(root, 0);
}

/** A firehose frame: the header {op: 1, t: "#commit"} (op -1 for an error frame) and the body. */
export interface Frame {
  op: number;
  t: string | null;
  body: Record<string, unknown>;
}

export function decodeFrame(bytes: Uint8Array): Frame {
  let header: unknown;
  let rest: Uint8Array;
  let body: unknown;
  try {
    [header, rest] = decodeFirst(bytes, dagCbor.decodeOptions);
    body = dagCbor.decode(rest);
  } catch (cause) {
    throw new VoxpopError("PARSE_ERROR", `firehose frame is not two DAG-CBOR values: ${(cause as Error).message ?? cause}`, { cause });
  }
  const h = header as { op?: unknown; t?: unknown } | null;
  if (typeof h !== "object" || h === null || typeof h.op !== "number") throw new VoxpopError("PARSE_ERROR", "firehose frame header has no op");
  if (typeof body !== "object" || body === null || Array.isArray(body)) throw new VoxpopError("PARSE_ERROR", "firehose frame body is not a map");
  return { op: h.op, t: typeof h.t === "string" ? h.t : null, body: body as Record<string, unknown> };
}

export { CID, DAG_CBOR, RAW };
