// The sample model as the machinery sees it: scikit-learn's Ridge on the diabetes columns, declared once.
import { type ColumnValues, defineModel, type Frame, type Matrix, matrixOf } from "../mlops/contract/index.js";
import { SIGNATURE } from "./columns.js";
import { fitRidge } from "./model.js";
import { modelFromJson, modelToJson } from "./model-json.js";
import { ONNX_INPUT, ONNX_OUTPUT, ridgeToOnnx } from "./onnx-export.js";
import { predictMatrix } from "./predict.js";
import type { LinearModel } from "./types.js";

/** The file the ridge keeps in the model folder. */
export const MODEL_FILE = "model.json";

/** A frame of double columns as the matrix the ridge multiplies. */
function matrix(x: Frame): Matrix {
  const m = matrixOf(x);
  if (!m) throw new Error("the ridge reads double columns only");
  return m;
}

/** MLOpsPython's diabetes ridge regression (scikit-learn's `Ridge(alpha)`, solver "cholesky"). */
export const model = defineModel<LinearModel>({
  name: "ridge",
  task: "regression",
  signature: SIGNATURE,
  hyperparameters: {
    alpha: {
      type: "number",
      default: 0.5,
      min: 0,
      description: "L2 regularisation strength (scikit-learn's Ridge alpha); 0 = ordinary least squares",
    },
  },
  // `npm run mlops -- sweep`: twelve strengths, log-spaced (docs/sweeps.md).
  searchSpace: {
    alpha: { type: "choice", values: [0.0001, 0.0003, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1, 3, 10, 30] },
  },
  fit(x, y: ColumnValues, params) {
    return fitRidge(matrix(x), y as Float64Array, {
      alpha: params.alpha as number,
      featureNames: x.columns.map((c) => c.name),
      target: SIGNATURE.target.name,
    });
  },
  predict: (fitted, x) => ({ values: predictMatrix(fitted, matrix(x)) }),
  predictMatrix: (fitted, x) => ({ values: predictMatrix(fitted, x) }),
  save: (fitted) => ({ [MODEL_FILE]: modelToJson(fitted) }),
  load(files) {
    const bytes = files.get(MODEL_FILE);
    if (!bytes) throw new Error(`${MODEL_FILE} is missing from the model folder`);
    return modelFromJson(new TextDecoder().decode(bytes), MODEL_FILE);
  },
  describe: (fitted) => ({
    intercept: fitted.intercept,
    coefficients: Object.fromEntries(fitted.featureNames.map((name, j) => [name, fitted.coefficients[j]])),
  }),
  onnx: { export: (fitted) => ridgeToOnnx(fitted), input: ONNX_INPUT, output: ONNX_OUTPUT },
  // MLOpsPython's tutorial payload: the deployed seed-000 model answers [5113.09964212281, 3713.63292713853].
  smokeRows: [
    [1, 2, 3, 4, 5, 6, 7, 8, 9, 10],
    [10, 9, 8, 7, 6, 5, 4, 3, 2, 1],
  ],
});
