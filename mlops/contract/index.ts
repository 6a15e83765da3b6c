// The model contract's face: the types and checks the machinery and training/ + scoring/ share. Importing it never
// loads the project's model (that is project.ts, for the machinery's defaults).
export {
  COLUMN_NAME,
  COLUMN_TYPES,
  type ColumnSpec,
  type ColumnType,
  columnProblems,
  describeColumns,
  isNumeric,
  type Signature,
  signatureDifferences,
} from "./columns.js";
export {
  type ColumnValues,
  cellValue,
  columnIndexOf,
  type Frame,
  frameFromRows,
  frameOfMatrix,
  type Matrix,
  matrixOf,
  numbers,
  rowOf,
  selectColumns,
  strings,
  takeRows,
} from "./frame.js";
export {
  checkParam,
  declarationProblems,
  defaultParams,
  flagName,
  type HyperparameterSpec,
  type Hyperparameters,
  knobName,
  type Params,
  type ParamValue,
  parseParam,
  RESERVED_NAMES,
  rangeText,
  resolveParams,
} from "./hyperparameters.js";
export {
  type CellValue,
  type ChartSpec,
  defineModel,
  type ModelDefinition,
  type ModelFiles,
  ONNX_TOLERANCE,
  type OnnxExport,
  type Tolerance,
} from "./model.js";
export {
  type ClassPrediction,
  checkPrediction,
  isClassPrediction,
  type Label,
  labelIndices,
  type Prediction,
  type PredictionJson,
  predictedLabels,
  predictionJson,
  TASKS,
  type Task,
  type ValuePrediction,
} from "./prediction.js";
export { type ModelInfo, type Predictor, predictorOf, type Rows } from "./predictor.js";
