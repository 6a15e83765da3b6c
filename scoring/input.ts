/** The caller sent input the model cannot score; the message says what was wrong and where. */
export class ScoringInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ScoringInputError";
  }
}

/** A short, safe rendering of an offending value for error messages. */
export function describeValue(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  if (typeof value === "object") return "an object";
  if (typeof value === "string") {
    return `the string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}`;
  }
  return String(value);
}

/**
 * Checks that `rows` is a non-empty list of rows, each with one finite number per feature, and returns it typed.
 * Throws ScoringInputError naming the row, the column and the value; `where` is the payload key the rows came from.
 */
export function checkRows(rows: unknown, featureNames: readonly string[], where: string): number[][] {
  if (!Array.isArray(rows)) {
    throw new ScoringInputError(`${where} must be a list of rows (arrays of numbers), got ${describeValue(rows)}`);
  }
  if (rows.length === 0) throw new ScoringInputError(`${where} is an empty batch: send at least one row`);
  const width = featureNames.length;
  for (let i = 0; i < rows.length; i++) {
    const row: unknown = rows[i];
    if (!Array.isArray(row)) {
      throw new ScoringInputError(`${where}[${i}] must be an array of ${width} numbers, got ${describeValue(row)}`);
    }
    if (row.length !== width) {
      throw new ScoringInputError(
        `${where}[${i}] has ${row.length} values, expected ${width} (${featureNames.join(", ")})`,
      );
    }
    for (let j = 0; j < width; j++) {
      const x: unknown = row[j];
      // Strings are refused even when numeric ("1.5", "NaN"): JSON has numbers, and guessing hides client bugs.
      if (typeof x !== "number" || !Number.isFinite(x)) {
        throw new ScoringInputError(
          `${where}[${i}][${j}] (${featureNames[j]}) must be a finite number, got ${describeValue(x)}`,
        );
      }
    }
  }
  return rows as number[][];
}

// Overflowed predictions (inputs near 1e308) are refused: JSON cannot carry Infinity, and a silent `null` in the
// response would be worse than a 400.
/** Throws ScoringInputError naming the first prediction that is not finite. */
function checkFinite(predictions: ArrayLike<number>, where: string): void {
  for (let i = 0; i < predictions.length; i++) {
    const y = predictions[i];
    if (!Number.isFinite(y)) {
      throw new ScoringInputError(
        `${where}[${i}]: the prediction overflows (${y}); the input values are too large for this model`,
      );
    }
  }
}

/** The predictions as a plain array (run()'s `result`), after checking each is finite. */
export function checkPredictions(predictions: ArrayLike<number>, where: string): number[] {
  checkFinite(predictions, where);
  return Array.from(predictions);
}

/** The same predictions, no copy, after checking each is finite (the server joins them into its answer). */
export function checkedPredictions(predictions: Float64Array, where: string): Float64Array {
  checkFinite(predictions, where);
  return predictions;
}
