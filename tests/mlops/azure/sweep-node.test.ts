import { describe, expect, it } from "vitest";
import { CONTEXT_INPUTS, commandComponentSpec, pipelineNode } from "../../../mlops/azure/pipeline/components.js";
import { MODEL_COPY_OUTPUT, MODEL_OUTPUT, PARAMETERS, pipelineSteps } from "../../../mlops/azure/pipeline/steps.js";
import { distributionNode, sweepSettings, VALIDATION_SIZE_INPUT } from "../../../mlops/azure/pipeline/sweep.js";
import { type Hyperparameters, knobName, type SearchSpace } from "../../../mlops/contract/index.js";
import { projectModel } from "../../../mlops/project/index.js";
import { specValidator } from "./contract/spec-validator.js";
import { testVariables, WORKSPACE } from "./helpers/session.js";

// biome-ignore lint/suspicious/noExplicitAny: nodes and REST bodies are free-form JSON here.
type Spec = Record<string, any>;

// The test's own declarations and space (machinery tests name no hyperparameter of the sample).
const DECLARED: Hyperparameters = {
  rate: { type: "number", default: 0.1, min: 0, max: 1, description: "a rate" },
  scale: { type: "number", default: 1, min: 0, exclusiveMin: true, description: "a scale" },
  depth: { type: "integer", default: 3, min: 1, max: 20, description: "a depth" },
  kind: { type: "string", default: "a", choices: ["a", "b"], description: "a kind" },
};
const RANDOM_SPACE: SearchSpace = {
  rate: { type: "uniform", min: 0.01, max: 0.5 },
  scale: { type: "loguniform", min: 0.001, max: 100 },
  depth: { type: "quniform", min: 2, max: 10, q: 2 },
  kind: { type: "choice", values: ["a", "b"] },
};
const GRID_SPACE: SearchSpace = { depth: { type: "integer", min: 1, max: 9, step: 4 }, kind: RANDOM_SPACE.kind };

const CODE = `${WORKSPACE.subscriptionId}/codes/mlops_steps/versions/1`;
const ENV = `${WORKSPACE.subscriptionId}/environments/mlops-node/versions/1`;

/** The nodes the submitter builds for these variables and settings (every parameter a pipeline input). */
function nodes(runEvaluation: boolean, settings: Spec | undefined) {
  const defs = pipelineSteps(runEvaluation, settings !== undefined);
  const inputs = new Set([...PARAMETERS, ...CONTEXT_INPUTS]);
  return Object.fromEntries(defs.map((def) => [def.name, pipelineNode(def, `id-of-${def.name}`, inputs, settings)]));
}

const SNAKE_TO_CAMEL = (key: string) => key.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
const CAPITAL = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/**
 * The REST body azure-ai-ml would send for this node as a standalone sweep job: `Sweep._to_job()` then
 * `SweepJob._to_rest_object()` (Azure/azure-sdk-for-python, sdk/ml/azure-ai-ml/azure/ai/ml/, MIT:
 * entities/_builders/sweep.py @ 020cb979d8fff18543a1300a44e1de3da6e31ea6 — the trial's `${{inputs.X}}` of a swept X
 * becomes `${{search_space.X}}`; entities/_job/sweep/sweep_job.py @ 00494316b75038cc6729d7f2a40795a5cf966374 —
 * searchSpace, samplingAlgorithm, limits, earlyTermination, objective, trial {command, codeId, environmentId};
 * entities/_job/sweep/search_space.py @ 03bbd876e3c27f3c3583f39ed81543485470598a — `[type, [[values]]]` for a
 * choice, `[type, [min, max(, q)]]` for the uniforms; sampling and goal enums are the REST ones, camel-cased).
 */
