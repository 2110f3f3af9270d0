// Reaction type: what a post reacting to a story does (condolence, support, prayer, praise, defense,
// criticism, personal, information, humor, other), following ../shared/docs/REACTIONS.md.
//
// Method (model card: models/reaction.md):
//   1. Role. A post whose author handle is one of `context.subjects` (case-insensitive, "@"
//      ignored) is the subject speaking: role "subject", no reaction label.
//   2. Normalise: lower case, straight apostrophes/quotes, URLs and @mentions removed (a link is
//      remembered), "#" dropped from hashtags.
//   3. Segment into sentences (., !, ?, …, line breaks); text inside double quotation marks is its
//      own segment, marked "quoted" (a defence often quotes the critics it rebukes).
//   4. Cues (cues.ts): each label has documented phrase patterns with a strength; negated cues do
//      not fire ("not sorry"). Insults in a sentence that rebukes critics are defence, not
//      criticism. Weak news words ("died", a year) count as information only in a sentence with no
//      first/second-person voice and no other cue.
//   5. Score: each label sums, over the sentences where it is cued, strength × sqrt(sentence
//      length) × a label prior (defense and criticism weigh more: an editor files a post that
//      rebukes or attacks under that even when it also sends love). The opening sentence weighs a
//      little more (it usually says what the author most wants to do: "So sorry. Sending love." →
//      condolence). Quoted sentences weigh little.
//   6. Emotions (optional, from the emotion enricher's GoEmotions scores): sadness/grief/remorse →
//      condolence, caring/love → support, admiration/gratitude/pride → praise, anger/disgust/
//      disapproval/annoyance → criticism, amusement → humor. They add a small amount to cued
//      labels, add a label when strong, and decide the primary when no cue fired.
//   7. Primary: the highest score; exact ties follow the guide's tie-breaks (PRIORITY). No cue and
//      no emotion: a post with a link or a news marker is information, else other.
// Speed (a few µs per post): the text is normalised (only the replacements it needs) and scanned
// once, character by character (scan): the same pass splits the sentences and reads the words;
// each word walks a trie of the cues' trigger words (cues.ts), which marks the cues that can match
// (all the word lists of one of a cue's trigger alternatives occur), the positions where a cue's
// match can start (read from the patterns at load, starts.ts) and the sentences with a
// first/second-person voice. Only the marked cues' patterns run (usually one or two of the 64),
// and each only at its recorded start positions (a sticky test at each, in text order): the
// matches a global scan of the whole normalised text would find, so the decisions are those of
// running every pattern everywhere. (A post with more starts than the scan records falls back to
// that global scan.)
// Allocation-light: regular expressions and the trie built once at load, per-call state in reused
// typed arrays (the classifier is not re-entrant across threads, and JavaScript has none here).
// Speed: `npx node src/enrich/reaction/bench.ts`; trigger and start completeness: cue-check.ts (run
// by the tests).
import type { Annotations, EnrichContext, EnrichInput, Enricher, Reaction } from "../types.ts";
import { REACTIONS } from "../types.ts";
import { CUES, EMOTION_MAP, NEGATED_BEFORE, NEGATION_WINDOW, VOICE_WORDS } from "./cues.ts";
import { matchStarts } from "./starts.ts";
import { emotionModelVersion } from "../emotion/index.ts";

export type ReactionResult = Annotations["reaction"];

export const REACTION_VERSION = "rules-1.1.0";

const NL = REACTIONS.length;
const INDEX = new Map<Reaction, number>(REACTIONS.map((r, i) => [r, i]));
const ix = (r: Reaction): number => INDEX.get(r)!;
const DEFENSE = ix("defense"), CRITICISM = ix("criticism");
const INFORMATION = ix("information"), OTHER = ix("other");

/** Label weights: how much one sentence of each label counts toward the primary. */
const PRIOR = new Float64Array(NL);
for (const [r, w] of [
  ["condolence", 1.1], ["support", 1], ["prayer", 0.9], ["praise", 1], ["defense", 1.6], ["criticism", 1.3],
  ["personal", 1.1], ["information", 1], ["humor", 0.8], ["other", 1],
] as const) PRIOR[ix(r)] = w;

/** Exact ties: the guide's tie-breaks (defense over support, condolence over support...). */
const PRIORITY: readonly number[] = (
  ["defense", "criticism", "condolence", "personal", "information", "praise", "prayer", "support", "humor", "other"] as const
).map(ix);

const FIRST_SENTENCE = 1.2;
/** Information strength of every sentence of a headline post (a link, no first/second person). */
const HEADLINE = 0.8;
const QUOTED = 0.3;
/** Emotion probability → score, when cues fired too (a nudge) and when none did (decides). */
const EMOTION_NUDGE = 1.5;
const EMOTION_LABEL_MIN = 0.5;
const EMOTION_DECIDE_MIN = 0.3;

