import { test } from "node:test";
import assert from "node:assert/strict";
import { VADER_VERSION, vaderCompoundScore, vaderInternals, vaderLabel, vaderScores, vaderWords } from "./index.ts";
import { bundleModule, loadTweets, referenceAnalyzer, tweetsPath } from "./reference.ts";
import { rng } from "../ml/index.ts";

const ref = (text: string) => referenceAnalyzer.polarity_scores(text);

function assertSame(text: string): void {
  const mine = vaderScores(text);
  assert.ok(Object.is(vaderCompoundScore(text), mine.compound), `compound-only score for ${JSON.stringify(text)}`);
  const theirs = ref(text);
  assert.ok(
    Math.abs(mine.compound - theirs.compound) <= 1e-9,
    `compound ${mine.compound} vs package ${theirs.compound} for ${JSON.stringify(text)}`,
  );
  assert.deepEqual(mine, theirs, `scores differ for ${JSON.stringify(text)}`);
}

// Fictional sentences, grouped by the rule they exercise.
const CASES: Record<string, string[]> = {
  plain: [
    "The new bakery on Elm Street is wonderful.",
    "The ferry schedule is terrible and the staff were rude.",
    "The council meets on Tuesday at noon.",
    "Marla said the parade was nice, the weather was awful, and the music was okay.",
  ],
  negation: [
    "The soup was not good.",
    "The concert isn't bad at all.",
    "The concert isnt bad at all.",
    "Nobody here is never happy.",
    "I couldn't be happier with the repair.",
    "The mayor's plan doesn't seem helpful, nor fair.",
    "It was without a doubt a great show.",
    "Without doubt the best pie in town.",
    "Rarely is the bus this comfortable.",
    "Despite the rain, a lovely picnic.",
    "I don't think it's not bad.",
    "Not the worst, not the best, not good.",
    "He ain't happy, she won't smile, they wouldn't laugh.",
    "NOT good at all",
    "Uh-uh, that was not nice.",
  ],
  neverSoThis: [
    "I have never so enjoyed a ferry ride.",
    "She had never this loved a town fair.",
    "We never so much as smiled.",
    "never so good",
    "never this bad",
    "it was so good",
    "it is this good",
    "Never so happy",
  ],
  least: [
    "At least the cake was good.",
    "The least helpful clerk.",
    "That was the very least pleasant trip.",
    "least happy",
    "Least happy people in the queue.",
  ],
  boosters: [
    "The mural is very good.",
    "The mural is extremely good and utterly beautiful.",
    "The detour was slightly annoying.",
    "The ride was barely tolerable.",
    "The garden is really really really lovely.",
    "It was hardly a disaster.",
    "The float was quite the sight, very very nice.",
    "This was a fucking great parade.",
    "The new library is so nice.",
  ],
  kindOf: [
    "The band was kind of good.",
    "The band was sort of good.",
    "The band was kinda good, sorta fun.",
    "The play was kind-of dull.",
    "Kind of great, Kind Of awful.",
    "The lemonade was just enough sweet, kind of good really.",
    "It was sort of a great day.",
  ],
  caps: [
    "The fireworks were GREAT.",
    "The fireworks were VERY good.",
    "The fireworks were VERY bad.",
    "The fireworks were really VERY SAD.",
    "The fireworks were VERY GOOD but the crowd was RUDE.",
    "ALL OF THIS IS GREAT",
    "The STAFF were friendly.",
    "I am SO HAPPY today",
    "I LOVE this :) town",
    "NEVER so HAPPY",
  ],
  but: [
    "The food was good, but the service was slow and rude.",
    "The food was terrible but the dessert was amazing.",
    "The view was nice BUT the climb was exhausting.",
    "Lovely hall But awful acoustics.",
    "good but bad but good",
    "but",
    "great stuff, BUT, honestly, but awful",
  ],
  punctuation: [
    "The parade was great!",
    "The parade was great!!",
    "The parade was great!!!",
    "The parade was great!!!!!!!",
    "The parade was awful!!!",
    "Was the parade great??",
    "Was the parade great???",
    "Was the parade great????",
    "Was the parade great?!?!",
    "Was the parade great!?",
    "Why?? Just why?!",
    "great.",
    "great,",
    "(great)",
    "\"great\"",
    "'great'",
    "-great-",
    "great...",
    "good;bad:ugly",
    "wow!!!",
  ],
  emoticonsAndEmoji: [
    "The fair was fun :)",
    "The fair closed early :(",
    "Saw the fireworks <3",
    "See you there :D",
    "The fair was fun 😍",
    "The fair 😡 was closed",
    "☺ good",
    "🙂🙂🙂",
    "🎉 great news 🎉!!",
    ":-) :-( ;) :P xD XD lol LOL",
    "(-: hi",
  ],
  idioms: [
    "The new taco truck is the shit.",
    "That new album is the bomb.",
    "He is a bad ass driver, yeah right.",
    "Yeah right, as if that helps.",
    "The proposal did not cut the mustard, a kiss of death for the plan.",
    "The family lives hand to mouth and it is sad.",
    "the end of the shit storm was good",
    "the team was the bomb good",
    "so much fun, yeah right",
    "it was a kiss of death indeed, sad",
  ],
  empty: ["", " ", "\n\t ", "a", "a b c", "!", "!!!", "???", "?!?!", "... --- ...", ":)", "\u00a0\u3000\u2028"],
  unicode: [
    "Ça va très bien, merci, good",
    "ÉNORME succès GOOD",
    "İstanbul was GREAT",
    "Der Zug war pünktlich und gut",
    "नमस्ते good",
    "good\u00a0great\u2003bad\u3000sad\ufeffhappy",
    "\ud83d good \udc00 bad",
  ],
  tokenQuirks: [
    "don't! good",
    "won't... bad",
    "good!bad",
    "!good bad!",
    "?!?good",
    "good?!?!",
    "good!?!?!",
    "happy-go-lucky fun",
    "--good",
    "#great @happy $bad",
    "__proto__ constructor hasOwnProperty good",
    "g! o! good!",
  ],
};

