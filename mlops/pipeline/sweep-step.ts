// The pipeline's sweep step (SWEEP=true): trials of the model's search space in worker processes on prep-data's
// split, ranked on a validation split carved from the training rows; the best trial's train output is then copied
// to train/, where a single train's output stands, so evaluate and register take it unchanged.

import { copyFile, cp, link, mkdir } from "node:fs/promises";
import { availableParallelism } from "node:os";
import { dirname, join } from "node:path";
import type { Variables } from "../config/index.js";
import type { ModelDefinition, Params } from "../contract/index.js";
import { CliError } from "../errors/index.js";
import type { ModelModule } from "../sweep/index.js";
import type { PlanContext, PlannedStep, RunState } from "./plan.js";

/** What run.json keeps of a sweep: where its record is, and the winner. */
export interface SweepSummary {
  /** sweep.json, relative to the run folder. */
  readonly file: string;
  readonly sampling: string;
  readonly trials: number;
  readonly failed: number;
  /** `validation_<EVALUATION_METRIC>`. */
  readonly metric: string;
  readonly best_trial: number;
  readonly best_value: number;
  /** The winning hyperparameters (every declared one): what train/ was fit with. */
  readonly params: Params;
}

/** Options the sweep step takes besides the variables (PlanContext's). */
export interface SweepStepContext {
  /** Worker processes (default: one per core, `os.availableParallelism()`). */
  readonly sweepWorkers?: number;
  /** The module exporting `model` when it is not the project's (a worker process imports it). */
  readonly modelModule?: ModelModule;
  /** A line per finished trial. */
  readonly onTrial?: (line: string) => void;
}

/** The sweep step of the plan (in place of train). */
export function sweepStep(v: Variables, c: PlanContext): PlannedStep {
  const dir = (name: string) => join(c.runDir, name);
  const workers = c.sweepWorkers ?? availableParallelism();
  return {
    name: "sweep",
    output: "sweep",
    inputs: {
      split: "prep/",
      sampling: v.SWEEP_SAMPLING,
      max_trials: v.SWEEP_MAX_TRIALS,
      seed: v.SWEEP_SEED,
      validation_size: v.SWEEP_VALIDATION_SIZE,
      objective: `validation_${v.EVALUATION_METRIC}, ${v.EVALUATION_DIRECTION} is better`,
      workers,
      best_trial_to: "train/",
    },
    async run(state: RunState) {
      const model: ModelDefinition = c.model ?? (await import("../project/index.js")).projectModel;
      if (c.model && !c.modelModule)
        throw new CliError("a sweep trains in worker processes: give modelModule (the module exporting the model)");
      if (!model.searchSpace)
        throw new CliError(
          `model ${model.name} declares no searchSpace: add one to its defineModel (docs/sweeps.md) or set SWEEP=false`,
        );
      if (v.SWEEP_SAMPLING === "bayesian")
        throw new CliError(
          "SWEEP_SAMPLING=bayesian runs on Azure ML only (--target azureml); locally use grid or random",
        );
      const { runSweep, SWEEP_OUTPUTS } = await import("../sweep/index.js");
      const record = await runSweep({
        prepDir: dir("prep"),
        outputDir: dir("sweep"),
        space: model.searchSpace,
        sampling: v.SWEEP_SAMPLING,
        maxTrials: v.SWEEP_MAX_TRIALS,
        seed: v.SWEEP_SEED,
        baseParams: v.hyperparameters,
        validationSize: v.SWEEP_VALIDATION_SIZE,
        metric: v.EVALUATION_METRIC,
        direction: v.EVALUATION_DIRECTION,
        workers,
        modelName: v.MODEL_NAME,
        runId: c.runId,
        ...(c.modelModule ? { model: c.modelModule } : {}),
        ...(c.onTrial ? { onTrial: c.onTrial } : {}),
      });
      // The winner's own output, byte for byte, where evaluate and register look for a trained model.
      await cp(join(dir("sweep"), record.best.output), dir("train"), { recursive: true });
      const best = record.trials[record.best.trial - 1];
      state.metrics = best.metrics;
      state.plots = [];
      for (const plot of record.plots) {
        const made = join(dir("sweep"), plot);
        const shown = join(c.runDir, plot);
        await mkdir(dirname(shown), { recursive: true });
        await link(made, shown).catch(() => copyFile(made, shown));
        state.plots.push(shown);
      }
      state.sweep = {
        file: `sweep/${SWEEP_OUTPUTS.record}`,
        sampling: record.sampling,
        trials: record.trials.length,
        failed: record.trials.filter((t) => t.status === "failed").length,
        metric: record.metric,
        best_trial: record.best.trial,
        best_value: record.best.value,
        params: record.best.params,
      };
      const won = Object.entries(best.params)
        .map(([k, x]) => `${k}=${x}`)
        .join(" ");
      return `${record.trials.length} trials; best ${record.best.trial}: ${won}, ${record.metric} ${record.best.value}`;
    },
  };
}
