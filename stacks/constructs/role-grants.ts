import { RoleAssignment } from "@cdktf/provider-azurerm/lib/role-assignment/index.js";
import type { Construct } from "constructs";

/** A built-in Azure role on a scope (an ARM id). */
export interface RoleGrant {
  /** Built-in role name, e.g. `AcrPull`. */
  readonly role: string;
  readonly scope: string;
}

/**
 * Assigns roles to a managed identity, one `azurerm_role_assignment` per grant (construct id = the grant's key).
 * `skipServicePrincipalAadCheck` avoids failures while a just-created identity replicates in Entra ID.
 */
export function grantRoles(
  scope: Construct,
  principalId: string,
  grants: Readonly<Record<string, RoleGrant>>,
): RoleAssignment[] {
  return Object.entries(grants).map(
    ([id, grant]) =>
      new RoleAssignment(scope, id, {
        principalId,
        principalType: "ServicePrincipal",
        roleDefinitionName: grant.role,
        scope: grant.scope,
        skipServicePrincipalAadCheck: true,
      }),
  );
}
