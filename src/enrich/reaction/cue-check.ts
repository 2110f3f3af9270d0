// Keeps the cue index honest. classifyReaction runs a cue's pattern only when one of its trigger
// words occurs in the post (cues.ts); a pattern match without a trigger would be silently lost.
// `untriggeredMatches` finds such matches; `fuzzTexts` builds random texts from the patterns' own
// words, and `patternTexts` random strings that the patterns themselves spell out (every
// alternative, repetition and character class), to look for them. reaction.test.ts runs them, so
// an edit to cues.ts that forgets a trigger fails the tests.
import { rng } from "../ml/index.ts";
import { matchStartPositions, normaliseForCues, triggeredCues } from "./index.ts";
import { CUES } from "./cues.ts";
import { parsePattern, type Pat } from "./starts.ts";

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
 * among the triggered cues, and each of its matches must start at a position where classifyReaction
 * tries the pattern (starts.ts). Returns the failures as "cue id: text" (give it synthetic texts
 * only when printing).
 */
export function untriggeredMatches(texts: readonly string[]): Array<{ cue: number; text: string }> {
  const bad: Array<{ cue: number; text: string }> = [];
  for (const text of texts) {
    const s = normaliseForCues(text);
    const on = new Set(triggeredCues(text));
    CUES.forEach((cue, id) => {
      cue.re.lastIndex = 0;
      if (!cue.re.test(s) || /^\s*$/.test(s.replace(/[.,!?"…\n]/g, ""))) return;
      if (!on.has(id)) { bad.push({ cue: id, text }); return; }
      const starts = matchStartPositions(text, id);
      if (starts === null) return;
      cue.re.lastIndex = 0; // matchAll starts where the test above stopped
      for (const m of s.matchAll(cue.re)) {
        if (!starts.includes(m.index)) { bad.push({ cue: id, text }); return; }
      }
    });
  }
  return bad;
}

/** Characters a character class or escape of a pattern is sampled from (those it accepts). */
const POOL = [..."abcdefghijklmnopqrstuvwxyz0123456789_ '.,!?:;\"-()%@#&/\n\t", "é", "…", "’", "💔"];

type Gen = (out: string[], r: () => number) => void;

/**
 * Random strings spelled out by each cue's pattern: per cue, `perCue` samples, each one path
 * through the pattern (a random branch of every alternation, a random count of every repetition
 * within its bounds plus up to 3, a random character of every class), between random context
 * characters. Lookarounds and anchors are skipped, so a sample may not match: untriggeredMatches
 * only checks the samples a pattern does match.
 */
export function patternTexts(perCue: number, seed = 11): string[] {
  const r = rng(seed);
  const context = ["", "", " ", "x", "'", ". ", "\n", "\"", "so ", "9", "_"];
  const res: string[] = [];
  for (const cue of CUES) {
    const gen = compilePattern(cue.re.source);
    for (let i = 0; i < perCue; i++) {
      const out: string[] = [context[Math.floor(r() * context.length)]!];
      gen(out, r);
      out.push(context[Math.floor(r() * context.length)]!);
      res.push(out.join(""));
    }
  }
  return res;
}

/** A generator of random strings spelled out by a pattern (starts.ts parses it). */
function compilePattern(src: string): Gen {
  const nothing: Gen = () => {};
  const oneOf = (atomSrc: string): Gen => {
    const re = new RegExp(`^(?:${atomSrc})$`);
    const chars = POOL.filter((c) => re.test(c));
    if (chars.length === 0) throw new Error(`no sample character for ${atomSrc}`);
    // a class that takes a space takes it often, so that the words around it stay words
    const space = chars.includes(" ");
    return (out, r) => { out.push(space && r() < 0.4 ? " " : chars[Math.floor(r() * chars.length)]!); };
  };
  const gen = (p: Pat): Gen => {
    switch (p.t) {
      case "char": { const c = p.c; return (out) => { out.push(c); }; }
      case "class": return oneOf(p.src);
      case "assert": case "look": return nothing;
      case "alt": { const alts = p.alts.map(gen); return (out, r) => alts[Math.floor(r() * alts.length)]!(out, r); }
      case "seq": { const items = p.items.map(gen); return (out, r) => { for (const g of items) g(out, r); }; }
      case "rep": {
        const body = gen(p.body);
        const { min } = p;
        const top = Math.min(p.max, min + 3);
        return (out, r) => { const k = min + Math.floor(r() * (top - min + 1)); for (let i = 0; i < k; i++) body(out, r); };
      }
    }
  };
  return gen(parsePattern(src));
}
