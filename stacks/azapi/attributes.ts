import type { TerraformMetaArguments, TerraformResourceConfig } from "cdktf";
import { AZAPI_VERSION_CONSTRAINT } from "./provider.js";

/** The TerraformResource config every azapi resource passes to its base class. */
export function azapiResourceConfig(type: string, meta: TerraformMetaArguments): TerraformResourceConfig {
  return {
    terraformResourceType: type,
    terraformGeneratorMetadata: { providerName: "azapi", providerVersionConstraint: AZAPI_VERSION_CONSTRAINT },
    provider: meta.provider,
    dependsOn: meta.dependsOn,
    count: meta.count,
    lifecycle: meta.lifecycle,
    provisioners: meta.provisioners,
    connection: meta.connection,
    forEach: meta.forEach,
  };
}

// `cdktf synth --hcl` needs each attribute with its kind; these mirror what generated bindings emit.

/** A string attribute. */
export function hclString(value: string | undefined) {
  return value === undefined ? undefined : { value, isBlock: false, type: "simple", storageClassType: "string" };
}

/** A dynamic attribute (azapi's `body`): rendered as an HCL object expression. */
export function hclDynamic(value: unknown) {
  return value === undefined ? undefined : { value, isBlock: false, type: "any", storageClassType: "any" };
}

/** A list of strings. */
export function hclList(value: readonly string[] | undefined) {
  return value === undefined ? undefined : { value, isBlock: false, type: "list", storageClassType: "stringList" };
}

/** A map of strings. */
export function hclMap(value: Readonly<Record<string, string>> | undefined) {
  return value === undefined ? undefined : { value, isBlock: false, type: "map", storageClassType: "stringMap" };
}

/** Drops attributes that are not set, as generated bindings do. */
export function definedHcl(attrs: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(attrs).filter(([, v]) => v !== undefined));
}
