import { describeValue } from "../errors/index.js";
import { HttpError } from "./http-error.js";

/** Rows in the model's column order, and where in the payload they came from (for error messages). */
export interface PayloadRows {
  readonly rows: unknown;
  readonly where: string;
}

/** The request shapes /score accepts: Azure ML's scoring-script shape and the MLflow / Azure no-code shapes. */
export const PAYLOAD_KEYS = ["data", "input_data", "dataframe_split", "dataframe_records", "instances", "inputs"];

const bad = (message: string) => new HttpError(400, message);
const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === "object" && !Array.isArray(v);

/**
 * Maps a parsed /score body to rows of values in `columns` order. Columns given by name are matched by name:
 * a missing, unknown or repeated column is a 400 naming it. Cell values are checked later by the scorer.
 */
export function rowsFromPayload(payload: unknown, columns: readonly string[]): PayloadRows {
  if (!isObject(payload)) {
    throw bad(`the body must be a JSON object with one of ${PAYLOAD_KEYS.join(", ")}; got ${describeValue(payload)}`);
  }
  const keys = Object.keys(payload);
  // The common case first and cheaply: {"data": [[...]]} (Azure ML's scoring-script contract).
  if (keys.length === 1 && keys[0] === "data") return { rows: payload.data, where: "data" };
  const unknown = keys.filter((k) => !PAYLOAD_KEYS.includes(k));
  if (unknown.length > 0) {
    throw bad(`unknown key ${JSON.stringify(unknown[0])} in the body: send exactly one of ${PAYLOAD_KEYS.join(", ")}`);
  }
  if (keys.length !== 1) {
    throw bad(`send exactly one of ${PAYLOAD_KEYS.join(", ")}; got ${keys.length === 0 ? "none" : keys.join(" and ")}`);
  }
  const key = keys[0];
  const value = payload[key];
  switch (key) {
    case "input_data":
      return Array.isArray(value) ? { rows: value, where: key } : fromSplit(value, columns, key);
    case "dataframe_split":
      return fromSplit(value, columns, key);
    case "dataframe_records":
      return fromRecords(value, columns, key);
    case "instances":
      return fromList(value, columns, key);
    default: // "inputs": a list of rows/records, or columnar {column: [values]}
      return isObject(value) ? fromColumnar(value, columns, key) : fromList(value, columns, key);
  }
}

/** pandas "split" orient: {columns?, index?, data}. */
function fromSplit(value: unknown, columns: readonly string[], where: string): PayloadRows {
  if (!isObject(value))
    throw bad(`${where} must be an object {"columns": [...], "data": [[...]]}, got ${describeValue(value)}`);
  const extra = Object.keys(value).find((k) => k !== "columns" && k !== "index" && k !== "data");
  if (extra !== undefined) throw bad(`unknown key ${JSON.stringify(extra)} in ${where}: expected columns, index, data`);
  if (!Object.hasOwn(value, "data")) throw bad(`${where}.data is missing: send the rows as {"data": [[...]]}`);
  const data = value.data;
  const at = `${where}.data`;
  if (value.index !== undefined) {
    if (!Array.isArray(value.index)) throw bad(`${where}.index must be a list, got ${describeValue(value.index)}`);
    if (Array.isArray(data) && value.index.length !== data.length) {
      throw bad(`${where}.index has ${value.index.length} entries but ${at} has ${data.length} rows`);
    }
  }
  if (value.columns === undefined) return { rows: data, where: at };
  const order = columnOrder(value.columns, columns, `${where}.columns`);
  if (order === null || !Array.isArray(data)) return { rows: data, where: at };
  return {
    rows: data.map((row) => (Array.isArray(row) && row.length === order.length ? order.map((j) => row[j]) : row)),
    where: at,
  };
}

/**
 * For each model column, its position in the sender's `given` columns; null when they are already in model order.
 * Missing, unknown and repeated names are 400s.
 */
function columnOrder(given: unknown, columns: readonly string[], where: string): number[] | null {
  if (!Array.isArray(given) || !given.every((c) => typeof c === "string")) {
    throw bad(`${where} must be a list of column names (${columns.join(", ")})`);
  }
  const seen = new Set<string>();
  for (const name of given) {
    if (seen.has(name)) throw bad(`${where} repeats column ${JSON.stringify(name)}`);
    seen.add(name);
    if (!columns.includes(name))
      throw bad(`${where} has unknown column ${JSON.stringify(name)} (the model takes ${columns.join(", ")})`);
  }
  const missing = columns.filter((c) => !seen.has(c));
  if (missing.length > 0) throw bad(`${where} is missing column ${missing.map((m) => JSON.stringify(m)).join(", ")}`);
  const order = columns.map((c) => given.indexOf(c));
  return order.every((j, i) => j === i) ? null : order;
}

/** A list of rows, or of {column: value} records. */
function fromList(value: unknown, columns: readonly string[], where: string): PayloadRows {
  if (Array.isArray(value) && value.length > 0 && isObject(value[0])) return fromRecords(value, columns, where);
  return { rows: value, where };
}

function fromRecords(value: unknown, columns: readonly string[], where: string): PayloadRows {
  if (!Array.isArray(value))
    throw bad(`${where} must be a list of {column: value} records, got ${describeValue(value)}`);
  const rows = value.map((record, i) => {
    if (!isObject(record))
      throw bad(`${where}[${i}] must be a {column: value} record like ${where}[0], got ${describeValue(record)}`);
    return recordRow(record, columns, `${where}[${i}]`);
  });
  return { rows, where };
}

function recordRow(record: Record<string, unknown>, columns: readonly string[], where: string): unknown[] {
  const row = new Array<unknown>(columns.length);
  let found = 0;
  for (let j = 0; j < columns.length; j++) {
    if (!Object.hasOwn(record, columns[j])) throw bad(`${where} is missing column ${JSON.stringify(columns[j])}`);
    row[j] = record[columns[j]];
    found++;
  }
  if (Object.keys(record).length !== found) {
    const extra = Object.keys(record).find((k) => !columns.includes(k));
    throw bad(`${where} has unknown column ${JSON.stringify(extra)} (the model takes ${columns.join(", ")})`);
  }
  return row;
}

/** Columnar {column: [values, ...]}: every column the same length. */
function fromColumnar(value: Record<string, unknown>, columns: readonly string[], where: string): PayloadRows {
  const lists = columns.map((c) => {
    if (!Object.hasOwn(value, c)) throw bad(`${where} is missing column ${JSON.stringify(c)}`);
    const list = value[c];
    if (!Array.isArray(list)) throw bad(`${where}.${c} must be a list of values, got ${describeValue(list)}`);
    return list;
  });
  const extra = Object.keys(value).find((k) => !columns.includes(k));
  if (extra !== undefined)
    throw bad(`${where} has unknown column ${JSON.stringify(extra)} (the model takes ${columns.join(", ")})`);
  const n = lists[0].length;
  const uneven = lists.findIndex((l) => l.length !== n);
  if (uneven >= 0)
    throw bad(`${where}.${columns[uneven]} has ${lists[uneven].length} values but ${where}.${columns[0]} has ${n}`);
  const rows = Array.from({ length: n }, (_, i) => lists.map((l) => l[i]));
  return { rows, where };
}