function restSweepJob(node: Spec, trialComponent: Spec): Spec {
  let command: string = trialComponent.command;
  for (const name of Object.keys(node.search_space)) {
    command = command.replaceAll(`\${{inputs.${name}}}`, `\${{search_space.${name}}}`);
  }
  const searchSpace = Object.fromEntries(
    Object.entries<Spec>(node.search_space).map(([name, d]) => [
      name,
      d.type === "choice"
        ? [d.type, [d.values]]
        : [d.type, [d.min_value, d.max_value, ...(d.q === undefined ? [] : [d.q])]],
    ]),
  );
  const { type: samplingType, ...sampling } = node.sampling_algorithm;
  const camel = (o: Spec) => Object.fromEntries(Object.entries(o).map(([k, v]) => [SNAKE_TO_CAMEL(k), v]));
  return {
    properties: {
      jobType: "Sweep",
      computeId: `${WORKSPACE.subscriptionId}/computes/cluster`,
      trial: { command, codeId: CODE, environmentId: ENV },
      searchSpace,
      samplingAlgorithm: { samplingAlgorithmType: CAPITAL(samplingType), ...sampling },
      objective: { goal: CAPITAL(node.objective.goal), primaryMetric: node.objective.primary_metric },
      limits: { jobLimitsType: "Sweep", ...camel(node.limits) },
      ...(node.early_termination ? { earlyTermination: camel(node.early_termination) } : {}),
    },
  };
}

const trainComponent = () => commandComponentSpec(pipelineSteps(true, true)[1], CODE, ENV);

describe("search space encoding (azure-ai-ml's node dump)", () => {
  it("sends loguniform as exponents, integer ranges as a choice over their values, the rest as declared", () => {
    expect(distributionNode({ type: "loguniform", min: 0.001, max: 100 })).toEqual({
      type: "loguniform",
      min_value: Math.log(0.001),
      max_value: Math.log(100),
    });
    expect(Math.exp(distributionNode({ type: "loguniform", min: 0.001, max: 100 }).min_value)).toBeCloseTo(0.001, 12);
    expect(distributionNode({ type: "integer", min: 1, max: 9, step: 4 })).toEqual({
      type: "choice",
      values: [1, 5, 9],
    });
    expect(distributionNode({ type: "integer", min: 2, max: 4 })).toEqual({ type: "choice", values: [2, 3, 4] });
    expect(distributionNode({ type: "uniform", min: 0.5, max: 2 })).toEqual({
      type: "uniform",
      min_value: 0.5,
      max_value: 2,
    });
    expect(distributionNode({ type: "quniform", min: 2, max: 10, q: 2 })).toEqual({
      type: "quniform",
      min_value: 2,
      max_value: 10,
      q: 2,
    });
    expect(distributionNode({ type: "choice", values: ["a", 1, true] })).toEqual({
      type: "choice",
      values: ["a", 1, true],
    });
  });

  it("keys the space by the hyperparameters' TRAIN_<NAME> inputs; sampling, objective, limits from the knobs", () => {
    const v = testVariables(
      "SWEEP=true",
      "SWEEP_SAMPLING=random",
      "SWEEP_SEED=7",
      "SWEEP_MAX_TRIALS=9",
      "SWEEP_MAX_CONCURRENT_TRIALS=3",
      "AML_CLUSTER_MAX_NODES=4",
      "EVALUATION_METRIC=loss",
      "EVALUATION_DIRECTION=lower",
    );
    const settings = sweepSettings(v, RANDOM_SPACE, DECLARED);
    expect(Object.keys(settings.search_space)).toEqual(["TRAIN_RATE", "TRAIN_SCALE", "TRAIN_DEPTH", "TRAIN_KIND"]);
    expect(settings.sampling_algorithm).toEqual({ type: "random", seed: 7 });
    expect(settings.objective).toEqual({ goal: "minimize", primary_metric: "validation_loss" });
    expect(settings.limits).toEqual({ max_total_trials: 9, max_concurrent_trials: 3 });
    expect(settings.early_termination).toBeUndefined();
    const higher = sweepSettings(
      testVariables("SWEEP_SAMPLING=grid", "EVALUATION_METRIC=auc", "EVALUATION_DIRECTION=higher"),
      GRID_SPACE,
      DECLARED,
    );
    expect(higher.objective).toEqual({ goal: "maximize", primary_metric: "validation_auc" });
    expect(higher.sampling_algorithm).toEqual({ type: "grid" });
    expect(sweepSettings(testVariables("SWEEP_SAMPLING=bayesian"), GRID_SPACE, DECLARED).sampling_algorithm).toEqual({
      type: "bayesian",
    });
  });

  it("refuses a missing space, a distribution the sampling does not take, and a seed beyond int32, naming each", () => {
    expect(() => sweepSettings(testVariables("SWEEP=true"), undefined, DECLARED)).toThrow(/declares no searchSpace/);
    expect(() => sweepSettings(testVariables("SWEEP_SAMPLING=grid"), RANDOM_SPACE, DECLARED)).toThrow(
      /rate: grid sampling does not take uniform[\s\S]*scale: grid sampling does not take loguniform/,
    );
    expect(() => sweepSettings(testVariables("SWEEP_SAMPLING=bayesian"), RANDOM_SPACE, DECLARED)).toThrow(
      /scale: bayesian sampling does not take loguniform/,
    );
    expect(() =>
      sweepSettings(testVariables("SWEEP_SAMPLING=random", "SWEEP_SEED=2147483648"), RANDOM_SPACE, DECLARED),
    ).toThrow(/SWEEP_SEED \(2147483648\) must be ≤ 2147483647/);
    expect(() =>
      sweepSettings(testVariables("SWEEP_SAMPLING=random"), { depth: { type: "uniform", min: 0, max: 50 } }, DECLARED),
    ).toThrow(/depth/);
  });
});

