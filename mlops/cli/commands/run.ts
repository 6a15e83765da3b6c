import { basename, dirname, join, relative } from "node:path";
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
    return f["dry-run"] ? dryRunLocally(variables) : runLocally(variables);
  },
};

/** Local options of a run besides the variables (`mlops sweep --parallel`). */
export interface LocalOptions {
  /** SWEEP=true: worker processes for the trials (default one per core). */
  readonly sweepWorkers?: number;
}

/** Prints the local plan (steps, inputs, output folders) without running it. */
export async function dryRunLocally(variables: Variables, local: LocalOptions = {}): Promise<number> {
  const [{ planSteps }, { formatPlan }, { runContext }, { mlopsHome }] = await Promise.all([
    import("../../pipeline/plan.js"),
    import("../../pipeline/summary.js"),
    import("../../pipeline/context.js"),
    import("../../registry/index.js"),
  ]);
  const home = mlopsHome();
  const runDir = join(home, "runs", "<run-id>");
  const steps = planSteps(variables, { runId: "<run-id>", runDir, home, context: await runContext(), ...local });
  console.log(formatPlan(steps, runDir));
  return 0;
}

/** Runs the pipeline locally with progress lines and prints the summary; a failed run throws a CliError. */
export async function runLocally(variables: Variables, local: LocalOptions = {}): Promise<number> {
  const [{ runLocal }, { streamProgress }, { formatSummary }] = await Promise.all([
    import("../../pipeline/run-local.js"),
    import("../../pipeline/progress.js"),
    import("../../pipeline/summary.js"),
  ]);
  console.log(`pipeline: ${variables.MODEL_NAME} (experiment ${variables.EXPERIMENT_NAME})`);
  const { record, runDir } = await runLocal({ variables, progress: streamProgress(), ...local });
  // The record is final: the run's report.html (the UI's run page, self-contained) goes next to it, even for a failed
  // run, whose report says why. A report that cannot be written does not change the run's outcome.
  const report = await writeRunReport(runDir);
  const summary = `${formatSummary(record, runDir)}\n  ${"report".padEnd(9)} ${report}`;
  if (record.status === "failed") {
    console.log(summary);
    throw new CliError(`${record.reason} (earlier outputs kept in ${runDir})`);
  }
  console.log(summary);
  return 0;
}

/** Writes `<runDir>/report.html`; resolves to what the summary shows (its path, or why it is missing). */
async function writeRunReport(runDir: string): Promise<string> {
  try {
    // The report alone (not the server and its routes): npm start pays only for the page template.
    const { writeReport } = await import("../../ui/report.js");
    const file = await writeReport(dirname(dirname(runDir)), basename(runDir));
    const rel = relative(process.cwd(), file);
    return rel.startsWith("..") ? file : rel;
  } catch (error) {
    return `not written: ${(error as Error).message} (write it later: npm run mlops -- ui report --run ${basename(runDir)})`;
  }
}
