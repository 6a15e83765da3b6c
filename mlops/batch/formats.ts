import { extname } from "node:path";
import { UsageError } from "../errors/index.js";
import { PAYLOAD_KEYS } from "../server/index.js";
import { csvNumber, jsonNumber, RowError, splitCsvLine } from "./rows.js";

export type BatchFormat = "csv" | "jsonl";
export const FORMATS: readonly BatchFormat[] = ["csv", "jsonl"];

/** The format named by `--format`, else the input file's extension (.csv, .jsonl, .ndjson, .json). */
export function formatOf(input: string, given?: string): BatchFormat {
  if (given !== undefined) {
    if ((FORMATS as readonly string[]).includes(given)) return given as BatchFormat;
    throw new UsageError(`--format must be one of ${FORMATS.join(", ")}, got '${given}'`);
  }
  const ext = extname(input).toLowerCase();
  if (ext === ".csv") return "csv";
  if (ext === ".jsonl" || ext === ".ndjson" || ext === ".json") return "jsonl";
  throw new UsageError(`cannot tell the format of '${input}' from its extension: pass --format csv or --format jsonl`);
}

/**
 * Reads rows of one format into `target` (model column order). CSV: the first line is a header; columns are
 * mapped by name, extra columns are ignored. JSON lines: each line is an array (model column order) or an object
 * (by name, extra keys ignored).
 */
export interface RowReader {
  /** Called with each data line; fills target[offset..offset+width). Throws RowError for a bad row. */
  read(line: string, target: Float64Array, offset: number): void;
  /** Columns of the input the model does not use (CSV only), for a one-time note. */
  readonly ignored: readonly string[];
  /** The output header line, if any, and how to write one prediction. */
  readonly header: string;
  format(line: number, prediction: number): string;
}

/** A reader for CSV: `headerLine` maps the model's columns to positions. Errors name the missing columns. */
export function csvReader(headerLine: string, columns: readonly string[]): RowReader {
  const names = splitCsvLine(headerLine.replace(/^\uFEFF/, "")).map((n) => n.trim());
  const missing = columns.filter((c) => !names.includes(c));
  if (missing.length > 0) {
    throw new RowError(
      `the header lacks column ${missing.join(", ")} (it has ${names.join(", ")}; the model takes ${columns.join(", ")})`,
    );
  }
  const positions = columns.map((c) => names.indexOf(c));
  return {
    ignored: names.filter((n) => !columns.includes(n)),
    header: "line,prediction\n",
    format: (line, prediction) => `${line},${prediction}\n`,
    read(line, target, offset) {
      const fields = splitCsvLine(line);
      if (fields.length !== names.length) throw new RowError(`${fields.length} fields, the header has ${names.length}`);
      for (let j = 0; j < positions.length; j++) target[offset + j] = csvNumber(fields[positions[j]], columns[j]);
    },
  };
}

/** A reader for JSON lines. */
export function jsonlReader(columns: readonly string[]): RowReader {
  return {
    ignored: [],
    header: "",
    format: (line, prediction) => `{"line":${line},"prediction":${prediction}}\n`,
    read(line, target, offset) {
      let value: unknown;
      try {
        value = JSON.parse(line);
      } catch (error) {
        throw new RowError(`not valid JSON (${(error as Error).message})`);
      }
      if (Array.isArray(value)) {
        if (value.length !== columns.length) {
          throw new RowError(`${value.length} values, the model takes ${columns.length} (${columns.join(", ")})`);
        }
        for (let j = 0; j < columns.length; j++) target[offset + j] = jsonNumber(value[j], columns[j]);
      } else if (value !== null && typeof value === "object") {
        const record = value as Record<string, unknown>;
        const payloadKey = PAYLOAD_KEYS.find((k) => Object.hasOwn(record, k) && !columns.includes(k));
        if (payloadKey !== undefined) {
          throw new RowError(
            `this line is a scoring request body ({"${payloadKey}": …}), not a row: batch scoring reads JSON lines, ` +
              `one row per line (an array of ${columns.length} numbers or an object with ${columns.join(", ")})`,
          );
        }
        for (let j = 0; j < columns.length; j++) {
          if (!Object.hasOwn(record, columns[j])) throw new RowError(`missing column ${columns[j]}`);
          target[offset + j] = jsonNumber(record[columns[j]], columns[j]);
        }
      } else {
        throw new RowError(`expected an array of ${columns.length} numbers or an object with ${columns.join(", ")}`);
      }
    },
  };
}
