import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { DEPLOY_MODES } from "../../mlops/azure/index.js";
import { REPO } from "./lib/files.js";

const read = (path: string) => readFileSync(join(REPO, path), "utf8");

// The deploy pipelines offer exactly the modes `mlops deploy --mode` takes, the default first, and pass the choice on.
describe("deploy mode in the DevOps pipeline and its GitHub twin", () => {
  it("Azure DevOps: a deployMode parameter of mlops deploy's modes, passed as --mode", () => {
    const text = read(".pipelines/model-deploy-cd.yml");
    const doc = parse(text) as { parameters: { name: string; default: string; values: string[] }[] };
    const parameter = doc.parameters.find((p) => p.name === "deployMode");
    expect(parameter?.values).toEqual(DEPLOY_MODES);
    expect(parameter?.default).toBe(DEPLOY_MODES[0]);
    expect(text).toMatch(/mlops -- deploy --model "\$\(MODEL_URI\)" --mode "\$\{\{ parameters\.deployMode \}\}"/);
  });

  it("GitHub Actions: a deploy-mode input of the same modes, the default when a training run triggers it", () => {
    const text = read(".github/workflows/model-deploy-cd.yml");
    const doc = parse(text) as {
      on: { workflow_dispatch: { inputs: Record<string, { options?: string[]; default?: string }> } };
    };
    const input = doc.on.workflow_dispatch.inputs["deploy-mode"];
    expect(input?.options).toEqual(DEPLOY_MODES);
    expect(input?.default).toBe(DEPLOY_MODES[0]);
    expect(text).toContain(`DEPLOY_MODE: \${{ inputs.deploy-mode || '${DEPLOY_MODES[0]}' }}`);
    expect(text).toMatch(/mlops -- deploy --model "\$MODEL_URI" --mode "\$DEPLOY_MODE"/);
  });
});
