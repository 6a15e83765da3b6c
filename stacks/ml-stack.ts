import { AzurermProvider } from "@cdktf/provider-azurerm/lib/provider/index.js";
import { AzurermBackend, LocalBackend, TerraformOutput, TerraformStack } from "cdktf";
import type { Construct } from "constructs";
import { AzapiProvider } from "./azapi/index.js";
import { type BackendConfig, clusterFor, type EnvironmentConfig, nameInputFor, type StacksConfig } from "./config.js";
import { BatchEndpoint, ComputeCluster, MlWorkspace, OnlineEndpoint } from "./constructs/index.js";
import { nameProblems, resourceNames } from "./naming/index.js";
import { PropsValidator } from "./validation.js";

/**
 * The azurerm versions these stacks accept. The bindings are generated from azurerm 4.55.0's schema (cdktf would
 * pin exactly that); any later 4.x keeps that schema, and `.terraform.lock.hcl` records the one in use.
 */
export const AZURERM_VERSION_CONSTRAINT = "~> 4.55";

/**
 * Local state of one stack, relative to where Terraform runs: the stack's folder `<outdir>/stacks/<environment>/`
 * (cdktf's manifest `workingDirectory`). Three levels up is the folder holding `<outdir>`, the repository root for
 * the default `cdktf.out`: the file cdktf's own default (`<cwd>/terraform.<stack>.tfstate`) names, without writing the
 * clone's absolute path into the synthesized JSON.
 */
export function localStatePath(environment: string): string {
  return `../../../terraform.${environment}.tfstate`;
}

/** Props of {@link MlStack}. */
export interface MlStackProps {
  readonly config: StacksConfig;
  readonly environment: EnvironmentConfig;
}

/**
 * One environment's Azure ML platform: providers (azurerm + azapi, version-pinned), optional remote state, the
 * workspace and its dependencies, the training cluster, an online and a batch endpoint, and a few outputs.
 */
export class MlStack extends TerraformStack {
  readonly workspace: MlWorkspace;
  readonly cluster: ComputeCluster;
  readonly onlineEndpoint: OnlineEndpoint;
  readonly batchEndpoint: BatchEndpoint;

  constructor(scope: Construct, id: string, props: MlStackProps) {
    super(scope, id);
    const { config, environment: env } = props;
    const input = nameInputFor(config, env);
    const v = new PropsValidator();
    v.names(nameProblems(input));
    v.throwIfAny(this);
    const names = resourceNames(input);
    const tags = { project: config.project, environment: env.environment, "managed-by": "cdktf", ...env.tags };
    const cluster = clusterFor(config, env);

    new AzurermProvider(this, "azurerm", {
      features: [
        {
          keyVault: [{ recoverSoftDeletedKeyVaults: true, purgeSoftDeleteOnDestroy: false }],
          machineLearning: [{ purgeSoftDeletedWorkspaceOnDestroy: env.purgeWorkspaceOnDestroy }],
        },
      ],
      // Storage accepts Entra ID only (shared keys off), so the provider's data-plane calls must use it too.
      storageUseAzuread: true,
    });
    new AzapiProvider(this, "azapi");
    this.addOverride("terraform.required_providers.azurerm.version", AZURERM_VERSION_CONSTRAINT);
    if (config.backend) this.useBackend(config.backend, `${config.project}-${env.environment}.tfstate`);
    else new LocalBackend(this, { path: localStatePath(env.environment) });

    this.workspace = new MlWorkspace(this, "ml", {
      location: env.location,
      resourceGroupName: names.resourceGroup,
      workspaceName: names.workspace,
      storageAccountName: names.storageAccount,
      keyVaultName: names.keyVault,
      containerRegistryName: names.containerRegistry,
      logAnalyticsWorkspaceName: names.logAnalytics,
      applicationInsightsName: names.applicationInsights,
      publicNetworkAccessEnabled: env.publicNetworkAccessEnabled,
      highBusinessImpact: env.highBusinessImpact,
      storageSharedKeyEnabled: env.storageSharedKeyEnabled,
      storageReplication: env.storageReplication,
      containerRegistrySku: env.containerRegistrySku,
      keyVaultSoftDeleteRetentionDays: env.keyVaultSoftDeleteRetentionDays,
      // A registry behind a private network cannot be reached by serverless image builds: use the cluster.
      imageBuildComputeName: env.publicNetworkAccessEnabled ? undefined : names.computeCluster,
      tags,
    });
    const ws = this.workspace;
    const attached = {
      location: env.location,
      workspaceId: ws.workspace.id,
      storageAccountId: ws.storageAccount.id,
      containerRegistryId: ws.containerRegistry.id,
      tags,
    };
    this.cluster = new ComputeCluster(this, "training-cluster", {
      ...attached,
      name: names.computeCluster,
      vmSize: cluster.vmSize,
      minNodes: cluster.minNodes,
      maxNodes: cluster.maxNodes,
      priority: cluster.priority,
      idleSecondsBeforeScaleDown: cluster.idleSecondsBeforeScaleDown,
      subnetId: env.subnetId,
    });
    this.onlineEndpoint = new OnlineEndpoint(this, "online-endpoint", {
      ...attached,
      name: names.onlineEndpoint,
      authMode: env.onlineEndpointAuthMode,
      publicNetworkAccessEnabled: env.publicNetworkAccessEnabled,
      description: `${config.project} real-time scoring (${env.environment})`,
    });
    this.batchEndpoint = new BatchEndpoint(this, "batch-endpoint", {
      ...attached,
      name: names.batchEndpoint,
      description: `${config.project} batch scoring (${env.environment})`,
    });

    new TerraformOutput(this, "workspace_id", { value: ws.workspace.id });
    new TerraformOutput(this, "compute_cluster_id", { value: this.cluster.cluster.id });
    new TerraformOutput(this, "online_endpoint_id", { value: this.onlineEndpoint.id });
    new TerraformOutput(this, "online_scoring_uri", { value: this.onlineEndpoint.scoringUri });
    new TerraformOutput(this, "batch_endpoint_id", { value: this.batchEndpoint.id });
    new TerraformOutput(this, "batch_scoring_uri", { value: this.batchEndpoint.scoringUri });
  }

  private useBackend(backend: BackendConfig, key: string): void {
    new AzurermBackend(this, { ...backend, key, useAzureadAuth: true });
  }
}
