import { init, inputColumns, outputColumn, score, scoreMatrix } from "../../scoring/index.js";
import type { Scorer } from "./handler.js";

/**
 * Loads the model folder through the user's scoring code (`init`) and returns it as the server's Scorer.
 * The scoring module holds one model per process, like score.py's global.
 */
export async function loadScorer(modelDir: string): Promise<Scorer> {
  await init(modelDir);
  return { columns: inputColumns(), output: outputColumn(), score, scoreMatrix };
}
