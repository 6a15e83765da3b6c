import { Construct } from "constructs";
import { AzapiResource } from "../azapi/index.js";
import type { NameKind } from "../naming/index.js";
import { checkLocation } from "../naming/index.js";
import { PropsValidator } from "../validation.js";
import { ML_API_VERSION } from "./ml-workspace.js";
import { grantRoles } from "./role-grants.js";

/** How callers authenticate to an endpoint. Anonymous access does not exist in Azure ML; AMLToken is not used. */
export type EndpointAuthMode = "AADToken" | "Key";

/** Props every Azure ML endpoint shares. */
export interface MlEndpointProps {
  /** Endpoint name, unique in the region. */
  readonly name: string;
  readonly location: string;
  readonly workspaceId: string;
  /** Workspace storage holding the model files (granted Storage Blob Data Reader). */
  readonly storageAccountId: string;
  /** Registry holding the serving images (granted AcrPull). */
  readonly containerRegistryId: string;
  /** @default undefined */
  readonly description?: string;
  /** @default {} */
  readonly tags?: Readonly<Record<string, string>>;
}

/** What a concrete endpoint adds: its ARM type, auth modes and the `properties` of the ARM body. */
export interface EndpointKind {
  readonly kind: Extract<NameKind, "onlineEndpoint" | "batchEndpoint">;
  readonly armType: "onlineEndpoints" | "batchEndpoints";
  readonly authMode: string;
  readonly allowedAuthModes: readonly EndpointAuthMode[];
  readonly properties: Readonly<Record<string, unknown>>;
}

/**
 * An Azure ML endpoint through azapi (azurerm has none): system-assigned identity that may pull images and read
 * models, `scoringUri` exported.
 */
export abstract class MlEndpoint extends Construct {
  readonly resource: AzapiResource;

  protected constructor(scope: Construct, id: string, props: MlEndpointProps, kind: EndpointKind) {
    super(scope, id);
    const v = new PropsValidator();
    v.name(kind.kind, props.name, "name");
    v.names(checkLocation(props.location));
    v.oneOf(
      "authMode",
      kind.authMode as EndpointAuthMode,
      kind.allowedAuthModes,
      `use ${kind.allowedAuthModes.join(" or ")}: callers must present a key or an Entra ID token`,
    );
    v.throwIfAny(this);

    this.resource = new AzapiResource(this, "endpoint", {
      type: `Microsoft.MachineLearningServices/workspaces/${kind.armType}@${ML_API_VERSION}`,
      name: props.name,
      parentId: props.workspaceId,
      location: props.location,
      identity: { type: "SystemAssigned" },
      body: {
        properties: { authMode: kind.authMode, description: props.description, ...kind.properties },
      },
      tags: props.tags ?? {},
      responseExportValues: ["properties.scoringUri"],
    });
    grantRoles(this, this.resource.identityPrincipalId, {
      "acr-pull": { role: "AcrPull", scope: props.containerRegistryId },
      "read-models": { role: "Storage Blob Data Reader", scope: props.storageAccountId },
    });
  }

  /** The endpoint's ARM id. */
  get id(): string {
    return this.resource.id;
  }

  /** The URI clients call. */
  get scoringUri(): string {
    return this.resource.outputValue("properties.scoringUri");
  }
}
