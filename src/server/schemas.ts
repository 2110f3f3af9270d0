// zod schemas for everything a client sends: path parameters, query strings and JSON bodies.
// A failed check becomes INVALID_ARGUMENT (400) naming the field, so a client sees what to fix.
import { z } from "zod";
import { PLATFORMS, VoxpopError } from "../core/index.ts";
import { REACTIONS } from "../enrich/index.ts";
import { GOEMOTIONS } from "../enrich/emotion/index.ts";
import type { DecisionInput, PostQuery, StoryFields } from "../store/index.ts";
import { EXPORT_FORMATS } from "../publish/index.ts";

export function parseWith<T>(schema: z.ZodType<T>, value: unknown, where: string): T {
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  const issue = r.error.issues[0];
  const path = issue?.path.length ? issue.path.join(".") : "";
  const message = issue?.message ?? "invalid";
  throw new VoxpopError("INVALID_ARGUMENT", `${where}${path ? ` ${path}` : ""}: ${message}`);
}

// Control characters are refused in every short string a client names (story names, labels).
const noControls = (s: string) => !/[\u0000-\u001f\u007f]/.test(s);
const shortText = (max: number) => z.string().max(max, `at most ${max} characters`).refine(noControls, "control characters are not allowed");

export const storyName = shortText(200).trim().min(1, "must not be empty");

const isoDate = z.string().max(64).refine((s) => /^\d{4}-\d{2}-\d{2}/.test(s) && Number.isFinite(Date.parse(s)), "must be an ISO 8601 date or date-time such as 2031-01-31T18:00:00Z");

const httpUrl = z.string().max(4096).refine((s) => {
  try {
    const u = new URL(s);
    return u.protocol === "http:" || u.protocol === "https:";
  } catch {
    return false;
  }
}, "must be an http(s) URL");

const stringList = (max: number) => z.array(shortText(max)).max(1000, "at most 1000 entries");

