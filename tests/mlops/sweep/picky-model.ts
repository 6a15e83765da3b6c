// Sweep test fixtures: the least-squares fixture refusing to fit with shrink above 5 (some trials fail), and one
// whose fit kills its worker process.
import { defineModel } from "../../../mlops/contract/index.js";
import { leastSquares } from "../fixtures/models/least-squares.js";

export const picky = defineModel({
  ...leastSquares,
  name: "picky_least_squares",
  fit(x, y, params) {
    if ((params.shrink as number) > 5) throw new Error(`shrink ${params.shrink} is too strong for me`);
    return leastSquares.fit(x, y, params);
  },
});

/** The fixture killing its worker process (exit code 3) at shrink 3: a crash, not an error the trial can report. */
export const doomed = defineModel({
  ...leastSquares,
  name: "doomed_least_squares",
  fit(x, y, params) {
    if (params.shrink === 3) process.exit(3);
    return leastSquares.fit(x, y, params);
  },
});
