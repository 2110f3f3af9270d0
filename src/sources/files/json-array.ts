// Cutting a JSON array (`[ {...}, {...} ]`, as an API page saved to a file) into its elements
// without parsing the whole document: a byte scanner that knows strings and brackets finds each
// element's [start, end), so every element can be one item with its exact bytes and a broken one
// is refused alone. Strings are skipped byte by byte (a backslash escapes the next byte), which is
// safe on UTF-8 because no byte of a multi-byte character is '"' or '\'.

const isSpace = (b: number | undefined) => b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09;

/** Where the array's first element may start (just after "[", past a BOM and white space), or -1 when the bytes are not an array. */
export function arrayBodyStart(buf: Uint8Array): number {
  let i = buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf ? 3 : 0;
  while (isSpace(buf[i])) i++;
  return buf[i] === 0x5b ? i + 1 : -1;
}

export type NextElement = { start: number; end: number } | { end: "array" } | { broken: number };

/**
 * The next element from `from` (just after "[" or after the previous element): its byte range,
 * `{end: "array"}` when the array closes, or `{broken}` with where the element began when the
 * bytes end inside it (a truncated file) or are not a value.
 */
export function nextArrayElement(buf: Uint8Array, from: number): NextElement {
  let i = from;
  while (isSpace(buf[i])) i++;
  if (buf[i] === 0x2c) {
    i++;
    while (isSpace(buf[i])) i++;
  }
  if (i >= buf.length) return { broken: i };
  if (buf[i] === 0x5d) return { end: "array" };
  const start = i;
  let depth = 0;
  for (; i < buf.length; i++) {
    const b = buf[i];
    if (b === 0x22) {
      for (i++; i < buf.length && buf[i] !== 0x22; i++) if (buf[i] === 0x5c) i++;
      if (i >= buf.length) return { broken: start };
      if (depth === 0) return { start, end: i + 1 };
    } else if (b === 0x7b || b === 0x5b) {
      depth++;
    } else if (b === 0x7d || b === 0x5d) {
      if (depth === 0) return { start, end: i }; // a scalar ended by "]"
      depth--;
      if (depth === 0) return { start, end: i + 1 };
    } else if (depth === 0 && (b === 0x2c || isSpace(b))) {
      return { start, end: i }; // a scalar element (not an object; the reader refuses it)
    }
  }
  return { broken: start };
}

/** Newlines in buf[from, to): to keep line numbers while moving through a file. */
export function countNewlines(buf: Uint8Array, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) if (buf[i] === 0x0a) n++;
  return n;
}
