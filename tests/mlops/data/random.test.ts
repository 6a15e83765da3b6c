import { describe, expect, it } from "vitest";
import { MT19937, permutation } from "../../../mlops/data/index.js";
import { numpy } from "../fixtures/numpy/index.js";

describe("MT19937 and RandomState.permutation", () => {
  it("equals Debian numpy's RandomState(seed).permutation(n) for more seeds and lengths", () => {
    // Seeds across the whole 32-bit range; lengths that exercise every rejection mask width, including > 624 draws.
    const { seeds, lengths, values: expected } = numpy().permutations;

    for (const seed of seeds) {
      for (const n of lengths)
        expect([...permutation(n, seed)], `seed ${seed}, n ${n}`).toEqual(expected[`${seed}/${n}`]);
    }
  });

  it("equals numpy's raw 32-bit stream past the first state refill", () => {
    const expected = numpy().stream_5489;
    const rng = new MT19937(5489);

    const draws = Array.from({ length: 1300 }, () => rng.nextUint32());

    expect(draws).toEqual(expected);
  });

  it.each([-1, 2 ** 32, 1.5])("rejects seed %s outside numpy's range", (seed) => {
    expect(() => new MT19937(seed)).toThrow(/0\.\.4294967295/);
  });
});
