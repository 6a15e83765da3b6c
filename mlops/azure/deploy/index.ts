import type { OnlineDeployment, OnlineEndpoint } from "@azure/arm-machinelearning";
import type { ModelDefinition } from "../../contract/index.js";
import { CliError, UsageError } from "../../errors/index.js";
import { parseModelUri } from "../../registry/index.js";
import { type ContextPlace, ensureServingEnvironment } from "../assets/environment.js";
import { isNotFound, step } from "../client/errors.js";
import { type AzureContext, withDeadline } from "../context.js";
import { defaultDryRunDir, formatCalls, writeCalls } from "../dry-run/recorder.js";
import { getModel, SMOKE_PROPERTY } from "../registry/models.js";
import { openSession, type SessionOptions } from "../session.js";
import { resolveWorkspace, stackNames } from "../workspace.js";
import { describeTraffic, moveTraffic, pickSlot } from "./slots.js";
import { smokeCaseOf, smokeTestDeployment } from "./smoke.js";
import { localStandIn } from "./stand-in.js";

/** `mlops deploy` options. */
export interface DeployOptions {
  /** `models:/<name>/<version>` or `models:/<name>/latest` (the workspace registry). */
  readonly model: string;
  /** Online endpoint name (default: the stacks' endpoint of MLOPS_ENVIRONMENT). */
  readonly endpoint?: string;
  /** VM size of the deployment (default Standard_DS3_v2). */
  readonly instanceType?: string;
  /**
   * `container` (default): our serving image (mlops/images/serve) with the model mounted, no scoring script;
   * `mlflow`: Azure ML's no-code MLflow deployment, which serves the model's ONNX flavor with its Python server.
   */
  readonly mode?: DeployMode;
  readonly dryRun: boolean;
  readonly dryRunDir?: string;
}

/** How the deployment serves the model. */
export type DeployMode = "container" | "mlflow";
/** The deploy modes, the default first. */
export const DEPLOY_MODES: readonly DeployMode[] = ["container", "mlflow"];

/** The environment Azure ML builds the serving image into (a version per build-context hash). */
export const SERVING_ENVIRONMENT = "mlops-serve";

/** VM size of a new deployment unless `--instance-type` says otherwise. */
const DEFAULT_INSTANCE_TYPE = "Standard_DS3_v2";

/**
 * Blue/green deployment of a registered model: creates (or replaces) the deployment that carries no traffic at
 * 0 %, smoke-tests it through the `azureml-model-deployment` header, then moves all traffic to it; if the smoke test
 * fails, deletes the new deployment and leaves the traffic as it was.
 */
