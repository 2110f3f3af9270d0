import { test } from "node:test";
import assert from "node:assert/strict";
import { langEnricher, normalizeLangTag, cleanForDetection, detectLanguage } from "./index.ts";
import { readLangFixture, scoreDetector, DETECTORS } from "./compare.ts";

const FIXTURE = new URL("../../../test/fixtures/enrich/lang.tsv", import.meta.url).pathname;
const run = (text: string, langTag?: string | null) => langEnricher.enrich({ text, platform: null, langTag }, {}, {});

test("name and version", () => {
  assert.equal(langEnricher.name, "lang");
  assert.match(langEnricher.version, /^\d+\.\d+\.\d+/);
});

test("the platform tag wins, normalised to a primary subtag", () => {
  assert.deepEqual(run("Das ist ein deutscher Text über etwas", "en-US"), { lang: "en", confidence: 1, source: "platform" });
  assert.equal(normalizeLangTag("pt_BR"), "pt");
  assert.equal(normalizeLangTag("zh-Hant-TW"), "zh");
  assert.equal(normalizeLangTag("iw"), "he");
  assert.equal(normalizeLangTag("eng"), "en");
  assert.equal(normalizeLangTag("FR"), "fr");
  assert.equal(normalizeLangTag("und"), null);
  assert.equal(normalizeLangTag(""), null);
  assert.equal(normalizeLangTag("not a tag"), null);
  assert.equal(normalizeLangTag(null), null);
});

test("a useless platform tag falls back to the detector", () => {
  const out = run("Ich kann nicht glauben, was die Leute hier schreiben", "und");
  assert.equal(out.source, "detector");
  assert.equal(out.lang, "de");
  assert.ok(out.confidence > 0 && out.confidence <= 1);
});

test("links, handles, hashtags and emoji are stripped before detection", () => {
  assert.equal(cleanForDetection("wow @someone.bsky.social @a@mastodon.social #Hashtag https://x.com/a?b=1 🙏🏽 2024!"), "wow");
  assert.equal(run("@ana @bea @carla https://example.com/muy/largo/texto #noticias 🎉🎉").source, "none");
});

test("too few letters gives none, not a guess", () => {
  for (const text of ["", "   ", "lol", "🙏💔😭", "ok 👍", "12345 !!!", "wow just wow"]) {
    assert.deepEqual(run(text), { lang: null, confidence: 0, source: "none" }, text);
  }
});

test("RTL, CJK and mixed scripts", () => {
  assert.equal(run("אני לא מאמין למה שאנשים כותבים כאן").lang, "he");
  assert.equal(run("لا أصدق ما يكتبه الناس هنا \u200f").lang, "ar");
  assert.equal(run("谢谢你的分享，你并不孤单").lang, "zh");
  assert.equal(run("사람들이 여기 쓰는 말이 믿기지 않아요").lang, "ko");
});

test("a 100 KB post is detected from its head", () => {
  const big = "This is a long English sentence about the news today. ".repeat(2000);
  assert.ok(big.length > 100_000);
  assert.equal(run(big).lang, "en");
});

test("non-string text does not throw", () => {
  assert.equal(langEnricher.enrich({ text: undefined as unknown as string, platform: null }, {}, {}).source, "none");
});

test("fixture: eld answers almost everything and is right when it answers", () => {
  const cases = readLangFixture(FIXTURE);
  assert.ok(cases.length >= 150);
  const eld = scoreDetector("eld/medium", "fixture", DETECTORS["eld/medium"]!, cases);
  assert.ok(eld.precision >= 0.98, `precision ${eld.precision}`);
  assert.ok(eld.answered >= 0.95, `answered ${eld.answered}`);
  // every case through the public function too (lang or abstention, never another language)
  for (const c of cases) {
    const got = detectLanguage(c.text).lang;
    assert.ok(got === null || got === c.lang || (got === "ms" && c.lang === "id"), `${c.lang} -> ${got}`);
  }
});

