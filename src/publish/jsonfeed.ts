// JSON Feed 1.1 (https://www.jsonfeed.org/version/1.1/) of a story: the posts a roundup would
// publish (the included ones once the editor has included any, else all not excluded), newest
// first. Each item is one post: id "platform:id", its URL, its text as content_text, the author,
// the reaction labels as tags, and a `_voxpop` extension with the post's platform, role,
// reaction and full provenance. A date is only given as date_published when the source gave a
// full date-time: a date-only post keeps its date in `_voxpop.created_at` instead of an invented
// time of day.
import { missingTextNote, safeHref } from "./roundup.ts";
import { enrichmentOf, enricherVersions, firstProvenance, postKey, selectPublished, type ExportPost, type ExportStory } from "./posts.ts";
import { safeLang } from "./escape.ts";

export interface JsonFeedOptions {
  /** The page the feed's posts are published on (e.g. the roundup's URL). */
  homePageUrl?: string | null;
  /** Where this feed itself is served. */
  feedUrl?: string | null;
}

const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})$/i;

/** The date as RFC 3339 with a time, or null when the source gave less (or something else). */
function dateTime(value: string | null): string | null {
  if (!value) return null;
  if (RFC3339.test(value) && Number.isFinite(Date.parse(value))) return value;
  return null;
}

export function renderJsonFeed(story: ExportStory, posts: readonly ExportPost[], options: JsonFeedOptions = {}): string {
  const selected = selectPublished(posts)
    .map((p, i) => ({ p, i, t: Date.parse(p.createdAt ?? "") }))
    // Newest first; posts without a date after the dated ones, in story order.
    .sort((a, b) => (Number.isFinite(b.t) ? b.t : -Infinity) - (Number.isFinite(a.t) ? a.t : -Infinity) || a.p.position - b.p.position || a.i - b.i)
    .map(({ p }) => p);

  const title = story.title ?? story.name;
  const subjects = story.subjects.map((s) => `@${s}`).join(", ");
  const feed: Record<string, unknown> = {
    version: "https://jsonfeed.org/version/1.1",
    title,
    ...(safeHref(options.homePageUrl ?? null) ? { home_page_url: safeHref(options.homePageUrl!) } : {}),
    ...(safeHref(options.feedUrl ?? null) ? { feed_url: safeHref(options.feedUrl!) } : {}),
    description: `Public posts about "${title}"${subjects ? ` (subject: ${subjects})` : ""}, collected and curated with voxpop. Each post belongs to its author; the platforms' terms apply.`,
    _voxpop: { story: story.name, subjects: story.subjects },
    items: selected.map(item),
  };
  return JSON.stringify(feed, null, 2) + "\n";
}

function item(p: ExportPost): Record<string, unknown> {
  const e = enrichmentOf(p);
  const prov = firstProvenance(p);
  const name = p.author.name?.trim() || null;
  const handle = p.author.handle ? `@${p.author.handle}` : null;
  const author = name && handle ? `${name} (${handle})` : name ?? handle;
  const published = dateTime(p.createdAt);
  const lang = safeLang(e.lang);
  const url = safeHref(p.url);
  const article = safeHref(prov?.articleUrl ?? null);
  return {
    id: postKey(p),
    ...(url ? { url } : {}),
    ...(article && article !== url ? { external_url: article } : {}),
    content_text: p.text ?? `(${missingTextNote(p)})`,
    ...(published ? { date_published: published } : {}),
    ...(author ? { authors: [{ name: author }] } : {}),
    ...(e.reactions.length ? { tags: e.reactions } : {}),
    ...(lang ? { language: lang } : {}),
    _voxpop: {
      platform: p.platform,
      post_id: p.id,
      role: p.role,
      reaction: e.reaction,
      created_at: p.createdAt,
      date_text: p.dateText,
      ...(p.curation ? { pinned: p.curation.pinned } : {}),
      provenance: p.provenance ?? [],
      enricher_versions: enricherVersions(p),
    },
  };
}
