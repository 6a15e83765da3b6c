// A sweep test fixture: the least-squares fixture refusing to fit with shrink above 5, so some trials fail.
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
