// Bundle entry of the train step (esbuild → steps/train.mjs); runs under plain node in the Azure ML job.
import { codeRoot, trainMain } from "../step-mains.js";
import { runStep } from "./run.js";

runStep("train", () => trainMain(process.argv.slice(2), codeRoot(import.meta.url)));
