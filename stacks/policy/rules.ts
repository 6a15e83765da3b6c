import { type PolicyRule, referencedResource, type TerraformResourceJson } from "./evaluate.js";

// Checkov's rules for these resource types (tests/reference/checkov/README.md), as checks over the
// synthesized JSON. Where Checkov passes a missing attribute but our baseline wants it explicit, the rule says so.

const got = (value: unknown) => (value === undefined ? "missing" : JSON.stringify(value));
const expect = (ok: boolean, message: string) => (ok ? undefined : message);
/** `identity` is an object in azurerm resources and a one-element list in azapi ones. */
const identityType = (r: TerraformResourceJson): unknown => {
  const identity = Array.isArray(r.identity) ? r.identity[0] : r.identity;
  return (identity as { type?: unknown } | undefined)?.type;
};
const hasManagedIdentity = (r: TerraformResourceJson) => /Assigned/.test(String(identityType(r) ?? ""));
const ML_ENDPOINT = /^Microsoft\.MachineLearningServices\/workspaces\/(online|batch)Endpoints@/;

const STORAGE = "azurerm_storage_account";
const KEY_VAULT = "azurerm_key_vault";
const WORKSPACE = "azurerm_machine_learning_workspace";
const CLUSTER = "azurerm_machine_learning_compute_cluster";

