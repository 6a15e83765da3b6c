import { ContainerRegistry } from "@cdktf/provider-azurerm/lib/container-registry/index.js";
import { KeyVault } from "@cdktf/provider-azurerm/lib/key-vault/index.js";
import { MachineLearningWorkspace } from "@cdktf/provider-azurerm/lib/machine-learning-workspace/index.js";
import { StorageAccount } from "@cdktf/provider-azurerm/lib/storage-account/index.js";
import { describe, expect, it } from "vitest";
import { AzapiUpdateResource } from "../../stacks/azapi/index.js";
import { MlWorkspace, type MlWorkspaceProps } from "../../stacks/constructs/index.js";
import { expectProblems, resources, synthScope, useTempDirs } from "./helpers.js";

const outdir = useTempDirs()();
const props: MlWorkspaceProps = {
  location: "westeurope",
  resourceGroupName: "rg-demo-dev",
  workspaceName: "mlw-demo-dev",
  storageAccountName: "stdemodev12345",
  keyVaultName: "kv-demo-dev-12345",
  containerRegistryName: "crdemodev12345",
  logAnalyticsWorkspaceName: "log-demo-dev",
  applicationInsightsName: "appi-demo-dev",
};
const synth = (p: Partial<MlWorkspaceProps> = {}) =>
  synthScope(outdir, (stack) => new MlWorkspace(stack, "ws", { ...props, ...p }));
const invalid = (p: Partial<MlWorkspaceProps>, fields: string[]) => {
  expectProblems(() => synth(p), "test/ws", fields);
};

describe("MlWorkspace defaults", () => {
  it("is private and Entra-ID-only by default", () => {
    const out = synth();
    expect(out).toHaveResourceWithProperties(StorageAccount, {
      min_tls_version: "TLS1_2",
      https_traffic_only_enabled: true,
      allow_nested_items_to_be_public: false,
      shared_access_key_enabled: false,
      public_network_access_enabled: false,
    });
    expect(out).toHaveResourceWithProperties(KeyVault, {
      purge_protection_enabled: true,
      rbac_authorization_enabled: true,
      soft_delete_retention_days: 90,
      public_network_access_enabled: false,
    });
    expect(out).toHaveResourceWithProperties(ContainerRegistry, { admin_enabled: false, sku: "Premium" });
    expect(out).toHaveResourceWithProperties(MachineLearningWorkspace, {
      identity: { type: "SystemAssigned" },
      public_network_access_enabled: false,
      high_business_impact: false,
      managed_network: { isolation_mode: "AllowInternetOutbound" },
    });
    const [update] = resources(out, AzapiUpdateResource.tfResourceType);
    expect(update.body).toEqual({ properties: { systemDatastoresAuthMode: "Identity" } });
  });

  it("puts Application Insights on the Log Analytics workspace", () => {
    const [appi] = resources(synth(), "azurerm_application_insights");
    expect(appi.workspace_id).toMatch(/^\$\{azurerm_log_analytics_workspace\.ws_log-analytics_[0-9A-F]+\.id\}$/);
  });
});

describe("MlWorkspace opt-outs are explicit", () => {
  it("publicNetworkAccessEnabled: true opens workspace, storage, key vault and registry, and picks Basic", () => {
    const out = synth({ publicNetworkAccessEnabled: true });
    for (const type of [
      "azurerm_storage_account",
      "azurerm_key_vault",
      "azurerm_container_registry",
      MachineLearningWorkspace.tfResourceType,
    ]) {
      expect(resources(out, type)[0].public_network_access_enabled, type).toBe(true);
    }
    expect(resources(out, "azurerm_container_registry")[0].sku).toBe("Basic");
    expect(resources(out, MachineLearningWorkspace.tfResourceType)[0].managed_network).toEqual({
      isolation_mode: "Disabled",
    });
  });

  it("storageSharedKeyEnabled: true keeps keys and skips the identity datastore switch", () => {
    const out = synth({ storageSharedKeyEnabled: true });
    expect(resources(out, "azurerm_storage_account")[0].shared_access_key_enabled).toBe(true);
    expect(resources(out, AzapiUpdateResource.tfResourceType)).toEqual([]);
  });
});

describe("MlWorkspace rules (each fails synth with the construct path)", () => {
  it.each([
    "resourceGroupName",
    "workspaceName",
    "storageAccountName",
    "keyVaultName",
    "containerRegistryName",
    "logAnalyticsWorkspaceName",
    "applicationInsightsName",
  ] as const)("%s must follow Azure's naming rule", (field) => {
    invalid({ [field]: `${"x".repeat(300)}/?` }, [field]);
  });

  it("location must be a region", () => invalid({ location: "west-europe" }, ["location"]));
  it("containerRegistrySku must be a SKU", () =>
    invalid({ containerRegistrySku: "Gold" as never, publicNetworkAccessEnabled: true }, ["containerRegistrySku"]));
  it("storageReplication must be a replication type", () =>
    invalid({ storageReplication: "XRS" as never }, ["storageReplication"]));
  it("managedNetwork must be an isolation mode", () =>
    invalid({ managedNetwork: "Open" as never }, ["managedNetwork"]));
  it.each([6, 91, 7.5])("keyVaultSoftDeleteRetentionDays %s is outside 7–90", (days) =>
    invalid({ keyVaultSoftDeleteRetentionDays: days }, ["keyVaultSoftDeleteRetentionDays"]),
  );
  it("logRetentionDays must be 30–730", () => invalid({ logRetentionDays: 7 }, ["logRetentionDays"]));
  it("a private registry must be Premium", () =>
    invalid({ publicNetworkAccessEnabled: false, containerRegistrySku: "Basic" }, ["containerRegistrySku"]));
  it("high business impact needs private storage", () =>
    invalid({ highBusinessImpact: true, publicNetworkAccessEnabled: true }, ["highBusinessImpact"]));

  it("reports every problem at once", () => {
    const error = expectProblems(
      () => synth({ storageAccountName: "BAD", logRetentionDays: 1, location: "?" }),
      "test/ws",
      ["storageAccountName", "logRetentionDays", "location"],
    );
    expect(error.message).toContain('got "BAD"');
  });
});
