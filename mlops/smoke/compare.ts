import type { Label } from "../contract/index.js";
import type { ScoringAnswer } from "./predictions.js";

/** Relative tolerance for each value (the contract's ±1e-9). */
export const SMOKE_TOLERANCE = 1e-9;

/** What the answer must hold: a model's smoke.json result (and a classifier's classes and probabilities). */
export interface ExpectedAnswer {
  readonly result: readonly (number | Label)[];
  readonly classes?: readonly Label[];
  readonly probabilities?: readonly (readonly number[])[];
}

/** How an answer compared: the first difference in words (undefined when it matched) and the worst relative error. */
export interface Comparison {
  readonly mismatch?: string;
  readonly maxRelativeError: number;
}

/**
 * Compares a scoring answer with the expected one: the same number of rows; numbers within ±1e-9 relative, labels
 * equal; a classifier's probabilities (when both sides carry them, class order by class) within ±1e-9 relative.
 * Services that answer labels only (an MLflow server) are checked on the labels.
 */
export function compareAnswer(answer: ScoringAnswer, expected: ExpectedAnswer): Comparison {
  const got = answer.values;
  const want = expected.result;
  if (got.length !== want.length) {
    return {
      mismatch: `answered ${got.length} values, expected ${want.length} (${JSON.stringify(got).slice(0, 200)})`,
      maxRelativeError: Number.NaN,
    };
  }
  let worst = 0;
  const close = (a: number, b: number, where: string): string | undefined => {
    const rel = Math.abs(a - b) / Math.max(Math.abs(b), Number.MIN_VALUE);
    if (!(rel <= SMOKE_TOLERANCE) && a !== b)
      return `${where} is ${a}, expected ${b} (relative error ${rel.toExponential(2)} > ${SMOKE_TOLERANCE})`;
    worst = Math.max(worst, a === b ? 0 : rel);
    return undefined;
  };
  for (let i = 0; i < want.length; i++) {
    const [a, b] = [got[i], want[i]];
    const problem =
      typeof a === "number" && typeof b === "number"
        ? close(a, b, `result[${i}]`)
        : String(a) === String(b)
          ? undefined
          : `result[${i}] is ${JSON.stringify(a)}, expected ${JSON.stringify(b)}`;
    if (problem) return { mismatch: problem, maxRelativeError: worst };
  }
  if (answer.probabilities && expected.probabilities && expected.classes) {
    const order = expected.classes.map((c) => answer.classes?.findIndex((x) => String(x) === String(c)) ?? -1);
    if (order.some((k) => k < 0))
      return {
        mismatch: `classes ${JSON.stringify(answer.classes)}, expected ${JSON.stringify(expected.classes)}`,
        maxRelativeError: worst,
      };
    for (let i = 0; i < expected.probabilities.length; i++) {
      for (const [c, k] of order.entries()) {
        const problem = close(
          answer.probabilities[i]?.[k] ?? Number.NaN,
          expected.probabilities[i][c],
          `probabilities[${i}][${expected.classes[c]}]`,
        );
        if (problem) return { mismatch: problem, maxRelativeError: worst };
      }
    }
  }
  return { maxRelativeError: worst };
}
