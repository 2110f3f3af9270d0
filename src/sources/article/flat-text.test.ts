import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { dirname, resolve } from "node:path";
import type { ExtractedPost, Extraction } from "../../core/index.ts";
import { contentId } from "../../core/index.ts";
import { looksLikeFlatText, parseFlatText } from "./flat-text.ts";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../../..");
const SEED = resolve(ROOT, "../shared/seeds/000_d17c487081642dcc.txt");
const FIXTURES = resolve(ROOT, "test/fixtures/flat");
const fixture = (name: string) => readFileSync(resolve(FIXTURES, name), "utf8");

interface Expected {
  name: string | null;
  handle: string;
  dateText?: string;
  createdAt?: string;
  text: string | null;
  links?: string[];
  mentions?: string[];
}

function checkPosts(posts: ExtractedPost[], expected: Expected[], defaults: { dateText: string; createdAt: string } | null = null): void {
  assert.deepEqual(
    posts.map((p) => `${p.author.name} (@${p.author.handle})`),
    expected.map((e) => `${e.name} (@${e.handle})`),
    "authors in order",
  );
  posts.forEach((p, i) => {
    const e = expected[i]!;
    const where = `post ${i + 1} (@${e.handle})`;
    assert.equal(p.position, i + 1, where);
    assert.equal(p.inArticle, true, where);
    assert.deepEqual(p.author, { name: e.name, handle: e.handle }, where);
    assert.equal(p.dateText, e.dateText ?? defaults?.dateText, where);
    assert.equal(p.createdAt, e.createdAt ?? defaults?.createdAt, where);
    assert.equal(p.text, e.text, where);
    assert.deepEqual(p.links, e.links ?? [], where);
    assert.deepEqual(p.mentions, e.mentions ?? [], where);
  });
}

function checkProse(result: Extraction, prose: string[]): void {
  assert.equal(result.article.text, prose.join("\n\n"));
  for (const post of result.posts) {
    for (const para of (post.text ?? "").split("\n\n")) {
      assert.ok(!result.article.text.includes(para), `article text must not hold post text: ${para}`);
    }
  }
}

// ------------------------------------------------------------------------------------------------
// The seed: a real article with 25 embedded posts (expected values typed from reading the seed).

