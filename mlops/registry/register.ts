import { stat } from "node:fs/promises";
import { join } from "node:path";
import { CliError } from "../errors/index.js";
import { BuildClaim } from "./build-claim.js";
import { checkModelName, mlopsHome } from "./home.js";
import { publishVersion } from "./publish.js";
import { findLatest, type ModelVersion, readVersion, readVersionIfPresent } from "./store.js";

/** What to register. */
export interface RegisterModelOptions {
  readonly name: string;
  /** An MLflow model folder (it has an `MLmodel` file); copied into the registry. */
  readonly modelDir: string;
  /** String tags; a non-empty `BuildId` makes the registration idempotent for that build. */
  readonly tags?: Readonly<Record<string, string>>;
  readonly description?: string;
  readonly home?: string;
}

/** The registered version, whether this call created it, and a one-line message saying what happened. */
export interface RegisterResult {
  readonly model: ModelVersion;
  readonly created: boolean;
  readonly message: string;
}

/**
 * Registers a model as the next integer version of `name` (see publishVersion: lock-free, a killed writer leaves
 * no partial version, numbers are never reused). With a `BuildId` tag the registration is idempotent, also under
 * concurrency and kills: the build's claim (build-claim.ts) lets one writer register it while every other writer
 * of the same build waits and reports the very same version.
 */
export async function registerModel(options: RegisterModelOptions): Promise<RegisterResult> {
  const home = options.home ?? mlopsHome();
  const name = checkModelName(options.name);
  const tags = { ...options.tags };
  const buildId = tags.BuildId ?? "";
  const isModel = await stat(join(options.modelDir, "MLmodel")).then(
    (s) => s.isFile(),
    () => false,
  );
  if (!isModel) throw new CliError(`${options.modelDir} is not an MLflow model folder (no MLmodel file); train first`);
  const version = { name, modelDir: options.modelDir, tags, description: options.description, home };
  if (buildId === "") return created(await publishVersion(version));

  const claim = new BuildClaim(name, buildId, home);
  const sameBuild = (v: ModelVersion) => v.tags.BuildId === buildId;
  const acquired = await claim.acquire(async (n) => {
    const v = await readVersionIfPresent(name, n, home);
    return v !== undefined && sameBuild(v);
  });
  if (!acquired.held) return alreadyRegistered(await readVersion(name, acquired.version, home));
  try {
    // A holder killed after publishing left its version unrecorded; registries older than claims have none.
    const existing = await findLatest(name, sameBuild, home);
    const model = existing ?? (await publishVersion(version));
    await claim.record(model.version);
    return existing ? alreadyRegistered(existing) : created(model);
  } catch (error) {
    await claim.release();
    throw error;
  }
}

function created(model: ModelVersion): RegisterResult {
  return { model, created: true, message: `registered ${model.name} version ${model.version}` };
}

function alreadyRegistered(model: ModelVersion): RegisterResult {
  const message = `build ${model.tags.BuildId} is already registered as ${model.name} version ${model.version}; nothing new registered`;
  return { model, created: false, message };
}
