// Keeps the cue index honest. classifyReaction runs a cue's pattern only when one of its trigger
// words occurs in the post (cues.ts); a pattern match without a trigger would be silently lost.
// `untriggeredMatches` finds such matches; `fuzzTexts` builds random texts from the patterns' own
// words, and `patternTexts` random strings that the patterns themselves spell out (every
// alternative, repetition and character class), to look for them. reaction.test.ts runs them, so
// an edit to cues.ts that forgets a trigger fails the tests.
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

/** A generator for the regular-expression syntax the cues use (non-Unicode mode). */
function compilePattern(src: string): Gen {
  let at = 0;
  const alternation = (): Gen => {
    const branches: Gen[] = [sequence()];
    while (src[at] === "|") { at++; branches.push(sequence()); }
    return (out, r) => branches[Math.floor(r() * branches.length)]!(out, r);
  };
  const sequence = (): Gen => {
    const terms: Gen[] = [];
    while (at < src.length && src[at] !== "|" && src[at] !== ")") terms.push(quantified(atom()));
    return (out, r) => { for (const t of terms) t(out, r); };
  };
  const oneOf = (atomSrc: string): Gen => {
    const re = new RegExp(`^(?:${atomSrc})$`);
    const chars = POOL.filter((c) => re.test(c));
    if (chars.length === 0) throw new Error(`no sample character for ${atomSrc}`);
    // a class that takes a space takes it often, so that the words around it stay words
    const space = chars.includes(" ");
    return (out, r) => { out.push(space && r() < 0.4 ? " " : chars[Math.floor(r() * chars.length)]!); };
  };
  const nothing: Gen = () => {};
  const atom = (): Gen => {
    const c = src[at]!;
    if (c === "(") {
      at++;
      let look = false;
      if (src[at] === "?") {
        const kind = src.startsWith("?<=", at) || src.startsWith("?<!", at) ? 3 : 2;
        look = src[at + 1] !== ":";
        at += kind;
      }
      const inner = alternation();
      if (src[at] !== ")") throw new Error(`unbalanced pattern ${src}`);
      at++;
      return look ? nothing : inner;
    }
    if (c === "[") {
      const start = at;
      at++;
      if (src[at] === "^") at++;
      if (src[at] === "]") at++;
      while (src[at] !== "]") at += src[at] === "\\" ? 2 : 1;
      at++;
      return oneOf(src.slice(start, at));
    }
    if (c === "\\") {
      const e = src[at + 1]!;
      at += 2;
      if (e === "b" || e === "B") return nothing;
      return oneOf("\\" + e);
    }
    if (c === "^" || c === "$") { at++; return nothing; }
    if (c === ".") { at++; return oneOf("."); }
    at++;
    return (out) => { out.push(c); };
  };
  const quantified = (gen: Gen): Gen => {
    let min = 1, max = 1;
    const c = src[at];
    if (c === "?") { min = 0; at++; }
    else if (c === "*") { min = 0; max = Infinity; at++; }
    else if (c === "+") { max = Infinity; at++; }
    else if (c === "{") {
      const m = /^\{(\d+)(,(\d*))?\}/.exec(src.slice(at))!;
      min = Number(m[1]);
      max = m[2] === undefined ? min : m[3] === "" ? Infinity : Number(m[3]);
      at += m[0].length;
    } else return gen;
    if (src[at] === "?") at++; // lazy
    const top = Math.min(max, min + 3);
    return (out, r) => { const n = min + Math.floor(r() * (top - min + 1)); for (let i = 0; i < n; i++) gen(out, r); };
  };
  const gen = alternation();
  if (at !== src.length) throw new Error(`pattern not fully read at ${at}: ${src}`);
  return gen;
}