const URL_RE = /\bhttps?:\/\/\S+|\bwww\.\S+|\bpic\.twitter\.com\/\S+/gi;
const MENTION_RE = /(?<![\w@])@[\w.]+/g;
const HASH_RE = /#(?=\w)/g;
/** Hashtags that open with a reaction word: "#RIPChadwick" → "rip chadwick". */
const HASH_CUE_RE = /#(rip|restinpeace|restinpower|prayfor|istandwith|standwith)(?=\w)/gi;
const HASH_CUE_AT = new RegExp(HASH_CUE_RE.source, "iy");
const APOS_RE = /[‘’ʼ`´]/g;
const DQUOTE_RE = /[“”„«»]/g;
/** Any character of APOS_RE or DQUOTE_RE. */
const CURLY_RE = /[‘’ʼ`´“”„«»]/;
const AMP_RE = /&amp;/g;
const REPLY_RE = /^\s*@\w/;

// Per-call scratch space, reused.
const MAX_SEG = 64;
const segStart = new Int32Array(MAX_SEG);
const segEnd = new Int32Array(MAX_SEG);
const segQuoted = new Uint8Array(MAX_SEG);
const segVoice = new Uint8Array(MAX_SEG);
const segFact = new Float64Array(MAX_SEG);
/** Whether a cue matched in the segment: its rows of hits and voiced and its segFact are this post's (zeroed at the first match). */
const segTouched = new Uint8Array(MAX_SEG);
/** Non-space characters before each segment's start and end (their difference: its length). */
const segNsStart = new Int32Array(MAX_SEG);
const segNsEnd = new Int32Array(MAX_SEG);
const voiced = new Float64Array(MAX_SEG * NL);
const hits = new Float64Array(MAX_SEG * NL);
const score = new Float64Array(NL);

// ---- Trigger trie (cues.ts): words → the cue requirements they meet and the match starts they
// record, built once.
const NCUE = CUES.length;
const CUE_LABEL = Int32Array.from(CUES, (c) => ix(c.label));
/** Word characters (what `\b` delimits): a-z → 0..25, 0-9 → 26..35, "_" → 36, A-Z → 37 (never in the trie). */
const WIDTH = 38;
const WORD_IDX = new Int8Array(128).fill(-1);
for (let c = 97; c <= 122; c++) WORD_IDX[c] = c - 97;
for (let c = 48; c <= 57; c++) WORD_IDX[c] = c - 48 + 26;
WORD_IDX[95] = 36;
for (let c = 65; c <= 90; c++) WORD_IDX[c] = 37;

// A cue's triggers are alternatives ("terms") of lists ("requirements") that must all have a word
// in the post (cues.ts). The trie and the character table point at requirements; a cue becomes
// active when every requirement of one of its terms is met.
const REQ_TERM: number[] = []; // requirement → its term
const TERM_CUE: number[] = []; // term → its cue
const TERM_SIZE: number[] = []; // term → how many requirements it has

const childList: number[] = [];
const prefixReqs: Array<number[] | null> = [];
const exactReqs: Array<number[] | null> = [];
const prefixStarts: Array<number[] | null> = []; // cues whose matches can start with a word starting so
const exactStarts: Array<number[] | null> = []; // cues whose matches can start with this whole word
const voiceList: number[] = [];
function newNode(): number {
  for (let j = 0; j < WIDTH; j++) childList.push(0);
  prefixReqs.push(null); exactReqs.push(null); prefixStarts.push(null); exactStarts.push(null); voiceList.push(0);
  return prefixReqs.length - 1;
}
function nodeFor(word: string): number {
  let node = 0;
  for (let j = 0; j < word.length; j++) {
    const c = word.charCodeAt(j);
    const w = c < 128 ? WORD_IDX[c]! : -1;
    if (w < 0 || w === 37) throw new Error(`reaction trigger "${word}" is not a lower-case word`);
    const at = node * WIDTH + w;
    if (childList[at] === 0) { const fresh = newNode(); childList[at] = fresh; }
    node = childList[at]!;
  }
  return node;
}
const CHAR_REQS = new Map<number, number[]>();
function addTrigger(t: string, req: number): void {
  if (/^[a-z0-9_]+\*?$/.test(t)) {
    const prefix = t.endsWith("*");
    const node = nodeFor(prefix ? t.slice(0, -1) : t);
    const lists = prefix ? prefixReqs : exactReqs;
    const list = (lists[node] ??= []);
    if (!list.includes(req)) list.push(req);
  } else {
    const cp = t.codePointAt(0)!;
    if (t.length !== String.fromCodePoint(cp).length || (WORD_IDX[cp] !== undefined && WORD_IDX[cp]! >= 0) || t === "&" || t === "|") {
      throw new Error(`reaction trigger "${t}" must be a word or one non-word character`);
    }
    const list = CHAR_REQS.get(cp) ?? [];
    if (!list.includes(req)) list.push(req);
    CHAR_REQS.set(cp, list);
  }
}
newNode(); // root
CUES.forEach((cue, id) => {
  for (const term of cue.triggerTerms) {
    const t = TERM_CUE.length;
    TERM_CUE.push(id);
    TERM_SIZE.push(term.length);
    for (const list of term) {
      const req = REQ_TERM.length;
      REQ_TERM.push(t);
      for (const word of list) addTrigger(word, req);
    }
  }
});
for (const w of VOICE_WORDS) voiceList[nodeFor(w)] = w === "y" ? 2 : 1; // "y": only as "y'all"

