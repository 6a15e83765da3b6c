// Bundle entry of the register step (esbuild → steps/register.mjs); runs under plain node in the Azure ML job.
import { codeRoot, registerMain } from "../step-mains.js";
import { runStep } from "./run.js";

runStep("register", () => registerMain(process.argv.slice(2), codeRoot(import.meta.url)));
