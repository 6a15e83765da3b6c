import { loadVariables } from "../../config/index.js";
import { parseFlags, toNumber } from "../../flags/index.js";
import { SET_FLAG } from "../../pipeline/cli-options.js";
import { prepDataStep } from "../../steps/prep-data.js";
import type { Command } from "../command.js";

const flags = {
  data: { type: "string", placeholder: "FILE", description: "CSV with a header row (default: DATA_FILE)" },
  "output-dir": {
    type: "string",
    required: true,
    placeholder: "DIR",
    description: "where train.csv, test.csv and split.json are written",
  },
  "test-size": { type: "string", placeholder: "T", description: "fraction or row count (default: TRAIN_TEST_SIZE)" },
  "random-state": { type: "string", placeholder: "N", description: "split seed (default: TRAIN_RANDOM_STATE)" },
  features: { type: "string", placeholder: "A,B", description: "feature columns (default: TRAIN_FEATURES)" },
  set: SET_FLAG,
} as const;

export const command: Command = {
  name: "prep-data",
  summary: "load and validate data, write the train/test split",
  flags,
  async run(argv) {
    const f = parseFlags("prep-data", argv, flags);
    const v = loadVariables({ set: f.set });
    const features = f.features === undefined ? v.TRAIN_FEATURES : f.features.split(",").map((s) => s.trim());
    const record = await prepDataStep({
      dataFile: f.data ?? v.DATA_FILE,
      outputDir: f["output-dir"],
      testSize:
        f["test-size"] === undefined ? v.TRAIN_TEST_SIZE : toNumber("test-size", f["test-size"], { exclusiveMin: 0 }),
      randomState:
        f["random-state"] === undefined
          ? v.TRAIN_RANDOM_STATE
          : toNumber("random-state", f["random-state"], { integer: true, min: 0 }),
      features,
    });
    console.log(
      `prep-data: ${record.rows} rows → ${record.n_train} train / ${record.n_test} test in ${f["output-dir"]} (sha256 ${record.data_sha256.slice(0, 12)}…)`,
    );
    return 0;
  },
};
