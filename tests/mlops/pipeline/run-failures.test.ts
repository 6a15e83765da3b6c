import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, afterEach, describe, expect, it, vi } from "vitest";
import { command as run } from "../../../mlops/cli/commands/run.js";
import { loadVariables } from "../../../mlops/config/index.js";
import { runLocal } from "../../../mlops/pipeline/run-local.js";
import { listModels } from "../../../mlops/registry/index.js";
import { leastSquares } from "../fixtures/index.js";
import { fixtureProject } from "../fixtures/project.js";
import { tempRoot } from "../steps/fixtures.js";
import { cleanEnv, runCli } from "./cli.js";

const { root, cleanup } = tempRoot("mlops-run-failures-");
const project = fixtureProject("regression");
afterAll(() => {
  cleanup();
  project.cleanup();
});
afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllEnvs();
});
const variables = project.variables;

describe("mlops run: bad input, failures, build ids, dry run", () => {
  it("rejects a bad boolean with one line naming the variable, before running anything", async () => {
    const home = join(root, "bad-boolean");
    const r = await runCli(["run", "--set", "RUN_EVALUATION=maybe"], { env: cleanEnv({ MLOPS_HOME: home }) });
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/^mlops run: variables: RUN_EVALUATION must be true or false .*'maybe'\n$/);
    expect(existsSync(home)).toBe(false);
  });

  it("--dry-run prints the steps and their inputs without running them", async () => {
    const home = join(root, "dry");
    vi.stubEnv("MLOPS_HOME", home);
    const log = vi.spyOn(console, "log").mockImplementation(() => {});
    expect(await run.run(["--dry-run", "--set", "RUN_EVALUATION=false"])).toBe(0);
    const text = log.mock.calls.join("\n");
    expect(text).toMatch(new RegExp(`1\\. prep-data → prep/\\n +data +${loadVariables({ env: {} }).DATA_FILE}`));
    expect(text).toMatch(/3\. register → register\//);
    expect(text).not.toMatch(/evaluate/);
    expect(existsSync(home)).toBe(false);
  });

  // The CLI half trains the project's model, whatever training/ holds: a forest takes seconds where the sample's
  // ridge takes milliseconds.
  it("a failing step stops the run non-zero and keeps the earlier outputs", async () => {
    const home = join(root, "failing");
    vi.stubEnv("MLOPS_HOME", home);
    vi.spyOn(console, "log").mockImplementation(() => {});
    await expect(run.run(["--set", "EVALUATION_METRIC=nope"])).rejects.toMatchObject({
      exitCode: 1,
      message: expect.stringMatching(/^step evaluate failed: .*no numeric 'nope'/),
    });
    const { record, runDir } = await runLocal({
      variables: variables("EVALUATION_METRIC=nope"),
      home,
      model: leastSquares,
    });
    expect(record.status).toBe("failed");
    expect(record.steps.map((s) => s.status)).toEqual(["completed", "completed", "failed", "not_run"]);
    expect(record.steps[2].error).toMatch(/no numeric 'nope'/);
    expect(JSON.parse(readFileSync(join(runDir, "run.json"), "utf8")).status).toBe("failed");
    expect(existsSync(join(runDir, "train", "model", "MLmodel"))).toBe(true);
    expect(await listModels({ home })).toEqual([]);
  }, 120_000);

  it("records the Azure DevOps build and registers a build once", async () => {
    const home = join(root, "build");
    const env = { BUILD_BUILDID: "77", BUILD_BUILDURI: "vstfs:///Build/Build/77" };
    const first = await runLocal({ variables: variables("RUN_EVALUATION=false"), home, env, model: leastSquares });
    expect([first.record.build_id, first.record.build_uri]).toEqual(["77", "vstfs:///Build/Build/77"]);
    const again = await runLocal({ variables: variables("RUN_EVALUATION=false"), home, env, model: leastSquares });
    expect(again.record.registration).toMatchObject({ created: false, version: 1 });
    expect(again.record.registration?.message).toMatch(/build 77 is already registered as \S+ version 1/);
    const all = await listModels({ home });
    expect(all.map((v) => [v.version, v.tags.BuildId, v.tags.BuildUri])).toEqual([
      [1, "77", "vstfs:///Build/Build/77"],
    ]);
  });
});
