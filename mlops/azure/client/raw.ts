import type { AzureMachineLearningWorkspaces } from "@azure/arm-machinelearning";
import { createHttpHeaders, createPipelineRequest, RestError } from "@azure/core-rest-pipeline";
import { API_VERSION } from "./create-client.js";

/**
 * Sends one JSON request through the client's own pipeline (auth, retries, the dry-run recorder): for operations
 * the SDK (API 2022-10-01) lacks, such as `startPendingUpload`. `path` starts at `/subscriptions/...`.
 * Non-2xx answers throw a RestError like the SDK's own operations do.
 */
export async function sendJson<T>(
  client: AzureMachineLearningWorkspaces,
  method: "GET" | "PUT" | "POST" | "DELETE",
  path: string,
  body?: unknown,
): Promise<T> {
  const request = createPipelineRequest({
    url: `${client.$host}${path}?api-version=${API_VERSION}`,
    method,
    headers: createHttpHeaders({ accept: "application/json", "content-type": "application/json; charset=utf-8" }),
    body: body === undefined ? undefined : JSON.stringify(body),
    // The SDK sets this on its own operations from the client option; raw requests must carry it themselves.
    allowInsecureConnection: client.$host.startsWith("http://"),
  });
  const response = await client.sendRequest(request);
  const text = response.bodyAsText ?? "";
  if (response.status >= 300) {
    const parsed = safeParse(text) as { error?: { code?: string; message?: string } } | undefined;
    throw new RestError(parsed?.error?.message ?? `HTTP ${response.status}`, {
      code: parsed?.error?.code,
      statusCode: response.status,
      request,
      response,
    });
  }
  return (text ? JSON.parse(text) : undefined) as T;
}

function safeParse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
