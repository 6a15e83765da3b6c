import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import {
  checkMissingValues,
  columnIndex,
  type Dataset,
  FEATURES,
  loadCsv,
  type SplitData,
  splitData,
  TARGET,
  type Table,
} from "../../training/index.js";
import { CliError } from "../errors/index.js";
import { sha256File, writeDirAtomic } from "../fs/index.js";
import { readStepJson } from "./io.js";

/** Inputs of the prep-data step. */
export interface PrepDataOptions {
  /** CSV with a header row. */
  readonly dataFile: string;
  /** Written whole or not at all: `train.csv`, `test.csv`, `split.json`. */
  readonly outputDir: string;
  readonly testSize: number;
  readonly randomState: number;
  /** Feature columns in model order; default the model's FEATURES (training/). */
  readonly features?: readonly string[];
  readonly target?: string;
}

/** `split.json`: where the split came from and which source rows went where. */
export interface SplitRecord {
  readonly data_file: string;
  readonly data_sha256: string;
  readonly rows: number;
  readonly n_train: number;
  readonly n_test: number;
  readonly features: readonly string[];
  readonly target: string;
  readonly test_size: number;
  readonly random_state: number;
  /** 0-based source rows, in the order of train.csv / test.csv (scikit-learn's permutation order). */
  readonly train_indices: readonly number[];
  readonly test_indices: readonly number[];
}

/**
 * Loads and validates the data (required columns, every cell a number: all missing cells are reported at once),
 * splits it as scikit-learn's `train_test_split` does and writes the two sides as CSV files, numbers at full
 * precision so the train step reads back the exact same values.
 */
export async function prepDataStep(options: PrepDataOptions): Promise<SplitRecord> {
  const features = options.features && options.features.length > 0 ? options.features : FEATURES;
  const target = options.target ?? TARGET;
  let table: Table;
  try {
    table = await loadCsv(options.dataFile, { requiredColumns: [...features, target], allowMissing: true });
  } catch (error) {
    throw new CliError((error as Error).message);
  }
  const missing = checkMissingValues(table);
  if (missing.length > 0) {
    const shown = missing.slice(0, 5).map((i) => i.message);
    const more = missing.length > 5 ? `; and ${missing.length - 5} more` : "";
    throw new CliError(`data is not usable: ${shown.join("; ")}${more}`);
  }
  let split: SplitData;
  try {
    split = splitData(table, { testSize: options.testSize, randomState: options.randomState, features, target });
  } catch (error) {
    throw new CliError(`cannot split ${options.dataFile}: ${(error as Error).message}`);
  }
  const record: SplitRecord = {
    data_file: options.dataFile,
    data_sha256: await sha256File(options.dataFile),
    rows: table.rows,
    n_train: split.train.y.length,
    n_test: split.test.y.length,
    features: [...features],
    target,
    test_size: options.testSize,
    random_state: options.randomState,
    train_indices: [...split.trainIndices],
    test_indices: [...split.testIndices],
  };
  const header = [...features, target];
  await writeDirAtomic(options.outputDir, async (tmp) => {
    await writeFile(join(tmp, "train.csv"), toCsv(header, split.train));
    await writeFile(join(tmp, "test.csv"), toCsv(header, split.test));
    await writeFile(join(tmp, "split.json"), `${JSON.stringify(record, null, 2)}\n`);
  });
  return record;
}

/** Reads a prep-data output folder's `split.json`. */
export function readSplitRecord(dir: string): Promise<SplitRecord> {
  return readStepJson<SplitRecord>(join(dir, "split.json"), "prep-data");
}

/**
 * Reads a prep-data output folder back as the split the train step fits and scores on; `record` is its split.json
 * when the caller has read it already.
 */
export async function readSplit(dir: string, record?: SplitRecord): Promise<SplitData> {
  record ??= await readSplitRecord(dir);
  const columns = [...record.features, record.target];
  const [train, test] = await Promise.all(
    ["train.csv", "test.csv"].map((f) => loadCsv(join(dir, f), { requiredColumns: columns })),
  );
  return {
    train: toDataset(train, record.features, record.target),
    test: toDataset(test, record.features, record.target),
    featureNames: [...record.features],
    target: record.target,
    trainIndices: Uint32Array.from(record.train_indices),
    testIndices: Uint32Array.from(record.test_indices),
  };
}

function toDataset(table: Table, features: readonly string[], target: string): Dataset {
  const cols = features.map((f) => columnIndex(table, f));
  const t = columnIndex(table, target);
  const p = cols.length;
  const x = new Float64Array(table.rows * p);
  const y = new Float64Array(table.rows);
  for (let r = 0; r < table.rows; r++) {
    for (let j = 0; j < p; j++) x[r * p + j] = table.data[r * table.cols + cols[j]];
    y[r] = table.data[r * table.cols + t];
  }
  return { x: { rows: table.rows, cols: p, data: x }, y };
}

// String(number) is the shortest text that parses back to the same double: the round trip is exact.
function toCsv(header: readonly string[], data: Dataset): string {
  const lines = [header.join(",")];
  const p = data.x.cols;
  for (let r = 0; r < data.y.length; r++) {
    const row: number[] = [];
    for (let j = 0; j < p; j++) row.push(data.x.data[r * p + j]);
    row.push(data.y[r]);
    lines.push(row.join(","));
  }
  return `${lines.join("\n")}\n`;
}
