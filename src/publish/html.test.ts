// HTML roundup in both embed modes: the platforms' official embed markup where a post has a
// recognisable URL, static cards otherwise, a CSP that names exactly the hosts in use, and
// untrusted text, names and URLs that never become markup or script.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { parseHTML } from "linkedom";
import { buildRoundup, officialEmbed, renderHtml, renderRoundup, type RoundupPost } from "./index.ts";

const post = (over: Partial<RoundupPost> & Pick<RoundupPost, "platform" | "id" | "url">): RoundupPost => ({
  authorName: "Ann", authorHandle: "ann", createdAt: "2026-03-03", dateText: "March 3, 2026", text: "hello\nworld", role: "reaction", sourceUri: null, ...over,
});

const X = post({ platform: "x", id: "1897012345678901234", url: "https://x.com/adamarrow/status/1897012345678901234", lang: "en" });
const BSKY = post({ platform: "bluesky", id: "at://did:plc:4xq2vbn7w3kmzy5t6rjh2uo3/app.bsky.feed.post/3lkq7tmxv2c2a", url: "https://bsky.app/profile/tomas.example/post/3lkq7tmxv2c2a", cid: "bafyreie37qtk6ldmdof2ysxjokx5pirnlbdu7hdlivkkaeok2zndql2nwm" });
const MASTO = post({ platform: "mastodon", id: "https://mastodon.example/users/lena/statuses/113987654321098765", url: "https://mastodon.example/@lena/113987654321098765" });
const IG = post({ platform: "instagram", id: "DGx7kLmNpQr", url: "https://www.instagram.com/p/DGx7kLmNpQr/" });
const THREADS = post({ platform: "threads", id: "DGx9aBcDeFg", url: "https://www.threads.com/@marenbooks/post/DGx9aBcDeFg" });
const TIKTOK = post({ platform: "tiktok", id: "7477123456789012345", url: "https://www.tiktok.com/@booktok.wren/video/7477123456789012345" });
const YT = post({ platform: "youtube", id: "aB3dE5fG7hI", url: "https://www.youtube.com/watch?v=aB3dE5fG7hI", text: null });
const FB = post({ platform: "facebook", id: "fb1", url: "https://www.facebook.com/ann/posts/1" });
const NO_URL = post({ platform: "x", id: "2", url: null });

const story = { name: "s", title: "Story", subjects: [] };
const page = (posts: RoundupPost[], embeds: "static" | "official") => parseHTML(renderHtml(buildRoundup(story, posts), { embeds })).document;

function csp(document: Document): Map<string, string[]> {
  const content = document.querySelector('meta[http-equiv="Content-Security-Policy"]')!.getAttribute("content")!;
  return new Map(content.split(";").map((d) => d.trim().split(/\s+/)).map(([name, ...values]) => [name!, values]));
}

describe("HTML official embeds", () => {
  const all = [X, BSKY, MASTO, IG, THREADS, TIKTOK, YT, FB, NO_URL];
  const document = page(all, "official");

  it("X: blockquote.twitter-tweet with the status link, widgets.js once", () => {
    const q = document.querySelector("blockquote.twitter-tweet")!;
    assert.equal(q.querySelector("a")!.getAttribute("href"), "https://twitter.com/adamarrow/status/1897012345678901234");
    assert.equal(q.querySelector("p")!.getAttribute("lang"), "en");
    assert.equal(q.querySelector("p")!.innerHTML, "hello<br>world");
    assert.match(q.textContent!, /— Ann \(@ann\) March 3, 2026$/);
    assert.equal(document.querySelectorAll('script[src="https://platform.twitter.com/widgets.js"]').length, 1);
  });

  it("Bluesky: blockquote.bluesky-embed with the at:// URI and CID, embed.js", () => {
    const q = document.querySelector("blockquote.bluesky-embed")!;
    assert.equal(q.getAttribute("data-bluesky-uri"), BSKY.id);
    assert.equal(q.getAttribute("data-bluesky-cid"), BSKY.cid);
    assert.ok(document.querySelector('script[src="https://embed.bsky.app/static/embed.js"]'));
  });

  it("Bluesky: a URL that names the DID is enough; a handle URL with a non-at:// id falls back to a card", () => {
    const byDid = officialEmbed(post({ platform: "bluesky", id: "3lkq", url: "https://bsky.app/profile/did:plc:abc/post/3lkq" }))!;
    assert.match(byDid.html, /data-bluesky-uri="at:\/\/did:plc:abc\/app\.bsky\.feed\.post\/3lkq"/);
    assert.equal(officialEmbed(post({ platform: "bluesky", id: "3lkq", url: "https://bsky.app/profile/ann.example/post/3lkq" })), null);
  });

  it("Mastodon: a sandboxed iframe of the post's /embed page on its own server, and no server script", () => {
    const f = document.querySelector("iframe.mastodon-embed")!;
    assert.equal(f.getAttribute("src"), "https://mastodon.example/@lena/113987654321098765/embed");
    assert.match(f.getAttribute("sandbox")!, /allow-scripts/);
    assert.doesNotMatch(f.getAttribute("sandbox")!, /allow-top-navigation/);
    assert.equal(document.querySelectorAll('script[src*="mastodon.example"]').length, 0);
  });

  it("Instagram, Threads, TikTok and YouTube in their official forms", () => {
    assert.equal(document.querySelector("blockquote.instagram-media")!.getAttribute("data-instgrm-permalink"), "https://www.instagram.com/p/DGx7kLmNpQr/");
    assert.equal(document.querySelector("blockquote.text-post-media")!.getAttribute("data-text-post-permalink"), "https://www.threads.net/@marenbooks/post/DGx9aBcDeFg");
    const tt = document.querySelector("blockquote.tiktok-embed")!;
    assert.equal(tt.getAttribute("cite"), "https://www.tiktok.com/@booktok.wren/video/7477123456789012345");
    assert.equal(tt.getAttribute("data-video-id"), "7477123456789012345");
    const yt = document.querySelector('iframe[src^="https://www.youtube-nocookie.com/embed/"]')!;
    assert.equal(yt.getAttribute("src"), "https://www.youtube-nocookie.com/embed/aB3dE5fG7hI");
    assert.match(yt.parentElement!.textContent!, /— Ann \(@ann\)/, "the attribution stays beside a framed post");
  });

  it("falls back to the static card for an unknown platform or a post without URL", () => {
    assert.deepEqual([...document.querySelectorAll("blockquote.post")].map((q) => q.getAttribute("data-id")), ["fb1", "2"]);
  });

  it("the CSP allows exactly the script and frame hosts of the embeds used", () => {
    const policy = csp(document);
    assert.deepEqual(policy.get("default-src"), ["'none'"]);
    assert.deepEqual(policy.get("script-src"), [
      "https://embed.bsky.app", "https://platform.twitter.com", "https://www.instagram.com", "https://www.threads.net", "https://www.tiktok.com",
    ]);
    assert.deepEqual(policy.get("frame-src"), [
      "https://embed.bsky.app", "https://mastodon.example", "https://platform.twitter.com", "https://syndication.twitter.com",
      "https://www.instagram.com", "https://www.threads.net", "https://www.tiktok.com", "https://www.youtube-nocookie.com",
    ]);
    // Every script on the page is one of those, loaded from its source (no inline script).
    for (const s of document.querySelectorAll("script")) assert.ok(policy.get("script-src")!.includes(new URL(s.getAttribute("src")!).origin));
    const onlyX = csp(page([X], "official"));
    assert.deepEqual(onlyX.get("script-src"), ["https://platform.twitter.com"]);
    assert.equal(csp(page([FB], "official")).has("script-src"), false, "no embed, no script host");
  });

  it("static mode (the default) loads no script and frames nothing", () => {
    for (const doc of [page(all, "static"), parseHTML(renderRoundup(buildRoundup(story, all), "html")).document]) {
      assert.equal(doc.querySelectorAll("script, iframe").length, 0);
      assert.equal(doc.querySelectorAll("blockquote.post").length, all.length);
      assert.equal(csp(doc).has("script-src"), false);
      assert.equal(csp(doc).has("frame-src"), false);
    }
  });
});

