// TEMPORARY: the TS flavor's model.json (de)serialization and prediction, until training/index.ts exports
// modelToJson / modelFromJson / predict (helper 2A). Then this file goes and index.ts imports those instead,
// so there is one implementation.
import type { LinearModel } from "../../training/types.js";

/** model.json: the LinearModel as indented JSON (numbers keep full precision). */
export function modelToJson(model: LinearModel): string {
  const { type, alpha, featureNames, target, coefficients, intercept } = model;
  return `${JSON.stringify({ type, alpha, featureNames, target, coefficients, intercept }, null, 2)}\n`;
}

/** Parses and validates model.json; errors name `source` and the field. */
export function modelFromJson(text: string, source: string): LinearModel {
  let value: Record<string, unknown>;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new Error(`${source}: not valid JSON (${(error as Error).message})`);
  }
  const fail = (field: string, want: string): never => {
    throw new Error(`${source}: field ${field} must be ${want}, got ${JSON.stringify(value?.[field])}`);
  };
  if (typeof value !== "object" || value === null) throw new Error(`${source}: must be a JSON object`);
  if (value.type !== "ridge") fail("type", '"ridge"');
  const finite = (v: unknown): v is number => typeof v === "number" && Number.isFinite(v);
  if (!finite(value.alpha) || value.alpha < 0) fail("alpha", "a number ≥ 0");
  const names = value.featureNames;
  if (!Array.isArray(names) || names.length === 0 || !names.every((n) => typeof n === "string"))
    fail("featureNames", "a non-empty array of strings");
  if (typeof value.target !== "string") fail("target", "a string");
  const coef = value.coefficients;
  if (!Array.isArray(coef) || !coef.every(finite) || coef.length !== (names as string[]).length)
    fail("coefficients", `${(names as string[]).length} finite numbers (one per feature)`);
  if (!finite(value.intercept)) fail("intercept", "a finite number");
  return value as unknown as LinearModel;
}

/** intercept + Σ coefficient_i · x_i for each row. */
export function predict(model: LinearModel, rows: readonly (readonly number[])[]): number[] {
  return rows.map((row) => {
    let sum = model.intercept;
    for (let i = 0; i < model.coefficients.length; i++) sum += model.coefficients[i] * row[i];
    return sum;
  });
}
