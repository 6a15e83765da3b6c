import { existsSync } from "node:fs";
import { cp } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { loadVariables, type Variables } from "../config/index.js";
import { type FlagDefs, parseFlags, toNumber } from "../flags/index.js";
import { SET_FLAG } from "../pipeline/cli-options.js";
import { evaluateStep, evaluationSettings, prepDataStep, registerStep, trainFromPrepStep } from "../steps/index.js";
import { BUNDLE_MANIFEST, BUNDLED_TEMPLATE } from "./layout.js";
import { logToRun, trainRunData, verdictRunData } from "./track-steps.js";

/** Opens the workspace session for the Azure-side steps (injected by the contract tests). */
export type SessionFactory = (workspaceArmId: string) => Promise<import("../azure/session.js").Session>;

/**
 * The folder the step's files are resolved against: the bundle root (the code asset, holding the variables
 * template and the data) when running from a bundle, else the current folder (a repository checkout).
 */
export function codeRoot(entryUrl: string): string {
  const root = join(dirname(fileURLToPath(entryUrl)), "..");
  return existsSync(join(root, BUNDLE_MANIFEST)) ? root : process.cwd();
}

/** The variables as the job passed them: `--set` over the template bundled with the code, no environment. */
export function stepVariables(root: string, set: readonly string[]): Variables {
  const bundled = join(root, BUNDLED_TEMPLATE);
  return loadVariables({ set, env: {}, ...(existsSync(bundled) ? { file: bundled } : {}) });
}

const common = { set: SET_FLAG } as const;
const dirFlag = (description: string) => ({ type: "string", placeholder: "DIR", required: true, description }) as const;

function parse<T extends FlagDefs>(name: string, argv: readonly string[], defs: T) {
  return parseFlags(name, argv, { ...common, ...defs });
}

/** prep-data: reads --data (in Azure ML: the mounted data asset) or DATA_FILE (relative to the code root). */
export async function prepDataMain(argv: readonly string[], root: string): Promise<void> {
  const f = parse("prep-data", argv, {
    "output-dir": dirFlag("where train.csv, test.csv, split.json go"),
    data: { type: "string", placeholder: "FILE", description: "the training CSV (default DATA_FILE in the code)" },
  });
  const v = stepVariables(root, f.set);
  const split = await prepDataStep({
    dataFile: f.data ?? resolve(root, v.DATA_FILE),
    outputDir: f["output-dir"],
    testSize: v.TRAIN_TEST_SIZE,
    randomState: v.TRAIN_RANDOM_STATE,
    features: v.TRAIN_FEATURES,
  });
  console.log(`prep-data: ${split.rows} rows → ${split.n_train} train / ${split.n_test} test`);
}

/** train: fits on the prep-data split, writes metrics.json and the MLflow model folder. */
export async function trainMain(argv: readonly string[], root: string): Promise<void> {
  const f = parse("train", argv, {
    "prep-dir": dirFlag("the prep-data output"),
    "output-dir": dirFlag("where metrics.json and model/ go"),
    "run-id": { type: "string", description: "run id recorded in the model (default $AZUREML_RUN_ID)" },
    "build-id": { type: "string", description: "build id recorded in the model" },
    "validation-size": {
      type: "string",
      placeholder: "V",
      description: "a sweep trial: fit on the training rows minus this share (or count), log validation_<metric>",
    },
  });
  const v = stepVariables(root, f.set);
  const validationSize =
    f["validation-size"] === undefined ? undefined : toNumber("validation-size", f["validation-size"]);
  const runId = f["run-id"] ?? process.env.AZUREML_RUN_ID;
  const result = await trainFromPrepStep({
    prepDir: f["prep-dir"],
    outputDir: f["output-dir"],
    params: v.hyperparameters,
    modelName: v.MODEL_NAME,
    ...(validationSize === undefined ? {} : { validationSize }),
    ...(runId ? { runId } : {}),
    ...(f["build-id"] ? { buildId: f["build-id"] } : {}),
  });
  const metrics = result.metrics as unknown as Readonly<Record<string, unknown>>;
  const validated = metrics[`validation_${v.EVALUATION_METRIC}`];
  console.log(
    `train: ${v.EVALUATION_METRIC} ${metrics[v.EVALUATION_METRIC]}${validated === undefined ? "" : `, validation_${v.EVALUATION_METRIC} ${validated}`}`,
  );
  await logToRun("train", () => trainRunData(f["output-dir"]));
}

