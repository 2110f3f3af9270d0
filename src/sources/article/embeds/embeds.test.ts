import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseHTML } from "linkedom";
import { detectEmbeds, type DetectedEmbed } from "./index.ts";
import { evaluateEmbeds, formatEmbedsReport } from "../../../../eval/embeds.ts";

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "../../../..");
const fixture = (name: string) => readFileSync(join(repoRoot, "test/fixtures/embeds", name), "utf8");

function detect(html: string): DetectedEmbed[] {
  const { document } = parseHTML(html);
  return detectEmbeds(document as unknown as Document);
}
function byId(found: DetectedEmbed[], id: string): DetectedEmbed {
  const e = found.find((f) => f.post.id === id);
  assert.ok(e, `post ${id} not found among ${found.map((f) => f.post.id).join(", ")}`);
  return e;
}

test("X/Twitter: classic blockquote, every field as printed", () => {
  const found = detect(fixture("twitter.html"));
  const e = byId(found, "1700000000000000001");
  assert.deepEqual(e.post, {
    platform: "x",
    id: "1700000000000000001",
    url: "https://twitter.com/jo_example/status/1700000000000000001",
    author: { name: "Jo Example", handle: "jo_example" },
    createdAt: "2016-12-09",
    dateText: "December 9, 2016",
    text: "Lovely day at the #Harbour with @sam_sails pic.twitter.com/AbCdEf1234",
    links: ["https://t.co/AbCdEf1234"], // the #hashtag anchor is an entity, not a shared link,
    mentions: ["sam_sails"],
    lang: "en", // the text paragraph's own lang attribute
  });
  assert.equal(e.node.tagName, "BLOCKQUOTE");
});

test("X/Twitter: variants, rendered iframes, site cards, fallbacks", () => {
  const found = detect(fixture("twitter.html"));
  // Document order, each post once; the plain quotation (#4), the template and the page JSON are
  // not embeds; a post carried only by a <noscript> fallback is (its node is the <noscript>).
  assert.deepEqual(found.map((f) => f.post.id.startsWith("h-") ? "hash" : f.post.id), [
    "1700000000000000001", "1700000000000000002", "1700000000000000003", "1700000000000000004",
    "1700000000000000005", "1700000000000000006", "1700000000000000007", "hash", "1700000000000000098",
    "1700000000000000009",
  ]);
  const fallback = byId(found, "1700000000000000098");
  assert.equal(fallback.node.tagName, "NOSCRIPT");
  assert.deepEqual([fallback.post.text, fallback.post.author.handle], ["Fallback only", "lazysite"]);
  // Handle from the attribution, not the (rewritten) URL path; paragraphs split by a CMS are joined.
  const video = byId(found, "1700000000000000002").post;
  assert.deepEqual(video.author, { name: "Kai Beispiel 🐬", handle: "kai_b" });
  assert.equal(video.url, "https://x.com/SiteAccount/status/1700000000000000002");
  assert.equal(video.text, "Erster Absatz. Zweiter Absatz.");
  assert.equal(video.dateText, "25. September 2018");
  assert.equal(video.createdAt, "2018-09-25");
  // Names keep their hyphens.
  assert.equal(byId(found, "1700000000000000003").post.author.name, "News Desk - Evening");
  // A deleted-tweet placeholder carries nothing but the link: every other field null.
  const gone = byId(found, "1700000000000000004").post;
  assert.deepEqual([gone.author.name, gone.author.handle, gone.dateText, gone.text], [null, null, null, null]);
  // A rendered widget keeps only the id; the iframe's creatorScreenName is the site's account.
  const rendered = byId(found, "1700000000000000005");
  assert.deepEqual([rendered.post.url, rendered.post.author.handle], [null, null]);
  assert.ok(rendered.node.getAttribute("class")!.includes("embed-tweet"), "node is the site wrapper");
  // Site-native card.
  const card = byId(found, "1700000000000000007");
  assert.equal(card.node.getAttribute("class"), "subbuzz subbuzz-tweet");
  assert.deepEqual(card.post.author, { name: "Card Person", handle: "cardperson" });
  assert.equal(card.post.dateText, "05:38 PM - 07 Jun 2019");
  assert.equal(card.post.createdAt, "2019-06-07T17:38:00");
  assert.deepEqual(card.post.links, ["https://t.co/ZzZz9999"]);
  assert.deepEqual(card.post.mentions, ["jo_example"]);
  // In-house iframe read from its fallback: no id in the markup, so a content hash.
  const inHouse = found[7]!.post;
  assert.match(inHouse.id, /^h-[0-9a-f]{24}$/);
  assert.deepEqual(inHouse.author, { name: "Pat Sample", handle: null });
  assert.equal(inHouse.text, "Thanks to every volunteer today.");
  assert.equal(inHouse.url, null);
  // Directional isolates are kept exactly.
  assert.equal(byId(found, "1700000000000000009").post.text, "Read \u2066@jo_example\u2069 on boats");
});

