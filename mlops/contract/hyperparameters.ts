// Hyperparameters declared once by the model (name, type, default, range, description) and discovered by the
// machinery: each becomes a flag of `mlops train`, a TRAIN_<NAME> knob of the variables template, an input of the
// Azure ML components, a field of run.json and of the MLmodel file — as scikit-learn's get_params() finds them.

/** One declared hyperparameter. Ranges are inclusive unless marked exclusive. */
export type HyperparameterSpec =
  | {
      readonly type: "number";
      readonly default: number;
      readonly min?: number;
      readonly max?: number;
      readonly exclusiveMin?: boolean;
      readonly exclusiveMax?: boolean;
      readonly description: string;
    }
  | {
      readonly type: "integer";
      readonly default: number;
      readonly min?: number;
      readonly max?: number;
      readonly description: string;
    }
  | { readonly type: "boolean"; readonly default: boolean; readonly description: string }
  | {
      readonly type: "string";
      readonly default: string;
      readonly choices?: readonly string[];
      readonly description: string;
    };

/** Declarations by name (snake_case). */
export type Hyperparameters = Readonly<Record<string, HyperparameterSpec>>;
export type ParamValue = number | boolean | string;
/** Values by name, one per declared hyperparameter. */
export type Params = Readonly<Record<string, ParamValue>>;

const NAME = /^[a-z][a-z0-9_]{0,62}$/;
/** Names the machinery uses itself next to the hyperparameters (run.json params, TRAIN_* knobs, `mlops train` flags). */
export const RESERVED_NAMES: readonly string[] = [
  "test_size",
  "random_state",
  "features",
  "target",
  "data",
  "output_dir",
  "model_name",
  "build_id",
  "run_id",
  "set",
];

/** The variables-template knob of a hyperparameter: `TRAIN_` + its name in upper case (`n_estimators` → `TRAIN_N_ESTIMATORS`). */
export const knobName = (name: string): string => `TRAIN_${name.toUpperCase()}`;
/** The `mlops train` flag of a hyperparameter: its name with '-' for '_' (`n_estimators` → `--n-estimators`). */
export const flagName = (name: string): string => name.replaceAll("_", "-");

/** What a value must be, e.g. `a number ≥ 0`, `an integer in 1..500`, `one of gini | entropy`. */
export function rangeText(spec: HyperparameterSpec): string {
  switch (spec.type) {
    case "boolean":
      return "true or false";
    case "string":
      return spec.choices ? `one of ${spec.choices.join(" | ")}` : "a non-empty string";
    default: {
      const kind = spec.type === "integer" ? "an integer" : "a number";
      const exMin = spec.type === "number" && spec.exclusiveMin === true;
      const exMax = spec.type === "number" && spec.exclusiveMax === true;
      const { min, max } = spec;
      if (min !== undefined && max !== undefined && !exMin && !exMax) return `${kind} in ${min}..${max}`;
      const lo = min === undefined ? undefined : `${exMin ? ">" : "≥"} ${min}`;
      const hi = max === undefined ? undefined : `${exMax ? "<" : "≤"} ${max}`;
      return [kind, lo, lo && hi ? "and" : undefined, hi].filter((part) => part !== undefined).join(" ");
    }
  }
}

/** Why `value` is not allowed for `spec` (undefined when it is). */
function refusal(spec: HyperparameterSpec, value: unknown): string | undefined {
  switch (spec.type) {
    case "boolean":
      return typeof value === "boolean" ? undefined : "not a boolean";
    case "string":
      if (typeof value !== "string" || value === "") return "not a non-empty string";
      return spec.choices && !spec.choices.includes(value) ? "not one of the choices" : undefined;
    default: {
      if (typeof value !== "number" || !Number.isFinite(value)) return "not a finite number";
      if (spec.type === "integer" && !Number.isInteger(value)) return "not an integer";
      const exMin = spec.type === "number" && spec.exclusiveMin;
      const exMax = spec.type === "number" && spec.exclusiveMax;
      if (spec.min !== undefined && (exMin ? value <= spec.min : value < spec.min)) return "below the range";
      if (spec.max !== undefined && (exMax ? value >= spec.max : value > spec.max)) return "above the range";
      return undefined;
    }
  }
}

/** Checks a typed value against the declaration; the error names the parameter, the value and the range. */
export function checkParam(name: string, spec: HyperparameterSpec, value: unknown): ParamValue {
  if (refusal(spec, value) !== undefined) {
    throw new RangeError(`hyperparameter ${name} must be ${rangeText(spec)}, got ${JSON.stringify(value)}`);
  }
  return value as ParamValue;
}

/** Parses a value given as text (a flag, a knob) and checks it; the error names the parameter, the text and the range. */
export function parseParam(name: string, spec: HyperparameterSpec, raw: string): ParamValue {
  const text = raw.trim();
  let value: unknown = text;
  if (spec.type === "number" || spec.type === "integer") value = text === "" ? Number.NaN : Number(text);
  else if (spec.type === "boolean") value = /^true$/i.test(text) ? true : /^false$/i.test(text) ? false : text;
  if (refusal(spec, value) !== undefined) {
    throw new RangeError(`hyperparameter ${name} must be ${rangeText(spec)}, got '${raw}'`);
  }
  return value as ParamValue;
}

/** Every declared default. */
export function defaultParams(declared: Hyperparameters): Params {
  return Object.fromEntries(Object.entries(declared).map(([name, spec]) => [name, spec.default]));
}

/**
 * The values of every declared hyperparameter: `given` (text, e.g. flags or knobs) where present, else the default.
 * Every problem is returned (not thrown), each naming the parameter, the value and the range; unknown names too.
 */
export function resolveParams(
  declared: Hyperparameters,
  given: Readonly<Record<string, string | undefined>>,
): { readonly params: Params; readonly problems: string[] } {
  const problems: string[] = [];
  const params: Record<string, ParamValue> = {};
  for (const [name, spec] of Object.entries(declared)) {
    const raw = given[name];
    if (raw === undefined) params[name] = spec.default;
    else {
      try {
        params[name] = parseParam(name, spec, raw);
      } catch (error) {
        problems.push((error as Error).message);
      }
    }
  }
  for (const name of Object.keys(given)) {
    if (given[name] !== undefined && !Object.hasOwn(declared, name)) {
      problems.push(
        `unknown hyperparameter ${name} (the model declares ${Object.keys(declared).join(", ") || "none"})`,
      );
    }
  }
  return { params, problems };
}

/** Problems with the declarations themselves (names, reserved names, defaults outside their range, descriptions). */
export function declarationProblems(declared: Hyperparameters): string[] {
  const problems: string[] = [];
  for (const [name, spec] of Object.entries(declared)) {
    if (!NAME.test(name)) problems.push(`hyperparameter name ${JSON.stringify(name)} must be snake_case (${NAME})`);
    if (RESERVED_NAMES.includes(name)) problems.push(`hyperparameter name ${name} is reserved by the machinery`);
    if (!["number", "integer", "boolean", "string"].includes(spec?.type)) {
      problems.push(`hyperparameter ${name}: type must be number, integer, boolean or string`);
      continue;
    }
    if (typeof spec.description !== "string" || spec.description.trim() === "")
      problems.push(`hyperparameter ${name}: a description is required`);
    if (spec.type === "string" && spec.choices?.length === 0) {
      problems.push(`hyperparameter ${name}: empty choices`);
      continue;
    }
    if (refusal(spec, spec.default) !== undefined)
      problems.push(`hyperparameter ${name}: default ${JSON.stringify(spec.default)} is not ${rangeText(spec)}`);
  }
  return problems;
}
