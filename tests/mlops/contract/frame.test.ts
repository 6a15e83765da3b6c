// Frames: typed JSON rows in (the server's and batch scorer's input), column-major values out; every refusal names
// the row, the column and the value.
import { describe, expect, it } from "vitest";
import {
  type ColumnSpec,
  cellValue,
  frameFromRows,
  frameOfMatrix,
  type Matrix,
  matrixOf,
  numbers,
  rowOf,
  selectColumns,
  strings,
  takeRows,
} from "../../../mlops/contract/index.js";
import { ScoringInputError } from "../../../mlops/errors/index.js";

const COLUMNS: ColumnSpec[] = [
  { name: "size", type: "double" },
  { name: "count", type: "long" },
  { name: "colour", type: "string" },
  { name: "ripe", type: "boolean" },
];
const ROWS = [
  [1.5, 2, "red", true],
  [-0.25, 0, "green", false],
  [3, -7, "", true],
];

describe("frameFromRows", () => {
  it("holds numbers (long and boolean too) in Float64Array and strings in arrays", () => {
    const f = frameFromRows(ROWS, COLUMNS, "data");
    expect(f.rows).toBe(3);
    expect(numbers(f, "size")).toEqual(new Float64Array([1.5, -0.25, 3]));
    expect(numbers(f, "count")).toEqual(new Float64Array([2, 0, -7]));
    expect(numbers(f, "ripe")).toEqual(new Float64Array([1, 0, 1]));
    expect(strings(f, "colour")).toEqual(["red", "green", ""]);
    expect([0, 1, 2].map((r) => rowOf(f, r))).toEqual(ROWS);
  });

  it.each([
    [{ data: [] }, /data must be a list of rows \(arrays of values\), got an object/],
    [[], /data is an empty batch/],
    [[1], /data\[0\] must be an array of 4 values, got 1/],
    [[[1, 2, "x"]], /data\[0\] has 3 values, expected 4 \(size, count, colour, ripe\)/],
    [[[Number.NaN, 2, "x", true]], /data\[0\]\[0\] \(size\) must be a finite number/],
    [[["1.5", 2, "x", true]], /data\[0\]\[0\] \(size\) must be a finite number, got the string "1\.5"/],
    [[[1, 2.5, "x", true]], /data\[0\]\[1\] \(count\) must be an integer, got 2\.5/],
    [[[1, 2 ** 60, "x", true]], /data\[0\]\[1\] \(count\) must be an integer/],
    [[[1, 2, 3, true]], /data\[0\]\[2\] \(colour\) must be a string, got 3/],
    [[[1, 2, "x", 1]], /data\[0\]\[3\] \(ripe\) must be true or false, got 1/],
    [[ROWS[0], [1, 2, null, true]], /data\[1\]\[2\] \(colour\) must be a string, got null/],
  ])("refuses %j", (rows, message) => {
    const error = (() => {
      try {
        frameFromRows(rows, COLUMNS, "data");
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(ScoringInputError);
    expect((error as Error).message).toMatch(message);
  });

  it("cellValue names the place lazily (only when it fails)", () => {
    let asked = 0;
    const at = () => {
      asked++;
      return "here";
    };
    expect(cellValue(2, COLUMNS[0], at)).toBe(2);
    expect(asked).toBe(0);
    expect(() => cellValue("2", COLUMNS[0], at)).toThrow(/here \(size\)/);
  });
});

describe("selecting and reshaping", () => {
  const f = frameFromRows(ROWS, COLUMNS, "data");

  it("takeRows keeps the given rows in the given order", () => {
    const t = takeRows(f, [2, 0, 2]);
    expect([0, 1, 2].map((r) => rowOf(t, r))).toEqual([ROWS[2], ROWS[0], ROWS[2]]);
  });

  it("selectColumns reorders, and names the columns there are for a missing one", () => {
    const s = selectColumns(f, ["ripe", "size"]);
    expect(s.columns.map((c) => c.name)).toEqual(["ripe", "size"]);
    expect(rowOf(s, 0)).toEqual([true, 1.5]);
    expect(() => selectColumns(f, ["weight"])).toThrow("no column weight (columns: size, count, colour, ripe)");
    expect(() => numbers(f, "colour")).toThrow(/holds strings/);
    expect(() => strings(f, "size")).toThrow(/holds numbers/);
  });

  it("matrixOf is row-major for numeric frames and undefined with a string column", () => {
    expect(matrixOf(f)).toBeUndefined();
    const m = matrixOf(selectColumns(f, ["size", "count"])) as Matrix;
    expect(m).toEqual({ rows: 3, cols: 2, data: new Float64Array([1.5, 2, -0.25, 0, 3, -7]) });
    const back = frameOfMatrix(m, COLUMNS.slice(0, 2));
    expect(numbers(back, "count")).toEqual(new Float64Array([2, 0, -7]));
    expect(() => frameOfMatrix(m, COLUMNS.slice(0, 1))).toThrow(/2 matrix columns for 1 column names/);
  });
});
