import {
  createDefaultHttpClient,
  createHttpHeaders,
  createPipelineFromOptions,
  createPipelineRequest,
} from "@azure/core-rest-pipeline";
import { CliError, UsageError } from "../../errors/index.js";
import type { RetryOptions } from "../client/retry.js";
import type { AzureContext } from "../context.js";
import { workspaceId } from "../workspace.js";
import { BATCH_INPUT, BATCH_OUTPUT } from "./component.js";

/** Azure ML's data-plane audience: the batch endpoint takes Microsoft Entra tokens for it. */
export const ML_SCOPE = "https://ml.azure.com/.default";

/** `azureml://datastores/<datastore>/paths/<path>`: a folder on a workspace datastore. */
const DATASTORE_PATH = /^azureml:\/\/datastores\/([^/]+)\/paths\/(.+)$/;

/**
 * The output location as the invocation takes it: `<datastore ARM id>/paths/<path>` ("Create jobs with data
 * outputs", MicrosoftDocs/azure-ai-docs articles/machine-learning/how-to-access-data-batch-endpoints-jobs.md).
 */
export function outputUri(ctx: AzureContext, output: string): string {
  const m = DATASTORE_PATH.exec(output);
  if (!m) {
    throw new UsageError(
      `--output-path must be azureml://datastores/<datastore>/paths/<folder>/ (batch endpoints write to a blob ` +
        `datastore of the workspace), got '${output}'`,
    );
  }
  return `${workspaceId(ctx.workspace)}/datastores/${m[1]}/paths/${m[2]}`;
}

/**
 * The invocation body of a pipeline-component deployment: the component's inputs and outputs by name. Field names
 * are azure-ai-ml's data-plane model (`BatchJobResource` → `BatchJob.inputData` / `outputData`, `JobInput`'s
 * `jobInputType` + `uri`, `JobOutputV2`'s `jobOutputType` + `uri`: Azure/azure-sdk-for-python,
 * sdk/ml/azure-ai-ml/azure/ai/ml/_restclient/v2020_09_01_dataplanepreview/models/_models_py3.py).
 */
export function invocationBody(input: string, output: string) {
  return {
    properties: {
      inputData: { [BATCH_INPUT]: { jobInputType: "UriFolder", uri: input } },
      outputData: { [BATCH_OUTPUT]: { jobOutputType: "UriFolder", uri: output } },
    },
  };
}

/**
 * Invokes the batch endpoint (POST to its scoring URI with a Microsoft Entra token for Azure ML, header
 * `azureml-model-deployment` naming the deployment) and returns the name of the job it started. Goes through a
 * core-rest-pipeline pipeline ending in the session's HTTP client, so a dry run records it.
 */
export async function invokeEndpoint(
  ctx: AzureContext,
  options: { scoringUri: string; deployment: string; body: unknown; retry?: RetryOptions },
): Promise<string> {
  const token = await ctx.credential.getToken(ML_SCOPE);
  if (!token) throw new CliError(`no token for ${ML_SCOPE}: sign in (az login) or check the pipeline's Azure login`);
  const pipeline = createPipelineFromOptions({ retryOptions: { maxRetries: 3, ...options.retry } });
  const request = createPipelineRequest({
    url: options.scoringUri,
    method: "POST",
    headers: createHttpHeaders({
      authorization: `Bearer ${token.token}`,
      "content-type": "application/json",
      "azureml-model-deployment": options.deployment,
    }),
    body: JSON.stringify(options.body),
    allowInsecureConnection: /^http:\/\/(127\.0\.0\.1|localhost)[:/]/.test(options.scoringUri),
    timeout: 120_000,
  });
  const response = await pipeline.sendRequest(ctx.httpClient ?? createDefaultHttpClient(), request);
  const text = response.bodyAsText ?? "";
  if (response.status >= 300) {
    throw new CliError(
      `invoking ${options.scoringUri} (deployment ${options.deployment}) failed: HTTP ${response.status} ` +
        `${text.slice(0, 500)}`,
    );
  }
  let job: { name?: string; id?: string } = {};
  try {
    job = JSON.parse(text) as typeof job;
  } catch {
    // reported below with the text
  }
  const name = job.name ?? job.id?.split("/").at(-1);
  if (!name) throw new CliError(`invoking ${options.scoringUri} returned no job name: ${text.slice(0, 500)}`);
  return name;
}
