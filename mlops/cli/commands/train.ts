import { loadVariables } from "../../config/index.js";
import {
  flagName,
  type HyperparameterSpec,
  knobName,
  type ParamValue,
  parseParam,
  rangeText,
} from "../../contract/index.js";
import { Problems } from "../../errors/index.js";
import { type FlagDef, type FlagDefs, parseFlags, toNumber } from "../../flags/index.js";
import { SET_FLAG } from "../../pipeline/cli-options.js";
import { projectModel } from "../../project/index.js";
import { checkTrainOptions, TRAIN_OUTPUTS, type TrainStepOptions, trainStep } from "../../steps/index.js";
import type { Command } from "../command.js";

const PLACEHOLDER: Readonly<Record<HyperparameterSpec["type"], string>> = {
  number: "X",
  integer: "N",
  boolean: "true|false",
  string: "S",
};

/** One flag per hyperparameter the model declares: `--<name>` with its range and its knob in the description. */
function hyperparameterFlags(): FlagDefs {
  const out: Record<string, FlagDef> = {};
  for (const [name, spec] of Object.entries(projectModel.hyperparameters)) {
    out[flagName(name)] = {
      type: "string",
      placeholder: PLACEHOLDER[spec.type],
      description: `${spec.description}: ${rangeText(spec)} (default: ${knobName(name)}, else ${spec.default})`,
    };
  }
  return out;
}

const fixed = {
  data: { type: "string", placeholder: "FILE", description: "CSV with a header row (default: DATA_FILE)" },
  "test-size": {
    type: "string",
    placeholder: "T",
    description: "test fraction in (0, 1), or a whole count of test rows (default: TRAIN_TEST_SIZE)",
  },
  "random-state": {
    type: "string",
    placeholder: "N",
    description: "split seed, 0..4294967295 (default: TRAIN_RANDOM_STATE)",
  },
  "validation-size": {
    type: "string",
    placeholder: "V",
    description:
      "hold out this share (or count) of the training rows, fit on the rest and add validation_<metric> to metrics.json (a sweep trial; default: none)",
  },
  features: {
    type: "string",
    placeholder: "A,B",
    description: "input columns in model order, a subset of the model's (default: TRAIN_FEATURES, else all)",
  },
  "model-name": { type: "string", placeholder: "M", description: "model name recorded in the MLmodel file" },
  "build-id": { type: "string", placeholder: "B", description: "CI build id recorded in the MLmodel file" },
  "output-dir": {
    type: "string",
    required: true,
    placeholder: "DIR",
    description: "gets metrics.json, model/ and the plots (new, empty or a previous train output)",
  },
  set: SET_FLAG,
} as const;

const flags: FlagDefs = { ...hyperparameterFlags(), ...fixed };

/** Converts a flag's text, recording the problem (and returning undefined) instead of throwing. */
function attempt<T>(problems: Problems, convert: () => T): T | undefined {
  try {
    return convert();
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
    const f = parseFlags("train", argv, flags) as Record<string, string | string[] | boolean | undefined>;
    const text = (name: string) => f[name] as string | undefined;
    const v = loadVariables({ set: f.set as string[] });
    const problems = new Problems();
    const params: Record<string, ParamValue> = { ...v.hyperparameters };
    for (const [name, spec] of Object.entries(projectModel.hyperparameters)) {
      const given = text(flagName(name));
      if (given !== undefined) {
        const value = attempt(problems, () => parseParam(name, spec, given));
        if (value !== undefined) params[name] = value;
      }
    }
    const testSize = text("test-size");
    const randomState = text("random-state");
    const features = text("features");
    const validationSize = text("validation-size");
    const options: Partial<TrainStepOptions> & { model: typeof projectModel } = {
      model: projectModel,
      dataFile: text("data") ?? v.DATA_FILE,
      outputDir: text("output-dir"),
      params,
      testSize: testSize === undefined ? v.TRAIN_TEST_SIZE : attempt(problems, () => toNumber("test-size", testSize)),
      randomState:
        randomState === undefined
          ? v.TRAIN_RANDOM_STATE
          : attempt(problems, () => toNumber("random-state", randomState, { integer: true })),
      features: features === undefined ? v.TRAIN_FEATURES : features.split(",").map((s) => s.trim()),
      modelName: text("model-name"),
      buildId: text("build-id"),
      ...(validationSize === undefined
        ? {}
        : { validationSize: attempt(problems, () => toNumber("validation-size", validationSize)) }),
    };
    if (problems.count > 0) {
      // Report the other problems too, then stop; otherwise trainStep checks everything itself (one data load).
      await checkTrainOptions(options, problems);
      problems.throwIfAny();
    }
    const { metrics, runId, plots } = await trainStep(options as TrainStepOptions);
    const d = text("output-dir");
    const settings = Object.entries(params)
      .map(([k, value]) => `${k} ${value}`)
      .join(", ");
    const scores = Object.entries(metrics)
      .filter(([k, value]) => typeof value === "number" && !["n_train", "n_test", "n_validation"].includes(k))
      .map(([k, value]) => `${k} ${value}`)
      .join(", ");
    console.log(
      `train: ${metrics.model_type}${settings ? ` (${settings})` : ""} on ${metrics.n_train} rows, ` +
        `${metrics.n_validation === undefined ? "" : `validated on ${metrics.n_validation}, `}tested on ${metrics.n_test}: ${scores}`,
    );
    console.log(
      `train: wrote ${d}/${TRAIN_OUTPUTS.metrics}, ${d}/${TRAIN_OUTPUTS.model}/ (MLflow model), ` +
        `${d}/${TRAIN_OUTPUTS.plots}/ (${plots.map((p) => p.slice(TRAIN_OUTPUTS.plots.length + 1)).join(", ")}) (run ${runId})`,
    );
    return 0;
  },
};
