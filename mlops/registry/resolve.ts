import { stat } from "node:fs/promises";
import { resolve } from "node:path";
import { CliError } from "../errors/index.js";
import { checkModelName, mlopsHome, modelFolder } from "./home.js";
import { type ModelVersion, readVersion, versionNumbers } from "./store.js";

/** A parsed `models:/<name>/<version|latest>` URI. */
export interface ModelUri {
  readonly name: string;
  readonly version: number | "latest";
}

const URI = /^models:\/([^/]+)\/([^/]+)$/;

/** Parses an MLflow-style model URI; undefined when `ref` is not one (`models:` prefix absent). */
export function parseModelUri(ref: string): ModelUri | undefined {
  if (!ref.startsWith("models:")) return undefined;
  const m = URI.exec(ref);
  const version = m?.[2];
  if (!m || (version !== "latest" && !/^[1-9][0-9]*$/.test(version ?? ""))) {
    throw new CliError(`invalid model URI '${ref}': use models:/<name>/<version> or models:/<name>/latest`);
  }
  checkModelName(m[1]);
  return { name: m[1], version: version === "latest" ? "latest" : Number(version) };
}

/** The registered version a `models:/` URI names (latest = highest version); errors name the URI. */
export async function resolveModelVersion(
  uri: string,
  options: { readonly home?: string } = {},
): Promise<ModelVersion> {
  const home = options.home ?? mlopsHome();
  const parsed = parseModelUri(uri);
  if (!parsed) throw new CliError(`'${uri}' is not a models:/<name>/<version|latest> URI`);
  let version = parsed.version;
  if (version === "latest") {
    const numbers = await versionNumbers(parsed.name, home);
    if (numbers.length === 0) {
      throw new CliError(
        `${uri}: no versions of '${parsed.name}' in ${modelFolder(parsed.name, home)} (run npm start)`,
      );
    }
    version = numbers[numbers.length - 1];
  }
  try {
    return await readVersion(parsed.name, version, home);
  } catch (error) {
    throw new CliError(`${uri}: ${(error as Error).message}`);
  }
}

/**
 * Where a model reference points: a folder path → that folder (absolute); `models:/<name>/<version|latest>` →
 * the registered version's MLflow `model/` folder. Errors name the reference.
 */
export async function resolveModelRef(ref: string, options: { readonly home?: string } = {}): Promise<string> {
  if (ref.startsWith("models:")) return (await resolveModelVersion(ref, options)).modelDir;
  const path = resolve(ref);
  const isDir = await stat(path).then(
    (s) => s.isDirectory(),
    () => false,
  );
  if (!isDir) {
    throw new CliError(`model '${ref}' is not a folder (give a model folder or models:/<name>/<version|latest>)`);
  }
  return path;
}
