import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { type Frame, takeRows } from "../../mlops/contract/index.js";
import {
  checkDataQuality,
  checkDistribution,
  checkMissingValues,
  checkSchema,
  csvHeader,
  parseCsvFrame,
  profileData,
} from "../../mlops/data/index.js";
import { SIGNATURE } from "../../training/index.js";
import { DIABETES_CSV, ROOT, readJson, relErr } from "./helpers.js";

// MLOpsPython's data tests on its three broken fixtures, with the reference profile taken from the sample data.
const COLUMNS = [...SIGNATURE.inputs, SIGNATURE.target];
const SCHEMA = COLUMNS.map((c) => c.name);

/** A data file as the checks see it: its header, and the sample's columns it has (missing cells allowed). */
function read(path: string): { header: string[]; frame: Frame; source: string } {
  const text = readFileSync(path, "utf8");
  const header = csvHeader(text, path);
  const present = COLUMNS.filter((c) => header.includes(c.name));
  return { header, frame: parseCsvFrame(text, path, present, { allowMissing: true }), source: path };
}
const fixture = (name: string) => read(join(ROOT, "data", "fixtures", name));
const sample = read(DIABETES_CSV);
const reference = { ...profileData(sample.frame), schema: SCHEMA };

describe("the sample's data quality", () => {
  it("passes the sample data and its first half", () => {
    const half = takeRows(
      sample.frame,
      Array.from({ length: 221 }, (_, i) => i),
    );

    expect(checkDataQuality(sample.header, sample.frame, reference, sample.source)).toEqual([]);
    expect(checkDataQuality(sample.header, half, reference, "half")).toEqual([]);
  });

  it("profiles the sample with numpy's mean and sample standard deviation (fixtures/diabetes-profile.json)", () => {
    const expected = readJson<{ mean: number[]; std: number[] }>(
      join(ROOT, "tests/training/fixtures/diabetes-profile.json"),
    );

    reference.std.forEach((s, c) => {
      expect(relErr(s, expected.std[c])).toBeLessThanOrEqual(1e-13);
    });
    reference.mean.forEach((m, c) => {
      expect(Math.abs(m - expected.mean[c])).toBeLessThanOrEqual(1e-13 * reference.std[c]);
    });
  });

  it("flags the bad-schema fixture: AGE is missing", () => {
    const { header, source } = fixture("diabetes_bad_schema.csv");

    const issues = checkSchema(header, SCHEMA, source);

    expect(issues).toEqual([expect.objectContaining({ check: "schema", column: "AGE" })]);
    expect(issues[0].message).toMatch(/diabetes_bad_schema\.csv: column AGE is missing/);
  });

  it("flags the missing-values fixture: AGE, SEX and BMI are empty in row 1", () => {
    const { frame, source } = fixture("diabetes_missing_values.csv");

    const issues = checkMissingValues(frame, source);

    expect(issues.map((i) => i.column)).toEqual(["AGE", "SEX", "BMI"]);
    expect(issues[0].message).toMatch(/column AGE has 1 missing value \(first at row 1\)/);
  });

  it("flags the bad-distribution fixture: AGE has shifted", () => {
    const { frame, source } = fixture("diabetes_bad_dist.csv");

    const issues = checkDistribution(frame, reference, source);

    expect(issues.length).toBeGreaterThan(0);
    expect(issues.every((i) => i.column === "AGE")).toBe(true);
    expect(issues[0].message).toMatch(/column AGE mean 49\.99\d* is more than 3 standard deviations/);
  });

  it("flags a column whose spread collapsed, once there are enough rows", () => {
    const values = sample.frame.values.map((v, j) =>
      sample.frame.columns[j].name === "BMI" ? Float64Array.from(v as Float64Array, (_, r) => 0.001 * (r % 2)) : v,
    );

    const issues = checkDistribution({ ...sample.frame, values }, reference, "shrunk.csv");

    expect(issues).toEqual([expect.objectContaining({ column: "BMI" })]);
    expect(issues[0].message).toMatch(/standard deviation .* below 1\/3/);
  });

  it("runs every check together and reports schema problems first", () => {
    const { header, frame, source } = fixture("diabetes_bad_schema.csv");

    expect(checkDataQuality(header, frame, reference, source).map((i) => i.check)).toEqual(["schema"]);
  });
});
