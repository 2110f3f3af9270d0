// The Mastodon wire format, validated with zod where it enters voxpop (docs.joinmastodon.org,
// entities/Status, Account, Quote/ShallowQuote, PreviewCard, Search; methods/streaming). Only
// the fields voxpop reads are declared; extra fields are tolerated (zod drops them), missing
// required ones fail the item with PARSE_ERROR. Counts and optional newer fields are lenient
// because other servers speaking the API (Pleroma, Akkoma, GoToSocial) fill them unevenly.
import { z } from "zod";

const count = z.number().int().nonnegative().nullable().optional().catch(null);

export const accountSchema = z.object({
  id: z.string().min(1),
  username: z.string(),
  /** "user" for local accounts, "user@host" for remote ones. */
  acct: z.string().min(1),
  display_name: z.string().nullable().optional(),
  url: z.string().nullable().optional(),
  /** The ActivityPub actor id (Mastodon 4.2+). */
  uri: z.string().nullable().optional(),
  followers_count: count,
  bot: z.boolean().nullable().optional(),
});

const mentionSchema = z.object({
  id: z.string().optional(),
  username: z.string().optional(),
  url: z.string().nullable().optional(),
  acct: z.string().min(1),
});

const tagSchema = z.object({ name: z.string().min(1), url: z.string().nullable().optional() });

const cardSchema = z.object({ url: z.string().nullable().optional() }).nullable().optional().catch(null);

/** Quote (with the quoted status) or ShallowQuote (its local id), Mastodon 4.4+/4.5. */
const quoteSchema = z
  .object({
    state: z.string().optional(),
    quoted_status: z.object({ uri: z.string().min(1) }).nullable().optional(),
    quoted_status_id: z.string().nullable().optional(),
  })
  .nullable()
  .optional()
  .catch(null);

const statusFields = {
  id: z.string().min(1),
  /** The ActivityPub object id: the same on every server that federates the status. */
  uri: z.string().min(1),
  url: z.string().nullable().optional(),
  created_at: z.string().refine((s) => Number.isFinite(Date.parse(s)), "created_at is not a date"),
  account: accountSchema,
  content: z.string(),
  spoiler_text: z.string().nullable().optional(),
  visibility: z.string().optional(),
  language: z.string().nullable().optional(),
  in_reply_to_id: z.string().nullable().optional(),
  in_reply_to_account_id: z.string().nullable().optional(),
  mentions: z.array(mentionSchema).default([]),
  tags: z.array(tagSchema).default([]),
  card: cardSchema,
  quote: quoteSchema,
  edited_at: z.string().nullable().optional(),
};

export const innerStatusSchema = z.object(statusFields);
export const statusSchema = z.object({ ...statusFields, reblog: innerStatusSchema.nullable().optional() });
export type MastodonStatus = z.infer<typeof statusSchema>;
export type MastodonInnerStatus = z.infer<typeof innerStatusSchema>;

/** Only what paging and filtering need; each status is validated on its own in normalize. */
export const pageStatusSchema = z.looseObject({ id: z.string().min(1), created_at: z.string().optional(), visibility: z.string().optional() });
export const timelineSchema = z.array(z.unknown());
export const searchSchema = z.looseObject({ statuses: z.array(z.unknown()) });

/** GET /api/v2/instance, for the streaming server's URL (it may live on another host). */
export const instanceSchema = z.object({
  configuration: z.object({ urls: z.object({ streaming: z.string().nullable().optional() }).optional() }).optional(),
});
