import { MachineLearningComputeCluster } from "@cdktf/provider-azurerm/lib/machine-learning-compute-cluster/index.js";
import { Construct } from "constructs";
import { checkLocation } from "../naming/index.js";
import { PropsValidator } from "../validation.js";
import { grantRoles } from "./role-grants.js";

export type VmPriority = "Dedicated" | "LowPriority";

/** Props of {@link ComputeCluster}. */
export interface ComputeClusterProps {
  /** The compute name inside the workspace (`AML_COMPUTE_CLUSTER_NAME`). */
  readonly name: string;
  readonly location: string;
  readonly workspaceId: string;
  /** Storage the jobs read and write (granted Storage Blob Data Contributor). */
  readonly storageAccountId: string;
  /** Registry the nodes pull environment images from (granted AcrPull; the registry's admin user is off). */
  readonly containerRegistryId: string;
  /** @default "Standard_DS2_v2" */
  readonly vmSize?: string;
  /**
   * Nodes kept running when idle; 0 costs nothing at idle (Checkov CKV_AZURE_150).
   * @default 0
   */
  readonly minNodes?: number;
  /** @default 4 */
  readonly maxNodes?: number;
  /** @default "Dedicated" */
  readonly priority?: VmPriority;
  /**
   * Idle seconds before a node is released.
   * @default 120
   */
  readonly idleSecondsBeforeScaleDown?: number;
  /**
   * Subnet to join (ARM id). Required for nodes without public IPs.
   * @default undefined (Azure-managed network)
   */
  readonly subnetId?: string;
  /**
   * Give nodes public IPs. Azure only allows `false` inside a subnet.
   * @default false when `subnetId` is set, true otherwise
   */
  readonly nodePublicIpEnabled?: boolean;
  /** @default {} */
  readonly tags?: Readonly<Record<string, string>>;
}

const SUBNET_ID =
  /^\/subscriptions\/[^/]+\/resourceGroups\/[^/]+\/providers\/Microsoft\.Network\/virtualNetworks\/[^/]+\/subnets\/[^/]+$/i;

/**
 * An Azure ML compute cluster for the training pipeline: scales to zero, system-assigned identity, local auth and
 * SSH off, no public IPs inside a subnet. Its identity may register models (AzureML Data Scientist on the
 * workspace), read and write the workspace storage and pull images.
 */
export class ComputeCluster extends Construct {
  readonly cluster: MachineLearningComputeCluster;

  constructor(scope: Construct, id: string, props: ComputeClusterProps) {
    super(scope, id);
    const v = new PropsValidator();
    const minNodes = props.minNodes ?? 0;
    const maxNodes = props.maxNodes ?? 4;
    const vmSize = props.vmSize ?? "Standard_DS2_v2";
    const priority = props.priority ?? "Dedicated";
    const idle = props.idleSecondsBeforeScaleDown ?? 120;
    const nodePublicIpEnabled = props.nodePublicIpEnabled ?? props.subnetId === undefined;
    v.name("computeCluster", props.name, "name");
    v.names(checkLocation(props.location));
    v.check(/^standard_[a-z0-9_]+$/i.test(vmSize), {
      field: "vmSize",
      rule: "an Azure VM size such as Standard_DS2_v2",
      value: vmSize,
      fix: "pick a size from `az vm list-sizes -l <location> -o table`",
    });
    v.integer("minNodes", minNodes, 0, 100, "use 0 (no cost when idle) up to 100");
    v.integer("maxNodes", maxNodes, 1, 100, "use 1 to 100 (and within your quota)");
    v.check(minNodes <= maxNodes, {
      field: "minNodes",
      rule: "at most maxNodes",
      value: `${minNodes} > ${maxNodes}`,
      fix: "lower minNodes or raise maxNodes",
    });
    v.oneOf("priority", priority, ["Dedicated", "LowPriority"]);
    v.integer("idleSecondsBeforeScaleDown", idle, 60, 86_400, "use 60 to 86400 seconds");
    v.check(props.subnetId === undefined || SUBNET_ID.test(props.subnetId), {
      field: "subnetId",
      rule: "the ARM id of a subnet",
      value: String(props.subnetId),
      fix: "use /subscriptions/<id>/resourceGroups/<rg>/providers/Microsoft.Network/virtualNetworks/<vnet>/subnets/<subnet>",
    });
    v.check(nodePublicIpEnabled || props.subnetId !== undefined, {
      field: "nodePublicIpEnabled",
      rule: "nodes without public IPs need a subnet",
      value: "false without subnetId",
      fix: "set subnetId, or leave nodePublicIpEnabled at its default",
    });
    v.throwIfAny(this);

    this.cluster = new MachineLearningComputeCluster(this, "cluster", {
      name: props.name,
      location: props.location,
      machineLearningWorkspaceId: props.workspaceId,
      vmSize,
      vmPriority: priority,
      scaleSettings: {
        minNodeCount: minNodes,
        maxNodeCount: maxNodes,
        scaleDownNodesAfterIdleDuration: `PT${idle}S`,
      },
      identity: { type: "SystemAssigned" },
      localAuthEnabled: false,
      sshPublicAccessEnabled: false,
      nodePublicIpEnabled,
      subnetResourceId: props.subnetId,
      tags: props.tags ?? {},
    });
    grantRoles(this, this.cluster.identity.principalId, {
      "register-models": { role: "AzureML Data Scientist", scope: props.workspaceId },
      "storage-data": { role: "Storage Blob Data Contributor", scope: props.storageAccountId },
      "acr-pull": { role: "AcrPull", scope: props.containerRegistryId },
    });
  }
}
