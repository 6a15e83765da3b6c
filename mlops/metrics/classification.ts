// Classification metrics as scikit-learn 1.2 computes them (the same steps and numpy's summation order), so the
// numbers agree with Debian's python3-sklearn (tests/mlops/metrics: fixtures made by its generator script).
import type { ColumnValues, Label } from "../contract/index.js";
import { mean, pairwiseSum } from "../data/index.js";

/** log_loss clips probabilities to [eps, 1 − eps] (scikit-learn 1.2's default eps). */
const LOG_LOSS_EPS = 1e-15;

/** Each actual label's index in `classes` (−1 when the model never saw that class). */
export function classIndices(actual: ColumnValues, classes: readonly Label[]): Int32Array {
  const index = new Map<string, number>(classes.map((c, i) => [`${typeof c}:${c}`, i]));
  const out = new Int32Array(actual.length);
  for (let i = 0; i < actual.length; i++) {
    const v = actual[i];
    out[i] = index.get(`${typeof v}:${v}`) ?? -1;
  }
  return out;
}

/** `accuracy_score`: the share of rows predicted right. */
export function accuracy(truth: Int32Array, predicted: Int32Array): number {
  let right = 0;
  for (let i = 0; i < truth.length; i++) if (truth[i] === predicted[i]) right++;
  return right / truth.length;
}

/**
 * `log_loss(y, proba)`: probabilities clipped to [1e-15, 1 − 1e-15] and each row renormalized, then the mean of
 * −log(p[true class]). Throws for an actual class the model does not know.
 */
export function logLoss(truth: Int32Array, probabilities: Float64Array, k: number): number {
  const losses = new Float64Array(truth.length);
  for (let i = 0; i < truth.length; i++) {
    if (truth[i] < 0) throw new RangeError(`row ${i}: its class is not one of the model's classes`);
    let sum = 0;
    for (let c = 0; c < k; c++) sum += clip(probabilities[i * k + c]);
    losses[i] = -Math.log(clip(probabilities[i * k + truth[i]]) / sum);
  }
  return mean(losses);
}

const clip = (p: number) => Math.min(Math.max(p, LOG_LOSS_EPS), 1 - LOG_LOSS_EPS);

/** A ROC curve: false and true positive rates from (0, 0) to (1, 1), one point per kept threshold. */
export interface RocCurve {
  readonly fpr: Float64Array;
  readonly tpr: Float64Array;
}

/**
 * `roc_curve(y, score)` (scikit-learn 1.2, `drop_intermediate=True`): the curve of `_binary_clf_curve` (scores in
 * decreasing order, one point per distinct score) with (0, 0) in front and the intermediate collinear points dropped.
 * Undefined when the rows hold only one class (scikit-learn warns and returns NaN rates).
 */
export function rocCurve(positive: Uint8Array, score: Float64Array): RocCurve | undefined {
  const n = score.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => score[b] - score[a] || b - a);
  const tps: number[] = [];
  const fps: number[] = [];
  let tp = 0;
  for (let i = 0; i < n; i++) {
    tp += positive[order[i]];
    if (i === n - 1 || score[order[i]] !== score[order[i + 1]]) {
      tps.push(tp);
      fps.push(i + 1 - tp);
    }
  }
  let keep = tps.map((_, i) => i);
  if (tps.length > 2) {
    // np.r_[True, logical_or(diff(fps, 2), diff(tps, 2)), True]
    keep = keep.filter(
      (i) =>
        i === 0 ||
        i === tps.length - 1 ||
        fps[i + 1] - 2 * fps[i] + fps[i - 1] !== 0 ||
        tps[i + 1] - 2 * tps[i] + tps[i - 1] !== 0,
    );
  }
  const t = [0, ...keep.map((i) => tps[i])];
  const f = [0, ...keep.map((i) => fps[i])];
  const tMax = t[t.length - 1];
  const fMax = f[f.length - 1];
  if (tMax === 0 || fMax === 0) return undefined;
  return { fpr: Float64Array.from(f, (x) => x / fMax), tpr: Float64Array.from(t, (x) => x / tMax) };
}

/**
 * `roc_auc_score(y, score)` for two classes: `np.trapz(tpr, fpr)` over {@link rocCurve}. NaN when the rows hold only
 * one class (scikit-learn raises).
 */
export function rocAuc(positive: Uint8Array, score: Float64Array): number {
  const curve = rocCurve(positive, score);
  if (!curve) return Number.NaN;
  const { fpr, tpr } = curve;
  const terms = new Float64Array(fpr.length - 1);
  for (let i = 0; i < terms.length; i++) terms[i] = ((fpr[i + 1] - fpr[i]) * (tpr[i + 1] + tpr[i])) / 2;
  return pairwiseSum(terms);
}

/** Precision, recall and F1 of one class (zero where scikit-learn's zero_division would warn). */
export function precisionRecallF1(
  truth: Int32Array,
  predicted: Int32Array,
  c: number,
): { precision: number; recall: number; f1: number } {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  for (let i = 0; i < truth.length; i++) {
    if (predicted[i] === c && truth[i] === c) tp++;
    else if (predicted[i] === c) fp++;
    else if (truth[i] === c) fn++;
  }
  const precision = tp + fp === 0 ? 0 : tp / (tp + fp);
  const recall = tp + fn === 0 ? 0 : tp / (tp + fn);
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { precision, recall, f1 };
}

/** `f1_score(average="macro")`: the mean of every class's F1. */
export function macroF1(truth: Int32Array, predicted: Int32Array, k: number): number {
  const f1s = Float64Array.from({ length: k }, (_, c) => precisionRecallF1(truth, predicted, c).f1);
  return mean(f1s);
}
