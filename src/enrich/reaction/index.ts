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
// Pure and allocation-light: regular expressions compiled once, per-call state in reused typed
// arrays (the classifier is not re-entrant across threads, and JavaScript has none here).
import type { Annotations, EnrichContext, EnrichInput, Enricher, Reaction } from "../types.ts";
import { REACTIONS } from "../types.ts";
import { CUES, EMOTION_MAP, NEGATED_BEFORE, NEGATION_WINDOW, VOICE } from "./cues.ts";

export type ReactionResult = Annotations["reaction"];

export const REACTION_VERSION = "rules-1.0.0";

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
const APOS_RE = /[‘’ʼ`´]/g;
const DQUOTE_RE = /[“”„«»]/g;
const AMP_RE = /&amp;/g;
const REPLY_RE = /^\s*@\w/;

// Per-call scratch space, reused.
const MAX_SEG = 64;
const segStart = new Int32Array(MAX_SEG);
const segEnd = new Int32Array(MAX_SEG);
const segQuoted = new Uint8Array(MAX_SEG);
const segVoice = new Uint8Array(MAX_SEG);
const segFact = new Float64Array(MAX_SEG);
const voiced = new Float64Array(MAX_SEG * NL);
const hits = new Float64Array(MAX_SEG * NL);
const score = new Float64Array(NL);

function normalise(text: string): { s: string; link: boolean } {
  let s = text.replace(URL_RE, " ");
  const link = s.length !== text.length;
  s = s.replace(MENTION_RE, " ").replace(HASH_CUE_RE, "$1 ").replace(HASH_RE, "").replace(AMP_RE, "&").toLowerCase()
    .replace(APOS_RE, "'").replace(DQUOTE_RE, '"');
  return { s, link };
}

/** Splits `s` into sentence segments; returns their count. */
function segment(s: string): number {
  let quotes = 0;
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) === 34) quotes++;
  const useQuotes = quotes >= 2 && quotes % 2 === 0;
  let n = 0;
  let start = 0;
  let quoted = false;
  const close = (end: number, q: boolean) => {
    // Skip segments with no letter, digit or symbol (only spaces and punctuation).
    let real = false;
    for (let k = start; k < end; k++) {
      const c = s.charCodeAt(k);
      if (c !== 32 && c !== 10 && c !== 46 && c !== 44 && c !== 33 && c !== 63 && c !== 34 && c !== 0x2026) { real = true; break; }
    }
    if (real) {
      if (n < MAX_SEG) {
        segStart[n] = start; segEnd[n] = end; segQuoted[n] = q ? 1 : 0; n++;
      } else {
        segEnd[MAX_SEG - 1] = end; // very long posts: the last segment absorbs the rest
      }
    }
    start = end;
  };
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 34 && useQuotes) {
      close(i, quoted);
      quoted = !quoted;
      start = i + 1;
    } else if (c === 10) {
      close(i + 1, quoted);
    } else if (c === 46 || c === 33 || c === 63 || c === 0x2026) {
      const next = i + 1 < s.length ? s.charCodeAt(i + 1) : 32;
      if (next === 32 || next === 10) close(i + 1, quoted);
    }
  }
  close(s.length, quoted);
  return n;
}

function segmentOf(pos: number, n: number): number {
  for (let k = 0; k < n; k++) if (pos < segEnd[k]!) return k;
  return n - 1;
}

function isSubject(input: EnrichInput, context: EnrichContext): boolean {
  const handle = input.author?.handle;
  const subjects = context.subjects;
  if (!handle || !subjects || subjects.length === 0) return false;
  const h = handle.replace(/^@/, "").toLowerCase();
  for (const s of subjects) if (s.replace(/^@/, "").toLowerCase() === h) return true;
  return false;
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
  const { s, link: linkInText } = normalise(raw);
  const reply = REPLY_RE.test(raw);
  const link = linkInText || (input.links?.length ?? 0) > 0;
  const n = segment(s);
  score.fill(0);

  let anyCue = false;
  let anyFact = false;
  if (n > 0) {
    hits.fill(0, 0, n * NL);
    voiced.fill(0, 0, n * NL);
    segVoice.fill(0, 0, n);
    segFact.fill(0, 0, n);
    for (const cue of CUES) {
      const re = cue.re;
      re.lastIndex = 0;
      let m: RegExpExecArray | null;
      while ((m = re.exec(s)) !== null) {
        if (m[0].length === 0) re.lastIndex++;
        if (cue.negatable && m.index > 0 && NEGATED_BEFORE.test(s.slice(Math.max(0, m.index - NEGATION_WINDOW), m.index))) continue;
        const k = segmentOf(m.index, n);
        if (cue.kind === "fact") {
          if (cue.strength > segFact[k]!) segFact[k] = cue.strength;
        } else {
          const label = cue.kind === "rebuke" && reply ? CRITICISM : ix(cue.label);
          const buf = cue.kind === "voiced" ? voiced : hits;
          const at = k * NL + label;
          if (cue.strength > buf[at]!) buf[at] = cue.strength;
        }
      }
    }
    VOICE.lastIndex = 0;
    let v: RegExpExecArray | null;
    while ((v = VOICE.exec(s)) !== null) segVoice[segmentOf(v.index, n)] = 1;

    let voice = false;
    for (let k = 0; k < n; k++) if (segVoice[k] && !segQuoted[k]) { voice = true; break; }
    // A headline with a link and no voice of its own ("X dies at 43 <link>") is news.
    const headline = link && !voice;

    let first = true;
    for (let k = 0; k < n; k++) {
      const base = k * NL;
      if (segVoice[k]) for (let l = 0; l < NL; l++) if (voiced[base + l]! > hits[base + l]!) hits[base + l] = voiced[base + l]!;
      if (segFact[k]! > 0) {
        anyFact = true;
        if (!segVoice[k] && segFact[k]! > hits[base + INFORMATION]!) hits[base + INFORMATION] = segFact[k]!;
      }
      if (headline && !segQuoted[k] && hits[base + INFORMATION]! < HEADLINE) hits[base + INFORMATION] = HEADLINE;
      let cued = false;
      for (let l = 0; l < NL; l++) if (hits[base + l]! > 0) { cued = true; break; }
      // Insults in a sentence that rebukes the critics are part of the defence.
      if (hits[base + DEFENSE]! > 0) hits[base + CRITICISM] = 0;
      let len = 0;
      for (let p = segStart[k]!; p < segEnd[k]!; p++) if (s.charCodeAt(p) !== 32) len++;
      let w = Math.sqrt(Math.max(len, 1));
      if (segQuoted[k]) w *= QUOTED;
      else if (first) w *= FIRST_SENTENCE;
      if (!segQuoted[k]) first = false;
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
    for (const [label, names] of EMOTION_MAP) {
      let p = 0;
      for (const name of names) p += emo[name] ?? 0;
      if (p > 1) p = 1;
      const l = ix(label);
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
  const scores: Partial<Record<Reaction, number>> = {};
  scores[REACTIONS[primary]!] = Math.round((score[primary]! / total) * 1000) / 1000;
  for (let l = 0; l < NL; l++) {
    if (l === primary || score[l]! <= 0) continue;
    labels.push(REACTIONS[l]!);
    scores[REACTIONS[l]!] = Math.round((score[l]! / total) * 1000) / 1000;
  }
  if (extra) for (const l of extra) if (!labels.includes(REACTIONS[l]!)) labels.push(REACTIONS[l]!);
  return { role: "reaction", primary: REACTIONS[primary]!, labels, scores };
}

export const reactionEnricher: Enricher<ReactionResult> = {
  name: "reaction",
  version: REACTION_VERSION,
  enrich(input, context, earlier) {
    return classifyReaction(input, context, earlier.emotions ?? null);
  },
};
