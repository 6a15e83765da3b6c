import { describe, expect, it } from "vitest";
import { MT19937, permutation } from "../../training/index.js";
import { REFERENCE, readJson } from "./helpers.js";
import { numpyJson } from "./numpy.js";

interface Vectors {
  readonly first5_uint32: Record<string, number[]>;
  readonly permutation_442: Record<string, number[]>;
  readonly permutation_10: Record<string, number[]>;
}

const vectors = readJson<Vectors>(`${REFERENCE}/sklearn/mt19937_vectors.json`);

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
    const seeds = [2, 7, 42, 1234, 99999, 2 ** 31 - 1, 2 ** 31, 4294967295];
    const lengths = [1, 2, 3, 17, 256, 257, 442, 1000, 5000];
    const expected = numpyJson<Record<string, number[]>>(
      `print(json.dumps({f"{s}/{n}": np.random.RandomState(s).permutation(n).tolist() for s in ${JSON.stringify(seeds)} for n in ${JSON.stringify(lengths)}}))`,
    );

    for (const seed of seeds) {
      for (const n of lengths)
        expect([...permutation(n, seed)], `seed ${seed}, n ${n}`).toEqual(expected[`${seed}/${n}`]);
    }
  });

  it("equals numpy's raw 32-bit stream past the first state refill", () => {
    const expected = numpyJson<number[]>(
      "print(json.dumps(np.random.RandomState(5489).randint(0, 2**32, size=1300, dtype=np.uint64).tolist()))",
    );
    const rng = new MT19937(5489);

    const draws = Array.from({ length: 1300 }, () => rng.nextUint32());

    expect(draws).toEqual(expected);
  });

  it.each([-1, 2 ** 32, 1.5])("rejects seed %s outside numpy's range", (seed) => {
    expect(() => new MT19937(seed)).toThrow(/0\.\.4294967295/);
  });
});
