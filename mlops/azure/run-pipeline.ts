import { join, resolve } from "node:path";
import { mlopsHome } from "../registry/index.js";
import { ensureCodeAsset } from "./assets/code-asset.js";
import { dataAssetRef, ensureDataAsset } from "./assets/data-asset.js";
import { ensureEnvironment } from "./assets/environment.js";
import { defaultDryRunDir, formatCalls, writeCalls } from "./dry-run/recorder.js";
import type { AzureRunOptions } from "./index.js";
import { jobLink, summarize } from "./pipeline/follow.js";
import { followUntilDone, INTERRUPTED, type Terminal } from "./pipeline/interrupt.js";
import { buildInfo, newJobName, type Submission, utcStamp } from "./pipeline/job-body.js";
import { writeAzureRunRecord } from "./pipeline/run-record.js";
import { parameterValues } from "./pipeline/steps.js";
import { registerPipeline, submitJob, versionedPipeline } from "./pipeline/submit.js";
import { openSession, type SessionOptions } from "./session.js";
import { resolveWorkspace } from "./workspace.js";

/** The repository: what DATA_FILE is relative to, as for a local run. */
const REPO_ROOT = resolve(import.meta.dirname, "..", "..");

/** Names of the assets the pipeline shares across runs (versions are content hashes / image tags). */
export const CODE_ASSET = "mlops_steps";
export const ENVIRONMENT = "mlops-node";

/** Test seams: a session against a local ARM, a bundle folder, the terminal, an interrupt signal. */
export interface RunDeps {
  readonly session?: Partial<SessionOptions>;
  readonly bundleDir?: string;
  readonly env?: Readonly<Record<string, string | undefined>>;
  readonly terminal?: Terminal;
  readonly interrupt?: AbortSignal;
  /** What DATA_FILE and the bundle's files are relative to (default: the repository). */
  readonly root?: string;
  /** MLOPS_HOME: where the run record goes (default `mlopsHome()`). */
  readonly home?: string;
}

/**
 * `run --target azureml`: registers the training data as the data asset DATASET_NAME (skipped when that data is
 * registered already), bundles the steps and uploads them as a code asset (skipped when unchanged), makes sure
 * the Node environment exists, registers the step components and the pipeline version (= build id), submits the
 * pipeline job with the data asset as its input and follows it. With a pipeline version, only re-submits that
 * registered version with the new parameters (and data). `--dry-run` does all of it against the recorder and prints
 * every call.
 */
export async function runAzurePipeline(options: AzureRunOptions, deps: RunDeps = {}): Promise<number> {
  const v = options.variables;
  const env = deps.env ?? process.env;
  const workspace = await resolveWorkspace(v, { env, dryRun: options.dryRun });
  const { ctx, recorder } = await openSession({
    workspace,
    dryRun: options.dryRun,
    assume: { componentsExist: options.pipelineVersion !== undefined },
    ...deps.session,
  });
  const build = buildInfo(env);
  const jobName = newJobName(v.EXPERIMENT_NAME, build);
  const tags: Record<string, string> = build.buildId ? { BuildId: build.buildId } : {};
  ctx.log(`workspace ${workspace.workspaceName} (resource group ${workspace.resourceGroup}), job ${jobName}`);
  const root = deps.root ?? REPO_ROOT;
  const data = await ensureDataAsset(ctx, v.DATASET_NAME, resolve(root, v.DATA_FILE), { source: v.DATA_FILE, tags });
  const submission: Submission = {
    workspace,
    jobName,
    experimentName: v.EXPERIMENT_NAME,
    computeName: v.AML_COMPUTE_CLUSTER_NAME,
    parameters: parameterValues(v),
    build,
    tags: { "mlops.pipeline": v.TRAINING_PIPELINE_NAME, ...(v.SWEEP ? { "mlops.sweep": v.SWEEP_SAMPLING } : {}) },
    data,
    sweep: v.SWEEP,
  };
  let jobs: Record<string, unknown>;
  if (options.pipelineVersion !== undefined) {
    jobs = await versionedPipeline(ctx, v, options.pipelineVersion, submission);
  } else {
    const { buildBundle } = await import("../bundle/index.js");
    // The data travels as the data asset, not in the code: the bundle is the steps and the template only.
    const bundle = await buildBundle({
      outDir: deps.bundleDir ?? join(mlopsHome(), "bundle"),
      ...(deps.root ? { root: deps.root } : {}),
    });
    const code = await ensureCodeAsset(ctx, CODE_ASSET, bundle, tags);
    // The step image's build context beside the bundle (tests give the bundle a folder of their own).
    const environment = await ensureEnvironment(ctx, ENVIRONMENT, {
      ...(deps.bundleDir ? { contextDir: `${deps.bundleDir}-step-image` } : {}),
      ...(deps.root ? { root: deps.root } : {}),
    });
    const version = build.buildId || `local-${utcStamp()}`;
    ({ jobs } = await registerPipeline(
      ctx,
      v,
      { codeId: code.id, environmentId: environment.id },
      version,
      submission,
    ));
  }
  const startedUtc = new Date().toISOString();
  const job = await submitJob(ctx, submission, jobs);
  ctx.log(`submitted ${jobName}: ${jobLink(ctx, job, jobName)}`);
  if (recorder) {
    const dir = options.dryRunDir ?? defaultDryRunDir();
    await writeCalls(dir, recorder.calls);
    ctx.log(`dry run: ${recorder.calls.length} calls a real run would make (nothing was sent), written to ${dir}`);
    ctx.log(formatCalls(recorder.calls));
    return 0;
  }
  const record = (last: typeof job | undefined, status: string) =>
    writeAzureRunRecord({
      home: deps.home ?? mlopsHome(),
      jobName,
      job: last,
      status,
      variables: v,
      build,
      link: jobLink(ctx, last, jobName),
      startedUtc,
      dataAsset: dataAssetRef(data),
    });
  if (options.noWait) {
    await record(job, job.properties.status ?? "NotStarted");
    ctx.log(jobName); // the last line: the job name, for scripts
    return 0;
  }
  const { followed, interrupted } = await followUntilDone(ctx, jobName, deps.terminal, deps.interrupt);
  const dir = await record(followed.job, followed.status);
  ctx.log(`run record: ${join(dir, "run.json")}`);
  return interrupted ? INTERRUPTED : summarize(ctx, followed, jobName);
}
