// The shared contract suite every Source runs (hono's common.case.test.ts pattern): each
// source's test file calls `sourceContract` with a factory that points the source at its peer
// (a real local network, a recorded stream, a contract server, a file) and says what the peer
// holds. The suite checks what the ingest runner relies on: items normalize to valid posts or
// fail with a VoxpopError, a stored cursor resumes without losing anything, an abort stops the
// read, and a malformed item is refused with a reason rather than crashing.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { z } from "zod";
import { PLATFORMS, VoxpopError } from "../core/index.ts";
import type { Source, SourceItem } from "./source.ts";

const isoOrNull = z.string().refine((s) => Number.isFinite(Date.parse(s)), "not an ISO 8601 date").nullable();

/** What every normalized post must look like, whatever the network. */
export const collectedPostSchema = z.object({
  platform: z.enum(PLATFORMS),
  id: z.string().min(1),
  url: z.string().url().nullable(),
  author: z.object({
    name: z.string().nullable(),
    handle: z.string().min(1).refine((h) => !h.startsWith("@"), "handle keeps no leading @").nullable(),
    id: z.string().nullable().optional(),
    followers: z.number().int().nonnegative().nullable().optional(),
    verified: z.boolean().nullable().optional(),
  }),
  createdAt: isoOrNull,
  dateText: z.string().nullable(),
  text: z.string().nullable(),
  links: z.array(z.string()),
  mentions: z.array(z.string()),
  position: z.number(),
  lang: z.string().nullable().optional(),
  inArticle: z.boolean(),
  tags: z.array(z.string()).optional(),
  replyTo: z.string().nullable().optional(),
  replyRoot: z.string().nullable().optional(),
  quoteOf: z.string().nullable().optional(),
  repostOf: z.string().nullable().optional(),
});

export interface ContractPeer {
  source: Source;
  /** Post ids the peer is known to hold; every one must come out of a full read. */
  expectedIds: string[];
  /** Malformed items in this source's wire format; each must be refused with a VoxpopError. */
  badItems: SourceItem[];
  /** For a live source: stop reading once this many items have arrived (a live read never ends). */
  liveItems?: number;
  close(): Promise<void>;
}

async function readAll(source: Source, cursor: string | null, limit: number | undefined): Promise<SourceItem[]> {
  const controller = new AbortController();
  const items: SourceItem[] = [];
  try {
    for await (const item of source.read(cursor, controller.signal)) {
      items.push(item);
      if (limit !== undefined && items.length >= limit) {
        controller.abort();
        break;
      }
    }
  } catch (err) {
    if (!(err instanceof VoxpopError && err.code === "FETCH_ABORTED" && controller.signal.aborted)) throw err;
  }
  return items;
}

function idsOf(source: Source, items: SourceItem[]): string[] {
  return items.flatMap((item) => (item.error ? [] : source.normalize(item).posts.map((p) => p.id)));
}

export function sourceContract(name: string, open: () => Promise<ContractPeer>): void {
  describe(`Source contract: ${name}`, () => {
    it("reads items that normalize to valid posts, and finds every post the peer holds", async () => {
      const peer = await open();
      try {
        const items = await readAll(peer.source, null, peer.liveItems);
        assert.ok(items.length > 0, "the source yielded nothing");
        const ids = new Set<string>();
        for (const item of items) {
          if (item.error) continue;
          for (const post of peer.source.normalize(item).posts) {
            const parsed = collectedPostSchema.safeParse(post);
            assert.ok(parsed.success, `invalid post ${post.id}: ${parsed.success ? "" : parsed.error.message}`);
            ids.add(post.id);
          }
        }
        for (const id of peer.expectedIds) assert.ok(ids.has(id), `post ${id} was not read`);
      } finally {
        await peer.close();
      }
    });

    it("resumes from a stored cursor without losing any post", async () => {
      const peer = await open();
      try {
        const first = await readAll(peer.source, null, peer.liveItems);
        const cut = Math.floor(first.length / 2);
        const cursor = first.slice(0, cut).reduce<string | null>((c, item) => item.cursor ?? c, null);
        const before = new Set(idsOf(peer.source, first.slice(0, cut)));
        const remainingLive = peer.liveItems === undefined ? undefined : Math.max(1, peer.liveItems - cut);
        const after = new Set(idsOf(peer.source, await readAll(peer.source, cursor, remainingLive)));
        for (const id of peer.expectedIds) {
          assert.ok(before.has(id) || after.has(id), `post ${id} was lost across the resume at cursor ${cursor}`);
        }
      } finally {
        await peer.close();
      }
    });

    it("stops when its signal aborts", async () => {
      const peer = await open();
      try {
        const controller = new AbortController();
        controller.abort();
        const got: SourceItem[] = [];
        try {
          for await (const item of peer.source.read(null, controller.signal)) got.push(item);
        } catch (err) {
          assert.ok(err instanceof VoxpopError, `an aborted read threw ${String(err)}`);
          assert.equal(err.code, "FETCH_ABORTED");
        }
        assert.equal(got.length, 0, "an aborted read still yielded items");
      } finally {
        await peer.close();
      }
    });

    it("refuses malformed items with a VoxpopError and a reason", async () => {
      const peer = await open();
      try {
        assert.ok(peer.badItems.length > 0, "give the suite at least one malformed item");
        for (const item of peer.badItems) {
          assert.throws(() => peer.source.normalize(item), (err: unknown) => err instanceof VoxpopError && err.message.length > 0);
        }
      } finally {
        await peer.close();
      }
    });
  });
}
