import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { ColumnSpec, Frame, ModelDefinition } from "../contract/index.js";
import { selectColumns } from "../contract/index.js";
import { checkMissingValues, frameToCsv, readCsvFrame, splitFrame } from "../data/index.js";
import { CliError } from "../errors/index.js";
import { sha256File, writeDirAtomic } from "../fs/index.js";
import { projectModel } from "../project/index.js";
import { readStepJson } from "./io.js";

/** Inputs of the prep-data step. */
export interface PrepDataOptions {
  /** CSV with a header row holding the model's input columns and its target. */
  readonly dataFile: string;
  /** Written whole or not at all: `train.csv`, `test.csv`, `split.json`. */
  readonly outputDir: string;
  readonly testSize: number;
  readonly randomState: number;
  /** Input columns to use, in model order: a subset of the model's declared inputs; empty or absent = all of them. */
  readonly features?: readonly string[];
  /** Default: the project's model (training/). */
  readonly model?: ModelDefinition;
}

/** `split.json`: where the split came from, the columns and types, and which source rows went where. */
export interface SplitRecord {
  readonly data_file: string;
  readonly data_sha256: string;
  readonly rows: number;
  readonly n_train: number;
  readonly n_test: number;
  /** The input columns the model is fitted on, in model order, with their types. */
  readonly inputs: readonly ColumnSpec[];
  readonly target: ColumnSpec;
  readonly test_size: number;
  readonly random_state: number;
  /** 0-based source rows, in the order of train.csv / test.csv (scikit-learn's permutation order). */
  readonly train_indices: readonly number[];
  readonly test_indices: readonly number[];
}

/** A split read back: each side's inputs and target. */
export interface Split {
  readonly record: SplitRecord;
  readonly train: { readonly x: Frame; readonly y: Frame["values"][number] };
  readonly test: { readonly x: Frame; readonly y: Frame["values"][number] };
}

/**
 * The input columns for `features`: the model's declared inputs, or the named subset of them in the given order.
 * Errors name the unknown or repeated columns and what the model declares.
 */
export function inputColumns(model: ModelDefinition, features: readonly string[] = []): ColumnSpec[] {
  const declared = model.signature.inputs;
  if (features.length === 0) return [...declared];
  const unknown = features.filter((f) => !declared.some((c) => c.name === f));
  const repeated = features.filter((f, i) => features.indexOf(f) !== i);
  if (unknown.length > 0 || repeated.length > 0) {
    throw new CliError(
      `features ${[...unknown, ...repeated].join(", ")}: ${unknown.length > 0 ? "not inputs of the model" : "listed twice"} ` +
        `(model ${model.name} reads ${declared.map((c) => c.name).join(", ")}): fix TRAIN_FEATURES or --features`,
    );
  }
  return features.map((f) => declared.find((c) => c.name === f) as ColumnSpec);
}

/**
 * Loads and validates the data (the model's columns with their types, every cell present: all missing cells are
 * reported at once), splits it as scikit-learn's `train_test_split` does and writes the two sides as CSV files,
 * numbers at full precision so the train step reads back the exact same values.
 */
export async function prepDataStep(options: PrepDataOptions): Promise<SplitRecord> {
  const model = options.model ?? projectModel;
  const inputs = inputColumns(model, options.features);
  const target = model.signature.target;
  let frame: Frame;
  try {
    frame = await readCsvFrame(options.dataFile, [...inputs, target], { allowMissing: true });
  } catch (error) {
    throw new CliError((error as Error).message);
  }
  const missing = checkMissingValues(frame, options.dataFile);
  if (missing.length > 0) {
    const shown = missing.slice(0, 5).map((i) => i.message);
    const more = missing.length > 5 ? `; and ${missing.length - 5} more` : "";
    throw new CliError(`data is not usable: ${shown.join("; ")}${more}`);
  }
  let split: ReturnType<typeof splitFrame>;
  try {
    split = splitFrame(frame, options.testSize, options.randomState);
  } catch (error) {
    throw new CliError(`cannot split ${options.dataFile}: ${(error as Error).message}`);
  }
  const record: SplitRecord = {
    data_file: options.dataFile,
    data_sha256: await sha256File(options.dataFile),
    rows: frame.rows,
    n_train: split.train.rows,
    n_test: split.test.rows,
    inputs,
    target,
    test_size: options.testSize,
    random_state: options.randomState,
    train_indices: [...split.trainIndices],
    test_indices: [...split.testIndices],
  };
  await writeDirAtomic(options.outputDir, async (tmp) => {
    await writeFile(join(tmp, "train.csv"), frameToCsv(split.train));
    await writeFile(join(tmp, "test.csv"), frameToCsv(split.test));
    await writeFile(join(tmp, "split.json"), `${JSON.stringify(record, null, 2)}\n`);
  });
  return record;
}

/** Reads a prep-data output folder's `split.json`. */
export function readSplitRecord(dir: string): Promise<SplitRecord> {
  return readStepJson<SplitRecord>(join(dir, "split.json"), "prep-data");
}

/** Reads a prep-data output folder back as the split the train step fits and scores on. */
export async function readSplit(dir: string, record?: SplitRecord): Promise<Split> {
  const r = record ?? (await readSplitRecord(dir));
  const columns = [...r.inputs, r.target];
  const [train, test] = await Promise.all(
    ["train.csv", "test.csv"].map((f) =>
      readCsvFrame(join(dir, f), columns).catch((error: Error) => {
        throw new CliError(`${error.message} (re-run the prep-data step)`);
      }),
    ),
  );
  const side = (frame: Frame) => ({
    x: selectColumns(
      frame,
      r.inputs.map((c) => c.name),
    ),
    y: frame.values[frame.columns.length - 1],
  });
  return { record: r, train: side(train), test: side(test) };
}

/** A frame split in memory (no files), as prep-data would write it: for `train --data` and the sample's tests. */
export function splitInMemory(frame: Frame, inputs: readonly ColumnSpec[], testSize: number, randomState: number) {
  const split = splitFrame(frame, testSize, randomState);
  const side = (f: Frame) => ({
    x: selectColumns(
      f,
      inputs.map((c) => c.name),
    ),
    y: f.values[f.columns.length - 1],
  });
  return {
    train: side(split.train),
    test: side(split.test),
    trainIndices: split.trainIndices,
    testIndices: split.testIndices,
  };
}
