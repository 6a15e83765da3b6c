import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  checkDataQuality,
  checkDistribution,
  checkMissingValues,
  checkSchema,
  FEATURES,
  loadCsv,
  profileData,
  TARGET,
} from "../../training/index.js";
import { DIABETES_CSV, numpy, ROOT, relErr } from "./helpers.js";

// MLOpsPython's data tests on its three broken fixtures, with the reference profile taken from the sample data.
const fixture = (name: string) => loadCsv(join(ROOT, "data", "fixtures", name), { allowMissing: true });
const sample = await loadCsv(DIABETES_CSV);
const reference = profileData(sample);
const COLUMNS = [...FEATURES, TARGET];

describe("data quality", () => {
  it("passes the sample data and its first half", async () => {
    const half = { ...sample, rows: 221, data: sample.data.subarray(0, 221 * sample.cols) };

    expect(checkDataQuality(sample, reference)).toEqual([]);
    expect(checkDataQuality(half, reference)).toEqual([]);
  });

  it("profiles the sample with numpy's mean and sample standard deviation (ddof = 1, pandas' df.std())", () => {
    const expected = numpy().profile;

    reference.std.forEach((s, c) => {
      expect(relErr(s, expected.std[c])).toBeLessThanOrEqual(1e-13);
    });
    reference.mean.forEach((m, c) => {
      expect(Math.abs(m - expected.mean[c])).toBeLessThanOrEqual(1e-13 * reference.std[c]);
    });
  });

  it("flags the bad-schema fixture: AGE is missing", async () => {
    const table = await fixture("diabetes_bad_schema.csv");

    const issues = checkSchema(table, COLUMNS);

    expect(issues).toEqual([expect.objectContaining({ check: "schema", column: "AGE" })]);
    expect(issues[0].message).toMatch(/diabetes_bad_schema\.csv: column AGE is missing/);
  });

  it("flags the missing-values fixture: AGE, SEX and BMI are empty in row 1", async () => {
    const table = await fixture("diabetes_missing_values.csv");

    const issues = checkMissingValues(table);

    expect(issues.map((i) => i.column)).toEqual(["AGE", "SEX", "BMI"]);
    expect(issues[0].message).toMatch(/column AGE has 1 missing value \(first at row 1\)/);
  });

  it("flags the bad-distribution fixture: AGE has shifted", async () => {
    const table = await fixture("diabetes_bad_dist.csv");

    const issues = checkDistribution(table, reference);

    expect(issues.length).toBeGreaterThan(0);
    expect(issues.every((i) => i.column === "AGE")).toBe(true);
    expect(issues[0].message).toMatch(/column AGE mean 49\.99\d* is more than 3 standard deviations/);
  });

  it("flags a column whose spread collapsed, once there are enough rows", () => {
    const data = Float64Array.from(sample.data);
    for (let r = 0; r < sample.rows; r++) data[r * sample.cols + 2] = 0.001 * (r % 2); // BMI nearly constant
    const shrunk = { ...sample, source: "shrunk.csv", data };

    const issues = checkDistribution(shrunk, reference);

    expect(issues).toEqual([expect.objectContaining({ column: "BMI" })]);
    expect(issues[0].message).toMatch(/standard deviation .* below 1\/3/);
  });

  it("runs every check together and reports schema problems first", async () => {
    const table = await fixture("diabetes_bad_schema.csv");

    const issues = checkDataQuality(table, reference);

    expect(issues.map((i) => i.check)).toEqual(["schema"]);
  });
});
