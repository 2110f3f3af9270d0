// Scores several linear models over one text in one pass, without building a feature vector.
//
// With count-mode features (features.ts, `values: "count"`) a model's logit is
//   ((W·n0 + C·n1) + L·n2)·scale + bias
// where W, C and L are integer sums of the int8 weights of every feature occurrence in the word,
// character and lexicon blocks (signed by the hash), and n0..n2 depend only on how many
// occurrences each block has. Integer sums can be taken in any order and split at will, so:
// - no counting table: each occurrence adds its weight row as it comes;
// - the models' rows sit side by side in one table (they share their buckets), so one row read
//   serves all of them, added four outputs at a time by a WebAssembly SIMD kernel (simd.ts);
// - a word token's character n-grams always add the same integer vector, so it is computed once
//   per distinct token and kept in a direct-mapped cache: a hit adds one cached vector instead of
//   hashing ~15 n-grams and adding their rows.
// The result is the same, bit for bit, as `modelPredict(model, featurize(text))` for each model
// (tested in ml.test.ts), cache or no cache, kernel or plain loops.
import {
  scanWordBlock, tokenCharHashes, charNgramCount, lexiconCueHashes, WORD_TOKEN, type FeatureConfig,
} from "./features.ts";
import { sigmoid } from "./linear.ts";
import type { Model } from "./model.ts";
import { plainKernel, simdKernel, type RowKernel } from "./simd.ts";

/** Tokens up to this many code units are cached (longer ones are rare and computed each time). */
const MAX_KEY = 16;
// A cache slot is a record in the kernel's memory: the token's sums (stride int16: at most
// charNgramCount(MAX_KEY) n-grams of int8 weights, checked to fit), then its code units (MAX_KEY
// of them). Beside it, in a small table of its own that stays in the CPU's cache (8 bytes a slot),
// the token's hash and, packed in one int32, its length (low 5 bits; 31: empty slot) and the serial
// number of the last text that used the slot. A token is looked up by its hash there first: most
// misses end without touching the record, and a hit's code units are compared in the record the
// kernel is about to read anyway (one cache miss per token, not two).
const LEN_BITS = 5, LEN_MASK = (1 << LEN_BITS) - 1, EMPTY = -1;
// output blocks of the kernel (SCRATCH: a missed token's sums, before they are stored as int16)
const WORDS = 0, CHARS = 1, LEXICON = 2, SCRATCH = 3;

export interface ScorerOptions {
  /** log2 of the number of cache slots (default 15: 4.3 MB with 41 outputs); 0 turns the cache off. */
  cacheBits?: number;
  /** Use the WebAssembly SIMD kernel (default true; false runs the plain loops, for tests). */
  simd?: boolean;
}

export class TokenScorer {
  /** Outputs of all models, concatenated in the order given. */
  readonly width: number;
  private readonly cfg: FeatureConfig;
  private readonly lexicon: ReadonlySet<number> | undefined;
  private readonly lo: number;
  private readonly mask: number;
  private readonly scale: Float64Array;
  private readonly bias: Float64Array;
  private readonly kernel: RowKernel;
  private readonly stride: number;
  private readonly cacheOn: boolean;
  private readonly slotMask: number;
  private readonly tags: Int32Array;
  private readonly record: number;
  /** charNgramCount of each token length below 64. */
  private readonly ngramCounts: Int32Array;
  private charHashes = new Int32Array(256);
  private slotList = new Int32Array(256);
  private serial = 0;
  /** Cache statistics since creation (for benchmarks). */
  hits = 0;
  misses = 0;

  constructor(models: Model[], lexicon: ReadonlySet<number> | undefined, options: ScorerOptions = {}) {
    const { features: cfg, dim } = models[0]!.header;
    for (const m of models) {
      const f = m.header.features;
      if (f.values !== "count") throw new Error(`TokenScorer: model ${m.header.name} does not use count features`);
      if (JSON.stringify(f) !== JSON.stringify(cfg) || m.header.dim !== dim) {
        throw new Error(`TokenScorer: model ${m.header.name} differs from ${models[0]!.header.name} in its features or buckets`);
      }
    }
    if (cfg.lexicon && !lexicon) throw new Error(`TokenScorer: the features need the "${cfg.lexicon}" lexicon`);
    this.cfg = cfg;
    this.lexicon = lexicon;
    this.lo = Math.max(1, cfg.charMin);
    this.ngramCounts = Int32Array.from({ length: 64 }, (_, len) => charNgramCount(len, this.lo, cfg.charMax));
    this.mask = dim - 1;
    this.width = models.reduce((n, m) => n + m.header.k, 0);
    this.scale = Float64Array.from(models.flatMap((m) => m.header.scale));
    this.bias = Float64Array.from(models.flatMap((m) => m.header.bias));
    // one table: row b holds every model's weights of bucket b, padded to a multiple of 8
    const stride = Math.ceil(this.width / 8) * 8;
    const q = new Int8Array(dim * stride);
    let off = 0;
    for (const m of models) {
      const { k } = m.header;
      for (let b = 0; b < dim; b++) for (let o = 0; o < k; o++) q[b * stride + off + o] = m.q[b * m.stride + o]!;
      off += k;
    }
    this.stride = stride;
    const cacheBits = options.cacheBits ?? 15;
    this.cacheOn = cacheBits > 0;
    const slots = this.cacheOn ? 1 << cacheBits : 0;
    this.slotMask = slots - 1;
    if (charNgramCount(MAX_KEY, this.lo, cfg.charMax) * 128 > 32767) throw new Error("TokenScorer: a cached token's sums could overflow int16; lower MAX_KEY");
    // sums, then the key's code units, rounded up to whole 16-byte vectors
    this.record = Math.ceil((stride + MAX_KEY) / 8) * 8;
    this.kernel = (options.simd !== false ? simdKernel(q, stride, slots, this.record) : null) ?? plainKernel(q, stride, slots, this.record);
    this.tags = new Int32Array(slots * 2).fill(EMPTY);
  }

