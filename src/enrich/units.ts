// A text's UTF-16 code units in a reused typed array, for the enrichers' scanners. Why: each
// charCodeAt dispatches on the string's representation (flat, sliced, two-byte...), about twice a
// typed-array load, and scanners read most units more than once. One native copy per text
// (Buffer#write as UTF-16LE, which keeps lone surrogates as they are) pays for itself at once.
import { Buffer } from "node:buffer";

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
/** Zeros after the text: lookaheads of up to this many units need no bounds check. */
export const UNITS_PADDING = 8;

/** A reusable buffer: `load(text)` fills `array` with text's code units, then UNITS_PADDING zeros. */
export class CodeUnits {
  array = new Uint16Array(1024);
  private bytes = Buffer.from(this.array.buffer);

  load(text: string): Uint16Array {
    const n = text.length;
    if (n + UNITS_PADDING > this.array.length) {
      let size = this.array.length;
      while (size < n + UNITS_PADDING) size *= 2;
      this.array = new Uint16Array(size);
      this.bytes = Buffer.from(this.array.buffer);
    }
    const units = this.array;
    if (LITTLE_ENDIAN) this.bytes.write(text, 0, "utf16le");
    else for (let i = 0; i < n; i++) units[i] = text.charCodeAt(i);
    // a 0 ends every lookahead (no scanner takes U+0000 for a letter, "/", ":" or a surrogate);
    // a loop, not fill(): TypedArray#fill's call costs ~30 ns a text, more than the copy's tail
    for (let i = n; i < n + UNITS_PADDING; i++) units[i] = 0;
    return units;
  }
}

// The post text's units, shared by the enrichers that scan one post in turn (lang's cleaning,
// then the models' features): one copy per text, not one per scanner.
const postUnits = new CodeUnits();
let postText: string | null = null;

/**
 * `text`'s code units (then UNITS_PADDING zeros) in a buffer shared by the scanners, copied only
 * when the text differs from the last one asked for. Valid until a call with another text: read
 * it within one synchronous scan and never write to it.
 */
export function unitsOf(text: string): Uint16Array {
  if (text !== postText) {
    postUnits.load(text);
    postText = text;
  }
  return postUnits.array;
}