describe("HTML with hostile posts", () => {
  const text = `<img src=x onerror=alert(1)> "quoted" & <b>bold</b>`;
  const name = `<script>alert(2)</script>`;
  const hostile = [
    post({ platform: "x", id: "1", url: "https://twitter.com/a/status/1", text, authorName: name, lang: `en" onmouseover="alert(3)` }),
    post({ platform: "bluesky", id: "at://did:plc:abc/app.bsky.feed.post/3x", url: "https://bsky.app/profile/did:plc:abc/post/3x", text, authorName: name, cid: `"><script>` }),
    post({ platform: "mastodon", id: "m", url: "https://mastodon.example/@u/1", text, authorName: name }),
    post({ platform: "x", id: "2", url: "javascript:alert(4)", text }),
    post({ platform: "x", id: "3", url: `https://twitter.com/a/status/3"onload="alert(5)`, text }),
    post({ platform: "x", id: "4", url: "https://twitter.com.evil.example/a/status/4", text }),
    post({ platform: "mastodon", id: "5", url: "https://127.0.0.1/@u/5", text }),
    post({ platform: "mastodon", id: "6", url: "https://localhost/@u/6", text }),
    post({ platform: "youtube", id: "7", url: "https://www.youtube.com/watch?v=aB3dE5fG7hI%22%3E%3Cscript%3E", text }),
  ];

  for (const embeds of ["static", "official"] as const) {
    it(`${embeds}: no element, attribute or link comes from a post`, () => {
      const document = page(hostile, embeds);
      assert.equal(document.querySelectorAll("img, svg, b").length, 0);
      for (const s of document.querySelectorAll("script")) assert.ok(s.getAttribute("src")?.startsWith("https://"), "only platform scripts by URL");
      assert.equal(document.querySelectorAll("script:not([src])").length, 0);
      assert.equal(document.querySelectorAll('a[href^="javascript"], [onerror], [onload], [onmouseover]').length, 0);
      for (const a of document.querySelectorAll("a")) assert.match(a.getAttribute("href")!, /^https?:\/\//);
      for (const el of document.querySelectorAll("[lang]")) assert.match(el.getAttribute("lang")!, /^[A-Za-z-]+$/);
      const quotes = [...document.querySelectorAll("blockquote p, figcaption p")].map((p) => p.textContent);
      assert.ok(quotes.length >= hostile.length);
      for (const q of quotes) assert.equal(q, text, "the literal text is shown");
      assert.ok(document.body.textContent!.includes(name), "the hostile name is shown as text");
    });
  }

  it("official: look-alike hosts, attribute breakouts and local servers fall back to static cards", () => {
    const document = page(hostile, "official");
    assert.deepEqual([...document.querySelectorAll("blockquote.post")].map((q) => q.getAttribute("data-id")), ["2", "3", "4", "5", "6", "7"]);
    assert.equal(document.querySelector("blockquote.bluesky-embed")!.hasAttribute("data-bluesky-cid"), false, "an odd CID is left out");
  });
});
