import { checkDryRunDir, dryRunFlags, parseFlags, toNumber } from "../../flags/index.js";
import type { Command } from "../command.js";

const flags = {
  model: {
    type: "string",
    required: true,
    placeholder: "models:/NAME/VERSION",
    description: "registered model in the Azure ML workspace (VERSION may be 'latest')",
  },
  input: {
    type: "string",
    required: true,
    placeholder: "URI",
    description: "folder of CSV / JSON-lines files: azureml://datastores/<ds>/paths/<folder>/ or https://…/",
  },
  "output-path": {
    type: "string",
    placeholder: "URI",
    description: "azureml://datastores/<ds>/paths/<folder>/ for the predictions (default …/batch-scoring/<build>/)",
  },
  endpoint: {
    type: "string",
    placeholder: "NAME",
    description: "batch endpoint (default: the stacks' batch endpoint of MLOPS_ENVIRONMENT, dev)",
  },
  deployment: {
    type: "string",
    placeholder: "NAME",
    description: "deployment to create and invoke (default mlops-score)",
  },
  "timeout-minutes": { type: "string", placeholder: "N", description: "how long to wait for the job (default 120)" },
  "no-wait": { type: "boolean", description: "print the job name once it is started; do not follow it" },
  ...dryRunFlags("a real batch scoring"),
} as const;

export const command: Command = {
  name: "batch-score",
  summary: "score a folder in Azure on the batch endpoint with the bundled scorer (pipeline-component deployment)",
  flags,
  async run(argv) {
    const f = parseFlags("batch-score", argv, flags);
    checkDryRunDir(f);
    const timeout =
      f["timeout-minutes"] === undefined
        ? undefined
        : toNumber("timeout-minutes", f["timeout-minutes"], { integer: true, min: 1 });
    const { batchScore } = await import("../../azure/batch/index.js");
    const result = await batchScore({
      model: f.model,
      input: f.input,
      dryRun: f["dry-run"],
      noWait: f["no-wait"],
      ...(f["output-path"] ? { outputPath: f["output-path"] } : {}),
      ...(f.endpoint ? { endpoint: f.endpoint } : {}),
      ...(f.deployment ? { deployment: f.deployment } : {}),
      ...(timeout !== undefined ? { timeoutMinutes: timeout } : {}),
      ...(f["dry-run-dir"] ? { dryRunDir: f["dry-run-dir"] } : {}),
    });
    return result.code;
  },
};
