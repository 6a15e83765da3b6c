import { join } from "node:path";
import { loadVariables, type Variables } from "../../config/index.js";
import { CliError, UsageError } from "../../errors/index.js";
import { checkDryRunDir, parseFlags } from "../../flags/index.js";
import { SET_FLAG } from "../../pipeline/cli-options.js";
import type { Command } from "../command.js";

const flags = {
  target: { type: "string", placeholder: "local|azureml", description: "where the pipeline runs (default local)" },
  set: SET_FLAG,
  "dry-run": { type: "boolean", description: "print what would run (local: steps and inputs) without running it" },
  "no-wait": { type: "boolean", description: "azureml: submit and return without following the job" },
  "pipeline-version": {
    type: "string",
    placeholder: "V",
    description: "azureml: re-submit this registered pipeline version instead of uploading code",
  },
  "dry-run-dir": { type: "string", placeholder: "DIR", description: "azureml: where --dry-run records the calls" },
} as const;

const AZURE_ONLY = ["no-wait", "pipeline-version", "dry-run-dir"] as const;

export const command: Command = {
  name: "run",
  summary: "run the training pipeline (prep → train → [evaluate] → register)",
  flags,
  async run(argv) {
    const f = parseFlags("run", argv, flags);
    const target = f.target ?? "local";
    if (target !== "local" && target !== "azureml") {
      throw new UsageError(`--target must be local or azureml, got '${target}'`);
    }
    const variables = loadVariables({ set: f.set });
    if (target === "azureml") {
      checkDryRunDir(f);
      const { runOnAzureMl } = await import("../../azure/index.js");
      return runOnAzureMl({
        variables,
        dryRun: f["dry-run"],
        noWait: f["no-wait"],
        ...(f["pipeline-version"] ? { pipelineVersion: f["pipeline-version"] } : {}),
        ...(f["dry-run-dir"] ? { dryRunDir: f["dry-run-dir"] } : {}),
      });
    }
    const stray = AZURE_ONLY.filter((name) => f[name]);
    if (stray.length > 0)
      throw new UsageError(`${stray.map((n) => `--${n}`).join(", ")} only apply to --target azureml`);
    return f["dry-run"] ? dryRun(variables) : runLocally(variables);
  },
};

async function dryRun(variables: Variables): Promise<number> {
  const [{ planSteps }, { formatPlan }, { runContext }, { mlopsHome }] = await Promise.all([
    import("../../pipeline/plan.js"),
    import("../../pipeline/summary.js"),
    import("../../pipeline/context.js"),
    import("../../registry/index.js"),
  ]);
  const home = mlopsHome();
  const runDir = join(home, "runs", "<run-id>");
  const steps = planSteps(variables, { runId: "<run-id>", runDir, home, context: await runContext() });
  console.log(formatPlan(steps, runDir));
  return 0;
}

async function runLocally(variables: Variables): Promise<number> {
  const [{ runLocal }, { streamProgress }, { formatSummary }] = await Promise.all([
    import("../../pipeline/run-local.js"),
    import("../../pipeline/progress.js"),
    import("../../pipeline/summary.js"),
  ]);
  console.log(`pipeline: ${variables.MODEL_NAME} (experiment ${variables.EXPERIMENT_NAME})`);
  const { record, runDir } = await runLocal({ variables, progress: streamProgress() });
  const summary = formatSummary(record, runDir);
  if (record.status === "failed") {
    console.log(summary);
    throw new CliError(`${record.reason} (earlier outputs kept in ${runDir})`);
  }
  console.log(summary);
  return 0;
}
