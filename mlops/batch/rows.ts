import type { ColumnSpec } from "../contract/index.js";

/** A row that could not be scored, with its 1-based line number in the input file. */
export interface RowFailure {
  readonly line: number;
  readonly message: string;
}

/** A row problem; the batch scorer adds the line number. */
export class RowError extends Error {}

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

const show = (text: string) => JSON.stringify(text.length > 40 ? `${text.slice(0, 40)}…` : text);

/** A CSV field as the column's value: a number for double/long, 1/0 for boolean (true/false), the text for string. */
export function csvCell(field: string, column: ColumnSpec): number | string {
  switch (column.type) {
    case "string":
      return field.trim();
    case "boolean": {
      const text = field.trim();
      if (/^true$/i.test(text)) return 1;
      if (/^false$/i.test(text)) return 0;
      throw new RowError(`column ${column.name}: ${show(text)} is not true or false`);
    }
    default: {
      const n = csvNumber(field, column.name);
      if (column.type === "long" && !Number.isSafeInteger(n))
        throw new RowError(`column ${column.name}: ${field.trim()} is not an integer`);
      return n;
    }
  }
}

/** A JSON value as the column's value (the server's rules: numbers for numbers — never strings —, true/false). */
export function jsonCell(value: unknown, column: ColumnSpec): number | string {
  switch (column.type) {
    case "string":
      if (typeof value === "string") return value;
      throw new RowError(`column ${column.name}: ${shownJson(value)} is not a string`);
    case "boolean":
      if (typeof value === "boolean") return Number(value);
      throw new RowError(`column ${column.name}: ${shownJson(value)} is not true or false`);
    case "long": {
      const n = jsonNumber(value, column.name);
      if (!Number.isSafeInteger(n)) throw new RowError(`column ${column.name}: ${n} is not an integer`);
      return n;
    }
    default:
      return jsonNumber(value, column.name);
  }
}

/** A CSV field as a finite number (decimal notation only); RowError naming the column otherwise. */
export function csvNumber(field: string, column: string): number {
  const text = field.trim();
  if (text === "") throw new RowError(`column ${column}: empty value`);
  if (!NUMBER.test(text)) throw new RowError(`column ${column}: ${show(text)} is not a number`);
  const n = Number(text);
  if (!Number.isFinite(n)) throw new RowError(`column ${column}: ${text} is out of range`);
  return n;
}

/** A JSON value as a finite number (strings are refused, as the server does); RowError naming the column. */
export function jsonNumber(value: unknown, column: string): number {
  if (typeof value === "number" && Number.isFinite(value)) return value;
  if (typeof value === "number") throw new RowError(`column ${column}: ${value} is out of range`);
  throw new RowError(`column ${column}: ${shownJson(value)} is not a number`);
}

function shownJson(value: unknown): string {
  const shown = typeof value === "string" ? `the string ${show(value)}` : (JSON.stringify(value) ?? String(value));
  return shown.length > 60 ? `${shown.slice(0, 60)}…` : shown;
}

/** Splits one CSV line into fields (RFC 4180 quoting within the line; quoted newlines are not supported). */
export function splitCsvLine(line: string): string[] {
  if (!line.includes('"')) return line.split(",");
  const fields: string[] = [];
  let i = 0;
  for (;;) {
    if (line[i] === '"') {
      let text = "";
      i++;
      for (;;) {
        const q = line.indexOf('"', i);
        if (q < 0) throw new RowError("unterminated quoted field (quoted line breaks are not supported)");
        text += line.slice(i, q);
        if (line[q + 1] === '"') {
          text += '"';
          i = q + 2;
        } else {
          i = q + 1;
          break;
        }
      }
      fields.push(text);
      if (i === line.length) return fields;
      if (line[i] !== ",") throw new RowError(`unexpected ${JSON.stringify(line[i])} after a quoted field`);
      i++;
    } else {
      const comma = line.indexOf(",", i);
      if (comma < 0) {
        fields.push(line.slice(i));
        return fields;
      }
      fields.push(line.slice(i, comma));
      i = comma + 1;
    }
  }
}
