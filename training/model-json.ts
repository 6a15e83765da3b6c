import type { LinearModel } from "./types.js";

const FIELDS = ["type", "alpha", "featureNames", "target", "coefficients", "intercept"] as const;

/**
 * The model as human-readable JSON (2-space indent, trailing newline). Numbers are written in JavaScript's
 * shortest round-trip form, so `modelFromJson(modelToJson(m))` gives back exactly the same doubles.
 */
export function modelToJson(model: LinearModel): string {
  const ordered = Object.fromEntries(FIELDS.map((key) => [key, model[key]]));
  return `${JSON.stringify(ordered, null, 2)}\n`;
}

/**
 * Parses and validates a model written by `modelToJson`. Every field is checked; errors name `source` (e.g. the
 * file path), the field, the value found and what is expected.
 */
export function modelFromJson(text: string, source: string): LinearModel {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new Error(`${source}: not valid JSON (${(error as Error).message})`);
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new Error(`${source}: expected a JSON object with ${FIELDS.join(", ")}`);
  }
  const obj = value as Record<string, unknown>;
  const fail = (field: string, expected: string): never => {
    throw new Error(`${source}: field ${field} must be ${expected}, got ${JSON.stringify(obj[field]) ?? "nothing"}`);
  };
  const unknown = Object.keys(obj).filter((key) => !(FIELDS as readonly string[]).includes(key));
  if (unknown.length > 0)
    throw new Error(`${source}: unknown field ${unknown.join(", ")} (expected ${FIELDS.join(", ")})`);
  if (obj.type !== "ridge") fail("type", '"ridge"');
  const alpha = obj.alpha;
  if (typeof alpha !== "number" || !Number.isFinite(alpha) || alpha < 0) fail("alpha", "a finite number ≥ 0");
  const names = obj.featureNames;
  if (!Array.isArray(names) || names.length === 0 || names.some((n) => typeof n !== "string" || n === "")) {
    fail("featureNames", "a non-empty array of non-empty strings");
  }
  const featureNames = names as string[];
  if (new Set(featureNames).size !== featureNames.length) fail("featureNames", "an array without repeated names");
  if (typeof obj.target !== "string" || obj.target === "") fail("target", "a non-empty string");
  const coefs = obj.coefficients;
  if (!Array.isArray(coefs) || coefs.some((c) => typeof c !== "number" || !Number.isFinite(c))) {
    fail("coefficients", "an array of finite numbers");
  }
  const coefficients = coefs as number[];
  if (coefficients.length !== featureNames.length) {
    fail("coefficients", `an array of ${featureNames.length} numbers (one per feature name)`);
  }
  if (typeof obj.intercept !== "number" || !Number.isFinite(obj.intercept)) fail("intercept", "a finite number");
  return {
    type: "ridge",
    alpha: alpha as number,
    featureNames: [...featureNames],
    target: obj.target as string,
    coefficients: [...coefficients],
    intercept: obj.intercept as number,
  };
}
