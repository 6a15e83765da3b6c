import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { Frame } from "../../mlops/contract/index.js";
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
import { CSV, ROOT } from "./helpers.js";

// MLOpsPython's three data tests (schema, missing values, distribution shift) on the example's broken files,
// data/fixtures/*.csv, which data/fixtures/make-broken-fixtures.mjs writes from the data.
const COLUMNS = [...SIGNATURE.inputs, SIGNATURE.target];
const SCHEMA = COLUMNS.map((c) => c.name);
const FIXTURES = join(ROOT, "data", "fixtures");

/** A data file as the checks see it: its header, and the model's columns it has (missing cells allowed). */
function read(path: string): { header: string[]; frame: Frame; source: string } {
  const text = readFileSync(path, "utf8");
  const header = csvHeader(text, path);
  const present = COLUMNS.filter((c) => header.includes(c.name));
  return { header, frame: parseCsvFrame(text, path, present, { allowMissing: true }), source: path };
}
const fixture = (name: string) => read(join(FIXTURES, name));
const data = read(CSV);
const reference = { ...profileData(data.frame), schema: SCHEMA };

describe("the example's data quality", () => {
  it("passes the data itself", () => {
    expect(checkDataQuality(data.header, data.frame, reference, data.source)).toEqual([]);
  });

  it("keeps the broken files equal to what their script writes from the data", async () => {
    const { brokenFixtures } = await import(join(FIXTURES, "make-broken-fixtures.mjs"));
    const files = brokenFixtures(readFileSync(CSV, "utf8")) as Record<string, string>;
    expect(Object.keys(files).length).toBe(3);
    for (const [name, content] of Object.entries(files)) {
      expect(readFileSync(join(FIXTURES, name), "utf8"), name).toBe(content);
    }
  });

  it("flags the bad-schema file: mean_radius is missing", () => {
    const { header, frame, source } = fixture("breast_cancer_bad_schema.csv");
    const issues = checkSchema(header, SCHEMA, source);
    expect(issues).toEqual([expect.objectContaining({ check: "schema", column: "mean_radius" })]);
    expect(checkDataQuality(header, frame, reference, source).map((i) => i.check)).toEqual(["schema"]);
  });

  it("flags the missing-values file: mean_radius and mean_texture are empty in row 1", () => {
    const { frame, source } = fixture("breast_cancer_missing_values.csv");
    const issues = checkMissingValues(frame, source);
    expect(issues.map((i) => i.column)).toEqual(["mean_radius", "mean_texture"]);
    expect(issues[0].message).toMatch(/column mean_radius has 1 missing value \(first at row 1\)/);
  });

  it("flags the shifted file: mean_area's mean and spread, no other column", () => {
    const { frame, source } = fixture("breast_cancer_bad_dist.csv");
    const issues = checkDistribution(frame, reference, source);
    expect(issues.map((i) => i.column)).toEqual(["mean_area", "mean_area"]);
    expect(issues[0].message).toMatch(/mean_area mean .* is more than 3 standard deviations/);
  });
});
