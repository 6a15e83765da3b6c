/** The building blocks of an environment's stack (aws-cdk style: flat readonly props, validated at synth). */
export { ComputeCluster, type ComputeClusterProps, type VmPriority } from "./compute-cluster.js";
export { BatchEndpoint, type BatchEndpointProps, OnlineEndpoint, type OnlineEndpointProps } from "./endpoints.js";
export type { EndpointAuthMode, MlEndpointProps } from "./ml-endpoint.js";
export { ML_API_VERSION, MlWorkspace } from "./ml-workspace.js";
export type {
  ContainerRegistrySku,
  ManagedNetworkIsolation,
  MlWorkspaceProps,
  StorageReplication,
} from "./ml-workspace-props.js";
export { grantRoles, type RoleGrant } from "./role-grants.js";
