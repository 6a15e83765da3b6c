import { MachineLearningComputeCluster } from "@cdktf/provider-azurerm/lib/machine-learning-compute-cluster/index.js";
import { describe, expect, it } from "vitest";
import { AzapiResource } from "../../stacks/azapi/index.js";
import {
  BatchEndpoint,
  type BatchEndpointProps,
  ComputeCluster,
  type ComputeClusterProps,
  OnlineEndpoint,
  type OnlineEndpointProps,
} from "../../stacks/constructs/index.js";
import { expectProblems, resources, synthScope, useTempDirs } from "./helpers.js";

const outdir = useTempDirs()();
const ids = {
  workspaceId: "/subscriptions/0/resourceGroups/rg/providers/Microsoft.MachineLearningServices/workspaces/mlw",
  storageAccountId: "/subscriptions/0/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/st",
  containerRegistryId: "/subscriptions/0/resourceGroups/rg/providers/Microsoft.ContainerRegistry/registries/cr",
};
const SUBNET = "/subscriptions/0/resourceGroups/net/providers/Microsoft.Network/virtualNetworks/vnet/subnets/ml";
const clusterProps: ComputeClusterProps = { ...ids, name: "train-cluster", location: "westeurope" };
const cluster = (p: Partial<ComputeClusterProps> = {}) =>
  synthScope(outdir, (s) => new ComputeCluster(s, "cluster", { ...clusterProps, ...p }));
const badCluster = (p: Partial<ComputeClusterProps>, fields: string[]) =>
  expectProblems(() => cluster(p), "test/cluster", fields);
const roles = (out: string) =>
  resources(out, "azurerm_role_assignment").map((r) => `${r.role_definition_name} on ${String(r.scope).split("/")[6]}`);

describe("ComputeCluster", () => {
  it("scales to zero, has an identity, no SSH, no local auth", () => {
    expect(cluster()).toHaveResourceWithProperties(MachineLearningComputeCluster, {
      identity: { type: "SystemAssigned" },
      ssh_public_access_enabled: false,
      local_auth_enabled: false,
      node_public_ip_enabled: true,
      vm_size: "Standard_DS2_v2",
      vm_priority: "Dedicated",
      scale_settings: { min_node_count: 0, max_node_count: 4, scale_down_nodes_after_idle_duration: "PT120S" },
    });
  });

  it("gets no public IPs inside a subnet", () => {
    const [c] = resources(cluster({ subnetId: SUBNET }), MachineLearningComputeCluster.tfResourceType);
    expect(c).toMatchObject({ subnet_resource_id: SUBNET, node_public_ip_enabled: false });
  });

  it("may register models, use the workspace storage and pull images", () => {
    const out = cluster();
    expect(roles(out).sort()).toEqual([
      "AcrPull on Microsoft.ContainerRegistry",
      "AzureML Data Scientist on Microsoft.MachineLearningServices",
      "Storage Blob Data Contributor on Microsoft.Storage",
    ]);
    for (const r of resources(out, "azurerm_role_assignment")) {
      expect(r.principal_id).toMatch(
        /^\$\{azurerm_machine_learning_compute_cluster\.[^.]+\.identity\[0\]\.principal_id\}$/,
      );
    }
  });

  it("name follows Azure ML's compute rule", () => badCluster({ name: "x" }, ["name"]));
  it("location must be a region", () => badCluster({ location: "" }, ["location"]));
  it("vmSize must be a VM size", () => badCluster({ vmSize: "big" }, ["vmSize"]));
  it("minNodes must be a non-negative integer", () => badCluster({ minNodes: -1 }, ["minNodes"]));
  it("maxNodes must be at least 1", () => badCluster({ maxNodes: 0 }, ["maxNodes"]));
  it("minNodes must not exceed maxNodes", () => badCluster({ minNodes: 3, maxNodes: 2 }, ["minNodes"]));
  it("priority must be Dedicated or LowPriority", () => badCluster({ priority: "Spot" as never }, ["priority"]));
  it("idle time must be 60–86400 s", () =>
    badCluster({ idleSecondsBeforeScaleDown: 5 }, ["idleSecondsBeforeScaleDown"]));
  it("subnetId must be a subnet id", () => badCluster({ subnetId: "vnet/ml" }, ["subnetId"]));
  it("no public IP needs a subnet", () => badCluster({ nodePublicIpEnabled: false }, ["nodePublicIpEnabled"]));
});

const endpointBase = { ...ids, location: "westeurope" };
const online = (p: Partial<OnlineEndpointProps> = {}) =>
  synthScope(outdir, (s) => new OnlineEndpoint(s, "online", { ...endpointBase, name: "ep-demo-dev-12345", ...p }));
const batch = (p: Partial<BatchEndpointProps> = {}) =>
  synthScope(outdir, (s) => new BatchEndpoint(s, "batch", { ...endpointBase, name: "bep-demo-dev-12345", ...p }));

describe("OnlineEndpoint and BatchEndpoint", () => {
  it("are azapi resources of the 2025-12-01 endpoint types with an identity and the scoring URI exported", () => {
    const [on] = resources(online(), AzapiResource.tfResourceType);
    expect(on).toMatchObject({
      type: "Microsoft.MachineLearningServices/workspaces/onlineEndpoints@2025-12-01",
      parent_id: ids.workspaceId,
      identity: [{ type: "SystemAssigned" }],
      body: { properties: { authMode: "Key", publicNetworkAccess: "Disabled" } },
      response_export_values: ["properties.scoringUri"],
    });
    const [bat] = resources(batch(), AzapiResource.tfResourceType);
    expect(bat.type).toBe("Microsoft.MachineLearningServices/workspaces/batchEndpoints@2025-12-01");
    expect(bat.body).toEqual({ properties: { authMode: "AADToken" } });
  });

  it("may pull images and read models", () => {
    expect(roles(online()).sort()).toEqual([
      "AcrPull on Microsoft.ContainerRegistry",
      "Storage Blob Data Reader on Microsoft.Storage",
    ]);
  });

  it("opts into public scoring and Entra ID auth explicitly", () => {
    const [on] = resources(
      online({ publicNetworkAccessEnabled: true, authMode: "AADToken" }),
      AzapiResource.tfResourceType,
    );
    expect(on.body).toEqual({ properties: { authMode: "AADToken", publicNetworkAccess: "Enabled" } });
  });

  it("online name follows the endpoint rule", () =>
    expectProblems(() => online({ name: "ep_underscore" }), "test/online", ["name"]));
  it("batch name follows the endpoint rule", () =>
    expectProblems(() => batch({ name: "b".repeat(33) }), "test/batch", ["name"]));
  it("endpoint location must be a region", () =>
    expectProblems(() => online({ location: "?" }), "test/online", ["location"]));
  it("online auth is Key or AADToken, never AMLToken", () =>
    expectProblems(() => online({ authMode: "AMLToken" as never }), "test/online", ["authMode"]));
  it("batch auth is AADToken only", () => expectProblems(() => batch({ authMode: "Key" }), "test/batch", ["authMode"]));

  it("refuses an output path that is not exported", () => {
    synthScope(outdir, (s) => {
      const endpoint = new OnlineEndpoint(s, "online", { ...endpointBase, name: "ep-demo-dev-12345" });
      expect(() => endpoint.resource.outputValue("properties.swaggerUri")).toThrow(/not exported; add it/);
    });
  });
});
