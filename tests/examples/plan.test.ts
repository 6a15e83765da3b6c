import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { diffProblems, MACHINERY_TRAIN_KNOBS, readManifest, setKnobs, templateFile } from "../../examples/swap/plan.js";
import { readTemplate } from "../../mlops/config/template.js";

// examples/swap/plan.ts: what `npm run example:e2e` changes in a copy, and what it refuses to see changed.
const ROOT = join(import.meta.dirname, "..", "..");
const TEMPLATE = join(ROOT, templateFile(ROOT));
const temp = mkdtempSync(join(tmpdir(), "mlops-swap-plan-"));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

describe("setKnobs", () => {
  // A template of its own: the project's knobs belong to whatever model training/ holds.
  const before = [
    "variables:",
    "  # --- data and training",
    "  - name: DATA_FILE",
    '    value: "data/a.csv"',
    "  - name: TRAIN_FEATURES",
    '    value: ""',
    "  # the model's hyperparameters",
    "  - name: TRAIN_ALPHA",
    '    value: "0.5"',
    "  - name: TRAIN_TEST_SIZE",
    '    value: "0.2"',
    "  - name: EVALUATION_METRIC",
    '    value: "mse"',
    "",
  ].join("\n");
  const knobs = { DATA_FILE: "data/x.csv", TRAIN_DEPTH: "3", TRAIN_SEED: "0", EVALUATION_METRIC: "roc_auc" };
  const after = setKnobs(before, knobs, MACHINERY_TRAIN_KNOBS);
  const file = join(temp, "template.yml");
  writeFileSync(file, after);
  const variables = readTemplate(file);

  it("sets the example's knobs and drops the old model's hyperparameter knobs, keeping the machinery's", () => {
    expect(Object.fromEntries(variables)).toEqual({
      DATA_FILE: "data/x.csv",
      TRAIN_FEATURES: "",
      TRAIN_DEPTH: "3",
      TRAIN_SEED: "0",
      TRAIN_TEST_SIZE: "0.2",
      EVALUATION_METRIC: "roc_auc",
    });
  });

  it("changes no other line: comments and the other knobs stay where they were", () => {
    expect(after.split("\n")).toEqual([
      "variables:",
      "  # --- data and training",
      "  - name: DATA_FILE",
      '    value: "data/x.csv"',
      "  - name: TRAIN_FEATURES",
      '    value: ""',
      "  # the model's hyperparameters",
      "  - name: TRAIN_DEPTH",
      '    value: "3"',
      "  - name: TRAIN_SEED",
      '    value: "0"',
      "  - name: TRAIN_TEST_SIZE",
      '    value: "0.2"',
      "  - name: EVALUATION_METRIC",
      '    value: "roc_auc"',
      "",
    ]);
  });

  it("sets the real template's model knobs, whatever model it holds now", () => {
    const real = readFileSync(TEMPLATE, "utf8");
    writeFileSync(file, setKnobs(real, knobs, MACHINERY_TRAIN_KNOBS));
    const set = readTemplate(file);
    for (const [knob, value] of Object.entries(knobs)) expect(set.get(knob)).toBe(value);
    expect([...set.keys()].filter((k) => k.startsWith("TRAIN_")).sort()).toEqual(
      [...MACHINERY_TRAIN_KNOBS, "TRAIN_DEPTH", "TRAIN_SEED"].sort(),
    );
  });
});

describe("diffProblems", () => {
  const project = join(temp, "project");
  mkdirSync(join(project, ".pipelines"), { recursive: true });
  cpSync(TEMPLATE, join(project, templateFile(ROOT)));
  const pkg = { name: "p", scripts: { test: "vitest" }, dependencies: { a: "1.0.0" } };
  const lock = { packages: { "": {}, "node_modules/a": { version: "1.0.0" } } };
  const before = (p: string) => JSON.stringify(p === "package.json" ? pkg : lock);
  const write = (p: string, json: unknown) => writeFileSync(join(project, p), JSON.stringify(json));

  it("accepts the model's folders, the knobs' template and new dependencies", () => {
    write("package.json", { ...pkg, dependencies: { ...pkg.dependencies, b: "2.0.0" } });
    write("package-lock.json", { packages: { ...lock.packages, "node_modules/b": { version: "2.0.0" } } });
    const changed = ["training/x.ts", "tests/scoring/y.test.ts", "data/d.csv", templateFile(ROOT), "package.json"];
    expect(diffProblems([...changed, "package-lock.json"], project, before)).toEqual([]);
  });

  it("names a path outside them, a package.json change beyond dependencies, a package that changed version", () => {
    write("package.json", { ...pkg, scripts: { test: "jest" } });
    write("package-lock.json", { packages: { "": {}, "node_modules/a": { version: "1.0.1" } } });
    expect(diffProblems(["mlops/x.ts", "package.json", "package-lock.json"], project, before)).toEqual([
      "mlops/x.ts changed (outside the model's folders, knobs and dependencies)",
      "package.json changed beyond its dependencies",
      "package-lock.json: node_modules/a 1.0.0 became 1.0.1",
    ]);
  });
});

describe("readManifest", () => {
  it("names an unknown example and the examples there are", () => {
    expect(() => readManifest(ROOT, "nope")).toThrow(/no example 'nope'.*examples: breast-cancer/);
  });

  it("refuses a dependency without an exact version", () => {
    const root = join(temp, "root");
    cpSync(join(ROOT, "examples", "breast-cancer"), join(root, "examples", "x"), { recursive: true });
    const manifest = JSON.parse(readFileSync(join(root, "examples/x/example.json"), "utf8"));
    writeFileSync(
      join(root, "examples/x/example.json"),
      JSON.stringify({ ...manifest, dependencies: { y: "^1.0.0" } }),
    );
    expect(() => readManifest(root, "x")).toThrow("dependency y: '^1.0.0' is not an exact version");
  });
});
