import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { CONTEXT_INPUTS, pipelineNode } from "../../mlops/azure/pipeline/components.js";
import { PARAMETERS, parameterValues, pipelineSteps } from "../../mlops/azure/pipeline/steps.js";
import { sweepFor } from "../../mlops/azure/pipeline/submit.js";
import { loadVariables, TEMPLATE_FILE, type Variables } from "../../mlops/config/index.js";
import { projectModel } from "../../mlops/project/index.js";
import { githubJobs, githubWorkflow, KNOB_EXPORT, normalise } from "../github/lib/commands.js";
import { parseGithubFile } from "../github/lib/github-files.js";
import { cleanEnv, runCli } from "../mlops/pipeline/cli.js";
import { expandMacros, stepEnvironment, variablesOf } from "./lib/ado-env.js";
import { PIPELINES, pipelineFiles } from "./lib/files.js";
import { jobs, strings } from "./lib/walk.js";

// SWEEP is the one switch that turns the training pipeline's train node into a sweep, in the variables template
// only: Azure DevOps includes the template as pipeline variables (exported to every step's environment), GitHub
// exports it with `mlops variables --export github-env`; `mlops run --target azureml` then loads the checked-out
// template with that environment on top and builds the nodes from what it loaded.

const dir = mkdtempSync(join(tmpdir(), "pipelines-sweep-knob-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A copy of the knob file with SWEEP set to `value`. */
function templateWith(value: string): string {
  const text = readFileSync(TEMPLATE_FILE, "utf8");
  const flipped = text.replace(/(- name: SWEEP\s*\n\s*value:\s*)"?[^"\n]*"?/, `$1"${value}"`);
  expect(flipped).toMatch(new RegExp(`- name: SWEEP\\s*\\n\\s*value: "${value}"`));
  const file = join(dir, `template-${value}.yml`);
  writeFileSync(file, flipped);
  return file;
}

/** The train node `run --target azureml` submits for these variables. */
function trainNode(v: Variables) {
  const sweep = sweepFor(v);
  const defs = pipelineSteps(v.RUN_EVALUATION, sweep !== undefined);
  const inputs = new Set([...PARAMETERS, ...CONTEXT_INPUTS]);
  const train = defs.find((def) => def.name === "train");
  return train ? pipelineNode(train, "train-component-id", inputs, sweep) : undefined;
}

const training = pipelineFiles().find((f) => f.path === join(PIPELINES, "model-train-register-ci.yml"));
const trainJob = jobs(training?.doc ?? {}).find((j) => strings(j).some((s) => /\bmlops -- run\b/.test(s)));
const commandLine = strings(trainJob ?? {}).find((s) => /\bmlops -- run\b/.test(s)) ?? "";

/** What the DevOps training step loads when the template says SWEEP=`value`. */
function devopsVariables(template: string): Variables {
  const variables = variablesOf(training?.path ?? "", training?.doc ?? {}, new Map([[TEMPLATE_FILE, template]]));
  for (const [k, v] of Object.entries((trainJob?.variables ?? {}) as Record<string, string>)) variables.set(k, v);
  const args = expandMacros(commandLine, variables).split(/\s+/);
  const set = args.flatMap((a, i) => (a === "--set" ? [args[i + 1]] : []));
  return loadVariables({ file: TEMPLATE_FILE, env: stepEnvironment(variables), set });
}

// Only a model with a search space can sweep; the sample declares one (a swapped model without one gets the error).
describe.runIf(projectModel.searchSpace !== undefined)("SWEEP in the knob file switches the Azure ML sweep on", () => {
  it("Azure DevOps: the training step's `mlops run --target azureml` submits a sweep node exactly when SWEEP=true", () => {
    expect(commandLine).toMatch(/mlops -- run --target azureml\b/);
    for (const value of ["true", "false"]) {
      const v = devopsVariables(templateWith(value));
      expect(v.SWEEP).toBe(value === "true");
      expect(parameterValues(v).SWEEP).toBe(value);
      expect(trainNode(v)?.type, value).toBe(value === "true" ? "sweep" : "command");
    }
  });

  it("GitHub: the knob export puts SWEEP in the job's environment before the job runs `mlops run --target azureml`", async () => {
    const job = githubJobs(githubWorkflow("model-train-register-ci.yml")).find(({ steps }) =>
      steps.some((s) => typeof s.run === "string" && /mlops -- run --target azureml\b/.test(s.run)),
    );
    const runs = (job?.steps ?? []).map((s) => (typeof s.run === "string" ? normalise(s.run) : ""));
    const exported = runs.indexOf(KNOB_EXPORT);
    const submitted = runs.findIndex((r) => r.startsWith("npm run mlops -- run --target azureml"));
    expect(exported).toBeGreaterThanOrEqual(0);
    expect(submitted).toBeGreaterThan(exported);

    const envFile = join(dir, "github-env");
    writeFileSync(envFile, "");
    const result = await runCli(["variables", "--export", "github-env", "--file", templateWith("true")], {
      env: cleanEnv({ GITHUB_ENV: envFile }),
    });
    expect(result.code).toBe(0);
    const env = Object.fromEntries(parseGithubFile(readFileSync(envFile, "utf8")));
    expect(env.SWEEP).toBe("true");
    // The run step loads the checked-out template (SWEEP false there) with the exported environment on top.
    const v = loadVariables({ file: TEMPLATE_FILE, env });
    expect(v.SWEEP).toBe(true);
    expect(trainNode(v)?.type).toBe("sweep");
    expect(trainNode(loadVariables({ file: TEMPLATE_FILE, env: {} }))?.type).toBe("command");
  }, 60_000);
});
