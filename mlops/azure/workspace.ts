import type { Variables } from "../config/index.js";
import { CliError } from "../errors/index.js";

/** Where the Azure ML workspace is. */
export interface WorkspaceRef {
  readonly subscriptionId: string;
  readonly resourceGroup: string;
  readonly workspaceName: string;
}

/** Used by `--dry-run` when AZURE_SUBSCRIPTION_ID is not set: nothing is sent, so any well-formed id will do. */
const PLACEHOLDER_SUBSCRIPTION = "00000000-0000-0000-0000-000000000000";

type Env = Readonly<Record<string, string | undefined>>;

/**
 * The workspace coordinates: AZURE_SUBSCRIPTION_ID, RESOURCE_GROUP and WORKSPACE_NAME from the variables template
 * (when it carries them) or the environment; the resource group and workspace default to the names the stacks give
 * environment MLOPS_ENVIRONMENT (default `dev`). A missing subscription is an error, except in a dry run.
 */
export async function resolveWorkspace(
  variables: Pick<Variables, "extra"> | undefined,
  options: { readonly env?: Env; readonly dryRun?: boolean } = {},
): Promise<WorkspaceRef> {
  const env = options.env ?? process.env;
  const pick = (key: string) => nonEmpty(variables?.extra[key]) ?? nonEmpty(env[key]);
  const subscriptionId = pick("AZURE_SUBSCRIPTION_ID") ?? (options.dryRun ? PLACEHOLDER_SUBSCRIPTION : undefined);
  if (!subscriptionId) {
    throw new CliError(
      "AZURE_SUBSCRIPTION_ID is not set: export AZURE_SUBSCRIPTION_ID=$(az account show --query id -o tsv)",
    );
  }
  let resourceGroup = pick("RESOURCE_GROUP");
  let workspaceName = pick("WORKSPACE_NAME");
  if (!resourceGroup || !workspaceName) {
    const names = await stackNames(env.MLOPS_ENVIRONMENT ?? "dev", env);
    resourceGroup ??= names.resourceGroup;
    workspaceName ??= names.workspace;
  }
  return { subscriptionId, resourceGroup, workspaceName };
}

/** The stacks' names for one environment (loaded only when a coordinate is missing). */
export async function stackNames(environment: string, env: Env = process.env) {
  const { environmentResourceNames, loadStacksConfig } = await import("../../stacks/config.js");
  try {
    return environmentResourceNames(environment, loadStacksConfig(env));
  } catch (error) {
    throw new CliError(`MLOPS_ENVIRONMENT=${environment}: ${(error as Error).message}`);
  }
}

/** `/subscriptions/<s>/resourceGroups/<rg>/providers/Microsoft.MachineLearningServices/workspaces/<ws>` */
export function workspaceId(ws: WorkspaceRef): string {
  return (
    `/subscriptions/${ws.subscriptionId}/resourceGroups/${ws.resourceGroup}` +
    `/providers/Microsoft.MachineLearningServices/workspaces/${ws.workspaceName}`
  );
}

const WORKSPACE_ID =
  /^\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)\/providers\/Microsoft\.MachineLearningServices\/workspaces\/([^/]+)$/i;

/** The inverse of {@link workspaceId}; an error names the value and the expected form. */
export function parseWorkspaceId(id: string): WorkspaceRef {
  const m = WORKSPACE_ID.exec(id);
  if (!m)
    throw new CliError(
      `'${id}' is not a workspace id (${workspaceId({ subscriptionId: "<sub>", resourceGroup: "<rg>", workspaceName: "<ws>" })})`,
    );
  return { subscriptionId: m[1], resourceGroup: m[2], workspaceName: m[3] };
}

/** The workspace in Azure ML studio. */
export function studioUrl(ws: WorkspaceRef, path = ""): string {
  const wsid = workspaceId(ws);
  return `https://ml.azure.com/${path}${path.includes("?") ? "&" : "?"}wsid=${wsid}`;
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === "" ? undefined : value.trim();
}
