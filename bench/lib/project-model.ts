// The project's model trained as `npm start` trains it (the variables template's knobs), for benchmarks that serve
// or score it: `mlops serve` in this repository loads the project's model kind only.
import { join } from "node:path";
import { loadVariables } from "../../mlops/config/index.js";
import { trainStep } from "../../mlops/steps/index.js";
import { ROOT } from "./serve-servers.js";

/** Trains into `outputDir`; the model folder and the input columns it was fitted on, in model order. */
export async function trainProjectModel(outputDir: string): Promise<{ modelDir: string; columns: string[] }> {
  const v = loadVariables();
  const trained = await trainStep({
    dataFile: join(ROOT, v.DATA_FILE),
    outputDir,
    params: v.hyperparameters,
    testSize: v.TRAIN_TEST_SIZE,
    randomState: v.TRAIN_RANDOM_STATE,
    features: v.TRAIN_FEATURES,
    runId: "bench",
  });
  return { modelDir: join(trained.outputDir, "model"), columns: (trained.metrics.params.features as string[]) ?? [] };
}
