// Story rules as every store keeps them: read back tolerantly (a missing or odd field is empty)
// and checked before they are written. Shared so SQLite and PostgreSQL cannot drift apart.
import { VoxpopError } from "../core/index.ts";
import type { StoryRules } from "./store.ts";

/** Rules from their stored form: JSON text (SQLite) or an already-parsed object (PostgreSQL jsonb). */
export function parseStoredRules(v: unknown): StoryRules {
  let value = v;
  if (typeof value === "string") {
    try { value = JSON.parse(value); } catch { value = {}; }
  }
  const raw = value && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
  const list = (x: unknown) => (Array.isArray(x) ? x.filter((y): y is string => typeof y === "string") : []);
  const text = (x: unknown) => (typeof x === "string" && x !== "" ? x : null);
  return {
    keywords: list(raw.keywords), tags: list(raw.tags), urls: list(raw.urls),
    since: text(raw.since), until: text(raw.until), sources: list(raw.sources),
  };
}

/** Throws INVALID_ARGUMENT for rules that cannot be stored; returns them unchanged otherwise. */
export function ensureValidRules(rules: Partial<StoryRules>): Partial<StoryRules> {
  const bad = (msg: string): never => { throw new VoxpopError("INVALID_ARGUMENT", `story rules: ${msg}`); };
  for (const key of ["keywords", "tags", "urls", "sources"] as const) {
    const v = rules[key];
    if (v !== undefined && !(Array.isArray(v) && v.every((x) => typeof x === "string"))) bad(`${key} must be a list of strings`);
  }
  for (const key of ["since", "until"] as const) {
    const v = rules[key];
    if (v !== undefined && v !== null && (typeof v !== "string" || !Number.isFinite(Date.parse(v)))) bad(`${key} must be an ISO 8601 date or date-time`);
  }
  if (rules.since && rules.until && Date.parse(rules.since) > Date.parse(rules.until)) bad("since is after until");
  return rules;
}