test("dedupe: a second copy of a post is returned as a duplicate node, not a second post", () => {
  const found = detect(fixture("twitter.html"));
  const first = byId(found, "1700000000000000001");
  assert.equal(found.filter((f) => f.post.id === "1700000000000000001").length, 1);
  // The rendered copy and the <noscript> copy are both handed back for removal.
  assert.deepEqual(first.duplicates.map((d) => d.tagName), ["DIV", "NOSCRIPT"]);
  assert.ok(first.duplicates[0]!.getAttribute("class")!.includes("twitter-tweet-rendered"));
  assert.equal(first.post.text, "Lovely day at the #Harbour with @sam_sails pic.twitter.com/AbCdEf1234", "the first copy wins");
  // A second copy fills what the first lacked.
  const merged = detect(`<body>
    <div class="twitter-tweet twitter-tweet-rendered"><iframe data-tweet-id="42"></iframe></div>
    <blockquote class="twitter-tweet"><p>Hi</p>&mdash; A (@a) <a href="https://twitter.com/a/status/42">May 1, 2020</a></blockquote></body>`);
  assert.equal(merged.length, 1);
  assert.equal(merged[0]!.post.text, "Hi");
  assert.equal(merged[0]!.post.author.handle, "a");
});

test("noscript kept as raw text by the parser is still read when it is the only carrier", () => {
  const { document } = parseHTML("<body><p>x</p><noscript></noscript></body>");
  const ns = document.querySelector("noscript")!;
  ns.appendChild(document.createTextNode('<blockquote class="instagram-media" data-instgrm-permalink="https://www.instagram.com/p/Rawtext01/"><p>A post shared by Raw (@raw) on <time datetime="2020-01-01T00:00:00+00:00">Jan 1, 2020</time></p></blockquote>'));
  const found = detectEmbeds(document as unknown as Document);
  assert.equal(found.length, 1);
  assert.equal(found[0]!.post.id, "Rawtext01");
  assert.equal(found[0]!.node, ns);
});

test("returned nodes never nest and are in document order", () => {
  for (const name of ["twitter.html", "bluesky-mastodon.html", "meta.html", "video.html"]) {
    const found = detect(fixture(name));
    const nodes = found.flatMap((f) => [f.node, ...f.duplicates]);
    for (const a of nodes) for (const b of nodes) if (a !== b) assert.ok(!a.contains(b), `${name}: nested nodes`);
    const { document } = parseHTML(fixture(name));
    const all = Array.from(document.querySelectorAll("*"));
    const again = detectEmbeds(document as unknown as Document).map((f) => all.indexOf(f.node));
    assert.ok(again.every((v, i) => v >= 0 && (i === 0 || v > again[i - 1]!)), `${name}: document order ${again}`);
  }
});

