// The forest's answer: each tree votes for a class; a class's probability is its share of the votes.
import type { Matrix } from "../mlops/contract/index.js";
import type { Forest, Tree } from "./types.js";

/** The class index tree `t` votes for on row `r` of `x` (row-major, the forest's features in order). */
export function treeVote(tree: Tree, x: Matrix, r: number): number {
  const row = r * x.cols;
  let node = 0;
  while (tree.left[node] !== -1) {
    node = x.data[row + tree.feature[node]] < tree.threshold[node] ? tree.left[node] : tree.right[node];
  }
  return tree.leafClass[node];
}

/**
 * Per row, one probability per class (row-major, `rows × classes`): the share of trees voting for it. The votes are
 * counted here rather than with ml-random-forest's predictProbability, which leaves the first tree out of its sum.
 */
export function voteShares(forest: Forest, x: Matrix): Float64Array {
  if (x.cols !== forest.features.length) {
    throw new RangeError(`the forest reads ${forest.features.length} columns, got a matrix of ${x.cols}`);
  }
  const k = forest.classes.length;
  const n = forest.trees.length;
  const out = new Float64Array(x.rows * k);
  for (let r = 0; r < x.rows; r++) {
    // Whole votes first, one division last: the shares are exact for the counts.
    for (const tree of forest.trees) out[r * k + treeVote(tree, x, r)] += 1;
    for (let c = 0; c < k; c++) out[r * k + c] /= n;
  }
  return out;
}
