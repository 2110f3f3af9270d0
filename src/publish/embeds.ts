// The platforms' official embed markup, for the HTML roundup's "official" mode. Each platform's
// form is rebuilt from the post's URL (and, for Bluesky, its at:// id), after checking that the
// URL really is that platform's post URL: nothing from the post but validated ids and escaped text
// reaches the markup. Every embed keeps the post's text and attribution inside it, as the
// platforms' own snippets do, so the page still reads when the script does not run.
//
// Scripts come only from the platforms' fixed hosts. Mastodon is the exception that is handled
// differently from its snippet: an instance's embed.js would be a script from any server a
// poster chooses, so the post is framed (sandboxed iframe on that instance) without the script.
import type { RoundupPost } from "./types.ts";
import { attributionParts, missingTextNote } from "./roundup.ts";
import { escapeHtml, safeLang } from "./escape.ts";

export interface OfficialEmbed {
  html: string;
  /** Script URLs the embed needs (each loaded once per page). */
  scripts: string[];
  /** Origins the embed frames (for the page's CSP `frame-src`). */
  frames: string[];
}

const X_SCRIPT = "https://platform.twitter.com/widgets.js";
const BLUESKY_SCRIPT = "https://embed.bsky.app/static/embed.js";
const INSTAGRAM_SCRIPT = "https://www.instagram.com/embed.js";
const THREADS_SCRIPT = "https://www.threads.net/embed.js";
const TIKTOK_SCRIPT = "https://www.tiktok.com/embed.js";

/** The official embed of a post, or null when it has none (no URL, unknown platform or URL shape). */
export function officialEmbed(p: RoundupPost): OfficialEmbed | null {
  const url = parseHttps(p.url);
  if (!url) return null;
  switch (p.platform) {
    case "x": return xEmbed(p, url);
    case "bluesky": return blueskyEmbed(p, url);
    case "mastodon": return mastodonEmbed(p, url);
    case "instagram": return instagramEmbed(p, url);
    case "threads": return threadsEmbed(p, url);
    case "tiktok": return tiktokEmbed(p, url);
    case "youtube": return youtubeEmbed(p, url);
    default: return null;
  }
}

function parseHttps(raw: string | null): URL | null {
  if (!raw) return null;
  try {
    const u = new URL(raw.startsWith("//") ? `https:${raw}` : raw);
    return u.protocol === "https:" || u.protocol === "http:" ? u : null;
  } catch {
    return null;
  }
}

/** The post's text as the platforms' snippets carry it: escaped, line breaks as <br>. */
function textHtml(p: RoundupPost): string {
  return p.text ? escapeHtml(p.text).replace(/\r?\n/g, "<br>") : `<em>(${escapeHtml(missingTextNote(p))})</em>`;
}

function langAttr(p: RoundupPost): string {
  const lang = safeLang(p.lang);
  return lang ? ` lang="${escapeHtml(lang)}"` : "";
}

/** "&mdash; Name (@handle) <a href=permalink>date</a>", the attribution every snippet ends with. */
function attribution(p: RoundupPost, permalink: string): string {
  const { who, label, copies } = attributionParts(p);
  const link = `<a href="${escapeHtml(permalink)}" rel="nofollow noopener noreferrer">${escapeHtml(label)}</a>`;
  return `&mdash; ${who ? `${escapeHtml(who)} ` : ""}${link}${escapeHtml(copies)}`;
}

function xEmbed(p: RoundupPost, url: URL): OfficialEmbed | null {
  if (!/^(?:www\.|mobile\.)?(?:twitter|x)\.com$/i.test(url.hostname)) return null;
  const m = /^\/([A-Za-z0-9_]{1,50}|i\/web)\/status(?:es)?\/(\d{1,20})\/?$/.exec(url.pathname);
  if (!m) return null;
  const permalink = `https://twitter.com/${m[1]}/status/${m[2]}`;
  return {
    // data-dnt: the platform's own "do not track" switch for embeds.
    html: `<blockquote class="twitter-tweet" data-dnt="true"><p${langAttr(p)} dir="auto">${textHtml(p)}</p>${attribution(p, permalink)}</blockquote>`,
    scripts: [X_SCRIPT],
    frames: ["https://platform.twitter.com", "https://syndication.twitter.com"],
  };
}

