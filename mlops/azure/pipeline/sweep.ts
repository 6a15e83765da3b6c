// The sweep node of the training pipeline (SWEEP=true): Azure ML runs the train component as the trial of a sweep,
// and the best trial's outputs are the node's outputs, so evaluate and register read them as they read train's.
//
// Inside a pipeline job a node is not a REST job body: `jobs` is free-form in the REST spec and azure-ai-ml sends each
// node as its YAML-schema dump. The shapes below are the SDK's, read in Azure/azure-sdk-for-python
// (sdk/ml/azure-ai-ml/azure/ai/ml/, MIT):
// - entities/_builders/sweep.py @ 020cb979d8fff18543a1300a44e1de3da6e31ea6: `Sweep._to_rest_object` picks `limits`,
//   `sampling_algorithm`, `objective`, `early_termination`, `search_space` from the schema dump, drops a None
//   `early_termination`, sends the policy as the REST model's snake_case attributes (`policy_type`, ...), and adds
//   `type: "sweep"` and `trial: {componentId}` (a registered component is referred to by its id);
// - _schema/_sweep/parameterized_sweep.py @ 1d8d97787aca8ebc1686d0770b3627ad4f8daab5 (the fields),
//   _schema/_sweep/sweep_sampling_algorithm.py @ 16e7774fd37a716012501b1b10163291c010a741 (`{type: random, seed}`,
//   `{type: grid}`, `{type: bayesian}`), _schema/_sweep/sweep_objective.py @ 1ec4a7710c628416c2624968ec4f9982d491a6f6
//   (`goal` minimize|maximize, `primary_metric`), _schema/job/job_limits.py `SweepJobLimitsSchema`
//   (`max_total_trials`, `max_concurrent_trials`), _schema/_sweep/search_space/uniform.py
//   @ 2cd0507414e4505b4ee40fc9b45a1ad41888d3bd (`{type, min_value, max_value[, q]}`);
// - entities/_job/sweep/search_space.py @ 03bbd876e3c27f3c3583f39ed81543485470598a: LogUniform's bounds are "the log
//   of the distribution" — Azure takes the exponents, our contract the values, hence Math.log below;
// - entities/_job/sweep/early_termination_policy.py @ 020cb979d8fff18543a1300a44e1de3da6e31ea6 (the policies' fields).
// tests/mlops/azure/sweep-node.test.ts maps the node to the REST `jobType: Sweep` body the SDK's `Sweep._to_job`
// would send on its own and validates that against the vendored 2025-12-01 spec.
import type { Variables } from "../../config/index.js";
import {
  type Distribution,
  discreteValues,
  type Hyperparameters,
  knobName,
  type SearchSpace,
  samplingProblems,
  searchSpaceProblems,
} from "../../contract/index.js";
import { CliError } from "../../errors/index.js";

// biome-ignore lint/suspicious/noExplicitAny: pipeline nodes are free-form YAML-schema documents.
type Spec = Record<string, any>;

/** The train component's input that takes the validation fraction (or count) when it runs as a trial. */
export const VALIDATION_SIZE_INPUT = "validation_size";

/** The pipeline input the sweep node binds `validation_size` to. */
export const VALIDATION_SIZE_KNOB = "SWEEP_VALIDATION_SIZE";

/** What trials report and the sweep ranks by: the validation twin of EVALUATION_METRIC (test rows stay unseen). */
export const primaryMetric = (evaluationMetric: string): string => `validation_${evaluationMetric}`;

/** The largest seed Azure ML takes (`RandomSamplingAlgorithm.seed` is int32 in the REST spec). */
const MAX_SEED = 2 ** 31 - 1;

/**
 * Early termination policies by SWEEP_EARLY_TERMINATION, with the numbers of the examples in Microsoft's Azure ML SDK
 * reference (azuremlsdk 1.10.0, the R SDK: `bandit_policy(slack_factor = 0.1, evaluation_interval = 1L,
 * delay_evaluation = 5L)`, `truncation_selection_policy(truncation_percentage = 20L, evaluation_interval = 1L,
 * delay_evaluation = 5L)`, https://azure.github.io/azureml-sdk-for-r/reference/; the median policy with the same
 * interval and delay). A trial of this template reports its metrics once, at the end, so a policy only stops trials
 * that have not reported yet.
 */