/** evaluate: the verdict against the production model (the workspace's with --workspace, else the local one). */
export async function evaluateMain(argv: readonly string[], root: string, open?: SessionFactory): Promise<void> {
  const f = parse("evaluate", argv, {
    "train-dir": dirFlag("the train output"),
    "output-dir": dirFlag("where verdict.json goes"),
    workspace: {
      type: "string",
      placeholder: "ARM_ID",
      description: "Azure ML workspace holding the production model",
    },
  });
  const v = stepVariables(root, f.set);
  const options = { trainDir: f["train-dir"], outputDir: f["output-dir"], ...evaluationSettings(v) };
  let verdict: Awaited<ReturnType<typeof evaluateStep>>;
  if (f.workspace) {
    const [{ evaluateInWorkspace }, session] = await Promise.all([
      import("../azure/registry/in-job.js"),
      (open ?? openWorkspace)(f.workspace),
    ]);
    verdict = await evaluateInWorkspace(session.ctx, options);
  } else {
    verdict = await evaluateStep(options);
  }
  console.log(`evaluate: ${verdict.reason}`);
  await logToRun("evaluate", () => verdictRunData(verdict));
}

/** register: registers the model (in the workspace with --workspace) unless the verdict canceled the run. */
export async function registerMain(argv: readonly string[], root: string, open?: SessionFactory): Promise<void> {
  const f = parse("register", argv, {
    "train-dir": dirFlag("the train output"),
    "output-dir": dirFlag("where registration.json goes"),
    "verdict-dir": {
      type: "string",
      placeholder: "DIR",
      description: "the evaluate output (none: RUN_EVALUATION=false)",
    },
    workspace: { type: "string", placeholder: "ARM_ID", description: "Azure ML workspace to register in" },
    "pipeline-job": { type: "string", description: "the pipeline job (canceled when the verdict says so)" },
    "model-uri": { type: "string", description: "datastore URI of the trained model folder (with --workspace)" },
    "build-id": { type: "string", description: "BuildId tag" },
    "build-uri": { type: "string", description: "BuildUri tag" },
    "data-asset": { type: "string", placeholder: "NAME:VERSION", description: "the training data asset (a tag)" },
    "model-copy-dir": {
      type: "string",
      placeholder: "DIR",
      description: "copy the train output here first (a sweep: the best trial's folder to the job's model path)",
    },
  });
  const v = stepVariables(root, f.set);
  // In Azure ML this folder is a mounted output (the pipeline's per-job model path, which --model-uri names): a mount
  // point cannot be renamed over, so the files are copied into it; a failed copy fails the step before registering.
  if (f["model-copy-dir"]) await cp(f["train-dir"], f["model-copy-dir"], { recursive: true });
  const options = {
    trainDir: f["train-dir"],
    outputDir: f["output-dir"],
    modelName: v.MODEL_NAME,
    experimentName: v.EXPERIMENT_NAME,
    ...(f["verdict-dir"] ? { verdictFile: join(f["verdict-dir"], "verdict.json") } : {}),
    ...(process.env.AZUREML_RUN_ID ? { runId: process.env.AZUREML_RUN_ID } : {}),
    ...(f["build-id"] ? { buildId: f["build-id"] } : {}),
    ...(f["build-uri"] ? { buildUri: f["build-uri"] } : {}),
  };
  if (f.workspace) {
    if (!f["model-uri"]) throw new Error("--model-uri is required with --workspace");
    const [{ registerInWorkspace }, session] = await Promise.all([
      import("../azure/registry/in-job.js"),
      (open ?? openWorkspace)(f.workspace),
    ]);
    const registration = await registerInWorkspace(session.ctx, {
      ...options,
      modelUri: f["model-uri"],
      ...(f["pipeline-job"] ? { pipelineJob: f["pipeline-job"] } : {}),
      ...(f["data-asset"] ? { dataAsset: f["data-asset"] } : {}),
    });
    console.log(`register: ${registration.message}`);
    return;
  }
  console.log(`register: ${(await registerStep(options)).message}`);
}

// Inside an Azure ML job: the compute's managed identity through DefaultAzureCredential. The Azure modules are
// imported one by one, not through mlops/azure/index.ts: a dynamic import keeps a whole module, and the index would
// pull the submitter (and esbuild) into the step bundles.
async function openWorkspace(armId: string) {
  const [{ openSession }, { parseWorkspaceId }] = await Promise.all([
    import("../azure/session.js"),
    import("../azure/workspace.js"),
  ]);
  return openSession({ workspace: parseWorkspaceId(armId), log: (line) => console.log(line) });
}
