// Acceptance of issue 20: the local grid sweep over the ridge's twelve alphas, with the template's knobs, picks the
// alpha that the same loop in Debian's scikit-learn picks on the same validation split (fixtures/sweep-reference.json,
// made by fixtures/generate-sweep-reference.py), and every trial's validation mse matches scikit-learn's.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { loadVariables } from "../../mlops/config/index.js";
import { runLocal } from "../../mlops/pipeline/run-local.js";
import type { SweepRecord } from "../../mlops/sweep/index.js";
import { model } from "../../training/index.js";

const reference = JSON.parse(readFileSync(join(import.meta.dirname, "fixtures", "sweep-reference.json"), "utf8")) as {
  test_size: number;
  validation_size: number;
  random_state: number;
  n_fit: number;
  n_validation: number;
  trials: { alpha: number; validation_mse: number }[];
  best_alpha: number;
};
const home = mkdtempSync(join(tmpdir(), "ridge-sweep-"));
afterAll(() => rmSync(home, { recursive: true, force: true }));

describe("the ridge's alpha sweep", () => {
  it("sweeps the same twelve alphas the reference script does", () => {
    expect(model.searchSpace?.alpha).toEqual({ type: "choice", values: reference.trials.map((t) => t.alpha) });
  });

  it("picks scikit-learn's alpha, each trial's validation mse matching to 1e-9", async () => {
    const variables = loadVariables({ env: {}, set: ["SWEEP=true", "RUN_EVALUATION=false"] });
    expect([variables.TRAIN_TEST_SIZE, variables.SWEEP_VALIDATION_SIZE, variables.TRAIN_RANDOM_STATE]).toEqual([
      reference.test_size,
      reference.validation_size,
      reference.random_state,
    ]);
    expect(variables.SWEEP_SAMPLING).toBe("grid");
    const { record, runDir } = await runLocal({ variables, home, sweepWorkers: 2, env: {} });
    expect(record.status, record.reason ?? "").toBe("completed");
    const sweep = JSON.parse(readFileSync(join(runDir, "sweep", "sweep.json"), "utf8")) as SweepRecord;
    expect(sweep.trials.map((t) => t.params.alpha)).toEqual(reference.trials.map((t) => t.alpha));
    for (const [i, trial] of sweep.trials.entries()) {
      const expected = reference.trials[i].validation_mse;
      expect(Math.abs((trial.value as number) - expected) / expected, `alpha ${trial.params.alpha}`).toBeLessThan(1e-9);
      expect(trial.metrics.n_validation).toBe(reference.n_validation);
      expect(trial.metrics.n_train).toBe(reference.n_fit);
    }
    expect(sweep.best.params.alpha).toBe(reference.best_alpha);
    expect(record.params.alpha).toBe(reference.best_alpha);
    expect(record.registration?.registered).toBe(true);
  }, 120_000);
});
