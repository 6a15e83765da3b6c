import { describe, expect, it } from "vitest";
import { MT19937, permutation } from "../../mlops/data/index.js";
import { REFERENCE, readJson } from "./helpers.js";

interface Vectors {
  readonly first5_uint32: Record<string, number[]>;
  readonly permutation_442: Record<string, number[]>;
  readonly permutation_10: Record<string, number[]>;
}

// The inbox's numpy vectors for the sample's seeds (fixtures/reference/mt19937_vectors.json).
const vectors = readJson<Vectors>(`${REFERENCE}/mt19937_vectors.json`);

describe("the sample's seeds: MT19937 and RandomState.permutation", () => {
  it.each(Object.keys(vectors.first5_uint32))("seed %s: first five 32-bit draws equal numpy's", (seed) => {
    const rng = new MT19937(Number(seed));

    expect(Array.from({ length: 5 }, () => rng.nextUint32())).toEqual(vectors.first5_uint32[seed]);
  });

  it.each(Object.keys(vectors.permutation_442))(
    "seed %s: permutation(442) and permutation(10) equal numpy's",
    (seed) => {
      expect([...permutation(442, Number(seed))]).toEqual(vectors.permutation_442[seed]);
      expect([...permutation(10, Number(seed))]).toEqual(vectors.permutation_10[seed]);
    },
  );
});
