import { Problems } from "../../errors/index.js";
import { parseFlags, toNumber } from "../../flags/index.js";
import { checkTrainOptions, TRAIN_OUTPUTS, type TrainStepOptions, trainStep } from "../../steps/index.js";
import type { Command } from "../command.js";

const flags = {
  data: { type: "string", required: true, placeholder: "FILE", description: "CSV with a header row" },
  alpha: { type: "string", required: true, placeholder: "A", description: "ridge penalty ≥ 0 (0 = least squares)" },
  "test-size": {
    type: "string",
    required: true,
    placeholder: "T",
    description: "test fraction in (0, 1), or a whole count of test rows",
  },
  "random-state": { type: "string", required: true, placeholder: "N", description: "split seed, 0..4294967295" },
  features: {
    type: "string",
    placeholder: "A,B",
    description: "feature columns in model order (default: FEATURES in training/columns.ts)",
  },
  "model-name": { type: "string", placeholder: "M", description: "model name recorded in the MLmodel file" },
  "build-id": { type: "string", placeholder: "B", description: "CI build id recorded in the MLmodel file" },
  "output-dir": {
    type: "string",
    required: true,
    placeholder: "DIR",
    description: "gets metrics.json, model/ and predictions_vs_actual.png (new, empty or a previous train output)",
  },
} as const;

/** Converts a flag's text, recording the problem (and returning undefined) instead of throwing. */
function parse(problems: Problems, flag: string, raw: string, integer = false): number | undefined {
  try {
    return toNumber(flag, raw, { integer });
  } catch (error) {
    problems.add((error as Error).message);
    return undefined;
  }
}

export const command: Command = {
  name: "train",
  summary: "train the model; write metrics.json and the MLflow model folder",
  flags,
  async run(argv) {
    const f = parseFlags("train", argv, flags);
    const problems = new Problems();
    const options: Partial<TrainStepOptions> = {
      dataFile: f.data,
      outputDir: f["output-dir"],
      alpha: parse(problems, "alpha", f.alpha),
      testSize: parse(problems, "test-size", f["test-size"]),
      randomState: parse(problems, "random-state", f["random-state"], true),
      features: f.features?.split(",").map((s) => s.trim()),
      modelName: f["model-name"],
      buildId: f["build-id"],
    };
    if (problems.count > 0) {
      // Report the other problems too, then stop; otherwise trainStep checks everything itself (one data load).
      await checkTrainOptions(options, problems);
      problems.throwIfAny();
    }
    const { metrics, runId } = await trainStep(options as TrainStepOptions);
    const d = f["output-dir"];
    console.log(
      `train: ridge alpha ${metrics.params.alpha} on ${metrics.n_train} rows, tested on ${metrics.n_test}: ` +
        `mse ${metrics.mse}, r2 ${metrics.r2}, rmse ${metrics.rmse}, mae ${metrics.mae}`,
    );
    console.log(
      `train: wrote ${d}/${TRAIN_OUTPUTS.metrics}, ${d}/${TRAIN_OUTPUTS.model}/ (MLflow model), ${d}/${TRAIN_OUTPUTS.plot} (run ${runId})`,
    );
    return 0;
  },
};
