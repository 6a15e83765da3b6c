// The example model as the machinery sees it: a random forest telling malignant from benign tumours, declared once.
import { defineModel, type Frame, type Matrix, matrixOf, selectColumns } from "../mlops/contract/index.js";
import { POSITIVE_CLASS, SIGNATURE } from "./columns.js";
import { fitForest } from "./forest.js";
import { FOREST_FILE, forestFromJson, forestToJson } from "./forest-json.js";
import { voteShares } from "./predict.js";
import type { Forest, ForestParams } from "./types.js";

/** The frame's columns the forest reads, in the forest's order, as a matrix. */
function matrix(forest: Pick<Forest, "features">, x: Frame): Matrix {
  return matrixOf(selectColumns(x, forest.features)) as Matrix;
}

/** The declared hyperparameters' values as the forest's options. */
const forestParams = (params: Readonly<Record<string, unknown>>): ForestParams => ({
  nEstimators: params.n_estimators as number,
  maxFeatures: params.max_features as number,
  seed: params.seed as number,
});

/** A random forest (ml-random-forest) on the 30 Wisconsin breast-cancer measurements. */
export const model = defineModel<Forest>({
  name: "random_forest",
  task: "binary",
  signature: SIGNATURE,
  hyperparameters: {
    n_estimators: { type: "integer", default: 100, min: 1, max: 1000, description: "trees in the forest" },
    max_features: {
      type: "number",
      default: 0.5,
      min: 0,
      exclusiveMin: true,
      max: 1,
      description: "share of the input columns each tree is grown on (drawn with replacement, at least one)",
    },
    seed: {
      type: "integer",
      default: 0,
      min: 0,
      max: 2147483647,
      description: "seed of the forest's Mersenne Twister (bootstrap rows, feature draws): same seed, same forest",
    },
  },
  // `npm run mlops -- sweep`: forest size × column share, 16 combinations (a grid, or random draws of them).
  searchSpace: {
    n_estimators: { type: "integer", min: 50, max: 200, step: 50 },
    max_features: { type: "choice", values: [0.2, 0.35, 0.5, 0.8] },
  },
  fit(x, y, params) {
    const labels = y as readonly string[];
    const forest = fitForest(
      matrixOf(x) as Matrix,
      x.columns.map((c) => c.name),
      labels,
      forestParams(params),
    );
    // The binary metrics take the second class as the positive one: it must be the malignant one.
    if (forest.classes.length !== 2 || forest.classes[1] !== POSITIVE_CLASS)
      throw new Error(`expected the classes benign and ${POSITIVE_CLASS}, got ${forest.classes.join(", ")}`);
    return forest;
  },
  predict: (forest, x) => ({ classes: forest.classes, probabilities: voteShares(forest, matrix(forest, x)) }),
  predictMatrix: (forest, x) => ({ classes: forest.classes, probabilities: voteShares(forest, x) }),
  save: (forest) => ({ [FOREST_FILE]: forestToJson(forest) }),
  load(files) {
    const bytes = files.get(FOREST_FILE);
    if (!bytes) throw new Error(`${FOREST_FILE} is missing from the model folder: re-train to write it`);
    return forestFromJson(new TextDecoder().decode(bytes), FOREST_FILE);
  },
  describe: (forest) => ({
    trees: forest.trees.length,
    nodes: forest.trees.reduce((n, t) => n + t.left.length, 0),
    classes: forest.classes,
  }),
  // Rows 0 (malignant) and 19 (benign) of data/breast_cancer.csv.
  smokeRows: [
    [
      17.99, 10.38, 122.8, 1001, 0.1184, 0.2776, 0.3001, 0.1471, 0.2419, 0.07871, 1.095, 0.9053, 8.589, 153.4, 0.006399,
      0.04904, 0.05373, 0.01587, 0.03003, 0.006193, 25.38, 17.33, 184.6, 2019, 0.1622, 0.6656, 0.7119, 0.2654, 0.4601,
      0.1189,
    ],
    [
      13.54, 14.36, 87.46, 566.3, 0.09779, 0.08129, 0.06664, 0.04781, 0.1885, 0.05766, 0.2699, 0.7886, 2.058, 23.56,
      0.008462, 0.0146, 0.02387, 0.01315, 0.0198, 0.0023, 15.11, 19.26, 99.7, 711.2, 0.144, 0.1773, 0.239, 0.1288,
      0.2977, 0.07259,
    ],
  ],
});
