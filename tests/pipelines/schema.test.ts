import { readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { parseYaml, pipelineFiles } from "./lib/files.js";
import { compileValidators, type Validators, validate } from "./lib/schema.js";

// Every .pipelines/**/*.yml against the official Azure Pipelines schema (tests/reference/azure-pipelines):
// pipelines against the root, templates against variablesTemplate / stepsTemplate / jobsTemplate / stagesTemplate.
let validators: Validators;
beforeAll(() => {
  validators = compileValidators();
});

const files = pipelineFiles();

describe("pipelines validate against the official schema", () => {
  it("finds the pipelines and templates", () => {
    expect(files.filter((f) => f.kind === "pipeline").length).toBeGreaterThanOrEqual(5);
    expect(files.filter((f) => f.kind !== "pipeline").length).toBeGreaterThanOrEqual(5);
  });

  it.each(files.map((f) => [f.name, f] as const))("%s", (_name, file) => {
    expect(validate(validators, file.kind, file.doc)).toEqual([]);
  });
});

describe("the validation can fail", () => {
  const ci = files.find((f) => f.name === ".pipelines/code-quality-ci.yml");
  const quality = files.find((f) => f.name === ".pipelines/templates/quality-steps.yml");

  it.each([
    ["a typo'd job key", "timeoutInMinutes: 30", "timeoutInMinuts: 30", /additional properties 'timeoutInMinuts'/],
    ["a typo'd pipeline key", "trigger:", "triggers:", /additional properties 'triggers'/],
  ])("rejects %s", (_what, from, to, expected) => {
    expect(ci).toBeDefined();
    const broken = parseYaml((ci?.text ?? "").replace(from, to));
    expect(validate(validators, "pipeline", broken).join("\n")).toMatch(expected);
  });

  it.each([
    ["an unknown task", "task: PublishTestResults@2", "task: PublishTestResultz@2", /unknown task/],
    ["non-canonical task casing", "task: PublishTestResults@2", "task: publishtestresults@2", /unknown task/],
    ["a typo'd task input", "testResultsFormat: JUnit", "testResultFormat: JUnit", /additional properties/],
    ["a bad enum value", "testResultsFormat: JUnit", "testResultsFormat: Junit5", /allowed values/],
    ["a non-boolean boolean input", "failIfCoverageEmpty: true", "failIfCoverageEmpty: maybe", /boolean/],
    ["a missing required input", "summaryFileLocation:", "summaryFileLocatio:", /summaryFileLocation|additional/],
  ])("rejects %s in a steps template", (_what, from, to, expected) => {
    expect(quality).toBeDefined();
    const text = quality?.text ?? "";
    expect(text).toContain(from);
    const broken = parseYaml(text.replace(from, to));
    expect(validate(validators, "stepsTemplate", broken).join("\n")).toMatch(expected);
  });

  it("rejects a pipeline given as a template kind it is not", () => {
    expect(ci).toBeDefined();
    expect(validate(validators, "stepsTemplate", ci?.doc)).not.toEqual([]);
  });

  it("validates every branch of a conditional insertion", () => {
    // A YAML file rather than a JS string: `${{ }}` is Azure Pipelines syntax.
    const text = readFileSync(join(import.meta.dirname, "fixtures/conditional-steps.yml"), "utf8");
    expect(validate(validators, "stepsTemplate", parseYaml(text))).not.toEqual([]);
    expect(validate(validators, "stepsTemplate", parseYaml(text.replace("scrip:", "script:")))).toEqual([]);
  });
});
