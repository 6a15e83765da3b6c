import { UsageError } from "../../errors/index.js";
import { checkDryRunDir, dryRunFlags, parseFlags } from "../../flags/index.js";
import type { Command } from "../command.js";

const flags = {
  model: {
    type: "string",
    required: true,
    placeholder: "models:/NAME/VERSION",
    description: "registered model in the Azure ML workspace (VERSION may be 'latest')",
  },
  endpoint: {
    type: "string",
    placeholder: "NAME",
    description: "online endpoint (default: the stacks' endpoint of MLOPS_ENVIRONMENT, dev)",
  },
  "instance-type": {
    type: "string",
    placeholder: "SKU",
    description: "VM size of the deployment (default Standard_DS3_v2)",
  },
  mode: {
    type: "string",
    placeholder: "MODE",
    description:
      "container (default: the serving image runs the project's scoring code) or mlflow (Azure ML's no-code " +
      "deployment; models with an ONNX export only)",
  },
  ...dryRunFlags("a real deploy"),
} as const;

export const command: Command = {
  name: "deploy",
  summary: "deploy a registered model to an Azure ML online endpoint (blue/green)",
  flags,
  async run(argv) {
    const f = parseFlags("deploy", argv, flags);
    checkDryRunDir(f);
    const mode = f.mode ?? "container";
    if (mode !== "container" && mode !== "mlflow") {
      throw new UsageError(`deploy: --mode must be container or mlflow, got '${mode}'`);
    }
    const { deployModel } = await import("../../azure/index.js");
    return deployModel({
      model: f.model,
      mode,
      dryRun: f["dry-run"],
      ...(f.endpoint ? { endpoint: f.endpoint } : {}),
      ...(f["instance-type"] ? { instanceType: f["instance-type"] } : {}),
      ...(f["dry-run-dir"] ? { dryRunDir: f["dry-run-dir"] } : {}),
    });
  },
};
