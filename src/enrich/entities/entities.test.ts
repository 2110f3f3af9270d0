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

// The scanners of index.ts and people.ts mirror the regex version in reference.ts: they must give
// the same entities on the hard cases, alone and in word soups.
const HARD_PIECES = ["Bob", "Alice", "Thanks", "thank", "van", "de", "F.", "F", "Mr.", "Dr", "May", "May-Ann", "O'Brien",
  "Jean-Luc", "Bob's", "Bob’s", "Alice.", "@x", "#Tag", "@bob.bsky.social", "https://t.co/x", "http://a", "www.x.com",
  "Xhttps://y", "awww.b", "💔", "🙏🏽", "é", "Émile", "’", "'", "-", ".", "...", "!", "?", "…", " - ", "\n", ",", "the", "RIP",
  "I", "a", "x@Bob", "Bob@x", "#1", "½", "@x½y", "½#Tag", "\u{1D7CE}", "\u00a0", "\u3000", "Kennedy", "bin", "Do", "do", "St.",
  "Smith's.", "Dr.", "Prof.", "U.S.", "x.", "Mr..", "(Mr.", "-Mr.", "A.", "B..", "Jr.", "\r", "?!",
  // mentions, hashtags, links
  "@", "#", "@@", "##", "a@b.c", "@a-", "@a-b", "@a.b.", "@a@b.c", "@a@b", "@_x", "@-x", "&#39;", "/#x", "+@x", "#_", "#_1",
  "#1a", "#\u0301x", "HTTP://X.com", "Www.x", "httpſ://x", "ſ", "www.", "https://", "http://x.y/(a)", "w", "h", "ww", "h.",
  // beyond ASCII: astral letters and capitals, lone surrogates, marks, case mappings, other scripts and spaces
  "\u{1D400}", "\u{1D400}.", "\u{1D400}bc", "\u{20000}", "\u{20000}X", "\u{1F600}", "\ud800", "\udc00", "\u0301",
  "e\u0301", "\u212Aay", "O\u212Aay", "İstanbul", "Ödön", "Łukasz", "ǅ", "ǅa", "Σίσυφος", "Мария Иванова", "\u2013", "\u2014",
  "|", "•", "\t", "\u2028", "\ufeff", "\u200b", "\u0000", "(", ")",
  // names and their parts
  "Mrs", "Ms.", "Sr.", "Prof", "John", "Smith", "Legend", "Teigen", "Chrissy", "della", "binti", "Jr", "'s", "’s", "s", "-s",
  "A", "B.C.", "X'", "Y’", "al-Assad", "D'Angelo", "MacDonald", "McDONALD", "ABc", "AbC", "@user",
  // what a run passes over, glued to what follows (for the quick test of people.ts, MAY_NAME_RE)
  "dehttps://x", "vanwww.x", "1@Smith", "_#Smith", "Bob1@Smith", "x@Smith", "y.", "de.", "de-la", "F.https://x",
  "Bobhttps://x", "Bob.https://x", "Bob.@x", "Bob.#x", "A.B.", "Ann-Marie", "van-", "http:// ", "http://", "@.", "#-", "@@x", "www",
  // beyond ASCII but no letter, mark or digit (MAY_NAME_RE still reads such texts), and digits beyond ASCII
  "“Bob”", "‘x’", "❤", "❤️", "♀", "😂", "🇺🇸", "Bob’s", "O’Neil", "de’", "Bob’", "£5", "×", "\u2066", "\u00ad", "de\u00a0",
  "\u{1F100}", "\u{1FBF0}", "@x\u00bd", "\u00bd@Smith"];

const ASCII_PIECES = HARD_PIECES.filter((p) => /^[\x00-\x7f]*$/.test(p));
const NO_WORDISH_BEYOND_ASCII_PIECES = HARD_PIECES.filter((p) => !/(?![\x00-\x7f])[\p{L}\p{M}\p{N}]/u.test(p));
const GLUE = ["'", "-", ".", "..", "@", "#", "(", "\t", " - "];

/**
 * Texts of random pieces: any, or only those MAY_NAME_RE reads (name-hint.ts: "plain", no letter,
 * mark or digit beyond ASCII), or ASCII ones only.
 */
