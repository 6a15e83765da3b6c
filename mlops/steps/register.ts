import { join } from "node:path";
import type { ModelDefinition } from "../contract/index.js";
import { writeJsonAtomic } from "../fs/index.js";
import { loadModel } from "../model-format/index.js";
import { projectModel } from "../project/index.js";
import { registerModel } from "../registry/index.js";
import type { Verdict } from "./evaluate.js";
import { identityOf, identityTags } from "./identity.js";
import { numericMetrics, readMetrics, readStepJson } from "./io.js";

/** Registered-model tags `param.<name>` carry the hyperparameter values (local registry and Azure ML alike). */
export const PARAM_TAG_PREFIX = "param.";

/** Inputs of the register step. */
export interface RegisterStepOptions {
  /** The train step's output folder: `model/` and `metrics.json`. */
  readonly trainDir: string;
  /** Where `registration.json` is written. */
  readonly outputDir: string;
  readonly modelName: string;
  readonly experimentName: string;
  /** The evaluate step's `verdict.json`; a `cancel` action skips registration. Absent when evaluation is off. */
  readonly verdictFile?: string;
  /** Provenance tags (empty ones are left out). */
  readonly runId?: string;
  readonly buildId?: string;
  readonly buildUri?: string;
  readonly gitCommit?: string;
  readonly home?: string;
  /** Default: the project's model (training/); the folder is loaded and checked with it before registering. */
  readonly model?: ModelDefinition;
}

/** `registration.json`: what the register step did. */
export interface Registration {
  readonly registered: boolean;
  /** False when the build was already registered (idempotent) or registration was skipped. */
  readonly created: boolean;
  readonly name: string;
  readonly version: number | null;
  /** `models:/<name>/<version>`, usable wherever a model is taken. */
  readonly uri: string | null;
  readonly message: string;
}

/**
 * Registers the trained model with tags: every numeric metric, every hyperparameter value (`param.<name>`), the
 * model's identity (kind, task, target, inputs:
 * what evaluation compares), `BuildId`, `BuildUri`, `run_id`, `experiment_name`, `git_commit` and the evaluation
 * decision. The folder is loaded and checked first (a damaged file or an ONNX export that answers differently from
 * the model is refused). Writes `<outputDir>/registration.json`.
 */
export async function registerStep(options: RegisterStepOptions): Promise<Registration> {
  const verdict = options.verdictFile ? await readStepJson<Verdict>(options.verdictFile, "evaluate") : undefined;
  let registration: Registration;
  if (verdict?.action === "cancel") {
    const message = `not registered: the evaluation canceled the run (${verdict.reason})`;
    registration = { registered: false, created: false, name: options.modelName, version: null, uri: null, message };
  } else {
    const loaded = await loadModel(join(options.trainDir, "model"), options.model ?? projectModel);
    const tags: Record<string, string> = identityTags(identityOf(loaded.info));
    for (const [key, value] of Object.entries(numericMetrics(await readMetrics(options.trainDir)))) {
      tags[key] = String(value);
    }
    // The hyperparameter values the model was fit with (a sweep's winner), as its MLmodel file records them.
    for (const [name, value] of Object.entries(loaded.info.hyperparameters))
      tags[`${PARAM_TAG_PREFIX}${name}`] = String(value);
    const provenance = {
      BuildId: options.buildId,
      BuildUri: options.buildUri,
      run_id: options.runId,
      experiment_name: options.experimentName,
      git_commit: options.gitCommit,
      evaluation: verdict?.decision,
    };
    for (const [key, value] of Object.entries(provenance)) if (value) tags[key] = value;
    const result = await registerModel({
      name: options.modelName,
      modelDir: join(options.trainDir, "model"),
      tags,
      ...(options.home ? { home: options.home } : {}),
    });
    const { name, version } = result.model;
    const uri = `models:/${name}/${version}`;
    registration = { registered: true, created: result.created, name, version, uri, message: result.message };
  }
  await writeJsonAtomic(join(options.outputDir, "registration.json"), registration);
  return registration;
}
