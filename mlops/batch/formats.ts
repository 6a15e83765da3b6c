import { extname } from "node:path";
import type { ColumnSpec, Label, ModelInfo } from "../contract/index.js";
import { UsageError } from "../errors/index.js";
import { PAYLOAD_KEYS } from "../server/index.js";
import { csvCell, jsonCell, RowError, splitCsvLine } from "./rows.js";

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

/** One scored row as the output writes it: the label or value, and a classifier's probabilities (class order). */
export interface ScoredRow {
  readonly line: number;
  readonly prediction: number | Label;
  readonly probabilities?: ArrayLike<number>;
}

/**
 * Reads rows of one format into `out` (one typed value per model input, in model order). CSV: the first line is a
 * header; columns are mapped by name, extra columns are ignored. JSON lines: each line is an array (model order) or
 * an object (by name, extra keys ignored).
 */
export interface RowReader {
  /** Called with each data line; fills out[0..inputs). Throws RowError for a bad row. */
  read(line: string, out: (number | string)[]): void;
  /** Columns of the input the model does not use (CSV only), for a one-time note. */
  readonly ignored: readonly string[];
  /** The output's header line (CSV), and how to write one scored row. */
  readonly header: string;
  format(row: ScoredRow): string;
}

/** CSV output: `line,prediction` (+ `p_<class>` per class for a classifier). */
function csvOutput(classes: readonly Label[] | undefined) {
  const quote = (v: number | Label) =>
    typeof v === "string" && /[",\r\n]/.test(v) ? `"${v.replaceAll('"', '""')}"` : String(v);
  const header = ["line", "prediction", ...(classes ?? []).map((c) => quote(`p_${c}`))].join(",");
  return {
    header: `${header}\n`,
    format: (row: ScoredRow) =>
      `${row.line},${quote(row.prediction)}${row.probabilities ? `,${Array.prototype.join.call(row.probabilities, ",")}` : ""}\n`,
  };
}

/** JSON-lines output: `{"line", "prediction"}` (+ `"probabilities": {class: p}` for a classifier). */
function jsonlOutput(classes: readonly Label[] | undefined) {
  return {
    header: "",
    format: (row: ScoredRow) => {
      const p = row.probabilities;
      const probabilities = p && classes ? Object.fromEntries(classes.map((c, i) => [String(c), p[i]])) : undefined;
      return `${JSON.stringify({ line: row.line, prediction: row.prediction, ...(probabilities ? { probabilities } : {}) })}\n`;
    },
  };
}

/** A reader for CSV: `headerLine` maps the model's inputs to positions. Errors name the missing columns. */
export function csvReader(headerLine: string, info: ModelInfo): RowReader {
  const inputs = info.signature.inputs;
  const names = splitCsvLine(headerLine.replace(/^\uFEFF/, "")).map((n) => n.trim());
  const missing = inputs.filter((c) => !names.includes(c.name)).map((c) => c.name);
  if (missing.length > 0) {
    throw new RowError(
      `the header lacks column ${missing.join(", ")} (it has ${names.join(", ")}; the model takes ${inputs.map((c) => c.name).join(", ")})`,
    );
  }
  const positions = inputs.map((c) => names.indexOf(c.name));
  return {
    ignored: names.filter((n) => !inputs.some((c) => c.name === n)),
    ...csvOutput(info.classes),
    read(line, out) {
      const fields = splitCsvLine(line);
      if (fields.length !== names.length) throw new RowError(`${fields.length} fields, the header has ${names.length}`);
      for (let j = 0; j < positions.length; j++) out[j] = csvCell(fields[positions[j]], inputs[j]);
    },
  };
}

/** A reader for JSON lines. */
export function jsonlReader(info: ModelInfo): RowReader {
  const inputs: readonly ColumnSpec[] = info.signature.inputs;
  const names = inputs.map((c) => c.name);
  return {
    ignored: [],
    ...jsonlOutput(info.classes),
    read(line, out) {
      let value: unknown;
      try {
        value = JSON.parse(line);
      } catch (error) {
        throw new RowError(`not valid JSON (${(error as Error).message})`);
      }
      if (Array.isArray(value)) {
        if (value.length !== inputs.length) {
          throw new RowError(`${value.length} values, the model takes ${inputs.length} (${names.join(", ")})`);
        }
        for (let j = 0; j < inputs.length; j++) out[j] = jsonCell(value[j], inputs[j]);
      } else if (value !== null && typeof value === "object") {
        const record = value as Record<string, unknown>;
        const payloadKey = PAYLOAD_KEYS.find((k) => Object.hasOwn(record, k) && !names.includes(k));
        if (payloadKey !== undefined) {
          throw new RowError(
            `this line is a scoring request body ({"${payloadKey}": …}), not a row: batch scoring reads JSON lines, ` +
              `one row per line (an array of ${inputs.length} values or an object with ${names.join(", ")})`,
          );
        }
        for (let j = 0; j < inputs.length; j++) {
          if (!Object.hasOwn(record, names[j])) throw new RowError(`missing column ${names[j]}`);
          out[j] = jsonCell(record[names[j]], inputs[j]);
        }
      } else {
        throw new RowError(`expected an array of ${inputs.length} values or an object with ${names.join(", ")}`);
      }
    },
  };
}
