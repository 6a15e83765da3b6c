import { describe, expect, it } from "vitest";
import { MT19937 } from "../../mlops/data/index.js";
import { BLOCK, gramKernel } from "../../training/gram-kernel.js";
import { GramAccumulator } from "../../training/index.js";
import { relErr } from "./helpers.js";

const rng = new MT19937(5);
const uniform = () => rng.nextUint32() / 2 ** 32 - 0.5;

describe("the WebAssembly Gram kernel", () => {
  it.each([4, 12, 52])("computes every upper-triangle dot product of a %i-column block", (w) => {
    const kernel = gramKernel(w);
    for (let i = 0; i < kernel.block.length; i++) kernel.block[i] = uniform();

    kernel.run();

    for (let i = 0; i < w; i++) {
      for (let j = i; j < w; j++) {
        let dot = 0;
        for (let k = 0; k < BLOCK; k++) dot += kernel.block[i * BLOCK + k] * kernel.block[j * BLOCK + k];
        expect(Math.abs(kernel.out[i * w + j] - dot)).toBeLessThan(1e-12);
      }
    }
  });

  it("rejects a width that is not a multiple of 4", () => {
    expect(() => gramKernel(6)).toThrow(/multiple of 4/);
  });

  it("keeps accumulators of the same padded width apart when their blocks interleave", () => {
    // p = 9 and p = 10 share one kernel (width 12); p = 10 fills the column that is padding for p = 9.
    const rows = 600;
    const x10 = Float64Array.from({ length: rows * 10 }, uniform);
    const x9 = Float64Array.from({ length: rows * 9 }, uniform);
    const y = Float64Array.from({ length: rows }, uniform);
    const alone = new GramAccumulator(9);
    alone.add(x9, y);
    const a = new GramAccumulator(9);
    const b = new GramAccumulator(10);

    for (const start of [0, 300]) {
      a.add(x9.subarray(start * 9), y.subarray(start), 300);
      b.add(x10.subarray(start * 10), y.subarray(start), 300);
    }

    const expected = alone.solveRidge(0.5);
    const got = a.solveRidge(0.5);
    got.coefficients.forEach((w, j) => {
      expect(relErr(w, expected.coefficients[j])).toBeLessThan(1e-12);
    });
  });
});
