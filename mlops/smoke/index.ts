export { SAMPLE_SMOKE, smokeOfFile, smokeOfModel } from "./expected.js";
export { predictionsOf } from "./predictions.js";
export { SMOKE_TOLERANCE, type SmokeOptions, type SmokeResult, scoringUrl, smokeTest } from "./smoke-test.js";