for (const [rule, texts] of Object.entries(CASES)) {
  test(`vader: same scores as vader-sentiment — ${rule}`, () => {
    for (const text of texts) assertSame(text);
  });
}

test("vader: the only non-ASCII character with an ASCII lower case is the Kelvin sign", () => {
  // The word table skips any token holding another non-ASCII code unit: every word a rule can
  // match is ASCII, and such a token's lower case never is.
  const asciiLower: number[] = [];
  for (let c = 0x80; c <= 0x10ffff; c++) {
    if (c >= 0xd800 && c <= 0xdfff) continue;
    const lower = String.fromCodePoint(c).toLowerCase();
    if (/^[\x00-\x7f]+$/.test(lower)) asciiLower.push(c);
  }
  assert.deepEqual(asciiLower, [vaderInternals.kelvinSign]);
  for (const lone of ["\ud83d", "\ude00"]) assert.equal(lone.toLowerCase(), lone);
});

test("vader: words with the Kelvin sign, capitals, non-ASCII letters and long runs score as the package does", () => {
  for (const text of [
    "\u212Aind of good", "\u212Aiss of death", "really \u212Aind", "so GOOD \u212Aill", "not \u212Aind",
    "the sh\u0131t", "GOOD İyi good", "ǅ good", "good\u0301 bad\u0301", "ﬀ good", "goodﬀ",
    "BUT good but bad", "But good BUT bad", "bUT good", "The Bomb the bomb THE BOMB",
    "NOT good Not good nOt good", "isn't good ISN'T good Isn't good isn'T good", "n't good", "'n't good", "n'tgood bad",
    "Least good, AT least good, at LEAST good, Very least bad",
    "Kind Of good KIND OF bad kind OF sad", "NEVER SO good Never so good never SO good",
    "x".repeat(25) + " good " + "https://example.com/" + "y".repeat(40) + " bad",
    "superfantasticallyawesomeword good", ":D :d :-D :P :p (-:O",
  ]) assertSame(text);
});

