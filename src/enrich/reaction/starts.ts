// Where a cue's pattern can start a match. classifyReaction tries a cue's pattern only at the
// positions where one of its matches could begin (a sticky test at each), instead of scanning the
// whole post for it: the same matches, found in the same order, at a fraction of the cost. Those
// positions come from the pattern itself, read here once at load: the literal text each of its
// alternatives opens with ("\bsorry\b" opens with the whole word "sorry", "\b(?:i|we) " with the
// whole word "i" or "we", "\binspir\w+" with a word starting "inspir", "💔" with that character).
// A pattern with an alternative that could start anywhere (an opening "\w", a word not preceded by
// "\b") gets no starts (null) and is scanned as before. Reading a pattern too broadly only costs
// tries; too narrowly would lose matches, so every guess here errs broad, and cue-check.ts checks
// that every match of the samples and fixtures starts at a position found so.
//
// Also the small parser of the pattern syntax the cues use (JavaScript, non-Unicode mode), shared
// with cue-check.ts, which spells out random samples from it (and so fails the tests on a pattern
// it cannot read; the classifier then scans for that pattern everywhere).

export type Pat =
  | { t: "seq"; items: Pat[] }
  | { t: "alt"; alts: Pat[] }
  | { t: "char"; c: string }
  /** A character class or class escape (\w, \d, [^.!?\n]...), as written. */
  | { t: "class"; src: string }
  | { t: "assert"; a: "\\b" | "\\B" | "^" | "$" }
  | { t: "look"; behind: boolean; negative: boolean; body: Pat }
  | { t: "rep"; body: Pat; min: number; max: number };

/** Parses the pattern syntax the cues use; throws on anything else. */
export function parsePattern(src: string): Pat {
  let at = 0;
  const alternation = (): Pat => {
    const alts: Pat[] = [sequence()];
    while (src[at] === "|") { at++; alts.push(sequence()); }
    return alts.length === 1 ? alts[0]! : { t: "alt", alts };
  };
  const sequence = (): Pat => {
    const items: Pat[] = [];
    while (at < src.length && src[at] !== "|" && src[at] !== ")") items.push(quantified(atom()));
    return { t: "seq", items };
  };
  const atom = (): Pat => {
    const c = src[at]!;
    if (c === "(") {
      at++;
      let look: { behind: boolean; negative: boolean } | null = null;
      if (src.startsWith("?:", at)) at += 2;
      else if (src.startsWith("?=", at) || src.startsWith("?!", at)) { look = { behind: false, negative: src[at + 1] === "!" }; at += 2; }
      else if (src.startsWith("?<=", at) || src.startsWith("?<!", at)) { look = { behind: true, negative: src[at + 2] === "!" }; at += 3; }
      else if (src[at] === "?") throw new Error(`unsupported group in pattern ${src}`);
      const body = alternation();
      if (src[at] !== ")") throw new Error(`unbalanced pattern ${src}`);
      at++;
      return look ? { t: "look", ...look, body } : body;
    }
    if (c === "[") {
      const start = at;
      at++;
      if (src[at] === "^") at++;
      if (src[at] === "]") at++;
      while (at < src.length && src[at] !== "]") at += src[at] === "\\" ? 2 : 1;
      if (at >= src.length) throw new Error(`unclosed class in pattern ${src}`);
      at++;
      return { t: "class", src: src.slice(start, at) };
    }
    if (c === "\\") {
      const e = src[at + 1]!;
      at += 2;
      if (e === "b" || e === "B") return { t: "assert", a: `\\${e}` };
      if ("wWdDsS".includes(e)) return { t: "class", src: `\\${e}` };
      if (e === "n") return { t: "char", c: "\n" };
      if (/[a-zA-Z0-9]/.test(e)) throw new Error(`unsupported escape \\${e} in pattern ${src}`);
      return { t: "char", c: e };
    }
    if (c === "^" || c === "$") { at++; return { t: "assert", a: c }; }
    if (c === ".") { at++; return { t: "class", src: "." }; }
    if ("*+?{}".includes(c)) throw new Error(`misplaced quantifier in pattern ${src}`);
    at++;
    return { t: "char", c };
  };
  const quantified = (body: Pat): Pat => {
    let min = 1, max = 1;
    const c = src[at];
    if (c === "?") { min = 0; at++; }
    else if (c === "*") { min = 0; max = Infinity; at++; }
    else if (c === "+") { max = Infinity; at++; }
    else if (c === "{") {
      const m = /^\{(\d+)(,(\d*))?\}/.exec(src.slice(at));
      if (!m) throw new Error(`bad repetition in pattern ${src}`);
      min = Number(m[1]);
      max = m[2] === undefined ? min : m[3] === "" ? Infinity : Number(m[3]);
      at += m[0].length;
    } else return body;
    if (src[at] === "?") at++; // lazy: the same strings
    return { t: "rep", body, min, max };
  };
  const pat = alternation();
  if (at !== src.length) throw new Error(`pattern not fully read at ${at}: ${src}`);
  return pat;
}

