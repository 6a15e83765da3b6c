// The messages between a sweep's pool (pool.ts) and its worker processes (trial-worker.ts).
import type { Params } from "../contract/index.js";

/** A model named by the module that exports it (a worker process cannot receive a model object). */
export interface ModelModule {
  /** Absolute path of the module (a .ts file from source). */
  readonly module: string;
  /** The export holding the `defineModel` result. */
  readonly export: string;
}

/** One trial to train. */
export interface TrialRequest {
  readonly trial: number;
  readonly prepDir: string;
  readonly outputDir: string;
  /** Every hyperparameter value of the trial (the swept ones drawn, the others the run's). */
  readonly params: Params;
  readonly validationSize: number;
  readonly modelName?: string;
  readonly runId?: string;
  /** Default: the project's model (training/). */
  readonly model?: ModelModule;
}

/** A trial's outcome: the numeric metrics of its metrics.json, or the error that stopped it. */
export type TrialReply =
  | {
      readonly trial: number;
      readonly ok: true;
      readonly metrics: Readonly<Record<string, number>>;
      readonly seconds: number;
    }
  | { readonly trial: number; readonly ok: false; readonly error: string; readonly seconds: number };

/** What a worker sends once it has loaded the train step. */
export interface WorkerReady {
  readonly ready: true;
}
