// The row kernels of the token scorer (scorer.ts): they add integer weight rows. For a list of
// feature hashes, the row of bucket (hash & mask), negated when the hash's top bit is set, into
// `stride` int32 sums; for a list of addresses, `stride`-int16 vectors (tokens' cached sums: a
// token's sums fit int16, and half the bytes is half the cache lines read per token).
// Two implementations over one memory layout: a WebAssembly SIMD module built from bytes here (no
// dependency; four outputs per instruction) and plain loops (where WebAssembly SIMD is missing,
// and in tests). Integer sums are exact, so both give the same sums whatever the order.
//
// Layout: `slots` cache records of `record` int16 (a token's sums, `stride` of them, then room the
// caller uses for the key; int16 indices into `i16`), four output blocks of `stride` int32, then a
// list area the caller fills (int32 indices into `i32`). The WebAssembly memory holds the int8
// weights first. The records start at a multiple of 64 bytes (a cache line).

export interface RowKernel {
  /** The memory as int32 (renewed when it grows: read it after `reserve`). */
  readonly i32: Int32Array;
  /** The memory as int16 (the cache records; renewed with `i32`). */
  readonly i16: Int16Array;
  /** int32 index of the list area (`vectors` reads the caller's int16 indices there; `rows` uses it itself). */
  readonly list: number;
  /** int16 index of cache record `slot`. */
  slotIndex(slot: number): number;
  /** int32 index of output block `b` (stride int32 each). */
  outIndex(b: number): number;
  /** Makes room for `n` list entries (may renew `i32`). */
  reserve(n: number): void;
  /** Adds the signed weight rows of hashes[0..n) to the vector at int32 index `at`. */
  rows(hashes: Int32Array, n: number, mask: number, at: number): void;
  /** Adds the int16 vectors at the int16 indices list[0..n) to the int32 vector at index `at`. */
  vectors(n: number, at: number): void;
}

/** The kernel layout after `base` bytes (the weights' room in WebAssembly memory). */
function layout(base: number, stride: number, slots: number, record: number) {
  const SLOTS = Math.ceil(base / 64) * 64;
  const OUT = SLOTS + Math.ceil((slots * record * 2) / 64) * 64;
  const LIST = OUT + 4 * stride * 4;
  return { SLOTS, OUT, LIST };
}

/** Where things are, in the units the caller indexes by (both kernels share the layout). */
function indexing(l: ReturnType<typeof layout>, stride: number, record: number) {
  return {
    list: l.LIST >> 2,
    slotIndex: (slot: number) => (l.SLOTS >> 1) + slot * record,
    outIndex: (b: number) => (l.OUT >> 2) + b * stride,
  };
}

/** Plain loops over a JS Int32Array with the same layout. */
export function plainKernel(q: Int8Array, stride: number, slots: number, record = stride): RowKernel {
  const at = layout(0, stride, slots, record);
  const { LIST } = at;
  let cap = 4096;
  const first = new Int32Array((LIST >> 2) + cap);
  const kernel = {
    i32: first,
    i16: new Int16Array(first.buffer),
    ...indexing(at, stride, record),
    reserve(n: number) {
      if (n <= cap) return;
      while (cap < n) cap *= 2;
      const bigger = new Int32Array((LIST >> 2) + cap);
      bigger.set(kernel.i32);
      kernel.i32 = bigger;
      kernel.i16 = new Int16Array(bigger.buffer);
    },
    rows(hashes: Int32Array, n: number, mask: number, at: number) {
      const m = kernel.i32;
      for (let j = 0; j < n; j++) {
        const h = hashes[j]!;
        const row = (h & mask) * stride;
        if (h < 0) for (let o = 0; o < stride; o++) m[at + o] = m[at + o]! - q[row + o]!;
        else for (let o = 0; o < stride; o++) m[at + o] = m[at + o]! + q[row + o]!;
      }
    },
    vectors(n: number, at: number) {
      const m = kernel.i32;
      const v = kernel.i16;
      for (let j = 0; j < n; j++) {
        const from = m[kernel.list + j]!;
        for (let o = 0; o < stride; o++) m[at + o] = m[at + o]! + v[from + o]!;
      }
    },
  };
  return kernel;
}

function leb(n: number): number[] {
  const out: number[] = [];
  do {
    let b = n & 0x7f;
    n >>>= 7;
    if (n !== 0) b |= 0x80;
    out.push(b);
  } while (n !== 0);
  return out;
}