const AT_POST = /^at:\/\/(did:[a-z]+:[A-Za-z0-9._:%-]{1,2048})\/app\.bsky\.feed\.post\/([A-Za-z0-9._:~-]{1,512})$/;

function blueskyEmbed(p: RoundupPost, url: URL): OfficialEmbed | null {
  if (url.hostname !== "bsky.app") return null;
  const m = /^\/profile\/([^/]{1,2048})\/post\/([A-Za-z0-9._:~-]{1,512})\/?$/.exec(url.pathname);
  if (!m) return null;
  // The embed needs the record's at:// URI with the author's DID: from the id (voxpop's Bluesky
  // ids are at:// URIs), else from a URL that names the DID.
  let actor: string;
  try {
    actor = decodeURIComponent(m[1]!);
  } catch {
    return null;
  }
  if (!/^[A-Za-z0-9._:-]{1,2048}$/.test(actor)) return null;
  const rkey = m[2]!;
  const atUri = AT_POST.test(p.id) ? p.id : actor.startsWith("did:") ? `at://${actor}/app.bsky.feed.post/${rkey}` : null;
  if (!atUri || !AT_POST.test(atUri)) return null;
  const permalink = `https://bsky.app/profile/${actor}/post/${rkey}`;
  const cid = p.cid && /^[a-z0-9]{8,128}$/.test(p.cid) ? ` data-bluesky-cid="${escapeHtml(p.cid)}"` : "";
  return {
    html: `<blockquote class="bluesky-embed" data-bluesky-uri="${escapeHtml(atUri)}"${cid} data-bluesky-embed-color-mode="system"><p${langAttr(p)}>${textHtml(p)}</p>${attribution(p, permalink)}</blockquote>`,
    scripts: [BLUESKY_SCRIPT],
    frames: ["https://embed.bsky.app"],
  };
}

