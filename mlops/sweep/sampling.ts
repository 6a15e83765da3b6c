// The trials of a local sweep: a grid (every combination, in order, capped by the trial budget) or seeded random
// draws. Random draws use the Mersenne Twister of the data split (mlops/data/random.ts) so a seed means the same
// trials on every machine and Node version; no new library.
import {
  discreteValues,
  gridSize,
  type Params,
  type ParamValue,
  type Sampling,
  type SearchSpace,
  samplingProblems,
} from "../contract/index.js";
import { MT19937 } from "../data/index.js";

/** One trial: its 1-based number and the values drawn for the swept hyperparameters (the others keep theirs). */
export interface TrialPlan {
  readonly trial: number;
  readonly params: Params;
}

/** How to draw trials. */
export interface SamplingOptions {
  readonly sampling: Exclude<Sampling, "bayesian">;
  /** The most trials to run (a grid larger than this is cut after its first `maxTrials` combinations). */
  readonly maxTrials: number;
  /** Random sampling's seed, 0..2³²−1. */
  readonly seed: number;
}

/**
 * The trials of a sweep over `space`. Grid: every combination of the discrete values, the first hyperparameter
 * varying slowest, cut at `maxTrials`. Random: `maxTrials` independent draws seeded by `seed` (a combination already
 * drawn is drawn again, so a small discrete space yields each combination at most once and stops when exhausted).
 * Same space, sampling and seed → same trials.
 */
export function planTrials(space: SearchSpace, options: SamplingOptions): TrialPlan[] {
  const problems = samplingProblems(space, options.sampling);
  if (options.sampling === ("bayesian" as Sampling))
    problems.push("bayesian sampling runs on Azure ML only (--target azureml): use grid or random locally");
  if (!Number.isInteger(options.maxTrials) || options.maxTrials < 1)
    problems.push(`max trials must be a whole number ≥ 1, got ${options.maxTrials}`);
  if (problems.length > 0) throw new RangeError(problems.join("; "));
  const names = Object.keys(space);
  const combos =
    options.sampling === "grid" ? gridCombos(space, names, options.maxTrials) : randomCombos(space, names, options);
  return combos.map((params, i) => ({ trial: i + 1, params }));
}

function gridCombos(space: SearchSpace, names: readonly string[], max: number): Params[] {
  const lists = names.map((n) => discreteValues(space[n]));
  const total = Math.min(max, gridSize(space));
  const out: Params[] = [];
  for (let k = 0; k < total; k++) {
    // k in mixed radix, the last name varying fastest.
    let rest = k;
    const params: Record<string, ParamValue> = {};
    for (let j = names.length - 1; j >= 0; j--) {
      params[names[j]] = lists[j][rest % lists[j].length];
      rest = Math.floor(rest / lists[j].length);
    }
    out.push(Object.fromEntries(names.map((n) => [n, params[n]])));
  }
  return out;
}

// Draws a fresh combination up to this many times before deciding a discrete space is exhausted.
const REDRAWS = 1000;

function randomCombos(space: SearchSpace, names: readonly string[], options: SamplingOptions): Params[] {
  const rng = new MT19937(options.seed);
  const total = Math.min(options.maxTrials, gridSize(space));
  const seen = new Set<string>();
  const out: Params[] = [];
  while (out.length < total) {
    let params: Params | undefined;
    for (let attempt = 0; attempt < REDRAWS && params === undefined; attempt++) {
      const drawn = Object.fromEntries(names.map((n) => [n, draw(space[n], rng)]));
      const key = JSON.stringify(drawn);
      if (!seen.has(key)) {
        seen.add(key);
        params = drawn;
      }
    }
    if (params === undefined) break;
    out.push(params);
  }
  return out;
}

/** A uniform double in [0, 1) from 53 random bits (numpy's `random_sample`). */
export function uniform01(rng: MT19937): number {
  const a = rng.nextUint32() >>> 5;
  const b = rng.nextUint32() >>> 6;
  return (a * 67108864 + b) / 9007199254740992;
}

// Rounds away the binary noise of `k · q` (0.1 · 3 = 0.30000000000000004) so a drawn value prints as the user wrote q.
const tidy = (x: number): number => Number(x.toPrecision(12));

function draw(d: SearchSpace[string], rng: MT19937): ParamValue {
  switch (d.type) {
    case "choice":
    case "integer": {
      const values = discreteValues(d);
      return values[rng.interval(values.length - 1)];
    }
    case "uniform":
      return d.min + (d.max - d.min) * uniform01(rng);
    case "loguniform":
      return Math.exp(Math.log(d.min) + (Math.log(d.max) - Math.log(d.min)) * uniform01(rng));
    case "quniform":
      return tidy(Math.round((d.min + (d.max - d.min) * uniform01(rng)) / d.q) * d.q);
  }
}
