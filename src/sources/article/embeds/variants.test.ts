// Real-world embed variants: AMP components, iframes by URL (lazy attributes, proxies), CMS
// wrappers (WordPress blocks, data-* containers) and rendered widgets left in saved pages.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, readdirSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseHTML } from "linkedom";
import { DETECTORS, detectEmbeds, mayBeEmbed, type DetectedEmbed } from "./index.ts";

const dir = join(resolve(dirname(fileURLToPath(import.meta.url)), "../../../.."), "test/fixtures/embeds");
const fixture = (name: string) => readFileSync(join(dir, name), "utf8");
const detect = (html: string): DetectedEmbed[] => detectEmbeds(parseHTML(html).document as unknown as Document);
const keys = (found: DetectedEmbed[]) => found.map((f) => `${f.post.platform}:${f.post.id}`);
const only = (e: DetectedEmbed) => [e.post.author.name, e.post.author.handle, e.post.dateText, e.post.text];

test("AMP: amp-twitter (placeholder read), amp-instagram/youtube/facebook/tiktok, amp-iframe", () => {
  const found = detect(fixture("amp.html"));
  assert.deepEqual(keys(found), [
    "x:1800000000000000001", "x:1800000000000000002", "instagram:Cfictamp01", "youtube:AmPvId0001x",
    "facebook:5550000000000001", "facebook:5550000000000002", "tiktok:7200000000000000001", "tiktok:7200000000000000002",
    "bluesky:at://did:plc:ampfictional/app.bsky.feed.post/3lampframe1", "mastodon:https://social.example.net/users/amp_tooter/statuses/114000000000000001",
  ], "amp-facebook-page is not a post; the repeated tweet is one post");
  const [tw, bare, ig, yt, fb, fbv, tt, ttId, bs, md] = found as [DetectedEmbed, ...DetectedEmbed[]];
  assert.deepEqual(tw.post, {
    platform: "x", id: "1800000000000000001", url: "https://twitter.com/harbour_office/status/1800000000000000001",
    author: { name: "Harbour Office", handle: "harbour_office" }, createdAt: "2024-03-03", dateText: "March 3, 2024",
    text: "Ferry back on schedule after the storm.", links: [], mentions: [], lang: "en",
  });
  assert.equal(tw.node.tagName, "AMP-TWITTER");
  assert.equal(tw.duplicates.length, 1, "the later blockquote copy is handed back for removal");
  assert.equal(bare!.node.getAttribute("class"), "amp-embed amp-embed-twitter", "site wrapper climbed");
  // Components that write only an id: no URL is invented, nothing else is shown.
  for (const e of [bare!, ig!, yt!]) {
    assert.equal(e.post.url, null);
    assert.deepEqual(only(e), [null, null, null, null]);
  }
  assert.equal(fb!.post.url, "https://www.facebook.com/AmpPage/posts/5550000000000001");
  assert.equal(fbv!.post.url, "https://www.facebook.com/AmpPage/videos/5550000000000002/");
  assert.equal(tt!.post.url, "https://www.tiktok.com/@amp.dancer/video/7200000000000000001");
  assert.equal(tt!.post.author.handle, null, "the URL path user is not displayed");
  assert.equal(ttId!.post.url, null);
  assert.equal(bs!.post.url, "https://bsky.app/profile/did:plc:ampfictional/post/3lampframe1");
  assert.equal(md!.post.url, "https://social.example.net/@amp_tooter/114000000000000001");
  assert.equal(md!.node.tagName, "AMP-IFRAME");
});