function wordSoups(count: number, seed: number, kind: "any" | "plain" | "ascii" = "any"): string[] {
  const pieces = kind === "ascii" ? ASCII_PIECES : kind === "plain" ? NO_WORDISH_BEYOND_ASCII_PIECES : HARD_PIECES;
  const rnd = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32;
  const out: string[] = [];
  for (let n = 0; n < count; n++) {
    let s = "";
    const len = 1 + Math.floor(rnd() * 12);
    for (let i = 0; i < len; i++) {
      s += pieces[Math.floor(rnd() * pieces.length)]!;
      const r = rnd();
      s += r < 0.5 ? " " : r < 0.7 ? "" : r < 0.75 ? GLUE[Math.floor(rnd() * GLUE.length)]! : r < 0.85 ? ", " : r < 0.95 ? ". " : "\n";
    }
    out.push(s);
  }
  return out;
}

test("people: the scanner finds what the regex version finds, the precheck loses no name (word soup of the hard cases)", async () => {
  const { findPeopleUnchecked } = await import("./people.ts");
  const { findPeopleReference } = await import("./reference.ts");
  let names = 0;
  for (const s of [...HARD_PIECES, ...wordSoups(10000, 5), ...wordSoups(10000, 6, "plain"), ...wordSoups(10000, 7, "ascii")]) {
    const want = findPeopleReference(s);
    names += want.length;
    assert.deepEqual(findPeopleUnchecked(s), want, JSON.stringify(s));
    assert.deepEqual(findPeople(s), want, JSON.stringify(s));
  }
  assert.ok(names > 1000);
});

test("entities: the scanners give what the regex version gives (word soup of the hard cases)", async () => {
  const { extractEntitiesReference } = await import("./reference.ts");
  let found = 0;
  for (const [i, text] of [...HARD_PIECES, ...wordSoups(20000, 11)].entries()) {
    const input = { text, platform: null, links: i % 5 === 0 ? ["https://example.com/x"] : [], mentions: i % 7 === 0 ? ["@Bob", "", "@"] : [] };
    const want = extractEntitiesReference(input);
    found += want.mentions.length + want.hashtags.length;
    assert.deepEqual(extractEntities(input), want, JSON.stringify(text));
  }
  assert.ok(found > 10000);
});

test("edge cases of the scanners", () => {
  // astral capitals alone give no name (the regex version's precheck reads only BMP code points)
  assert.deepEqual(findPeople("\u{1D400}bc \u{1D400}bc"), []);
  assert.deepEqual(findPeople("\u{1D400}bc \u{1D400}bc é"), ["\u{1D400}bc \u{1D400}bc"]);
  // a dot after an initial or a title ends no sentence; "F.." does, after "F."
  assert.deepEqual(findPeople("John F. Kennedy"), ["John F. Kennedy"]);
  assert.deepEqual(findPeople("John F.. Kennedy Smith"), ["Kennedy Smith"]);
  // a run passes over stripped links and handles, particles and initials, even glued to them
  assert.deepEqual(findPeople("met Bob dehttps://x Smith\nmet Ann F.www.y Lee\nmet Jo 1@Kim\nmet Al x@Kay"), ["Bob de Smith", "Ann F. Lee", "Jo Kim"]);
  assert.deepEqual(findPeople("Bobhttps://x Smith and Ann@x Lee"), ["Bob Smith"]);
  // a stripped handle, hashtag or link is a space: it ends no run but may start " - "
  assert.deepEqual(findPeople("John @x Smith"), ["John Smith"]);
  assert.deepEqual(findPeople("John @x - Smith"), []);
  assert.deepEqual(findPeople("Bob.#tag Smith"), []);
  assert.deepEqual(findPeople("Xhttps://y Bob Smith"), ["Bob Smith"]);
  // mentions: e-mails, trailing dots and dashes, Mastodon hosts, astral letters, lone surrogates
  assert.deepEqual(run("@a-b- @c. x@y.z @d@e.f @g@h \u{1D400}@x @\u{1D400}x @\ud800x \ud800@x").mentions,
    ["a-b", "c", "d@e.f", "g", "𝐀x", "x"]);
  // hashtags: a letter needed, marks allowed, no tag after a letter, "&", "#" or "/"
  assert.deepEqual(run("#1 #1a #\u0301x #e\u0301 a#b &#c ##d /#e #f#g").hashtags, ["1a", "\u0301x", "e\u0301", "f"]);
  // links: "ſ" is an "s" for the case-insensitive URL test
  assert.deepEqual(run("httpſ://x.example/a").links, ["httpſ://x.example/a"]);
  // U+0000, very long text, empty text
  assert.deepEqual(run("\u0000Bob Smith\u0000").people, ["Bob Smith"]);
  assert.deepEqual(run("").people, []);
});