// ---- Match starts (starts.ts): the words and characters each cue's matches can start at. A cue
// with known starts is tried (sticky) only at their positions, recorded by the scan.
const STARTS_KNOWN = new Uint8Array(NCUE);
const CHAR_STARTS = new Map<number, number[]>();
CUES.forEach((cue, id) => {
  const starts = matchStarts(cue.re.source);
  if (!starts) return;
  STARTS_KNOWN[id] = 1;
  for (const { word, prefix } of starts.words) {
    const lists = prefix ? prefixStarts : exactStarts;
    const list = (lists[nodeFor(word)] ??= []);
    if (!list.includes(id)) list.push(id);
  }
  for (const cp of starts.chars) {
    const list = CHAR_STARTS.get(cp) ?? [];
    if (!list.includes(id)) list.push(id);
    CHAR_STARTS.set(cp, list);
  }
});
const STICKY = CUES.map((cue) => new RegExp(cue.re.source, "y"));

// Nodes renumbered breadth-first, so that the rows walked most (near the root) sit together.
const NNODE = prefixReqs.length;
const bfs: number[] = [0];
for (let q = 0; q < bfs.length; q++) {
  for (let x = 0; x < WIDTH; x++) { const child = childList[bfs[q]! * WIDTH + x]!; if (child !== 0) bfs.push(child); }
}
const renumbered = new Int32Array(NNODE);
bfs.forEach((old, node) => { renumbered[old] = node; });

// A "start set": the cues whose matches can start at a given word or character, as a bit mask over
// the cues (START_MASK, MASK_WORDS 32-bit words a set); set 0 is empty. The scan records a start
// event (set, position) per such word or character; a cue is then tried at the events whose set
// holds it.
const MASK_WORDS = Math.ceil(NCUE / 32);
const startSets = new Map<string, number>([["", 0]]);
const startMasks: number[] = new Array<number>(MASK_WORDS).fill(0);
function startSet(cues: readonly number[] | null | undefined): number {
  const key = [...(cues ?? [])].sort((a, b) => a - b).join(",");
  let set = startSets.get(key);
  if (set === undefined) {
    set = startSets.size;
    startSets.set(key, set);
    const row = new Array<number>(MASK_WORDS).fill(0);
    for (const id of cues!) row[id >> 5]! |= 1 << (id & 31);
    startMasks.push(...row);
  }
  return set;
}

/**
 * Per node, as ranges of one flat array: its prefix-trigger requirements (PRE_AT..PRE_END) and its
 * exact-trigger requirements (..EX_END); and its start sets for a word starting so (SPRE_SET) and
 * for this whole word (SEX_SET).
 */
const PRE_AT = new Int32Array(NNODE), PRE_END = new Int32Array(NNODE), EX_END = new Int32Array(NNODE);
const SPRE_SET = new Int32Array(NNODE), SEX_SET = new Int32Array(NNODE);
const flatReqs: number[] = [];
bfs.forEach((old, node) => {
  PRE_AT[node] = flatReqs.length;
  flatReqs.push(...(prefixReqs[old] ?? []));
  PRE_END[node] = flatReqs.length;
  flatReqs.push(...(exactReqs[old] ?? []));
  EX_END[node] = flatReqs.length;
  SPRE_SET[node] = startSet(prefixStarts[old]);
  SEX_SET[node] = startSet(exactStarts[old]);
});
const CHAR_START_SET = new Map<number, number>([...CHAR_STARTS].map(([cp, cues]) => [cp, startSet(cues)]));
const ASCII_START_SET = Int32Array.from({ length: 128 }, (_, c) => CHAR_START_SET.get(c) ?? 0);
const START_MASK = Uint32Array.from(startMasks);
/** What a word ending at a node does: bit 1 exact-trigger requirements, 2 exact starts, 4 a voice word, 8 "y" (voice as "y'all"). */
const END_WORK = new Uint8Array(NNODE + 1); // + the dead node (below): no work
bfs.forEach((old, node) => {
  END_WORK[node] = (EX_END[node]! > PRE_END[node]! ? 1 : 0) | (SEX_SET[node] !== 0 ? 2 : 0) |
    (voiceList[old] === 1 ? 4 : voiceList[old] === 2 ? 8 : 0);
});
// The children as 16-bit links (half the bytes per node row, fewer cache misses): child << 1, plus 1
// when the child has prefix-trigger requirements or prefix starts, so the walk needs no other load
// per character. A word that leaves the trie goes on to a dead node (the last row), whose children
// are itself and which has no work: the walk needs no test for having left the trie either (that
// test mispredicts once per such word; the dead row stays in cache).
if (NNODE + 1 > 0x3fff) throw new Error("reaction trigger trie too large for 16-bit links");
const DEAD = NNODE;
const hasPrefixWork = (node: number): boolean => PRE_END[node]! > PRE_AT[node]! || SPRE_SET[node] !== 0;
const CHILD = new Uint16Array((NNODE + 1) * WIDTH).fill(DEAD << 1);
bfs.forEach((old, node) => {
  for (let x = 0; x < WIDTH; x++) {
    const child = childList[old * WIDTH + x]!;
    if (child !== 0) CHILD[node * WIDTH + x] = (renumbered[child]! << 1) | (hasPrefixWork(renumbered[child]!) ? 1 : 0);
  }
});
const REQS = Int32Array.from(flatReqs);
const ASCII_REQS: Array<readonly number[] | null> = Array.from({ length: 128 }, (_, c) => CHAR_REQS.get(c) ?? null);

