import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { loadVariables, SCHEMA, TEMPLATE_FILE, variablesAsText } from "../../../mlops/config/index.js";
import { UsageError } from "../../../mlops/errors/index.js";

const dir = mkdtempSync(join(tmpdir(), "mlops-config-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const noEnv = {};

function template(name: string, body: string): string {
  const file = join(dir, name);
  writeFileSync(file, body);
  return file;
}

describe("loadVariables", () => {
  it("reads the repository's template with every schema knob typed", () => {
    const v = loadVariables({ env: noEnv });
    expect(TEMPLATE_FILE).toMatch(/\.pipelines\/.+-variables-template\.yml$/);
    expect(Object.keys(SCHEMA).every((k) => k in v)).toBe(true);
    expect(v.RUN_EVALUATION).toBe(true);
    expect(v.ALLOW_RUN_CANCEL).toBe(true);
    expect(v.AML_CLUSTER_MIN_NODES).toBe(0);
    expect(v.AML_CLUSTER_MAX_NODES).toBe(4);
    expect(v.TRAIN_ALPHA).toBe(0.5);
    expect(v.EVALUATION_METRIC).toBe("mse");
    expect(v.EVALUATION_DIRECTION).toBe("lower");
    expect(v.TRAIN_FEATURES).toEqual([]);
  });

  it("applies --set over environment over template", () => {
    const env = { TRAIN_ALPHA: "0.1", RUN_EVALUATION: "FALSE", UNRELATED: "x" };
    const v = loadVariables({ env, set: ["TRAIN_ALPHA=0.25"] });
    expect(v.TRAIN_ALPHA).toBe(0.25);
    expect(v.RUN_EVALUATION).toBe(false);
    expect(v.extra).toEqual({});
  });

  it("accepts booleans in any case", () => {
    expect(loadVariables({ env: noEnv, set: ["ALLOW_RUN_CANCEL=False"] }).ALLOW_RUN_CANCEL).toBe(false);
    expect(loadVariables({ env: noEnv, set: ["ALLOW_RUN_CANCEL=TRUE"] }).ALLOW_RUN_CANCEL).toBe(true);
  });

  it("reports every problem at once, naming the variable and the value", () => {
    const set = ["RUN_EVALUATION=maybe", "AML_CLUSTER_MAX_NODES=four", "NOPE=1", "novalue"];
    let error: unknown;
    try {
      loadVariables({ env: noEnv, set });
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
    expect(() => loadVariables({ env: { RUN_EVALUATION: "yes" } })).toThrow(/RUN_EVALUATION .*'yes'/);
  });

  it("checks min ≤ max nodes and the test size", () => {
    expect(() => loadVariables({ env: noEnv, set: ["AML_CLUSTER_MIN_NODES=5"] })).toThrow(
      /AML_CLUSTER_MIN_NODES \(5\) must be ≤ AML_CLUSTER_MAX_NODES \(4\)/,
    );
    expect(() => loadVariables({ env: noEnv, set: ["TRAIN_TEST_SIZE=1.5"] })).toThrow(/TRAIN_TEST_SIZE .*'1.5'/);
    expect(loadVariables({ env: noEnv, set: ["TRAIN_TEST_SIZE=50"] }).TRAIN_TEST_SIZE).toBe(50);
    expect(() => loadVariables({ env: noEnv, set: ["TRAIN_RANDOM_STATE=4294967296"] })).toThrow(
      /TRAIN_RANDOM_STATE must be an integer in 0\.\.4294967295, got '4294967296'/,
    );
  });

  it("keeps untyped template variables as text and lets --set override them", () => {
    const base = loadVariables({ env: noEnv });
    const lines = Object.entries(variablesAsText(base)).map(([k, v]) => `  - name: ${k}\n    value: '${v}'`);
    const file = template(
      "extra.yml",
      `variables:\n  - group: devops-secrets\n${lines.join("\n")}\n  - name: DEVOPS_ONLY\n    value: 'a'\n`,
    );
    expect(loadVariables({ file, env: noEnv }).extra).toEqual({ DEVOPS_ONLY: "a" });
    expect(loadVariables({ file, env: noEnv, set: ["DEVOPS_ONLY=b"] }).extra).toEqual({ DEVOPS_ONLY: "b" });
  });

  it("names a variable missing from the template and a malformed file", () => {
    const file = template("short.yml", "variables:\n  - name: MODEL_NAME\n    value: 'm'\n");
    expect(() => loadVariables({ file, env: noEnv })).toThrow(/EXPERIMENT_NAME is missing: add it to .*short\.yml/);
    const broken = template("broken.yml", "variables:\n  - value: 'x'\n");
    expect(() => loadVariables({ file: broken, env: noEnv })).toThrow(/entry 1 has no 'name'/);
    expect(() => loadVariables({ file: join(dir, "none.yml") })).toThrow(/cannot read the variables template/);
  });
});
