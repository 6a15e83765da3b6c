import { readFileSync } from "node:fs";
import { basename, join } from "node:path";
import { describe, expect, it } from "vitest";
import { TEMPLATE_FILE } from "../../mlops/config/index.js";
import { knobName } from "../../mlops/contract/index.js";
import { projectModel } from "../../mlops/project/index.js";
import { variablesOf } from "./lib/ado-env.js";
import { documentedGroups, firstColumnUnder, tables } from "./lib/docs.js";
import { PIPELINES, parseYaml, pipelineFiles } from "./lib/files.js";
import { groups, walk } from "./lib/walk.js";

// docs/azure-devops.md against the files it describes.

const all = tables();
const files = pipelineFiles();
const roots = files.filter((f) => f.kind === "pipeline");
// The project name is the knob file's prefix (`npm run bootstrap` renames the file); the doc writes `<project>`.
const project = basename(TEMPLATE_FILE).replace(/-variables-template\.yml$/, "");

function ownVariables(file: string): Map<string, string> {
  const doc = parseYaml(readFileSync(file, "utf8"));
  const list = (doc.variables as { name?: string; value?: string }[]).filter((v) => v.name);
  return new Map(list.map((v) => [v.name as string, v.value ?? ""]));
}

// The knobs whose values belong to the model (bring-your-own-model.md's swap sets them): the data, the metric, and one
// TRAIN_<NAME> per hyperparameter. The page documents the sample's; after a swap they are the new model's.
const MACHINERY_TRAIN = ["TRAIN_FEATURES", "TRAIN_TEST_SIZE", "TRAIN_RANDOM_STATE"];
const isModelKnob = (name: string) =>
  ["DATA_FILE", "EVALUATION_METRIC", "EVALUATION_DIRECTION"].includes(name) ||
  (name.startsWith("TRAIN_") && !MACHINERY_TRAIN.includes(name));

function checkTable(heading: string, file: string) {
  const allRows = firstColumnUnder(heading, all);
  expect(allRows, `a table under a heading containing '${heading}'`).toBeDefined();
  const own = ownVariables(file);
  // The page describes the project's model when it documents each of its hyperparameter knobs; when the model was
  // swapped, only the machinery's knobs are held to the page.
  const hyperparameters = Object.keys(projectModel.hyperparameters).map(knobName);
  const swapped = !hyperparameters.every((k) => allRows?.has(k));
  const keep = (name: string) => !(swapped && isModelKnob(name));
  const rows = new Map([...(allRows ?? new Map())].filter(([name]) => keep(name)));
  const expected = new Map([...own].filter(([name]) => keep(name)));
  expect([...rows.keys()].sort()).toEqual([...expected.keys()].sort());
  for (const [name, value] of expected) {
    const shown = value === "" ? "(empty)" : value.replaceAll(project, "<project>");
    expect(rows?.get(name)?.[1], `default of ${name}`).toBe(shown);
    expect(rows?.get(name)?.[2], `what ${name} does`).toMatch(/\w{3,}/);
  }
}

describe("docs/azure-devops.md", () => {
  it("documents every variable of the knob file with its default", () => {
    checkTable("The project's knobs", TEMPLATE_FILE);
  });

  it("documents every DevOps setting with its default", () => {
    checkTable("DevOps settings", join(PIPELINES, "templates/variables.yml"));
  });

  it("lists every pipeline with the name to import it as, and the triggers use those names", () => {
    const rows = firstColumnUnder("The pipelines", all);
    expect([...(rows?.keys() ?? [])].sort()).toEqual(roots.map((r) => r.name).sort());
    const names = new Set([...(rows?.values() ?? [])].map((r) => r[1]));
    const sources: string[] = [];
    for (const r of roots) {
      walk(r.doc, (key, value, parent) => {
        if (key === "source" && typeof value === "string" && "pipeline" in parent) sources.push(value);
      });
    }
    expect(sources.length).toBeGreaterThanOrEqual(2);
    expect(sources.filter((s) => !names.has(s))).toEqual([]);
    expect(rows?.get(".pipelines/model-train-register-ci.yml")?.[1]).toBe("Model-Train-Register-CI");
  });

  it("names every service connection the pipelines use", () => {
    const rows = firstColumnUnder("Service connections", all);
    const variables = variablesOf(
      join(PIPELINES, "templates/variables.yml"),
      parseYaml(readFileSync(join(PIPELINES, "templates/variables.yml"), "utf8")),
    );
    const connections = [...variables.keys()].filter(
      (n) => n.endsWith("_SVC_CONNECTION") || n.includes("_SVC_CONNECTION_"),
    );
    expect(connections.length).toBe(3);
    for (const name of connections) expect(rows?.get(name)?.[1], name).toBe(variables.get(name));
  });

  it("names every Azure DevOps environment a deployment job runs on", () => {
    const rows = firstColumnUnder("Environments", all);
    const variables = variablesOf(
      join(PIPELINES, "templates/variables.yml"),
      parseYaml(readFileSync(join(PIPELINES, "templates/variables.yml"), "utf8")),
    );
    const used = new Set<string>();
    for (const f of files) {
      walk(f.doc, (key, value, parent) => {
        if (key !== "environment" || typeof value !== "string" || !("deployment" in parent)) return;
        const ref = /^\$\{\{\s*variables\.(\w+)\s*\}\}$/.exec(value)?.[1];
        const perEnvironment = /\$\{\{\s*parameters\.environment\s*\}\}/;
        if (ref) used.add(variables.get(ref) ?? `undefined ${ref}`);
        else if (perEnvironment.test(value))
          for (const e of ["dev", "prod"]) used.add(value.replace(perEnvironment, e));
        else used.add(value);
      });
    }
    expect([...used].sort()).toEqual([...(rows?.keys() ?? [])].sort());
  });

  it("documents every variable group a pipeline links, with its variables", () => {
    const linked = new Set(files.flatMap((f) => groups(f.doc)));
    expect(linked.size).toBe(1);
    const documented = documentedGroups(all);
    for (const g of linked) expect(documented.get(g)?.length ?? 0, g).toBeGreaterThanOrEqual(3);
  });
});