test("iframes by URL: src and lazy data-src/data-lazy-src, every platform, proxies; non-posts skipped", () => {
  const found = detect(fixture("iframes.html"));
  assert.deepEqual(keys(found), [
    "x:1800000000000000011", "instagram:Cfictifr01", "instagram:Cfictifr02", "tiktok:7200000000000000011",
    "tiktok:7200000000000000012", "facebook:5550000000000011", "bluesky:at://did:plc:iframefictional/app.bsky.feed.post/3liframe0001", "mastodon:https://toot.example.com/users/frame_user/statuses/114000000000000011",
    "threads:Cfictifr03", "youtube:IfrVid0001x", "youtube:IfrVid0002x", "youtube:IfrVid0003x", "youtube:IfrVid0004x",
    "x:1800000000000000012",
  ]);
  const url = (k: string) => found[keys(found).indexOf(k)]!.post.url;
  assert.equal(url("x:1800000000000000011"), null, "widget frame: id only");
  assert.equal(url("instagram:Cfictifr01"), "https://www.instagram.com/reel/Cfictifr01/");
  assert.equal(url("instagram:Cfictifr02"), "https://www.instagram.com/p/Cfictifr02/");
  assert.equal(url("tiktok:7200000000000000011"), null);
  assert.equal(url("facebook:5550000000000011"), "https://www.facebook.com/IframePage/videos/5550000000000011/");
  assert.equal(url("bluesky:at://did:plc:iframefictional/app.bsky.feed.post/3liframe0001"), "https://bsky.app/profile/did:plc:iframefictional/post/3liframe0001");
  assert.equal(url("mastodon:https://toot.example.com/users/frame_user/statuses/114000000000000011"), "https://toot.example.com/@frame_user/114000000000000011");
  assert.equal(url("threads:Cfictifr03"), "https://www.threads.net/@frame.writer/post/Cfictifr03");
  assert.equal(url("youtube:IfrVid0001x"), "https://www.youtube.com/embed/IfrVid0001x", "data-src wins over a relative placeholder src");
  assert.equal(url("youtube:IfrVid0002x"), "https://www.youtube-nocookie.com/embed/IfrVid0002x");
  assert.equal(url("youtube:IfrVid0003x"), "https://youtu.be/IfrVid0003x");
  assert.equal(url("youtube:IfrVid0004x"), "https://www.youtube.com/watch?v=IfrVid0004x", "a watch URL keeps the v that names it");
  assert.equal(url("x:1800000000000000012"), "https://twitter.com/frame_user/status/1800000000000000012");
  for (const e of found) assert.deepEqual(only(e), [null, null, null, null], `${e.post.id}: a frame shows nothing else`);
});

test("CMS wrappers: WordPress figure is the node (with its caption), unresolved blocks, data-* containers", () => {
  const found = detect(fixture("wrappers.html"));
  assert.deepEqual(keys(found), [
    "x:1800000000000000021", "instagram:Cfictwrp01", "youtube:WrpVid0001x", "x:1800000000000000022",
    "x:1800000000000000023", "x:1800000000000000024", "instagram:Cfictwrp02", "youtube:WrpVid0002x",
    "facebook:5550000000000021", "x:1800000000000000025", "x:1800000000000000026", "bluesky:at://did:plc:wrapfictional/app.bsky.feed.post/3lwrapper001",
  ]);
  const wp = found[0]!;
  assert.equal(wp.node.tagName, "FIGURE");
  assert.ok(wp.node.textContent!.includes("The city announced"), "the caption goes with the embed");
  assert.deepEqual([wp.post.url, wp.post.author.handle, wp.post.text, wp.post.dateText], [
    "https://x.com/city_cycling/status/1800000000000000021", "city_cycling",
    "New bike lanes open on Main Street today https://t.co/Fict1234", "June 2, 2024",
  ]);
  assert.equal(wp.duplicates.length, 1, "the rendered copy further down is a duplicate");
  // Unresolved blocks: the URL is all there is.
  assert.equal(found[1]!.post.url, "https://www.instagram.com/p/Cfictwrp01/");
  assert.equal(found[1]!.node.tagName, "FIGURE");
  assert.equal(found[2]!.post.url, "https://youtu.be/WrpVid0001x");
  assert.equal(found[2]!.node.tagName, "FIGURE");
  for (const e of found.slice(1, 3)) assert.deepEqual(only(e), [null, null, null, null]);
  // A figure holding article text too: only the embed's own wrapper is cut.
  assert.equal(found[3]!.node.getAttribute("class"), "wp-block-embed__wrapper");
  assert.equal(found[4]!.post.url, "https://twitter.com/city_cycling/status/1800000000000000023");
  assert.equal(found[4]!.post.author.handle, null);
  assert.equal(found[5]!.post.url, null);
  assert.equal(found[6]!.post.url, "https://www.instagram.com/p/Cfictwrp02/");
  assert.equal(found[8]!.post.platform, "facebook");
  assert.equal(found[9]!.post.text, "Watch the ribbon cutting");
  assert.equal(found[9]!.post.url, "https://x.com/city_cycling/status/1800000000000000025");
  assert.equal(found[10]!.node.tagName, "TWITTER-WIDGET");
  assert.equal(found[11]!.node.getAttribute("class"), "embed-bluesky");
});