  /** Adds the rows of hashes[0..n) to the vector at int32 index `at`. */
  private addRows(hashes: Int32Array, n: number, at: number): void {
    this.kernel.rows(hashes, n, this.mask, at);
  }

  /** Token t's char n-gram hashes into `charHashes`; returns how many. */
  private tokenHashes(t: number, count: number): number {
    if (this.charHashes.length < count) this.charHashes = new Int32Array(count * 2);
    return tokenCharHashes(t, this.lo, this.cfg.charMax, this.charHashes, 0);
  }

  /**
   * The int16 index of the cached sums of token t (computed on a miss), or -1 when it is not
   * cached: too long, or its slot already serves another token of this text.
   */
  private cachedSums(t: number, codes: Uint16Array, start: number, len: number, h: number, count: number): number {
    if (!this.cacheOn || len > MAX_KEY) return -1;
    const kr = this.kernel;
    const slot = h & this.slotMask;
    const sums = kr.slotIndex(slot);
    const tags = this.tags;
    const tag = 2 * slot;
    // the serial wraps within the bits left beside the length; a stale serial read as "used by
    // this text" only sends a token down the uncached path, which gives the same sums
    const used = (this.serial << LEN_BITS) | len;
    const meta = tags[tag + 1]!;
    if (tags[tag] === h && (meta & LEN_MASK) === len) {
      const i16 = kr.i16;
      const at = sums + this.stride;
      let same = true;
      for (let i = 0; i < len; i++) if ((i16[at + i]! & 0xffff) !== codes[start + i]) { same = false; break; }
      if (same) {
        this.hits++;
        tags[tag + 1] = used;
        return sums;
      }
    }
    if (meta >>> LEN_BITS === used >>> LEN_BITS) return -1;
    this.misses++;
    const n = this.tokenHashes(t, count);
    const scratch = kr.outIndex(SCRATCH);
    kr.i32.fill(0, scratch, scratch + this.stride);
    this.addRows(this.charHashes, n, scratch);
    const i32 = kr.i32, i16 = kr.i16;
    for (let o = 0; o < this.stride; o++) i16[sums + o] = i32[scratch + o]!;
    for (let i = 0; i < len; i++) i16[sums + this.stride + i] = codes[start + i]!;
    tags[tag] = h;
    tags[tag + 1] = used;
    return sums;
  }

  /** Every model's probabilities for `text` into `out` (length `width`). */
  score(text: string, out: Float32Array): Float32Array {
    const kr = this.kernel;
    const stride = this.stride;
    this.serial = (this.serial + 1) | 0;
    kr.i32.fill(0, kr.outIndex(WORDS), kr.outIndex(LEXICON) + stride);
    const s = scanWordBlock(text, this.cfg, this.lexicon);
    const words = s.m;
    this.addRows(s.hashes, words, kr.outIndex(WORDS));
    // char block: the cached sums of each word token, gathered and added at the end (the list
    // area is busy while a miss is filled); tokens that are not cached are added at once
    let chars = 0;
    let nSlots = 0;
    if (this.cfg.charWeight > 0) {
      if (this.slotList.length < s.nToks) this.slotList = new Int32Array(s.nToks * 2);
      for (let t = 0; t < s.nToks; t++) {
        if (s.tokKind[t] !== WORD_TOKEN) continue;
        const start = s.tokStart[t]!;
        const len = s.tokEnd[t]! - start;
        const count = len < this.ngramCounts.length ? this.ngramCounts[len]! : charNgramCount(len, this.lo, this.cfg.charMax);
        chars += count;
        const sums = this.cachedSums(t, s.codes, start, len, s.tokHash[t]!, count);
        if (sums >= 0) this.slotList[nSlots++] = sums;
        else this.addRows(this.charHashes, this.tokenHashes(t, count), kr.outIndex(CHARS));
      }
      kr.reserve(nSlots);
      const i32 = kr.i32;
      for (let i = 0; i < nSlots; i++) i32[kr.list + i] = this.slotList[i]!;
      kr.vectors(nSlots, kr.outIndex(CHARS));
    }
    const lexScale = this.cfg.lexiconWeight ?? 1;
    let lexCount = 0;
    if (this.cfg.lexicon && s.lexHits > 0 && lexScale > 0) {
      lexCount = s.lexHits > 1 ? 2 : 1;
      this.addRows(lexiconCueHashes(this.cfg.lexicon), lexCount, kr.outIndex(LEXICON));
    }
    // the blocks' norms exactly as featurize computes them (an absent block counts 0)
    const n0 = 1 / Math.sqrt(words);
    const n1 = chars > 0 ? this.cfg.charWeight / Math.sqrt(chars) : 0;
    const n2 = lexCount > 0 ? lexScale / Math.sqrt(lexCount) : 0;
    const m = kr.i32;
    const w = kr.outIndex(WORDS), c = kr.outIndex(CHARS), l = kr.outIndex(LEXICON);
    const { scale, bias } = this;
    for (let o = 0; o < this.width; o++) {
      out[o] = sigmoid(Math.fround((m[w + o]! * n0 + m[c + o]! * n1 + m[l + o]! * n2) * scale[o]! + bias[o]!));
    }
    return out;
  }
}
