// ONNX exports: a file builder for models that offer one, and the onnxruntime check every save and load runs.
export {
  ONNX_IR_VERSION,
  ONNX_OPSET,
  type OnnxDoubleTensor,
  type OnnxModelSpec,
  type OnnxNode,
  type OnnxValue,
  onnxModel,
} from "./builder.js";
export { compareOnnx, type OnnxAgreement, type OnnxComparison, prewarmOnnx } from "./check.js";
