// The public face of the user's model code. The machinery (mlops/) imports exactly one thing from here: `model`,
// the model contract (mlops/contract/model.ts). Everything else is exported for the sample's own tests and benchmark.

export { FEATURES, SIGNATURE, TARGET } from "./columns.js";
export { MODEL_FILE, model } from "./definition.js";
export { GramAccumulator, type LinearSolution } from "./gram.js";
export { type FitParams, fitRidge, fitRidgeStream, type RowChunk } from "./model.js";
export { modelFromJson, modelToJson } from "./model-json.js";
export { ONNX_INPUT, ONNX_OUTPUT, ridgeToOnnx } from "./onnx-export.js";
export { predict, predictMatrix } from "./predict.js";
export type { LinearModel, Matrix } from "./types.js";
