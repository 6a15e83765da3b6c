/**
 * Turns the training run's summary into what Azure DevOps shows and what the deploy pipeline consumes:
 * - `model.json` (the model's identity: registered?, name, version, `models:/` URI), published as the `model`
 *   artifact of every run, `summary.md` on the run's summary page, and the registered model's `smoke.json`
 *   (payload and expected answer, from the run's `train/model/`) for the deploy pipeline's smoke test;
 * - output variables `MODEL_REGISTERED`, `MODEL_NAME`, `MODEL_VERSION`, `MODEL_URI` (step name `.` variable);
 * - the build tag `model-registered` (the deploy pipeline triggers only on runs carrying it), or, when the evaluation
 *   canceled the run because the new model is not better, the tag `model-not-better`, a warning and the step result
 *   SucceededWithIssues instead of a failure;
 * - exit 1 with an error for a run that failed or ended in an unexpected state.
 *
 * The summary is the run's record, `<runs-dir>/<run-id>/run.json` (the pipeline points MLOPS_HOME at a fresh folder,
 * so the run it just made is the only one there).
 *
 * Usage: npx tsx .pipelines/scripts/training-report.ts --runs-dir "$MLOPS_HOME/runs" --out DIR
 */
import { existsSync } from "node:fs";
import { mkdir, readdir, readFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { writeFileAtomic, writeJsonAtomic } from "../../mlops/fs/index.js";
import { addBuildTag, completeTask, emit, logIssue, runAsScript, setVariable, uploadSummary } from "./vso.js";

/** Tag of a training run that registered a model; the deploy pipeline's trigger requires it. */
export const MODEL_REGISTERED_TAG = "model-registered";
/** Tag of a training run the evaluation canceled (the new model was not better). */
export const MODEL_NOT_BETTER_TAG = "model-not-better";

/** The fields of the run summary (the `run.json` shape) this report reads. */
export interface RunSummary {
  readonly run_id?: string;
  readonly status?: string;
  readonly reason?: string | null;
  readonly metrics?: Readonly<Record<string, number>> | null;
  readonly verdict?: { readonly decision?: string; readonly action?: string; readonly reason?: string } | null;
  readonly registration?: {
    readonly registered?: boolean;
    readonly name?: string;
    readonly version?: number | null;
    readonly uri?: string | null;
    readonly message?: string;
  } | null;
}

/** `model.json`: which model the run registered, if any. */
export interface ModelIdentity {
  readonly registered: boolean;
  readonly name: string | null;
  readonly version: number | null;
  readonly uri: string | null;
  readonly run_id: string | null;
  readonly reason: string;
}

/** What the report prints and writes. */
export interface TrainingReport {
  readonly identity: ModelIdentity;
  /** Logging commands and plain lines, in order. */
  readonly lines: readonly string[];
  readonly markdown: string;
  readonly exitCode: 0 | 1;
}

/** Builds the report for one run summary; `summaryFile` is where summary.md will be written. */
export function trainingReport(summary: RunSummary, summaryFile: string): TrainingReport {
  const runId = summary.run_id ?? null;
  const reg = summary.registration ?? null;
  const verdict = summary.verdict ?? null;
  const metrics = Object.entries(summary.metrics ?? {}).map(([k, v]) => `| ${k} | ${v} |`);
  const table = metrics.length > 0 ? ["", "| metric | value |", "| --- | --- |", ...metrics] : [];
  const verdictLine = verdict?.reason ? [`Evaluation: ${verdict.reason}`] : ["Evaluation: not run"];

  if (summary.status === "completed" && reg?.registered === true && Number.isInteger(reg.version) && reg.name) {
    const uri = reg.uri ?? `models:/${reg.name}/${reg.version}`;
    const identity = { registered: true, name: reg.name, version: reg.version ?? null, uri, run_id: runId, reason: "" };
    const markdown = [`# Model registered: ${uri}`, "", `Run ${runId ?? "?"}.`, ...verdictLine, ...table, ""];
    return {
      identity,
      markdown: markdown.join("\n"),
      exitCode: 0,
      lines: [
        `registered ${uri} (run ${runId ?? "?"})`,
        ...outputs(identity),
        addBuildTag(MODEL_REGISTERED_TAG),
        uploadSummary(summaryFile),
      ],
    };
  }

  if (summary.status === "canceled" && verdict?.action === "cancel") {
    const reason = verdict.reason ?? summary.reason ?? "the new model is not better than the production model";
    const identity = { registered: false, name: reg?.name ?? null, version: null, uri: null, run_id: runId, reason };
    const markdown = [
      "# No new model: not better than production",
      "",
      `Run ${runId ?? "?"} trained and evaluated a model; ALLOW_RUN_CANCEL=true ended it without registering.`,
      ...verdictLine,
      ...table,
      "",
      "Nothing was registered and the deploy pipeline is not triggered. To register anyway, set ALLOW_RUN_CANCEL or",
      "RUN_EVALUATION to false in the variables template.",
      "",
    ];
    return {
      identity,
      markdown: markdown.join("\n"),
      exitCode: 0,
      lines: [
        logIssue("warning", `No model registered: ${reason}`),
        ...outputs(identity),
        addBuildTag(MODEL_NOT_BETTER_TAG),
        uploadSummary(summaryFile),
        completeTask("SucceededWithIssues", "not better than the production model"),
      ],
    };
  }

  const why =
    summary.reason ?? reg?.message ?? `status '${summary.status ?? "missing"}' with no registered model version`;
  const reason = `training run ${runId ?? "?"} did not register a model: ${why}`;
  const identity = { registered: false, name: reg?.name ?? null, version: null, uri: null, run_id: runId, reason };
  const markdown = [`# Training failed`, "", reason, ...verdictLine, ...table, ""];
  return {
    identity,
    markdown: markdown.join("\n"),
    exitCode: 1,
    lines: [logIssue("error", reason), ...outputs(identity), uploadSummary(summaryFile)],
  };
}

function outputs(identity: ModelIdentity): string[] {
  return [
    setVariable("MODEL_REGISTERED", String(identity.registered), { output: true }),
    setVariable("MODEL_NAME", identity.name ?? "", { output: true }),
    setVariable("MODEL_VERSION", identity.version === null ? "" : String(identity.version), { output: true }),
    setVariable("MODEL_URI", identity.uri ?? "", { output: true }),
  ];
}

/** Reads the one run record under `runsDir` (and says where it is); more or fewer runs is an error naming them. */
export async function readOnlyRun(runsDir: string): Promise<{ summary: RunSummary; dir: string }> {
  let entries: string[];
  try {
    entries = (await readdir(runsDir, { withFileTypes: true })).filter((e) => e.isDirectory()).map((e) => e.name);
  } catch (error) {
    throw new Error(`no run records in ${runsDir} (${(error as Error).message}): did the training run start?`);
  }
  if (entries.length !== 1) {
    throw new Error(`expected exactly one run under ${runsDir}, found ${entries.length} (${entries.join(", ")})`);
  }
  const dir = join(runsDir, entries[0]);
  const file = join(dir, "run.json");
  try {
    return { summary: JSON.parse(await readFile(file, "utf8")) as RunSummary, dir };
  } catch (error) {
    throw new Error(`cannot read the run record ${file}: ${(error as Error).message}`);
  }
}

async function main(argv: readonly string[]): Promise<number> {
  const { values } = parseArgs({
    args: [...argv],
    options: { "runs-dir": { type: "string" }, out: { type: "string" } },
    strict: true,
  });
  const runsDir = values["runs-dir"];
  if (!runsDir || !values.out) throw new Error("usage: training-report.ts --runs-dir DIR --out DIR");
  const { summary, dir } = await readOnlyRun(runsDir);
  const out = resolve(values.out);
  await mkdir(out, { recursive: true });
  const report = trainingReport(summary, join(out, "summary.md"));
  await writeJsonAtomic(join(out, "model.json"), report.identity);
  await writeFileAtomic(join(out, "summary.md"), report.markdown);
  // The model's own smoke example (payload and expected answer): the deploy pipeline's endpoint smoke test.
  const smoke = join(dir, "train", "model", "smoke.json");
  if (report.identity.registered && existsSync(smoke))
    await writeFileAtomic(join(out, "smoke.json"), await readFile(smoke));
  for (const line of report.lines) emit(line);
  return report.exitCode;
}

runAsScript(import.meta.url, "training-report", main);
