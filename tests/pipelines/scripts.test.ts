import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chooseModel } from "../../.pipelines/scripts/model-identity.js";
import {
  MODEL_NOT_BETTER_TAG,
  MODEL_REGISTERED_TAG,
  readOnlyRun,
  trainingReport,
} from "../../.pipelines/scripts/training-report.js";
import { logIssue, setVariable, vso } from "../../.pipelines/scripts/vso.js";
import { loadVariables } from "../../mlops/config/index.js";
import { runLocal } from "../../mlops/pipeline/run-local.js";
import { REPO } from "./lib/files.js";

const dir = mkdtempSync(join(tmpdir(), "pipelines-scripts-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/**
 * Runs one of .pipelines/scripts the way the pipelines do (`npx tsx <script>`), here via node's tsx loader, outside
 * GitHub Actions: inside a GitHub job (GITHUB_ACTIONS=true, as when this suite runs in Code-Quality-CI) the scripts
 * print GitHub's forms instead (tests/github/logging.test.ts).
 */
function script(name: string, args: string[]) {
  const { GITHUB_ACTIONS: _github, ...env } = process.env;
  const result = spawnSync(process.execPath, ["--import", "tsx", `.pipelines/scripts/${name}`, ...args], {
    cwd: REPO,
    encoding: "utf8",
    env,
    timeout: 30_000,
  });
  return { status: result.status, out: result.stdout, err: result.stderr };
}

describe("logging commands", () => {
  it("escape what would end a command early", () => {
    expect(vso("task.logissue", { type: "warning" }, "50% done\nnext")).toBe(
      "##vso[task.logissue type=warning;]50%AZP25 done%0Anext",
    );
    expect(vso("task.setvariable", { variable: "a;b]c" }, "x")).toBe("##vso[task.setvariable variable=a%3Bb%5Dc;]x");
    expect(setVariable("V", "1", { output: true })).toBe("##vso[task.setvariable variable=V;isOutput=true;]1");
    expect(setVariable("K", "s", { secret: true })).toBe("##vso[task.setvariable variable=K;issecret=true;]s");
    expect(logIssue("error", "e")).toBe("##vso[task.logissue type=error;]e");
  });
});

// A real local training run (the record the pipeline reports on has the same shape for --target azureml), then a
// second run on the same registry: same data and seed give the same mse, a tie, which counts as not better.
describe("training report and model identity on real runs", () => {
  const first = join(dir, "first");
  const second = join(dir, "second");
  // 60 s: two real pipeline runs, each train step drawing its charts (the first in a process loads vega and resvg).
  beforeAll(async () => {
    const variables = loadVariables({ env: {} });
    await runLocal({ variables, home: first, env: {} });
    mkdirSync(second);
    cpSync(join(first, "registry"), join(second, "registry"), { recursive: true });
    await runLocal({ variables, home: second, env: {} });
    // Two runs of the project's model, whatever training/ holds: a forest takes seconds where the ridge takes ms.
  }, 240_000);

  it("a registered model: identity artifact, output variables, the tag that triggers deployment", () => {
    const out = join(dir, "out-first");
    const r = script("training-report.ts", ["--runs-dir", join(first, "runs"), "--out", out]);
    expect(r.err).toBe("");
    expect(r.status).toBe(0);
    const identity = JSON.parse(readFileSync(join(out, "model.json"), "utf8"));
    expect(identity).toMatchObject({ registered: true, version: 1, uri: `models:/${identity.name}/1` });
    expect(r.out).toContain(`##vso[build.addbuildtag]${MODEL_REGISTERED_TAG}`);
    expect(r.out).toContain("##vso[task.setvariable variable=MODEL_VERSION;isOutput=true;]1");
    expect(r.out).not.toContain("task.complete");
    expect(readFileSync(join(out, "summary.md"), "utf8")).toContain(`Model registered: models:/${identity.name}/1`);
    // The registered model's own smoke example, for the deploy pipeline's endpoint smoke test.
    const [run] = readdirSync(join(first, "runs"));
    expect(readFileSync(join(out, "smoke.json"), "utf8")).toBe(
      readFileSync(join(first, "runs", run, "train/model/smoke.json"), "utf8"),
    );

    // The deploy pipeline's next step reads this artifact.
    expect(chooseModel("triggered", "ignored", identity).uri).toBe(`models:/${identity.name}/1`);
  });

  it("not better: a warning and SucceededWithIssues, no deployment tag, and the deploy step explains", () => {
    const out = join(dir, "out-second");
    const r = script("training-report.ts", ["--runs-dir", join(second, "runs"), "--out", out]);
    expect(r.status).toBe(0);
    // The template's metric, whatever model the project holds (the sample's is mse).
    const metric = loadVariables({ env: {} }).EVALUATION_METRIC;
    expect(r.out).toContain(`##vso[task.logissue type=warning;]No model registered: not better (${metric} `);
    expect(r.out).toContain("##vso[task.complete result=SucceededWithIssues;]");
    expect(r.out).toContain(`##vso[build.addbuildtag]${MODEL_NOT_BETTER_TAG}`);
    expect(r.out).not.toContain(MODEL_REGISTERED_TAG);
    expect(existsSync(join(out, "smoke.json"))).toBe(false);
    expect(JSON.parse(readFileSync(join(out, "model.json"), "utf8"))).toMatchObject({
      registered: false,
      version: null,
    });
    expect(readFileSync(join(out, "summary.md"), "utf8")).toContain("not better than production");

    const identity = JSON.parse(readFileSync(join(out, "model.json"), "utf8"));
    expect(() => chooseModel("triggered", "m", identity)).toThrow(/training run \S+ registered no model \(not better/);
  });

  it("a runs folder with more than one run is refused", async () => {
    const both = join(dir, "both");
    cpSync(join(first, "runs"), both, { recursive: true });
    cpSync(join(second, "runs"), both, { recursive: true });
    await expect(readOnlyRun(both)).rejects.toThrow(/expected exactly one run under .+, found 2/);
    await expect(readOnlyRun(join(dir, "nowhere"))).rejects.toThrow(/did the training run start\?/);
  });
});

describe("trainingReport", () => {
  it("fails a run that failed, with the run's reason", () => {
    const report = trainingReport({ run_id: "r", status: "failed", reason: "train: data has 3 rows" }, "/s.md");
    expect(report.exitCode).toBe(1);
    expect(report.lines[0]).toBe(
      "##vso[task.logissue type=error;]training run r did not register a model: train: data has 3 rows",
    );
    expect(report.lines.join("\n")).not.toContain("addbuildtag");
  });

  it("does not take a completed run without a version as registered", () => {
    const report = trainingReport(
      { status: "completed", registration: { registered: true, name: "m", version: null } },
      "/s.md",
    );
    expect(report.exitCode).toBe(1);
  });
});

describe("chooseModel", () => {
  it("takes a chosen version of MODEL_NAME", () => {
    expect(chooseModel("7", "m")).toEqual({ name: "m", version: 7, uri: "models:/m/7" });
  });

  it.each([
    ["0", "m", "modelVersion must be 'triggered' or a registered version number ≥ 1, got '0'"],
    ["latest", "m", "got 'latest'"],
    ["1.5", "m", "got '1.5'"],
    ["2", "bad name", "MODEL_NAME must be letters"],
    ["triggered", "m", "needs the training run's model.json"],
  ])("refuses version %s of %s", (version, name, message) => {
    expect(() => chooseModel(version, name)).toThrow(message);
  });
});
