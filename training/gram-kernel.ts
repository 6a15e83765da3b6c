// The Gram matrix's inner loop as a tiny WebAssembly SIMD function, assembled here from its opcodes (no build
// step, no binary in the repository). JavaScript cannot use SIMD or fused loads; this kernel multiplies two
// doubles per instruction and is ~2–3× faster than the same loop over typed arrays, which is what lets a
// 1,000,000 × 50 fit keep up with scikit-learn's multi-threaded BLAS.

/** Rows per block; a block column is BLOCK doubles, contiguous. */
export const BLOCK = 256;
const STRIDE = BLOCK * 8; // bytes between block columns

const uleb = (n: number): number[] => {
  const out: number[] = [];
  do {
    let byte = n & 0x7f;
    n >>>= 7;
    if (n !== 0) byte |= 0x80;
    out.push(byte);
  } while (n !== 0);
  return out;
};
const sleb = (n: number): number[] => {
  const out: number[] = [];
  for (;;) {
    const byte = n & 0x7f;
    n >>= 7;
    if ((n === 0 && (byte & 0x40) === 0) || (n === -1 && (byte & 0x40) !== 0)) return [...out, byte];
    out.push(byte | 0x80);
  }
};
const section = (id: number, body: number[]): number[] => [id, ...uleb(body.length), ...body];
const vec = (items: number[][]): number[] => [...uleb(items.length), ...items.flat()];
const name = (s: string): number[] => [...uleb(s.length), ...[...s].map((c) => c.charCodeAt(0))];

// Opcodes used below.
const get = (l: number) => [0x20, ...uleb(l)];
const set = (l: number) => [0x21, ...uleb(l)];
const i32 = (v: number) => [0x41, ...sleb(v)];
const [ADD, MUL, AND, SHL, GE_S, LT_S] = [[0x6a], [0x6c], [0x71], [0x74], [0x4e], [0x48]];
const simd = (op: number, ...imm: number[]) => [0xfd, ...uleb(op), ...imm];
const load = (offset: number) => simd(0x00, 4, ...uleb(offset)); // v128.load align=16
const F64X2_ADD = simd(240);
const F64X2_MUL = simd(242);
const lane = (l: number) => simd(33, l); // f64x2.extract_lane
const ZERO = simd(12, ...new Array(16).fill(0)); // v128.const 0
const F64_ADD = [0xa0];
const store = (offset: number) => [0x39, 3, ...uleb(offset)]; // f64.store align=8

// Locals: params w, ct, out; i32 i, j, k, a, c, o; v128 u, v, x0..x3, s00..s03, s10..s13.
const [W, CT, OUT, I, J, K, A, C, O, U, V] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
const X = [11, 12, 13, 14];
const S = [
  [15, 16, 17, 18],
  [19, 20, 21, 22],
];

/**
 * tiles(w, ct, out): for the block at byte `ct` (w columns of BLOCK doubles), writes every 2 × 4 tile of its Gram
 * matrix (rows i, i+1; columns j..j+3, j ≥ i rounded down to 4) to the row-major w × w matrix at byte `out`.
 * `w` must be a multiple of 4. Each line below is one statement of the equivalent loop nest.
 */
