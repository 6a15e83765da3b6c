import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { RunRecord } from "../../../mlops/pipeline/record.js";
import { listModels } from "../../../mlops/registry/index.js";
import { cleanEnv, runCli } from "./cli.js";
import { tempRepo } from "./temp-repo.js";

describe("mlops run: bad input, failures, build ids, dry run", () => {
  const other = tempRepo();
  afterAll(other.cleanup);
  const otherHome = join(other.dir, ".mlops");
  const run = (args: string[], env: Record<string, string> = {}) =>
    runCli(["run", ...args], { cwd: other.dir, env: cleanEnv(env) });

  it("rejects a bad boolean, naming the variable, before running anything", async () => {
    const r = await run(["--set", "RUN_EVALUATION=maybe"]);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/RUN_EVALUATION must be true or false .*'maybe'/);
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    expect(existsSync(otherHome)).toBe(false);
  });

  it("--dry-run prints the steps and their inputs without running them", async () => {
    const r = await run(["--dry-run", "--set", "RUN_EVALUATION=false"]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/1\. prep-data → prep\/\n +data +data\/diabetes\.csv/);
    expect(r.stdout).not.toMatch(/evaluate/);
    expect(existsSync(otherHome)).toBe(false);
  });

  it("a failing step stops the run non-zero and keeps the earlier outputs", async () => {
    const r = await run(["--set", "EVALUATION_METRIC=nope"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/step evaluate failed: .*no numeric 'nope'/);
    const runs = readdirSync(join(otherHome, "runs"));
    const runDir = join(otherHome, "runs", runs[0]);
    const record: RunRecord = JSON.parse(readFileSync(join(runDir, "run.json"), "utf8"));
    expect(record.status).toBe("failed");
    expect(record.steps.map((s) => s.status)).toEqual(["completed", "completed", "failed", "not_run"]);
    expect(existsSync(join(runDir, "train", "model", "MLmodel"))).toBe(true);
    expect(await listModels({ home: otherHome })).toEqual([]);
  });

  it("records the Azure DevOps build and registers a build once", async () => {
    const env = { BUILD_BUILDID: "77", BUILD_BUILDURI: "vstfs:///Build/Build/77" };
    const first = await run(["--set", "RUN_EVALUATION=false"], env);
    expect(first.code, first.stderr).toBe(0);
    const again = await run(["--set", "RUN_EVALUATION=false"], env);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toMatch(/build 77 is already registered as \S+ version 1/);
    const all = await listModels({ home: otherHome });
    expect(all.map((v) => [v.version, v.tags.BuildId, v.tags.BuildUri])).toEqual([
      [1, "77", "vstfs:///Build/Build/77"],
    ]);
  });
});
