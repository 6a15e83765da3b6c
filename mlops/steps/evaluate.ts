import { stat } from "node:fs/promises";
import { dirname, join } from "node:path";
import type { TypedVariables } from "../config/index.js";
import { CliError } from "../errors/index.js";
import { writeJsonAtomic } from "../fs/index.js";
import { findLatest, type ModelVersion, resolveModelRef, resolveModelVersion } from "../registry/index.js";
import { type EvaluationRule, isBetterModel } from "./better.js";
import { identityDifferences, identityFromTags, identityOfFolder, type ModelIdentity } from "./identity.js";
import { type Metrics, metricValue, readMetrics, readStepJson } from "./io.js";

/** What to do when the production model predicts something else or from other columns (EVALUATION_INCOMPARABLE). */
export type IncomparableAction = "cancel" | "register";

/** Inputs of the evaluate step. */
export interface EvaluateStepOptions {
  /** The train step's output folder (its `metrics.json` and `model/`). */
  readonly trainDir: string;
  /** Where `verdict.json` is written. */
  readonly outputDir: string;
  readonly modelName: string;
  readonly experimentName: string;
  readonly rule: EvaluationRule;
  /** ALLOW_RUN_CANCEL: a model that is not better cancels the run (true) or is registered anyway (false). */
  readonly allowRunCancel: boolean;
  /** EVALUATION_INCOMPARABLE: a model not comparable with production is not registered (cancel, default) or is. */
  readonly incomparable?: IncomparableAction;
  /** Compare with this model (folder or models:/ URI) instead of the production model. */
  readonly production?: string;
  readonly home?: string;
}

/** `verdict.json`: the decision, why, both values, and what the pipeline does next. */
export interface Verdict {
  readonly decision: "first_model" | "better" | "not_better" | "not_comparable";
  /** `cancel` when not better and ALLOW_RUN_CANCEL, or not comparable and EVALUATION_INCOMPARABLE=cancel. */
  readonly action: "register" | "cancel";
  readonly reason: string;
  readonly metric: string;
  readonly direction: EvaluationRule["direction"];
  readonly tie: EvaluationRule["tie"];
  readonly new_value: number;
  readonly production_value: number | null;
  /** `models:/<name>/<version>` or a folder; null when there is no production model. */
  readonly production_model: string | null;
  /** Why the two models are not comparable (task, target, input columns), when they are not. */
  readonly differences?: readonly string[];
}

/** The evaluate options the variables template fixes: model, experiment, rule, ALLOW_RUN_CANCEL, incomparable. */
export function evaluationSettings(
  v: TypedVariables,
): Pick<EvaluateStepOptions, "modelName" | "experimentName" | "rule" | "allowRunCancel" | "incomparable"> {
  return {
    modelName: v.MODEL_NAME,
    experimentName: v.EXPERIMENT_NAME,
    rule: { metric: v.EVALUATION_METRIC, direction: v.EVALUATION_DIRECTION, tie: v.EVALUATION_TIE },
    allowRunCancel: v.ALLOW_RUN_CANCEL,
    incomparable: v.EVALUATION_INCOMPARABLE,
  };
}

/** The production model: where it is, its identity (when known) and its value of the metric (read lazily). */
interface Production {
  readonly ref: string;
  readonly identity: ModelIdentity | undefined;
  value(metric: string): number;
}

/**
 * Compares the new model with the production model (latest registered version of `modelName` tagged with
 * `experimentName`, or `production`) and writes `<outputDir>/verdict.json`. A production model that predicts another
 * target or task, or reads other columns, is never called better or worse: the verdict is "not comparable", with the
 * differences; only then is the metric compared, by the template's rule.
 */
