// A search space over the model's declared hyperparameters, kept with the model (training/) and swept by
// `mlops sweep` locally or as an Azure ML sweep job. The distributions are Azure ML's (the sweep job YAML's
// `search_space` types), so one space means the same draws on a laptop and on the cluster; `integer` is an inclusive
// integer range, which Azure receives as a `choice` over its values (so grid sampling can enumerate it there too).
import { checkParam, type Hyperparameters, type ParamValue, rangeText } from "./hyperparameters.js";

/** One hyperparameter's distribution. Bounds are values of the hyperparameter (also for `loguniform`). */
export type Distribution =
  /** One of the listed values, each equally likely; grid sampling tries each. */
  | { readonly type: "choice"; readonly values: readonly ParamValue[] }
  /** A number drawn uniformly in [min, max]. */
  | { readonly type: "uniform"; readonly min: number; readonly max: number }
  /** A number whose logarithm is drawn uniformly in [ln min, ln max] (min > 0). */
  | { readonly type: "loguniform"; readonly min: number; readonly max: number }
  /** round(uniform(min, max) / q) · q. */
  | { readonly type: "quniform"; readonly min: number; readonly max: number; readonly q: number }
  /** An integer in min..max (inclusive) in steps of `step` (default 1), each equally likely; grid tries each. */
  | { readonly type: "integer"; readonly min: number; readonly max: number; readonly step?: number };

/** Distributions by declared hyperparameter name; an undeclared name is an error, an absent one keeps its knob value. */
export type SearchSpace = Readonly<Record<string, Distribution>>;

/** How trials are drawn: every combination (grid), seeded independent draws (random), or Azure ML's Bayesian. */
export type Sampling = "grid" | "random" | "bayesian";
/** Every sampling, in the order `--sampling` lists them. */
export const SAMPLINGS: readonly Sampling[] = ["grid", "random", "bayesian"];

/** The distribution types each sampling accepts (Azure ML's rules: grid takes choices only; Bayesian no loguniform). */
export const SAMPLING_ACCEPTS: Readonly<Record<Sampling, readonly Distribution["type"][]>> = {
  grid: ["choice", "integer"],
  random: ["choice", "uniform", "loguniform", "quniform", "integer"],
  bayesian: ["choice", "uniform", "quniform", "integer"],
};

/** The most values an `integer` range may hold (Azure receives it as a choice list). */
export const MAX_INTEGER_VALUES = 10_000;

/** The values of a `choice` or `integer` distribution, in order (empty for continuous ones). */
export function discreteValues(distribution: Distribution): readonly ParamValue[] {
  if (distribution.type === "choice") return distribution.values;
  if (distribution.type !== "integer") return [];
  const step = distribution.step ?? 1;
  const values: number[] = [];
  for (let v = distribution.min; v <= distribution.max; v += step) values.push(v);
  return values;
}

/** How many combinations a grid over `space` tries (Infinity when a distribution is continuous). */
export function gridSize(space: SearchSpace): number {
  return Object.values(space).reduce(
    (n, d) => n * (SAMPLING_ACCEPTS.grid.includes(d.type) ? discreteValues(d).length : Number.POSITIVE_INFINITY),
    1,
  );
}

const finite = (x: unknown): x is number => typeof x === "number" && Number.isFinite(x);

/** Problems with one distribution against its declaration (shape, bounds inside the declared range, value types). */
function distributionProblems(name: string, d: Distribution, declared: Hyperparameters): string[] {
  const spec = declared[name];
  const at = `search space ${name}`;
  if (!spec)
    return [`${at}: not a declared hyperparameter (the model declares ${Object.keys(declared).join(", ") || "none"})`];
  const inRange = (label: string, value: unknown): string[] => {
    try {
      checkParam(name, spec, value);
      return [];
    } catch {
      return [`${at}: ${label} ${JSON.stringify(value)} is outside the declaration (${rangeText(spec)})`];
    }
  };
  switch (d?.type) {
    case "choice": {
      if (!Array.isArray(d.values) || d.values.length === 0) return [`${at}: choice needs at least one value`];
      const seen = new Set(d.values.map((v) => JSON.stringify(v)));
      const dupes = seen.size === d.values.length ? [] : [`${at}: choice lists a value twice`];
      return [...dupes, ...d.values.flatMap((v) => inRange("value", v))];
    }
    case "uniform":
    case "loguniform":
    case "quniform": {
      if (spec.type !== "number" && !(spec.type === "integer" && d.type === "quniform"))
        return [`${at}: ${d.type} draws numbers, but ${name} is declared ${spec.type} (use choice or integer)`];
      if (!finite(d.min) || !finite(d.max) || !(d.min < d.max))
        return [`${at}: ${d.type} needs finite min < max, got min ${d.min}, max ${d.max}`];
      if (d.type === "loguniform" && !(d.min > 0)) return [`${at}: loguniform needs min > 0, got ${d.min}`];
      if (d.type === "quniform") {
        if (!finite(d.q) || !(d.q > 0)) return [`${at}: quniform needs q > 0, got ${d.q}`];
        if (spec.type === "integer" && !Number.isInteger(d.q))
          return [`${at}: ${name} is declared integer, so quniform's q must be an integer, got ${d.q}`];
        return [
          ...inRange("lowest value", Math.round(d.min / d.q) * d.q),
          ...inRange("highest value", Math.round(d.max / d.q) * d.q),
        ];
      }
      return [...inRange("min", d.min), ...inRange("max", d.max)];
    }
    case "integer": {
      if (spec.type !== "integer" && spec.type !== "number")
        return [`${at}: integer draws numbers, but ${name} is declared ${spec.type} (use choice)`];
      const step = d.step ?? 1;
      if (![d.min, d.max, step].every(Number.isInteger) || step < 1 || d.min > d.max)
        return [`${at}: integer needs integers min ≤ max and step ≥ 1, got min ${d.min}, max ${d.max}, step ${step}`];
      const count = Math.floor((d.max - d.min) / step) + 1;
      if (count > MAX_INTEGER_VALUES)
        return [
          `${at}: integer range holds ${count} values, more than ${MAX_INTEGER_VALUES} (raise step or use quniform)`,
        ];
      const values = discreteValues(d);
      return [...inRange("min", d.min), ...inRange("highest value", values[values.length - 1])];
    }
    default:
      return [
        `${at}: type must be one of choice, uniform, loguniform, quniform, integer, got ${JSON.stringify((d as { type?: unknown } | undefined)?.type)}`,
      ];
  }
}

/** Problems with a search space against the declared hyperparameters (every problem, each naming the parameter). */
export function searchSpaceProblems(space: SearchSpace, declared: Hyperparameters): string[] {
  const entries = Object.entries(space ?? {});
  if (entries.length === 0) return ["search space is empty: give at least one declared hyperparameter a distribution"];
  return entries.flatMap(([name, d]) => distributionProblems(name, d, declared));
}

/** Problems with sweeping `space` by `sampling` (Azure ML's rules), e.g. a uniform under grid sampling. */
export function samplingProblems(space: SearchSpace, sampling: Sampling): string[] {
  if (!SAMPLINGS.includes(sampling))
    return [`sampling must be one of ${SAMPLINGS.join(", ")}, got ${JSON.stringify(sampling)}`];
  const accepts = SAMPLING_ACCEPTS[sampling];
  return Object.entries(space)
    .filter(([, d]) => !accepts.includes(d.type))
    .map(
      ([name, d]) =>
        `search space ${name}: ${sampling} sampling does not take ${d.type} (it takes ${accepts.join(", ")})`,
    );
}
