// MLOpsPython's data tests, for any typed frame: schema, missing values, and distribution shift of numeric columns.
import type { Frame } from "../contract/index.js";
import { mean, std } from "./stats.js";

/** One finding of a data-quality check. */
export interface QualityIssue {
  readonly check: "schema" | "missing-values" | "distribution";
  /** The column concerned, when there is one. */
  readonly column?: string;
  readonly message: string;
}

/** Mean and sample standard deviation of each numeric column of a reference data set. */
export interface DataProfile {
  readonly rows: number;
  readonly columns: readonly string[];
  readonly mean: readonly number[];
  /** Sample standard deviation (n − 1 in the denominator). */
  readonly std: readonly number[];
}

/** Schema check: the header must hold exactly `expected`, in that order. `source` names the file in messages. */
export function checkSchema(header: readonly string[], expected: readonly string[], source: string): QualityIssue[] {
  const issues: QualityIssue[] = [];
  const have = new Set(header);
  for (const name of expected) {
    if (!have.has(name))
      issues.push({ check: "schema", column: name, message: `${source}: column ${name} is missing` });
  }
  for (const name of header) {
    if (!expected.includes(name))
      issues.push({ check: "schema", column: name, message: `${source}: unexpected column ${name}` });
  }
  if (issues.length === 0 && header.some((name, i) => name !== expected[i])) {
    const message = `${source}: columns are out of order (${header.join(",")}; expected ${expected.join(",")})`;
    issues.push({ check: "schema", message });
  }
  return issues;
}

/** Missing-values check: counts missing cells per column (NaN numbers, empty strings; read with `allowMissing`). */
export function checkMissingValues(frame: Frame, source: string): QualityIssue[] {
  const issues: QualityIssue[] = [];
  frame.columns.forEach(({ name }, j) => {
    const values = frame.values[j];
    let count = 0;
    let first = -1;
    for (let r = 0; r < frame.rows; r++) {
      const v = values[r];
      if ((typeof v === "number" && Number.isNaN(v)) || v === "") {
        if (count++ === 0) first = r;
      }
    }
    if (count > 0) {
      const message = `${source}: column ${name} has ${count} missing value${count > 1 ? "s" : ""} (first at row ${first + 1})`;
      issues.push({ check: "missing-values", column: name, message });
    }
  });
  return issues;
}

/** The mean and sample standard deviation of every numeric column: the reference for `checkDistribution`. */
export function profileData(frame: Frame): DataProfile {
  const numeric = frame.columns.flatMap((c, j) => {
    const values = frame.values[j];
    return values instanceof Float64Array ? [[c.name, values] as const] : [];
  });
  return {
    rows: frame.rows,
    columns: numeric.map(([name]) => name),
    mean: numeric.map(([, v]) => mean(v)),
    std: numeric.map(([, v]) => std(v)),
  };
}

/**
 * Distribution-shift check against a reference profile (MLOpsPython's data test, with the standard deviation
 * computed as a standard deviation, not a second mean). A column shifts when its mean moves by more than
 * `tolerance` reference standard deviations, or its standard deviation is more than `tolerance` times the
 * reference's (or, with at least `minRowsForSpread` rows, less than 1/`tolerance` of it: tiny samples have
 * unreliably small spreads). Columns missing from either side are left to the schema check.
 */
export function checkDistribution(
  frame: Frame,
  reference: DataProfile,
  source: string,
  options: { readonly tolerance?: number; readonly minRowsForSpread?: number } = {},
): QualityIssue[] {
  const tolerance = options.tolerance ?? 3;
  const minRows = options.minRowsForSpread ?? 30;
  const issues: QualityIssue[] = [];
  const current = profileData(frame);
  current.columns.forEach((name, c) => {
    const k = reference.columns.indexOf(name);
    if (k < 0) return;
    const [m, s, refM, refS] = [current.mean[c], current.std[c], reference.mean[k], reference.std[k]];
    const add = (what: string) =>
      issues.push({ check: "distribution", column: name, message: `${source}: column ${name} ${what}` });
    if (Math.abs(m - refM) > tolerance * refS) {
      add(`mean ${m} is more than ${tolerance} standard deviations from the reference mean ${refM} (sd ${refS})`);
    }
    if (s > tolerance * refS) add(`standard deviation ${s} exceeds ${tolerance} × the reference ${refS}`);
    else if (frame.rows >= minRows && s < refS / tolerance) {
      add(`standard deviation ${s} is below 1/${tolerance} of the reference ${refS}`);
    }
  });
  return issues;
}

/** Every check: schema, missing values and (when both hold) distribution shift. */
export function checkDataQuality(
  header: readonly string[],
  frame: Frame,
  reference: DataProfile & { readonly schema: readonly string[] },
  source: string,
): QualityIssue[] {
  const schema = checkSchema(header, reference.schema, source);
  const missing = checkMissingValues(frame, source);
  const distribution = schema.length === 0 && missing.length === 0 ? checkDistribution(frame, reference, source) : [];
  return [...schema, ...missing, ...distribution];
}
