/**
 * A set of ASCII words looked up by a range of the text, without slicing it: keyed by a hash of
 * the char codes (collision-free over the set, checked), compared unit by unit on a hit.
 * `foldCase`: lower-case ASCII letters before comparing (the set holds lower-case words).
 */
export class AsciiWords {
  private readonly words: string[];
  private readonly keys: Int32Array;
  private readonly ids: Int16Array; // 1 + index in words, 0 for an empty slot (a Map would box most int32 hashes)
  private readonly mask: number;
  private readonly foldCase: boolean;
  readonly longest: number;

  constructor(words: Iterable<string>, foldCase: boolean) {
    this.foldCase = foldCase;
    this.words = [...words];
    this.longest = Math.max(...this.words.map((w) => w.length));
    let size = 16;
    while (size < this.words.length * 4) size *= 2;
    this.mask = size - 1;
    this.keys = new Int32Array(size);
    this.ids = new Int16Array(size);
    for (const [id, word] of this.words.entries()) {
      let h = 0;
      for (let i = 0; i < word.length; i++) h = hashStep(h, word.charCodeAt(i));
      let slot = (h ^ (h >>> 10)) & this.mask;
      while (this.ids[slot] !== 0) {
        if (this.keys[slot] === h) throw new Error(`word hash collision: ${word}`);
        slot = (slot + 1) & this.mask;
      }
      this.keys[slot] = h;
      this.ids[slot] = id + 1;
    }
  }

  /** Whether s[a, b) (lower-cased first when folding case: ASCII letters, ' and - only) is in the set. */
  has(s: string, a: number, b: number): boolean {
    if (b - a > this.longest) return false;
    const fold = this.foldCase ? 32 : 0;
    let h = 0;
    for (let i = a; i < b; i++) h = hashStep(h, s.charCodeAt(i) | fold);
    let slot = (h ^ (h >>> 10)) & this.mask;
    for (;;) {
      const id = this.ids[slot]!;
      if (id === 0) return false;
      if (this.keys[slot] === h) {
        const word = this.words[id - 1]!;
        if (word.length !== b - a) return false;
        for (let i = a; i < b; i++) if ((s.charCodeAt(i) | fold) !== word.charCodeAt(i - a)) return false;
        return true;
      }
      slot = (slot + 1) & this.mask;
    }
  }
}
const hashStep = (h: number, c: number): number => (Math.imul(h, 31) + c) | 0;
