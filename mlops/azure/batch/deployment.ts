import { setTimeout as sleep } from "node:timers/promises";
import type { BatchEndpoint } from "@azure/arm-machinelearning";
import { createHttpHeaders, createPipelineRequest, RestError } from "@azure/core-rest-pipeline";
import { CliError } from "../../errors/index.js";
import { API_VERSION } from "../client/create-client.js";
import { isNotFound, step } from "../client/errors.js";
import { type AzureContext, withDeadline } from "../context.js";
import { workspaceId } from "../workspace.js";

/** What the batch deployment runs and where. */
export interface PipelineDeploymentSpec {
  readonly location: string;
  /** ARM id of the pipeline component version. */
  readonly componentId: string;
  /** The compute cluster the pipeline's steps run on (its name, as the YAML's `settings.default_compute`). */
  readonly computeName: string;
  readonly description: string;
  readonly tags?: Readonly<Record<string, string>>;
}

/**
 * The batch deployment of a pipeline component (mfe.json 2025-12-01 `BatchDeployment.deploymentConfiguration`,
 * `BatchPipelineComponentDeploymentConfiguration`), shaped as azure-ai-ml's
 * `PipelineComponentBatchDeployment._to_rest_object` writes it: the component by id, the pipeline job settings as
 * strings, the description; no model, compute or mini-batch fields (those belong to model deployments).
 */
export function pipelineDeploymentBody(spec: PipelineDeploymentSpec) {
  return {
    location: spec.location,
    tags: { ...(spec.tags ?? {}) },
    properties: {
      description: spec.description,
      deploymentConfiguration: {
        deploymentConfigurationType: "PipelineComponent",
        componentId: { referenceType: "Id", assetId: spec.componentId },
        settings: { default_compute: spec.computeName, continue_on_step_failure: "false" },
      },
    },
  };
}

const DONE = new Set(["Succeeded", "Failed", "Canceled"]);

/**
 * Creates or replaces the deployment and waits until it is provisioned. The SDK (API 2022-10-01 models) drops
 * `deploymentConfiguration`, so the PUT goes raw through the client's pipeline (auth, retries, the dry-run recorder)
 * and the long-running operation is followed the ARM way: its `Azure-AsyncOperation` URL until a final status.
 */
export async function putPipelineDeployment(
  ctx: AzureContext,
  endpoint: string,
  name: string,
  body: ReturnType<typeof pipelineDeploymentBody>,
): Promise<void> {
  const path = `${workspaceId(ctx.workspace)}/batchEndpoints/${endpoint}/deployments/${name}`;
  const what = `batch deployment ${endpoint}/${name}`;
  await step(`creating ${what}`, () =>
    withDeadline(ctx, `creating ${what}`, async ({ abortSignal }) => {
      const response = await send(ctx, "PUT", `${ctx.client.$host}${path}?api-version=${API_VERSION}`, body);
      const poll = response.headers.get("azure-asyncoperation");
      if (!poll) return; // finished at once (a dry run answers so)
      for (;;) {
        const status = (JSON.parse((await send(ctx, "GET", poll)).bodyAsText || "{}") as { status?: string }).status;
        if (status === "Succeeded") return;
        if (status && DONE.has(status)) {
          throw new CliError(`${what} ended ${status}: see the deployment in Azure ML studio for why`);
        }
        await sleep(ctx.pollIntervalMs, undefined, { signal: abortSignal });
      }
    }),
  );
  ctx.log(`${what} ready`);
}

/** Makes `deployment` the endpoint's default (what an invocation without the header runs): PUT of its writable parts. */
export async function setDefaultDeployment(ctx: AzureContext, endpoint: BatchEndpoint, deployment: string) {
  const name = endpoint.name ?? "";
  if (endpoint.properties.defaults?.deploymentName === deployment) return;
  const { resourceGroup: rg, workspaceName: ws } = ctx.workspace;
  const { location, identity, kind, sku, tags } = endpoint;
  const { authMode, description, properties } = endpoint.properties;
  const body: BatchEndpoint = {
    location,
    ...(identity ? { identity } : {}),
    ...(kind ? { kind } : {}),
    ...(sku ? { sku } : {}),
    ...(tags ? { tags } : {}),
    properties: { authMode, description, properties, defaults: { deploymentName: deployment } },
  };
  await step(`setting the default deployment of ${name}`, () =>
    withDeadline(ctx, `setting the default deployment of ${name}`, (lro) =>
      ctx.client.batchEndpoints.beginCreateOrUpdateAndWait(rg, ws, name, body, lro),
    ),
  );
  ctx.log(`batch endpoint ${name}: default deployment ${deployment}`);
}

/** Reads the batch endpoint; a missing one is an error that says how to create it. */
export async function readBatchEndpoint(ctx: AzureContext, name: string): Promise<BatchEndpoint> {
  const { resourceGroup: rg, workspaceName: ws } = ctx.workspace;
  const found = await step(`reading batch endpoint ${name}`, () =>
    ctx.client.batchEndpoints.get(rg, ws, name).catch((error: unknown) => {
      if (isNotFound(error)) return undefined;
      throw error;
    }),
  );
  if (!found) {
    throw new CliError(
      `batch endpoint ${name} not found in workspace ${ctx.workspace.workspaceName}: create it with the stacks ` +
        "('npm run deploy') or pass --endpoint",
    );
  }
  return found;
}

async function send(ctx: AzureContext, method: "GET" | "PUT", url: string, body?: unknown) {
  const request = createPipelineRequest({
    url,
    method,
    headers: createHttpHeaders({ accept: "application/json", "content-type": "application/json; charset=utf-8" }),
    body: body === undefined ? undefined : JSON.stringify(body),
    allowInsecureConnection: url.startsWith("http://"),
  });
  const response = await ctx.client.sendRequest(request);
  if (response.status >= 300) {
    const parsed = safeParse(response.bodyAsText ?? "") as { error?: { code?: string; message?: string } } | undefined;
    throw new RestError(parsed?.error?.message ?? `HTTP ${response.status}`, {
      code: parsed?.error?.code,
      statusCode: response.status,
      request,
      response,
    });
  }
  return response;
}

function safeParse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