const NREQ = REQ_TERM.length, NTERM = TERM_CUE.length;
const REQ_TERM_OF = Int32Array.from(REQ_TERM);
const TERM_CUE_OF = Int32Array.from(TERM_CUE);
const TERM_SIZE_OF = Int32Array.from(TERM_SIZE);
// Per post (told apart by `stamp`): requirements met, requirements met per term, cues active.
const reqStamp = new Uint32Array(NREQ);
const termStamp = new Uint32Array(NTERM);
const termMet = new Int32Array(NTERM);
const activeStamp = new Uint32Array(NCUE);
const activeList = new Int32Array(NCUE);
let activeCount = 0;
let stamp = 0;

/** A trigger of requirement `req` occurs: its term may be complete, and then its cue active. */
function meet(req: number): void {
  if (reqStamp[req] === stamp) return;
  reqStamp[req] = stamp;
  const t = REQ_TERM_OF[req]!;
  if (TERM_SIZE_OF[t] !== 1) {
    if (termStamp[t] !== stamp) { termStamp[t] = stamp; termMet[t] = 0; }
    if (++termMet[t]! !== TERM_SIZE_OF[t]) return;
  }
  const id = TERM_CUE_OF[t]!;
  if (activeStamp[id] !== stamp) { activeStamp[id] = stamp; activeList[activeCount++] = id; }
}

function meetAll(list: readonly number[]): void {
  for (let j = 0; j < list.length; j++) meet(list[j]!);
}

function meetRange(from: number, to: number): void {
  for (let j = from; j < to; j++) meet(REQS[j]!);
}

// Per post: the start events (set, position), in text order.
const MAX_STARTS = 4096;
const startSetAt = new Int32Array(MAX_STARTS);
const startPos = new Int32Array(MAX_STARTS);
let startCount = 0;
/** More starts than MAX_STARTS (very long posts): every pattern is then scanned over the whole text. */
let startsOverflow = false;

function recordStart(set: number, pos: number): void {
  if (startCount === MAX_STARTS) { startsOverflow = true; return; }
  startSetAt[startCount] = set;
  startPos[startCount++] = pos;
}

/** Whether start set `set` holds cue `id`. */
const startSetHas = (set: number, id: number): boolean => ((START_MASK[set * MASK_WORDS + (id >> 5)]! >>> (id & 31)) & 1) !== 0;

const isWord = (c: number): boolean => c < 128 && WORD_IDX[c]! >= 0;

// Non-ASCII trigger characters (emoji, "☹"): a BMP code unit that is such a character, or the high
// surrogate of one, is marked here so that other non-ASCII text (accents, Arabic, CJK) skips the
// Map lookup.
const MAYBE_CHAR_CUE = new Uint8Array(0x10000);
for (const cp of [...CHAR_REQS.keys(), ...CHAR_STARTS.keys()]) {
  if (cp >= 128) MAYBE_CHAR_CUE[cp > 0xffff ? String.fromCodePoint(cp).charCodeAt(0) : cp] = 1;
}

/** What an ASCII character does in the scan (ASCII_KIND), plus HAS_TRIGGER when it is a one-character trigger or start. */
const WORD = 0, SPACE = 1, NEWLINE = 2, STOP = 3, QUOTE = 4, COMMA = 5, SYMBOL = 6, HAS_TRIGGER = 16;
const ASCII_KIND = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  const kind = WORD_IDX[c]! >= 0 ? WORD : c === 32 ? SPACE : c === 10 ? NEWLINE : c === 46 || c === 33 || c === 63 ? STOP
    : c === 34 ? QUOTE : c === 44 ? COMMA : SYMBOL;
  ASCII_KIND[c] = kind | (kind !== WORD && (CHAR_REQS.has(c) || CHAR_STARTS.has(c)) ? HAS_TRIGGER : 0);
}

/**
 * One pass over the normalised text `s`: splits it into sentence segments (returns their count;
 * see keepSegment) and marks the cues whose triggers occur (activeList/activeCount),
 * the positions where their matches can start (recordStart) and the segments holding a
 * first/second-person word (segVoice).
 *
 * Segments: a segment ends after a line break, or after ".", "!", "?" or "…" followed by a space, a
 * line break or the end; when the text holds an even number (two or more) of double quotes, each
 * quote ends one too and the text between a pair is "quoted". A segment is kept when it holds a
 * letter, digit or symbol (not only spaces and . , ! ? " … line breaks), and its non-space
 * characters are counted on the way (segNsStart, segNsEnd: its weight).
 *
 * Triggers: each maximal run of [a-z0-9_] (a word, what `\b` delimits) walks the trie of trigger
 * words; other characters are looked up as one-character triggers (a surrogate pair as one).
 * The state of the open segment is kept in locals: this loop runs for every character of every post.
 */
