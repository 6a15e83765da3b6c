// WebAssembly memory never shrinks: the /score parser and formatter keep one instance of bounded memory and serve
// a large body from an instance of its own, which the garbage collector takes once its result is dropped.
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { describe, expect, it } from "vitest";
import {
  createMatrixParser,
  type MatrixScratch,
  parseDataMatrix,
  SCRATCH_KEEP_BYTES,
} from "../../../mlops/server/fast-matrix.js";
import { KEEP_BYTES as FORMAT_KEEP, WasmNumberFormatter } from "../../../mlops/server/wasm-format/index.js";
import { KEEP_BYTES as PARSE_KEEP, WasmMatrixParser } from "../../../mlops/server/wasm-matrix/index.js";

// A full collection on demand (the flag exposes `gc` to contexts created after it is set).
setFlagsFromString("--expose-gc");
const gc = runInNewContext("gc") as () => void;

/** Collects until `weak` is cleared (WeakRefs are cleared between jobs, so each try waits a turn). */
async function collected(weak: WeakRef<object>): Promise<boolean> {
  for (let i = 0; i < 5 && weak.deref() !== undefined; i++) {
    await new Promise((resolve) => setTimeout(resolve, 0));
    gc();
  }
  return weak.deref() === undefined;
}

/** A {"data": ...} body of `rows` rows of `width` small integers, row i starting with i (cheap to build). */
function body(rows: number, width = 10): Buffer {
  const rest = Array.from({ length: width - 1 }, (_, j) => `,${j}`).join("");
  return Buffer.from(`{"data":[${Array.from({ length: rows }, (_, i) => `[${i}${rest}]`).join(",")}]}`);
}

describe("WebAssembly memory after a large body", () => {
  it("the parser keeps at most its bound; the memory of a 2.5 MB body is collected once its matrix is dropped", async () => {
    const parser = new WasmMatrixParser(10);
    const small = body(10);
    expect(parser.parse(small)?.rows).toBe(10);
    const before = parser.keptBytes;
    const big = body(100_000);
    expect(big.length).toBeGreaterThan(2.5e6);
    let matrix = parser.parse(big);
    expect(matrix?.rows).toBe(100_000);
    expect([matrix?.data[999_990], matrix?.data[999_999]]).toEqual([99_999, 8]);
    // The large matrix lives in memory of its own, 5× the body (body, then up to one double per two bytes).
    const largeMemory = new WeakRef((matrix as { data: Float64Array }).data.buffer);
    expect((largeMemory.deref() as ArrayBuffer).byteLength).toBeGreaterThan(5 * big.length);
    expect(parser.keptBytes).toBe(before);
    expect(parser.keptBytes).toBeLessThanOrEqual(PARSE_KEEP);
    matrix = undefined;
    expect(await collected(largeMemory)).toBe(true);
    expect(parser.parse(small)?.data[90]).toBe(9);
  });

  it("a body within the bound grows the kept memory and parses in it", () => {
    const parser = new WasmMatrixParser(10);
    const medium = body(50_000); // ~1.2 MB: needs ~6 MB, within the 8 MiB bound
    const matrix = parser.parse(medium);
    expect(matrix?.rows).toBe(50_000);
    expect(parser.keptBytes).toBeGreaterThan(5 * medium.length);
    expect(parser.keptBytes).toBeLessThanOrEqual(PARSE_KEEP);
    expect(matrix?.data.buffer.byteLength).toBe(parser.keptBytes);
  });

  it("the formatter keeps at most its bound and formats 300,000 values in memory it then drops", () => {
    const formatter = new WasmNumberFormatter();
    const values = Float64Array.from({ length: 300_000 }, (_, i) => Math.cos(i) * 1e3);
    expect(formatter.join(values)).toBe(values.join(","));
    expect(formatter.keptBytes).toBeLessThanOrEqual(FORMAT_KEEP);
    expect(formatter.join([1.5, -2])).toBe("1.5,-2");
  });

  it("the JavaScript path's scratch grows up to its bound, a larger matrix gets storage of its own", () => {
    const scratch: MatrixScratch = { data: new Float64Array(640) };
    const big = body(150_000); // 1,500,000 doubles: 12 MB
    const matrix = parseDataMatrix(big, 10, scratch);
    expect(matrix?.rows).toBe(150_000);
    expect(matrix?.data[1_499_990]).toBe(149_999);
    expect(scratch.data.byteLength).toBeLessThanOrEqual(SCRATCH_KEEP_BYTES);
    expect(scratch.data.byteLength).toBeGreaterThan(SCRATCH_KEEP_BYTES / 2); // it did grow, up to the bound
    expect(matrix?.data.buffer).not.toBe(scratch.data.buffer);
    expect(createMatrixParser(10)(big)?.rows).toBe(150_000);
  });
});
