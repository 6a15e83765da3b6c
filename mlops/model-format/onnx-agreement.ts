import {
  type Frame,
  type Matrix,
  matrixOf,
  ONNX_TOLERANCE,
  type OnnxExport,
  type Prediction,
} from "../contract/index.js";
import { compareOnnx, type OnnxAgreement } from "../onnx/index.js";

/**
 * onnxruntime's answers to the smoke rows (all doubles: defineModel allows an export only then) against the
 * TypeScript model's, within the export's tolerance — the check run before saving and on every load.
 */
export function onnxAgreement<F>(
  onnx: OnnxExport<F>,
  bytes: Uint8Array,
  smoke: Frame,
  expected: Prediction,
): Promise<OnnxAgreement> {
  return compareOnnx({
    bytes,
    input: onnx.input,
    output: onnx.output,
    x: matrixOf(smoke) as Matrix,
    expected,
    tolerance: onnx.tolerance ?? ONNX_TOLERANCE,
  });
}