test("the same post through different carriers is one post", () => {
  const found = detect(`<body>
    <amp-youtube data-videoid="SameVid001x"></amp-youtube>
    <iframe src="https://www.youtube.com/embed/SameVid001x"></iframe>
    <amp-instagram data-shortcode="SameIg0001"></amp-instagram>
    <blockquote class="instagram-media" data-instgrm-permalink="https://www.instagram.com/p/SameIg0001/"><p>A post shared by Same (@same) on <time datetime="2024-01-01T00:00:00+00:00">Jan 1, 2024</time></p></blockquote>
    <iframe src="https://www.tiktok.com/embed/v2/7200000000000000099"></iframe>
    <amp-tiktok data-src="https://www.tiktok.com/@same/video/7200000000000000099"></amp-tiktok>
  </body>`);
  assert.deepEqual(keys(found), ["youtube:SameVid001x", "instagram:SameIg0001", "tiktok:7200000000000000099"]);
  // Later carriers fill what the first lacked.
  assert.equal(found[0]!.post.url, "https://www.youtube.com/embed/SameVid001x");
  assert.equal(found[1]!.post.author.handle, "same");
  assert.equal(found[1]!.post.url, "https://www.instagram.com/p/SameIg0001/");
  assert.equal(found[2]!.post.url, "https://www.tiktok.com/@same/video/7200000000000000099");
  for (const f of found) assert.equal(f.duplicates.length, 1);
});

test("the pre-check never hides an element a detector would match (all fixtures)", () => {
  for (const name of readdirSync(dir).filter((n) => n.endsWith(".html"))) {
    const { document } = parseHTML(fixture(name));
    for (const el of Array.from(document.querySelectorAll("*")) as unknown as Element[]) {
      const hit = DETECTORS.some((d) => { try { return d(el) !== null; } catch { return false; } });
      if (hit) assert.ok(mayBeEmbed(el), `${name}: <${el.tagName.toLowerCase()} class="${el.getAttribute("class") ?? ""}"> skipped by the pre-check`);
    }
  }
});

test("new fixtures: returned nodes never nest and are in document order", () => {
  for (const name of ["amp.html", "iframes.html", "wrappers.html"]) {
    const { document } = parseHTML(fixture(name));
    const found = detectEmbeds(document as unknown as Document);
    const nodes = found.flatMap((f) => [f.node, ...f.duplicates]);
    for (const a of nodes) for (const b of nodes) if (a !== b) assert.ok(!a.contains(b), `${name}: nested nodes`);
    const all = Array.from(document.querySelectorAll("*"));
    const pos = found.map((f) => all.indexOf(f.node as never));
    assert.ok(pos.every((v, i) => v >= 0 && (i === 0 || v > pos[i - 1]!)), `${name}: document order ${pos}`);
  }
});

test("malformed variants never throw", () => {
  for (const html of [
    "<amp-twitter></amp-twitter>", "<amp-twitter data-tweetid='x'><blockquote></blockquote></amp-twitter>",
    "<amp-tiktok data-src='https://www.tiktok.com/@'></amp-tiktok>", "<amp-facebook data-href='%E0%A4%A'></amp-facebook>",
    "<iframe src='https://cdn.embedly.com/widgets/media.html?url=%E0%A4%A'></iframe>",
    "<figure class='wp-block-embed'><div class='wp-block-embed__wrapper'></div></figure>",
    "<div data-tweet-url='nonsense'></div>", "<div data-instgrm-permalink=''></div>",
  ]) {
    assert.doesNotThrow(() => detect(html));
    assert.deepEqual(detect(html), []);
  }
});
