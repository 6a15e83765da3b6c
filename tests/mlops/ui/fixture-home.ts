// A `.mlops/` for the UI's tests, made by the machinery itself from its own fixture models (never training/): two
// runs of the least-squares regressor (the second evaluated against the first's registered version), one of the
// centroid classifier, an Azure ML run recorded by the real Azure run-record writer, and one run and one model tag
// whose names and values are HTML (`<script>`...): user data the pages must show as text.
import { cpSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { JobBase } from "@azure/arm-machinelearning";
import { RESULT_TAG } from "../../../mlops/azure/pipeline/follow.js";
import { writeAzureRunRecord } from "../../../mlops/azure/pipeline/run-record.js";
import type { ModelDefinition } from "../../../mlops/contract/index.js";
import type { RunRecord } from "../../../mlops/pipeline/record.js";
import { runLocal } from "../../../mlops/pipeline/run-local.js";
import { writeReport } from "../../../mlops/ui/index.js";
import { centroid, leastSquares, tempRoot } from "../fixtures/index.js";
import { fixtureProject } from "../fixtures/project.js";

/** HTML that runs script if a page ever puts it in unescaped. */
export const EVIL = "<script>window.__pwned=1</script>";
/** A run folder name that is HTML (a folder name cannot hold '/', so no closing tag: an image whose error runs). */
export const EVIL_RUN = "evil-<img src=x onerror=window.__pwned=1>";
export const REGRESSOR = "fixture-regressor";
export const CLASSIFIER = "fixture-classifier";

/** The home and what was recorded in it. */
export interface UiHome {
  readonly home: string;
  /** run.json of each local run, oldest first: regressor, regressor again, classifier, then the HTML-named one. */
  readonly runs: readonly RunRecord[];
  /** The Azure ML run's id. */
  readonly azureRun: string;
  cleanup(): void;
}

const read = (file: string) => JSON.parse(readFileSync(file, "utf8"));

/** Builds the home (a few seconds: three real pipeline runs with their charts). */
export async function makeUiHome(): Promise<UiHome> {
  const temp = tempRoot("mlops-ui-");
  const home = join(temp.root, ".mlops");
  const regression = fixtureProject("regression");
  const multiclass = fixtureProject("multiclass");
  try {
    const runs: RunRecord[] = [];
    const run = async (project: typeof regression, model: ModelDefinition, ...set: string[]) => {
      const { record, runDir } = await runLocal({ variables: project.variables(...set), home, model, env: {} });
      await writeReport(home, record.run_id); // as `mlops run` does once the record is final
      runs.push(read(join(runDir, "run.json")));
    };
    await run(regression, leastSquares as ModelDefinition, `MODEL_NAME=${REGRESSOR}`);
    await run(
      regression,
      leastSquares as ModelDefinition,
      `MODEL_NAME=${REGRESSOR}`,
      "TRAIN_SHRINK=5",
      "ALLOW_RUN_CANCEL=false",
    );
    await run(multiclass, centroid as ModelDefinition, `MODEL_NAME=${CLASSIFIER}`);

    // User data holding HTML: a run (a copy of the first) with an HTML folder name, experiment and parameter, and
    // a tag of the classifier's registered version.
    const first = runs[0];
    const evilDir = join(home, "runs", EVIL_RUN);
    cpSync(join(home, "runs", first.run_id), evilDir, { recursive: true });
    const evil = {
      ...first,
      run_id: EVIL_RUN,
      started_utc: new Date(Date.parse(runs[2].started_utc) + 1000).toISOString(),
      experiment_name: EVIL,
      params: { ...first.params, [EVIL]: EVIL },
    };
    writeFileSync(join(evilDir, "run.json"), `${JSON.stringify(evil, null, 2)}\n`);
    runs.push(evil);
    const versionFile = join(home, "registry", CLASSIFIER, "1", "version.json");
    const version = read(versionFile);
    version.tags.note = EVIL;
    writeFileSync(versionFile, `${JSON.stringify(version, null, 2)}\n`);

    // An Azure ML run as `mlops run --target azureml` records it, its outcome as the register step tagged the job.
    const azureRun = "sharp_kettle_0a1b2c3d";
    const outcome = { metrics: first.metrics, verdict: first.verdict, registration: first.registration, smoke: null };
    await writeAzureRunRecord({
      home,
      jobName: azureRun,
      job: {
        properties: { jobType: "Pipeline", tags: { [RESULT_TAG]: JSON.stringify(outcome) } },
      } as unknown as JobBase,
      status: "Completed",
      variables: regression.variables(`MODEL_NAME=${REGRESSOR}`),
      build: { buildId: "4242", buildUri: "https://builds.example.invalid/results?buildId=4242" },
      link: `https://studio.example.invalid/runs/${azureRun}`,
      startedUtc: new Date(Date.parse(evil.started_utc) + 1000).toISOString(),
      dataAsset: "training-data:3",
    });
    return { home, runs, azureRun, cleanup: temp.cleanup };
  } catch (error) {
    temp.cleanup();
    throw error;
  } finally {
    regression.cleanup();
    multiclass.cleanup();
  }
}