export async function deployModel(
  options: DeployOptions,
  deps: {
    readonly session?: Partial<SessionOptions>;
    readonly env?: Readonly<Record<string, string | undefined>>;
    /** MLOPS_HOME: the local registry a dry run takes its stand-in model from (default `mlopsHome()`). */
    readonly home?: string;
    /** The model the stand-in folder holds (default: the project's). */
    readonly model?: ModelDefinition;
    /** Where the serving image's build context is built, and from which repository (container mode). */
    readonly image?: ContextPlace;
  } = {},
): Promise<number> {
  const ref = parseModelUri(options.model);
  if (!ref)
    throw new UsageError(`--model must be models:/<name>/<version> or models:/<name>/latest, got '${options.model}'`);
  const env = deps.env ?? process.env;
  const workspace = await resolveWorkspace(undefined, { env, dryRun: options.dryRun });
  const endpointName = options.endpoint ?? (await stackNames(env.MLOPS_ENVIRONMENT ?? "dev", env)).onlineEndpoint;
  const assume = options.dryRun ? await localStandIn(options.model, deps.home, deps.model) : undefined;
  const { ctx, recorder } = await openSession({
    workspace,
    dryRun: options.dryRun,
    ...(assume ? { assume } : {}),
    ...deps.session,
  });
  const model = await getModel(ctx, ref.name, String(ref.version));
  const smoke = smokeCaseOf(model.properties[SMOKE_PROPERTY]);
  if (!smoke) {
    throw new CliError(
      `model ${model.name}:${model.version} has no usable ${SMOKE_PROPERTY} property (its smoke payload and answer): ` +
        "blue/green needs them to test the new deployment; register the model with this project's pipeline",
    );
  }
  const mode = options.mode ?? "container";
  if (mode === "mlflow" && !model.flavors.includes("onnx")) {
    throw new CliError(
      `model ${model.name}:${model.version} has no onnx flavor: --mode mlflow (Azure ML's no-code MLflow ` +
        "deployment) serves a model through its ONNX file, and this model offers no ONNX export; deploy it with " +
        "--mode container (the default: our serving image runs the project's scoring code)",
    );
  }
  const endpoint = await readEndpoint(ctx, endpointName);
  // Container mode: the serving image Azure ML builds from this repository's scoring code (reused when unchanged).
  const environment =
    mode === "container" ? await ensureServingEnvironment(ctx, SERVING_ENVIRONMENT, deps.image ?? {}) : undefined;
  const traffic = endpoint.properties.traffic ?? {};
  const slot = pickSlot(traffic);
  ctx.log(
    `endpoint ${endpointName}: ${describeTraffic(traffic)}; deploying ${model.name}:${model.version} as '${slot}' at 0 %`,
  );
  await createDeployment(ctx, endpoint, slot, {
    modelId: model.id,
    instanceType: options.instanceType ?? DEFAULT_INSTANCE_TYPE,
    description: `${options.model} (${mode})`,
    ...(environment ? { environmentId: environment.id } : {}),
  });
  const result = await smokeTestDeployment({
    scoringUri: endpoint.properties.scoringUri ?? "",
    deployment: slot,
    smoke,
    authorization: await authorization(ctx, endpointName, endpoint.properties.authMode),
    ...(ctx.httpClient ? { httpClient: ctx.httpClient } : {}),
    ...(deps.session?.retry ? { retry: deps.session.retry } : {}),
  });
  let code = 0;
  if (result.ok) {
    ctx.log(`smoke test of '${slot}' passed: ${result.detail}`);
    const moved = moveTraffic(traffic, slot);
    await updateTraffic(ctx, endpoint, moved);
    ctx.log(`endpoint ${endpointName}: ${describeTraffic(moved)}`);
  } else {
    ctx.log(`smoke test of '${slot}' failed: ${result.detail}; rolling back`);
    await deleteDeployment(ctx, endpointName, slot);
    code = 1;
  }
  if (recorder) {
    const dir = options.dryRunDir ?? defaultDryRunDir();
    await writeCalls(dir, recorder.calls);
    ctx.log(`dry run: ${recorder.calls.length} calls a real deploy would make (nothing was sent), written to ${dir}`);
    ctx.log(formatCalls(recorder.calls));
  }
  if (code !== 0) {
    throw new CliError(
      `deployment '${slot}' of ${options.model} failed its smoke test (${result.detail}); it was deleted and ` +
        `endpoint ${endpointName} keeps ${describeTraffic(traffic)}`,
    );
  }
  return 0;
}

async function readEndpoint(ctx: AzureContext, name: string): Promise<OnlineEndpoint> {
  const { resourceGroup: rg, workspaceName: ws } = ctx.workspace;
  const found = await step(`reading online endpoint ${name}`, () =>
    ctx.client.onlineEndpoints.get(rg, ws, name).catch((error: unknown) => {
      if (isNotFound(error)) return undefined;
      throw error;
    }),
  );
  if (!found) {
    throw new CliError(
      `online endpoint ${name} not found in workspace ${ctx.workspace.workspaceName}: create it with the stacks ` +
        "('npm run deploy') or pass --endpoint",
    );
  }
  return found;
}

