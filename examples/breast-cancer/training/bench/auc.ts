// The example's benchmark (`npm run bench -- auc` once the example is the project's model): the forest's held-out
// ROC AUC with its declared defaults on the pipeline's split, beside scikit-learn's RandomForestClassifier(100,
// random_state=0) on the same rows (tests/training/fixtures/sklearn-forest.json, made by the script beside it), and
// the fit time.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { defaultParams } from "../../mlops/contract/index.js";
import { readCsvFrame } from "../../mlops/data/index.js";
import { taskMetrics } from "../../mlops/metrics/index.js";
import { splitInMemory } from "../../mlops/steps/index.js";
import { model } from "../index.js";

const ROOT = join(import.meta.dirname, "..", "..");
const sklearn = JSON.parse(readFileSync(join(ROOT, "tests/training/fixtures/sklearn-forest.json"), "utf8")) as {
  estimator: string;
  sklearn: string;
  roc_auc: number;
  accuracy: number;
};
const { signature } = model;
const frame = await readCsvFrame(join(ROOT, "data/breast_cancer.csv"), [...signature.inputs, signature.target]);
const split = splitInMemory(frame, signature.inputs, 0.2, 0);
const params = defaultParams(model.hyperparameters);

const t0 = performance.now();
const fitted = model.fit(split.train.x, split.train.y, params);
const fitMs = performance.now() - t0;
const metrics = taskMetrics(model.task, split.test.y, model.predict(fitted, split.test.x));

console.log(`held-out rows ${split.test.x.rows} (train ${split.train.x.rows}), split test_size 0.2, random_state 0`);
console.log(`${model.name} ${JSON.stringify(params)}: roc_auc ${metrics.roc_auc}, accuracy ${metrics.accuracy}`);
console.log(
  `scikit-learn ${sklearn.sklearn} ${sklearn.estimator}: roc_auc ${sklearn.roc_auc}, accuracy ${sklearn.accuracy}`,
);
console.log(`fit ${(fitMs / 1000).toFixed(2)} s (Node ${process.version})`);
