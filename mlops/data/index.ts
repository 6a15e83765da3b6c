// Data the machinery reads for any model: typed CSV files, scikit-learn's exact train/test split, numpy-order
// statistics, MLOpsPython's data-quality checks.
export {
  csvHeader,
  frameToCsv,
  NA_MARKERS,
  parseCsvFrame,
  type ReadCsvOptions,
  readCsvFrame,
  readText,
  splitCsvLine,
} from "./csv.js";
export {
  checkDataQuality,
  checkDistribution,
  checkMissingValues,
  checkSchema,
  type DataProfile,
  profileData,
  type QualityIssue,
} from "./quality.js";
export { MT19937, permutation } from "./random.js";
export { type FrameSplit, type SplitIndices, splitFrame, testCount, trainTestSplitIndices } from "./split.js";
export { columnMeans, mean, pairwiseSum, std } from "./stats.js";