test("Bluesky: blockquote and iframe; id is the at:// URI", () => {
  const found = detect(fixture("bluesky-mastodon.html"));
  assert.deepEqual(byId(found, "at://did:plc:abcdefghijklmnop/app.bsky.feed.post/3lkfictional2x").post, {
    platform: "bluesky",
    id: "at://did:plc:abcdefghijklmnop/app.bsky.feed.post/3lkfictional2x",
    url: "https://bsky.app/profile/did:plc:abcdefghijklmnop/post/3lkfictional2x",
    author: { name: "Ferry Fan", handle: "ferryfan.bsky.social" },
    createdAt: "2026-03-22T14:09:00",
    dateText: "Mar 22, 2026 at 2:09 PM",
    text: "Trying out the new ferry route with @friend.bsky.social today!",
    links: [],
    mentions: ["friend.bsky.social"],
    lang: "en",
  });
  const frame = byId(found, "at://did:plc:qrstuvwxyz/app.bsky.feed.post/3lkotherpost9");
  assert.equal(frame.post.url, "https://bsky.app/profile/did:plc:qrstuvwxyz/post/3lkotherpost9");
  assert.equal(frame.post.author.handle, null);
  assert.equal(frame.node.getAttribute("class"), "bsky-embed-wrap");
});

test("Mastodon and Truth Social: iframes (incl. lazy data-src) and the 4.3 blockquote", () => {
  const found = detect(fixture("bluesky-mastodon.html"));
  assert.equal(found.length, 5, "a profile link is not an embed");
  const frame = byId(found, "https://social.example.org/users/tootfan/statuses/113000000000000001").post;
  assert.equal(frame.platform, "mastodon");
  assert.equal(frame.url, "https://social.example.org/@tootfan/113000000000000001");
  assert.equal(frame.author.handle, null, "the URL path user is not displayed, so not taken");
  const quote = byId(found, "https://social.example.org/users/newstyle/statuses/113000000000000002").post;
  assert.equal(quote.author.handle, "newstyle@social.example.org");
  assert.equal(quote.text, null);
  const truth = byId(found, "https://truthsocial.com/users/someleader/statuses/116000000000000003");
  assert.equal(truth.post.platform, "truthsocial");
  assert.equal(truth.post.url, "https://truthsocial.com/@someleader/116000000000000003");
  assert.equal(truth.node.getAttribute("class"), "embed iframe");
});

test("Instagram v3/v7/v12/v14 and rendered iframes; Threads", () => {
  const found = detect(fixture("meta.html"));
  assert.deepEqual(byId(found, "Bfict1onal7").post, {
    platform: "instagram",
    id: "Bfict1onal7",
    url: "https://www.instagram.com/p/Bfict1onal7/",
    author: { name: "Lake Person", handle: "lake.person" },
    createdAt: "2016-12-05T17:10:10+00:00",
    dateText: "Dec 5, 2016 at 9:10am PST",
    text: "Sunrise swim with @lake_club. #morning",
    links: [],
    mentions: ["lake_club"],
  });
  const v12 = byId(found, "Bfict1onal8").post;
  assert.deepEqual([v12.text, v12.author.name, v12.author.handle, v12.dateText], [null, "Band Name", "bandname", "Jun 16, 2019 at 7:30am PDT"]);
  assert.equal(v12.url, "https://www.instagram.com/p/Bfict1onal8/");
  const v3 = byId(found, "Bfict1onal9").post;
  assert.deepEqual([v3.url, v3.text, v3.author.name, v3.author.handle, v3.dateText], ["https://instagram.com/p/Bfict1onal9/", null, null, null, null]);
  assert.equal(byId(found, "Cfict1onal0").post.url, "https://www.instagram.com/reel/Cfict1onal0/");
  const rendered = byId(found, "Cfict1onal1");
  assert.equal(rendered.post.url, "https://www.instagram.com/p/Cfict1onal1/");
  assert.ok(rendered.node.getAttribute("class")!.includes("embed-instagram"));
  const threads = byId(found, "Cfict1onal2").post;
  assert.equal(threads.platform, "threads");
  assert.equal(threads.url, "https://www.threads.net/@thread.writer/post/Cfict1onal2");
  assert.equal(threads.author.handle, "thread.writer");
});