function scan(s: string): number {
  if (++stamp === 0xffffffff) { reqStamp.fill(0); termStamp.fill(0); activeStamp.fill(0); stamp = 1; }
  activeCount = 0;
  startCount = 0;
  startsOverflow = false;
  const len = s.length;
  const useQuotes = quotesSplit(s);
  let n = 0; // segments kept so far
  let from = 0; // where the open segment starts
  let fromNs = 0; // non-space characters before `from`
  let real = false; // a letter, digit or symbol since `from`
  let voice = false; // a first/second-person word since `from`
  let quoted = false;
  let ns = 0; // non-space characters before i
  let i = 0;
  while (i < len) {
    const c = s.charCodeAt(i);
    if (c < 128) {
      let kind = ASCII_KIND[c]!;
      if (kind === WORD) {
        const walked = scanWord(s, i, len);
        const end = walked >> 1;
        if ((walked & 1) !== 0) voice = true;
        ns += end - i;
        real = true;
        i = end;
        continue;
      }
      if (kind === SPACE) { i++; continue; }
      if (kind >= HAS_TRIGGER) {
        kind -= HAS_TRIGGER;
        const list = ASCII_REQS[c];
        if (list) meetAll(list);
        const set = ASCII_START_SET[c]!;
        if (set !== 0) recordStart(set, i);
      }
      if (kind === QUOTE && useQuotes) {
        n = keepSegment(n, from, i, fromNs, ns, real, voice, quoted);
        quoted = !quoted;
        ns++;
        from = i + 1; fromNs = ns; real = false; voice = false;
      } else {
        ns++;
        if (kind === SYMBOL) real = true;
        else if (kind === NEWLINE || (kind === STOP && endsSentence(s, i + 1, len))) {
          n = keepSegment(n, from, i + 1, fromNs, ns, real, voice, quoted);
          from = i + 1; fromNs = ns; real = false; voice = false;
        }
      }
      i++;
    } else {
      ns++;
      if (c !== 0x2026) real = true;
      else if (endsSentence(s, i + 1, len)) {
        n = keepSegment(n, from, i + 1, fromNs, ns, real, voice, quoted);
        from = i + 1; fromNs = ns; real = false; voice = false;
      }
      if (MAYBE_CHAR_CUE[c] === 1) charTrigger(s, c, i, len);
      i++;
    }
  }
  n = keepSegment(n, from, len, fromNs, ns, real, voice, quoted);
  return n;
}

/**
 * The non-ASCII character `c` at `i` (with its low surrogate, if any) as a one-character trigger.
 * The low surrogate is counted as a character of its own by the segmentation (next turn); it is
 * never a trigger, as no trigger is a lone low surrogate.
 */
function charTrigger(s: string, c: number, i: number, len: number): void {
  let cp = c;
  if (c >= 0xd800 && c <= 0xdbff && i + 1 < len) {
    const lo = s.charCodeAt(i + 1);
    if (lo >= 0xdc00 && lo <= 0xdfff) cp = 0x10000 + ((c - 0xd800) << 10) + (lo - 0xdc00);
  }
  const list = CHAR_REQS.get(cp);
  if (list) meetAll(list);
  const set = CHAR_START_SET.get(cp);
  if (set !== undefined) recordStart(set, i);
}

/**
 * Closes the open segment [from, end) (with fromNs and endNs non-space characters before its
 * ends): kept when it is real. Returns the count of segments kept. Very long posts: past MAX_SEG
 * segments, the last one absorbs the rest.
 */
function keepSegment(n: number, from: number, end: number, fromNs: number, endNs: number, real: boolean, voice: boolean, quoted: boolean): number {
  if (!real) return n;
  if (n < MAX_SEG) {
    segStart[n] = from; segEnd[n] = end; segQuoted[n] = quoted ? 1 : 0;
    segNsStart[n] = fromNs; segNsEnd[n] = endNs; segVoice[n] = voice ? 1 : 0;
    return n + 1;
  }
  segEnd[MAX_SEG - 1] = end;
  segNsEnd[MAX_SEG - 1] = endNs;
  if (voice) segVoice[MAX_SEG - 1] = 1;
  return n;
}

/** ".", "!", "?" or "…" ends a sentence when followed by a space, a line break or the end. */
function endsSentence(s: string, next: number, len: number): boolean {
  if (next >= len) return true;
  const d = s.charCodeAt(next);
  return d === 32 || d === 10;
}

/** Whether double quotes split segments: an even number of them, two or more. */
function quotesSplit(s: string): boolean {
  let at = s.indexOf('"');
  if (at < 0) return false;
  let quotes = 0;
  while (at >= 0) { quotes++; at = s.indexOf('"', at + 1); }
  return quotes >= 2 && quotes % 2 === 0;
}

/**
 * The word starting at `start`: walks the trigger trie (to the dead node once it leaves it), meeting
 * the requirements and recording the starts of the prefix triggers on the way and of the whole
 * word at the end. Returns the position after the word, shifted left by one, plus 1 when the word
 * is a first/second-person word.
 */