describe("the sweep node in the training pipeline", () => {
  it("stands where train stands: trial = the train component, swept inputs left to the space, validation_size bound", () => {
    const settings = sweepSettings(testVariables("SWEEP_SAMPLING=grid"), GRID_SPACE, DECLARED);
    const plain = nodes(true, undefined);
    const swept = nodes(true, settings);
    const train = swept.train;
    expect(train.type).toBe("sweep");
    expect(train.trial).toEqual({ componentId: "id-of-train" });
    expect(train.componentId).toBeUndefined();
    expect(train.name).toBe("train");
    // Every input of the single train node except the swept ones, plus validation_size from its knob.
    const expected = Object.keys(plain.train.inputs).filter((name) => !["TRAIN_DEPTH", "TRAIN_KIND"].includes(name));
    expect(Object.keys(train.inputs).sort()).toEqual([...expected, VALIDATION_SIZE_INPUT].sort());
    expect(train.inputs[VALIDATION_SIZE_INPUT].value).toBe(`\${{parent.inputs.SWEEP_VALIDATION_SIZE}}`);
    expect(train.inputs.prepared).toEqual(plain.train.inputs.prepared);
    // Trials have their own outputs: the best one's model reaches the job's model path through register's copy.
    expect(train.outputs.trained).toEqual({ job_output_type: "uri_folder", mode: "ReadWriteMount" });
    expect(plain.train.outputs.trained.value).toBe(`\${{parent.outputs.${MODEL_OUTPUT}}}`);
    expect(swept.register.outputs[MODEL_COPY_OUTPUT].value).toBe(`\${{parent.outputs.${MODEL_OUTPUT}}}`);
    expect(plain.register.outputs[MODEL_COPY_OUTPUT]).toBeUndefined();
    // evaluate and register read the sweep's output exactly as they read train's.
    expect(swept.evaluate.inputs).toEqual(plain.evaluate.inputs);
    expect(swept.register.inputs).toEqual(plain.register.inputs);
    expect(swept.prep_data).toEqual(plain.prep_data);
    expect(train).toMatchObject({
      search_space: { TRAIN_DEPTH: { type: "choice", values: [1, 5, 9] } },
      sampling_algorithm: { type: "grid" },
    });
  });

  it("with RUN_EVALUATION=false: prep_data → sweep → register, register reading the sweep's output", () => {
    const settings = sweepSettings(testVariables("SWEEP_SAMPLING=grid"), GRID_SPACE, DECLARED);
    const swept = nodes(false, settings);
    expect(Object.keys(swept)).toEqual(["prep_data", "train", "register"]);
    expect(swept.register.inputs.trained.value).toBe(`\${{parent.jobs.train.outputs.trained}}`);
    const register = commandComponentSpec(pipelineSteps(false, true)[2], CODE, ENV);
    expect(register.command).toContain(`--model-copy-dir \${{outputs.${MODEL_COPY_OUTPUT}}}`);
    expect(register.command).not.toContain("--verdict-dir");
  });

  it("the train component takes --validation-size as an optional input, left out of a single train", () => {
    const spec = trainComponent();
    expect(spec.inputs[VALIDATION_SIZE_INPUT]).toEqual({ type: "string", optional: true });
    expect(spec.command).toContain(`$[[--validation-size \${{inputs.${VALIDATION_SIZE_INPUT}}}]]`);
    expect(nodes(true, undefined).train.inputs[VALIDATION_SIZE_INPUT]).toBeUndefined();
  });

  it("uses only the sweep node fields azure-ai-ml sends", () => {
    // Sweep._to_rest_object (entities/_builders/sweep.py @ 020cb979…): the picked fields, then BaseNode's
    // name/type/display_name/tags/computeId/inputs/outputs/properties, then type and trial.
    const known = [
      ...["limits", "sampling_algorithm", "objective", "early_termination", "search_space", "queue_settings"],
      ...["resources", "name", "type", "display_name", "tags", "computeId", "inputs", "outputs", "properties", "trial"],
    ];
    for (const policy of ["none", "bandit", "median_stopping", "truncation_selection"]) {
      const v = testVariables("SWEEP_SAMPLING=random", `SWEEP_EARLY_TERMINATION=${policy}`);
      const train = nodes(true, sweepSettings(v, RANDOM_SPACE, DECLARED)).train;
      expect(Object.keys(train).filter((key) => !known.includes(key))).toEqual([]);
      expect(Object.keys(train.limits)).toEqual(["max_total_trials", "max_concurrent_trials"]);
    }
  });
});

