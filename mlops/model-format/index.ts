// The model folder: an MLflow model whose TS flavor (the model's own files) our server, scorer and steps load;
// models with an ONNX export add the onnx + python_function flavors Azure ML serves without a scoring script.
// See docs/model-format.md.

export { PYTHON_ENV } from "./env-files.js";
export { ModelFormatError } from "./errors.js";
export { type InputExample, type SmokeExample, smokeRowsFor } from "./examples.js";
export { type LoadedModel, loadModel } from "./load.js";
export { FILES, infoOf, type MLmodel, schemaJson, TS_FLAVOR, TS_FLAVOR_VERSION } from "./mlmodel.js";
export { parseMLmodel } from "./mlmodel-parse.js";
export { type SavedModel, type SaveModelOptions, saveModel } from "./save.js";
