import { describe, expect, it } from "vitest";
import { MT19937 } from "../../mlops/data/index.js";
import { GramAccumulator } from "../../training/index.js";
import { relErr } from "./helpers.js";

/** Deterministic synthetic regression data: y = x·w + 3 + noise, features offset by `offset`. */
function synthetic(rows: number, p: number, offset: number) {
  const rng = new MT19937(11);
  const u = () => rng.nextUint32() / 2 ** 32 - 0.5;
  const x = new Float64Array(rows * p);
  const y = new Float64Array(rows);
  for (let r = 0; r < rows; r++) {
    let t = 3 + 0.01 * u();
    for (let j = 0; j < p; j++) {
      const v = u();
      x[r * p + j] = offset + v;
      t += (j + 1) * v;
    }
    y[r] = t;
  }
  return { x, y };
}

describe("GramAccumulator", () => {
  it("gives the same fit whether rows arrive in one chunk or many uneven chunks", () => {
    const p = 5;
    const { x, y } = synthetic(1003, p, 0);
    const whole = new GramAccumulator(p);
    whole.add(x, y);
    const chunked = new GramAccumulator(p);
    for (let start = 0; start < 1003; ) {
      const n = Math.min(1 + (start % 97), 1003 - start);
      chunked.add(x.subarray(start * p), y.subarray(start), n);
      start += n;
    }

    const a = whole.solveRidge(0.1);
    const b = chunked.solveRidge(0.1);

    expect(chunked.count).toBe(1003);
    expect(relErr(b.intercept, a.intercept)).toBeLessThan(1e-12);
    a.coefficients.forEach((w, j) => {
      expect(relErr(b.coefficients[j], w)).toBeLessThan(1e-12);
    });
  });

  it("fits data far from zero as accurately as the same data near zero (the shift avoids cancellation)", () => {
    // Raw XᵀX − n·x̄x̄ᵀ at offset 1e6 would lose ~12 of 16 digits; shifting first keeps the fit shift-invariant.
    const p = 3;
    const near = synthetic(2000, p, 0);
    const far = { x: near.x.map((v) => v + 1e6), y: near.y };
    const solve = (d: typeof near) => {
      const acc = new GramAccumulator(p);
      acc.add(d.x.subarray(0, 500 * p), d.y.subarray(0, 500), 500);
      acc.add(d.x.subarray(500 * p), d.y.subarray(500), 1500);
      return acc.solveRidge(0);
    };

    const a = solve(near);
    const b = solve(far);

    b.coefficients.forEach((w, j) => {
      expect(relErr(w, a.coefficients[j])).toBeLessThan(1e-7);
    });
    const sum = b.coefficients.reduce((s, w) => s + w, 0);
    expect(relErr(b.intercept, a.intercept - 1e6 * sum)).toBeLessThan(1e-9);
  });

  it("refuses to solve with no rows", () => {
    expect(() => new GramAccumulator(2).solveRidge(1)).toThrow(/no rows/);
  });
});