test("vader: a token whose word-table key equals a lexicon word's is still told apart by its characters", () => {
  // Keys of 5+ code units can collide; the table then compares characters. These pairs collide.
  for (const [word, twin] of [["agree", "x0vv~"], ["alarm", "7a{iw"], ["blame", "y5e~~"], ["avoid", "X?SZ}"]] as const) {
    assert.ok(vaderInternals.lexicon.has(word));
    assert.equal(vaderInternals.wordKey(twin.toLowerCase()), vaderInternals.wordKey(word), `${twin} collides with ${word}`);
    assertSame(`${twin} good`);
    assertSame(`not ${twin} at all, ${word} ${twin}`);
    assert.equal(vaderScores(twin).compound, 0);
  }
  // Up to 4 code units the key is the word itself, packed, so equal keys and lengths are equal
  // words; a U+0000 in front adds nothing to the key, only to the length.
  assert.equal(vaderInternals.wordKey("good"), vaderInternals.wordKey("\u0000good"));
  for (const text of ["good\u0000 bad", "\u0000good bad", "go\u0000od", "GOOD\u0000 sad"]) assertSame(text);
});

test("vader: long texts (scratch space grows mid-text) score as the package does", () => {
  const sentence = "The band was VERY good, but the hall was not nice at all :( and the bar was the bomb! ";
  // Each new longest text makes the word arrays grow while it is being read.
  for (const times of [3, 7, 20, 61, 200, 1000]) assertSame(sentence.repeat(times));
});

test("vader: empty text and punctuation-only text score zero", () => {
  assert.deepEqual(vaderScores(""), { neg: 0, neu: 0, pos: 0, compound: 0 });
  assert.equal(vaderScores("!!! ??? ...").compound, 0);
});

test("vader: labels at ±0.05", () => {
  assert.equal(vaderLabel(0.05), "positive");
  assert.equal(vaderLabel(0.9), "positive");
  assert.equal(vaderLabel(-0.05), "negative");
  assert.equal(vaderLabel(-0.7), "negative");
  assert.equal(vaderLabel(0.0499), "neutral");
  assert.equal(vaderLabel(-0.0499), "neutral");
  assert.equal(vaderLabel(0), "neutral");
  assert.equal(vaderLabel(vaderScores("The parade was wonderful!").compound), "positive");
  assert.equal(vaderLabel(vaderScores("The parade was a disaster.").compound), "negative");
  assert.equal(vaderLabel(vaderScores("The parade starts at noon.").compound), "neutral");
});

test("vader: version names the reference package", () => {
  assert.match(VADER_VERSION, /^vader-sentiment@\d+\.\d+\.\d+\+voxpop\.\d+$/);
});

test("vader: lexicon read from the package equals the bundle's own lexicon", () => {
  const bundled = bundleModule(0).lexicon as Record<string, number>;
  const keys = Object.keys(bundled);
  assert.equal(vaderInternals.lexicon.size, keys.length);
  for (const k of keys) assert.equal(vaderInternals.lexicon.get(k), bundled[k], `lexicon entry ${JSON.stringify(k)}`);
});

test("vader: rule tables equal the package's", () => {
  const rules = bundleModule(1);
  assert.deepEqual([...vaderInternals.negate].sort(), [...(rules.NEGATE as string[])].sort());
  assert.deepEqual(vaderInternals.boosters, rules.BOOSTER_DICT);
  assert.deepEqual(Object.fromEntries(vaderInternals.idioms), rules.SPECIAL_CASE_IDIOMS);
  assert.deepEqual([...vaderInternals.puncList].sort(), [...(rules.PUNC_LIST as string[])].sort());
  assert.deepEqual(vaderInternals.constants, {
    B_INCR: rules.B_INCR, B_DECR: rules.B_DECR, C_INCR: rules.C_INCR, N_SCALAR: rules.N_SCALAR,
  });
});

