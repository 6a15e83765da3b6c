/**
 * Batch scoring in Azure with our own scorer: the batch endpoint's deployment is a pipeline component whose one
 * step is the bundled `mlops score` (steps/score.mjs) on the registered model; an invocation names the input folder
 * and the datastore path the predictions go to, and the job is followed to its end.
 */
import { join, resolve } from "node:path";
import { loadVariables } from "../../config/index.js";
import { CliError, UsageError } from "../../errors/index.js";
import { mlopsHome, parseModelUri } from "../../registry/index.js";
import { ensureCodeAsset } from "../assets/code-asset.js";
import { ensureEnvironment } from "../assets/environment.js";
import type { RetryOptions } from "../client/retry.js";
import { defaultDryRunDir, formatCalls, writeCalls } from "../dry-run/recorder.js";
import { ensureComponent } from "../pipeline/components.js";
import { followJob, jobLink } from "../pipeline/follow.js";
import { buildInfo, utcStamp } from "../pipeline/job-body.js";
import { getModel } from "../registry/models.js";
import { CODE_ASSET, ENVIRONMENT } from "../run-pipeline.js";
import { openSession, type SessionOptions } from "../session.js";
import { resolveWorkspace, stackNames } from "../workspace.js";
import { batchPipelineSpec, scoreComponentSpec } from "./component.js";
import {
  pipelineDeploymentBody,
  putPipelineDeployment,
  readBatchEndpoint,
  setDefaultDeployment,
} from "./deployment.js";
import { invocationBody, invokeEndpoint, outputUri } from "./invoke.js";

export { BATCH_INPUT, BATCH_OUTPUT, batchPipelineSpec, scoreComponentSpec } from "./component.js";
export { pipelineDeploymentBody } from "./deployment.js";
export { invocationBody, ML_SCOPE, outputUri } from "./invoke.js";

/** `mlops batch-score` options. */
export interface BatchScoreOptions {
  /** `models:/<name>/<version>` or `models:/<name>/latest` (the workspace registry). */
  readonly model: string;
  /** The folder to score: `azureml://datastores/<ds>/paths/<folder>/` or an `https://` folder URI. */
  readonly input: string;
  /** Where the predictions go (default `azureml://datastores/workspaceblobstore/paths/batch-scoring/<run>/`). */
  readonly outputPath?: string;
  /** Batch endpoint (default: the stacks' batch endpoint of MLOPS_ENVIRONMENT). */
  readonly endpoint?: string;
  /** Deployment name (default {@link DEFAULT_DEPLOYMENT}). */
  readonly deployment?: string;
  /** How long to wait for the scoring job (default 120). */
  readonly timeoutMinutes?: number;
  readonly noWait?: boolean;
  readonly dryRun: boolean;
  readonly dryRunDir?: string;
}

/** Test seams: a session against a local ARM, the environment, where the bundle is built, the repository root. */
export interface BatchScoreDeps {
  readonly session?: Partial<SessionOptions>;
  readonly env?: Readonly<Record<string, string | undefined>>;
  readonly bundleDir?: string;
  readonly root?: string;
  /** Retries of the invocation (default 3). */
  readonly retry?: RetryOptions;
}

/** The deployment the command creates and keeps pointed at the newest model it scored with. */
export const DEFAULT_DEPLOYMENT = "mlops-score";

/** What a finished batch scoring reports. */
export interface BatchScoreResult {
  readonly code: number;
  readonly jobName: string;
  /** The datastore folder the predictions were written to. */
  readonly output: string;
}

/**
 * Ensures the code asset, the environment, the score step and the pipeline component (each skipped when that
 * content is registered already), points the endpoint's deployment at the pipeline component and makes it the
 * default, invokes the endpoint on `input` with `outputPath` as the predictions' folder and follows the job.
 * `--dry-run` records every call (nothing is sent) and prints them.
 */
