// A text's UTF-16 code units in a typed array, for the scanners (clean.ts, detect.ts, eld-fast.ts).
// Why: on the strings posts arrive as (often slices of a larger string), each charCodeAt costs a
// dispatch on the string's representation, about 2× a typed-array load, and the scanners read
// most units more than once. One native copy per text (Buffer#write as UTF-16LE, which keeps lone
// surrogates as they are) pays for itself on the first pass.
import { Buffer } from "node:buffer";

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** A reusable buffer: `load(text)` fills `array` with text's code units, then one 0 as a sentinel. */
export class CodeUnits {
  array = new Uint16Array(1024);
  private bytes = Buffer.from(this.array.buffer);

  load(text: string): Uint16Array {
    const n = text.length;
    if (n + 1 > this.array.length) {
      let size = this.array.length;
      while (size < n + 1) size *= 2;
      this.array = new Uint16Array(size);
      this.bytes = Buffer.from(this.array.buffer);
    }
    const units = this.array;
    if (LITTLE_ENDIAN) this.bytes.write(text, 0, "utf16le");
    else for (let i = 0; i < n; i++) units[i] = text.charCodeAt(i);
    // the sentinel: a 0 ends every lookahead (no rule matches U+0000 as a letter, "/", ":" or a surrogate)
    units[n] = 0;
    return units;
  }
}
