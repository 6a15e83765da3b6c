/**
 * Decides which registered model the deploy and batch-scoring pipelines use and sets `MODEL_NAME`,
 * `MODEL_VERSION`, `MODEL_URI` (`models:/<name>/<version>`) for the job's later steps:
 * - `--version triggered`: the model the triggering training run registered (its `model.json` artifact, written by
 *   training-report.ts); a run that registered nothing stops here with the reason and how to pick a version;
 * - `--version N`: version N of `--name` (redeploying an older build's model).
 *
 * Usage: npx tsx .pipelines/scripts/model-identity.ts --version triggered|N --name MODEL_NAME [--artifact model.json]
 */
import { readFile } from "node:fs/promises";
import { parseArgs } from "node:util";
import type { ModelIdentity } from "./training-report.js";
import { emit, runAsScript, setVariable } from "./vso.js";

/** The runtime-parameter value meaning "the model of the triggering training run". */
const TRIGGERED = "triggered";

/** The model to use. */
export interface ChosenModel {
  readonly name: string;
  readonly version: number;
  readonly uri: string;
}

/** Picks the model; throws an Error that says what was wrong and how to fix it. */
export function chooseModel(version: string, name: string, artifact?: ModelIdentity): ChosenModel {
  if (version.trim() === TRIGGERED) {
    if (!artifact) throw new Error(`modelVersion=${TRIGGERED} needs the training run's model.json (--artifact)`);
    if (!artifact.registered || !artifact.name || !Number.isInteger(artifact.version)) {
      throw new Error(
        `training run ${artifact.run_id ?? "?"} registered no model (${artifact.reason || "no reason recorded"}); ` +
          "queue this pipeline with the modelVersion parameter set to a registered version to deploy that one",
      );
    }
    const v = artifact.version as number;
    return { name: artifact.name, version: v, uri: artifact.uri ?? `models:/${artifact.name}/${v}` };
  }
  const v = Number(version.trim());
  if (!/^\d+$/.test(version.trim()) || !Number.isSafeInteger(v) || v < 1) {
    throw new Error(`modelVersion must be '${TRIGGERED}' or a registered version number ≥ 1, got '${version}'`);
  }
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]{0,254}$/.test(name)) {
    throw new Error(`MODEL_NAME must be letters, digits, '.', '_', '-', got '${name}'`);
  }
  return { name, version: v, uri: `models:/${name}/${v}` };
}

async function main(argv: readonly string[]): Promise<number> {
  const { values } = parseArgs({
    args: [...argv],
    options: { version: { type: "string" }, name: { type: "string" }, artifact: { type: "string" } },
    strict: true,
  });
  if (values.version === undefined || values.name === undefined) {
    throw new Error("usage: model-identity.ts --version triggered|N --name MODEL_NAME [--artifact model.json]");
  }
  let artifact: ModelIdentity | undefined;
  if (values.version.trim() === TRIGGERED && values.artifact) {
    try {
      artifact = JSON.parse(await readFile(values.artifact, "utf8")) as ModelIdentity;
    } catch (error) {
      throw new Error(`cannot read the training run's model identity ${values.artifact}: ${(error as Error).message}`);
    }
  }
  const model = chooseModel(values.version, values.name, artifact);
  console.log(`model: ${model.uri}`);
  emit(setVariable("MODEL_NAME", model.name));
  emit(setVariable("MODEL_VERSION", String(model.version)));
  emit(setVariable("MODEL_URI", model.uri));
  return 0;
}

runAsScript(import.meta.url, "model-identity", main);
