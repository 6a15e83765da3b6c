import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { CliError } from "../errors/index.js";
import { mlopsHome, modelFolder } from "./home.js";

/** One registered model version, as `version.json` records it. */
export interface ModelVersion {
  readonly name: string;
  readonly version: number;
  readonly createdUtc: string;
  readonly description?: string;
  /** Azure ML-style string tags: the metric, BuildId, BuildUri, run_id, experiment_name, git_commit... */
  readonly tags: Readonly<Record<string, string>>;
  /** sha256 of every file, keyed by path relative to the version folder (`model/MLmodel`...). */
  readonly files: Readonly<Record<string, string>>;
  /** The version folder. */
  readonly dir: string;
  /** The MLflow model folder (`<dir>/model`). */
  readonly modelDir: string;
}

/** What `version.json` holds (snake_case on disk, like MLflow's files). */
export interface VersionFile {
  readonly name: string;
  readonly version: number;
  readonly created_utc: string;
  readonly description?: string;
  readonly tags: Record<string, string>;
  readonly files: Record<string, string>;
}

const VERSION_DIR = /^[1-9][0-9]*$/;

/** Versions present for `name`, ascending. Only complete versions are visible (they appear by one rename). */
export async function versionNumbers(name: string, home = mlopsHome()): Promise<number[]> {
  let entries: string[];
  try {
    entries = await readdir(modelFolder(name, home));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw error;
  }
  return entries
    .filter((e) => VERSION_DIR.test(e))
    .map(Number)
    .sort((a, b) => a - b);
}

/** Reads one version's record; an error names the model and version when it does not exist. */
export async function readVersion(name: string, version: number, home = mlopsHome()): Promise<ModelVersion> {
  const found = await readVersionIfPresent(name, version, home);
  if (found !== undefined) return found;
  const known = await versionNumbers(name, home);
  const hint = known.length ? `known versions: ${known.join(", ")}` : `no versions of '${name}' are registered`;
  throw new CliError(`model ${name} version ${version} not found in ${modelFolder(name, home)} (${hint})`);
}

/** One version's record, or undefined when that version does not exist. */
export async function readVersionIfPresent(
  name: string,
  version: number,
  home = mlopsHome(),
): Promise<ModelVersion | undefined> {
  const dir = join(modelFolder(name, home), String(version));
  let text: string;
  try {
    text = await readFile(join(dir, "version.json"), "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
  const file = JSON.parse(text) as VersionFile;
  return {
    name: file.name,
    version: file.version,
    createdUtc: file.created_utc,
    ...(file.description ? { description: file.description } : {}),
    tags: file.tags,
    files: file.files,
    dir,
    modelDir: join(dir, "model"),
  };
}

/** The highest version of `name` for which `accept` holds, newest first; undefined when none does. */
export async function findLatest(
  name: string,
  accept: (v: ModelVersion) => boolean = () => true,
  home = mlopsHome(),
): Promise<ModelVersion | undefined> {
  const numbers = await versionNumbers(name, home);
  for (let i = numbers.length - 1; i >= 0; i--) {
    const v = await readVersion(name, numbers[i], home);
    if (accept(v)) return v;
  }
  return undefined;
}

/** Every version of every model (or of `name`), sorted by name then version. */
export async function listModels(options: { readonly name?: string; readonly home?: string } = {}) {
  const home = options.home ?? mlopsHome();
  let names: string[];
  if (options.name !== undefined) {
    names = [options.name];
  } else {
    names = await readdir(join(home, "registry")).catch((error: NodeJS.ErrnoException) => {
      if (error.code === "ENOENT") return [];
      throw error;
    });
    names = names.filter((n) => !n.startsWith(".")).sort();
  }
  const out: ModelVersion[] = [];
  for (const name of names) {
    for (const version of await versionNumbers(name, home)) out.push(await readVersion(name, version, home));
  }
  return out;
}