function scanWord(s: string, start: number, len: number): number {
  let node = 0; // the root
  let i = start;
  while (i < len) {
    const d = s.charCodeAt(i);
    const x = d < 128 ? WORD_IDX[d]! : -1;
    if (x < 0) break;
    i++;
    const link = CHILD[node * WIDTH + x]!;
    node = link >> 1;
    if ((link & 1) !== 0) {
      meetRange(PRE_AT[node]!, PRE_END[node]!);
      const set = SPRE_SET[node]!;
      if (set !== 0) recordStart(set, start);
    }
  }
  const work = END_WORK[node]!;
  if (work === 0) return i << 1;
  if ((work & 1) !== 0) meetRange(PRE_END[node]!, EX_END[node]!);
  if ((work & 2) !== 0) recordStart(SEX_SET[node]!, start);
  const voice = (work & 4) !== 0 || ((work & 8) !== 0 && s.startsWith("'all", i) && (i + 4 >= len || !isWord(s.charCodeAt(i + 4))));
  return (i << 1) | (voice ? 1 : 0);
}

/**
 * For tools and tests: the ids (indices into CUES) of the cues whose triggers occur in `text`, i.e.
 * the only cues whose patterns classifyReaction runs on it.
 */
export function triggeredCues(text: string): number[] {
  const s = normalise(text);
  const n = scan(s);
  if (n === 0) return [];
  return Array.from(activeList.subarray(0, activeCount)).sort((a, b) => a - b);
}

/**
 * For tools and tests: the positions (in the normalised text) at which classifyReaction tries cue
 * `id`'s pattern on `text`, if it is triggered; null when it scans the whole text for it.
 */
export function matchStartPositions(text: string, id: number): number[] | null {
  const s = normalise(text);
  const n = scan(s);
  if (STARTS_KNOWN[id] !== 1 || startsOverflow) return null;
  const res: number[] = [];
  if (n === 0) return res;
  for (let e = 0; e < startCount; e++) if (startSetHas(startSetAt[e]!, id)) res.push(startPos[e]!);
  return res;
}

/** For tools and tests: `text` as the cue patterns see it. */
export function normaliseForCues(text: string): string {
  return normalise(text);
}

let linkInText = false;
/**
 * Lower case, URLs/@mentions removed, "#" dropped, straight quotes; sets linkInText. Runs only the
 * replacements the text needs, found by native searches (each pattern needs its character: "/" or
 * "w." for a URL, "@", "#", "&", a curly quote).
 */
function normalise(text: string): string {
  let s = text;
  linkInText = false;
  if (text.indexOf("/") >= 0 || hasWwwDot(text)) {
    s = text.replace(URL_RE, " ");
    linkInText = s.length !== text.length;
  }
  if (s.indexOf("@") >= 0) s = s.replace(MENTION_RE, " ");
  if (s.indexOf("#") >= 0) {
    if (hasHashCue(s)) s = s.replace(HASH_CUE_RE, "$1 ");
    s = s.replace(HASH_RE, "");
  }
  if (s.indexOf("&") >= 0) s = s.replace(AMP_RE, "&");
  s = s.toLowerCase();
  if (CURLY_RE.test(s)) s = s.replace(APOS_RE, "'").replace(DQUOTE_RE, '"');
  return s;
}

/** Whether HASH_CUE_RE matches `s`: tried (sticky) at each "#" (most hashtags are not reaction words). */
function hasHashCue(s: string): boolean {
  for (let at = s.indexOf("#"); at >= 0; at = s.indexOf("#", at + 1)) {
    const c = s.charCodeAt(at + 1) | 32;
    if (c !== 114 && c !== 112 && c !== 105 && c !== 115) continue; // r, p, i, s: how the cue words start
    HASH_CUE_AT.lastIndex = at;
    if (HASH_CUE_AT.test(s)) return true;
  }
  return false;
}

/** A "." after "w" or "W" (what `www.` needs). */
function hasWwwDot(text: string): boolean {
  for (let at = text.indexOf(".", 1); at >= 0; at = text.indexOf(".", at + 1)) {
    if ((text.charCodeAt(at - 1) | 32) === 119) return true;
  }
  return false;
}

/**
 * The matches of cue `id` over `s`, as a global scan finds them (leftmost first, each search
 * resuming at the end of the previous match), but tried only at the positions recorded by the
 * scan, where its matches can start (starts.ts): a sticky test at each, in text order.
 */
function matchAtStarts(id: number, s: string, n: number, reply: boolean): void {
  const re = STICKY[id]!;
  let from = 0; // where the global scan would search next
  for (let e = 0; e < startCount; e++) {
    const pos = startPos[e]!;
    if (pos < from || !startSetHas(startSetAt[e]!, id)) continue;
    re.lastIndex = pos;
    // test, not exec: a sticky match starts at `pos` and ends at lastIndex, and no match array is built
    if (!re.test(s)) { from = pos + 1; continue; }
    const end = re.lastIndex;
    from = end === pos ? pos + 1 : end;
    noteMatch(id, pos, s, n, reply);
  }
}

/** The matches of cue `id`, scanning the whole of `s` (a pattern that can start anywhere). */
function matchEverywhere(id: number, s: string, n: number, reply: boolean): void {
  const re = CUES[id]!.re;
  re.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = re.exec(s)) !== null) {
    if (m[0].length === 0) re.lastIndex++;
    noteMatch(id, m.index, s, n, reply);
  }
}