/** Signed LEB128, what i32.const takes (unsigned LEB would read 64, 0x40, as -64). */
function sleb(n: number): number[] {
  const out: number[] = [];
  for (;;) {
    const b = n & 0x7f;
    n >>= 7;
    if ((n === 0 && (b & 0x40) === 0) || (n === -1 && (b & 0x40) !== 0)) { out.push(b); return out; }
    out.push(b | 0x80);
  }
}

const SIMD = 0xfd;
const op = {
  localGet: 0x20, localSet: 0x21, localTee: 0x22, i32Load: 0x28, i32Const: 0x41, i32Add: 0x6a,
  i32Mul: 0x6c, i32And: 0x71, i32Shl: 0x74, i32ShrS: 0x75, i32LtU: 0x49, i32GeU: 0x4f, block: 0x02, loop: 0x03,
  brIf: 0x0d, end: 0x0b,
};
const simd = (code: number) => [SIMD, ...leb(code)];
const v128Load = simd(0x00);
const v128Load8x8s = simd(0x01);
const v128Load16x4s = simd(0x03);
const v128Store = simd(0x0b);
const i16x8Add = simd(0x8e);
const i16x8Sub = simd(0x91);
const i32x4ExtLowS = simd(0xa7);
const i32x4ExtHighS = simd(0xa8);
const i32x4Add = simd(0xae);

/** The loop shared by both functions: `each` emits the per-entry body (entry address in local 0). */
function loopOver(code: number[], each: () => void): void {
  const get = (i: number) => code.push(op.localGet, i);
  code.push(op.block, 0x40);
  get(0); get(1); code.push(op.i32GeU, op.brIf, 0);
  code.push(op.loop, 0x40);
  each();
  get(0); code.push(op.i32Const, 4, op.i32Add, op.localTee, 0); get(1); code.push(op.i32LtU, op.brIf, 0);
  code.push(op.end, op.end);
}

/** Loads the accumulators from `out` (local outLocal), or stores them back. */
function accs(code: number[], n: number, first: number, outLocal: number, store: boolean): void {
  for (let i = 0; i < n; i++) {
    code.push(op.localGet, outLocal);
    if (store) code.push(op.localGet, first + i, ...v128Store, 4, ...leb(i * 16));
    else code.push(...v128Load, 4, ...leb(i * 16), op.localSet, first + i);
  }
}

function body(locals: number[], code: number[]): number[] {
  const b = [...locals, ...code, op.end];
  return [...leb(b.length), ...b];
}

/**
 * rowsAdd / rowsSub (p, end, mask, out): the rows (h & mask)·stride of the hashes h at p.., added
 * (or subtracted) in int16 lanes, eight outputs per instruction, then widened into the int32 sums
 * at out. At most 258 rows of int8 weights fit int16 exactly: callers pass 256 at a time.
 */
function rowsBody(stride: number, subtract: boolean): number[] {
  const groups = stride / 8;
  // params 0 p, 1 end, 2 mask, 3 out; locals 4 row (i32), 5.. int16 sums (v128)
  const ROW = 4, ACC = 5;
  const code: number[] = [];
  const get = (i: number) => code.push(op.localGet, i);
  loopOver(code, () => {
    get(0); code.push(op.i32Load, 2, 0); get(2); code.push(op.i32And, op.i32Const, ...sleb(stride), op.i32Mul, op.localSet, ROW);
    for (let g = 0; g < groups; g++) {
      get(ACC + g); get(ROW); code.push(...v128Load8x8s, 0, ...leb(g * 8), ...(subtract ? i16x8Sub : i16x8Add), op.localSet, ACC + g);
    }
  });
  for (let g = 0; g < groups; g++) {
    for (const [half, ext] of [[0, i32x4ExtLowS], [16, i32x4ExtHighS]] as const) {
      get(3); get(3); code.push(...v128Load, 4, ...leb(g * 32 + half)); get(ACC + g);
      code.push(...ext, ...i32x4Add, ...v128Store, 4, ...leb(g * 32 + half));
    }
  }
  return body([2, 1, 0x7f, ...leb(groups), 0x7b], code);
}

/** vectors(p, end, out): for each int16 index i at p.., adds the stride int16 at byte 2i (widened). */
function vectorsBody(stride: number): number[] {
  const n = stride / 4;
  // params 0 p, 1 end, 2 out; locals 3 a (i32), 4.. accs (v128)
  const A = 3, ACC = 4;
  const code: number[] = [];
  const get = (i: number) => code.push(op.localGet, i);
  accs(code, n, ACC, 2, false);
  loopOver(code, () => {
    get(0); code.push(op.i32Load, 2, 0, op.i32Const, 1, op.i32Shl, op.localSet, A);
    for (let i = 0; i < n; i++) {
      get(ACC + i); get(A); code.push(...v128Load16x4s, 1, ...leb(i * 8), ...i32x4Add, op.localSet, ACC + i);
    }
  });
  accs(code, n, ACC, 2, true);
  return body([2, 1, 0x7f, ...leb(n), 0x7b], code);
}

