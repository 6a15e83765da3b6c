import type { ModelDefinition } from "../contract/index.js";
import { projectModel } from "../project/index.js";
import { readSplit } from "./prep-data.js";
import { type TrainStepOptions, type TrainStepResult, trainOnSplit } from "./train.js";

/** Inputs of the train step when it follows prep-data: the split comes from the prep output folder. */
export interface TrainFromPrepOptions
  extends Omit<TrainStepOptions, "dataFile" | "testSize" | "randomState" | "features" | "model"> {
  /** A prep-data output folder (train.csv, test.csv, split.json). */
  readonly prepDir: string;
  readonly model?: ModelDefinition;
}

/**
 * The train step of the pipeline (local and Azure ML): fits on prep-data's split exactly as written, so the
 * metrics are those of `train --data` with the same test size, seed and features.
 */
export async function trainFromPrepStep(options: TrainFromPrepOptions): Promise<TrainStepResult> {
  const { prepDir, ...rest } = options;
  const { record, train, test } = await readSplit(prepDir);
  const data = { file: record.data_file, sha256: record.data_sha256, rows: record.rows };
  return trainOnSplit(
    { train, test },
    { ...rest, model: options.model ?? projectModel },
    {
      data,
      testSize: record.test_size,
      randomState: record.random_state,
    },
  );
}
