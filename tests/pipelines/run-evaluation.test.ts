import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { parameterValues } from "../../mlops/azure/pipeline/steps.js";
import { loadVariables, TEMPLATE_FILE } from "../../mlops/config/index.js";
import { expandMacros, stepEnvironment, variablesOf, variableTemplates } from "./lib/ado-env.js";
import { PIPELINES, pipelineFiles, REPO } from "./lib/files.js";
import { jobs, strings } from "./lib/walk.js";

// RUN_EVALUATION is flipped in one place, the variables template; local runs and the training pipeline must both
// obey it, through the same loader (mlops/config loadVariables: --set > environment > template). In Azure DevOps
// the template is included as pipeline variables, which the agent exports to every step as environment variables;
// `mlops run` then loads the checked-out template with that environment on top.

const training = pipelineFiles().find((f) => f.path === join(PIPELINES, "model-train-register-ci.yml"));
if (!training) throw new Error("the training pipeline .pipelines/model-train-register-ci.yml is missing");

const trainJob = jobs(training.doc).find((j) => strings(j).some((s) => /\bmlops -- run\b/.test(s)));
const commandLine = strings(trainJob ?? {}).find((s) => /\bmlops -- run\b/.test(s)) ?? "";
const jobVariables = (trainJob?.variables ?? {}) as Record<string, string>;

const dir = mkdtempSync(join(tmpdir(), "pipelines-run-evaluation-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A copy of the knob file with RUN_EVALUATION set to `value`. */
function templateWith(value: string): string {
  const text = readFileSync(TEMPLATE_FILE, "utf8");
  const flipped = text.replace(/(- name: RUN_EVALUATION\s*\n\s*value:\s*)"?[^"\n]*"?/, `$1"${value}"`);
  expect(flipped).toMatch(new RegExp(`- name: RUN_EVALUATION\\s*\\n\\s*value: "${value}"`));
  const file = join(dir, `template-${value}.yml`);
  writeFileSync(file, flipped);
  return file;
}

function currentValue(): string {
  return /- name: RUN_EVALUATION\s*\n\s*value:\s*"?([^"\n]*)"?/.exec(readFileSync(TEMPLATE_FILE, "utf8"))?.[1] ?? "";
}

/** What the training step sees when the template says `value`: its environment and its `mlops run` arguments. */
function pipelineView(template: string) {
  const variables = variablesOf(training?.path ?? "", training?.doc ?? {}, new Map([[TEMPLATE_FILE, template]]));
  for (const [k, v] of Object.entries(jobVariables)) variables.set(k, String(v));
  const args = expandMacros(commandLine, variables)
    .replace(/^[\s\S]*?\bmlops -- /, "")
    .trim()
    .split(/\s+/);
  const set = args.flatMap((a, i) => (a === "--set" ? [args[i + 1]] : []));
  return { env: stepEnvironment(variables), args, set };
}

describe("RUN_EVALUATION from the template reaches local runs and the training pipeline", () => {
  it("the training pipeline includes the very file the loader reads", () => {
    expect(variableTemplates(training.path, training.doc)).toContain(TEMPLATE_FILE);
  });

  it("the training pipeline runs `mlops run --target azureml` and does not pin RUN_EVALUATION itself", () => {
    expect(commandLine).toMatch(/npm run (--silent )?mlops -- run --target azureml\b/);
    const { set } = pipelineView(TEMPLATE_FILE);
    expect(set.filter((s) => s.startsWith("RUN_EVALUATION=") && s !== `RUN_EVALUATION=${currentValue()}`)).toEqual([]);
  });

  it.each(["true", "false", "False"])("template value %s: local run and pipeline see the same", (value) => {
    const template = templateWith(value);
    const expected = value.toLowerCase() === "true";
    const local = loadVariables({ file: template, env: {} });
    const { env, set } = pipelineView(template);
    const pipeline = loadVariables({ file: template, env, set });
    expect(local.RUN_EVALUATION).toBe(expected);
    expect(pipeline.RUN_EVALUATION).toBe(expected);
    expect(env.RUN_EVALUATION).toBe(value);
    // What `run --target azureml` submits to Azure ML as the pipeline job's RUN_EVALUATION input.
    expect(parameterValues(pipeline).RUN_EVALUATION).toBe(String(expected));
  });

  it("the CLI, given the training step's environment, plans the evaluate step only when the template says so", () => {
    // The pipeline's own arguments, as a local dry run: the loader runs before the target is chosen (the Azure
    // submitter's dry run bundles every step first, ~9 s, too slow for this suite; its job inputs are checked above).
    const run = (template: string) => {
      const { env, args } = pipelineView(template);
      const cliArgs = args.map((a) => (a === "azureml" ? "local" : a)).concat("--dry-run");
      const result = spawnSync(process.execPath, ["--import", "tsx", "mlops/cli/main.ts", ...cliArgs], {
        cwd: REPO,
        env: { PATH: process.env.PATH, ...env, MLOPS_HOME: join(dir, "home") },
        encoding: "utf8",
        timeout: 30_000,
      });
      expect(result.stderr).toBe("");
      expect(result.status).toBe(0);
      return result.stdout;
    };
    expect(run(templateWith("true"))).toMatch(/^\s+\d\. evaluate\b/m);
    expect(run(templateWith("false"))).not.toMatch(/evaluate/);
  });
});
