// Bundle entry of the batch-scoring step (esbuild → steps/score.mjs); runs under plain node in the batch job.
import { scoreMain } from "../score-main.js";
import { runStep } from "./run.js";

runStep("score", () => scoreMain(process.argv.slice(2)));