/**
 * The deployment's body. With `environmentId` (container mode) Azure ML runs that image with the model mounted at
 * $AZUREML_MODEL_DIR and probes it by the environment's inferenceConfig; no codeConfiguration, so no scoring script.
 * Without it (mlflow mode) Azure ML's no-code MLflow deployment serves the model's ONNX flavor.
 */
async function createDeployment(
  ctx: AzureContext,
  endpoint: OnlineEndpoint,
  slot: string,
  spec: { modelId: string; instanceType: string; description: string; environmentId?: string },
): Promise<void> {
  const { resourceGroup: rg, workspaceName: ws } = ctx.workspace;
  const name = endpoint.name ?? "";
  const body: OnlineDeployment = {
    location: endpoint.location,
    sku: { name: "Default", capacity: 1 },
    properties: {
      endpointComputeType: "Managed",
      model: spec.modelId,
      ...(spec.environmentId ? { environmentId: spec.environmentId } : {}),
      instanceType: spec.instanceType,
      scaleSettings: { scaleType: "Default" },
      appInsightsEnabled: true,
      description: spec.description,
    },
  };
  await step(`creating deployment ${name}/${slot}`, () =>
    withDeadline(ctx, `creating deployment ${name}/${slot}`, (lro) =>
      ctx.client.onlineDeployments.beginCreateOrUpdateAndWait(rg, ws, name, slot, body, lro),
    ),
  );
  ctx.log(`deployment ${name}/${slot} ready`);
}

async function updateTraffic(ctx: AzureContext, endpoint: OnlineEndpoint, traffic: Record<string, number>) {
  const { resourceGroup: rg, workspaceName: ws } = ctx.workspace;
  const name = endpoint.name ?? "";
  // The writable parts only (what was read back carries systemData and read-only state).
  const { location, identity, kind, sku, tags } = endpoint;
  const { authMode, description, properties, compute, publicNetworkAccess } = endpoint.properties;
  const body: OnlineEndpoint = {
    location,
    ...(identity ? { identity } : {}),
    ...(kind ? { kind } : {}),
    ...(sku ? { sku } : {}),
    ...(tags ? { tags } : {}),
    properties: { authMode, description, properties, compute, publicNetworkAccess, traffic },
  };
  await step(`moving traffic of ${name}`, () =>
    withDeadline(ctx, `moving traffic of ${name}`, (lro) =>
      ctx.client.onlineEndpoints.beginCreateOrUpdateAndWait(rg, ws, name, body, lro),
    ),
  );
}

async function deleteDeployment(ctx: AzureContext, endpoint: string, slot: string): Promise<void> {
  const { resourceGroup: rg, workspaceName: ws } = ctx.workspace;
  await step(`deleting deployment ${endpoint}/${slot}`, () =>
    withDeadline(ctx, `deleting deployment ${endpoint}/${slot}`, (lro) =>
      ctx.client.onlineDeployments.beginDeleteAndWait(rg, ws, endpoint, slot, lro),
    ),
  );
}

/** The scoring credential the endpoint's auth mode asks for. */
async function authorization(ctx: AzureContext, endpoint: string, mode: string | undefined): Promise<string> {
  const { resourceGroup: rg, workspaceName: ws } = ctx.workspace;
  if (mode === "AMLToken") {
    const token = await step(`getting a token for ${endpoint}`, () =>
      ctx.client.onlineEndpoints.getToken(rg, ws, endpoint),
    );
    return `Bearer ${token.accessToken ?? ""}`;
  }
  if (mode === "AADToken") {
    const token = await ctx.credential.getToken("https://ml.azure.com/.default");
    return `Bearer ${token?.token ?? ""}`;
  }
  const keys = await step(`reading the keys of ${endpoint}`, () =>
    ctx.client.onlineEndpoints.listKeys(rg, ws, endpoint),
  );
  return `Bearer ${keys.primaryKey ?? ""}`;
}
