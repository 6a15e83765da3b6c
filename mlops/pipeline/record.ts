import { randomBytes } from "node:crypto";
import { join } from "node:path";
import { writeJsonAtomic } from "../fs/index.js";
import type { Verdict } from "../steps/evaluate.js";
import type { Registration } from "../steps/register.js";
import type { SweepSummary } from "./sweep-step.js";

export type RunStatus = "running" | "completed" | "canceled" | "failed";
/** `skipped`: the run decided not to run it (a cancel verdict); `not_run`: an earlier step failed. */
export type StepStatus = "pending" | "running" | "completed" | "failed" | "skipped" | "not_run";

/** One step's entry in `run.json`. */
export interface StepRecord {
  readonly name: string;
  status: StepStatus;
  started_utc: string | null;
  duration_s: number | null;
  /** The step's output folder, relative to the run folder. */
  readonly output: string;
  error?: string;
  reason?: string;
}

/** `.mlops/runs/<run-id>/run.json`: everything about one local run, rewritten atomically after every step. */
export interface RunRecord {
  readonly run_id: string;
  readonly target: "local";
  status: RunStatus;
  readonly started_utc: string;
  ended_utc: string | null;
  duration_s: number | null;
  readonly experiment_name: string;
  readonly model_name: string;
  /**
   * The training parameters (after a sweep, the winning hyperparameter values), then every variable as text (after
   * --set / environment overrides).
   */
  params: Readonly<Record<string, unknown>>;
  readonly variables: Readonly<Record<string, string>>;
  readonly data: { readonly file: string; sha256: string | null };
  readonly git_commit: string;
  readonly build_id: string;
  readonly build_uri: string;
  readonly steps: StepRecord[];
  metrics: Readonly<Record<string, number>> | null;
  verdict: Verdict | null;
  registration: Registration | null;
  /** The charts (`plots/<name>.png`), relative to the run folder, once the train step wrote them. */
  plots: string[];
  /** Why the run was canceled or failed. */
  reason: string | null;
  /** SWEEP=true: the winner and where sweep.json is (absent on a single-train run). */
  sweep?: SweepSummary;
}

/** A sortable, unique run id: UTC time to the millisecond plus 6 random hex digits (`20260101T120000.123Z-1a2b3c`). */
export function newRunId(now = new Date()): string {
  const stamp = now.toISOString().replace(/[-:]/g, "");
  return `${stamp}-${randomBytes(3).toString("hex")}`;
}

/** Writes the record to `<runDir>/run.json` (temp + rename: readers never see half a record). */
export function saveRecord(runDir: string, record: RunRecord): Promise<void> {
  return writeJsonAtomic(join(runDir, "run.json"), record);
}
