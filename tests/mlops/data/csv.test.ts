import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ColumnSpec } from "../../../mlops/contract/index.js";
import { csvHeader, frameToCsv, parseCsvFrame, readCsvFrame } from "../../../mlops/data/index.js";
import { FIXTURES } from "../fixtures/index.js";

const col = (name: string, type: ColumnSpec["type"] = "double"): ColumnSpec => ({ name, type });
const AB = [col("a"), col("b")];

describe("readCsvFrame", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "csv-"));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it("reads the fixture data's typed columns, by name and in the order asked", async () => {
    const frame = await readCsvFrame(FIXTURES.multiclass.data, [
      col("kind", "string"),
      col("size"),
      col("color", "string"),
    ]);

    expect(frame.rows).toBe(90);
    expect(frame.columns.map((c) => c.name)).toEqual(["kind", "size", "color"]);
    expect([frame.values[0][0], frame.values[1][0], frame.values[2][0]]).toEqual(["apple", 3, "red"]);
    expect(frame.values[1]).toBeInstanceOf(Float64Array);
  });

  it("names the file when it does not exist; reads CRLF and a BOM", async () => {
    await expect(readCsvFrame(join(dir, "nope.csv"), AB)).rejects.toThrow(/nope\.csv: data file not found/);
    const path = join(dir, "crlf.csv");
    await writeFile(path, "\uFEFFa,b\r\n1,2\r\n3,4\r\n");
    const frame = await readCsvFrame(path, AB);
    expect([...frame.values[0], ...frame.values[1]]).toEqual([1, 3, 2, 4]);
  });
});

describe("parseCsvFrame", () => {
  it("accepts quoted cells, exponents, surrounding spaces; longs, booleans and strings by type", () => {
    const frame = parseCsvFrame('"a","b c",n,ok,s\n" 1.5e2",-.5,7,TRUE,"x, y"\n+3, 4.,-2,false,z\n', "t.csv", [
      col("a"),
      col("b c"),
      col("n", "long"),
      col("ok", "boolean"),
      col("s", "string"),
    ]);

    expect(frame.values.map((v) => [...v])).toEqual([
      [150, 3],
      [-0.5, 4],
      [7, -2],
      [1, 0],
      ["x, y", "z"],
    ]);
  });

  it.each([
    ["", /t\.csv: the file is empty/],
    ["a,b\n", /t\.csv: the file has a header but no data rows/],
    ["a,b\n1,2\n3\n", /t\.csv: row 2 \(line 3\) has 1 cells but the header has 2 columns/],
    ["a,b\n1,\n", /t\.csv: row 1 \(line 2\), column b: empty cell/],
    ["a,b\n1,2\n3,x7\n", /t\.csv: row 2 \(line 3\), column b: 'x7' is not a number/],
    ["a,b\n0x10,2\n", /column a: '0x10' is not a number/],
    ["a,b\nNaN,2\n", /column a: 'NaN' marks a missing value/],
    ["a,a\n1,2\n", /column a appears twice/],
    ["a,,b\n1,2,3\n", /line 1, column 2: empty column name/],
    ['a,b\n"1,2\n', /line 2: a quoted cell is not closed/],
    ["a,b\n1.5,2\n", /column a: '1.5' is not an integer/, [col("a", "long"), col("b")]],
    ["a,b\nyes,2\n", /column a: 'yes' is not true or false/, [col("a", "boolean"), col("b")]],
  ])("rejects %j", (text, message, columns = AB) => {
    expect(() => parseCsvFrame(text, "t.csv", columns)).toThrow(message);
  });

  it("names every missing column", () => {
    expect(() => parseCsvFrame("a,y\n1,2\n", "t.csv", [col("a"), col("b"), col("c"), col("y")])).toThrow(
      /t\.csv: line 1: missing columns b, c \(header: a, y\)/,
    );
  });

  it("reads empty cells and NA markers as missing (NaN, '') only when allowed", () => {
    const frame = parseCsvFrame("a,b,s\n,NA,\n", "t.csv", [...AB, col("s", "string")], { allowMissing: true });

    expect(frame.values.map((v) => v[0])).toEqual([Number.NaN, Number.NaN, ""]);
    expect(() => parseCsvFrame("a,b\n1,oops\n", "t.csv", AB, { allowMissing: true })).toThrow(/'oops' is not a number/);
  });

  it("writes a frame back that reads to the same values (doubles round trip, strings quoted when needed)", () => {
    const columns = [col("x"), col("s", "string"), col("ok", "boolean")];
    const frame = {
      rows: 2,
      columns,
      values: [Float64Array.from([0.1 + 0.2, -1e-300]), ['a "b", c', " pad"], Float64Array.from([1, 0])],
    };

    const text = frameToCsv(frame);

    expect(csvHeader(text, "t")).toEqual(["x", "s", "ok"]);
    const back = parseCsvFrame(text, "t", columns);
    expect(back.values.map((v) => [...v])).toEqual([
      [0.1 + 0.2, -1e-300],
      ['a "b", c', "pad"],
      [1, 0],
    ]);
  });
});
