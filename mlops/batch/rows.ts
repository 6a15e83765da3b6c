/** A row that could not be scored, with its 1-based line number in the input file. */
export interface RowFailure {
  readonly line: number;
  readonly message: string;
}

/** A row problem; the batch scorer adds the line number. */
export class RowError extends Error {}

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

const show = (text: string) => JSON.stringify(text.length > 40 ? `${text.slice(0, 40)}…` : text);

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
  const shown = typeof value === "string" ? `the string ${show(value)}` : (JSON.stringify(value) ?? String(value));
  throw new RowError(`column ${column}: ${shown.length > 60 ? `${shown.slice(0, 60)}…` : shown} is not a number`);
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