test("vader: rounding equals parseFloat(toFixed) everywhere, ties included", () => {
  const rand = rng(99);
  for (let i = 0; i < 200_000; i++) {
    const x = (rand() * 2 - 1) * [1, 1e-3, 1e-5][i % 3]!;
    assert.ok(Object.is(vaderInternals.roundTo(x, 1e4, 4), parseFloat(x.toFixed(4))), `${x} to 4`);
    assert.ok(Object.is(vaderInternals.roundTo(x, 1e3, 3), parseFloat(x.toFixed(3))), `${x} to 3`);
  }
  for (let n = -10000; n <= 10000; n++) {
    for (const x of [n / 1e4, (n + 0.5) / 1e4, (n + 0.5) / 1e4 + 1e-13, (n + 0.5) / 1e4 - 1e-13]) {
      assert.ok(Object.is(vaderInternals.roundTo(x, 1e4, 4), parseFloat(x.toFixed(4))), `${x} to 4`);
      assert.ok(Object.is(vaderInternals.roundTo(x, 1e3, 3), parseFloat(x.toFixed(3))), `${x} to 3`);
    }
  }
  assert.ok(Object.is(vaderInternals.roundTo(-0.00001, 1e4, 4), -0));
  assert.ok(Object.is(vaderInternals.roundTo(-0, 1e4, 4), 0));
});

type SentiTextClass = new (text: string) => { words_and_emoticons: string[] };

test("vader: words equal the package's SentiText around every kind of character", () => {
  const rules = bundleModule(1);
  const SentiText = rules.SentiText as SentiTextClass;
  const punctuation = new RegExp((rules.REGEX_REMOVE_PUNCTUATION as RegExp).source); // the package's class
  const puncList = rules.PUNC_LIST as string[];
  const words = (text: string) => vaderWords(text).join("\u0000");
  // Every UTF-16 code unit against the package's two character classes (\s splits, punctuation strips).
  const special: number[] = [];
  for (let c = 0; c < 0x10000; c++) {
    const ch = String.fromCharCode(c);
    const space = /\s/.test(ch);
    const punct = punctuation.test(ch);
    if (space || punct || c < 0x100) special.push(c);
    assert.equal(words(`go${ch}od`), space ? "go\u0000od" : `go${ch}od`, `code unit ${c.toString(16)} as separator`);
    if (!space) {
      // A punctuation character joins the "!" affix, stripped only if in PUNC_LIST ("good#!" stays).
      const affix = punct ? (puncList.includes(`${ch}!`) ? "good" : `good${ch}!`) : `good${ch}`;
      assert.equal(words(`good${ch}!`), affix, `code unit ${c.toString(16)} as punctuation`);
    }
  }
  // And the package's own tokeniser, for those characters and a sample of all others (it is slow).
  for (let c = 0x100; c < 0x10000; c += 97) special.push(c);
  for (const c of special) {
    const ch = String.fromCharCode(c);
    const text = `go${ch}od ${ch}good x${ch} good${ch}! ${ch}${ch}ab ${ch}!`;
    assert.deepEqual(vaderWords(text), new SentiText(text).words_and_emoticons, `code unit ${c.toString(16)}`);
  }
});


