import { checkLocation } from "../naming/index.js";
import type { PropsValidator } from "../validation.js";

export type ContainerRegistrySku = "Basic" | "Standard" | "Premium";
export type StorageReplication = "LRS" | "ZRS" | "GRS" | "RAGRS" | "GZRS" | "RAGZRS";
export type ManagedNetworkIsolation = "Disabled" | "AllowInternetOutbound" | "AllowOnlyApprovedOutbound";

/** Props of {@link MlWorkspace}: names come from the naming module, everything else has a secure default. */
export interface MlWorkspaceProps {
  /** Azure region, e.g. `westeurope`. */
  readonly location: string;
  readonly resourceGroupName: string;
  readonly workspaceName: string;
  readonly storageAccountName: string;
  readonly keyVaultName: string;
  readonly containerRegistryName: string;
  readonly logAnalyticsWorkspaceName: string;
  readonly applicationInsightsName: string;
  /**
   * Reach the workspace, its storage, key vault and registry from the internet. Off means private endpoints or a
   * VNet-connected agent are needed to use them.
   * @default false
   */
  readonly publicNetworkAccessEnabled?: boolean;
  /**
   * Mark the workspace as holding high-business-impact data (less diagnostic data leaves it). Requires public
   * network access off, so the workspace storage is not public (Checkov CKV2_AZURE_50).
   * @default false
   */
  readonly highBusinessImpact?: boolean;
  /**
   * Allow storage account keys and SAS. Off means Microsoft Entra ID only; the workspace is switched to
   * identity-based access to its system datastores.
   * @default false
   */
  readonly storageSharedKeyEnabled?: boolean;
  /** @default "GRS" */
  readonly storageReplication?: StorageReplication;
  /**
   * Container registry SKU. Only Premium can turn public network access off.
   * @default "Premium" when public network access is off, otherwise "Basic"
   */
  readonly containerRegistrySku?: ContainerRegistrySku;
  /**
   * Days a deleted key vault stays recoverable (7–90). Purge protection is always on.
   * @default 90
   */
  readonly keyVaultSoftDeleteRetentionDays?: number;
  /**
   * Log Analytics retention in days (30–730).
   * @default 30
   */
  readonly logRetentionDays?: number;
  /**
   * The workspace's managed virtual network. With public access off, Azure ML then creates the private endpoints
   * to storage, key vault and registry itself, and its computes run inside that network.
   * @default "AllowInternetOutbound" when public network access is off, otherwise "Disabled"
   */
  readonly managedNetwork?: ManagedNetworkIsolation;
  /**
   * Compute that builds environment images when the registry is not reachable publicly.
   * @default undefined (Azure ML's serverless image build)
   */
  readonly imageBuildComputeName?: string;
  /** @default {} */
  readonly tags?: Readonly<Record<string, string>>;
}

/** The props with every default applied. */
export type ResolvedMlWorkspaceProps = Required<Omit<MlWorkspaceProps, "imageBuildComputeName">> &
  Pick<MlWorkspaceProps, "imageBuildComputeName">;

const SKUS: readonly ContainerRegistrySku[] = ["Basic", "Standard", "Premium"];
const REPLICATIONS: readonly StorageReplication[] = ["LRS", "ZRS", "GRS", "RAGRS", "GZRS", "RAGZRS"];
const ISOLATIONS: readonly ManagedNetworkIsolation[] = [
  "Disabled",
  "AllowInternetOutbound",
  "AllowOnlyApprovedOutbound",
];

/** Applies the defaults and records every broken rule in `v`. */
export function resolveWorkspaceProps(props: MlWorkspaceProps, v: PropsValidator): ResolvedMlWorkspaceProps {
  const publicNetworkAccessEnabled = props.publicNetworkAccessEnabled ?? false;
  const resolved: ResolvedMlWorkspaceProps = {
    ...props,
    publicNetworkAccessEnabled,
    highBusinessImpact: props.highBusinessImpact ?? false,
    storageSharedKeyEnabled: props.storageSharedKeyEnabled ?? false,
    storageReplication: props.storageReplication ?? "GRS",
    containerRegistrySku: props.containerRegistrySku ?? (publicNetworkAccessEnabled ? "Basic" : "Premium"),
    keyVaultSoftDeleteRetentionDays: props.keyVaultSoftDeleteRetentionDays ?? 90,
    logRetentionDays: props.logRetentionDays ?? 30,
    managedNetwork: props.managedNetwork ?? (publicNetworkAccessEnabled ? "Disabled" : "AllowInternetOutbound"),
    tags: props.tags ?? {},
  };
  v.names(checkLocation(resolved.location));
  v.name("resourceGroup", resolved.resourceGroupName, "resourceGroupName");
  v.name("workspace", resolved.workspaceName, "workspaceName");
  v.name("storageAccount", resolved.storageAccountName, "storageAccountName");
  v.name("keyVault", resolved.keyVaultName, "keyVaultName");
  v.name("containerRegistry", resolved.containerRegistryName, "containerRegistryName");
  v.name("logAnalytics", resolved.logAnalyticsWorkspaceName, "logAnalyticsWorkspaceName");
  v.name("applicationInsights", resolved.applicationInsightsName, "applicationInsightsName");
  v.oneOf("containerRegistrySku", resolved.containerRegistrySku, SKUS);
  v.oneOf("storageReplication", resolved.storageReplication, REPLICATIONS);
  v.oneOf("managedNetwork", resolved.managedNetwork, ISOLATIONS);
  v.integer("keyVaultSoftDeleteRetentionDays", resolved.keyVaultSoftDeleteRetentionDays, 7, 90, "use 7 to 90 days");
  v.integer("logRetentionDays", resolved.logRetentionDays, 30, 730, "use 30 to 730 days");
  v.check(publicNetworkAccessEnabled || resolved.containerRegistrySku === "Premium", {
    field: "containerRegistrySku",
    rule: "only a Premium registry can turn public network access off",
    value: resolved.containerRegistrySku,
    fix: 'use "Premium", or set publicNetworkAccessEnabled: true',
  });
  v.check(!resolved.highBusinessImpact || !publicNetworkAccessEnabled, {
    field: "highBusinessImpact",
    rule: "a high-business-impact workspace must not have public storage (CKV2_AZURE_50)",
    value: "true with publicNetworkAccessEnabled: true",
    fix: "set publicNetworkAccessEnabled: false, or highBusinessImpact: false",
  });
  return resolved;
}
