import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { readDockerfile } from "../../mlops/images/dockerfile.js";
import { dockerfileOf } from "../../mlops/images/index.js";
import pkg from "../../package.json" with { type: "json" };
import { PIPELINES, REPO } from "./lib/files.js";

/** NODE_VERSION from the pipelines' variables file. */
function pipelineNode(): string {
  const doc = parse(readFileSync(join(PIPELINES, "templates", "variables.yml"), "utf8")) as {
    variables: { name?: string; value?: string }[];
  };
  const entry = doc.variables.find((v) => v.name === "NODE_VERSION");
  if (!entry?.value) throw new Error("templates/variables.yml has no NODE_VERSION");
  return entry.value;
}

/** NODE24_VERSION from .ci/run. */
function ciNode(): string {
  const match = /^NODE24_VERSION=(\S+)$/m.exec(readFileSync(join(REPO, ".ci", "run"), "utf8"));
  if (!match) throw new Error(".ci/run has no NODE24_VERSION=…");
  return match[1];
}

// One runtime everywhere it ships: the DevOps agents (NodeTool), the images Azure ML builds (steps and serving), and
// CI's Node 24 test runs (the bootstrap and example copies' suites).
describe("one Node release everywhere", () => {
  it("is Node 24 LTS, an exact release, in the pipelines, both images and CI", () => {
    const version = pipelineNode();
    expect(version).toMatch(/^24\.\d+\.\d+$/);
    for (const kind of ["serve", "step"] as const) {
      const [from] = readDockerfile(readFileSync(dockerfileOf(kind), "utf8")).from;
      expect(from?.split("@")[0], kind).toBe(`docker.io/library/node:${version}-bookworm-slim`);
    }
    expect(ciNode()).toBe(version);
  });

  it("keeps the supported floor at Node 20.19 (engines), below the shipped release", () => {
    expect(pkg.engines.node).toBe(">=20.19");
  });
});