function fuzzTexts(count: number, seed: number): string[] {
  const rand = rng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
  const lexWords = [...vaderInternals.lexicon.keys()];
  const rules = [
    "not", "never", "so", "this", "but", "BUT", "But", "kind", "of", "sort", "least", "at", "very", "without",
    "doubt", "isn't", "don't", "cant", "nor", "the", "shit", "bomb", "bad", "ass", "yeah", "right", "cut",
    "mustard", "kiss", "death", "hand", "to", "mouth", "just", "enough", "kinda", "extremely", "barely", "really",
    "n't", "uh-uh",
  ];
  const plain = ["the", "a", "bus", "town", "we", "it", "was", "is", "and", "x", "i", "ok", "Zo"];
  const emoji = ["😍", "😡", "🙂", "🎉", "☺", "♥", "❤️", "👍🏽", "🇫🇷", "\ud83d", "\ude00", "\u200d"];
  const unicode = ["é", "Ü", "ß", "İ", "ǅ", "ﬀ", "Ω", "я", "中", "ー", "\u0301", "\u00ad"];
  const punct = [".", "!", "?", ",", ";", ":", "-", "'", '"', "!!", "!!!", "??", "???", "?!?", "!?!", "?!?!", "!?!?",
    "(", ")", "#", "@", "...", "*", "_", "~", "\\", "/", "<", ">", "&"];
  const spaces = [" ", " ", " ", " ", "  ", "\t", "\n", "\r\n", "\u00a0", "\u2003", "\u3000", "\u2028", "\ufeff", "\u200b", ""];
  const texts: string[] = [];
  for (let n = 0; n < count; n++) {
    const words = Math.floor(rand() * 25);
    let text = "";
    for (let w = 0; w < words; w++) {
      const r = rand();
      let word = r < 0.35 ? pick(lexWords) : r < 0.6 ? pick(rules) : r < 0.75 ? pick(plain) : r < 0.85 ? pick(emoji) : pick(unicode);
      const caps = rand();
      if (caps < 0.15) word = word.toUpperCase();
      else if (caps < 0.2) word = word[0]!.toUpperCase() + word.slice(1);
      if (rand() < 0.25) word = pick(punct) + word;
      if (rand() < 0.3) word += pick(punct);
      if (rand() < 0.05) word += pick(emoji);
      text += word + pick(spaces);
    }
    texts.push(text);
  }
  return texts;
}

test("vader: 5,000 random strings never throw and score as the package does", () => {
  const SentiText = bundleModule(1).SentiText as SentiTextClass;
  let same = 0;
  const texts = fuzzTexts(5000, 20140601);
  for (const text of texts) {
    assert.doesNotThrow(() => vaderScores(text));
    assert.deepEqual(vaderWords(text), new SentiText(text).words_and_emoticons, `words of ${JSON.stringify(text)}`);
    assertSame(text);
    same++;
  }
  assert.equal(same, 5000);
  // Not strings at all: no throw either.
  for (const odd of [undefined, null, 42, {}] as unknown as string[]) assert.doesNotThrow(() => vaderScores(odd));
});

test("vader: the 4,200 VADER tweets score as the package does", (t) => {
  const path = tweetsPath();
  if (!path) {
    t.skip("skipped: ../shared/data/vader/tweets_GroundTruth.txt not found (set VOXPOP_DATA to the shared data folder)");
    return;
  }
  const texts = loadTweets(path);
  assert.ok(texts.length >= 4000, `expected ~4,200 tweets, read ${texts.length}`);
  let sameCompound = 0;
  let sameAll = 0;
  for (const text of texts) {
    const mine = vaderScores(text);
    const theirs = ref(text);
    if (Math.abs(mine.compound - theirs.compound) <= 1e-6) sameCompound++;
    if (mine.neg === theirs.neg && mine.neu === theirs.neu && mine.pos === theirs.pos && mine.compound === theirs.compound) sameAll++;
  }
  const share = sameCompound / texts.length;
  t.diagnostic(`identical compounds: ${sameCompound}/${texts.length} (${(share * 100).toFixed(2)}%); all four scores identical: ${sameAll}/${texts.length}`);
  assert.ok(share >= 0.995, `only ${(share * 100).toFixed(2)}% identical compounds`);
});