/** A match of cue `id` at `index`: its strength for its label in its sentence, unless negated. */
function noteMatch(id: number, index: number, s: string, n: number, reply: boolean): void {
  const cue = CUES[id]!;
  if (cue.negatable && index > 0 && NEGATED_BEFORE.test(s.slice(Math.max(0, index - NEGATION_WINDOW), index))) return;
  const k = segmentOf(index, n);
  if (segTouched[k] === 0) {
    segTouched[k] = 1;
    segFact[k] = 0;
    for (let j = k * NL; j < (k + 1) * NL; j++) { hits[j] = 0; voiced[j] = 0; }
  }
  if (cue.kind === "fact") {
    if (cue.strength > segFact[k]!) segFact[k] = cue.strength;
  } else {
    const label = cue.kind === "rebuke" && reply ? CRITICISM : CUE_LABEL[id]!;
    const buf = cue.kind === "voiced" ? voiced : hits;
    const at = k * NL + label;
    if (cue.strength > buf[at]!) buf[at] = cue.strength;
  }
}

function segmentOf(pos: number, n: number): number {
  for (let k = 0; k < n; k++) if (pos < segEnd[k]!) return k;
  return n - 1;
}

// The EMOTION_MAP sums with the names written out: named reads of the scores object stay
// monomorphic, where a loop over the names makes one megamorphic keyed read per name. Used only
// while EMOTION_MAP is exactly this table (checked at load); the loop otherwise.
const WRITTEN_MAP = [
  ["condolence", ["sadness", "grief", "remorse"]], ["support", ["caring", "love"]],
  ["praise", ["admiration", "gratitude", "pride"]], ["criticism", ["anger", "disgust", "disapproval", "annoyance"]],
  ["humor", ["amusement"]],
];
const EMOTION_SUMS_WRITTEN = JSON.stringify(EMOTION_MAP) === JSON.stringify(WRITTEN_MAP);
const EMOTION_LABEL = Int32Array.from(EMOTION_MAP, ([label]) => ix(label));
function emotionSum(emo: Record<string, number>, e: number): number {
  let p = 0;
  switch (e) {
    case 0: p += emo.sadness ?? 0; p += emo.grief ?? 0; p += emo.remorse ?? 0; break;
    case 1: p += emo.caring ?? 0; p += emo.love ?? 0; break;
    case 2: p += emo.admiration ?? 0; p += emo.gratitude ?? 0; p += emo.pride ?? 0; break;
    case 3: p += emo.anger ?? 0; p += emo.disgust ?? 0; p += emo.disapproval ?? 0; p += emo.annoyance ?? 0; break;
    case 4: p += emo.amusement ?? 0; break;
  }
  return p;
}

/** REPLY_RE.test(raw): the regex only when the text opens with something other than "@" or a printable ASCII character. */
function isReply(raw: string): boolean {
  const c = raw.charCodeAt(0);
  if (c === 64) return isWord(raw.charCodeAt(1));
  if (c > 32 && c < 128) return false; // neither "@" nor a space
  return REPLY_RE.test(raw);
}

function isSubject(input: EnrichInput, context: EnrichContext): boolean {
  const handle = input.author?.handle;
  const subjects = context.subjects;
  if (!handle || !subjects || subjects.length === 0) return false;
  const h = handle.replace(/^@/, "").toLowerCase();
  for (const s of subjects) if (s.replace(/^@/, "").toLowerCase() === h) return true;
  return false;
}

// Most posts have one label: their scores object is a literal per label, so that each has a fixed
// hidden class (a store under a computed name takes the slower megamorphic keyed-store path). Used
// only while REACTIONS is exactly this list (checked at load); the computed name otherwise.
const ONE_SCORE_WRITTEN = JSON.stringify(REACTIONS) ===
  JSON.stringify(["condolence", "support", "prayer", "praise", "defense", "criticism", "personal", "information", "humor", "other"]);
function oneScore(l: number, v: number): Partial<Record<Reaction, number>> {
  if (ONE_SCORE_WRITTEN) {
    switch (l) {
      case 0: return { condolence: v };
      case 1: return { support: v };
      case 2: return { prayer: v };
      case 3: return { praise: v };
      case 4: return { defense: v };
      case 5: return { criticism: v };
      case 6: return { personal: v };
      case 7: return { information: v };
      case 8: return { humor: v };
      case 9: return { other: v };
    }
  }
  const scores: Partial<Record<Reaction, number>> = {};
  scores[REACTIONS[l]!] = v;
  return scores;
}

const SUBJECT: () => ReactionResult = () => ({ role: "subject", primary: null, labels: [], scores: {} });

/**
 * Classifies one post's reaction type. Pure; never throws on odd text. `emotions` (the emotion
 * enricher's output) is optional: the cues work alone.
 */
