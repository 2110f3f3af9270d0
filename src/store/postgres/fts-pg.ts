// Full-text search for the PostgreSQL store, tokenized the way SQLite's FTS5 unicode61 tokenizer
// (remove_diacritics 2) does it, so both stores find the same posts: a token is a run of letters,
// digits and private-use characters; everything else separates; case and accents are folded.
// PostgreSQL's own parser would keep "a.bsky.social", URLs, e-mails and "well-known" as single
// tokens, so the store builds the tsvector here (positions included, for phrases and
// ts_rank_cd) and writes it in the same statement as the text. Queries go through the same
// parser as SQLite's (parseSearchQuery: words, "phrases", trailing * for prefixes, everything
// else plain text) and become a tsquery literal made only of quoted lexemes, so no user input
// can ever be tsquery syntax.

import { parseSearchQuery } from "../sqlite/fts.ts";

/** PostgreSQL refuses lexemes longer than this many bytes (to_tsvector skips them too). */
const MAX_LEXEME_BYTES = 2046;
/** tsvector positions stop at 16383; a lexeme keeps at most 256 of them. */
const MAX_POSITION = 16383;
const MAX_POSITIONS_PER_LEXEME = 256;

const TOKEN = /[\p{L}\p{N}\p{Co}\p{Mc}]+/gu;
const MARKS = /\p{Mn}/gu;

/** The folded tokens of a text, in order. */
export function tokenize(text: string | null | undefined): string[] {
  if (!text) return [];
  const folded = text.normalize("NFD").replace(MARKS, "").toLowerCase();
  return (folded.match(TOKEN) ?? []).map((t) => t.normalize("NFC"));
}

function quote(lexeme: string): string {
  return `'${lexeme.replace(/\\/g, "\\\\").replace(/'/g, "''")}'`;
}

/**
 * The tsvector literal of a post: its text, author name and author handle, one after the other
 * with a gap of positions between them so that a phrase never runs from one into the next (FTS5
 * phrases stay inside a column).
 */
export function postTsvector(text: string | null, authorName: string | null, authorHandle: string | null): string {
  const positions = new Map<string, number[]>();
  let at = 0;
  for (const field of [text, authorName, authorHandle]) {
    for (const token of tokenize(field)) {
      at++;
      if (Buffer.byteLength(token) > MAX_LEXEME_BYTES) continue;
      let list = positions.get(token);
      if (!list) { list = []; positions.set(token, list); }
      if (list.length < MAX_POSITIONS_PER_LEXEME) list.push(Math.min(at, MAX_POSITION));
    }
    at += 2;
  }
  const parts: string[] = [];
  for (const [token, list] of positions) parts.push(`${quote(token)}:${[...new Set(list)].join(",")}`);
  return parts.join(" ");
}

/**
 * The tsquery literal for what a user typed: terms ANDed, a phrase's tokens adjacent (<->), a
 * trailing * a prefix match of the last token. null when nothing can match (no searchable term,
 * or a term longer than any indexed token): search then returns no hits, as in SQLite.
 */
export function toTsQuery(input: string): string | null {
  const terms = new Set<string>();
  for (const term of parseSearchQuery(typeof input === "string" ? input : "")) {
    const tokens = tokenize(term.text);
    if (tokens.length === 0) continue;
    if (tokens.some((t) => Buffer.byteLength(t) > MAX_LEXEME_BYTES)) return null;
    const lexemes = tokens.map(quote);
    if (term.prefix) lexemes[lexemes.length - 1] += ":*";
    terms.add(lexemes.length === 1 ? lexemes[0]! : `(${lexemes.join(" <-> ")})`);
  }
  return terms.size === 0 ? null : [...terms].join(" & ");
}

/** The match score, lower is better (as SQLite's bm25): ts_rank_cd normalised by document length. */
export function scoreSql(vector: string, query: string): string {
  return `(-ts_rank_cd(${vector}, ${query}, 1))::float8`;
}

/** ts_headline options: the matched terms in « », a short excerpt as SQLite's snippet(…, 16). */
export const HEADLINE_OPTIONS = "StartSel=«, StopSel=», MaxWords=16, MinWords=6, ShortWord=0, HighlightAll=false, MaxFragments=0";