const SEED_POSTS: Expected[] = [
  { name: "John Legend", handle: "johnlegend", text: "We love you, Jack 🖤🖤🖤🖤🖤 https://t.co/ySFzJB5e6k", links: ["https://t.co/ySFzJB5e6k"] },
  { name: "chrissy teigen", handle: "chrissyteigen", text: "Driving home from the hospital with no baby. How can this be real." },
  { name: "Padma Lakshmi", handle: "PadmaLakshmi", text: "So very sorry, John & Chrissy. He's a part of you and will be with you forever." },
  { name: "Ashley C. Ford", handle: "iSmashFizzle", text: "Chrissy and John have given a lot of people permission not to grieve alone. In the midst of their own deep and enduring pain, they offered a gift to those who know this particular form of heartbreak. Whew. That takes a lot of strength." },
  { name: "Kathy Bates", handle: "MsKathyBates", text: "Heartbreaking to read this news, Chrissy. Loving prayers for you and your family. https://t.co/eyfNhl4QkC", links: ["https://t.co/eyfNhl4QkC"] },
  { name: "Mac Lethal 🧢", handle: "MacLethal", text: "If you see the photo of Chrissy Teigen grieving the loss of her child, and your first thoughts are: “Why did she photograph herself grieving?” and not “Oh no. That’s terrible. She lost her child.” You have serious psychological problems." },
  { name: "Bradley Whitford", handle: "BradleyWhitford", text: "Love to you all. Love. Love. Love." },
  { name: "Sunny Hostin", handle: "sunny", text: "@chrissyteigen @johnlegend My prayers for you. Our journey with our son Gabriel could have been your path with your beautiful boy Jack. My placenta was also torn and I spent the majority of my pregnancy on bed rest. Know that Jack can feel your love. Your boy is now an Angel. ❤️", mentions: ["chrissyteigen", "johnlegend"] },
  { name: "Emmy Rossum", handle: "emmyrossum", text: "My heart is absolutely breaking for Chrissy Teigen and John Legend. This is a woman who shares so bravely and openly all the joys and sorrows of her life. She is an absolute gift to our world. I am praying tonight for their son and for their family. 🙏" },
  { name: "Ana Navarro-Cárdenas", handle: "ananavarro", text: "Dear @chrissyteigen and @johnlegend, thank you for sharing your lives -the laughter and the tears, the highs, lows and this devastating heart-break, with the rest of us. I hope it helps you a little to see the love, prayers and positive energy from your friends and followers. ❤️ https://t.co/IM2k7ZdHEj", links: ["https://t.co/IM2k7ZdHEj"], mentions: ["chrissyteigen", "johnlegend"] },
  { name: "Lea Thompson", handle: "LeaKThompson", text: "So so sorry." },
  { name: "Jennifer Beals", handle: "jenniferbeals", text: "I am so deeply sorry.\n\nI know Jack was so loved. And no doubt loved you.\n\nTake your time and know that you are appreciated by so many who wish you well." },
  { name: "Patricia Arquette", handle: "PattyArquette", text: "Sending you all love. I’m so sorry." },
  { name: "Lisa Vanderpump", handle: "LisaVanderpump", text: "So sad to hear of your devastating loss @chrissyteigen such a terrible time for you .\n\nWe all send love and support to you both.💞", mentions: ["chrissyteigen"] },
  { name: "LeAnn Rimes Cibrian", handle: "leannrimes", text: "I am so terribly sorry that you and your family have to endure this pain. Sending so much LovE and healing your way." },
  { name: "Jenny Han", handle: "jennyhan", text: "Chrissy's shared her life with us on here, and now we're all sharing in this unimaginable grief. I'm in tears and I don't even know her, though it feels like I do. Please lift her up in your thoughts tonight and please no one be an asshole for just one night." },
  { name: "rachel zegler", handle: "rachelzegler", text: "Sending you, John, and your entire family so much love and strength as you navigate this grief." },
  { name: "Audra McDonald", handle: "AudraEqualityMc", text: "Sending you and John and your precious babies comfort love and light. I’m so so sorry. 💔" },
  { name: "yvette nicole brown", handle: "YNB", text: "And lastly, the people questioning why John & Chrissy bravely chose to share their loss are the SAME people who have something negative to say when they share one of their blessings. They👏🏾Share👏🏾Their👏🏾Lives👏🏾 And lives have ups & tragic downs. Let them LIVE, dammit! 4/" },
  { name: "Hillary Clinton", handle: "HillaryClinton", text: "I'm so deeply sorry to hear of this loss. My love and prayers to you, John, Luna, and Miles." },
  { name: "Andy Richter", handle: "AndyRichter", text: "Love to you and Chrissy, John" },
  { name: "Josh Gad", handle: "joshgad", text: "We are with you all during this impossible time. You are surrounded by love. So truly sorry for this loss." },
  { name: "TONI TONE", handle: "t0nit0ne", text: "According to the NHS, among women who know they're pregnant, it's estimated about 1 in 8 pregnancies end in miscarriage. I know too many women who have gone through this pain at some point in their life. My heart is with Chrissy Teigen and all women who have felt the same loss." },
  { name: "Alyssa Milano", handle: "Alyssa_Milano", text: "Sending you all of the love." },
  { name: "Kamala Harris", handle: "KamalaHarris", text: "@chrissyteigen, @johnlegend, Luna, and Miles—Doug and I are deeply sorry for your loss. Words can never be enough, but know that we’re keeping you in our prayers.", mentions: ["chrissyteigen", "johnlegend"] },
];

const SEED_PROSE_STARTS = [
  "Chrissy Teigen is opening up about her miscarriage.",
  "In August, the couple announced",
  "She was hospitalized on Sunday night",
  "Teigen revealed the loss late Wednesday night.",
  "Legend and Teigen have been married for seven years.",
  "While some social media users are feeling the need",
];

