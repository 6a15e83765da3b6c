// The sample project's columns (MLOpsPython's diabetes data): ten measurements and the disease progression a year
// later. Replace these with your own data's columns.
import type { ColumnSpec } from "../mlops/contract/index.js";

/** Input columns of the sample data, in model order. */
export const FEATURES: readonly string[] = Object.freeze([
  "AGE",
  "SEX",
  "BMI",
  "BP",
  "S1",
  "S2",
  "S3",
  "S4",
  "S5",
  "S6",
]);

/** The target column of the sample data. */
export const TARGET = "Y";

/** The model's signature: every input a double, the target a double (a regression). */
export const SIGNATURE: { readonly inputs: readonly ColumnSpec[]; readonly target: ColumnSpec } = {
  inputs: FEATURES.map((name) => ({ name, type: "double" })),
  target: { name: TARGET, type: "double" },
};
