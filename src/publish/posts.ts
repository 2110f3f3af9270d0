// Reading stored posts for publishing: what the enrichers said (from the annotations, each with
// the version that wrote it), the post's first provenance, its curation when the caller has it,
// and the one selection rule every published form shares.
import type { Curation, FeedPost, Provenance, StoredPost } from "../store/store.ts";
import type { RoundupPost } from "./types.ts";

/** A stored post, with the editor's curation and the feed facets when the caller has them. */
export type ExportPost = StoredPost & Partial<Pick<FeedPost, "curation" | "facets">>;

/** What exports and datasheets say about a story. `Story` from the store fits. */
export interface ExportStory {
  name: string;
  title: string | null;
  subjects: string[];
  rules?: {
    keywords: string[]; tags: string[]; urls: string[];
    since: string | null; until: string | null; sources: string[];
  } | null;
}

export function postKey(p: { platform: string; id: string }): string {
  return `${p.platform}:${p.id}`;
}

function data(p: StoredPost, name: string): Record<string, unknown> | null {
  const d = p.annotations?.[name]?.data;
  return d && typeof d === "object" ? (d as Record<string, unknown>) : null;
}

const str = (v: unknown): string | null => (typeof v === "string" ? v : null);
const num = (v: unknown): number | null => (typeof v === "number" && Number.isFinite(v) ? v : null);
const bool = (v: unknown): boolean | null => (typeof v === "boolean" ? v : null);
const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : []);

/** The enrichment of a stored post, read defensively (an old export may lack any of it). */
export function enrichmentOf(p: ExportPost) {
  const reaction = data(p, "reaction");
  const emotions = data(p, "emotions");
  const sentiment = data(p, "sentiment");
  const offensive = data(p, "offensive");
  const hate = data(p, "hate");
  const primary = str(reaction?.primary) ?? p.facets?.reaction ?? null;
  const labels = strings(reaction?.labels);
  return {
    lang: str(data(p, "lang")?.lang) ?? p.facets?.lang ?? p.lang ?? null,
    reaction: primary,
    /** Every reaction label, the primary one first. */
    reactions: primary ? [primary, ...labels.filter((l) => l !== primary)] : labels,
    emotions: emotions ? strings(emotions.labels) : (p.facets?.emotions ?? []),
    sentiment: str(sentiment?.label),
    sentimentScore: num(sentiment?.score),
    offensive: bool(offensive?.label) ?? p.facets?.offensive ?? null,
    offensiveScore: num(offensive?.score),
    hate: bool(hate?.label) ?? p.facets?.hate ?? null,
    hateScore: num(hate?.score),
    notability: num(data(p, "notability")?.score) ?? p.facets?.notability ?? null,
    duplicateOf: str(data(p, "dedupe")?.duplicateOf),
  };
}

/** Enricher name → the version that wrote this post's annotation. */
export function enricherVersions(p: ExportPost): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of Object.keys(p.annotations ?? {}).sort()) out[name] = p.annotations[name]!.version;
  return out;
}

/** The first source the post was found in (the store keeps them oldest first). */
export function firstProvenance(p: ExportPost): Provenance | null {
  return p.provenance?.[0] ?? null;
}

/**
 * The one selection rule of every published form (roundup, JSON Feed): when the editor has
 * included any post, the included posts; otherwise every post not excluded. Posts without a
 * curation record count as undecided.
 */
export function selectPublished<T extends { curation?: Pick<Curation, "status"> }>(posts: readonly T[]): T[] {
  const available = posts.filter((p) => p.curation?.status !== "excluded");
  return available.some((p) => p.curation?.status === "included") ? available.filter((p) => p.curation?.status === "included") : available;
}

/** A stored (or feed) post as the roundup takes it: the curation travels, so buildRoundup can use it. */
export function toRoundupPost(p: ExportPost): RoundupPost {
  const e = enrichmentOf(p);
  const prov = firstProvenance(p);
  return {
    platform: p.platform, id: p.id, url: p.url, authorName: p.author.name, authorHandle: p.author.handle,
    createdAt: p.createdAt, dateText: p.dateText, text: p.text, role: p.role,
    reaction: e.reaction,
    key: postKey(p),
    duplicateOf: e.duplicateOf,
    sourceUri: prov?.articleUrl ?? prov?.sourceUri ?? null,
    lang: e.lang,
    position: p.position,
    ...(p.curation ? { curation: p.curation } : {}),
  };
}