function section(id: number, payload: number[]): number[] {
  return [id, ...leb(payload.length), ...payload];
}
function name(s: string): number[] {
  return [s.length, ...Array.from(s, (c) => c.charCodeAt(0))];
}

function moduleBytes(stride: number): Uint8Array<ArrayBuffer> {
  const I32 = 0x7f;
  return new Uint8Array([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(1, [2, 0x60, 4, I32, I32, I32, I32, 0, 0x60, 3, I32, I32, I32, 0]),
    ...section(2, [1, ...name("m"), ...name("mem"), 0x02, 0x00, 1]),
    ...section(3, [3, 0, 0, 1]),
    ...section(7, [3, ...name("rowsAdd"), 0x00, 0, ...name("rowsSub"), 0x00, 1, ...name("vectors"), 0x00, 2]),
    ...section(10, [3, ...rowsBody(stride, false), ...rowsBody(stride, true), ...vectorsBody(stride)]),
  ]);
}

const compiled = new Map<number, WebAssembly.Module | null>();
function wasmModule(stride: number): WebAssembly.Module | null {
  let mod = compiled.get(stride);
  if (mod !== undefined) return mod;
  try {
    const bytes = moduleBytes(stride);
    mod = typeof WebAssembly === "object" && WebAssembly.validate(bytes) ? new WebAssembly.Module(bytes) : null;
  } catch {
    mod = null;
  }
  compiled.set(stride, mod);
  return mod;
}

const PAGE = 65536;

/**
 * The WebAssembly SIMD kernel over int8 rows `q` (`stride` outputs per row, a multiple of 8), or
 * null without WebAssembly SIMD.
 */
export function simdKernel(q: Int8Array, stride: number, slots: number, record = stride): RowKernel | null {
  if (stride % 8 !== 0 || stride === 0 || record < stride || record % 8 !== 0) return null;
  const mod = wasmModule(stride);
  if (!mod) return null;
  const at = layout(q.length, stride, slots, record);
  const { LIST } = at;
  let cap = 4096;
  const memory = new WebAssembly.Memory({ initial: Math.ceil((LIST + cap * 4) / PAGE) });
  new Int8Array(memory.buffer).set(q);
  const inst = new WebAssembly.Instance(mod, { m: { mem: memory } });
  const rowsAdd = inst.exports.rowsAdd as (p: number, end: number, mask: number, out: number) => void;
  const rowsSub = inst.exports.rowsSub as (p: number, end: number, mask: number, out: number) => void;
  const vectors = inst.exports.vectors as (p: number, end: number, out: number) => void;
  let negatives = new Int32Array(256);
  /** Runs `fn` over list entries [from, from+n) in chunks of 256 (the int16 lanes' limit). */
  const chunked = (fn: typeof rowsAdd, from: number, n: number, mask: number, out: number) => {
    for (let c = 0; c < n; c += 256) fn(LIST + 4 * (from + c), LIST + 4 * (from + Math.min(n, c + 256)), mask, out);
  };
  const kernel = {
    i32: new Int32Array(memory.buffer),
    i16: new Int16Array(memory.buffer),
    ...indexing(at, stride, record),
    reserve(n: number) {
      if (n <= cap) return;
      while (cap < n) cap *= 2;
      const need = Math.ceil((LIST + cap * 4) / PAGE) - memory.buffer.byteLength / PAGE;
      if (need > 0) memory.grow(need);
      kernel.i32 = new Int32Array(memory.buffer);
      kernel.i16 = new Int16Array(memory.buffer);
    },
    rows(hashes: Int32Array, n: number, mask: number, at: number) {
      // into the list: the positive hashes first, then the negative ones (no sign work per row)
      kernel.reserve(n);
      if (negatives.length < n) negatives = new Int32Array(n * 2);
      const m = kernel.i32;
      const list = LIST >> 2;
      let pos = 0, neg = 0;
      for (let j = 0; j < n; j++) {
        const h = hashes[j]!;
        m[list + pos] = h;
        negatives[neg] = h;
        const minus = h >>> 31;
        pos += 1 - minus;
        neg += minus;
      }
      for (let j = 0; j < neg; j++) m[list + pos + j] = negatives[j]!;
      chunked(rowsAdd, 0, pos, mask, at * 4);
      chunked(rowsSub, pos, neg, mask, at * 4);
    },
    vectors: (n: number, at: number) => vectors(LIST, LIST + 4 * n, at * 4),
  };
  return kernel;
}
