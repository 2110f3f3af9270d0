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

/** detectLanguage the long way: the cleaned string, the English fast path, then eld on the string. */
async function stringPath(): Promise<(text: string) => { lang: string | null; confidence: number }> {
  const { detectCleaned, englishByFunctionWords, MIN_LETTERS } = await import("./detect.ts");
  const { letterWeight } = await import("./clean.ts");
  return (text: string) => {
    const c = cleanForDetection(text);
    const w = letterWeight(c);
    if (w >= MIN_LETTERS && englishByFunctionWords(c)) return { lang: "en", confidence: Math.round(0.9 * Math.min(1, w / 30) * 1000) / 1000 };
    return detectCleaned(c);
  };
}

test("detectLanguage (words read in place) answers as the string path: clean, fast path, then eld", async () => {
  const viaString = await stringPath();
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

test("cleaning: the code-unit scanner gives what the former regular expression gave (generated texts, text ends, surrogates, U+0000)", () => {
  // the expression the scanner replaced (see clean.ts), as cleanForDetection used it
  const STRIP_RE = /\b(?:https?:\/\/|www\.)\S+|(?<![\p{L}\p{N}_])[@#][\p{L}\p{M}\p{N}_.@-]+|[^\p{L}\p{M}'’\s-]+/giu;
  const viaRegex = (text: string) => {
    const head = text.length > 4000 ? text.slice(0, 4000) : text;
    const c = head.replace(STRIP_RE, " ").replace(/\s+/gu, " ").trim();
    return c.length > 1000 ? c.slice(0, 1000) : c;
  };
  const pieces = ["the", "h", "w", "H", "W", "http", "https:", "http://", "https://x", "HTTPſ://y", "www", "www.", "WWW.a", "xwww.b", "@", "#", "@u", "#t",
    "a@b", "_@c", "1#d", "é@e", "@é", "@-", "'", "’", "‘", "-", "`", "don't", "e\u0301", "\u0345", "ſ", "\u212a", "日本", "한국", "Σ", "İ", "я",
    "\ud835\udc00", "\ud835\udc00\ud835\udc01", "\ud800", "\udc00", "\udbff\udfff", "😀", "🙏🏽", "\u0000", ".", "!", "2", "_", " ", "\n", "\u00a0", "\u2028"];
  let seed = 5;
  const rnd = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32;
  const texts = ["", "h", "http", "http:/", "http://", "www.", "@", "#", "\ud800", "a\ud83d", "\ud83d\ude00", "a\u0000b", "x".repeat(5000), "ab ".repeat(600)];
  for (let n = 0; n < 5000; n++) {
    let s = "";
    const len = Math.floor(rnd() * (n % 200 === 0 ? 2000 : 12));
    for (let i = 0; i < len; i++) s += pieces[Math.floor(rnd() * pieces.length)] + (rnd() < 0.3 ? " " : "");
    texts.push(s);
  }
  for (const t of texts) assert.equal(cleanForDetection(t), viaRegex(t), JSON.stringify(t).slice(0, 200));
});

test("detectLanguage on odd input answers as the string path (astral letters, lone surrogates, Σ, İ, links at the end)", async () => {
  const viaString = await stringPath();
  const words = ["the", "and", "people", "don't", "it’s", "'", "`", "-", "Σ", "ΟΔΟΣ", "İstanbul", "ıi", "\ud835\udc00\ud835\udc01", "\ud800", "\udc00", "\u0000",
    "café", "straße", "Привет", "日本語", "e\u0301", "http", "www.", "http://x", "@me", "#tag", "de", "la", "que", "und", "der"];
  // an apostrophe that joins nothing ends the word before it, inside a word and at its end
  for (const t of ["the' and' you' people' what", "the'- and'- you'- people'- what", "the'' and'' you'' people''", "don't can’t it‘s i'm'x", "the'and you'the"]) {
    assert.deepEqual(detectLanguage(t), viaString(t), t);
  }
  assert.equal(detectLanguage("the' and' you' people' what").lang, "en");
  let seed = 9;
  const rnd = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32;
  for (let n = 0; n < 3000; n++) {
    let s = "";
    const len = 1 + Math.floor(rnd() * (n % 100 === 0 ? 400 : 16));
    for (let i = 0; i < len; i++) s += words[Math.floor(rnd() * words.length)] + (rnd() < 0.85 ? " " : "");
    assert.deepEqual(detectLanguage(s), viaString(s), JSON.stringify(s).slice(0, 200));
  }
});

test("eld-fast on words read in place answers as eldDetect on their joined string", async () => {
  const { eldDetect, eldDetectWords } = await import("./eld-fast.ts");
  const pieces = ["'", "`", "’", "-", "'-", "-'", "''", "\u0301", "\u093e", "Σ", "σ", "ς", "İ", "ı", "ß", "ẞ", "Ω", "K", "ǅ", "ᾈ", "Ⅻ", "Ⓐ"];
  const blocks = [[0x41, 0x5a], [0x61, 0x7a], [0xc0, 0x24f], [0x370, 0x3ff], [0x400, 0x4ff], [0x590, 0x6ff], [0x900, 0xdff], [0xe00, 0xeff],
    [0x1e00, 0x1fff], [0x2000, 0x2bff], [0x3040, 0x30ff], [0x4e00, 0x4fff], [0xac00, 0xad00], [0xa000, 0xabff], [0xf900, 0xffff]] as const;
  let seed = 13;
  const rnd = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32;
  let inPlace = 0;
  for (let k = 0; k < 4000; k++) {
    const words: string[] = [];
    const b1 = blocks[Math.floor(rnd() * blocks.length)]!, b2 = blocks[Math.floor(rnd() * blocks.length)]!;
    const nw = 1 + Math.floor(rnd() * (k % 40 === 0 ? 200 : 15));
    for (let w = 0; w < nw; w++) {
      let s = "";
      const len = 1 + Math.floor(rnd() * (rnd() < 0.05 ? 80 : 8));
      for (let i = 0; i < len; i++) {
        const r = rnd();
        if (r < 0.12) s += pieces[Math.floor(rnd() * pieces.length)];
        else { const [lo, hi] = r < 0.5 ? b1 : r < 0.7 ? b2 : [0x61, 0x7a]; s += String.fromCharCode(lo + Math.floor(rnd() * (hi - lo + 1))); }
      }
      words.push(s.replace(/[\s\ud800-\udfff]/gu, "x")); // words hold no whitespace (nor surrogates here)
    }
    while (words.join(" ").length > 1000) words.pop();
    const joined = words.join(" ");
    const u = new Uint16Array(joined.length + 1);
    for (let i = 0; i < joined.length; i++) u[i] = joined.charCodeAt(i);
    const start = new Int32Array(words.length), end = new Int32Array(words.length);
    let at = 0;
    words.forEach((w, i) => { start[i] = at; end[i] = at + w.length; at += w.length + 1; });
    const got = eldDetectWords(u, start, end, words.length);
    if (got === null) continue; // Σ, İ or a long word: the caller takes the string path
    inPlace++;
    assert.deepEqual(got, eldDetect(joined), JSON.stringify(joined).slice(0, 200));
  }
  assert.ok(inPlace > 1500, `in place ${inPlace}`);
  // eld's cuts (the first space past 350 bytes, any character past 380) with every kind of start
  // and end of the text, word by word around them
  for (const lead of ["", "-", "'", "-'", "'-", "`", "é-"]) {
    for (const tail of ["", "-", "'", "-'", "'-"]) {
      for (const unit of ["ab", "abc", "ébc", "日本", "word-it's"]) {
        const words: string[] = [];
        for (let i = 0; words.join(" ").length < 420; i++) {
          words.push((i === 0 ? lead : "") + unit.repeat(1 + (i % 3)));
          const w = words.map((x, j) => (j === words.length - 1 ? x + tail : x));
          const joined = w.join(" ");
          const u = new Uint16Array(joined.length + 1);
          for (let k = 0; k < joined.length; k++) u[k] = joined.charCodeAt(k);
          const start = new Int32Array(w.length), end = new Int32Array(w.length);
          let at = 0;
          w.forEach((x, j) => { start[j] = at; end[j] = at + x.length; at += x.length + 1; });
          assert.deepEqual(eldDetectWords(u, start, end, w.length), eldDetect(joined), JSON.stringify(joined));
        }
      }
    }
  }
});

test("toLowerCase lower-cases BMP text one unit at a time, but for Σ (what eld-fast's in-place path relies on)", () => {
  assert.equal("ΑΣ ΣΑ".toLowerCase(), "ας σα"); // final sigma: why Σ takes the string path
  const units: number[] = [];
  for (let c = 0; c < 0x10000; c++) if ((c < 0xd800 || c > 0xdfff) && c !== 0x3a3) units.push(c);
  let seed = 17;
  const rnd = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32;
  const orders = [units, units.map((_, i) => units[Math.floor(rnd() * units.length)]!)];
  for (const order of orders) {
    for (let from = 0; from < order.length; from += 500) {
      const chunk = order.slice(from, from + 500);
      const text = String.fromCharCode(...chunk);
      assert.equal(text.toLowerCase(), chunk.map((c) => String.fromCharCode(c).toLowerCase()).join(""), `from ${from}`);
    }
  }
});

test("English words are found by their letter keys exactly (any case, ’ for '), and nothing else is", async () => {
  const { ENGLISH, englishWordId, keyStep, APOSTROPHE_CODE, isQuote } = await import("./english.ts");
  const list = [...ENGLISH];
  const idOf = (word: string) => {
    const u = new Uint16Array(word.length + 1);
    let key = 0;
    for (let i = 0; i < word.length; i++) { u[i] = word.charCodeAt(i); key = keyStep(key, isQuote(u[i]!) ? APOSTROPHE_CODE : u[i]! & 31); }
    return englishWordId(u, 0, word.length, key);
  };
  const letters = "abcdefghijklmnopqrstuvwxyz'";
  for (const [id, word] of list.entries()) {
    assert.equal(idOf(word), id, word);
    assert.equal(idOf(word.toUpperCase().replace("'", "’")), id, word);
    // every one-letter change, and the word grown or cut by a letter
    for (let i = 0; i < word.length; i++) {
      for (const l of letters) {
        const v = word.slice(0, i) + l + word.slice(i + 1);
        assert.equal(idOf(v), list.indexOf(v), v);
      }
    }
    for (const l of letters) for (const v of [l + word, word + l]) assert.equal(idOf(v), list.indexOf(v), v);
    assert.equal(idOf(word.slice(1)), list.indexOf(word.slice(1)), word.slice(1));
  }
});
