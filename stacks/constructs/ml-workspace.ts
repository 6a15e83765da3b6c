import { ApplicationInsights } from "@cdktf/provider-azurerm/lib/application-insights/index.js";
import { ContainerRegistry } from "@cdktf/provider-azurerm/lib/container-registry/index.js";
import { DataAzurermClientConfig } from "@cdktf/provider-azurerm/lib/data-azurerm-client-config/index.js";
import { KeyVault } from "@cdktf/provider-azurerm/lib/key-vault/index.js";
import { LogAnalyticsWorkspace } from "@cdktf/provider-azurerm/lib/log-analytics-workspace/index.js";
import { MachineLearningWorkspace } from "@cdktf/provider-azurerm/lib/machine-learning-workspace/index.js";
import { ResourceGroup } from "@cdktf/provider-azurerm/lib/resource-group/index.js";
import { StorageAccount } from "@cdktf/provider-azurerm/lib/storage-account/index.js";
import { Construct } from "constructs";
import { AzapiUpdateResource } from "../azapi/index.js";
import { PropsValidator } from "../validation.js";
import { type MlWorkspaceProps, resolveWorkspaceProps } from "./ml-workspace-props.js";

/** The ARM api-version used for everything this project sends through azapi (the stable spec we validate against). */
export const ML_API_VERSION = "2025-12-01";

/**
 * An Azure ML workspace with everything it depends on: resource group, storage account, key vault, Log Analytics
 * workspace + Application Insights, container registry, and a system-assigned identity. Secure by default:
 * storage TLS 1.2 / HTTPS only / no public blobs / Entra ID only, key vault RBAC + purge protection, registry
 * admin user off, public network access off.
 */
export class MlWorkspace extends Construct {
  readonly resourceGroup: ResourceGroup;
  readonly storageAccount: StorageAccount;
  readonly keyVault: KeyVault;
  readonly containerRegistry: ContainerRegistry;
  readonly logAnalytics: LogAnalyticsWorkspace;
  readonly applicationInsights: ApplicationInsights;
  readonly workspace: MachineLearningWorkspace;

  constructor(scope: Construct, id: string, props: MlWorkspaceProps) {
    super(scope, id);
    const v = new PropsValidator();
    const p = resolveWorkspaceProps(props, v);
    v.throwIfAny(this);
    const common = { location: p.location, tags: p.tags };
    const isPublic = p.publicNetworkAccessEnabled;

    this.resourceGroup = new ResourceGroup(this, "resource-group", { name: p.resourceGroupName, ...common });
    const inGroup = { ...common, resourceGroupName: this.resourceGroup.name };
    const client = new DataAzurermClientConfig(this, "client");

    this.logAnalytics = new LogAnalyticsWorkspace(this, "log-analytics", {
      ...inGroup,
      name: p.logAnalyticsWorkspaceName,
      sku: "PerGB2018",
      retentionInDays: p.logRetentionDays,
    });
    this.applicationInsights = new ApplicationInsights(this, "application-insights", {
      ...inGroup,
      name: p.applicationInsightsName,
      applicationType: "web",
      workspaceId: this.logAnalytics.id,
    });
    this.storageAccount = new StorageAccount(this, "storage", {
      ...inGroup,
      name: p.storageAccountName,
      accountTier: "Standard",
      accountKind: "StorageV2",
      accountReplicationType: p.storageReplication,
      minTlsVersion: "TLS1_2",
      httpsTrafficOnlyEnabled: true,
      allowNestedItemsToBePublic: false,
      sharedAccessKeyEnabled: p.storageSharedKeyEnabled,
      defaultToOauthAuthentication: true,
      localUserEnabled: false,
      crossTenantReplicationEnabled: false,
      publicNetworkAccessEnabled: isPublic,
      networkRules: isPublic ? undefined : { defaultAction: "Deny", bypass: ["AzureServices"] },
      blobProperties: { deleteRetentionPolicy: { days: 7 }, containerDeleteRetentionPolicy: { days: 7 } },
    });
    this.keyVault = new KeyVault(this, "key-vault", {
      ...inGroup,
      name: p.keyVaultName,
      tenantId: client.tenantId,
      skuName: "standard",
      rbacAuthorizationEnabled: true,
      purgeProtectionEnabled: true,
      softDeleteRetentionDays: p.keyVaultSoftDeleteRetentionDays,
      publicNetworkAccessEnabled: isPublic,
      networkAcls: { defaultAction: isPublic ? "Allow" : "Deny", bypass: "AzureServices" },
    });
    this.containerRegistry = new ContainerRegistry(this, "container-registry", {
      ...inGroup,
      name: p.containerRegistryName,
      sku: p.containerRegistrySku,
      adminEnabled: false,
      anonymousPullEnabled: false,
      publicNetworkAccessEnabled: isPublic,
    });
    this.workspace = new MachineLearningWorkspace(this, "workspace", {
      ...inGroup,
      name: p.workspaceName,
      identity: { type: "SystemAssigned" },
      applicationInsightsId: this.applicationInsights.id,
      keyVaultId: this.keyVault.id,
      storageAccountId: this.storageAccount.id,
      containerRegistryId: this.containerRegistry.id,
      publicNetworkAccessEnabled: isPublic,
      highBusinessImpact: p.highBusinessImpact,
      imageBuildComputeName: p.imageBuildComputeName,
      managedNetwork: { isolationMode: p.managedNetwork },
      skuName: "Basic",
    });
    if (!p.storageSharedKeyEnabled) {
      // azurerm cannot set this (hashicorp/terraform-provider-azurerm#22150); without it the workspace would try to
      // reach its default datastores with the account key that storage no longer accepts.
      new AzapiUpdateResource(this, "identity-datastores", {
        type: `Microsoft.MachineLearningServices/workspaces@${ML_API_VERSION}`,
        resourceId: this.workspace.id,
        body: { properties: { systemDatastoresAuthMode: "Identity" } },
      });
    }
  }
}
