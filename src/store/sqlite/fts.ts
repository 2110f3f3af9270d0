// Turns what a user types into an FTS5 MATCH expression that can never be a syntax error.
// Every term becomes a double-quoted FTS5 string (so AND, OR, NOT, NEAR, column filters,
// parentheses, ^ and - are plain text); the supported syntax is plain words, "quoted phrases"
// (an unclosed quote runs to the end) and a trailing * for prefix search. Terms are ANDed.

export interface FtsTerm {
  text: string;
  prefix: boolean;
}

/** Control characters (including NUL) become spaces: they carry no meaning in a search. */
const CONTROL = /[\p{Cc}]/gu;
/** A term the unicode61 tokenizer would turn into no tokens at all matches nothing: drop it. */
const HAS_TOKEN = /[\p{L}\p{N}\p{Co}]/u;

export function parseSearchQuery(input: string): FtsTerm[] {
  const s = String(input ?? "").replace(CONTROL, " ");
  const terms: FtsTerm[] = [];
  let i = 0;
  while (i < s.length) {
    const ch = s[i]!;
    if (/\s/.test(ch)) { i++; continue; }
    let text: string;
    if (ch === '"') {
      const end = s.indexOf('"', i + 1);
      text = end === -1 ? s.slice(i + 1) : s.slice(i + 1, end);
      i = end === -1 ? s.length : end + 1;
    } else {
      let j = i;
      while (j < s.length && !/\s/.test(s[j]!) && s[j] !== '"') j++;
      text = s.slice(i, j);
      i = j;
    }
    let prefix = false;
    if (text.endsWith("*")) { prefix = true; text = text.replace(/\*+$/, ""); }
    else if (s[i] === "*") { prefix = true; while (s[i] === "*") i++; }
    text = text.replace(/\s+/g, " ").trim();
    if (HAS_TOKEN.test(text)) terms.push({ text, prefix });
  }
  return terms;
}

/** The MATCH expression, or null when the query has nothing searchable (search then returns []). */
export function toFtsQuery(input: string): string | null {
  const terms = parseSearchQuery(input);
  if (terms.length === 0) return null;
  return terms.map((t) => `"${t.text.replace(/"/g, '""')}"${t.prefix ? "*" : ""}`).join(" ");
}