test("seed article: exactly its 25 posts, in order, with their full text", (t) => {
  if (!existsSync(SEED)) {
    t.skip(`../shared/seeds not present: ${SEED}`);
    return;
  }
  const seed = readFileSync(SEED, "utf8");
  assert.equal(looksLikeFlatText(seed), true);
  const result = parseFlatText(seed, { url: "https://example.com/teigen" });
  assert.equal(result.posts.length, 25);
  checkPosts(result.posts, SEED_POSTS, { dateText: "October 1, 2020", createdAt: "2020-10-01" });
  for (const p of result.posts) {
    assert.equal(p.platform, "x");
    assert.equal(p.url, null);
    assert.equal(p.id, contentId("x", p.author.handle, p.dateText, p.text));
  }
  assert.equal(new Set(result.posts.map((p) => p.id)).size, 25, "ids are distinct");

  const { article } = result;
  assert.equal(article.publishedAt, "2020-10-01");
  assert.equal(article.url, "https://example.com/teigen");
  assert.equal(article.title, null);
  assert.equal(article.byline, null);
  assert.equal(article.lang, null);
  const paras = article.text.split("\n\n");
  assert.equal(paras.length, SEED_PROSE_STARTS.length, "six prose paragraphs");
  SEED_PROSE_STARTS.forEach((start, i) => assert.ok(paras[i]!.startsWith(start), `prose paragraph ${i + 1}`));
  assert.ok(!article.text.startsWith("date"), "the date line is not prose");
  assert.ok(article.text.endsWith("Check out what stars are saying:"), "the introducer stays in the prose");
  for (const e of SEED_POSTS) {
    for (const para of e.text!.split("\n\n")) assert.ok(!article.text.includes(para), `post text in prose: ${para}`);
  }
  assert.ok(!article.text.includes("—  "));
  assert.ok(!/\(@\w+\) October/.test(article.text), "no attribution left in the prose");
});

test("seed article survives CRLF, NBSP, trailing spaces and no final newline", (t) => {
  if (!existsSync(SEED)) {
    t.skip(`../shared/seeds not present: ${SEED}`);
    return;
  }
  const seed = readFileSync(SEED, "utf8");
  const messy = seed.replace(/\n/g, "  \t\r\n").replace(/ — /g, "\u00a0—\u00a0") + "\r\n\r\n";
  const a = parseFlatText(seed);
  const b = parseFlatText(messy);
  assert.deepEqual(b, a);
});

// ------------------------------------------------------------------------------------------------
// Fixtures written for these tests (fictional stories).

