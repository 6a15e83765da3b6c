/** In-project bindings for the azapi provider (no generated bindings: `cdktf get` cannot download schemas here). */
export { AZAPI_VERSION_CONSTRAINT, AzapiProvider } from "./provider.js";
export { type AzapiIdentity, AzapiResource, type AzapiResourceConfig } from "./resource.js";
export { AzapiUpdateResource, type AzapiUpdateResourceConfig } from "./update-resource.js";
