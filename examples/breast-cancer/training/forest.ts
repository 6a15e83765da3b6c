// Fitting: ml-random-forest grows the trees (CART with Gini gain, bootstrap rows, features drawn per tree); the
// fitted library forest is then read into flat arrays (types.ts), which is all prediction and the model file need.
import { RandomForestClassifier } from "ml-random-forest";
import type { Matrix } from "../mlops/contract/index.js";
import type { Forest, ForestParams, Tree } from "./types.js";

/** The parts of an ml-cart tree node read here (ml-cart/src/TreeNode.js). */
interface CartNode {
  readonly left?: CartNode;
  readonly right?: CartNode;
  readonly splitColumn: number;
  readonly splitValue: number;
  /** A leaf's class shares; ml-cart predicts the first largest (Matrix.maxRowIndex). */
  readonly distribution: { maxRowIndex(row: number): [number, number] };
}

/** The parts of a trained ml-random-forest classifier read here (ml-random-forest/src/RandomForestBase.js). */
export interface LibraryForest {
  readonly estimators: readonly { readonly root: CartNode }[];
  /** Per tree, the input column behind each of its columns (features are drawn per tree, with replacement). */
  readonly indexes: readonly (readonly number[])[];
  predictionValues(x: number[][]): { getRow(r: number): number[] };
}

/** The rows of a row-major matrix as arrays (what ml-random-forest takes). */
export function rowsOf(x: Matrix): number[][] {
  return Array.from({ length: x.rows }, (_, r) => Array.from(x.data.subarray(r * x.cols, (r + 1) * x.cols)));
}

/**
 * Trains ml-random-forest's classifier on `x` with class indices `y` (0..k-1). The feature share becomes a column
 * count here: the library reads 1 (an integer) as "one column", not as "all of them".
 */
export function trainLibraryForest(x: Matrix, y: readonly number[], params: ForestParams): LibraryForest {
  if (!Number.isSafeInteger(params.seed)) throw new RangeError(`seed must be an integer, got ${params.seed}`);
  const forest = new RandomForestClassifier({
    nEstimators: params.nEstimators,
    maxFeatures: Math.max(1, Math.floor(x.cols * params.maxFeatures)),
    seed: params.seed,
    replacement: true,
    useSampleBagging: true,
    // Out-of-bag predictions cost a second pass over every tree and nothing here reads them.
    noOOB: true,
  });
  forest.train(rowsOf(x), [...y]);
  return forest as unknown as LibraryForest;
}

/** One library tree as flat arrays, its columns mapped back to the forest's input columns through `columns`. */
export function flattenTree(root: CartNode, columns: readonly number[]): Tree {
  const tree = { feature: [] as number[], threshold: [] as number[], left: [] as number[], right: [] as number[] };
  const leafClass: number[] = [];
  const visit = (node: CartNode): number => {
    const i = leafClass.length;
    const leaf = !(node.left && node.right);
    tree.feature.push(leaf ? -1 : columns[node.splitColumn]);
    tree.threshold.push(leaf ? 0 : node.splitValue);
    tree.left.push(-1);
    tree.right.push(-1);
    leafClass.push(leaf ? node.distribution.maxRowIndex(0)[1] : -1);
    if (!leaf) {
      tree.left[i] = visit(node.left as CartNode);
      tree.right[i] = visit(node.right as CartNode);
    }
    return i;
  };
  visit(root);
  return { ...tree, leafClass };
}

/** The library forest as a {@link Forest} reading `features` and naming `classes`. */
export function forestOf(library: LibraryForest, features: readonly string[], classes: readonly string[]): Forest {
  return {
    features: [...features],
    classes: [...classes],
    trees: library.estimators.map((tree, t) => flattenTree(tree.root, library.indexes[t])),
  };
}

/** Fits a forest on `x` (its columns are the features) for the labels `y`; the classes are the sorted labels. */
export function fitForest(x: Matrix, features: readonly string[], y: readonly string[], params: ForestParams): Forest {
  const classes = [...new Set(y)].sort();
  if (classes.length < 2)
    throw new Error(`the training rows hold one class only (${classes.join(", ")}): nothing to learn`);
  const index = new Map(classes.map((c, i) => [c, i]));
  const library = trainLibraryForest(
    x,
    y.map((label) => index.get(label) as number),
    params,
  );
  return forestOf(library, features, classes);
}
