import { describe, expect, it } from "vitest";
import { loadVariables } from "../../mlops/config/index.js";
import { buildApp } from "../../stacks/app.js";
import {
  backendFromEnv,
  clusterFromVariables,
  ENVIRONMENTS,
  environmentResourceNames,
  loadStacksConfig,
  PROJECT_NAME,
} from "../../stacks/config.js";
import type { MlStack } from "../../stacks/ml-stack.js";
import { resourceNames } from "../../stacks/naming/index.js";
import { StackValidationError } from "../../stacks/validation.js";
import { useTempDirs } from "./helpers.js";

const tempDir = useTempDirs();
const STATE = { TFSTATE_RESOURCE_GROUP: "rg-state", TFSTATE_STORAGE_ACCOUNT: "ststate", TFSTATE_CONTAINER: "tfstate" };

describe("stack configuration", () => {
  it("takes the cluster from the variables template, environment variables first", () => {
    const cluster = clusterFromVariables(
      loadVariables({ env: { AML_CLUSTER_MAX_NODES: "7", AML_CLUSTER_PRIORITY: "dedicated" } }),
    );
    expect(cluster.maxNodes).toBe(7);
    expect(cluster.priority).toBe("Dedicated");
    const fromTemplate = loadStacksConfig({}).cluster;
    const v = loadVariables({ env: {} });
    expect(fromTemplate).toEqual({
      name: v.AML_COMPUTE_CLUSTER_NAME,
      vmSize: v.AML_COMPUTE_CLUSTER_CPU_SKU,
      minNodes: v.AML_CLUSTER_MIN_NODES,
      maxNodes: v.AML_CLUSTER_MAX_NODES,
      priority: v.AML_CLUSTER_PRIORITY === "dedicated" ? "Dedicated" : "LowPriority",
    });
  });

  it("uses remote state only when all three TFSTATE_* variables are set", () => {
    expect(backendFromEnv({})).toBeUndefined();
    expect(backendFromEnv(STATE)).toEqual({
      resourceGroupName: "rg-state",
      storageAccountName: "ststate",
      containerName: "tfstate",
    });
    expect(() => backendFromEnv({ TFSTATE_CONTAINER: "tfstate" })).toThrow(
      /TFSTATE_RESOURCE_GROUP, TFSTATE_STORAGE_ACCOUNT not set/,
    );
  });

  it("writes an azurerm backend with Entra ID auth and one state file per environment", () => {
    const { app } = buildApp({ config: loadStacksConfig(STATE), outdir: tempDir() });
    const prod = app.node.findChild("prod") as MlStack;
    expect((prod.toTerraform() as { terraform: { backend: unknown } }).terraform.backend).toEqual({
      azurerm: {
        resource_group_name: "rg-state",
        storage_account_name: "ststate",
        container_name: "tfstate",
        key: `${PROJECT_NAME}-prod.tfstate`,
        use_azuread_auth: true,
      },
    });
  });

  it("names one environment's resources as the stacks do, for the Azure ML submitter", () => {
    const config = loadStacksConfig({});
    const names = environmentResourceNames("dev", config);
    const dev = ENVIRONMENTS.find((e) => e.environment === "dev");
    expect(names).toEqual(
      resourceNames({
        project: PROJECT_NAME,
        environment: "dev",
        location: dev?.location ?? "",
        overrides: { computeCluster: config.cluster.name },
      }),
    );
    const { app } = buildApp({ config, outdir: tempDir() });
    const stack = app.node.findChild("dev") as MlStack;
    expect(stack.workspace.workspace.nameInput).toBe(names.workspace);
    expect(stack.cluster.cluster.nameInput).toBe(names.computeCluster);
    expect(() => environmentResourceNames("qa", config)).toThrow(
      /unknown environment "qa"; the stacks define dev, prod/,
    );
  });

  it("fails synth for an invalid environment name with the stack path", () => {
    const config = loadStacksConfig({});
    const bad = { ...config, environments: [{ ...config.environments[0], environment: "Development" }] };
    expect(() => buildApp({ config: bad, outdir: tempDir() })).toThrow(StackValidationError);
    expect(() => buildApp({ config: bad, outdir: tempDir() })).toThrow(/^Development: 1 problem: environment: /);
  });
});