const rulesSchema = z.strictObject({
  keywords: stringList(500).optional(),
  tags: stringList(200).transform((l) => l.map((t) => t.replace(/^#/, "")).filter(Boolean)).optional(),
  urls: z.array(httpUrl).max(1000).optional(),
  since: isoDate.nullable().optional(),
  until: isoDate.nullable().optional(),
  sources: stringList(2000).optional(),
});

const storyFields = {
  title: shortText(500).optional(),
  subjects: z.array(shortText(200).transform((s) => s.trim().replace(/^@/, "")).refine(Boolean, "must not be empty")).max(100).optional(),
  rules: rulesSchema.optional(),
};

export const createStoryBody = z.strictObject({ name: storyName, ...storyFields });
export const patchStoryBody = z.strictObject(storyFields);

export function toStoryFields(body: z.infer<typeof patchStoryBody>): StoryFields {
  const fields: StoryFields = {};
  if (body.title !== undefined) fields.title = body.title;
  if (body.subjects !== undefined) fields.subjects = body.subjects;
  if (body.rules !== undefined) fields.rules = body.rules;
  return fields;
}

// ---- the feed query ---------------------------------------------------------------------------

const REPEATABLE = ["reaction", "emotion", "lang", "platform"] as const;
const SINGLE = ["role", "minNotability", "abuse", "status", "since", "until", "q", "sort", "limit", "cursor"] as const;

const postQuery = z.strictObject({
  reaction: z.array(z.enum(REACTIONS)).optional(),
  emotion: z.array(z.enum(GOEMOTIONS)).optional(),
  lang: z.array(z.string().regex(/^[a-z]{2,3}$/, "must be an ISO 639-1 code such as en")).optional(),
  platform: z.array(z.enum(PLATFORMS)).optional(),
  role: z.enum(["subject", "reaction"]).optional(),
  minNotability: z.coerce.number("must be a number").min(0, "must be between 0 and 1").max(1, "must be between 0 and 1").optional(),
  abuse: z.enum(["hide", "show", "only"]).optional(),
  status: z.enum(["included", "excluded", "undecided", "pinned"]).optional(),
  since: isoDate.optional(),
  until: isoDate.optional(),
  q: z.string().max(500, "at most 500 characters").refine((s) => s.trim() !== "", "must not be empty").optional(),
  sort: z.enum(["position", "newest", "oldest", "relevance", "notability", "curated"]).optional(),
  limit: z.coerce.number("must be a number").int("must be a whole number").min(1, "must be at least 1").max(500, "must be at most 500").optional(),
  cursor: z.string().max(500).optional(),
});

/** The feed's query string (repeatable params as lists; the others at most once). */
export function parsePostQuery(queries: Record<string, string[]>): PostQuery {
  const input: Record<string, unknown> = {};
  for (const [key, values] of Object.entries(queries)) {
    if ((REPEATABLE as readonly string[]).includes(key)) {
      // `?lang=en,fr` and `?lang=en&lang=fr` mean the same.
      input[key] = values.flatMap((v) => v.split(",")).map((v) => v.trim()).filter(Boolean);
    } else if ((SINGLE as readonly string[]).includes(key)) {
      if (values.length > 1) throw new VoxpopError("INVALID_ARGUMENT", `query parameter ${key} may be given once`);
      input[key] = values[0];
    } else {
      throw new VoxpopError("INVALID_ARGUMENT", `unknown query parameter "${key.slice(0, 50)}"; see docs/API.md`);
    }
  }
  const q = parseWith(postQuery, input, "query parameter");
  if (q.since && q.until && Date.parse(q.since) > Date.parse(q.until)) throw new VoxpopError("INVALID_ARGUMENT", "query parameter since is after until");
  return q as PostQuery;
}

/** Other routes' query strings: only the named keys, each at most once. */
export function parseQuery<T>(schema: z.ZodType<T>, queries: Record<string, string[]>, allowed: readonly string[]): T {
  const input: Record<string, string> = {};
  for (const [key, values] of Object.entries(queries)) {
    if (!allowed.includes(key)) throw new VoxpopError("INVALID_ARGUMENT", `unknown query parameter "${key.slice(0, 50)}"${allowed.length ? ` (expected ${allowed.join(", ")})` : ""}`);
    if (values.length > 1) throw new VoxpopError("INVALID_ARGUMENT", `query parameter ${key} may be given once`);
    input[key] = values[0]!;
  }
  return parseWith(schema, input, "query parameter");
}

export const roundupQuery = z.object({
  format: z.enum(["md", "html", "json"]).default("md"),
  embeds: z.enum(["static", "official"]).default("static"),
});

export const exportQuery = z.object({ format: z.enum(EXPORT_FORMATS).default("jsonl") });
export const datasheetQuery = z.object({ format: z.enum(EXPORT_FORMATS).optional() });

export const statsQuery = z.object({ bucket: z.enum(["hour", "day"]).optional() });

// ---- decisions --------------------------------------------------------------------------------

const postRef = z.strictObject({ platform: z.enum(PLATFORMS), id: z.string().min(1, "must not be empty").max(500).refine(noControls, "control characters are not allowed") });
const noValue = z.union([z.undefined(), z.null()], "takes no value");

const decisionBody = z.discriminatedUnion("action", [
  z.strictObject({ action: z.enum(["include", "exclude", "reset", "pin", "unpin"]), post: postRef, value: noValue.optional() }),
  z.strictObject({
    action: z.literal("move"),
    post: postRef,
    value: z.union([
      z.strictObject({ before: postRef }),
      z.strictObject({ after: postRef }),
      z.strictObject({ rank: z.number().finite() }),
    ], "must be {before: {platform, id}}, {after: {platform, id}} or {rank: number}"),
  }),
  z.strictObject({ action: z.literal("section"), post: postRef, value: z.strictObject({ section: shortText(200).trim().min(1, "must not be empty").nullable() }) }),
  z.strictObject({ action: z.literal("note"), post: postRef, value: z.strictObject({ note: z.string().max(2000, "at most 2000 characters") }) }),
  z.strictObject({
    action: z.literal("undo"),
    post: noValue.optional(),
    value: z.union([z.strictObject({ decision: z.number().int().positive().optional() }), z.undefined(), z.null()]).optional(),
  }),
], { error: (issue) => (issue.code === "invalid_union" && issue.path?.length === 0 ? "action must be one of include, exclude, reset, pin, unpin, move, section, note, undo" : undefined) });

export function parseDecision(body: unknown, actor: string | null): DecisionInput {
  const d = parseWith(decisionBody, body, "decision");
  return { action: d.action, post: d.post ?? null, value: d.value ?? null, actor };
}

// ---- import -----------------------------------------------------------------------------------

export const importBody = z.union([
  z.strictObject({ url: httpUrl }),
  z.strictObject({ html: z.string().min(1, "must not be empty"), url: httpUrl.optional() }),
  z.strictObject({ text: z.string().min(1, "must not be empty"), url: httpUrl.optional() }),
], "the body must be {url}, {html, url?} or {text}");
export type ImportBody = z.infer<typeof importBody>;