const POLICIES: Readonly<Record<string, Spec>> = {
  bandit: { policy_type: "Bandit", evaluation_interval: 1, delay_evaluation: 5, slack_factor: 0.1, slack_amount: 0 },
  median_stopping: { policy_type: "MedianStopping", evaluation_interval: 1, delay_evaluation: 5 },
  truncation_selection: {
    policy_type: "TruncationSelection",
    evaluation_interval: 1,
    delay_evaluation: 5,
    truncation_percentage: 20,
  },
};

/** One distribution as the sweep node's `search_space` entry; `integer` becomes a choice over its values. */
export function distributionNode(d: Distribution): Spec {
  switch (d.type) {
    case "choice":
    case "integer":
      return { type: "choice", values: [...discreteValues(d)] };
    case "uniform":
      return { type: "uniform", min_value: d.min, max_value: d.max };
    case "loguniform":
      return { type: "loguniform", min_value: Math.log(d.min), max_value: Math.log(d.max) };
    case "quniform":
      return { type: "quniform", min_value: d.min, max_value: d.max, q: d.q };
  }
}

/**
 * The sweep's settings from the variables and the model's search space: every problem (a space that does not fit
 * the declarations or the sampling, a seed Azure cannot take) is one error naming it. Concurrency ≤ the cluster's max
 * nodes is checked when the variables load (mlops/config crossCheck).
 */
export function sweepSettings(v: Variables, space: SearchSpace | undefined, declared: Hyperparameters): Spec {
  if (!space) {
    throw new CliError(
      "SWEEP=true but the model declares no searchSpace: add `searchSpace` to its defineModel in training/ " +
        "(docs/azure.md, Sweeps), or set SWEEP=false",
    );
  }
  const problems = [...searchSpaceProblems(space, declared), ...samplingProblems(space, v.SWEEP_SAMPLING)];
  if (v.SWEEP_SAMPLING === "random" && v.SWEEP_SEED > MAX_SEED) {
    problems.push(`SWEEP_SEED (${v.SWEEP_SEED}) must be ≤ ${MAX_SEED} for Azure ML (an int32 seed)`);
  }
  if (problems.length > 0) throw new CliError(`cannot sweep on Azure ML:\n  ${problems.join("\n  ")}`);
  const sampling: Spec =
    v.SWEEP_SAMPLING === "random" ? { type: "random", seed: v.SWEEP_SEED } : { type: v.SWEEP_SAMPLING };
  const policy = POLICIES[v.SWEEP_EARLY_TERMINATION];
  return {
    sampling_algorithm: sampling,
    search_space: Object.fromEntries(Object.entries(space).map(([name, d]) => [knobName(name), distributionNode(d)])),
    objective: {
      goal: v.EVALUATION_DIRECTION === "lower" ? "minimize" : "maximize",
      primary_metric: primaryMetric(v.EVALUATION_METRIC),
    },
    limits: { max_total_trials: v.SWEEP_MAX_TRIALS, max_concurrent_trials: v.SWEEP_MAX_CONCURRENT_TRIALS },
    ...(policy ? { early_termination: { ...policy } } : {}),
  };
}

/**
 * The sweep node standing where the train node stands (same name, same inputs and outputs): `trial` is the train
 * component, the swept hyperparameters' inputs are left to the search space, `validation_size` is bound to the
 * SWEEP_VALIDATION_SIZE pipeline input. `trainNode` is the single-train node the same step would be.
 */
export function sweepNode(trainNode: Spec, settings: Spec): Spec {
  const { componentId, type: _command, inputs, ...rest } = trainNode;
  const swept = new Set(Object.keys(settings.search_space));
  const kept = Object.fromEntries(Object.entries<Spec>(inputs).filter(([name]) => !swept.has(name)));
  return {
    ...rest,
    type: "sweep",
    trial: { componentId },
    inputs: {
      ...kept,
      [VALIDATION_SIZE_INPUT]: { job_input_type: "literal", value: `\${{parent.inputs.${VALIDATION_SIZE_KNOB}}}` },
    },
    ...settings,
  };
}