export function classifyReaction(
  input: EnrichInput,
  context: EnrichContext,
  emotions?: Annotations["emotions"] | null,
): ReactionResult {
  if (isSubject(input, context)) return SUBJECT();
  const raw = typeof input.text === "string" ? input.text : "";
  const s = normalise(raw);
  const reply = isReply(raw);
  const link = linkInText || (input.links?.length ?? 0) > 0;
  const n = scan(s);
  for (let l = 0; l < NL; l++) score[l] = 0;

  let anyCue = false;
  if (n > 0) {
    for (let k = 0; k < n; k++) segTouched[k] = 0;
    for (let a = 0; a < activeCount; a++) {
      const id = activeList[a]!;
      if (STARTS_KNOWN[id] === 1 && !startsOverflow) matchAtStarts(id, s, n, reply);
      else matchEverywhere(id, s, n, reply);
    }

    let voice = false;
    for (let k = 0; k < n; k++) if (segVoice[k] && !segQuoted[k]) { voice = true; break; }
    // A headline with a link and no voice of its own ("X dies at 43 <link>") is news.
    const headline = link && !voice;

    let first = true;
    for (let k = 0; k < n; k++) {
      const len = segNsEnd[k]! - segNsStart[k]!;
      let w = Math.sqrt(Math.max(len, 1));
      if (segQuoted[k]) w *= QUOTED;
      else if (first) w *= FIRST_SENTENCE;
      if (!segQuoted[k]) first = false;
      if (segTouched[k] === 0) {
        // No cue matched here: only a headline's information counts (the other labels would add 0).
        if (headline && !segQuoted[k]) { anyCue = true; score[INFORMATION]! += w * HEADLINE * PRIOR[INFORMATION]!; }
        continue;
      }
      const base = k * NL;
      if (segVoice[k]) for (let l = 0; l < NL; l++) if (voiced[base + l]! > hits[base + l]!) hits[base + l] = voiced[base + l]!;
      if (!segVoice[k] && segFact[k]! > hits[base + INFORMATION]!) hits[base + INFORMATION] = segFact[k]!;
      if (headline && !segQuoted[k] && hits[base + INFORMATION]! < HEADLINE) hits[base + INFORMATION] = HEADLINE;
      let cued = false;
      for (let l = 0; l < NL; l++) if (hits[base + l]! > 0) { cued = true; break; }
      // Insults in a sentence that rebukes the critics are part of the defence.
      if (hits[base + DEFENSE]! > 0) hits[base + CRITICISM] = 0;
      if (!cued) continue;
      anyCue = true;
      for (let l = 0; l < NL; l++) score[l]! += w * hits[base + l]! * PRIOR[l]!;
    }
    // A post that rebukes critics: its harsh words are aimed at them, not at the subject.
    if (score[DEFENSE]! > 0) score[CRITICISM]! *= 0.5;
  }

  // Emotion-model scores, when the emotion enricher ran.
  const emo = emotions?.scores;
  let extra: number[] | null = null;
  if (emo) {
    let best = -1, bestP = 0;
    for (let e = 0; e < EMOTION_MAP.length; e++) {
      let p = EMOTION_SUMS_WRITTEN ? emotionSum(emo, e) : 0;
      if (!EMOTION_SUMS_WRITTEN) for (const name of EMOTION_MAP[e]![1]) p += emo[name] ?? 0;
      if (p > 1) p = 1;
      const l = EMOTION_LABEL[e]!;
      if (anyCue) {
        if (score[l]! > 0) score[l]! += EMOTION_NUDGE * p;
        else if (p >= EMOTION_LABEL_MIN) (extra ??= []).push(l);
      } else if (p > bestP) { bestP = p; best = l; }
    }
    if (!anyCue && best >= 0 && bestP >= EMOTION_DECIDE_MIN) { score[best] = bestP; anyCue = true; }
  }

  if (!anyCue) score[OTHER] = 1;

  // Primary: highest score, ties by the guide's priority.
  let primary = PRIORITY[0]!;
  for (const l of PRIORITY) if (score[l]! > score[primary]!) primary = l;

  let total = 0;
  for (let l = 0; l < NL; l++) total += score[l]!;
  const labels: Reaction[] = [REACTIONS[primary]!];
  const scores = oneScore(primary, Math.round((score[primary]! / total) * 1000) / 1000);
  for (let l = 0; l < NL; l++) {
    if (l === primary || score[l]! <= 0) continue;
    labels.push(REACTIONS[l]!);
    scores[REACTIONS[l]!] = Math.round((score[l]! / total) * 1000) / 1000;
  }
  if (extra) for (const l of extra) if (!labels.includes(REACTIONS[l]!)) labels.push(REACTIONS[l]!);
  return { role: "reaction", primary: REACTIONS[primary]!, labels, scores };
}

let versionOf = "";
let versionString = "";

export const reactionEnricher: Enricher<ReactionResult> = {
  name: "reaction",
  // the rules read the emotion model's scores, so a new emotion model is a new reaction labeller
  get version() {
    const emotions = emotionModelVersion();
    // read for every post stored: built once per emotion model, not once per post
    if (emotions !== versionOf) { versionOf = emotions; versionString = `${REACTION_VERSION}+${emotions}`; }
    return versionString;
  },
  enrich(input, context, earlier) {
    return classifyReaction(input, context, earlier.emotions ?? null);
  },
};
