// A small WebAssembly SIMD kernel for the int8 linear models (built from bytes here, no
// dependency): for a block of 8 or 16 outputs it sums v * w over the active features, two
// outputs per f64x2 lane pair, each output in feature order starting from 0 — the same float64
// operations as the scalar loop in model.ts, so the same bits, in about half the instructions.
// Memory: the model's rows (stride bytes per bucket) from 0, then the per-call row offsets
// (int32), values (float64) and the output sums (float64). Absent WebAssembly SIMD: null.

export interface SimdKernel {
  /** Logit sums (before scale and bias) of `stride` outputs for the given features into `acc`. */
  sums(idx: Int32Array, val: Float32Array, n: number, mask: number, acc: Float64Array): void;
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

const SIMD = 0xfd;
const op = {
  localGet: 0x20, localSet: 0x21, localTee: 0x22, i32Load: 0x28, f64Load: 0x2b,
  i32Const: 0x41, i32Add: 0x6a, i32LtU: 0x49, i32GeU: 0x4f, block: 0x02, loop: 0x03, brIf: 0x0d, end: 0x0b,
};
const v128Load8x8s = [SIMD, 0x01];
const v128Store = [SIMD, 0x0b];
const f64x2Splat = [SIMD, 0x14];
const i8x16Shuffle = [SIMD, 0x0d];
const i32x4ExtLow = [SIMD, ...leb(0xa7)];
const i32x4ExtHigh = [SIMD, ...leb(0xa8)];
const f64x2Add = [SIMD, ...leb(0xf0)];
const f64x2Mul = [SIMD, ...leb(0xf2)];
const f64x2CvtLow = [SIMD, ...leb(0xfe)];
const HIGH_HALF = [8, 9, 10, 11, 12, 13, 14, 15, 8, 9, 10, 11, 12, 13, 14, 15];

/**
 * One block function: params (rp, rend, vp, col, obase); for each feature the row offset at rp
 * (int32, + col) and the value at vp (float64); `width` sums stored at obase.
 */
function blockBody(width: number): number[] {
  const groups = width / 8;
  const accs = width / 2;
  // locals after the 5 params: v, a, lo, hi, acc0..acc(accs-1) — all v128
  const V = 5, A = 6, LO = 7, HI = 8, ACC = 9;
  const code: number[] = [];
  const get = (i: number) => code.push(op.localGet, i);
  const set = (i: number) => code.push(op.localSet, i);
  const madd = (acc: number, conv: () => void) => {
    get(acc); conv(); code.push(...f64x2CvtLow); get(V); code.push(...f64x2Mul, ...f64x2Add); set(acc);
  };
  code.push(op.block, 0x40);
  get(0); get(1); code.push(op.i32GeU, op.brIf, 0);
  code.push(op.loop, 0x40);
  get(2); code.push(op.f64Load, 3, 0, ...f64x2Splat); set(V);
  for (let g = 0; g < groups; g++) {
    get(0); code.push(op.i32Load, 2, 0); get(3); code.push(op.i32Add);
    code.push(...v128Load8x8s, 0, ...leb(g * 8));
    code.push(op.localTee, A, ...i32x4ExtLow); set(LO);
    get(A); code.push(...i32x4ExtHigh); set(HI);
    const base = ACC + g * 4;
    madd(base, () => get(LO));
    madd(base + 1, () => { get(LO); get(LO); code.push(...i8x16Shuffle, ...HIGH_HALF); });
    madd(base + 2, () => get(HI));
    madd(base + 3, () => { get(HI); get(HI); code.push(...i8x16Shuffle, ...HIGH_HALF); });
  }
  get(2); code.push(op.i32Const, 8, op.i32Add); set(2);
  get(0); code.push(op.i32Const, 4, op.i32Add, op.localTee, 0); get(1); code.push(op.i32LtU, op.brIf, 0);
  code.push(op.end, op.end);
  for (let i = 0; i < accs; i++) { get(4); get(ACC + i); code.push(...v128Store, 0, ...leb(i * 16)); }
  code.push(op.end);
  const locals = [1, ...leb(4 + accs), 0x7b]; // one group of v128 locals
  const body = [...locals, ...code];
  return [...leb(body.length), ...body];
}

function section(id: number, payload: number[]): number[] {
  return [id, ...leb(payload.length), ...payload];
}
function name(s: string): number[] {
  return [s.length, ...Array.from(s, (c) => c.charCodeAt(0))];
}

function moduleBytes(): Uint8Array<ArrayBuffer> {
  const b8 = blockBody(8);
  const b16 = blockBody(16);
  return new Uint8Array([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(1, [1, 0x60, 5, 0x7f, 0x7f, 0x7f, 0x7f, 0x7f, 0]),
    ...section(2, [1, ...name("m"), ...name("mem"), 0x02, 0x00, 1]),
    ...section(3, [2, 0, 0]),
    ...section(7, [2, ...name("b8"), 0x00, 0, ...name("b16"), 0x00, 1]),
    ...section(10, [2, ...b8, ...b16]),
  ]);
}

let compiled: WebAssembly.Module | null | undefined;
function wasmModule(): WebAssembly.Module | null {
  if (compiled !== undefined) return compiled;
  try {
    const bytes = moduleBytes();
    compiled = typeof WebAssembly === "object" && WebAssembly.validate(bytes) ? new WebAssembly.Module(bytes) : null;
  } catch {
    compiled = null;
  }
  return compiled;
}

const PAGE = 65536;

/** A kernel over int8 rows `q` (`stride` a multiple of 8), or null without WebAssembly SIMD. */
export function simdKernel(q: Int8Array, stride: number): SimdKernel | null {
  if (stride % 8 !== 0 || stride === 0) return null;
  const mod = wasmModule();
  if (!mod) return null;
  const wBytes = q.length + 16;
  let cap = 1024; // features the per-call area holds
  const area = (n: number) => ((wBytes + 15) & ~15) + n * 12 + stride * 8 + 64;
  const memory = new WebAssembly.Memory({ initial: Math.ceil(area(cap) / PAGE) });
  new Int8Array(memory.buffer).set(q);
  const inst = new WebAssembly.Instance(mod, { m: { mem: memory } });
  const b8 = inst.exports.b8 as (rp: number, rend: number, vp: number, col: number, obase: number) => void;
  const b16 = inst.exports.b16 as (rp: number, rend: number, vp: number, col: number, obase: number) => void;
  const R = (wBytes + 15) & ~15;
  let V = 0, O = 0;
  let rowsView = new Int32Array(0), valsView = new Float64Array(0), outView = new Float64Array(0);
  const layout = () => {
    V = R + cap * 4; // 8-aligned: R is 16-aligned, cap even
    O = V + cap * 8;
    rowsView = new Int32Array(memory.buffer, R, cap);
    valsView = new Float64Array(memory.buffer, V, cap);
    outView = new Float64Array(memory.buffer, O, stride);
  };
  layout();
  return {
    sums(idx, val, n, mask, acc) {
      if (n > cap) {
        while (cap < n) cap *= 2;
        const need = Math.ceil(area(cap) / PAGE) - memory.buffer.byteLength / PAGE;
        if (need > 0) memory.grow(need);
        layout();
      }
      const rows = rowsView, vals = valsView;
      for (let j = 0; j < n; j++) { rows[j] = (idx[j]! & mask) * stride; vals[j] = val[j]!; }
      const rend = R + n * 4;
      let c = 0;
      for (; c + 16 <= stride; c += 16) b16(R, rend, V, c, O + c * 8);
      if (c < stride) b8(R, rend, V, c, O + c * 8);
      const out = outView;
      for (let i = 0; i < stride; i++) acc[i] = out[i]!;
    },
  };
}
