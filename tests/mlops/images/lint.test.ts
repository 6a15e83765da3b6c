import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { dockerfileOf } from "../../../mlops/images/index.js";
import { lintDockerfile } from "../../../mlops/images/lint.js";

const serve = readFileSync(dockerfileOf("serve"), "utf8");
const step = readFileSync(dockerfileOf("step"), "utf8");

describe("npm run lint:docker", () => {
  it("passes the committed Dockerfiles", () => {
    expect(lintDockerfile("serve", serve)).toEqual([]);
    expect(lintDockerfile("step", step)).toEqual([]);
  });

  it("reports dockerfile-utils' diagnostics with their line", () => {
    const problems = lintDockerfile("step", `${step}\nFROBNICATE now\n`);
    expect(problems.some((p) => /^line \d+: .*FROBNICATE/i.test(p))).toBe(true);
  });

  it("refuses a FROM without a release tag and digest", () => {
    const from = /^FROM .*$/m;
    for (const bad of [
      "FROM docker.io/library/node:24-bookworm-slim",
      "FROM node:24.19.0-bookworm-slim",
      "FROM node",
    ]) {
      expect(lintDockerfile("step", step.replace(from, bad)).join("\n")).toMatch(/is not pinned/);
    }
  });

  it("refuses shell-form ENTRYPOINT or CMD", () => {
    expect(lintDockerfile("serve", serve.replace(/^CMD .*$/m, "CMD --port 5001")).join("\n")).toMatch(
      /CMD is in shell form/,
    );
    expect(lintDockerfile("serve", serve.replace(/^ENTRYPOINT .*$/m, "ENTRYPOINT node serve.mjs")).join("\n")).toMatch(
      /ENTRYPOINT is in shell form/,
    );
  });

  it("refuses a serving image that runs as root, exposes another port or passes another --port", () => {
    expect(lintDockerfile("serve", serve.replace(/^USER .*$/m, "USER root")).join("\n")).toMatch(/non-root/);
    expect(lintDockerfile("serve", serve.replace(/^USER .*$/m, "")).join("\n")).toMatch(/base's default user/);
    expect(lintDockerfile("serve", serve.replace(/^EXPOSE .*$/m, "EXPOSE 8080")).join("\n")).toMatch(/EXPOSE 8080/);
    expect(lintDockerfile("serve", serve.replace(/^CMD .*$/m, 'CMD ["--port", "8080"]')).join("\n")).toMatch(
      /does not pass --port 5001/,
    );
  });
});
