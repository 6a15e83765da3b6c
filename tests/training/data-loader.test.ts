import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { column, FEATURES, loadCsv, parseCsv, TARGET } from "../../training/index.js";
import { DIABETES_CSV } from "./helpers.js";

describe("loadCsv", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "loader-"));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("reads the sample data into a 442 × 11 numeric table", async () => {
    const table = await loadCsv(DIABETES_CSV, { requiredColumns: [...FEATURES, TARGET] });

    expect(table.columns).toEqual([...FEATURES, TARGET]);
    expect([table.rows, table.cols, table.data.length]).toEqual([442, 11, 442 * 11]);
    expect(table.data[0]).toBe(0.0380759064334241);
    expect(column(table, "Y")[441]).toBe(57);
  });

  it("names the file when it does not exist", async () => {
    const path = join(dir, "nope.csv");
    await expect(loadCsv(path)).rejects.toThrow(`${path}: data file not found`);
  });

  it("reads a file from disk with CRLF line ends and a BOM", async () => {
    const path = join(dir, "crlf.csv");
    await writeFile(path, "\uFEFFa,b\r\n1,2\r\n3,4\r\n");

    const table = await loadCsv(path);

    expect(table.columns).toEqual(["a", "b"]);
    expect([...table.data]).toEqual([1, 2, 3, 4]);
  });
});

describe("parseCsv", () => {
  it("accepts quoted cells, exponents and surrounding spaces", () => {
    const table = parseCsv('"a","b c"\n" 1.5e2",-.5\n+3, 4.\n', "t.csv");

    expect(table.columns).toEqual(["a", "b c"]);
    expect([...table.data]).toEqual([150, -0.5, 3, 4]);
  });

  it.each([
    ["", /t\.csv: the file is empty/],
    ["\n\n", /t\.csv: the file is empty/],
    ["a,b\n", /t\.csv: the file has a header but no data rows/],
    ["a,b\n1,2\n3\n", /t\.csv: row 2 \(line 3\) has 1 cells but the header has 2 columns/],
    ["a,b\n1,2,3\n", /t\.csv: row 1 \(line 2\) has 3 cells/],
    ["a,b\n1,\n", /t\.csv: row 1 \(line 2\), column b: empty cell/],
    ["a,b\n1,2\n3,x7\n", /t\.csv: row 2 \(line 3\), column b: 'x7' is not a number/],
    ["a,b\n0x10,2\n", /column a: '0x10' is not a number/],
    ["a,b\nNaN,2\n", /column a: 'NaN' is not a number/],
    ["a,a\n1,2\n", /column a appears twice/],
    ["a,,c\n1,2,3\n", /line 1, column 2: empty column name/],
    ['a,b\n"1,2\n', /line 2: a quoted cell is not closed/],
  ])("rejects %j", (text, message) => {
    expect(() => parseCsv(text, "t.csv")).toThrow(message);
  });

  it("names every missing required column", () => {
    expect(() => parseCsv("AGE,Y\n1,2\n", "t.csv", { requiredColumns: ["AGE", "BMI", "BP", "Y"] })).toThrow(
      /t\.csv: line 1: missing columns BMI, BP \(header: AGE, Y\)/,
    );
  });

  it("reads empty cells and NA markers as NaN only when missing values are allowed", () => {
    const table = parseCsv("a,b,c\n,NA,1\n", "t.csv", { allowMissing: true });

    expect([...table.data]).toEqual([Number.NaN, Number.NaN, 1]);
    expect(() => parseCsv("a,b,c\n1,2,oops\n", "t.csv", { allowMissing: true })).toThrow(/'oops' is not a number/);
  });
});
