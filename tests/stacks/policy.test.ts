import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { synthesize } from "../../stacks/app.js";
import { type EnvironmentConfig, loadStacksConfig, type StacksConfig } from "../../stacks/config.js";
import { evaluatePolicies, POLICY_RULES, resourcesOf, type TerraformJson } from "../../stacks/policy/index.js";
import { useTempDirs } from "./helpers.js";

type Json = Record<string, unknown>;
type Flip = (resource: Json, json: { resource: Record<string, Record<string, Json>> }) => void;

const tempDir = useTempDirs();
const config = loadStacksConfig({});
const SUBNET = "/subscriptions/0/resourceGroups/net/providers/Microsoft.Network/virtualNetworks/vnet/subnets/ml";

/** Synthesizes a config into a temp dir and returns each stack's cdk.tf.json. */
function synthJson(c: StacksConfig): Record<string, TerraformJson> {
  const outdir = tempDir();
  synthesize({ config: c, outdir });
  return Object.fromEntries(
    c.environments.map((e) => [
      e.environment,
      JSON.parse(readFileSync(join(outdir, "stacks", e.environment, "cdk.tf.json"), "utf8")),
    ]),
  );
}
const withProd = (change: Partial<EnvironmentConfig>): StacksConfig => ({
  ...config,
  environments: config.environments.map((e) => (e.environment === "prod" ? { ...e, ...change } : e)),
});

const set =
  (key: string, value: unknown): Flip =>
  (r) => {
    r[key] = value;
  };
const unset =
  (key: string): Flip =>
  (r) => {
    delete r[key];
  };
const setIn =
  (outer: string, key: string, value: unknown): Flip =>
  (r) => {
    (r[outer] as Json)[key] = value;
  };

// One way to break each rule, applied to a copy of a compliant resource.
const FLIPS: Record<string, Flip> = {
  "storage-min-tls": set("min_tls_version", "TLS1_0"),
  "storage-https-only": set("https_traffic_only_enabled", false),
  "storage-no-public-nested-items": set("allow_nested_items_to_be_public", true),
  "storage-shared-key-off": unset("shared_access_key_enabled"),
  "key-vault-purge-protection": set("purge_protection_enabled", false),
  "key-vault-soft-delete": set("soft_delete_retention_days", 3),
  "key-vault-rbac": set("rbac_authorization_enabled", false),
  "acr-admin-off": set("admin_enabled", true),
  "workspace-identity": unset("identity"),
  "workspace-public-access": set("public_network_access_enabled", true),
  "workspace-hbi-private-storage": (r, json) => {
    const storage = Object.values(json.resource.azurerm_storage_account)[0];
    json.resource.azurerm_storage_account.public = { ...storage, public_network_access_enabled: true };
    Object.assign(r, { high_business_impact: true, storage_account_id: `\${azurerm_storage_account.public.id}` });
  },
  "cluster-identity": unset("identity"),
  "cluster-no-ssh": set("ssh_public_access_enabled", true),
  "cluster-no-public-ip-in-vnet": (r) => Object.assign(r, { subnet_resource_id: SUBNET, node_public_ip_enabled: true }),
  "cluster-local-auth-off": set("local_auth_enabled", true),
  "cluster-scales-to-zero": setIn("scale_settings", "min_node_count", 1),
  "app-insights-on-log-analytics": unset("workspace_id"),
  "endpoint-auth": (r) => setIn("properties", "authMode", "AMLToken")(r.body as Json, { resource: {} }),
  "endpoint-identity": unset("identity"),
};

let stacks: Record<string, TerraformJson>;
beforeAll(() => {
  stacks = synthJson(config);
});

describe.each(["dev", "prod"])("the %s stack", (name) => {
  it.each(POLICY_RULES.map((r) => [r.id, r] as const))("passes %s for every resource it applies to", (_, rule) => {
    const json = stacks[name];
    expect(resourcesOf(json, rule.resourceType, rule.appliesTo).length).toBeGreaterThan(0);
    expect(evaluatePolicies(name, json, [rule])).toEqual([]);
  });
});