test("Facebook: fb-post with fallback text, plugin iframe", () => {
  const found = detect(fixture("meta.html"));
  const post = byId(found, "1234567890123456").post;
  assert.equal(post.platform, "facebook");
  assert.equal(post.url, "https://www.facebook.com/ExamplePage/posts/1234567890123456");
  assert.deepEqual(post.author, { name: "Example Page", handle: null });
  assert.equal(post.text, "Our new opening hours start Monday.");
  assert.equal(post.dateText, "Monday, 1 June 2020");
  assert.equal(post.createdAt, "2020-06-01");
  const frame = byId(found, "9876543210987654").post;
  assert.equal(frame.url, "https://www.facebook.com/OtherPage/posts/9876543210987654");
  assert.equal(frame.text, null);
});

test("TikTok and YouTube (src, data-src, data-lazy-src, nocookie, protocol-relative)", () => {
  const found = detect(fixture("video.html"));
  assert.deepEqual(found.map((f) => `${f.post.platform}:${f.post.id}`), [
    "tiktok:7100000000000000001", "youtube:AbCdEfGhIjK", "youtube:ZyXwVuTsRqP", "youtube:LmNoPqRsTuV", "youtube:QwErTyUiOpA",
  ]);
  assert.equal(found[4]!.post.url, null, "lite-youtube writes no URL");
  const tt = found[0]!.post;
  assert.equal(tt.url, "https://www.tiktok.com/@dancer.one/video/7100000000000000001");
  assert.equal(tt.author.handle, "dancer.one");
  assert.equal(tt.text, "New routine with @friend_two #dance");
  assert.deepEqual(tt.mentions, ["friend_two"]);
  assert.equal(found[1]!.post.url, "//www.youtube.com/embed/AbCdEfGhIjK");
  assert.equal(found[1]!.duplicates.length, 1);
  assert.equal(found[2]!.post.url, "https://www.youtube-nocookie.com/embed/ZyXwVuTsRqP");
  for (const f of found.slice(1)) {
    assert.deepEqual([f.post.author.name, f.post.author.handle, f.post.text, f.post.dateText], [null, null, null, null]);
  }
});

test("malformed and truncated markup never throws", () => {
  const found = detect(fixture("malformed.html"));
  assert.ok(Array.isArray(found));
  // The unterminated tweet is still read by its own status link.
  assert.equal(found[0]?.post.id, "1700000000000000100");
  for (const html of ["", "<", "<blockquote class='twitter-tweet'>", "<iframe data-src='//'>", "<div class=\"fb-post\" data-href=\"https://www.facebook.com/%E0%A4%A\">",
    "<iframe src=\"https://www.facebook.com/plugins/post.php?href=%E0%A4%A\"></iframe>", "<blockquote class=\"bluesky-embed\"></blockquote>"]) {
    assert.doesNotThrow(() => detect(html));
  }
});

test("10,000 nested elements do not crash, and the embed at the bottom is found", () => {
  const depth = 10_000;
  const html = "<html><body>" + "<div>".repeat(depth) +
    '<blockquote class="twitter-tweet"><p>deep</p>&mdash; D (@d) <a href="https://twitter.com/d/status/7">May 1, 2020</a></blockquote>' +
    "</div>".repeat(depth) + "<span>" .repeat(depth) + "</body></html>";
  const found = detect(html);
  assert.equal(found.length, 1);
  assert.equal(found[0]!.post.text, "deep");
  // Deep nesting inside an embed too.
  const inner = detect('<blockquote class="twitter-tweet"><p>' + "<b>".repeat(depth) + "x" + "</b>".repeat(depth) +
    '</p>&mdash; D (@d) <a href="https://twitter.com/d/status/8">May 1, 2020</a></blockquote>');
  assert.equal(inner[0]?.post.text, "x");
});

test("real pages: every ground-truth post is found (../shared/data)", async (t) => {
  const dataDir = resolve(repoRoot, process.env.VOXPOP_DATA ?? "../shared/data");
  if (!existsSync(join(dataDir, "articles/embeds/ground-truth.json"))) {
    t.skip(`no ground truth at ${dataDir}/articles/embeds (set VOXPOP_DATA to run this check)`);
    return;
  }
  const report = await evaluateEmbeds(dataDir);
  assert.equal(report.overall.recall, 1, formatEmbedsReport(report));
  assert.equal(report.overall.precision, 1, formatEmbedsReport(report));
});
