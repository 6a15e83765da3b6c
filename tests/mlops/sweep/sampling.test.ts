// Trial planning: the grid enumerates every combination in order and stops at the trial budget; random draws are
// seeded (same seed, same trials), inside each distribution, and never repeat a combination.
import { describe, expect, it } from "vitest";
import type { SearchSpace } from "../../../mlops/contract/index.js";
import { MT19937 } from "../../../mlops/data/index.js";
import { planTrials, uniform01 } from "../../../mlops/sweep/index.js";

const GRID: SearchSpace = {
  criterion: { type: "choice", values: ["gini", "entropy"] },
  depth: { type: "integer", min: 1, max: 5, step: 2 },
};

describe("grid", () => {
  it("enumerates every combination, the last hyperparameter varying fastest, numbered from 1", () => {
    const trials = planTrials(GRID, { sampling: "grid", maxTrials: 100, seed: 0 });
    expect(trials).toEqual([
      { trial: 1, params: { criterion: "gini", depth: 1 } },
      { trial: 2, params: { criterion: "gini", depth: 3 } },
      { trial: 3, params: { criterion: "gini", depth: 5 } },
      { trial: 4, params: { criterion: "entropy", depth: 1 } },
      { trial: 5, params: { criterion: "entropy", depth: 3 } },
      { trial: 6, params: { criterion: "entropy", depth: 5 } },
    ]);
  });

  it("stops at max trials and ignores the seed", () => {
    const four = planTrials(GRID, { sampling: "grid", maxTrials: 4, seed: 0 });
    expect(four.map((t) => t.trial)).toEqual([1, 2, 3, 4]);
    expect(planTrials(GRID, { sampling: "grid", maxTrials: 4, seed: 99 })).toEqual(four);
  });

  it("refuses a continuous distribution, Bayesian sampling and a bad budget, naming each", () => {
    const space: SearchSpace = { rate: { type: "uniform", min: 0, max: 1 } };
    expect(() => planTrials(space, { sampling: "grid", maxTrials: 5, seed: 0 })).toThrow(
      "search space rate: grid sampling does not take uniform (it takes choice, integer)",
    );
    expect(() => planTrials(space, { sampling: "bayesian" as "grid", maxTrials: 5, seed: 0 })).toThrow(
      /bayesian sampling runs on Azure ML only/,
    );
    expect(() => planTrials(GRID, { sampling: "grid", maxTrials: 0, seed: 0 })).toThrow(
      "max trials must be a whole number ≥ 1, got 0",
    );
  });
});

describe("random", () => {
  const SPACE: SearchSpace = {
    rate: { type: "uniform", min: 0.2, max: 0.8 },
    strength: { type: "loguniform", min: 0.001, max: 1000 },
    width: { type: "quniform", min: 0, max: 2, q: 0.1 },
    depth: { type: "integer", min: 3, max: 9, step: 3 },
    criterion: { type: "choice", values: ["gini", "entropy"] },
  };

  // Measured with Debian numpy 1.24.2: np.random.RandomState(0).random_sample(), twice.
  it("draws 53-bit doubles as numpy's random_sample does (RandomState(0): 0.5488135039273248, 0.7151893663724195)", () => {
    const rng = new MT19937(0);
    expect([uniform01(rng), uniform01(rng)]).toEqual([0.5488135039273248, 0.7151893663724195]);
  });

  it("same seed, same space → the same trials; another seed → others", () => {
    const a = planTrials(SPACE, { sampling: "random", maxTrials: 30, seed: 7 });
    expect(planTrials(SPACE, { sampling: "random", maxTrials: 30, seed: 7 })).toEqual(a);
    expect(planTrials(SPACE, { sampling: "random", maxTrials: 30, seed: 8 })).not.toEqual(a);
    expect(a).toHaveLength(30);
    // A smaller budget is a prefix of a larger one: raising max trials keeps the trials already run.
    expect(planTrials(SPACE, { sampling: "random", maxTrials: 10, seed: 7 })).toEqual(a.slice(0, 10));
  });

  it("keeps every draw inside its distribution", () => {
    const trials = planTrials(SPACE, { sampling: "random", maxTrials: 500, seed: 1 });
    for (const { params } of trials) {
      const { rate, strength, width, depth, criterion } = params as Record<string, number & string>;
      expect(rate).toBeGreaterThanOrEqual(0.2);
      expect(rate).toBeLessThan(0.8);
      expect(strength).toBeGreaterThanOrEqual(0.001);
      expect(strength).toBeLessThanOrEqual(1000);
      expect(Math.abs(width * 10 - Math.round(width * 10))).toBeLessThan(1e-9); // a multiple of q = 0.1
      expect(String(width).length).toBeLessThanOrEqual(3); // 0.3, not 0.30000000000000004
      expect([3, 6, 9]).toContain(depth);
      expect(["gini", "entropy"]).toContain(criterion);
    }
    // loguniform spreads over the decades: about half the draws below √(0.001·1000) = 1.
    const below = trials.filter((t) => (t.params.strength as number) < 1).length;
    expect(below / trials.length).toBeGreaterThan(0.4);
    expect(below / trials.length).toBeLessThan(0.6);
  });

  it("never repeats a combination, so a small discrete space stops when exhausted", () => {
    const trials = planTrials(GRID, { sampling: "random", maxTrials: 50, seed: 3 });
    expect(trials).toHaveLength(6);
    expect(new Set(trials.map((t) => JSON.stringify(t.params))).size).toBe(6);
  });
});