test("cleaning: the one-pass rule keeps the former expression's edge cases", () => {
  assert.equal(cleanForDetection("a1b c_d"), "a b c d");
  assert.equal(cleanForDetection("(@foo) !!@bar x@y #tag,#two"), "foo bar x y two");
  assert.equal(cleanForDetection("xhttp://a.b éhttp://c.d https:// www. WWW.x.y HTTPS://Z"), "xhttp a b é https www");
  assert.equal(cleanForDetection("don’t stop-it 'quoted' 😀🙏🏽 \u00a0 end\u2028"), "don’t stop-it 'quoted' end");
  assert.equal(cleanForDetection("e\u0301te\u0301 日本語 한국어"), "e\u0301te\u0301 日本語 한국어");
});

test("eld-fast answers exactly as eld/medium (fixture, cleaned and raw, and generated texts of many scripts)", async () => {
  const { eldDetect } = await import("./eld-fast.ts");
  const { default: eld } = await import("eld/medium");
  const texts = readLangFixture(FIXTURE).map((c) => c.text);
  let seed = 11;
  const rnd = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32;
  // ASCII, Latin, Greek, Cyrillic, Armenian, Hebrew/Arabic, Syriac, Indic, Thai, Kana, Han, Hangul,
  // surrogates (lone too), private use, emoji
  const blocks = [[0x20, 0x7e], [0xa0, 0x24f], [0x370, 0x3ff], [0x400, 0x4ff], [0x530, 0x58f], [0x590, 0x6ff], [0x700, 0x7ff],
    [0x900, 0xdff], [0xe00, 0xeff], [0x3040, 0x30ff], [0x4e00, 0x4fff], [0xac00, 0xad00], [0xd800, 0xdfff], [0xe000, 0xe0ff], [0x1f300, 0x1f6ff]] as const;
  for (let n = 0; n < 3000; n++) {
    const pick = [blocks[Math.floor(rnd() * blocks.length)]!, blocks[Math.floor(rnd() * blocks.length)]!, [0x61, 0x7a], [0x20, 0x20]] as const;
    const len = 1 + Math.floor(rnd() * (n % 10 === 0 ? 600 : 80));
    let s = "";
    for (let i = 0; i < len; i++) { const [lo, hi] = pick[Math.floor(rnd() * pick.length)]!; s += String.fromCodePoint(lo + Math.floor(rnd() * (hi - lo + 1))); }
    texts.push(s);
  }
  texts.push("", "  ", "ab", "a".repeat(71), `${"b".repeat(72)} xyz`, "é".repeat(40), "don't won’t `quoted` it's");
  for (const raw of texts) {
    for (const t of [raw, cleanForDetection(raw)]) {
      const r = eld.detect(t);
      const want = r.language ? { language: r.language, reliable: r.isReliable(), score: r.getScores()[r.language] ?? 0 } : { language: "", reliable: false, score: 0 };
      assert.deepEqual(eldDetect(t), want, JSON.stringify(t));
    }
  }
});

test("detectLanguage (words read in place) answers as the string path: clean, fast path, then eld", async () => {
  const { detectCleaned, englishByFunctionWords, MIN_LETTERS } = await import("./detect.ts");
  const { letterWeight } = await import("./clean.ts");
  const viaString = (text: string) => {
    const c = cleanForDetection(text);
    const w = letterWeight(c);
    if (w >= MIN_LETTERS && englishByFunctionWords(c)) return { lang: "en", confidence: Math.round(0.9 * Math.min(1, w / 30) * 1000) / 1000 };
    return detectCleaned(c);
  };
  const texts = readLangFixture(FIXTURE).map((c) => c.text);
  const words = ["the", "and", "you", "don't", "don’t", "café", "über", "я", "是", "@x", "#y", "http://a.b", "😂", "de", "que", "’", "-", "123"];
  let seed = 3;
  const rnd = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32;
  for (let n = 0; n < 2000; n++) {
    let s = "";
    const len = 1 + Math.floor(rnd() * (n % 100 === 0 ? 1500 : 20));
    for (let i = 0; i < len; i++) s += words[Math.floor(rnd() * words.length)] + (rnd() < 0.8 ? " " : "");
    texts.push(s);
  }
  for (const t of texts) assert.deepEqual(detectLanguage(t), viaString(t), JSON.stringify(t).slice(0, 200));
});
