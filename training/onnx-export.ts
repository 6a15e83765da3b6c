// The ridge's ONNX export: `predictions = input · coefficients + intercept` (MatMul + Add) in double precision, so
// onnxruntime reproduces the TypeScript model to the last bits instead of float32's 7 digits; Azure ML's MLflow
// server can then serve the folder with no scoring script.
import { onnxModel } from "../mlops/onnx/index.js";
import pkg from "../package.json" with { type: "json" };
import type { LinearModel } from "./types.js";

/** The graph's input: [N, features] doubles, in the model's feature order. */
export const ONNX_INPUT = "input";
/** The graph's output: [N, 1] doubles, the predictions (MLflow's pyfunc names its output column after it). */
export const ONNX_OUTPUT = "predictions";

/** The ONNX file of a fitted ridge (the producer version is this project's package version). */
export function ridgeToOnnx(model: LinearModel): Uint8Array {
  const n = model.coefficients.length;
  return onnxModel({
    graphName: "linear_regression",
    nodes: [
      { op: "MatMul", inputs: [ONNX_INPUT, "coefficients"], outputs: ["product"] },
      { op: "Add", inputs: ["product", "intercept"], outputs: [ONNX_OUTPUT] },
    ],
    initializers: [
      { name: "coefficients", dims: [n, 1], values: model.coefficients },
      { name: "intercept", dims: [1], values: [model.intercept] },
    ],
    inputs: [{ name: ONNX_INPUT, shape: ["N", n] }],
    outputs: [{ name: ONNX_OUTPUT, shape: ["N", 1] }],
    producerVersion: pkg.version,
    docString: `${model.type} regression of ${model.target} on ${model.featureNames.join(", ")}`,
    metadata: { feature_names: model.featureNames.join(","), target: model.target },
  });
}
