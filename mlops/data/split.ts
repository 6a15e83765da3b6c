import { type Frame, takeRows } from "../contract/index.js";
import { permutation } from "./random.js";

/** Row indices of a split, each side in permutation order. */
export interface SplitIndices {
  readonly train: Uint32Array;
  readonly test: Uint32Array;
}

/**
 * Number of test rows as scikit-learn's `_validate_shuffle_split` computes it: a fraction in (0, 1) gives
 * `ceil(testSize · n)`, a whole number ≥ 1 is a count that must be below `n`. Throws with the rule otherwise.
 */
export function testCount(testSize: number, n: number): number {
  if (Number.isInteger(testSize) && testSize >= 1) {
    if (testSize >= n) {
      throw new RangeError(`test size ${testSize} must be a count below the ${n} rows (or a fraction in (0, 1))`);
    }
    return testSize;
  }
  if (!(testSize > 0 && testSize < 1)) {
    throw new RangeError(`test size must be a fraction in (0, 1) or a whole count ≥ 1, got ${testSize}`);
  }
  const nTest = Math.ceil(testSize * n);
  if (nTest >= n) {
    throw new RangeError(`test size ${testSize} of ${n} rows leaves no training rows; use a smaller fraction`);
  }
  return nTest;
}

/**
 * scikit-learn's `train_test_split(..., test_size, random_state=seed)` (shuffle=True, no stratify):
 * `perm = RandomState(seed).permutation(n)`; test = the first n_test entries, train = the rest, both in
 * permutation order.
 */
export function trainTestSplitIndices(n: number, testSize: number, seed: number): SplitIndices {
  const nTest = testCount(testSize, n);
  const perm = permutation(n, seed);
  return { test: perm.slice(0, nTest), train: perm.slice(nTest) };
}

/** A frame split into train and test rows, and the source rows each side came from. */
export interface FrameSplit {
  readonly train: Frame;
  readonly test: Frame;
  /** 0-based source rows, in the order the rows appear in `train` / `test` (the permutation's order). */
  readonly trainIndices: Uint32Array;
  readonly testIndices: Uint32Array;
}

/** Splits a frame's rows exactly like scikit-learn's `train_test_split(test_size, random_state)`. */
export function splitFrame(frame: Frame, testSize: number, randomState: number): FrameSplit {
  const { train, test } = trainTestSplitIndices(frame.rows, testSize, randomState);
  return { train: takeRows(frame, train), test: takeRows(frame, test), trainIndices: train, testIndices: test };
}
