// The example's benchmark (`npm run bench -- auc` once the example is the project's model): the forest's held-out
// ROC AUC with its declared defaults on the pipeline's split, beside scikit-learn's RandomForestClassifier(100,
// random_state=0) on the same rows (tests/training/fixtures/sklearn-forest.json, made by the script beside it), and
// the fit and predict times. Writes its section of docs/BENCHMARKS.md.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { machineLine, median, writeBenchmarkSection } from "../../bench/lib/report.js";
import { defaultParams } from "../../mlops/contract/index.js";
import { readCsvFrame } from "../../mlops/data/index.js";
import { taskMetrics } from "../../mlops/metrics/index.js";
import { splitInMemory } from "../../mlops/steps/index.js";
import { model } from "../index.js";

const ROOT = join(import.meta.dirname, "..", "..");
const FITS = 3;
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

const fitSeconds: number[] = [];
let fitted = model.fit(split.train.x, split.train.y, params);
for (let i = 0; i < FITS; i++) {
  const t0 = performance.now();
  fitted = model.fit(split.train.x, split.train.y, params);
  fitSeconds.push((performance.now() - t0) / 1000);
}
const t0 = performance.now();
const prediction = model.predict(fitted, split.test.x);
const predictMs = performance.now() - t0;
const metrics = taskMetrics(model.task, split.test.y, prediction);
const bytes = Buffer.byteLength(Object.values(model.save(fitted))[0] as string);

const table = `| measurement | ${model.name} (TypeScript) | scikit-learn ${sklearn.sklearn} |
| --- | ---: | ---: |
| held-out ROC AUC (positive class malignant) | ${metrics.roc_auc} | ${sklearn.roc_auc} |
| held-out accuracy | ${metrics.accuracy} | ${sklearn.accuracy} |`;

console.log(table);
await writeBenchmarkSection(
  "breast-cancer-auc",
  `## Breast-cancer random forest: held-out ROC AUC

Command: \`npm run bench -- auc\` in a project holding \`examples/breast-cancer\` (e.g. the copy of
\`npm run example:e2e -- breast-cancer --keep\`; examples/breast-cancer/training/bench/auc.ts). Machine: ${machineLine()}.

${table}

- The split is the pipeline's (\`TRAIN_TEST_SIZE\` 0.2, \`TRAIN_RANDOM_STATE\` 0): ${split.train.x.rows} training rows,
  ${split.test.x.rows} held out, the rows of scikit-learn's \`train_test_split(test_size=0.2, random_state=0)\`.
- TypeScript: ml-random-forest 2.1.0 with the example's defaults ${JSON.stringify(params)} (features drawn per
  tree, Gini CART); scikit-learn: \`${sklearn.estimator}\` (features drawn per split), from
  \`tests/training/fixtures/sklearn-forest.json\` (its generator script beside it).
- Fit on ${split.train.x.rows} × 30: ${median(fitSeconds).toFixed(2)} s (median of ${FITS}); predicting the
  ${split.test.x.rows} held-out rows: ${predictMs.toFixed(1)} ms; \`forest.json\`: ${(bytes / 1024).toFixed(1)} KiB.
`,
);
