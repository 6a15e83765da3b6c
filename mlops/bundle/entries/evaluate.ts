// Bundle entry of the evaluate step (esbuild → steps/evaluate.mjs); runs under plain node in the Azure ML job.
import { codeRoot, evaluateMain } from "../step-mains.js";
import { runStep } from "./run.js";

runStep("evaluate", () => evaluateMain(process.argv.slice(2), codeRoot(import.meta.url)));