test("Bluesky: dates with a time, domain handles, multi-paragraph post, leading @mention, accents and emoji", () => {
  const text = fixture("bluesky-lighthouse.txt");
  assert.equal(looksLikeFlatText(text), true);
  const r = parseFlatText(text);
  checkPosts(r.posts, [
    { name: "Ana Lúcia Ferreira 🌊", handle: "analucia.bsky.social", dateText: "Mar 22, 2026 at 2:09 PM", createdAt: "2026-03-22T14:09:00", text: "I was nine when she let me wind the old clockwork. I still have the brass key she gave me. 💛" },
    { name: "Tomás Ó Briain", handle: "tomas.obriain.ie", dateText: "Mar 22, 2026 at 2:31 PM", createdAt: "2026-03-22T14:31:00", text: "Forty-one years.\n\nForty-one winters of keeping that lamp honest for people you never met.\n\nThank you, Marguerite." },
    { name: "jo nakamura", handle: "jonaka.bsky.social", dateText: "Mar 22, 2026 at 3:02 PM", createdAt: "2026-03-22T15:02:00", text: "@harbortimes.com please run the photo of her on the gallery in the '94 storm, it belongs on the front page", mentions: ["harbortimes.com"] },
    { name: "Harbor Times", handle: "harbortimes.com", dateText: "Mar 23, 2026 at 8:00 AM", createdAt: "2026-03-23T08:00:00", text: "Point Arden light, 1876–2026. Tended by hand until yesterday. https://harbortimes.com/lighthouse", links: ["https://harbortimes.com/lighthouse"] },
    { name: "Marguerite Olsen", handle: "keeper.bsky.social", dateText: "Mar 23, 2026 at 9:15 AM", createdAt: "2026-03-23T09:15:00", text: "It's been the honour of my life. Come visit me inland, I'll put the kettle on." },
  ]);
  assert.ok(r.posts.every((p) => p.platform === "bluesky"));
  // The post's own URL after the date gives its id and url.
  const last = r.posts[4]!;
  assert.equal(last.id, "at://keeper.bsky.social/app.bsky.feed.post/3kq7hz2xkab2c");
  assert.equal(last.url, "https://bsky.app/profile/keeper.bsky.social/post/3kq7hz2xkab2c");
  assert.equal(r.posts[0]!.url, null);
  assert.match(r.posts[0]!.id, /^h-[0-9a-f]{24}$/);

  assert.equal(r.article.title, "Harbor town says goodbye to its last lighthouse keeper");
  assert.equal(r.article.publishedAt, "2026-03-23");
  checkProse(r, [
    "After 41 years of climbing the 212 steps of the Point Arden light, Marguerite Olsen switched off the lamp by hand for the last time on Sunday evening.",
    "The Coast Guard automated the light in 2019, but Olsen stayed on as caretaker and guide. She said she plans to move inland to be near her grandchildren.",
    "Residents flooded Bluesky with memories of school trips and stormy nights:",
    "The Harbor Times did run that photo on Monday, alongside a timeline of the light's 150 years.",
    "The lighthouse will reopen to visitors in June under the care of the county historical society.",
  ]);
});

test("prose between posts is never swallowed", () => {
  const r = parseFlatText(fixture("x-prose-between.txt"));
  checkPosts(r.posts, [
    { name: "Millbrook Mudcats", handle: "MudcatsBaseball", dateText: "June 13, 2021", createdAt: "2021-06-13", text: "WE DID IT!!! 38 years of waiting and it was worth every minute" },
    { name: "Dana Whitcombe", handle: "dwhitcombe6", dateText: "June 13, 2021", createdAt: "2021-06-13", text: "You were all incredible tonight. This one's for the whole town." },
    { name: "Cedar Falls Comets", handle: "CFComets", dateText: "June 13, 2021", createdAt: "2021-06-13", text: "Congrats to the Mudcats on a hell of a run. See you next season." },
    { name: "Ray Kessler", handle: "CoachKessler", dateText: "June 13, 2021", createdAt: "2021-06-13", text: "Proud of you, kids." },
    { name: "Mayor Linda Okafor", handle: "MayorOkafor", dateText: "June 14, 2021", createdAt: "2021-06-14", text: "Parade Tuesday! Bring your loudest cowbell. 🔔" },
    { name: "Pat Greeley", handle: "patgreeley", dateText: "June 14, 2021", createdAt: "2021-06-14", text: "Our town, our team, our night." },
  ]);
  assert.ok(r.posts.every((p) => p.platform === "x"));
  assert.equal(r.article.publishedAt, "2021-06-14");
  checkProse(r, [
    "The Millbrook Mudcats won their first regional title in 38 years on Sunday, beating the Cedar Falls Comets 4-3 in extra innings.",
    "Shortstop Dana Whitcombe drove in the winning run with a two-out single in the 11th. \"I just tried to put it in play,\" Whitcombe said after the game.",
    "Fans celebrated long into the night.",
    // Short third-person report right after a post.
    "Whitcombe thanked her teammates.",
    "Advertisement",
    "Not everyone agreed.",
    // Quoted first person inside reporting.
    "“You never forget your first title,” manager Ray Kessler told reporters. “We will savor this one.”",
    "Mayor Linda Okafor declared Tuesday \"Mudcats Day\".",
    // Reads like a post on its own, but follows prose: all or nothing.
    "If you want to join the parade, the route starts at the old mill at 10 a.m.",
    // The outlet's own "we".
    "We reached out to the league for comment on next season's schedule.",
    "The team opens its championship defence on April 8.",
  ]);
});

