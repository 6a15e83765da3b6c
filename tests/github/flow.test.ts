import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { githubForms } from "../../.pipelines/scripts/github.js";
import { trainingReport } from "../../.pipelines/scripts/training-report.js";
import { nameForms } from "../../bootstrap/forms.js";
import { loadVariables } from "../../mlops/config/index.js";
import pkg from "../../package.json" with { type: "json" };
import { REPO } from "../pipelines/lib/files.js";
import { githubWorkflow } from "./lib/commands.js";
import { githubFiles } from "./lib/files.js";
import { parseGithubFile } from "./lib/github-files.js";
import { type Doc, expr, flatSteps, jobsOf, stepsOf } from "./lib/steps.js";

// The hand-offs between workflows: what the training workflow uploads and outputs is what the deploy and scoring
// workflows read; a run that registered nothing deploys nothing; a failed deployment rolls back.

const [train] = githubWorkflow("model-train-register-ci.yml");
const consumers = ["model-deploy-cd.yml", "batch-scoring.yml"].map((f) => githubWorkflow(f));
const job = (doc: Doc, id: string): Doc => {
  const found = jobsOf(doc).find(([k]) => k === id)?.[1];
  if (!found) throw new Error(`no job ${id}`);
  return found;
};
const steps = (j: Doc) => flatSteps(stepsOf(j)).map((s) => s.step);
const named = (list: Doc[], name: RegExp) => list.find((s) => typeof s.name === "string" && name.test(s.name)) ?? {};
/** The output variables the training report sets, as a GitHub job receives them ($GITHUB_OUTPUT). */
const reportOutputs = () =>
  trainingReport({ status: "completed", registration: { registered: true, name: "m", version: 1 } }, "/s.md")
    .lines.flatMap(githubForms)
    .flatMap((e) => ("text" in e && e.file === "GITHUB_OUTPUT" ? [...parseGithubFile(e.text).keys()] : []));

describe("training → deployment and batch scoring", () => {
  const trainJob = job(train.doc, "train");
  const trainSteps = steps(trainJob);
  const report = named(trainSteps, /^Report the run/);

  it("the report runs even when training failed, and its --out folder is the `model` artifact", () => {
    expect(report.if).toBe(expr("!cancelled()"));
    expect(String(report.run)).toMatch(
      /training-report\.ts --runs-dir "\$MLOPS_HOME\/runs" --out "\$RUNNER_TEMP\/model"/,
    );
    const upload = named(trainSteps, /artifact `model`/);
    expect(upload.with).toEqual({ name: "model", path: `${expr("runner.temp")}/model`, "if-no-files-found": "error" });
  });

  it("the job's outputs are the report's output variables", () => {
    const outputs = Object.values(trainJob.outputs as Doc).map(
      (v) => /steps\.report\.outputs\.(\w+)/.exec(String(v))?.[1],
    );
    expect(report.id).toBe("report");
    expect(outputs.sort()).toEqual(reportOutputs().sort());
    expect(outputs.length).toBeGreaterThanOrEqual(4);
  });

  it.each(consumers.map((c) => [c[0].name, c] as const))(
    "%s follows training by name, and only what registered",
    (_n, parts) => {
      const [root] = parts;
      const on = root.doc.on as Doc;
      expect(on.workflow_run).toEqual({ workflows: [train.doc.name], types: ["completed"], branches: ["main"] });
      const gate = job(root.doc, "outcome");
      expect(gate.uses).toBe("./.github/workflows/training-outcome.yml");
      expect(gate.if).toBe(
        "github.event_name == 'workflow_dispatch' || github.event.workflow_run.conclusion == 'success'",
      );
      const [, work] = jobsOf(root.doc).find(([k]) => k !== "outcome") ?? [];
      expect(work?.needs).toBe("outcome");
      expect(work?.if).toBe("needs.outcome.outputs.registered == 'true'");
      // The training run's model identity, where the chosen model and the smoke test read it.
      const choose = steps(work ?? {}).filter((s) => typeof s.run === "string" && s.run.includes("model-identity.ts"));
      expect(choose).toHaveLength(1);
      expect(String(choose[0].run)).toContain('--artifact "$RUNNER_TEMP/training/model/model.json"');
      const download = steps(work ?? {}).find((s) => String(s.uses).startsWith("actions/download-artifact@"));
      expect(download?.with).toMatchObject({ name: "model", path: `${expr("runner.temp")}/training/model` });
    },
  );

  it("the gate reads what the report wrote: model.json's `registered`", () => {
    const [gate] = githubWorkflow("training-outcome.yml");
    const read = steps(job(gate.doc, "outcome")).find((s) => s.id === "outcome");
    expect(String(read?.run)).toContain(`jq --raw-output '.registered == true' "$identity"`);
    expect(readFileSync(join(REPO, ".pipelines/scripts/training-report.ts"), "utf8")).toMatch(
      /readonly registered: boolean;/,
    );
  });
});

describe("the deployment", () => {
  const [deploy] = consumers[0];
  const work = job(deploy.doc, "deploy");
  const list = stepsOf(work);

  it("waits for the environment's reviewers only after the gate, and rolls back only after a failure", () => {
    expect(work.environment).toBeDefined();
    expect(job(deploy.doc, "outcome").environment).toBeUndefined();
    const runs = list.map((s) => String(s.run ?? ""));
    expect(runs.join("\n")).toMatch(
      /save-traffic[\s\S]*mlops -- deploy --model "\$MODEL_URI"[\s\S]*smoke-test[\s\S]*restore-traffic/,
    );
    expect(list.at(-1)?.if).toBe("failure()");
    expect(list.slice(0, -1).filter((s) => s.if !== undefined)).toEqual([]);
  });

  it("hands the scoring key to the smoke test as a masked step output, never in the script", () => {
    const connection = list.find((s) => String(s.run).includes("online-endpoint.ts connection"));
    expect(connection?.id).toBe("connection");
    // A secret: on GitHub a masked step output (tests/github/logging.test.ts), not part of every later step's env.
    expect(readFileSync(join(REPO, ".pipelines/scripts/online-endpoint.ts"), "utf8")).toContain(
      'setVariable("SCORING_KEY", key, { secret: true })',
    );
    const smoke = named(list, /^Smoke test/);
    expect(smoke.env).toEqual({ SCORING_KEY: expr("steps.connection.outputs.SCORING_KEY") });
    expect(String(smoke.run)).toContain('--key "$SCORING_KEY"');
  });
});

describe("the machinery names no model", () => {
  it("no file under .github/ names the project, the sample model or a value of the knobs", () => {
    const project = nameForms(pkg.name.replaceAll("-", "_"));
    const v = loadVariables({ env: {} });
    const values = [
      v.MODEL_NAME,
      v.DATASET_NAME,
      v.TRAINING_PIPELINE_NAME,
      v.EXPERIMENT_NAME,
      v.DATA_FILE,
      v.EVALUATION_METRIC,
    ];
    const words = [project.snake, project.kebab, project.pascal, "diabetes", "ridge", "alpha", "TRAIN_", ...values];
    const found = githubFiles().flatMap((f) =>
      words
        .filter((w) => new RegExp(`(?<![A-Za-z0-9])${w.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}`, "i").test(f.text))
        .map((w) => `${f.name}: ${w}`),
    );
    expect(values.every((x) => typeof x === "string" && x.length >= 3)).toBe(true);
    expect(found).toEqual([]);
  });
});
