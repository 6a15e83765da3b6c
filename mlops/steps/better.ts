/** Which way a metric improves. */
export type MetricDirection = "lower" | "higher";
/** How an exact tie between the new and the production model counts. */
export type TieRule = "not_better" | "better";

/** The evaluation rule; its values come from the variables template (EVALUATION_METRIC, _DIRECTION, _TIE). */
export interface EvaluationRule {
  readonly metric: string;
  readonly direction: MetricDirection;
  readonly tie: TieRule;
}

/**
 * Is the new model better than the production model? Pure: the pipeline passes the two metric values and the
 * template's rule (metric, direction, tie).
 */
export function isBetterModel(newValue: number, productionValue: number, rule: EvaluationRule): boolean {
  if (newValue === productionValue) return rule.tie === "better";
  return rule.direction === "lower" ? newValue < productionValue : newValue > productionValue;
}
