import { type ExampleName, exampleResponse } from "./examples.js";

/** What the dry run answers one request with. */
export interface DryAnswer {
  readonly status: number;
  readonly headers?: Record<string, string>;
  readonly body?: unknown;
}

/** What the dry run assumes about the workspace. */
export interface DryRunAssumptions {
  /** Component versions exist (`run --pipeline-version V` re-submits one). Default: a fresh workspace. */
  readonly componentsExist?: boolean;
  /**
   * The model version `deploy` reads (its `properties`: flavors and the `mlops.smoke` property), standing in for the
   * workspace's: by default the spec's example, which has neither.
   */
  readonly modelProperties?: Readonly<Record<string, unknown>>;
  /** What a deployment's scoring URI answers (the model's recorded smoke answer); default one 0 per row sent. */
  readonly scoringAnswer?: unknown;
}

const ARM_PREFIX = /\/providers\/Microsoft\.MachineLearningServices\/workspaces\/[^/]+/i;

// Asset kinds whose PUT answer is the spec's example for that operation.
const PUT_EXAMPLES: ReadonlyArray<[RegExp, ExampleName]> = [
  [/\/codes\/[^/]+\/versions\/[^/]+$/i, "codeVersion"],
  [/\/environments\/[^/]+\/versions\/[^/]+$/i, "environmentVersion"],
  [/\/jobs\/[^/]+$/i, "pipelineJob"],
  [/\/models\/[^/]+\/versions\/[^/]+$/i, "modelVersion"],
  [/\/onlineEndpoints\/[^/]+\/deployments\/[^/]+$/i, "onlineDeployment"],
  [/\/onlineEndpoints\/[^/]+$/i, "onlineEndpoint"],
];

/**
 * Answers as a fresh workspace would, using the spec's example responses: asset look-ups find nothing (so the run
 * shows every create), creates answer with the example under the real id and name, long-running operations are
 * already done, the registered model and the online endpoint that `deploy` needs exist (the stacks create the
 * endpoint), blob uploads succeed, a scoring request gets one (dummy) number per row unless the assumptions say
 * what the model answers.
 */
export function answer(method: string, url: URL, body: unknown, assume: DryRunAssumptions = {}): DryAnswer {
  if (!ARM_PREFIX.test(url.pathname)) {
    if (method !== "POST") return blobAnswer(method);
    if (isBatchInvocation(body)) return batchJobAnswer(url);
    return assume.scoringAnswer === undefined ? scoringAnswer(body) : { status: 200, body: assume.scoringAnswer };
  }
  const path = url.pathname;
  if (method === "POST" && /\/startPendingUpload$/i.test(path)) {
    return { status: 200, body: exampleResponse("startPendingUpload") };
  }
  if (method === "POST" && /\/listKeys$/i.test(path)) {
    return { status: 200, body: { primaryKey: "dry-run-key", secondaryKey: "dry-run-key-2" } };
  }
  if (method === "POST" && /\/onlineEndpoints\/[^/]+\/token$/i.test(path)) {
    return { status: 200, body: { accessToken: "dry-run-token", tokenType: "Bearer" } };
  }
  if (method === "POST" || method === "DELETE") return { status: 200 };
  if (method === "PUT") {
    const example = PUT_EXAMPLES.find(([pattern]) => pattern.test(path));
    const base = example ? exampleResponse(example[1], "201") : {};
    return { status: 201, body: asResource(base, path, body) };
  }
  // GET
  if (/\/versions$/i.test(path)) return { status: 200, body: { value: [] } };
  if (/\/models\/[^/]+\/versions\/[^/]+$/i.test(path)) {
    const stand = assume.modelProperties ? { properties: assume.modelProperties } : {};
    return { status: 200, body: asResource(exampleResponse("modelVersion"), path, stand) };
  }
  if (/\/onlineEndpoints\/[^/]+$/i.test(path)) {
    return { status: 200, body: asResource(exampleResponse("onlineEndpoint"), path, {}) };
  }
  if (/\/batchEndpoints\/[^/]+$/i.test(path)) return { status: 200, body: batchEndpoint(path) };
  if (/\/components\/[^/]+\/versions\/[^/]+$/i.test(path) && assume.componentsExist) {
    return { status: 200, body: asResource({ properties: { componentSpec: { type: "pipeline" } } }, path, {}) };
  }
  return {
    status: 404,
    body: { error: { code: "ResourceNotFound", message: "dry run: assumed not to exist yet" } },
  };
}

function asResource(base: Record<string, unknown>, path: string, sent: unknown): Record<string, unknown> {
  const request = (sent ?? {}) as Record<string, unknown>;
  const properties = {
    ...((base.properties as object) ?? {}),
    ...((request.properties as object) ?? {}),
  } as Record<string, unknown>;
  // Long-running creates are reported finished: the dry run does not poll.
  if ("provisioningState" in properties) properties.provisioningState = "Succeeded";
  return {
    ...base,
    ...request,
    id: path,
    name: decodeURIComponent(path.slice(path.lastIndexOf("/") + 1)),
    properties,
  };
}

function blobAnswer(method: string): DryAnswer {
  const headers = {
    etag: '"0x8DDRYRUN"',
    "last-modified": new Date(0).toUTCString(),
    "x-ms-request-server-encrypted": "true",
  };
  return method === "PUT" ? { status: 201, headers } : { status: 200, headers };
}

/** A deployment's scoring URI (the deploy smoke test): one number per row sent, as Azure ML's MLflow server answers. */
function scoringAnswer(body: unknown): DryAnswer {
  const rows = (body as { input_data?: { data?: unknown[] } } | undefined)?.input_data?.data ?? [];
  return { status: 200, body: rows.map(() => 0) };
}

/**
 * The batch endpoint the stacks created (the spec has no batch endpoint example): a `BatchEndpoint` with the scoring
 * URI form Azure ML gives one (`https://<endpoint>.<region>.inference.ml.azure.com/jobs`) and no default deployment.
 */
function batchEndpoint(path: string): Record<string, unknown> {
  const name = decodeURIComponent(path.slice(path.lastIndexOf("/") + 1));
  return {
    id: path,
    name,
    type: "Microsoft.MachineLearningServices/workspaces/batchEndpoints",
    location: "westeurope",
    properties: {
      authMode: "AADToken",
      scoringUri: `https://${name}.westeurope.inference.ml.azure.com/jobs`,
      provisioningState: "Succeeded",
    },
  };
}

/** A batch endpoint invocation (`properties.inputData`, azure-ai-ml's BatchJob data-plane shape). */
function isBatchInvocation(body: unknown): boolean {
  const properties = (body as { properties?: { inputData?: unknown } } | undefined)?.properties;
  return typeof properties?.inputData === "object" && properties.inputData !== null;
}

/** The job an invocation starts, as the data plane answers (a `BatchJobResource`: id, name, properties). */
function batchJobAnswer(url: URL): DryAnswer {
  const name = "dry-run-batch-job";
  return {
    status: 200,
    body: {
      id: `${url.origin}/jobs/${name}`,
      name,
      type: "Microsoft.MachineLearningServices/workspaces/batchEndpoints/jobs",
      properties: { status: "NotStarted" },
    },
  };
}
