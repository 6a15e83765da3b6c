import type { Predictor } from "../contract/index.js";
import { loadProjectPredictor } from "../project/index.js";

/**
 * Loads a model folder through the project's scoring code (scoring/index.ts's `load`: the folder read and checked,
 * the model's own pre- and post-processing around its predict). One predictor per process, like score.py's init().
 */
export function loadPredictor(modelDir: string): Promise<Predictor> {
  return loadProjectPredictor(modelDir);
}
