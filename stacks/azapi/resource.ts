import { type TerraformMetaArguments, TerraformResource } from "cdktf";
import type { Construct } from "constructs";
import { azapiResourceConfig, definedHcl, hclDynamic, hclList, hclMap, hclString } from "./attributes.js";

/** A managed identity block of an azapi resource. */
export interface AzapiIdentity {
  readonly type: "SystemAssigned" | "UserAssigned" | "SystemAssigned, UserAssigned";
  /** User-assigned identity ids (for `UserAssigned`). */
  readonly identityIds?: readonly string[];
}

/** Arguments of `azapi_resource` (Azure/azapi 2.x) that this project uses. */
export interface AzapiResourceConfig extends TerraformMetaArguments {
  /** `<resource-type>@<api-version>`, e.g. `Microsoft.MachineLearningServices/workspaces/onlineEndpoints@2025-12-01`. */
  readonly type: string;
  readonly name: string;
  /** The ARM id of the parent (the workspace for endpoints). */
  readonly parentId: string;
  readonly location?: string;
  readonly identity?: AzapiIdentity;
  /** The ARM request body without `location`, `identity` and `tags` (azapi merges those in). Keys stay camelCase. */
  readonly body: Readonly<Record<string, unknown>>;
  readonly tags?: Readonly<Record<string, string>>;
  /** Response paths to export into `output`, e.g. `properties.scoringUri`. */
  readonly responseExportValues?: readonly string[];
}

/**
 * In-project binding of the azapi provider's `azapi_resource`: generic ARM resources that azurerm lacks (Azure ML
 * online and batch endpoints). Attributes are written exactly as Terraform expects them (snake_case arguments,
 * the ARM body verbatim).
 */
export class AzapiResource extends TerraformResource {
  static readonly tfResourceType = "azapi_resource";
  /** The configuration as given, for tests and for constructs that derive from it. */
  readonly config: AzapiResourceConfig;

  constructor(scope: Construct, id: string, config: AzapiResourceConfig) {
    super(scope, id, azapiResourceConfig(AzapiResource.tfResourceType, config));
    this.config = config;
  }

  /** The ARM resource id. */
  get id(): string {
    return this.getStringAttribute("id");
  }

  /** The principal id of the system-assigned identity (requires `identity`). */
  get identityPrincipalId(): string {
    return this.getStringAttribute("identity[0].principal_id");
  }

  /** A value exported with `responseExportValues`, e.g. `outputValue("properties.scoringUri")`. */
  outputValue(path: string): string {
    if (!this.config.responseExportValues?.includes(path)) {
      throw new Error(`${this.node.path}: "${path}" is not exported; add it to responseExportValues`);
    }
    return this.getStringAttribute(`output.${path}`);
  }

  protected override synthesizeAttributes(): Record<string, unknown> {
    const { identity } = this.config;
    return {
      type: this.config.type,
      name: this.config.name,
      parent_id: this.config.parentId,
      location: this.config.location,
      identity: identity && [{ type: identity.type, identity_ids: identity.identityIds }],
      body: this.config.body,
      tags: this.config.tags,
      response_export_values: this.config.responseExportValues,
    };
  }

  protected override synthesizeHclAttributes(): Record<string, unknown> {
    const { identity } = this.config;
    return definedHcl({
      type: hclString(this.config.type),
      name: hclString(this.config.name),
      parent_id: hclString(this.config.parentId),
      location: hclString(this.config.location),
      identity: identity && {
        value: definedHcl({ type: hclString(identity.type), identity_ids: hclList(identity.identityIds) }),
        isBlock: true,
        type: "list",
        storageClassType: "AzapiIdentityList",
      },
      body: hclDynamic(this.config.body),
      tags: hclMap(this.config.tags),
      response_export_values: hclList(this.config.responseExportValues),
    });
  }
}