export async function batchScore(options: BatchScoreOptions, deps: BatchScoreDeps = {}): Promise<BatchScoreResult> {
  const ref = parseModelUri(options.model);
  if (!ref) {
    throw new UsageError(`--model must be models:/<name>/<version> or models:/<name>/latest, got '${options.model}'`);
  }
  if (options.dryRun && ref.version === "latest") {
    throw new UsageError(
      `--dry-run needs a version number in --model, got '${options.model}': a dry run reads no workspace to find ` +
        "the latest version in",
    );
  }
  const input = folderUri(options.input);
  const env = deps.env ?? process.env;
  const variables = loadVariables({ env });
  const workspace = await resolveWorkspace(variables, { env, dryRun: options.dryRun });
  const endpointName = options.endpoint ?? (await stackNames(env.MLOPS_ENVIRONMENT ?? "dev", env)).batchEndpoint;
  const deployment = options.deployment ?? DEFAULT_DEPLOYMENT;
  const build = buildInfo(env);
  const output = options.outputPath
    ? folderUri(options.outputPath)
    : `azureml://datastores/workspaceblobstore/paths/batch-scoring/${build.buildId || utcStamp()}/`;
  const { ctx, recorder } = await openSession({ workspace, dryRun: options.dryRun, ...deps.session });
  const outputId = outputUri(ctx, output); // checked before anything is created
  const tags: Record<string, string> = build.buildId ? { BuildId: build.buildId } : {};

  const model = await getModel(ctx, ref.name, String(ref.version));
  const { buildBundle } = await import("../../bundle/index.js");
  const bundle = await buildBundle({
    outDir: deps.bundleDir ?? join(mlopsHome(), "bundle"),
    ...(deps.root ? { root: resolve(deps.root) } : {}),
  });
  const code = await ensureCodeAsset(ctx, CODE_ASSET, bundle, tags);
  const environment = await ensureEnvironment(ctx, ENVIRONMENT);
  const step = await ensureComponent(ctx, scoreComponentSpec(code.id, environment.id), tags);
  const pipeline = await ensureComponent(ctx, batchPipelineSpec(step.id, model.id), {
    ...tags,
    model: `${model.name}:${model.version}`,
  });
  ctx.log(`pipeline component ${pipeline.name}:${pipeline.version} scores with ${model.name}:${model.version}`);

  const endpoint = await readBatchEndpoint(ctx, endpointName);
  const scoringUri = endpoint.properties.scoringUri;
  if (!scoringUri) throw new CliError(`batch endpoint ${endpointName} has no scoring URI yet: is it provisioned?`);
  const body = pipelineDeploymentBody({
    location: endpoint.location,
    componentId: pipeline.id,
    computeName: variables.AML_COMPUTE_CLUSTER_NAME,
    description: `${model.name}:${model.version} (build ${build.buildId || "local"})`,
    tags: { ...tags, model: `${model.name}:${model.version}` },
  });
  await putPipelineDeployment(ctx, endpointName, deployment, body);
  await setDefaultDeployment(ctx, endpoint, deployment);

  const jobName = await invokeEndpoint(ctx, {
    scoringUri,
    deployment,
    body: invocationBody(input, outputId),
    ...(deps.retry ? { retry: deps.retry } : {}),
  });
  ctx.log(`scoring job ${jobName}: ${input} → ${output}`);
  if (recorder) {
    const dir = options.dryRunDir ?? defaultDryRunDir();
    await writeCalls(dir, recorder.calls);
    ctx.log(
      `dry run: ${recorder.calls.length} calls a real batch scoring would make (nothing was sent), written to ${dir}`,
    );
    ctx.log(formatCalls(recorder.calls));
    return { code: 0, jobName, output };
  }
  if (options.noWait) {
    ctx.log(jobName); // the last line: the job name, for scripts
    return { code: 0, jobName, output };
  }
  const minutes = options.timeoutMinutes ?? 120;
  const followed = await followJob(ctx, jobName, AbortSignal.timeout(minutes * 60_000));
  const link = jobLink(ctx, followed.job, jobName);
  if (followed.interrupted) {
    throw new CliError(`scoring job ${jobName} did not finish within ${minutes} min; it keeps running: ${link}`);
  }
  if (followed.status !== "Completed")
    throw new CliError(`scoring job ${jobName} ended ${followed.status}; logs: ${link}`);
  ctx.log(`scoring job ${jobName} Completed: predictions in ${output} — ${link}`);
  return { code: 0, jobName, output };
}

/**
 * A folder URI as the batch job takes it: a datastore path or https:// URI, ending in '/' (azure-ai-ml appends it to
 * a folder it uploads, `_batch_endpoint_operations._resolve_input`).
 */
function folderUri(uri: string): string {
  if (!/^(azureml|https):\/\//.test(uri)) {
    throw new UsageError(
      `'${uri}' is not a folder in Azure: give azureml://datastores/<datastore>/paths/<folder>/ or an https:// URI ` +
        "(upload local files first, e.g. az storage blob upload-batch)",
    );
  }
  return uri.endsWith("/") ? uri : `${uri}/`;
}