test("dash variants, attribution on its own line or paragraph, posts without blank lines, status URLs", () => {
  const r = parseFlatText(fixture("variants.txt"), { url: "https://example.org/bertie" });
  checkPosts(r.posts, [
    // After an introducer ending with a colon; en dash separator.
    { name: "Brennan's Bakery", handle: "BrennansBakes", dateText: "September 1, 2019", createdAt: "2019-09-01", text: "One hundred today!\n\nWe've fed it every single morning, through two wars, three floods and one very long power cut.\n\nHappy birthday, Old Bertie 🎂 https://t.co/AbCd123XyZ", links: ["https://t.co/AbCd123XyZ"] },
    { name: "Kevin O'Hara", handle: "kevohara", dateText: "September 1, 2019", createdAt: "2019-09-01", text: "Happy 100th to the hardest-working yeast in the county" },
    { name: "Marcus Lee", handle: "marcuslee_", dateText: "September 1, 2019", createdAt: "2019-09-01", text: "I proposed to my wife over a Brennan's loaf. Still married, still buying bread." },
    { name: "Priya & Sam Desai", handle: "desaifamily", dateText: "September 1, 2019", createdAt: "2019-09-01", text: "Our kids ask for \"Bertie bread\" by name." },
    // A bare attribution paragraph takes the paragraph before it; the sentence-final dot is not part of the date.
    { name: "Bread Facts", handle: "breadfacts", dateText: "September 2, 2019", createdAt: "2019-09-02", text: "We did the math: that starter has made roughly 2.1 million loaves." },
    { name: "Millbrook History", handle: "millbrookhist", dateText: "September 2, 2019", createdAt: "2019-09-02", text: "Brennan's, 1923. The same counter is still there. pic.twitter.com/Hist1923", links: ["https://pic.twitter.com/Hist1923"] },
    { name: "Oona Park", handle: "oonapark", dateText: "September 2, 2019", createdAt: "2019-09-02", text: "Quote of the day: https://twitter.com/BrennansBakes/status/1168000000000000001", links: ["https://twitter.com/BrennansBakes/status/1168000000000000001"] },
  ]);
  // Own status URL after the date: platform id and url.
  assert.equal(r.posts[5]!.id, "1168512345678901234");
  assert.equal(r.posts[5]!.url, "https://twitter.com/millbrookhist/status/1168512345678901234");
  // A status URL of someone else in the text is a quoted post, not this post's id.
  assert.match(r.posts[6]!.id, /^h-/);
  assert.equal(r.posts[6]!.url, null);
  assert.equal(r.article.title, "Bakery's sourdough starter turns 100");
  assert.equal(r.article.publishedAt, "2019-09-02");
  assert.equal(r.article.url, "https://example.org/bertie");
  checkProse(r, [
    "A sourdough starter kept alive at Brennan's Bakery since 1919 turned 100 this weekend, and the bakery threw it a party.",
    "Owner Siobhan Brennan shared the anniversary loaf online, and regulars answered in kind. Here is the bakery's own post:",
    "A local historian weighed in with a photo from 1923.",
    "Brennan said the starter will be \"retired\" to a museum display in 2020.",
  ]);
});

test("an article with no posts: dashes, handles and dates in prose are not attributions", () => {
  const text = fixture("no-posts.txt");
  assert.equal(looksLikeFlatText(text), true, "the date line alone makes it flat text");
  const r = parseFlatText(text);
  assert.equal(r.posts.length, 0);
  assert.equal(r.article.publishedAt, "2022-11-05");
  assert.equal(r.article.text, text.trim().replace(/^date 2022-11-05 /, ""));
  assert.equal(r.article.text.split("\n\n").length, 5);
});

