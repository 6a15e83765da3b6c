import { TerraformProvider } from "cdktf";
import type { Construct } from "constructs";

/** The azapi provider versions this binding was written against (Azure/azapi 2.x: `body` is an HCL object). */
export const AZAPI_VERSION_CONSTRAINT = "~> 2.5";

/**
 * The `azapi` provider block, written by hand because `cdktf get` cannot download provider schemas here. Emits
 * `required_providers.azapi = { source = "Azure/azapi", version = "~> 2.5" }` and an empty `provider "azapi"`
 * block: authentication comes from the same `ARM_*` environment variables the azurerm provider reads.
 */
export class AzapiProvider extends TerraformProvider {
  static readonly tfResourceType = "azapi";

  constructor(scope: Construct, id: string) {
    super(scope, id, {
      terraformResourceType: AzapiProvider.tfResourceType,
      terraformGeneratorMetadata: { providerName: "azapi", providerVersionConstraint: AZAPI_VERSION_CONSTRAINT },
      terraformProviderSource: "Azure/azapi",
    });
  }
}
