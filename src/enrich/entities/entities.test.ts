import { test } from "node:test";
import assert from "node:assert/strict";
import { entitiesEnricher, extractEntities, findPeople, trimUrl } from "./index.ts";

const run = (text: string) => entitiesEnricher.enrich({ text, platform: null }, {}, {});

test("name and version", () => {
  assert.equal(entitiesEnricher.name, "entities");
  assert.match(entitiesEnricher.version, /^\d+\.\d+\.\d+/);
});

test("mentions: X, Bluesky domain and Mastodon forms, without @, lower-cased, no e-mails", () => {
  const out = run("Love to @MiraLane and @alice.bsky.social, @news.example.com and @bob@mastodon.social. Mail me: x@example.com, or @Someone.");
  assert.deepEqual(out.mentions, ["miralane", "alice.bsky.social", "news.example.com", "bob@mastodon.social", "someone"]);
});

test("mentions from the source are merged, deduplicated", () => {
  const out = extractEntities({ text: "hi @MiraLane", platform: "x", mentions: ["miralane", "@Other_One"] });
  assert.deepEqual(out.mentions, ["miralane", "other_one"]);
});

test("hashtags: Unicode letters, at least one letter, deduplicated ignoring case", () => {
  const out = run("#Strength #strength #1 C# &#39; #Fuerza_Chrissy #Ελλάδα #دعم #日本 x#no");
  assert.deepEqual(out.hashtags, ["Strength", "Fuerza_Chrissy", "Ελλάδα", "دعم", "日本"]);
});

test("links: trailing punctuation, brackets, truncation; www gets a scheme; handles inside URLs are not mentions", () => {
  const out = run("See (https://example.com/a_(b)) and www.site.org/x, or https://social.example/@kim/123. Also https://news.example/2024/story…");
  assert.deepEqual(out.links, ["https://example.com/a_(b)", "https://www.site.org/x", "https://social.example/@kim/123", "https://news.example/2024/story"]);
  assert.deepEqual(out.mentions, []);
  assert.equal(trimUrl("https://a.example/x)."), "https://a.example/x");
});

test("links: input.links merged and expanded from the payload's map", () => {
  const out = extractEntities({
    text: "look https://t.co/abc123",
    platform: "x",
    links: ["https://t.co/abc123", "https://other.example/p"],
    linkExpansions: { "https://t.co/abc123": "https://news.example/story" },
  });
  assert.deepEqual(out.links, ["https://news.example/story", "https://other.example/p"]);
  const viaMap = extractEntities({ text: "https://t.co/z", platform: "x", linkExpansions: new Map([["https://t.co/z", "https://z.example/"]]) });
  assert.deepEqual(viaMap.links, ["https://z.example/"]);
});

test("people: capitalised runs, common words and titles trimmed, single words skipped", () => {
  assert.deepEqual(findPeople("So much love to Chrissy Teigen and John Legend right now"), ["Chrissy Teigen", "John Legend"]);
  assert.deepEqual(findPeople("Thank You Chrissy Teigen for sharing this."), ["Chrissy Teigen"]);
  assert.deepEqual(findPeople("Mr. Barack Obama's speech. John F. Kennedy too. Vincent van Gogh painted."), ["Barack Obama", "John F. Kennedy", "Vincent van Gogh"]);
  assert.deepEqual(findPeople("Chrissy is brave. Stay strong. Praying for you both"), []);
  assert.deepEqual(findPeople("BREAKING NEWS Chrissy Teigen Loses Baby In Heartbreaking Post"), []);
  assert.deepEqual(findPeople("RIP OMG I can't"), []);
  assert.deepEqual(findPeople("Chrissy Teigen. chrissy teigen. Chrissy Teigen!"), ["Chrissy Teigen"]);
});

test("hostile and odd input", () => {
  const empty = { mentions: [], hashtags: [], links: [], people: [] };
  assert.deepEqual(run(""), empty);
  assert.deepEqual(run("💔😭🙏🏽👍🏿‍"), empty);
  assert.deepEqual(entitiesEnricher.enrich({ text: null as unknown as string, platform: null, links: [null as unknown as string] }, {}, {}), empty);
  const rtl = run("\u202Bכל הכבוד @dana_k #חיזוק https://example.co.il/x\u202C");
  assert.deepEqual(rtl.mentions, ["dana_k"]);
  assert.deepEqual(rtl.hashtags, ["חיזוק"]);
  assert.deepEqual(rtl.links, ["https://example.co.il/x"]);
  const big = "Sending love to Chrissy Teigen @a #b https://x.example/y ".repeat(2000) + "@".repeat(5000) + "#".repeat(5000);
  assert.ok(big.length > 100_000);
  const out = run(big);
  assert.deepEqual(out.mentions, ["a"]);
  assert.deepEqual(out.people, ["Chrissy Teigen"]);
});

test("people: the precheck never drops a name the full scan finds (word soup of the hard cases)", async () => {
  const { findPeopleUnchecked } = await import("./people.ts");
  const pieces = ["Bob", "Alice", "Thanks", "thank", "van", "de", "F.", "F", "Mr.", "Dr", "May", "May-Ann", "O'Brien", "Jean-Luc",
    "Bob's", "Bob’s", "Alice.", "@x", "#Tag", "@bob.bsky.social", "https://t.co/x", "http://a", "www.x.com", "Xhttps://y", "awww.b",
    "💔", "🙏🏽", "é", "Émile", "’", "'", "-", ".", "...", "!", "?", "…", " - ", "\n", ",", "the", "RIP", "I", "a", "x@Bob", "Bob@x",
    "#1", "½", "@x½y", "½#Tag", "\u{1D7CE}", "\u00a0", "\u3000", "Kennedy", "bin", "Do", "do", "St.", "Smith's.",
    "Dr.", "Prof.", "U.S.", "x.", "Mr..", "(Mr.", "-Mr.", "A.", "B..", "Jr.", "\r", "?!"];
  let seed = 5;
  const rnd = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32;
  let names = 0;
  for (let n = 0; n < 20000; n++) {
    let s = "";
    const len = 2 + Math.floor(rnd() * 10);
    for (let i = 0; i < len; i++) {
      s += pieces[Math.floor(rnd() * pieces.length)]!;
      const r = rnd();
      s += r < 0.7 ? " " : r < 0.8 ? "" : r < 0.9 ? ", " : ". ";
    }
    const full = findPeopleUnchecked(s);
    names += full.length;
    assert.deepEqual(findPeople(s), full, JSON.stringify(s));
  }
  assert.ok(names > 1000);
});
