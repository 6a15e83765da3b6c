import { loadVariables } from "../../config/index.js";
import { parseFlags } from "../../flags/index.js";
import { SET_FLAG } from "../../pipeline/cli-options.js";
import { runContext } from "../../pipeline/context.js";
import { registerStep } from "../../steps/register.js";
import type { Command } from "../command.js";

const flags = {
  "train-dir": {
    type: "string",
    required: true,
    placeholder: "DIR",
    description: "the train step's output folder (model/ and metrics.json)",
  },
  "output-dir": {
    type: "string",
    required: true,
    placeholder: "DIR",
    description: "where registration.json is written",
  },
  verdict: { type: "string", placeholder: "FILE", description: "the evaluate step's verdict.json (cancel → skip)" },
  "run-id": { type: "string", placeholder: "ID", description: "the run that trained the model (run_id tag)" },
  "build-id": { type: "string", placeholder: "ID", description: "BuildId tag (default: env BUILD_BUILDID)" },
  "build-uri": { type: "string", placeholder: "URI", description: "BuildUri tag (default: env BUILD_BUILDURI)" },
  set: SET_FLAG,
} as const;

export const command: Command = {
  name: "register",
  summary: "register a model folder in the model registry",
  flags,
  async run(argv) {
    const f = parseFlags("register", argv, flags);
    const v = loadVariables({ set: f.set });
    const context = await runContext();
    const registration = await registerStep({
      trainDir: f["train-dir"],
      outputDir: f["output-dir"],
      modelName: v.MODEL_NAME,
      experimentName: v.EXPERIMENT_NAME,
      ...(f.verdict ? { verdictFile: f.verdict } : {}),
      ...(f["run-id"] ? { runId: f["run-id"] } : {}),
      buildId: f["build-id"] ?? context.buildId,
      buildUri: f["build-uri"] ?? context.buildUri,
      gitCommit: context.gitCommit,
    });
    console.log(`register: ${registration.message}`);
    return 0;
  },
};