/** Where a pattern's matches can start: at a word (whole, or starting so) or at a character. */
export interface MatchStarts {
  /** Words a match can start with, at the start of a word of the text: "sorry", or "inspir" (prefix). */
  words: Array<{ word: string; prefix: boolean }>;
  /** Characters (code points) a match can start at. */
  chars: number[];
}

// The opening text of a match, as fragments of literal text. A fragment is "open" when the part of
// the pattern read so far may be exactly that text (what follows is appended), "closed" when the
// part continues with something not literal (only the fragment's text is known). WORD_START marks
// a position known to be at the start of a word or of the text (`\b` or `^` before a word character,
// a lookbehind that excludes \w); WORD_END after a word character marks that no word character
// follows (`\b`). Fragments are few: past MAX_FRAGMENTS all are closed where they stand.
interface Fragment { text: string; open: boolean }
const WORD_START = "\u0001";
const WORD_END = "\u0002";
const MAX_FRAGMENTS = 400;
const isWordChar = (c: string): boolean => /^[A-Za-z0-9_]$/.test(c);

function fragments(p: Pat): Fragment[] {
  switch (p.t) {
    case "char": return [{ text: p.c, open: true }];
    case "class":
      if (p.src === "\\d") return [..."0123456789"].map((c) => ({ text: c, open: true }));
      return [{ text: "", open: false }]; // an unknown character: the text stops here
    case "assert":
      // "\b" before a word character starts a word; after one, ends it. Both are marked; the reading
      // (startsOf) keeps only the mark that fits. "^" starts the text; "$" adds nothing known.
      if (p.a === "\\b") return [{ text: WORD_START + WORD_END, open: true }];
      if (p.a === "^") return [{ text: WORD_START, open: true }];
      return [{ text: "", open: true }];
    case "look":
      // A lookbehind that no word character may precede (?<![\w']) starts a word; other lookarounds
      // only narrow the matches, so reading past them errs broad.
      if (p.behind && p.negative && p.body.t === "seq" && p.body.items.length === 1) {
        const only = p.body.items[0]!;
        if (only.t === "class" && /^\[\\w[^\]^]*\]$|^\\w$/.test(only.src)) return [{ text: WORD_START, open: true }];
      }
      return [{ text: "", open: true }];
    case "alt": return p.alts.flatMap(fragments);
    case "rep": {
      const once = fragments(p.body);
      const res: Fragment[] = [];
      if (p.min === 0) res.push({ text: "", open: true });
      // one repetition, then possibly more (unknown): closed unless it can only be exactly one
      for (const f of once) res.push({ text: f.text, open: f.open && p.max === 1 });
      return res;
    }
    case "seq": {
      let res: Fragment[] = [{ text: "", open: true }];
      for (const item of p.items) {
        if (!res.some((f) => f.open)) break;
        const next = fragments(item);
        const joined: Fragment[] = [];
        for (const f of res) {
          if (!f.open) { joined.push(f); continue; }
          for (const g of next) joined.push({ text: f.text + g.text, open: g.open });
        }
        res = joined.length > MAX_FRAGMENTS ? joined.map((f) => ({ text: f.text, open: false })) : dedupe(joined);
      }
      return res;
    }
  }
}

function dedupe(fs: Fragment[]): Fragment[] {
  const seen = new Map<string, Fragment>();
  for (const f of fs) {
    const key = (f.open ? "o" : "c") + f.text;
    if (!seen.has(key)) seen.set(key, f);
  }
  return [...seen.values()];
}

/**
 * Where the matches of pattern `src` can start, or null when an alternative could start anywhere
 * (then the pattern is scanned over the whole text).
 */
export function matchStarts(src: string): MatchStarts | null {
  let pat: Pat;
  try {
    pat = parsePattern(src);
  } catch {
    return null; // syntax this reader does not know: scan the whole text (cue-check.ts fails on it)
  }
  const words = new Map<string, boolean>(); // word → prefix
  const chars = new Set<number>();
  for (const f of fragments(pat)) {
    let text = f.text;
    let wordStart = false;
    // leading marks: a word start before the first character counts; word ends there mean nothing
    while (text[0] === WORD_START || text[0] === WORD_END) { if (text[0] === WORD_START) wordStart = true; text = text.slice(1); }
    if (text === "") return null; // opens with something unknown
    const first = text[0]!;
    if (!isWordChar(first)) {
      chars.add(text.codePointAt(0)!);
      continue;
    }
    if (!wordStart) return null; // a word character that may be inside a word
    let end = 0;
    while (end < text.length && isWordChar(text[end]!)) end++;
    const word = text.slice(0, end);
    // Whole word when a non-word character or a word end follows (a word start mark there, from an
    // optional "\b", says nothing); else a word that starts so.
    let after = end;
    while (text[after] === WORD_START) after++;
    const whole = after < text.length && (text[after] === WORD_END || !isWordChar(text[after]!));
    const prefix = !whole;
    if (word !== word.toLowerCase()) return null; // the text is lower case; keep the reading simple
    words.set(word, (words.get(word) ?? false) || prefix);
  }
  return { words: [...words].map(([word, prefix]) => ({ word, prefix })), chars: [...chars] };
}
