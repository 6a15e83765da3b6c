// `mlops sweep`: the training pipeline with SWEEP=true, the flags as knob overrides. Locally the trials run in
// worker processes (--parallel of them); on Azure ML this is exactly `mlops run --target azureml --set SWEEP=true`.
import { availableParallelism } from "node:os";
import { loadVariables } from "../../config/index.js";
import { UsageError } from "../../errors/index.js";
import { parseFlags } from "../../flags/index.js";
import { SET_FLAG } from "../../pipeline/cli-options.js";
import type { Command } from "../command.js";
import { dryRunLocally, command as run, runLocally } from "./run.js";

const flags = {
  target: { type: "string", placeholder: "local|azureml", description: "where the sweep runs (default local)" },
  "max-trials": { type: "string", placeholder: "N", description: "the most trials (SWEEP_MAX_TRIALS)" },
  parallel: {
    type: "string",
    placeholder: "N",
    description: "trials at once: local worker processes (default one per core); azureml SWEEP_MAX_CONCURRENT_TRIALS",
  },
  sampling: {
    type: "string",
    placeholder: "grid|random|bayesian",
    description: "how trials are drawn (SWEEP_SAMPLING); bayesian on Azure ML only",
  },
  set: SET_FLAG,
  "dry-run": { type: "boolean", description: "print what would run without running it" },
  "no-wait": { type: "boolean", description: "azureml: submit and return without following the job" },
  "dry-run-dir": { type: "string", placeholder: "DIR", description: "azureml: where --dry-run records the calls" },
} as const;

const whole = (flag: string, text: string | undefined): number | undefined => {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`--${flag} must be a whole number ≥ 1, got '${text}'`);
  return n;
};

/**
 * The `--set` list a sweep runs with: the user's, then SWEEP=true and the flags as knobs (--max-trials →
 * SWEEP_MAX_TRIALS, --sampling → SWEEP_SAMPLING; on Azure ML --parallel → SWEEP_MAX_CONCURRENT_TRIALS, locally it
 * is the worker count instead). Later entries win, so the flags override a `--set` of the same knob.
 */
export function sweepKnobs(
  target: "local" | "azureml",
  flags: { set: readonly string[]; maxTrials?: number; sampling?: string; parallel?: number },
): string[] {
  return [
    ...flags.set,
    "SWEEP=true",
    ...(flags.maxTrials ? [`SWEEP_MAX_TRIALS=${flags.maxTrials}`] : []),
    ...(flags.sampling ? [`SWEEP_SAMPLING=${flags.sampling}`] : []),
    ...(target === "azureml" && flags.parallel ? [`SWEEP_MAX_CONCURRENT_TRIALS=${flags.parallel}`] : []),
  ];
}

export const command: Command = {
  name: "sweep",
  summary: "sweep the model's search space (prep → trials → best → [evaluate] → register)",
  flags,
  async run(argv) {
    const f = parseFlags("sweep", argv, flags);
    const target = f.target ?? "local";
    if (target !== "local" && target !== "azureml") {
      throw new UsageError(`--target must be local or azureml, got '${target}'`);
    }
    const maxTrials = whole("max-trials", f["max-trials"]);
    const parallel = whole("parallel", f.parallel);
    if (f.sampling === "bayesian" && target === "local") {
      throw new UsageError(
        "--sampling bayesian runs on Azure ML only (no maintained Node library serves it): add --target azureml, or use grid or random locally",
      );
    }
    const set = sweepKnobs(target, { set: f.set, maxTrials, sampling: f.sampling, parallel });
    if (target === "azureml") {
      // The same path as `mlops run --target azureml`: one code path submits a pipeline, swept or not.
      const passOn = [
        ...(f["dry-run"] ? ["--dry-run"] : []),
        ...(f["no-wait"] ? ["--no-wait"] : []),
        ...(f["dry-run-dir"] ? ["--dry-run-dir", f["dry-run-dir"]] : []),
      ];
      return run.run(["--target", "azureml", ...set.flatMap((s) => ["--set", s]), ...passOn]);
    }
    const stray = (["no-wait", "dry-run-dir"] as const).filter((name) => f[name]);
    if (stray.length > 0)
      throw new UsageError(`${stray.map((n) => `--${n}`).join(", ")} only apply to --target azureml`);
    const variables = loadVariables({ set });
    if (variables.SWEEP_SAMPLING === "bayesian") {
      throw new UsageError(
        "SWEEP_SAMPLING=bayesian runs on Azure ML only: add --target azureml, or pass --sampling grid|random",
      );
    }
    const sweepWorkers = parallel ?? availableParallelism();
    return f["dry-run"] ? dryRunLocally(variables, { sweepWorkers }) : runLocally(variables, { sweepWorkers });
  },
};
