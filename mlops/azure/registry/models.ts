import type { ModelVersion } from "@azure/arm-machinelearning";
import { CliError } from "../../errors/index.js";
import { isNotFound, step } from "../client/errors.js";
import type { AzureContext } from "../context.js";

export { SMOKE_PROPERTY } from "./model-properties.js";

/** A model version in the workspace registry. */
export interface AzureModel {
  readonly id: string;
  readonly name: string;
  readonly version: string;
  readonly tags: Readonly<Record<string, string>>;
  /** Asset properties (`mlops.smoke`: the smoke payload and the answer the model must give). */
  readonly properties: Readonly<Record<string, string>>;
  /** The MLflow flavors it was registered with (`mlops_ts`, and `onnx` + `python_function` with an ONNX export). */
  readonly flavors: readonly string[];
  readonly modelUri?: string;
}

const strings = (map: Record<string, string | null> | undefined): Record<string, string> =>
  Object.fromEntries(Object.entries(map ?? {}).filter((e): e is [string, string] => typeof e[1] === "string"));

/** A model version as the SDK returns it, in the shape the rest of the code reads. */
export function toModel(name: string, found: ModelVersion): AzureModel {
  return {
    id: found.id ?? "",
    name,
    version: found.name ?? "",
    tags: strings(found.properties.tags),
    properties: strings(found.properties.properties),
    flavors: Object.keys(found.properties.flavors ?? {}),
    ...(found.properties.modelUri ? { modelUri: found.properties.modelUri } : {}),
  };
}

/**
 * The latest version of `name` (newest first by creation time) whose tags match `tags` (`key=value,...`, the
 * service's own filter); undefined when there is none or the model does not exist yet.
 */
async function latestModel(ctx: AzureContext, name: string, tags?: string): Promise<AzureModel | undefined> {
  const { resourceGroup: rg, workspaceName: ws } = ctx.workspace;
  return step(`listing versions of model ${name}${tags ? ` tagged ${tags}` : ""}`, async () => {
    try {
      const pages = ctx.client.modelVersions
        .list(rg, ws, name, { orderBy: "createdtime desc", top: 1, ...(tags ? { tags } : {}) })
        .byPage();
      const first = await pages.next();
      const found = first.done ? undefined : first.value[0];
      return found ? toModel(name, found) : undefined;
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw error;
    }
  });
}

/** Production model: the latest version of `name` tagged experiment_name=`experiment` (ARCHITECTURE §4). */
export function productionModel(ctx: AzureContext, name: string, experiment: string): Promise<AzureModel | undefined> {
  return latestModel(ctx, name, `experiment_name=${experiment}`);
}

/** One model version by number, or `latest`; an error names the model and how to list its versions. */
export async function getModel(ctx: AzureContext, name: string, version: string): Promise<AzureModel> {
  const { resourceGroup: rg, workspaceName: ws } = ctx.workspace;
  const found =
    version === "latest"
      ? await latestModel(ctx, name)
      : await step(`reading model ${name}:${version}`, () =>
          ctx.client.modelVersions.get(rg, ws, name, version).then(
            (v) => toModel(name, v),
            (error: unknown) => {
              if (isNotFound(error)) return undefined;
              throw error;
            },
          ),
        );
  if (!found) {
    throw new CliError(
      `model ${name} version ${version} not found in workspace ${ctx.workspace.workspaceName} ` +
        `(list versions: az ml model list --name ${name})`,
    );
  }
  return found;
}

/** What to register. */
export interface AzureRegistration {
  readonly name: string;
  /** Where the MLflow model folder is (a datastore URI). */
  readonly modelUri: string;
  readonly tags: Readonly<Record<string, string>>;
  readonly properties?: Readonly<Record<string, string>>;
  readonly description?: string;
  /** The job that produced it. */
  readonly jobName?: string;
  readonly flavors?: Readonly<Record<string, Readonly<Record<string, string>>>>;
}
