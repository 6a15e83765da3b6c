import { loadVariables } from "../../config/index.js";
import { parseFlags } from "../../flags/index.js";
import { SET_FLAG } from "../../pipeline/cli-options.js";
import { evaluateStep, evaluationSettings } from "../../steps/evaluate.js";
import type { Command } from "../command.js";

const flags = {
  "train-dir": { type: "string", required: true, placeholder: "DIR", description: "the train step's output folder" },
  "output-dir": { type: "string", required: true, placeholder: "DIR", description: "where verdict.json is written" },
  production: {
    type: "string",
    placeholder: "REF",
    description: "compare with this model (folder or models:/NAME/VERSION) instead of the production model",
  },
  set: SET_FLAG,
} as const;

export const command: Command = {
  name: "evaluate",
  summary: "compare a trained model with the production model; write verdict.json",
  flags,
  async run(argv) {
    const f = parseFlags("evaluate", argv, flags);
    const v = loadVariables({ set: f.set });
    const verdict = await evaluateStep({
      trainDir: f["train-dir"],
      outputDir: f["output-dir"],
      ...evaluationSettings(v),
      ...(f.production ? { production: f.production } : {}),
    });
    console.log(`evaluate: ${verdict.reason}`);
    return 0;
  },
};
