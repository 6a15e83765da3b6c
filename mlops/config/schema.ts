import { COLUMN_NAME, type Params } from "../contract/index.js";
import { ASSET_NAME } from "../registry/home.js";
import { bool, list, numeric, oneOf, type Spec, testSize, text } from "./specs.js";

const name = () => text({ pattern: ASSET_NAME, expects: "a name of letters, digits, '.', '_', '-' (≤ 255 chars)" });

/**
 * Every variable the machinery understands, with its type. The template file holds the values; this is the single
 * place their types live. Adding a knob: add it here and in the template. The model's hyperparameters are knobs
 * too (`TRAIN_<NAME>`), typed by the model's own declarations (mlops/contract/hyperparameters.ts), not here.
 */
export const SCHEMA = {
  EXPERIMENT_NAME: name(),
  MODEL_NAME: name(),
  TRAINING_PIPELINE_NAME: name(),
  DATASET_NAME: name(),
  DATA_FILE: text({ expects: "a path to a CSV file" }),
  TRAIN_FEATURES: list(COLUMN_NAME),
  TRAIN_TEST_SIZE: testSize(),
  TRAIN_RANDOM_STATE: numeric({ integer: true, min: 0, max: 0xffffffff }), // numpy's seed range
  RUN_EVALUATION: bool(),
  ALLOW_RUN_CANCEL: bool(),
  EVALUATION_METRIC: text({ pattern: /^[A-Za-z_][A-Za-z0-9_]*$/, expects: "a metric name from metrics.json" }),
  EVALUATION_DIRECTION: oneOf(["lower", "higher"]),
  EVALUATION_TIE: oneOf(["not_better", "better"]),
  EVALUATION_INCOMPARABLE: oneOf(["cancel", "register"]),
  SWEEP: bool(),
  SWEEP_SAMPLING: oneOf(["grid", "random", "bayesian"]),
  SWEEP_MAX_TRIALS: numeric({ integer: true, min: 1, max: 1000 }),
  SWEEP_MAX_CONCURRENT_TRIALS: numeric({ integer: true, min: 1, max: 100 }),
  SWEEP_VALIDATION_SIZE: testSize(),
  SWEEP_SEED: numeric({ integer: true, min: 0, max: 0xffffffff }),
  SWEEP_EARLY_TERMINATION: oneOf(["none", "bandit", "median_stopping", "truncation_selection"]),
  AML_COMPUTE_CLUSTER_NAME: text({
    pattern: /^[A-Za-z][A-Za-z0-9-]{1,15}$/,
    expects: "2–16 letters, digits or '-', starting with a letter",
  }),
  AML_COMPUTE_CLUSTER_CPU_SKU: text({ pattern: /^[A-Za-z0-9_]+$/, expects: "a VM size such as STANDARD_DS2_V2" }),
  AML_CLUSTER_MIN_NODES: numeric({ integer: true, min: 0 }),
  AML_CLUSTER_MAX_NODES: numeric({ integer: true, min: 1 }),
  AML_CLUSTER_PRIORITY: oneOf(["lowpriority", "dedicated"]),
} as const satisfies Record<string, Spec<unknown>>;

export type VariableName = keyof typeof SCHEMA;

/** The typed variables, one property per template knob. */
export type TypedVariables = { readonly [K in VariableName]: ReturnType<(typeof SCHEMA)[K]["parse"]> };

/**
 * The typed variables, the model's hyperparameter values (from their TRAIN_<NAME> knobs, else their declared
 * defaults), and `extra`: variables the template carries that the local pipeline does not type (DevOps-only knobs),
 * kept as text so DevOps-only additions never break a local run.
 */
export type Variables = TypedVariables & {
  readonly hyperparameters: Params;
  readonly extra: Readonly<Record<string, string>>;
};

/** Rules that involve more than one variable; each problem names the variables and their values. */
export function crossCheck(v: TypedVariables): string[] {
  const problems: string[] = [];
  if (v.AML_CLUSTER_MIN_NODES > v.AML_CLUSTER_MAX_NODES) {
    problems.push(
      `AML_CLUSTER_MIN_NODES (${v.AML_CLUSTER_MIN_NODES}) must be ≤ AML_CLUSTER_MAX_NODES (${v.AML_CLUSTER_MAX_NODES})`,
    );
  }
  if (v.SWEEP_MAX_CONCURRENT_TRIALS > v.AML_CLUSTER_MAX_NODES) {
    problems.push(
      `SWEEP_MAX_CONCURRENT_TRIALS (${v.SWEEP_MAX_CONCURRENT_TRIALS}) must be ≤ AML_CLUSTER_MAX_NODES (${v.AML_CLUSTER_MAX_NODES}): a trial takes a node`,
    );
  }
  return problems;
}
