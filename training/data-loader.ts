import { readFile } from "node:fs/promises";
import type { Table } from "./types.js";

/** How strictly to read a CSV file. */
export interface LoadOptions {
  /** Columns that must be in the header; every missing one is named in the error. */
  readonly requiredColumns?: readonly string[];
  /**
   * Read empty cells (and pandas' NA markers NA, N/A, NaN, nan, null) as NaN instead of rejecting the file — for
   * data-quality checks that count missing values. Training never sets this.
   */
  readonly allowMissing?: boolean;
}

const NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;
const NA = new Set(["", "NA", "N/A", "NaN", "nan", "null"]);

/** Reads a CSV file with a header row into a numeric table. Errors name the file, the row and the column. */
export async function loadCsv(path: string, options: LoadOptions = {}): Promise<Table> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT") throw new Error(`${path}: data file not found; check the path`);
    throw new Error(`${path}: cannot read the data file (${code ?? (error as Error).message})`);
  }
  return parseCsv(text, path, options);
}

/**
 * Parses CSV text (comma-separated, header row first, optional double quotes, LF or CRLF) into a numeric table.
 * `source` names the text in errors. Rows are numbered from 1 after the header; lines from 1 including it.
 */
export function parseCsv(text: string, source: string, options: LoadOptions = {}): Table {
  const lines = text.replace(/^\uFEFF/, "").split(/\r?\n/);
  while (lines.length > 0 && lines[lines.length - 1].trim() === "") lines.pop();
  if (lines.length === 0) throw new Error(`${source}: the file is empty; expected a header row and data rows`);
  const columns = splitLine(lines[0], source, 1).map((c) => c.trim());
  checkHeader(columns, source, options.requiredColumns ?? []);
  if (lines.length === 1) throw new Error(`${source}: the file has a header but no data rows`);
  const cols = columns.length;
  const rows = lines.length - 1;
  const data = new Float64Array(rows * cols);
  for (let r = 0; r < rows; r++) {
    const line = r + 2;
    const cells = splitLine(lines[line - 1], source, line);
    if (cells.length !== cols) {
      throw new Error(
        `${source}: row ${r + 1} (line ${line}) has ${cells.length} cells but the header has ${cols} columns; ` +
          "every row needs one value per column",
      );
    }
    for (let c = 0; c < cols; c++) data[r * cols + c] = parseCell(cells[c], options, () => where(r, columns[c]));
  }
  return { source, columns, rows, cols, data };

  function where(r: number, column: string): string {
    return `${source}: row ${r + 1} (line ${r + 2}), column ${column}`;
  }
}

function parseCell(raw: string, options: LoadOptions, where: () => string): number {
  const cell = raw.trim();
  if (NUMBER.test(cell)) return Number(cell);
  if (options.allowMissing && NA.has(cell)) return Number.NaN;
  if (cell === "") throw new Error(`${where()}: empty cell; every cell must hold a number (fill it or drop the row)`);
  throw new Error(`${where()}: '${raw}' is not a number; fix the value or drop the row`);
}

function checkHeader(columns: readonly string[], source: string, required: readonly string[]): void {
  const seen = new Set<string>();
  columns.forEach((name, i) => {
    if (name === "") throw new Error(`${source}: line 1, column ${i + 1}: empty column name in the header`);
    if (seen.has(name)) throw new Error(`${source}: line 1: column ${name} appears twice in the header`);
    seen.add(name);
  });
  const missing = required.filter((name) => !seen.has(name));
  if (missing.length > 0) {
    throw new Error(
      `${source}: line 1: missing column${missing.length > 1 ? "s" : ""} ${missing.join(", ")} ` +
        `(header: ${columns.join(", ")}); the file needs ${required.join(", ")}`,
    );
  }
}

/** Splits one CSV line; double-quoted cells may hold commas and doubled quotes (no line breaks). */
function splitLine(line: string, source: string, lineNo: number): string[] {
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

/** The values of one column, by name. */
export function column(table: Table, name: string): Float64Array {
  const c = columnIndex(table, name);
  const out = new Float64Array(table.rows);
  for (let r = 0; r < table.rows; r++) out[r] = table.data[r * table.cols + c];
  return out;
}

/** The index of a column, or an error naming the file, the column and the columns it has. */
export function columnIndex(table: Table, name: string): number {
  const c = table.columns.indexOf(name);
  if (c < 0) throw new Error(`${table.source}: no column ${name} (columns: ${table.columns.join(", ")})`);
  return c;
}