// biome-ignore format: one line per statement reads like the loop it encodes
function body(): number[] {
  const mulAdd = (s: number, x: number, y: number) => [...get(s), ...get(x), ...get(y), ...F64X2_MUL, ...F64X2_ADD, ...set(s)];
  const hsum = (s: number, off: number) => [...get(O), ...get(s), ...lane(0), ...get(s), ...lane(1), ...F64_ADD, ...store(off)];
  const step = (d: number) => [                                    // rows k+d, k+d+1 (d in bytes)
    ...get(A), ...get(K), ...ADD, ...set(O),                        //   o = a + k
    ...get(O), ...load(d), ...set(U),                               //   u = column i
    ...get(O), ...load(STRIDE + d), ...set(V),                      //   v = column i+1
    ...get(C), ...get(K), ...ADD, ...set(O),                        //   o = c + k
    ...X.flatMap((x, q) => [...get(O), ...load(q * STRIDE + d), ...set(x)]), // x0..x3 = columns j..j+3
    ...X.flatMap((x, q) => [...mulAdd(S[0][q], U, x), ...mulAdd(S[1][q], V, x)]), // s += u·x, v·x
  ];
  const inner = [
    ...i32(0), ...set(K),                                           // k = 0
    0x03, 0x40,                                                     // do {
    ...step(0), ...step(16),                                        //   four rows
    ...get(K), ...i32(32), ...ADD, ...set(K),                       //   k += 4 rows
    ...get(K), ...i32(STRIDE), ...LT_S, 0x0d, 0,                    // } while (k < BLOCK rows)
    0x0b,
  ];
  const tile = [
    ...S.flat().flatMap((s) => [...ZERO, ...set(s)]),               // s.. = 0
    ...get(CT), ...get(J), ...i32(STRIDE), ...MUL, ...ADD, ...set(C), // c = column j
    ...inner,
    ...get(OUT), ...get(I), ...get(W), ...MUL, ...get(J), ...ADD, ...i32(3), ...SHL, ...ADD, ...set(O), // o = &out[i][j]
    ...S[0].flatMap((s, q) => hsum(s, q * 8)),                      // out[i][j..j+3] = lane sums
    ...get(O), ...get(W), ...i32(3), ...SHL, ...ADD, ...set(O),     // o = &out[i+1][j]
    ...S[1].flatMap((s, q) => hsum(s, q * 8)),
  ];
  const jLoop = [
    ...get(I), ...i32(-4), ...AND, ...set(J),                       // j = i & ~3
    0x02, 0x40, 0x03, 0x40,                                         // while (true) {
    ...get(J), ...get(W), ...GE_S, 0x0d, 1,                         //   if (j >= w) break
    ...tile,
    ...get(J), ...i32(4), ...ADD, ...set(J),                        //   j += 4
    0x0c, 0, 0x0b, 0x0b,                                            // }
  ];
  const code = [
    ...i32(0), ...set(I),                                           // i = 0
    0x02, 0x40, 0x03, 0x40,                                         // while (true) {
    ...get(I), ...get(W), ...GE_S, 0x0d, 1,                         //   if (i >= w) break
    ...get(CT), ...get(I), ...i32(STRIDE), ...MUL, ...ADD, ...set(A), //   a = column i
    ...jLoop,
    ...get(I), ...i32(2), ...ADD, ...set(I),                        //   i += 2
    0x0c, 0, 0x0b, 0x0b,                                            // }
    0x0b,                                                           // end of function
  ];
  return [...vec([[6, 0x7f], [16, 0x7b]]), ...code];                // locals: 6 × i32, 16 × v128
}

// biome-ignore format: the module's sections, one per line
function moduleBytes(): Uint8Array {
  const fn = body();
  return Uint8Array.from([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,                 // "\0asm", version 1
    ...section(1, vec([[0x60, 3, 0x7f, 0x7f, 0x7f, 0]])),           // type 0: (i32, i32, i32) → ()
    ...section(3, vec([[0]])),                                      // function 0 has type 0
    ...section(5, vec([[0x00, 1]])),                                // memory 0: at least 1 page
    ...section(7, vec([[...name("tiles"), 0x00, 0], [...name("memory"), 0x02, 0]])), // exports
    ...section(10, vec([[...uleb(fn.length), ...fn]])),             // code
  ]);
}

/** A block buffer and its tile output, both in WebAssembly memory, and the function that fills the output. */
export interface GramKernel {
  /** w columns × BLOCK rows, column-major: fill it, then call `run`. */
  readonly block: Float64Array;
  /** w × w, row-major: the block's Gram tiles after `run` (entries below the tiles are stale). */
  readonly out: Float64Array;
  run(): void;
}

// WebAssembly is global in Node, but its TypeScript types live in the DOM lib, which this project does not load:
// declare the few members used here.
interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}
interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object) => { readonly exports: Record<string, unknown> };
}
const wasm = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;
let compiled: object | undefined;

/** A kernel for `w` augmented columns (a multiple of 4), with its own memory. */
export function gramKernel(w: number): GramKernel {
  if (w % 4 !== 0 || w < 4) throw new RangeError(`kernel width must be a positive multiple of 4, got ${w}`);
  compiled ??= new wasm.Module(moduleBytes());
  const instance = new wasm.Instance(compiled);
  const memory = instance.exports.memory as WasmMemory;
  const bytes = w * STRIDE + w * w * 8;
  const pages = Math.ceil(bytes / 65536);
  if (pages > 1) memory.grow(pages - 1);
  const tiles = instance.exports.tiles as (w: number, ct: number, out: number) => void;
  const outAt = w * STRIDE;
  return {
    block: new Float64Array(memory.buffer, 0, w * BLOCK),
    out: new Float64Array(memory.buffer, outAt, w * w),
    run: () => tiles(w, 0, outAt),
  };
}
