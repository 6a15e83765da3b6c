/**
 * Batch scoring on the project's Azure ML batch endpoint: points the endpoint's deployment at a registered model
 * (an MLflow model: no scoring script, Azure ML's own MLflow runner), invokes the endpoint on input data in Azure
 * (the `azureml://datastores/...` or `https://` URI of a CSV file, or of a folder ending in '/'), follows the
 * scoring job to its end and fails unless it completed.
 *
 * Workspace: AZURE_SUBSCRIPTION_ID, RESOURCE_GROUP, WORKSPACE_NAME (else the stacks' names for MLOPS_ENVIRONMENT);
 * endpoint: --endpoint, else the stacks' batch endpoint name; compute: the template's AML_COMPUTE_CLUSTER_NAME.
 *
 * Usage: npx tsx .pipelines/scripts/batch-score.ts --model models:/NAME/VERSION --input URI
 *          [--endpoint NAME] [--deployment NAME] [--timeout-minutes N]
 */

import { parseArgs } from "node:util";
import { step } from "../../mlops/azure/client/errors.js";
import { withDeadline } from "../../mlops/azure/context.js";
import { followJob, jobLink } from "../../mlops/azure/pipeline/follow.js";
import { openSession, type SessionOptions } from "../../mlops/azure/session.js";
import { resolveWorkspace, stackNames, type WorkspaceRef, workspaceId } from "../../mlops/azure/workspace.js";
import { loadVariables } from "../../mlops/config/index.js";
import { toNumber } from "../../mlops/flags/index.js";
import { parseModelUri } from "../../mlops/registry/index.js";
import { runAsScript } from "./vso.js";

/** Azure ML's data-plane token scope (batch endpoint invocation). */
export const ML_SCOPE = "https://ml.azure.com/.default";

/** What to score with what. */
export interface BatchScoreOptions {
  readonly model: string;
  readonly input: string;
  readonly endpoint?: string;
  readonly deployment: string;
  readonly timeoutMinutes: number;
}

/** Test seams: the environment, a session against a local ARM (its credential also signs the invocation). */
export interface BatchScoreDeps {
  readonly env?: Readonly<Record<string, string | undefined>>;
  readonly session?: Partial<SessionOptions>;
}

/** The batch deployment (ARM `BatchDeployment`): the model, the cluster, one output file of appended rows. */
function batchDeploymentBody(o: { location: string; modelId: string; computeId: string; description: string }) {
  return {
    location: o.location,
    properties: {
      description: o.description,
      model: { referenceType: "Id" as const, assetId: o.modelId },
      compute: o.computeId,
      resources: { instanceCount: 1 },
      maxConcurrencyPerInstance: 2,
      miniBatchSize: 10,
      outputAction: "AppendRow" as const,
      outputFileName: "predictions.csv",
      retrySettings: { maxRetries: 3, timeout: "PT5M" },
      errorThreshold: -1,
      loggingLevel: "Info" as const,
    },
  };
}

/** The invocation body: one input, a file or (trailing '/') a folder. */
function invokeBody(input: string) {
  return {
    properties: { InputData: { input: { JobInputType: input.endsWith("/") ? "UriFolder" : "UriFile", Uri: input } } },
  };
}

/** Runs the batch scoring; resolves to the job's name once it completed, throws otherwise. */
export async function batchScore(options: BatchScoreOptions, deps: BatchScoreDeps = {}): Promise<string> {
  const env = deps.env ?? process.env;
  const model = parseModelUri(options.model);
  if (!model || model.version === "latest") {
    throw new Error(`--model must be models:/<name>/<version> (a registered version), got '${options.model}'`);
  }
  const variables = loadVariables({ env });
  const workspace: WorkspaceRef = await resolveWorkspace(variables, { env });
  const endpoint = options.endpoint ?? (await stackNames(env.MLOPS_ENVIRONMENT ?? "dev", env)).batchEndpoint;
  const { ctx } = await openSession({ workspace, ...deps.session });
  const { resourceGroup: rg, workspaceName: ws } = workspace;
  const ep = await step(`reading batch endpoint ${endpoint}`, () => ctx.client.batchEndpoints.get(rg, ws, endpoint));
  const scoringUri = ep.properties.scoringUri;
  if (!scoringUri) throw new Error(`batch endpoint ${endpoint} has no scoring URI yet (is it provisioned?)`);

  const body = batchDeploymentBody({
    location: ep.location,
    modelId: `${workspaceId(workspace)}/models/${model.name}/versions/${model.version}`,
    computeId: `${workspaceId(workspace)}/computes/${variables.AML_COMPUTE_CLUSTER_NAME}`,
    description: `${options.model} (build ${env.BUILD_BUILDID || "local"})`,
  });
  ctx.log(`batch deployment ${endpoint}/${options.deployment} → ${options.model}`);
  await step(`updating batch deployment ${options.deployment}`, () =>
    withDeadline(ctx, `batch deployment ${options.deployment}`, (lro) =>
      ctx.client.batchDeployments.beginCreateOrUpdateAndWait(rg, ws, endpoint, options.deployment, body, lro),
    ),
  );

  const token = await ctx.credential.getToken(ML_SCOPE);
  if (!token) throw new Error(`no token for ${ML_SCOPE}: check the pipeline's Azure login`);
  const response = await fetch(scoringUri, {
    method: "POST",
    headers: {
      authorization: `Bearer ${token.token}`,
      "content-type": "application/json",
      // The deployment to run; the endpoint's default deployment is left as the stack set it.
      "azureml-model-deployment": options.deployment,
    },
    body: JSON.stringify(invokeBody(options.input)),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`invoking ${endpoint} failed: HTTP ${response.status} ${text.slice(0, 500)}`);
  const invoked = JSON.parse(text) as { name?: string; id?: string };
  const jobName = invoked.name ?? invoked.id?.split("/").at(-1);
  if (!jobName) throw new Error(`invoking ${endpoint} returned no job name: ${text.slice(0, 500)}`);
  ctx.log(`scoring job ${jobName} on ${options.input}`);

  const followed = await followJob(ctx, jobName, AbortSignal.timeout(options.timeoutMinutes * 60_000));
  const link = jobLink(ctx, followed.job, jobName);
  if (followed.interrupted) {
    throw new Error(`scoring job ${jobName} did not finish within ${options.timeoutMinutes} min (${link})`);
  }
  if (followed.status !== "Completed")
    throw new Error(`scoring job ${jobName} ended ${followed.status}; logs: ${link}`);
  ctx.log(`scoring job ${jobName} Completed: predictions.csv in its outputs — ${link}`);
  return jobName;
}

async function main(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      model: { type: "string" },
      input: { type: "string" },
      endpoint: { type: "string" },
      deployment: { type: "string", default: "mlflow" },
      "timeout-minutes": { type: "string", default: "120" },
    },
    strict: true,
  });
  if (!values.model || !values.input) {
    throw new Error(
      "usage: batch-score.ts --model models:/NAME/VERSION --input URI [--endpoint E] [--deployment D] [--timeout-minutes N ≥ 1]",
    );
  }
  const timeout = toNumber("timeout-minutes", values["timeout-minutes"], { integer: true, min: 1 });
  await batchScore({
    model: values.model,
    input: values.input,
    ...(values.endpoint ? { endpoint: values.endpoint } : {}),
    deployment: values.deployment,
    timeoutMinutes: timeout,
  });
  return 0;
}

runAsScript(import.meta.url, "batch-score", main);
