import { stat } from "node:fs/promises";
import { dirname, join } from "node:path";
import { type EvaluationRule, isBetterModel } from "../../training/index.js";
import type { TypedVariables } from "../config/index.js";
import { CliError } from "../errors/index.js";
import { writeJsonAtomic } from "../fs/index.js";
import { findLatest, type ModelVersion, resolveModelRef, resolveModelVersion } from "../registry/index.js";
import { type Metrics, metricValue, readMetrics, readStepJson } from "./io.js";

/** Inputs of the evaluate step. */
export interface EvaluateStepOptions {
  /** The train step's output folder (its `metrics.json`). */
  readonly trainDir: string;
  /** Where `verdict.json` is written. */
  readonly outputDir: string;
  readonly modelName: string;
  readonly experimentName: string;
  readonly rule: EvaluationRule;
  /** ALLOW_RUN_CANCEL: a model that is not better cancels the run (true) or is registered anyway (false). */
  readonly allowRunCancel: boolean;
  /** Compare with this model (folder or models:/ URI) instead of the production model. */
  readonly production?: string;
  readonly home?: string;
}

/** `verdict.json`: the decision, why, both values, and what the pipeline does next. */
export interface Verdict {
  readonly decision: "first_model" | "better" | "not_better";
  /** `cancel` only when not better and ALLOW_RUN_CANCEL is true. */
  readonly action: "register" | "cancel";
  readonly reason: string;
  readonly metric: string;
  readonly direction: EvaluationRule["direction"];
  readonly tie: EvaluationRule["tie"];
  readonly new_value: number;
  readonly production_value: number | null;
  /** `models:/<name>/<version>` or a folder; null when there is no production model. */
  readonly production_model: string | null;
}

/** The evaluate options the variables template fixes: model, experiment, rule and ALLOW_RUN_CANCEL. */
export function evaluationSettings(
  v: TypedVariables,
): Pick<EvaluateStepOptions, "modelName" | "experimentName" | "rule" | "allowRunCancel"> {
  return {
    modelName: v.MODEL_NAME,
    experimentName: v.EXPERIMENT_NAME,
    rule: { metric: v.EVALUATION_METRIC, direction: v.EVALUATION_DIRECTION, tie: v.EVALUATION_TIE },
    allowRunCancel: v.ALLOW_RUN_CANCEL,
  };
}

/**
 * Compares the new model's metric with the production model's (latest registered version of `modelName` tagged
 * with `experimentName`, or `production`), by the template's rule, and writes `<outputDir>/verdict.json`.
 */
export async function evaluateStep(options: EvaluateStepOptions): Promise<Verdict> {
  const { rule } = options;
  const newValue = metricValue(
    await readMetrics(options.trainDir),
    rule.metric,
    join(options.trainDir, "metrics.json"),
  );
  const production = await productionMetric(options);
  let verdict: Verdict;
  const base = { metric: rule.metric, direction: rule.direction, tie: rule.tie, new_value: newValue };
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
    const better = isBetterModel(newValue, production.value, rule);
    const tie = newValue === production.value ? `; a tie counts as ${rule.tie.replace("_", " ")}` : "";
    const versus = `${rule.metric} ${newValue} new vs ${production.value} production ${production.ref}`;
    const decision = better ? "better" : "not_better";
    const action = better || !options.allowRunCancel ? "register" : "cancel";
    const reason = `${better ? "better" : "not better"} (${versus}; ${rule.direction} is better${tie})`;
    verdict = {
      decision,
      action,
      reason,
      ...base,
      production_value: production.value,
      production_model: production.ref,
    };
  }
  await writeJsonAtomic(join(options.outputDir, "verdict.json"), verdict);
  return verdict;
}

interface Production {
  readonly ref: string;
  readonly value: number;
}

async function productionMetric(options: EvaluateStepOptions): Promise<Production | undefined> {
  const { metric } = options.rule;
  const home = options.home;
  if (options.production === undefined) {
    const isProd = (v: ModelVersion) => v.tags.experiment_name === options.experimentName;
    const latest = await findLatest(options.modelName, isProd, home);
    return latest ? fromTags(latest, metric) : undefined;
  }
  if (options.production.startsWith("models:")) {
    return fromTags(await resolveModelVersion(options.production, { home }), metric);
  }
  // A folder: a train output (metrics.json inside) or the model/ folder inside one.
  const folder = await resolveModelRef(options.production);
  for (const file of [join(folder, "metrics.json"), join(dirname(folder), "metrics.json")]) {
    if (
      await stat(file).then(
        () => true,
        () => false,
      )
    ) {
      const metrics = await readStepJson<Metrics>(file, "train");
      return { ref: folder, value: metricValue(metrics, metric, file) };
    }
  }
  throw new CliError(
    `production model ${options.production} has no metrics.json beside it: pass a train output folder`,
  );
}

function fromTags(version: ModelVersion, metric: string): Production {
  const ref = `models:/${version.name}/${version.version}`;
  const raw = version.tags[metric];
  const value = raw === undefined || raw.trim() === "" ? Number.NaN : Number(raw);
  if (raw === undefined) {
    const tags = Object.keys(version.tags).join(", ") || "none";
    throw new CliError(
      `production model ${ref} has no '${metric}' tag (tags: ${tags}); register it with the metric, change EVALUATION_METRIC, or set RUN_EVALUATION=false`,
    );
  }
  if (!Number.isFinite(value))
    throw new CliError(`production model ${ref} has a non-numeric '${metric}' tag: '${raw}'`);
  return { ref, value };
}
