export { type Comparison, compareAnswer, type ExpectedAnswer, SMOKE_TOLERANCE } from "./compare.js";
export { smokeOfFile, smokeOfModel } from "./expected.js";
export { answerOf, type ScoringAnswer } from "./predictions.js";
export { smokeRequest } from "./request.js";
export { type SmokeOptions, type SmokeResult, scoringUrl, smokeTest } from "./smoke-test.js";
