// What the random forest learns, in the form it is kept and predicted with: flat arrays per tree, no library needed.

/**
 * One decision tree, its nodes in preorder. Node i is a leaf when `left[i]` is -1 (its vote is `leafClass[i]`, an
 * index into the forest's classes); otherwise a row goes to `left[i]` when `x[feature[i]] < threshold[i]`, else to
 * `right[i]` — ml-cart's split rule (TreeNode.classify), with `feature` an index into the forest's features.
 */
export interface Tree {
  readonly feature: readonly number[];
  readonly threshold: readonly number[];
  readonly left: readonly number[];
  readonly right: readonly number[];
  readonly leafClass: readonly number[];
}

/** A fitted forest: the input columns it reads (in model order), the class names, and its trees. */
export interface Forest {
  readonly features: readonly string[];
  /** Sorted; the second is the positive class of the binary metrics. */
  readonly classes: readonly string[];
  readonly trees: readonly Tree[];
}

/** The forest's hyperparameters, as the model declares them. */
export interface ForestParams {
  /** Trees in the forest. */
  readonly nEstimators: number;
  /** The share of the input columns each tree sees (drawn with replacement, at least one). */
  readonly maxFeatures: number;
  /** The seed of the forest's Mersenne Twister (bootstrap rows and feature draws). */
  readonly seed: number;
}
