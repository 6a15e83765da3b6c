// The model folder: an MLflow model (MLmodel + model.onnx + env files) that Azure ML serves without a scoring
// script, plus this project's TS flavor (model.json) that our own server and scoring use. See docs/model-format.md.

export { PYTHON_ENV } from "./env-files.js";
export { ModelFormatError } from "./errors.js";
export type { InputExample, SmokeExample } from "./examples.js";
export { SAMPLE_FEATURES, TUTORIAL_SMOKE_ROWS } from "./examples.js";
export { type LoadedModel, loadModel } from "./load.js";
export { type ColumnSpec, FILES, type MLmodel, TS_FLAVOR, TS_FLAVOR_VERSION } from "./mlmodel.js";
export { linearModelToOnnx, ONNX_INPUT_NAME, ONNX_IR_VERSION, ONNX_OPSET, ONNX_OUTPUT_NAME } from "./onnx-linear.js";
export { type SaveModelOptions, saveModel } from "./save.js";
