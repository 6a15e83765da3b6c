import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { loadVariables, SCHEMA, TEMPLATE_FILE, variablesAsText } from "../../../mlops/config/index.js";
import { knobName } from "../../../mlops/contract/index.js";
import { UsageError } from "../../../mlops/errors/index.js";
import { projectModel } from "../../../mlops/project/index.js";
import { leastSquares } from "../fixtures/index.js";

const dir = mkdtempSync(join(tmpdir(), "mlops-config-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const noEnv = {};

function template(name: string, body: string): string {
  const file = join(dir, name);
  writeFileSync(file, body);
  return file;
}

/** A template for the regression fixture: the machinery's knobs as the repository has them, TRAIN_SHRINK = 0.5. */
const FIXTURE = leastSquares.hyperparameters;
const fixtureTemplate = (() => {
  const repo = variablesAsText(loadVariables({ env: noEnv }));
  const knobs = { ...Object.fromEntries(Object.keys(SCHEMA).map((k) => [k, repo[k]])), TRAIN_SHRINK: "0.5" };
  const lines = Object.entries(knobs).map(([k, v]) => `  - name: ${k}\n    value: '${v}'`);
  return template("fixture.yml", `variables:\n${lines.join("\n")}\n`);
})();
const load = (options: Parameters<typeof loadVariables>[0] = {}) =>
  loadVariables({ file: fixtureTemplate, hyperparameters: FIXTURE, env: noEnv, ...options });

describe("loadVariables", () => {
  it("reads the repository's template: every schema knob typed, every hyperparameter of the project's model", () => {
    const v = loadVariables({ env: noEnv });
    expect(TEMPLATE_FILE).toMatch(/\.pipelines\/.+-variables-template\.yml$/);
    expect(Object.keys(SCHEMA).every((k) => k in v)).toBe(true);
    expect(Object.keys(v.hyperparameters)).toEqual(Object.keys(projectModel.hyperparameters));
    expect(typeof v.RUN_EVALUATION).toBe("boolean");
    expect(Number.isInteger(v.AML_CLUSTER_MAX_NODES)).toBe(true);
  });

  it("types the model's hyperparameters from their TRAIN_<NAME> knobs, a missing one taking its declared default", () => {
    expect(load().hyperparameters).toEqual({ shrink: 0.5 });
    const bare = template(
      "bare.yml",
      readFileSync(fixtureTemplate, "utf8").replace(/ {2}- name: TRAIN_SHRINK\n.*\n/, ""),
    );
    expect(loadVariables({ file: bare, hyperparameters: FIXTURE, env: noEnv }).hyperparameters).toEqual({
      shrink: 0.1,
    });
    expect(variablesAsText(load())[knobName("shrink")]).toBe("0.5");
  });

  it("applies --set over environment over template, hyperparameters included", () => {
    const env = { TRAIN_SHRINK: "0.1", RUN_EVALUATION: "FALSE", UNRELATED: "x" };
    const v = load({ env, set: ["TRAIN_SHRINK=0.25"] });
    expect(v.hyperparameters.shrink).toBe(0.25);
    expect(v.RUN_EVALUATION).toBe(false);
    expect(v.extra).toEqual({});
    expect(load({ env }).hyperparameters.shrink).toBe(0.1);
  });

  it("refuses a hyperparameter outside its declared range, and a TRAIN_ knob the model does not declare", () => {
    expect(() => load({ set: ["TRAIN_SHRINK=-1"] })).toThrow(
      /TRAIN_SHRINK: hyperparameter shrink must be a number in 0\.\.100, got '-1'/,
    );
    const stale = template(
      "stale.yml",
      `${readFileSync(fixtureTemplate, "utf8")}  - name: TRAIN_ALPHA\n    value: '0.5'\n`,
    );
    expect(() => loadVariables({ file: stale, hyperparameters: FIXTURE, env: noEnv })).toThrow(
      /TRAIN_ALPHA is not a knob of this model: the model declares the hyperparameters TRAIN_SHRINK/,
    );
    expect(() => load({ set: ["TRAIN_DEPTH=3"] })).toThrow(/--set TRAIN_DEPTH: unknown variable 'TRAIN_DEPTH'/);
  });

  it("accepts booleans in any case", () => {
    expect(load({ set: ["ALLOW_RUN_CANCEL=False"] }).ALLOW_RUN_CANCEL).toBe(false);
    expect(load({ set: ["ALLOW_RUN_CANCEL=TRUE"] }).ALLOW_RUN_CANCEL).toBe(true);
  });

  it("reports every problem at once, naming the variable and the value", () => {
    const set = ["RUN_EVALUATION=maybe", "AML_CLUSTER_MAX_NODES=four", "NOPE=1", "novalue"];
    let error: unknown;
    try {
      load({ set });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(UsageError);
    const message = (error as Error).message;
    expect(message).toMatch(/RUN_EVALUATION must be true or false .*'maybe'/);
    expect(message).toMatch(/AML_CLUSTER_MAX_NODES must be an integer ≥ 1, got 'four'/);
    expect(message).toMatch(/unknown variable 'NOPE' \(known: EXPERIMENT_NAME, /);
    expect(message).toMatch(/--set expects KEY=VALUE, got 'novalue'/);
  });

  it("rejects a bad value coming from the environment too", () => {
    expect(() => load({ env: { RUN_EVALUATION: "yes" } })).toThrow(/RUN_EVALUATION .*'yes'/);
  });

  it("checks min ≤ max nodes and the test size", () => {
    expect(() => load({ set: ["AML_CLUSTER_MIN_NODES=5"] })).toThrow(
      /AML_CLUSTER_MIN_NODES \(5\) must be ≤ AML_CLUSTER_MAX_NODES \(4\)/,
    );
    expect(() => load({ set: ["TRAIN_TEST_SIZE=1.5"] })).toThrow(/TRAIN_TEST_SIZE .*'1.5'/);
    expect(load({ set: ["TRAIN_TEST_SIZE=50"] }).TRAIN_TEST_SIZE).toBe(50);
    expect(() => load({ set: ["TRAIN_RANDOM_STATE=4294967296"] })).toThrow(
      /TRAIN_RANDOM_STATE must be an integer in 0\.\.4294967295, got '4294967296'/,
    );
  });

  it("keeps untyped template variables as text and lets --set override them", () => {
    const base = load();
    const lines = Object.entries(variablesAsText(base)).map(([k, v]) => `  - name: ${k}\n    value: '${v}'`);
    const file = template(
      "extra.yml",
      `variables:\n  - group: devops-secrets\n${lines.join("\n")}\n  - name: DEVOPS_ONLY\n    value: 'a'\n`,
    );
    expect(load({ file }).extra).toEqual({ DEVOPS_ONLY: "a" });
    expect(load({ file, set: ["DEVOPS_ONLY=b"] }).extra).toEqual({ DEVOPS_ONLY: "b" });
  });

  it("names a variable missing from the template and a malformed file", () => {
    const file = template("short.yml", "variables:\n  - name: MODEL_NAME\n    value: 'm'\n");
    expect(() => load({ file })).toThrow(/EXPERIMENT_NAME is missing: add it to .*short\.yml/);
    const broken = template("broken.yml", "variables:\n  - value: 'x'\n");
    expect(() => load({ file: broken })).toThrow(/entry 1 has no 'name'/);
    expect(() => loadVariables({ file: join(dir, "none.yml") })).toThrow(/cannot read the variables template/);
  });
});
