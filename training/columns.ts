// The sample project's columns (MLOpsPython's diabetes data). Replace these with your own data's columns.

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