describe("each rule catches its flipped setting on any one resource", () => {
  it("has a flip for every rule", () => {
    expect(Object.keys(FLIPS).sort()).toEqual(POLICY_RULES.map((r) => r.id).sort());
  });

  it.each(POLICY_RULES.map((r) => [r.id, r] as const))("%s", (id, rule) => {
    const json = structuredClone(stacks.prod) as { resource: Record<string, Record<string, Json>> };
    const [address, original] = resourcesOf(json, rule.resourceType, rule.appliesTo)[0];
    const broken = structuredClone(original) as Json;
    FLIPS[id](broken, json);
    json.resource[rule.resourceType].broken = broken;
    const violations = evaluatePolicies("prod", json, [rule]);
    expect(violations.map((v) => v.address)).toEqual([`${rule.resourceType}.broken`]);
    expect(violations[0].message.length).toBeGreaterThan(0);
    expect(address).not.toBe(`${rule.resourceType}.broken`);
  });
});

describe("workspace public access", () => {
  it("may be on in dev when set explicitly, never missing", () => {
    const rule = POLICY_RULES.filter((r) => r.id === "workspace-public-access");
    const json = structuredClone(stacks.dev) as { resource: Record<string, Record<string, Json>> };
    const [ws] = Object.values(json.resource.azurerm_machine_learning_workspace);
    expect(ws.public_network_access_enabled).toBe(true);
    expect(evaluatePolicies("dev", json, rule)).toEqual([]);
    delete ws.public_network_access_enabled;
    expect(evaluatePolicies("dev", json, rule)[0].message).toMatch(/missing: set it explicitly/);
  });
});

describe("opting out", () => {
  it("skips exempted rules and refuses exemptions for unknown rules", () => {
    const json = structuredClone(stacks.prod) as { resource: Record<string, Record<string, Json>> };
    for (const r of Object.values(json.resource.azurerm_container_registry)) r.admin_enabled = true;
    expect(evaluatePolicies("prod", json, POLICY_RULES).map((v) => v.rule)).toEqual(["acr-admin-off"]);
    expect(evaluatePolicies("prod", json, POLICY_RULES, { "acr-admin-off": "legacy pull secret" })).toEqual([]);
    expect(() => evaluatePolicies("prod", json, POLICY_RULES, { "no-such-rule": "x" })).toThrow(
      /unknown rules: no-such-rule/,
    );
  });

  it("storage keys need both the config switch and a policy exemption", () => {
    expect(() => synthJson(withProd({ storageSharedKeyEnabled: true }))).toThrow(/storage-shared-key-off/);
    const json = synthJson(
      withProd({ storageSharedKeyEnabled: true, policyExemptions: { "storage-shared-key-off": "legacy SAS client" } }),
    ).prod;
    const [storage] = resourcesOf(json, "azurerm_storage_account");
    expect(storage[1].shared_access_key_enabled).toBe(true);
    expect(resourcesOf(json, "azapi_update_resource")).toEqual([]);
  });

  it("a violation leaves no cdk.tf.json behind for terraform to apply", () => {
    const outdir = tempDir();
    expect(() => synthesize({ config: withProd({ storageSharedKeyEnabled: true }), outdir })).toThrow(
      /policy violation/,
    );
    for (const env of config.environments) expect(existsSync(join(outdir, "stacks", env.environment))).toBe(false);
  });

  it("a cluster in a subnet loses its public IPs and still passes", () => {
    const json = synthJson(withProd({ subnetId: SUBNET })).prod;
    const [[, cluster]] = resourcesOf(json, "azurerm_machine_learning_compute_cluster");
    expect(cluster).toMatchObject({ subnet_resource_id: SUBNET, node_public_ip_enabled: false });
    expect(evaluatePolicies("prod", json, POLICY_RULES)).toEqual([]);
  });
});
