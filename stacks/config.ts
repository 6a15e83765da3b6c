import { loadVariables, type Variables } from "../mlops/config/index.js";
import type { ContainerRegistrySku, EndpointAuthMode, StorageReplication, VmPriority } from "./constructs/index.js";
import { type NameInput, type NameKind, type ResourceNames, resourceNames } from "./naming/index.js";

/** The project name (snake_case). `npm run bootstrap -- --name NAME` rewrites this line. */
export const PROJECT_NAME = "diabetes_regression";

/** The compute cluster, from the variables template (AML_COMPUTE_CLUSTER_* / AML_CLUSTER_*). */
export interface ClusterConfig {
  readonly name: string;
  readonly vmSize: string;
  readonly minNodes: number;
  readonly maxNodes: number;
  readonly priority: VmPriority;
}

/** One environment: everything that differs between dev and prod. */
export interface EnvironmentConfig {
  /** Stack id and name part: `dev`, `prod`. */
  readonly environment: string;
  readonly location: string;
  /** Mixed into the unique suffix (set it if another team deploys the same project to the same region). */
  readonly uniqueSeed?: string;
  /** Workspace, storage, key vault and registry reachable from the internet. */
  readonly publicNetworkAccessEnabled: boolean;
  readonly highBusinessImpact: boolean;
  /** Opt out of Entra-ID-only storage (also needs a `storage-shared-key-off` policy exemption). */
  readonly storageSharedKeyEnabled?: boolean;
  readonly storageReplication: StorageReplication;
  readonly containerRegistrySku?: ContainerRegistrySku;
  readonly keyVaultSoftDeleteRetentionDays: number;
  /** Purge the workspace on destroy so the name is free again at once (dev); keep it recoverable (prod). */
  readonly purgeWorkspaceOnDestroy: boolean;
  /** Per-environment changes to the template's cluster settings. */
  readonly cluster?: Partial<ClusterConfig> & { readonly idleSecondsBeforeScaleDown?: number };
  readonly onlineEndpointAuthMode: EndpointAuthMode;
  /** Subnet (ARM id) for the compute cluster; nodes then get no public IPs. */
  readonly subnetId?: string;
  /** Names to use instead of the derived ones (validated like them). */
  readonly names?: Readonly<Partial<Record<NameKind, string>>>;
  /** Policy rules this environment knowingly opts out of, with the reason (see stacks/policy). */
  readonly policyExemptions?: Readonly<Record<string, string>>;
  readonly tags?: Readonly<Record<string, string>>;
}

/** Remote state in an Azure storage account (created outside these stacks). */
export interface BackendConfig {
  readonly resourceGroupName: string;
  readonly storageAccountName: string;
  readonly containerName: string;
}

/** Everything `stacks/main.ts` builds from. */
export interface StacksConfig {
  readonly project: string;
  readonly cluster: ClusterConfig;
  readonly environments: readonly EnvironmentConfig[];
  readonly backend?: BackendConfig;
}

/** dev: cheap and reachable; prod: private, durable, high business impact. */
export const ENVIRONMENTS: readonly EnvironmentConfig[] = [
  {
    environment: "dev",
    location: "westeurope",
    publicNetworkAccessEnabled: true,
    highBusinessImpact: false,
    storageReplication: "LRS",
    containerRegistrySku: "Basic",
    keyVaultSoftDeleteRetentionDays: 7,
    purgeWorkspaceOnDestroy: true,
    onlineEndpointAuthMode: "Key",
  },
  {
    environment: "prod",
    location: "westeurope",
    publicNetworkAccessEnabled: false,
    highBusinessImpact: true,
    storageReplication: "GRS",
    containerRegistrySku: "Premium",
    keyVaultSoftDeleteRetentionDays: 90,
    purgeWorkspaceOnDestroy: false,
    onlineEndpointAuthMode: "Key",
  },
];

const BACKEND_ENV = ["TFSTATE_RESOURCE_GROUP", "TFSTATE_STORAGE_ACCOUNT", "TFSTATE_CONTAINER"] as const;

/** The cluster settings of the variables template. */
export function clusterFromVariables(v: Variables): ClusterConfig {
  return {
    name: v.AML_COMPUTE_CLUSTER_NAME,
    vmSize: v.AML_COMPUTE_CLUSTER_CPU_SKU,
    minNodes: v.AML_CLUSTER_MIN_NODES,
    maxNodes: v.AML_CLUSTER_MAX_NODES,
    priority: v.AML_CLUSTER_PRIORITY === "dedicated" ? "Dedicated" : "LowPriority",
  };
}

/**
 * The azurerm backend from TFSTATE_RESOURCE_GROUP / TFSTATE_STORAGE_ACCOUNT / TFSTATE_CONTAINER: all three set →
 * remote state; none → local state; some → an error naming the missing ones.
 */
export function backendFromEnv(env: Readonly<Record<string, string | undefined>>): BackendConfig | undefined {
  const missing = BACKEND_ENV.filter((k) => !env[k]);
  if (missing.length === BACKEND_ENV.length) return undefined;
  if (missing.length > 0) {
    throw new Error(`remote state: ${missing.join(", ")} not set; set all of ${BACKEND_ENV.join(", ")} or none`);
  }
  return {
    resourceGroupName: env.TFSTATE_RESOURCE_GROUP as string,
    storageAccountName: env.TFSTATE_STORAGE_ACCOUNT as string,
    containerName: env.TFSTATE_CONTAINER as string,
  };
}

/** The stacks' configuration: this file's environments, the template's cluster, the backend from the environment. */
export function loadStacksConfig(env: Readonly<Record<string, string | undefined>> = process.env): StacksConfig {
  return {
    project: PROJECT_NAME,
    cluster: clusterFromVariables(loadVariables({ env })),
    environments: ENVIRONMENTS,
    backend: backendFromEnv(env),
  };
}

/** The cluster of one environment: the template's settings with the environment's changes. */
export function clusterFor(
  config: StacksConfig,
  env: EnvironmentConfig,
): ClusterConfig & { idleSecondsBeforeScaleDown?: number } {
  return { ...config.cluster, ...env.cluster };
}

/** What the naming module derives one environment's names from (the cluster name comes from the template). */
export function nameInputFor(config: StacksConfig, env: EnvironmentConfig): NameInput {
  return {
    project: config.project,
    environment: env.environment,
    location: env.location,
    uniqueSeed: env.uniqueSeed,
    overrides: { computeCluster: clusterFor(config, env).name, ...env.names },
  };
}

/**
 * The names of one environment's resources exactly as the stacks create them — for code that must find them
 * without synthesizing (the Azure ML submitter). Throws for an unknown environment or invalid names.
 */
export function environmentResourceNames(
  environment: string,
  config: StacksConfig = loadStacksConfig(),
): ResourceNames {
  const env = config.environments.find((e) => e.environment === environment);
  if (!env) {
    const known = config.environments.map((e) => e.environment).join(", ");
    throw new Error(`unknown environment "${environment}"; the stacks define ${known} (stacks/config.ts)`);
  }
  return resourceNames(nameInputFor(config, env));
}
