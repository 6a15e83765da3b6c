// The public face of the example's model code. The machinery (mlops/) imports exactly one thing from here: `model`,
// the model contract (mlops/contract/model.ts). The rest is exported for the example's own tests and benchmark.

export { FEATURES, POSITIVE_CLASS, SIGNATURE, TARGET } from "./columns.js";
export { model } from "./definition.js";
export { fitForest, flattenTree, forestOf, type LibraryForest, rowsOf, trainLibraryForest } from "./forest.js";
export { FOREST_FILE, FOREST_FORMAT, forestFromJson, forestToJson } from "./forest-json.js";
export { treeVote, voteShares } from "./predict.js";
export type { Forest, ForestParams, Tree } from "./types.js";
