// cdktf's jest matchers in vitest: cdktf extends the global `expect` (the jest adapter looks for it there).
import { Testing } from "cdktf";
import { expect } from "vitest";

type TerraformConstructor = { readonly tfResourceType: string };

declare module "vitest" {
  // biome-ignore lint/suspicious/noExplicitAny: must match vitest's own declaration to merge with it
  interface Assertion<T = any> {
    toHaveResource(resource: TerraformConstructor): void;
    toHaveResourceWithProperties(resource: TerraformConstructor, properties: Record<string, unknown>): void;
    toHaveDataSource(dataSource: TerraformConstructor): void;
    toHaveProvider(provider: TerraformConstructor): void;
    toHaveProviderWithProperties(provider: TerraformConstructor, properties: Record<string, unknown>): void;
  }
}

(globalThis as { expect?: unknown }).expect = expect;
Testing.setupJest();
