import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { MODEL_REGISTERED_TAG } from "../../.pipelines/scripts/training-report.js";
import { PIPELINES, type PipelineFile, pipelineFiles } from "./lib/files.js";
import { jobs, strings, walk } from "./lib/walk.js";

// The hand-offs between pipelines: what the training pipeline publishes and tags is what the deploy and
// batch-scoring pipelines trigger on and read; prod infrastructure waits for dev and for its approval.

const files = pipelineFiles();
const file = (name: string): PipelineFile => {
  const found = files.find((f) => f.path === join(PIPELINES, name));
  if (!found) throw new Error(`missing .pipelines/${name}`);
  return found;
};
const training = file("model-train-register-ci.yml");
const consumers = [file("model-deploy-cd.yml"), file("batch-scoring.yml")];

function pipelineResources(f: PipelineFile) {
  const out: Record<string, unknown>[] = [];
  walk(f.doc, (key, value, parent) => {
    if (key === "pipeline" && typeof value === "string" && "source" in parent) out.push(parent);
  });
  return out;
}

describe("training → deployment and batch scoring", () => {
  it.each(consumers.map((c) => [c.name, c] as const))(
    "%s triggers only on training runs that registered a model",
    (_n, consumer) => {
      const [resource] = pipelineResources(consumer);
      expect(resource).toMatchObject({
        pipeline: "training",
        source: "Model-Train-Register-CI",
        trigger: { branches: { include: ["main"] }, tags: [MODEL_REGISTERED_TAG] },
      });
      expect(consumer.doc.trigger).toBe("none");
      expect(consumer.doc.pr).toBe("none");
    },
  );

  it("the artifact the training pipeline publishes is the one the consumers read", () => {
    const trainingText = strings(training.doc).join("\n");
    const out = /training-report\.ts[\s\S]*?--out "([^"]+)"/.exec(trainingText)?.[1];
    expect(out).toBe("$(Build.ArtifactStagingDirectory)/model");
    const publish = jobs(training.doc)
      .flatMap((j) => (j.steps as Record<string, string>[]) ?? [])
      .find((s) => "publish" in s);
    expect(publish).toMatchObject({ publish: out, artifact: "model" });
    const choose = file("templates/choose-model.yml");
    const text = choose.text;
    expect(text).toMatch(/- download: training\s+artifact: model/);
    expect(text).toContain('--artifact "$(Pipeline.Workspace)/training/model/model.json"');
  });

  it("the report runs even when training failed, so a failed run explains itself", () => {
    const steps = jobs(training.doc).flatMap((j) => (j.steps as Record<string, string>[]) ?? []);
    expect(steps.find((s) => s.name === "report")?.condition).toBe("succeededOrFailed()");
  });

  it("the deploy job rolls back only after a failure, and the smoke test gets the key as a secret", () => {
    const deploy = file("model-deploy-cd.yml");
    const [job] = jobs(deploy.doc);
    expect(job.deployment).toBeDefined();
    const steps = strings(job).join("\n");
    expect(steps).toMatch(
      /save-traffic[\s\S]*mlops -- deploy --model "\$\(MODEL_URI\)"[\s\S]*smoke-test[\s\S]*restore-traffic/,
    );
    const calls: Record<string, unknown>[] = [];
    walk(job, (key, value, parent) => {
      if (key === "template" && value === "templates/azure-cli.yml")
        calls.push(parent.parameters as Record<string, unknown>);
    });
    expect(calls.at(-1)).toMatchObject({ condition: "failed()" });
    expect(calls.slice(0, -1).every((c) => c.condition === undefined)).toBe(true);
    expect(steps).not.toMatch(/--key "\$\(SCORING_KEY\)"/);
  });
});

describe("infrastructure", () => {
  it("deploys prod only after dev, each through a deployment job on its environment", () => {
    const infra = file("infrastructure-cd.yml");
    const calls = infra.doc.stages as { template: string; parameters: Record<string, unknown> }[];
    expect(calls.map((c) => [c.parameters.environment, c.parameters.dependsOn ?? []])).toEqual([
      ["dev", []],
      ["prod", ["Deploy_dev"]],
    ]);
    const stages = file("templates/infra-stages.yml");
    const deployment = jobs(stages.doc).find((j) => "deployment" in j);
    expect(deployment?.environment).toMatch(/^mlops-\$\{\{ parameters\.environment \}\}$/);
    expect(jobs(stages.doc).find((j) => j.job === "Plan")?.environment).toBeUndefined();
  });
});
