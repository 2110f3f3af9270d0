// Keeps the cue index honest. classifyReaction runs a cue's pattern only when one of its trigger
// words occurs in the post (cues.ts); a pattern match without a trigger would be silently lost.
// `untriggeredMatches` finds such matches, and `fuzzTexts` builds random texts from the patterns'
// own words to look for them; reaction.test.ts runs both, so an edit to cues.ts that forgets a
// trigger fails the tests.
import { rng } from "../ml/index.ts";
import { normaliseForCues, triggeredCues } from "./index.ts";
import { CUES } from "./cues.ts";

/**
 * Random texts assembled from the cue patterns' own words and literal phrases ("can't believe",
 * "here for you"), negators, punctuation, quotes, links, mentions, hashtags and emoji.
 */
export function fuzzTexts(n: number, seed = 7): string[] {
  const r = rng(seed);
  const words = new Set<string>();
  const phrases = new Set<string>();
  for (const cue of CUES) {
    const src = cue.re.source;
    for (const m of src.matchAll(/[a-z][a-z']{1,}/g)) words.add(m[0]);
    for (const m of src.replace(/\\[bdsw]/g, "|").matchAll(/[a-z' ]{3,}/g)) if (m[0].includes(" ")) phrases.add(m[0].trim());
    for (const t of cue.triggers) words.add(t.replace(/\*$/, ""));
  }
  for (const w of ["i", "we", "you", "u", "my", "our", "so", "not", "never", "no", "don't", "isn't", "the", "a", "to", "her", "him",
    "them", "people", "y'all", "is", "was", "at", "43", "2020", "1 in 8", "10%", "1,000", "r.i.p", "RIP", "Sorry", "LOVE", "omg",
    "haha", "lol", "looool", "nooooo", ":(", "):", "'", "’", "`"]) words.add(w);
  const list = [...words];
  const plist = [...phrases];
  const extras = ["💔", "😢", "❤️", "🙏", "😂", "🤡", "👏", "🖤", "…", ".", "!", "?", ",", "\n", " \"", "\" ", "“", "”", "#", "#RIP", "#prayfor",
    "@someone", "https://t.co/x1", "www.example.com", "&amp;", " - ", "...", "?!", "-", ":"];
  const res: string[] = [];
  for (let i = 0; i < n; i++) {
    const len = 1 + Math.floor(r() * 30);
    let s = r() < 0.15 ? "@reply " : "";
    for (let k = 0; k < len; k++) {
      const x = r();
      const tok = x < 0.45 ? list[Math.floor(r() * list.length)]! : x < 0.8 ? plist[Math.floor(r() * plist.length)]! : extras[Math.floor(r() * extras.length)]!;
      const t = r() < 0.05 ? tok.toUpperCase() : r() < 0.05 ? tok[0]!.toUpperCase() + tok.slice(1) : tok;
      s += (r() < 0.9 ? " " : "") + t;
    }
    res.push(s);
  }
  return res;
}

/**
 * Trigger completeness: for each text, every cue whose pattern matches the normalised text must be
 * among the triggered cues. Returns the failures as "cue id: text" (give it synthetic texts only
 * when printing).
 */
export function untriggeredMatches(texts: readonly string[]): Array<{ cue: number; text: string }> {
  const bad: Array<{ cue: number; text: string }> = [];
  for (const text of texts) {
    const s = normaliseForCues(text);
    const on = new Set(triggeredCues(text));
    CUES.forEach((cue, id) => {
      if (on.has(id)) return;
      cue.re.lastIndex = 0;
      if (cue.re.test(s) && !/^\s*$/.test(s.replace(/[.,!?"…\n]/g, ""))) bad.push({ cue: id, text });
    });
  }
  return bad;
}
