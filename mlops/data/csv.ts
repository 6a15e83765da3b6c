// CSV files as typed frames: a header row, then one row per line; each column read as its declared type.
import { readFile } from "node:fs/promises";
import type { ColumnSpec, Frame } from "../contract/index.js";
import { isNumeric } from "../contract/index.js";

/** How strictly to read a CSV file. */
export interface ReadCsvOptions {
  /**
   * Read empty cells (and pandas' NA markers NA, N/A, NaN, nan, null) as missing — NaN for numbers, "" for strings —
   * instead of refusing the file: for data-quality checks that count them. Training never sets this.
   */
  readonly allowMissing?: boolean;
}

const NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;
/** pandas' default NA markers (a subset): cells read as missing. */
export const NA_MARKERS: ReadonlySet<string> = new Set(["", "NA", "N/A", "NaN", "nan", "null"]);

/** Reads a CSV file's `columns` (by header name, any order, other columns ignored) as a typed frame. */
export async function readCsvFrame(
  path: string,
  columns: readonly ColumnSpec[],
  options: ReadCsvOptions = {},
): Promise<Frame> {
  return parseCsvFrame(await readText(path), path, columns, options);
}

/** A file's text, or an error naming the file and the fix. */
export async function readText(path: string): Promise<string> {
  try {
    return await readFile(path, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT") throw new Error(`${path}: data file not found; check the path`);
    throw new Error(`${path}: cannot read the data file (${code ?? (error as Error).message})`);
  }
}

/** The header row's column names (trimmed); errors name `source`. */
export function csvHeader(text: string, source: string): string[] {
  const first = text.replace(/^\uFEFF/, "").split(/\r?\n/, 1)[0] ?? "";
  if (first.trim() === "") throw new Error(`${source}: the file is empty; expected a header row and data rows`);
  const names = splitCsvLine(first, source, 1).map((c) => c.trim());
  const seen = new Set<string>();
  names.forEach((name, i) => {
    if (name === "") throw new Error(`${source}: line 1, column ${i + 1}: empty column name in the header`);
    if (seen.has(name)) throw new Error(`${source}: line 1: column ${name} appears twice in the header`);
    seen.add(name);
  });
  return names;
}

/**
 * Parses CSV text (comma-separated, header first, optional double quotes, LF or CRLF) into a frame of `columns`.
 * Errors name `source`, the row (from 1 after the header), the line and the column: a missing column, a ragged row, an
 * empty cell, a value that is not of the column's type.
 */
export function parseCsvFrame(
  text: string,
  source: string,
  columns: readonly ColumnSpec[],
  options: ReadCsvOptions = {},
): Frame {
  const lines = text.replace(/^\uFEFF/, "").split(/\r?\n/);
  while (lines.length > 0 && lines[lines.length - 1].trim() === "") lines.pop();
  const header = csvHeader(text, source);
  const missing = columns.filter((c) => !header.includes(c.name)).map((c) => c.name);
  if (missing.length > 0) {
    throw new Error(
      `${source}: line 1: missing column${missing.length > 1 ? "s" : ""} ${missing.join(", ")} ` +
        `(header: ${header.join(", ")}); the file needs ${columns.map((c) => c.name).join(", ")}`,
    );
  }
  if (lines.length === 1) throw new Error(`${source}: the file has a header but no data rows`);
  const rows = lines.length - 1;
  const at = columns.map((c) => header.indexOf(c.name));
  const values = columns.map((c) => (isNumeric(c.type) ? new Float64Array(rows) : new Array<string>(rows)));
  for (let r = 0; r < rows; r++) {
    const line = r + 2;
    const cells = splitCsvLine(lines[line - 1], source, line);
    if (cells.length !== header.length) {
      throw new Error(
        `${source}: row ${r + 1} (line ${line}) has ${cells.length} cells but the header has ${header.length} columns; ` +
          "every row needs one value per column",
      );
    }
    for (let j = 0; j < columns.length; j++) {
      const where = () => `${source}: row ${r + 1} (line ${line}), column ${columns[j].name}`;
      const target = values[j];
      const cell = parseCell(cells[at[j]], columns[j], options, where);
      if (target instanceof Float64Array) target[r] = cell as number;
      else target[r] = cell as string;
    }
  }
  return { rows, columns: [...columns], values };
}

function parseCell(raw: string, column: ColumnSpec, options: ReadCsvOptions, where: () => string): number | string {
  const cell = raw.trim();
  if (NA_MARKERS.has(cell)) {
    if (options.allowMissing) return isNumeric(column.type) ? Number.NaN : "";
    if (cell === "") throw new Error(`${where()}: empty cell; every cell must hold a value (fill it or drop the row)`);
    throw new Error(`${where()}: '${raw}' marks a missing value; fill it or drop the row`);
  }
  switch (column.type) {
    case "string":
      return cell;
    case "boolean":
      if (/^true$/i.test(cell)) return 1;
      if (/^false$/i.test(cell)) return 0;
      throw new Error(`${where()}: '${raw}' is not true or false; fix the value or drop the row`);
    default: {
      const value = NUMBER.test(cell) ? Number(cell) : Number.NaN;
      if (!Number.isFinite(value))
        throw new Error(`${where()}: '${raw}' is not a number; fix the value or drop the row`);
      if (column.type === "long" && !Number.isSafeInteger(value))
        throw new Error(`${where()}: '${raw}' is not an integer (the column is long); fix the value or drop the row`);
      return value;
    }
  }
}

/** Splits one CSV line; double-quoted cells may hold commas and doubled quotes (no line breaks). */
export function splitCsvLine(line: string, source: string, lineNo: number): string[] {
  if (!line.includes('"')) return line.split(",");
  const cells: string[] = [];
  let cell = "";
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ",") {
      cells.push(cell);
      cell = "";
    } else cell += ch;
  }
  if (quoted) throw new Error(`${source}: line ${lineNo}: a quoted cell is not closed`);
  cells.push(cell);
  return cells;
}

/**
 * A frame as CSV text: the header, then one line per row. Numbers in JavaScript's shortest round-trip form (read
 * back, they are the same doubles); booleans true/false; strings quoted when they hold a comma, a quote or
 * surrounding spaces.
 */
export function frameToCsv(frame: Frame): string {
  const quote = (s: string) => (/[",\r\n]|^\s|\s$/.test(s) ? `"${s.replaceAll('"', '""')}"` : s);
  const lines = [frame.columns.map((c) => quote(c.name)).join(",")];
  for (let r = 0; r < frame.rows; r++) {
    const cells = frame.columns.map((c, j) => {
      const v = frame.values[j][r];
      if (c.type === "boolean") return v === 1 ? "true" : "false";
      return typeof v === "string" ? quote(v) : String(v);
    });
    lines.push(cells.join(","));
  }
  return `${lines.join("\n")}\n`;
}
