// The enrichment contract. An enricher is a small, pure function of a post (and of what earlier
// enrichers found) that returns annotations, and carries a version that is stored with its output,
// so an export says which model labelled what.
import type { Platform } from "../core/index.ts";

/** What enrichers read of a post: enough for text-only input (`voxpop classify`) too. */
export interface EnrichInput {
  text: string;
  platform: Platform | null;
  /** The platform's own language tag, when the payload carries one. */
  langTag?: string | null;
  author?: { name: string | null; handle: string | null; followers?: number | null; verified?: boolean | null } | null;
  links?: string[];
  mentions?: string[];
}

/** Story facts some enrichers need (the subject's handles for role and reaction). */
export interface EnrichContext {
  subjects?: string[];
  /** User-supplied notable accounts (handles without @, lower-case). */
  notable?: Set<string>;
}

export interface Enricher<T> {
  /** Stable name: the key of its output in `Annotations` and in the store. */
  name: string;
  /** Bumped whenever outputs can change (new weights, new rules). */
  version: string;
  enrich(input: EnrichInput, context: EnrichContext, earlier: Partial<Annotations>): T;
}

export const REACTIONS = [
  "condolence", "support", "prayer", "praise", "defense", "criticism", "personal", "information", "humor", "other",
] as const;
export type Reaction = (typeof REACTIONS)[number];

export interface Scored { label: boolean; score: number }

export interface Annotations {
  lang: { lang: string | null; confidence: number; source: "platform" | "detector" | "none" };
  entities: { mentions: string[]; hashtags: string[]; links: string[]; people: string[] };
  emotions: {
    /** The 28 GoEmotions labels over their tuned thresholds. */
    labels: string[];
    scores: Record<string, number>;
    ekman: string[];
    sentimentGroups: string[];
  };
  sentiment: { label: "positive" | "negative" | "neutral"; score: number };
  offensive: Scored;
  hate: Scored;
  reaction: { role: "subject" | "reaction"; primary: Reaction | null; labels: Reaction[]; scores: Partial<Record<Reaction, number>> };
  /** 0..1 from followers, verification, a domain handle and the user's notable list, with the reasons. */
  notability: { score: number; reasons: string[] };
}
