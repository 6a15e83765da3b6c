import { copyFile, link, mkdir } from "node:fs/promises";
import { dirname, join } from "node:path";
import type { Variables } from "../config/index.js";
import type { ModelDefinition } from "../contract/index.js";
import type { Verdict } from "../steps/evaluate.js";
import { numericMetrics } from "../steps/io.js";
import type { Registration } from "../steps/register.js";
import type { RunContext } from "./context.js";
import { type SweepStepContext, type SweepSummary, sweepStep } from "./sweep-step.js";

/** What the steps hand on to each other and to the run record. */
export interface RunState {
  dataSha256: string | null;
  metrics: Readonly<Record<string, number>> | null;
  verdict: Verdict | null;
  registration: Registration | null;
  /** Absolute paths of the run folder's charts (`plots/<name>.png`) once train wrote them. */
  plots: string[];
  /** The sweep's outcome, when SWEEP=true. */
  sweep?: SweepSummary;
}

/** One step of the pipeline: its inputs (shown by --dry-run), its output folder and how to run it. */
export interface PlannedStep {
  readonly name: "prep-data" | "train" | "sweep" | "evaluate" | "register";
  /** Output folder, relative to the run folder. */
  readonly output: string;
  readonly inputs: Readonly<Record<string, string | number | boolean>>;
  /** Runs the step; resolves to a short note for the progress line. */
  run(state: RunState): Promise<string>;
}

/** Everything the plan needs besides the variables. */
export interface PlanContext extends SweepStepContext {
  readonly runId: string;
  readonly runDir: string;
  readonly home: string;
  readonly context: RunContext;
  /** The model the steps fit and register (default: the project's, training/). */
  readonly model?: ModelDefinition;
}

/**
 * The local pipeline as the variables define it: prep-data → train → [evaluate when RUN_EVALUATION] → register;
 * with SWEEP=true, a sweep in place of train (its best trial's output becomes train/). Steps are the same functions
 * the step CLIs and the Azure ML jobs call, reading and writing folders.
 */
export function planSteps(v: Variables, c: PlanContext): PlannedStep[] {
  const dir = (name: string) => join(c.runDir, name);
  const features = v.TRAIN_FEATURES.length > 0 ? v.TRAIN_FEATURES.join(",") : "(model default)";
  const prep: PlannedStep = {
    name: "prep-data",
    output: "prep",
    inputs: { data: v.DATA_FILE, test_size: v.TRAIN_TEST_SIZE, random_state: v.TRAIN_RANDOM_STATE, features },
    async run(state) {
      const { prepDataStep } = await import("../steps/prep-data.js");
      const split = await prepDataStep({
        dataFile: v.DATA_FILE,
        outputDir: dir("prep"),
        testSize: v.TRAIN_TEST_SIZE,
        randomState: v.TRAIN_RANDOM_STATE,
        features: v.TRAIN_FEATURES,
        ...(c.model ? { model: c.model } : {}),
      });
      state.dataSha256 = split.data_sha256;
      return `${split.rows} rows → ${split.n_train} train / ${split.n_test} test`;
    },
  };
  const train: PlannedStep = {
    name: "train",
    output: "train",
    inputs: { split: "prep/", ...v.hyperparameters, model_name: v.MODEL_NAME },
    async run(state) {
      const { trainFromPrepStep } = await import("../steps/train-from-prep.js");
      const result = await trainFromPrepStep({
        prepDir: dir("prep"),
        outputDir: dir("train"),
        params: v.hyperparameters,
        ...(c.model ? { model: c.model } : {}),
        modelName: v.MODEL_NAME,
        runId: c.runId,
        ...(c.context.buildId ? { buildId: c.context.buildId } : {}),
      });
      const metrics = numericMetrics(result.metrics);
      state.metrics = metrics;
      // The run folder shows the charts at its top level (ARCHITECTURE §5); a hard link costs no copy.
      state.plots = [];
      for (const plot of result.plots) {
        const made = join(dir("train"), plot);
        const shown = join(c.runDir, plot);
        await mkdir(dirname(shown), { recursive: true });
        await link(made, shown).catch(() => copyFile(made, shown));
        state.plots.push(shown);
      }
      const value = metrics[v.EVALUATION_METRIC];
      return value === undefined ? `metrics: ${Object.keys(metrics).join(", ")}` : `${v.EVALUATION_METRIC} ${value}`;
    },
  };
  const steps: PlannedStep[] = [prep, v.SWEEP ? sweepStep(v, c) : train];
  if (v.RUN_EVALUATION) {
    steps.push({
      name: "evaluate",
      output: "evaluate",
      inputs: {
        train: v.SWEEP ? "train/ (the best trial)" : "train/",
        production: `latest ${v.MODEL_NAME} tagged experiment_name=${v.EXPERIMENT_NAME}`,
        rule: `${v.EVALUATION_METRIC}, ${v.EVALUATION_DIRECTION} is better, tie = ${v.EVALUATION_TIE}`,
        not_comparable: v.EVALUATION_INCOMPARABLE,
        allow_run_cancel: v.ALLOW_RUN_CANCEL,
      },
      async run(state) {
        const { evaluateStep, evaluationSettings } = await import("../steps/evaluate.js");
        const settings = evaluationSettings(v);
        state.verdict = await evaluateStep({
          trainDir: dir("train"),
          outputDir: dir("evaluate"),
          ...settings,
          home: c.home,
        });
        return state.verdict.decision.replace("_", " ");
      },
    });
  }
  steps.push({
    name: "register",
    output: "register",
    inputs: {
      train: "train/",
      ...(v.RUN_EVALUATION ? { verdict: "evaluate/verdict.json" } : {}),
      model_name: v.MODEL_NAME,
      registry: join(c.home, "registry"),
      build_id: c.context.buildId || "(none)",
    },
    async run(state) {
      const { registerStep } = await import("../steps/register.js");
      state.registration = await registerStep({
        trainDir: dir("train"),
        outputDir: dir("register"),
        modelName: v.MODEL_NAME,
        experimentName: v.EXPERIMENT_NAME,
        ...(v.RUN_EVALUATION ? { verdictFile: join(dir("evaluate"), "verdict.json") } : {}),
        runId: c.runId,
        buildId: c.context.buildId,
        buildUri: c.context.buildUri,
        gitCommit: c.context.gitCommit,
        home: c.home,
        ...(c.model ? { model: c.model } : {}),
      });
      return state.registration.uri ?? "";
    },
  });
  return steps;
}