/** The policy suite every synthesized stack must pass (unless an environment exempts a rule with a reason). */
export const POLICY_RULES: readonly PolicyRule[] = [
  {
    id: "storage-min-tls",
    checkov: "CKV_AZURE_44",
    resourceType: STORAGE,
    description: "storage accepts TLS 1.2 or newer only",
    check: (r) =>
      expect(["TLS1_2", "TLS1_3"].includes(r.min_tls_version as string), `min_tls_version ${got(r.min_tls_version)}`),
  },
  {
    id: "storage-https-only",
    checkov: "CKV_AZURE_3",
    resourceType: STORAGE,
    description: "storage refuses plain HTTP (explicitly)",
    check: (r) =>
      expect(r.https_traffic_only_enabled === true, `https_traffic_only_enabled ${got(r.https_traffic_only_enabled)}`),
  },
  {
    id: "storage-no-public-nested-items",
    checkov: "CKV_AZURE_190, CKV2_AZURE_47",
    resourceType: STORAGE,
    description: "no container or blob can be made public",
    check: (r) =>
      expect(
        r.allow_nested_items_to_be_public === false,
        `allow_nested_items_to_be_public ${got(r.allow_nested_items_to_be_public)}`,
      ),
  },
  {
    id: "storage-shared-key-off",
    checkov: "CKV2_AZURE_40",
    resourceType: STORAGE,
    description: "account keys and SAS are off: Microsoft Entra ID only",
    check: (r) =>
      expect(r.shared_access_key_enabled === false, `shared_access_key_enabled ${got(r.shared_access_key_enabled)}`),
  },
  {
    id: "key-vault-purge-protection",
    checkov: "CKV_AZURE_110, CKV_AZURE_42",
    resourceType: KEY_VAULT,
    description: "purge protection on",
    check: (r) =>
      expect(r.purge_protection_enabled === true, `purge_protection_enabled ${got(r.purge_protection_enabled)}`),
  },
  {
    id: "key-vault-soft-delete",
    checkov: "CKV_AZURE_111, CKV_AZURE_42",
    resourceType: KEY_VAULT,
    description: "soft delete on with an explicit 7–90 day retention",
    check: (r) => {
      const days = r.soft_delete_retention_days;
      const ok =
        r.soft_delete_enabled !== false && Number.isInteger(days) && (days as number) >= 7 && (days as number) <= 90;
      return expect(ok, `soft_delete_enabled ${got(r.soft_delete_enabled)}, soft_delete_retention_days ${got(days)}`);
    },
  },
  {
    id: "key-vault-rbac",
    checkov: "(baseline: Azure RBAC instead of access policies)",
    resourceType: KEY_VAULT,
    description: "access through Azure RBAC, not access policies",
    check: (r) =>
      expect(
        r.rbac_authorization_enabled === true || r.enable_rbac_authorization === true,
        `rbac_authorization_enabled ${got(r.rbac_authorization_enabled)}`,
      ),
  },
  {
    id: "acr-admin-off",
    checkov: "CKV_AZURE_137",
    resourceType: "azurerm_container_registry",
    description: "the registry's admin user (a shared password) is off",
    check: (r) => expect(r.admin_enabled !== true, `admin_enabled ${got(r.admin_enabled)}`),
  },
  {
    id: "workspace-identity",
    checkov: "(baseline: managed identity)",
    resourceType: WORKSPACE,
    description: "the workspace has a managed identity",
    check: (r) => expect(hasManagedIdentity(r), `identity.type ${got(identityType(r))}`),
  },
  {
    id: "workspace-public-access",
    checkov: "CKV_AZURE_144, CKV2_AZURE_49",
    resourceType: WORKSPACE,
    description: "public network access is set explicitly, and off in prod",
    check: (r, { stack }) => {
      const value = r.public_network_access_enabled;
      if (typeof value !== "boolean") return `public_network_access_enabled ${got(value)}: set it explicitly`;
      return expect(stack !== "prod" || value === false, `public_network_access_enabled ${got(value)} in prod`);
    },
  },
  {
    id: "workspace-hbi-private-storage",
    checkov: "CKV2_AZURE_50",
    resourceType: WORKSPACE,
    description: "a high-business-impact workspace keeps its storage off the public network",
    check: (r, { json }) => {
      if (r.high_business_impact !== true) return undefined;
      const storage = referencedResource(json, r.storage_account_id);
      if (!storage) return `storage_account_id ${got(r.storage_account_id)} is not a storage account of this stack`;
      return expect(
        storage.public_network_access_enabled === false,
        `high_business_impact with storage public_network_access_enabled ${got(storage.public_network_access_enabled)}`,
      );
    },
  },
  {
    id: "cluster-identity",
    checkov: "(baseline: managed identity)",
    resourceType: CLUSTER,
    description: "the compute cluster has a managed identity",
    check: (r) => expect(hasManagedIdentity(r), `identity.type ${got(identityType(r))}`),
  },
  {
    id: "cluster-no-ssh",
    checkov: "(baseline)",
    resourceType: CLUSTER,
    description: "no SSH access to the nodes",
    check: (r) =>
      expect(
        r.ssh_public_access_enabled === false && r.ssh === undefined,
        `ssh_public_access_enabled ${got(r.ssh_public_access_enabled)}`,
      ),
  },
  {
    id: "cluster-no-public-ip-in-vnet",
    checkov: "(baseline)",
    resourceType: CLUSTER,
    description: "nodes in a subnet get no public IPs",
    check: (r) =>
      expect(
        r.subnet_resource_id === undefined || r.node_public_ip_enabled === false,
        `node_public_ip_enabled ${got(r.node_public_ip_enabled)} with subnet_resource_id set`,
      ),
  },
  {
    id: "cluster-local-auth-off",
    checkov: "CKV_AZURE_142",
    resourceType: CLUSTER,
    description: "local authentication off",
    check: (r) => expect(r.local_auth_enabled === false, `local_auth_enabled ${got(r.local_auth_enabled)}`),
  },
  {
    id: "cluster-scales-to-zero",
    checkov: "CKV_AZURE_150",
    resourceType: CLUSTER,
    description: "minimum nodes 0 (no cost at idle)",
    check: (r) => {
      const min = (r.scale_settings as { min_node_count?: unknown } | undefined)?.min_node_count;
      return expect(min === 0, `scale_settings.min_node_count ${got(min)}`);
    },
  },
  {
    id: "app-insights-on-log-analytics",
    checkov: "(baseline: workspace-based Application Insights)",
    resourceType: "azurerm_application_insights",
    description: "Application Insights stores its data in a Log Analytics workspace",
    check: (r) =>
      expect(
        /^\$\{azurerm_log_analytics_workspace\.|\/Microsoft\.OperationalInsights\/workspaces\//i.test(
          String(r.workspace_id ?? ""),
        ),
        `workspace_id ${got(r.workspace_id)}`,
      ),
  },
  {
    id: "endpoint-auth",
    checkov: "(baseline: no anonymous scoring)",
    resourceType: "azapi_resource",
    description: "endpoints require a key or a Microsoft Entra token",
    appliesTo: (r) => ML_ENDPOINT.test(String(r.type)),
    check: (r) => {
      const mode = (r.body as { properties?: { authMode?: unknown } } | undefined)?.properties?.authMode;
      return expect(mode === "AADToken" || mode === "Key", `body.properties.authMode ${got(mode)}`);
    },
  },
  {
    id: "endpoint-identity",
    checkov: "(baseline: managed identity)",
    resourceType: "azapi_resource",
    description: "endpoints have a managed identity (it pulls images and reads models)",
    appliesTo: (r) => ML_ENDPOINT.test(String(r.type)),
    check: (r) => expect(hasManagedIdentity(r), `identity.type ${got(identityType(r))}`),
  },
];
