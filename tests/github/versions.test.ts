import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readDockerfile } from "../../mlops/images/dockerfile.js";
import { dockerfileOf } from "../../mlops/images/index.js";
import { variablesOf } from "../pipelines/lib/ado-env.js";
import { PIPELINES, parseYaml } from "../pipelines/lib/files.js";
import { githubFiles } from "./lib/files.js";
import { type Doc, isRecord, jobsOf, stepsOf } from "./lib/steps.js";

// The DevOps settings (.pipelines/templates/variables.yml) are the one source of the versions and names both systems
// use; the GitHub files repeat them where GitHub needs a literal, and these tests keep each copy equal.

const settingsFile = join(PIPELINES, "templates/variables.yml");
const settings = variablesOf(settingsFile, parseYaml(readFileSync(settingsFile, "utf8")));
const setting = (name: string) => {
  const value = settings.get(name);
  if (!value) throw new Error(`${name} is not in .pipelines/templates/variables.yml`);
  return value;
};
const files = githubFiles();
const byName = (name: string): Doc => {
  const found = files.find((f) => f.name === `.github/${name}`);
  if (!found) throw new Error(`missing .github/${name}`);
  return found.doc;
};
const steps = (action: string) => stepsOf(byName(`actions/${action}/action.yml`));
const workflows = files.filter((f) => f.kind === "workflow");

describe("the workflows use what the DevOps pipelines use", () => {
  it("Node.js: the same exact release (NODE_VERSION)", () => {
    const setup = steps("node-setup").find((s) => String(s.uses).startsWith("actions/setup-node@"));
    expect(isRecord(setup?.with) && setup.with["node-version"]).toBe(setting("NODE_VERSION"));
  });

  it("Terraform: the same release (TERRAFORM_VERSION)", () => {
    const install = steps("infra-setup").find((s) => isRecord(s.env) && "TERRAFORM_VERSION" in s.env);
    expect(isRecord(install?.env) && install.env.TERRAFORM_VERSION).toBe(setting("TERRAFORM_VERSION"));
  });

  it("every job on the pinned hosted image (VM_IMAGE)", () => {
    const images = workflows.flatMap((w) => jobsOf(w.doc).flatMap(([, job]) => job["runs-on"] ?? []));
    expect(images.length).toBeGreaterThanOrEqual(6);
    expect(new Set(images)).toEqual(new Set([setting("VM_IMAGE")]));
  });

  it("the Azure ML workspace of MLOPS_ENVIRONMENT, one run at a time against it", () => {
    const env = setting("MLOPS_ENVIRONMENT");
    const using = workflows.filter((w) => isRecord(w.doc.env) && "MLOPS_ENVIRONMENT" in w.doc.env);
    expect(using.map((w) => w.name).sort()).toEqual(
      [".github/workflows/batch-scoring.yml", ".github/workflows/model-deploy-cd.yml"]
        .concat(".github/workflows/model-train-register-ci.yml")
        .sort(),
    );
    for (const w of using) {
      expect((w.doc.env as Doc).MLOPS_ENVIRONMENT, w.name).toBe(env);
      const group = isRecord(w.doc.concurrency) ? String(w.doc.concurrency.group) : "";
      if (!w.name.endsWith("model-deploy-cd.yml")) expect(group, w.name).toMatch(new RegExp(`-${env}$`));
    }
  });

  it("the model deployment on the MODEL_ENVIRONMENT environment, one deployment at a time", () => {
    const deploy = byName("workflows/model-deploy-cd.yml");
    const [, job] = jobsOf(deploy).find(([, j]) => "environment" in j) ?? [];
    expect(job?.environment).toBe(setting("MODEL_ENVIRONMENT"));
    expect(isRecord(deploy.concurrency) && deploy.concurrency.group).toBe(setting("MODEL_ENVIRONMENT"));
  });

  it("the infrastructure environments mlops-dev then mlops-prod, as the DevOps stages", () => {
    const calls = jobsOf(byName("workflows/infrastructure-cd.yml")).map(([, job]) => job);
    expect(calls.map((c) => [(c.with as Doc).environment, (c.with as Doc).stack, c.needs ?? null])).toEqual([
      ["dev", "dev", null],
      ["prod", "prod", "dev"],
    ]);
    const [, deploy] = jobsOf(byName("workflows/infra-environment.yml")).find(([, j]) => "environment" in j) ?? [];
    // The same name pattern as the DevOps deployment job's: mlops-<environment>.
    const stages = parseYaml(readFileSync(join(PIPELINES, "templates/infra-stages.yml"), "utf8"));
    const devops = JSON.stringify(stages).match(/"environment":"(mlops-[^"]+)"/)?.[1];
    expect(String(deploy?.environment).replace("inputs.", "parameters.")).toBe(devops);
  });

  it("the images Azure ML builds (the Dockerfiles Dependabot watches) are FROM the same Node.js release", () => {
    for (const kind of ["serve", "step"] as const) {
      const { from } = readDockerfile(readFileSync(dockerfileOf(kind), "utf8"));
      expect(from, kind).toHaveLength(1);
      expect(from[0], kind).toMatch(
        new RegExp(
          `^docker\\.io/library/node:${setting("NODE_VERSION").replaceAll(".", "\\.")}-bookworm-slim@sha256:[0-9a-f]{64}$`,
        ),
      );
    }
  });
});

describe("dependabot.yml", () => {
  const updates = (byName("dependabot.yml").updates as Doc[]).map((u) => ({
    ecosystem: u["package-ecosystem"],
    dirs: (u.directories ?? [u.directory]) as string[],
  }));

  it("watches the npm packages, every folder that pins an action, and the step image", () => {
    expect(updates.map((u) => u.ecosystem).sort()).toEqual(["docker", "github-actions", "npm"]);
    expect(updates.find((u) => u.ecosystem === "npm")?.dirs).toEqual(["/"]);
    const actionDirs = files.filter((f) => f.kind === "action").map((f) => `/${f.name.replace(/\/action\.yml$/, "")}`);
    const globs = updates.find((u) => u.ecosystem === "github-actions")?.dirs ?? [];
    expect(globs).toContain("/");
    const covered = (dir: string) =>
      globs.some((g) => new RegExp(`^${g.replaceAll(".", "\\.").replaceAll("*", "[^/]+")}$`).test(dir));
    expect(actionDirs.filter((d) => !covered(d))).toEqual([]);
    expect(updates.find((u) => u.ecosystem === "docker")?.dirs).toEqual(["/mlops/images/serve", "/mlops/images/step"]);
  });
});