test("looksLikeFlatText", () => {
  assert.equal(looksLikeFlatText("date 2020-10-01\n\nHello."), true);
  assert.equal(looksLikeFlatText("  date 2020-10-01 Hello there."), true);
  assert.equal(looksLikeFlatText("Intro.\n\nLove you. — A Person (@aperson) October 1, 2020"), true);
  assert.equal(looksLikeFlatText("Hi — Al (@al.bsky.social) Mar 22, 2026 at 2:09 PM"), true);
  assert.equal(looksLikeFlatText("Just an ordinary paragraph — with a dash (and parentheses) in 2020."), false);
  assert.equal(looksLikeFlatText("<html><body><blockquote class=\"twitter-tweet\"></blockquote></body></html>"), false);
  assert.equal(looksLikeFlatText("Update date 2020-10-01"), false);
  assert.equal(looksLikeFlatText(""), false);
  assert.equal(looksLikeFlatText(null as unknown as string), false);
});

test("small cases: platforms, missing names, trailing text, a mastodon handle, an en dash that is not a separator", () => {
  const r = parseFlatText([
    "one — (@nameless) October 2, 2020",
    "two — Rob (@rob@mastodon.social) October 2, 2020",
    "three — Dee (@dee_x) Oct 2, 2020 at 9:10 AM",
    "four 2019–2020 (@nope) October 2, 2020",
    "five — Eve (@eve) October 2, 2020 and then more words",
  ].join("\n\n"));
  assert.deepEqual(r.posts.map((p) => [p.platform, p.author.name, p.author.handle, p.text]), [
    ["x", null, "nameless", "one"],
    ["mastodon", "Rob", "rob@mastodon.social", "two"],
    ["bluesky", "Dee", "dee_x", "three"],
  ]);
  assert.equal(r.article.text, "four 2019–2020 (@nope) October 2, 2020\n\nfive — Eve (@eve) October 2, 2020 and then more words");
  assert.equal(r.article.publishedAt, null);
});

test("garbage input never throws and yields no posts", () => {
  const inputs: unknown[] = [
    "", " ", "\n\n\n", "\r\r\r", "\u0000\u0001\u0002", "—", "— (@) ,", "(@", ")", "date", "date 2020-99-99",
    "— Name (@) October 1, 2020", "— Name (@bad handle) October 1, 2020", "x — N (@h) Smarch 40, 2020",
    String.fromCharCode(...Array.from({ length: 2000 }, (_, i) => (i * 7919) % 65536)),
    null, undefined, 42, {},
  ];
  for (const input of inputs) {
    const r = parseFlatText(input as string);
    assert.equal(r.posts.length, 0, JSON.stringify(input));
    assert.equal(typeof r.article.text, "string");
    assert.doesNotThrow(() => looksLikeFlatText(input as string));
  }
  assert.equal(parseFlatText("date 2020-99-99\n\nText.").article.publishedAt, null);
});

test("pathological 5 MB inputs complete in linear time", () => {
  const MB5 = 5 * 1024 * 1024;
  const attribution = " — Real Name (@real) October 1, 2020";
  const cases: [string, string][] = [
    ["one line of dashes and parentheses", "— (@ -- ( ) (@a) – ".repeat(MB5 / 20)],
    ["many short lines", "— (@a) Oct\n(@b)) ——\n".repeat(MB5 / 24)],
    ["blank-line paragraphs", "( —\n\n".repeat(MB5 / 5)],
    ["a real attribution after 5 MB of junk", "(@-— ".repeat(MB5 / 5) + attribution],
    ["URL and mention junk", "https://((((@@@a.a.a.".repeat(MB5 / 21) + attribution],
    ["spaces and NBSP", " \u00a0\t".repeat(MB5 / 3) + "x" + attribution],
  ];
  for (const [label, input] of cases) {
    const started = performance.now();
    const r = parseFlatText(input);
    looksLikeFlatText(input);
    const ms = performance.now() - started;
    assert.ok(ms < 10_000, `${label}: ${Math.round(ms)} ms`);
    if (input.endsWith(attribution)) {
      assert.equal(r.posts.length, 1, label);
      assert.equal(r.posts[0]!.author.handle, "real", label);
    }
  }
});
