import { describe, expect, it } from "vitest";
import { MT19937, permutation } from "../../training/index.js";
import { numpy, REFERENCE, readJson } from "./helpers.js";

interface Vectors {
  readonly first5_uint32: Record<string, number[]>;
  readonly permutation_442: Record<string, number[]>;
  readonly permutation_10: Record<string, number[]>;
}

const vectors = readJson<Vectors>(`${REFERENCE}/mt19937_vectors.json`);

describe("MT19937 and RandomState.permutation", () => {
  it.each(Object.keys(vectors.first5_uint32))("seed %s: first five 32-bit draws equal numpy's", (seed) => {
    const rng = new MT19937(Number(seed));

    const draws = Array.from({ length: 5 }, () => rng.nextUint32());

    expect(draws).toEqual(vectors.first5_uint32[seed]);
  });

  it.each(Object.keys(vectors.permutation_442))(
    "seed %s: permutation(442) and permutation(10) equal numpy's",
    (seed) => {
      expect([...permutation(442, Number(seed))]).toEqual(vectors.permutation_442[seed]);
      expect([...permutation(10, Number(seed))]).toEqual(vectors.permutation_10[seed]);
    },
  );

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
