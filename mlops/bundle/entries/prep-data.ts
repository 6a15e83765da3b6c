// Bundle entry of the prep-data step (esbuild → steps/prep-data.mjs); runs under plain node in the Azure ML job.
import { codeRoot, prepDataMain } from "../step-mains.js";
import { runStep } from "./run.js";

runStep("prep-data", () => prepDataMain(process.argv.slice(2), codeRoot(import.meta.url)));
