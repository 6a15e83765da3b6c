// Tables of typed columns: what a model fits on and predicts from. Column-major, numbers in Float64Array.
import { describeValue, ScoringInputError } from "../errors/index.js";
import { type ColumnSpec, isNumeric } from "./columns.js";

/** A column's values: numbers (double, long, boolean as 1/0) in a Float64Array, strings in an array. */
export type ColumnValues = Float64Array | readonly string[];

/** Rows of named, typed columns; `values[j]` holds column `columns[j]`, one entry per row. */
export interface Frame {
  readonly rows: number;
  readonly columns: readonly ColumnSpec[];
  readonly values: readonly ColumnValues[];
}

/** A dense row-major matrix of doubles: element (r, c) is `data[r * cols + c]`. */
export interface Matrix {
  readonly rows: number;
  readonly cols: number;
  readonly data: Float64Array;
}

/** The index of a column, or an error naming the columns there are. */
export function columnIndexOf(frame: Pick<Frame, "columns">, name: string): number {
  const j = frame.columns.findIndex((c) => c.name === name);
  if (j < 0) throw new Error(`no column ${name} (columns: ${frame.columns.map((c) => c.name).join(", ")})`);
  return j;
}

/** A numeric column's values (double, long, boolean); an error for a string column. */
export function numbers(frame: Frame, name: string): Float64Array {
  const values = frame.values[columnIndexOf(frame, name)];
  if (!(values instanceof Float64Array)) throw new Error(`column ${name} holds strings, not numbers`);
  return values;
}

/** A string column's values; an error for a numeric column. */
export function strings(frame: Frame, name: string): readonly string[] {
  const values = frame.values[columnIndexOf(frame, name)];
  if (values instanceof Float64Array) throw new Error(`column ${name} holds numbers, not strings`);
  return values;
}

/** The rows at `indices`, in that order. */
export function takeRows(frame: Frame, indices: ArrayLike<number>): Frame {
  const values = frame.values.map((column) => {
    if (column instanceof Float64Array) {
      const out = new Float64Array(indices.length);
      for (let i = 0; i < indices.length; i++) out[i] = column[indices[i]];
      return out;
    }
    return Array.from({ length: indices.length }, (_, i) => column[indices[i]]);
  });
  return { rows: indices.length, columns: frame.columns, values };
}

/** The frame restricted to `names`, in that order. */
export function selectColumns(frame: Frame, names: readonly string[]): Frame {
  const at = names.map((name) => columnIndexOf(frame, name));
  return { rows: frame.rows, columns: at.map((j) => frame.columns[j]), values: at.map((j) => frame.values[j]) };
}

/** The frame as a row-major matrix when every column is numeric; undefined otherwise. */
export function matrixOf(frame: Frame): Matrix | undefined {
  if (!frame.columns.every((c) => isNumeric(c.type))) return undefined;
  const cols = frame.columns.length;
  const data = new Float64Array(frame.rows * cols);
  frame.values.forEach((column, j) => {
    const values = column as Float64Array;
    for (let r = 0; r < frame.rows; r++) data[r * cols + j] = values[r];
  });
  return { rows: frame.rows, cols, data };
}

/** A row-major matrix of numbers as a frame of `columns` (all numeric). */
export function frameOfMatrix(x: Matrix, columns: readonly ColumnSpec[]): Frame {
  if (x.cols !== columns.length) throw new RangeError(`${x.cols} matrix columns for ${columns.length} column names`);
  const values = columns.map((_, j) => {
    const out = new Float64Array(x.rows);
    for (let r = 0; r < x.rows; r++) out[r] = x.data[r * x.cols + j];
    return out;
  });
  return { rows: x.rows, columns, values };
}

/** One row as JSON values (booleans as true/false), in column order: input examples and smoke payloads. */
export function rowOf(frame: Frame, r: number): (number | string | boolean)[] {
  return frame.columns.map((c, j) => {
    const v = frame.values[j][r];
    return c.type === "boolean" ? v === 1 : v;
  });
}

/**
 * Rows of JSON values (one array per row, one value per column) checked against the columns' types: double a finite
 * number, long an integer, boolean true/false, string a string. Throws ScoringInputError naming `where`, the row, the
 * column and the value — the server's 400 and the batch scorer's skipped row.
 */
export function frameFromRows(rows: unknown, columns: readonly ColumnSpec[], where: string): Frame {
  if (!Array.isArray(rows)) {
    throw new ScoringInputError(`${where} must be a list of rows (arrays of values), got ${describeValue(rows)}`);
  }
  if (rows.length === 0) throw new ScoringInputError(`${where} is an empty batch: send at least one row`);
  const width = columns.length;
  const values: (Float64Array | string[])[] = columns.map((c) =>
    isNumeric(c.type) ? new Float64Array(rows.length) : new Array<string>(rows.length),
  );
  for (let i = 0; i < rows.length; i++) {
    const row: unknown = rows[i];
    if (!Array.isArray(row)) {
      throw new ScoringInputError(`${where}[${i}] must be an array of ${width} values, got ${describeValue(row)}`);
    }
    if (row.length !== width) {
      throw new ScoringInputError(
        `${where}[${i}] has ${row.length} values, expected ${width} (${columns.map((c) => c.name).join(", ")})`,
      );
    }
    for (let j = 0; j < width; j++) {
      const cell = cellValue(row[j], columns[j], () => `${where}[${i}][${j}]`);
      const target = values[j];
      if (target instanceof Float64Array) target[i] = cell as number;
      else target[i] = cell as string;
    }
  }
  return { rows: rows.length, columns, values };
}

/** One JSON cell as the column's value (a number, or a string for a string column); ScoringInputError otherwise. */
export function cellValue(x: unknown, column: ColumnSpec, at: () => string): number | string {
  const fail = (what: string): never => {
    throw new ScoringInputError(`${at()} (${column.name}) must be ${what}, got ${describeValue(x)}`);
  };
  switch (column.type) {
    // Strings are refused for numbers even when numeric ("1.5", "NaN"): JSON has numbers; guessing hides bugs.
    case "double":
      return typeof x === "number" && Number.isFinite(x) ? x : fail("a finite number");
    case "long":
      return typeof x === "number" && Number.isSafeInteger(x) ? x : fail("an integer");
    case "boolean":
      return typeof x === "boolean" ? Number(x) : fail("true or false");
    default:
      return typeof x === "string" ? x : fail("a string");
  }
}