/** A public DNS name (not an IP literal, not a single label like "localhost"). */
function publicHost(host: string): boolean {
  return /^(?=.{4,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{0,61}[a-z0-9]$/i.test(host) && !/^[\d.]+$/.test(host);
}

function mastodonEmbed(p: RoundupPost, url: URL): OfficialEmbed | null {
  if (url.protocol !== "https:" || url.port || !publicHost(url.hostname)) return null;
  const m = /^\/@([A-Za-z0-9_]{1,64})\/(\d{1,20})\/?$/.exec(url.pathname);
  if (!m) return null;
  const origin = `https://${url.hostname.toLowerCase()}`;
  const src = `${origin}/@${m[1]}/${m[2]}/embed`;
  const { who } = attributionParts(p);
  const title = `Mastodon post${who ? ` by ${who}` : ""}`;
  return {
    html: `<figure class="embed"><iframe src="${escapeHtml(src)}" class="mastodon-embed" title="${escapeHtml(title)}" style="max-width:100%;border:0" width="400" height="360" loading="lazy" allowfullscreen="allowfullscreen" referrerpolicy="strict-origin-when-cross-origin" sandbox="allow-scripts allow-same-origin allow-popups allow-popups-to-escape-sandbox"></iframe><figcaption${langAttr(p)}>${p.text ? `<p>${textHtml(p)}</p>` : ""}${attribution(p, `${origin}/@${m[1]}/${m[2]}`)}</figcaption></figure>`,
    scripts: [],
    frames: [origin],
  };
}

function instagramEmbed(p: RoundupPost, url: URL): OfficialEmbed | null {
  if (!/^(?:www\.)?instagram\.com$/i.test(url.hostname)) return null;
  const m = /^\/(?:[A-Za-z0-9_.]{1,30}\/)?(p|reel|tv)\/([A-Za-z0-9_-]{1,64})\/?$/.exec(url.pathname);
  if (!m) return null;
  const permalink = `https://www.instagram.com/${m[1]}/${m[2]}/`;
  return {
    html: `<blockquote class="instagram-media" data-instgrm-permalink="${escapeHtml(permalink)}" data-instgrm-version="14" style="background:#fff;border:0;margin:1px;max-width:540px;min-width:326px;padding:0;width:calc(100% - 2px)"><div style="padding:16px"><p${langAttr(p)}>${textHtml(p)}</p><p>${attribution(p, permalink)}</p><p><a href="${escapeHtml(permalink)}" rel="nofollow noopener noreferrer">View this post on Instagram</a></p></div></blockquote>`,
    scripts: [INSTAGRAM_SCRIPT],
    frames: ["https://www.instagram.com"],
  };
}

function threadsEmbed(p: RoundupPost, url: URL): OfficialEmbed | null {
  if (!/^(?:www\.)?threads\.(?:net|com)$/i.test(url.hostname)) return null;
  const m = /^\/@([A-Za-z0-9_.]{1,30})\/post\/([A-Za-z0-9_-]{1,64})\/?$/.exec(url.pathname);
  if (!m) return null;
  const permalink = `https://www.threads.net/@${m[1]}/post/${m[2]}`;
  return {
    html: `<blockquote class="text-post-media" data-text-post-permalink="${escapeHtml(permalink)}" data-text-post-version="0" id="ig-tp-${escapeHtml(m[2]!)}" style="background:#fff;border:1px solid #00000026;border-radius:16px;max-width:540px;margin:1px;min-width:270px;padding:0;width:calc(100% - 2px)"><div style="padding:16px"><p${langAttr(p)}>${textHtml(p)}</p><p>${attribution(p, permalink)}</p><p><a href="${escapeHtml(permalink)}" rel="nofollow noopener noreferrer">View on Threads</a></p></div></blockquote>`,
    scripts: [THREADS_SCRIPT],
    frames: ["https://www.threads.net"],
  };
}

function tiktokEmbed(p: RoundupPost, url: URL): OfficialEmbed | null {
  if (!/^(?:www\.|m\.)?tiktok\.com$/i.test(url.hostname)) return null;
  const m = /^\/@([A-Za-z0-9_.]{1,64})\/video\/(\d{1,25})\/?$/.exec(url.pathname);
  if (!m) return null;
  const permalink = `https://www.tiktok.com/@${m[1]}/video/${m[2]}`;
  return {
    html: `<blockquote class="tiktok-embed" cite="${escapeHtml(permalink)}" data-video-id="${escapeHtml(m[2]!)}" style="max-width:605px;min-width:325px"><section><p${langAttr(p)}>${textHtml(p)}</p><p>${attribution(p, permalink)}</p></section></blockquote>`,
    scripts: [TIKTOK_SCRIPT],
    frames: ["https://www.tiktok.com"],
  };
}

function youtubeEmbed(p: RoundupPost, url: URL): OfficialEmbed | null {
  const host = url.hostname.toLowerCase();
  let id: string | null = null;
  if (host === "youtu.be") id = url.pathname.slice(1);
  else if (/^(?:www\.|m\.)?youtube(?:-nocookie)?\.com$/.test(host)) {
    id = url.pathname === "/watch" ? url.searchParams.get("v") : (/^\/(?:shorts|embed|live)\/([^/]+)\/?$/.exec(url.pathname)?.[1] ?? null);
  }
  if (!id || !/^[A-Za-z0-9_-]{11}$/.test(id)) return null;
  const { who } = attributionParts(p);
  const title = `YouTube video${who ? ` by ${who}` : ""}`;
  // youtube-nocookie.com is YouTube's own privacy-enhanced embed host.
  return {
    html: `<figure class="embed"><iframe width="560" height="315" style="max-width:100%;border:0" src="https://www.youtube-nocookie.com/embed/${id}" title="${escapeHtml(title)}" loading="lazy" allow="accelerometer; clipboard-write; encrypted-media; gyroscope; picture-in-picture; web-share" referrerpolicy="strict-origin-when-cross-origin" allowfullscreen></iframe><figcaption${langAttr(p)}>${p.text ? `<p>${textHtml(p)}</p>` : ""}${attribution(p, `https://www.youtube.com/watch?v=${id}`)}</figcaption></figure>`,
    scripts: [],
    frames: ["https://www.youtube-nocookie.com"],
  };
}