describe("the sweep node as the REST sweep job azure-ai-ml would send (2025-12-01 spec)", () => {
  const check = (body: Spec) => specValidator().check("mfe.JobBaseResource", body);

  it("validates for every sampling and early termination policy", () => {
    const cases: [string, SearchSpace][] = [
      ["SWEEP_SAMPLING=grid", GRID_SPACE],
      ["SWEEP_SAMPLING=bayesian", GRID_SPACE],
      ["SWEEP_SAMPLING=random", RANDOM_SPACE],
    ];
    for (const [sampling, space] of cases) {
      for (const policy of ["none", "bandit", "median_stopping", "truncation_selection"]) {
        const v = testVariables(sampling, `SWEEP_EARLY_TERMINATION=${policy}`);
        const body = restSweepJob(nodes(true, sweepSettings(v, space, DECLARED)).train, trainComponent());
        expect(check(body), `${sampling} ${policy}`).toEqual([]);
      }
    }
  });

  it("encodes the space as REST lists; every declared hyperparameter of the project is an input of the trial", () => {
    const v = testVariables("SWEEP_SAMPLING=random");
    const body = restSweepJob(nodes(true, sweepSettings(v, RANDOM_SPACE, DECLARED)).train, trainComponent());
    expect(body.properties.searchSpace.TRAIN_KIND).toEqual(["choice", [["a", "b"]]]);
    expect(body.properties.searchSpace.TRAIN_SCALE).toEqual(["loguniform", [Math.log(0.001), Math.log(100)]]);
    // The submitter sweeps the project model's space, whose names are declared: each is a TRAIN_<NAME> input the
    // trial's command passes on, so Azure's sampled value reaches the train step.
    const trial = trainComponent();
    const knobs = Object.keys(projectModel.hyperparameters).map(knobName);
    expect(knobs.length).toBeGreaterThan(0);
    for (const knob of knobs) {
      expect(trial.inputs[knob], knob).toEqual({ type: "string", optional: true });
      expect(trial.command).toContain(`$[[--set ${knob}=\${{inputs.${knob}}}]]`);
    }
  });

  it("the check fails on a bad goal, an unknown policy field, a sampling Azure does not have and a seed of text", () => {
    const v = testVariables("SWEEP_SAMPLING=random", "SWEEP_EARLY_TERMINATION=bandit");
    const good = restSweepJob(nodes(true, sweepSettings(v, RANDOM_SPACE, DECLARED)).train, trainComponent());
    const p = good.properties;
    const broken: [Spec, RegExp][] = [
      [{ ...p, objective: { ...p.objective, goal: "Minimise" } }, /goal must be equal to one of the allowed values/],
      [{ ...p, earlyTermination: { ...p.earlyTermination, slackFactr: 0.1 } }, /additional properties 'slackFactr'/],
      [{ ...p, samplingAlgorithm: { samplingAlgorithmType: "Sobol" } }, /samplingAlgorithmType must be equal to one/],
      [{ ...p, samplingAlgorithm: { ...p.samplingAlgorithm, seed: "7" } }, /seed must be integer/],
    ];
    for (const [properties, problem] of broken) expect(check({ properties }).join("\n")).toMatch(problem);
  });
});
