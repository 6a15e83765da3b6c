import { column } from "./data-loader.js";
import { mean, std } from "./stats.js";
import type { Table } from "./types.js";

/** One finding of a data-quality check. */
export interface QualityIssue {
  readonly check: "schema" | "missing-values" | "distribution";
  /** The column concerned, when there is one. */
  readonly column?: string;
  readonly message: string;
}

/** Mean and sample standard deviation of each column of a reference data set. */
export interface DataProfile {
  readonly rows: number;
  readonly columns: readonly string[];
  readonly mean: readonly number[];
  /** Sample standard deviation (n − 1 in the denominator). */
  readonly std: readonly number[];
}

/** Schema check: the columns must be exactly `expected`, in that order. */
export function checkSchema(table: Table, expected: readonly string[]): QualityIssue[] {
  const issues: QualityIssue[] = [];
  const have = new Set(table.columns);
  for (const name of expected) {
    if (!have.has(name))
      issues.push({ check: "schema", column: name, message: `${table.source}: column ${name} is missing` });
  }
  for (const name of table.columns) {
    if (!expected.includes(name)) {
      issues.push({ check: "schema", column: name, message: `${table.source}: unexpected column ${name}` });
    }
  }
  if (issues.length === 0 && table.columns.some((name, i) => name !== expected[i])) {
    issues.push({
      check: "schema",
      message: `${table.source}: columns are out of order (${table.columns.join(",")}; expected ${expected.join(",")})`,
    });
  }
  return issues;
}

/** Missing-values check: counts NaN cells per column (load with `allowMissing` so empty cells become NaN). */
export function checkMissingValues(table: Table): QualityIssue[] {
  const issues: QualityIssue[] = [];
  table.columns.forEach((name, c) => {
    let count = 0;
    let first = -1;
    for (let r = 0; r < table.rows; r++) {
      if (Number.isNaN(table.data[r * table.cols + c])) {
        if (count++ === 0) first = r;
      }
    }
    if (count > 0) {
      const message = `${table.source}: column ${name} has ${count} missing value${count > 1 ? "s" : ""} (first at row ${first + 1})`;
      issues.push({ check: "missing-values", column: name, message });
    }
  });
  return issues;
}

/** The mean and sample standard deviation of every column: the reference for `checkDistribution`. */
export function profileData(table: Table): DataProfile {
  const values = table.columns.map((name) => column(table, name));
  return {
    rows: table.rows,
    columns: [...table.columns],
    mean: values.map((v) => mean(v)),
    std: values.map((v) => std(v)),
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
  table: Table,
  reference: DataProfile,
  options: { readonly tolerance?: number; readonly minRowsForSpread?: number } = {},
): QualityIssue[] {
  const tolerance = options.tolerance ?? 3;
  const minRows = options.minRowsForSpread ?? 30;
  const issues: QualityIssue[] = [];
  const current = profileData(table);
  current.columns.forEach((name, c) => {
    const k = reference.columns.indexOf(name);
    if (k < 0) return;
    const [m, s, refM, refS] = [current.mean[c], current.std[c], reference.mean[k], reference.std[k]];
    const add = (what: string) =>
      issues.push({ check: "distribution", column: name, message: `${table.source}: column ${name} ${what}` });
    if (Math.abs(m - refM) > tolerance * refS) {
      add(`mean ${m} is more than ${tolerance} standard deviations from the reference mean ${refM} (sd ${refS})`);
    }
    if (s > tolerance * refS) add(`standard deviation ${s} exceeds ${tolerance} × the reference ${refS}`);
    else if (table.rows >= minRows && s < refS / tolerance) {
      add(`standard deviation ${s} is below 1/${tolerance} of the reference ${refS}`);
    }
  });
  return issues;
}

/** Runs every check: schema, missing values and (when the schema holds) distribution shift. */
export function checkDataQuality(table: Table, reference: DataProfile): QualityIssue[] {
  const schema = checkSchema(table, reference.columns);
  const missing = checkMissingValues(table);
  const distribution = schema.length === 0 && missing.length === 0 ? checkDistribution(table, reference) : [];
  return [...schema, ...missing, ...distribution];
}
