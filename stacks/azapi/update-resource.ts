import { type TerraformMetaArguments, TerraformResource } from "cdktf";
import type { Construct } from "constructs";
import { azapiResourceConfig, definedHcl, hclDynamic, hclString } from "./attributes.js";

/** Arguments of `azapi_update_resource` (Azure/azapi 2.x) that this project uses. */
export interface AzapiUpdateResourceConfig extends TerraformMetaArguments {
  /** `<resource-type>@<api-version>` of the resource to patch. */
  readonly type: string;
  /** The ARM id of the existing resource (managed elsewhere, e.g. by azurerm). */
  readonly resourceId: string;
  /** The properties to set; only these are sent, the rest of the resource is left alone. */
  readonly body: Readonly<Record<string, unknown>>;
}

/**
 * In-project binding of `azapi_update_resource`: sets properties azurerm does not expose on a resource azurerm
 * manages (the workspace's `systemDatastoresAuthMode`).
 */
export class AzapiUpdateResource extends TerraformResource {
  static readonly tfResourceType = "azapi_update_resource";
  readonly config: AzapiUpdateResourceConfig;

  constructor(scope: Construct, id: string, config: AzapiUpdateResourceConfig) {
    super(scope, id, azapiResourceConfig(AzapiUpdateResource.tfResourceType, config));
    this.config = config;
  }

  protected override synthesizeAttributes(): Record<string, unknown> {
    return { type: this.config.type, resource_id: this.config.resourceId, body: this.config.body };
  }

  protected override synthesizeHclAttributes(): Record<string, unknown> {
    return definedHcl({
      type: hclString(this.config.type),
      resource_id: hclString(this.config.resourceId),
      body: hclDynamic(this.config.body),
    });
  }
}