export async function evaluateStep(options: EvaluateStepOptions): Promise<Verdict> {
  const { rule } = options;
  const newValue = metricValue(
    await readMetrics(options.trainDir),
    rule.metric,
    join(options.trainDir, "metrics.json"),
  );
  const production = await productionModel(options);
  const base = { metric: rule.metric, direction: rule.direction, tie: rule.tie, new_value: newValue };
  let verdict: Verdict;
  if (!production) {
    const reason = `first model (no registered ${options.modelName} tagged experiment_name=${options.experimentName})`;
    verdict = {
      decision: "first_model",
      action: "register",
      reason,
      ...base,
      production_value: null,
      production_model: null,
    };
  } else {
    const differences = production.identity
      ? identityDifferences(await identityOfFolder(join(options.trainDir, "model")), production.identity)
      : [];
    if (differences.length > 0) {
      const replace = options.incomparable === "register";
      const reason =
        `not comparable with production ${production.ref} (${differences.join("; ")}): ` +
        (replace
          ? "registered as the new production model (EVALUATION_INCOMPARABLE=register)"
          : "not registered; set EVALUATION_INCOMPARABLE=register to make it production anyway");
      verdict = {
        decision: "not_comparable",
        action: replace ? "register" : "cancel",
        reason,
        ...base,
        production_value: null,
        production_model: production.ref,
        differences,
      };
    } else {
      const productionValue = production.value(rule.metric);
      const better = isBetterModel(newValue, productionValue, rule);
      const tie = newValue === productionValue ? `; a tie counts as ${rule.tie.replace("_", " ")}` : "";
      const versus = `${rule.metric} ${newValue} new vs ${productionValue} production ${production.ref}`;
      verdict = {
        decision: better ? "better" : "not_better",
        action: better || !options.allowRunCancel ? "register" : "cancel",
        reason: `${better ? "better" : "not better"} (${versus}; ${rule.direction} is better${tie})`,
        ...base,
        production_value: productionValue,
        production_model: production.ref,
      };
    }
  }
  await writeJsonAtomic(join(options.outputDir, "verdict.json"), verdict);
  return verdict;
}

async function productionModel(options: EvaluateStepOptions): Promise<Production | undefined> {
  const home = options.home;
  if (options.production === undefined) {
    const isProd = (v: ModelVersion) => v.tags.experiment_name === options.experimentName;
    const latest = await findLatest(options.modelName, isProd, home);
    return latest ? fromVersion(latest) : undefined;
  }
  if (options.production.startsWith("models:")) {
    return fromVersion(await resolveModelVersion(options.production, { home }));
  }
  // A folder: a train output (metrics.json inside) or the model/ folder inside one.
  const folder = await resolveModelRef(options.production);
  for (const file of [join(folder, "metrics.json"), join(dirname(folder), "metrics.json")]) {
    if (await exists(file)) {
      const metrics = await readStepJson<Metrics>(file, "train");
      const modelDir = file === join(folder, "metrics.json") ? join(folder, "model") : folder;
      const identity = (await exists(join(modelDir, "MLmodel"))) ? await identityOfFolder(modelDir) : undefined;
      return { ref: folder, identity, value: (metric) => metricValue(metrics, metric, file) };
    }
  }
  throw new CliError(
    `production model ${options.production} has no metrics.json beside it: pass a train output folder`,
  );
}

/** A registered version: identity from its tags, or (versions registered before the tags) its model folder. */
async function fromVersion(version: ModelVersion): Promise<Production> {
  const ref = `models:/${version.name}/${version.version}`;
  const identity =
    identityFromTags(version.tags) ??
    ((await exists(join(version.modelDir, "MLmodel"))) ? await identityOfFolder(version.modelDir) : undefined);
  return { ref, identity, value: (metric) => metricFromTags(version, ref, metric) };
}

function metricFromTags(version: ModelVersion, ref: string, metric: string): number {
  const raw = version.tags[metric];
  if (raw === undefined) {
    const tags = Object.keys(version.tags).join(", ") || "none";
    throw new CliError(
      `production model ${ref} has no '${metric}' tag (tags: ${tags}); register it with the metric, change EVALUATION_METRIC, or set RUN_EVALUATION=false`,
    );
  }
  const value = raw.trim() === "" ? Number.NaN : Number(raw);
  if (!Number.isFinite(value))
    throw new CliError(`production model ${ref} has a non-numeric '${metric}' tag: '${raw}'`);
  return value;
}

const exists = (path: string) =>
  stat(path).then(
    () => true,
    () => false,
  );
