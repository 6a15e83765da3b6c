import { readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { synthesize } from "../../stacks/app.js";
import { loadStacksConfig } from "../../stacks/config.js";
import { resourcesOf, type TerraformJson, type TerraformResourceJson } from "../../stacks/policy/index.js";
import { specValidator } from "../mlops/azure/contract/spec-validator.js";
import { useTempDirs } from "./helpers.js";

// The ARM request azapi sends for an azapi_resource: the body with location, tags and identity merged in.
function armRequest(resource: TerraformResourceJson): Record<string, unknown> {
  const identity = (resource.identity as { type: string }[] | undefined)?.[0];
  return {
    ...(resource.body as Record<string, unknown>),
    location: resource.location,
    tags: resource.tags,
    ...(identity && { identity: { type: identity.type } }),
  };
}

const DEFINITIONS: Record<string, string> = {
  "Microsoft.MachineLearningServices/workspaces/onlineEndpoints": "mfe.OnlineEndpointTrackedResource",
  "Microsoft.MachineLearningServices/workspaces/batchEndpoints": "mfe.BatchEndpointTrackedResource",
};
const API_VERSION = "2025-12-01";
const SPEC_DIR = join(
  import.meta.dirname,
  "../reference/azure-ml-rest/specification/machinelearningservices/resource-manager",
  `Microsoft.MachineLearningServices/stable/${API_VERSION}`,
);

const tempDir = useTempDirs();
let stacks: [string, TerraformJson][];
beforeAll(() => {
  const outdir = tempDir();
  const config = loadStacksConfig({});
  synthesize({ config, outdir });
  stacks = config.environments.map((e) => [e.environment, readStack(outdir, e.environment)]);
});

function readStack(outdir: string, name: string): TerraformJson {
  return JSON.parse(readFileSync(join(outdir, "stacks", name, "cdk.tf.json"), "utf8"));
}

type Request = [stack: string, type: string, body: Record<string, unknown>];

/** [stack, type, ARM request] for every azapi_resource of every stack. */
function requests(): Request[] {
  return stacks.flatMap(([stack, json]) =>
    resourcesOf(json, "azapi_resource").map(([, r]): Request => [stack, String(r.type), armRequest(r)]),
  );
}

describe("azapi bodies against the ARM REST spec (stable 2025-12-01)", () => {
  it("every stack has an online and a batch endpoint at the spec's api-version", () => {
    for (const [stack, json] of stacks) {
      const types = resourcesOf(json, "azapi_resource").map(([, r]) => r.type);
      expect(types.sort(), stack).toEqual([
        `Microsoft.MachineLearningServices/workspaces/batchEndpoints@${API_VERSION}`,
        `Microsoft.MachineLearningServices/workspaces/onlineEndpoints@${API_VERSION}`,
      ]);
    }
  });

  it("every request body validates, required properties included", () => {
    const all = requests();
    expect(all.length).toBe(stacks.length * 2);
    for (const [stack, type, body] of all) {
      const [armType, version] = type.split("@");
      expect(version).toBe(API_VERSION);
      expect(specValidator().check(DEFINITIONS[armType], body), `${stack} ${type}`).toEqual([]);
    }
  });

  it.each([
    ["online", "mfe.OnlineEndpointTrackedResource"],
    ["batch", "mfe.BatchEndpointTrackedResource"],
  ])("a %s endpoint body without location, properties or authMode, or with a typo, is rejected", (kind, key) => {
    const [, , body] = requests().find(([, type]) => type.includes(`${kind}Endpoints`)) as Request;
    const props = body.properties as Record<string, unknown>;
    const check = (b: unknown) => specValidator().check(key, b).join("; ");
    const { location: _, ...noLocation } = body;
    expect(check(noLocation)).toMatch(/required property 'location'/);
    const { properties: __, ...noProperties } = body;
    expect(check(noProperties)).toMatch(/required property 'properties'/);
    const { authMode, ...noAuth } = props;
    expect(check({ ...body, properties: noAuth })).toMatch(/required property 'authMode'/);
    expect(check({ ...body, properties: { ...noAuth, authmode: authMode } })).toMatch(
      /additional properties 'authmode'/,
    );
    expect(check({ ...body, properties: { ...props, authMode: "Anonymous" } })).toMatch(/allowed values/);
  });
});

describe("the workspace patch (azapi_update_resource)", () => {
  it("sets systemDatastoresAuthMode to a value the spec allows, at the same api-version", () => {
    const spec = JSON.parse(readFileSync(join(SPEC_DIR, "workspaceRP.json"), "utf8"));
    const mode = spec.definitions.WorkspaceProperties.properties.systemDatastoresAuthMode;
    for (const [stack, json] of stacks) {
      const updates = resourcesOf(json, "azapi_update_resource");
      expect(updates.length, stack).toBe(1);
      const [, update] = updates[0];
      expect(update.type).toBe(`Microsoft.MachineLearningServices/workspaces@${API_VERSION}`);
      const body = update.body as { properties: Record<string, unknown> };
      expect(Object.keys(body.properties)).toEqual(["systemDatastoresAuthMode"]);
      expect(mode.enum).toContain(body.properties.systemDatastoresAuthMode);
    }
  });
});
