import { join, resolve } from "node:path";
import { CliError } from "../errors/index.js";

/** The local MLOps folder (runs, registry): `$MLOPS_HOME`, or `<cwd>/.mlops`. */
export function mlopsHome(): string {
  const home = process.env.MLOPS_HOME;
  return home ? resolve(home) : resolve(".mlops");
}

/**
 * Azure ML asset names (models, experiments, pipelines): letters, digits, '.', '_', '-', starting with a letter or
 * digit. Model names are folder names here: the leading letter/digit and the absence of '/' keep them inside the
 * registry ('..' cannot be a whole name).
 */
export const ASSET_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,254}$/;

/** Checks a model name (letters, digits, '.', '_', '-'), throwing an error that names it. */
export function checkModelName(name: string): string {
  if (!ASSET_NAME.test(name)) {
    throw new CliError(`invalid model name '${name}': use letters, digits, '.', '_', '-' (≤ 255 chars)`);
  }
  return name;
}

/** `<home>/registry/<name>`: one folder per model, one sub-folder per integer version. */
export function modelFolder(name: string, home = mlopsHome()): string {
  return join(home, "registry", checkModelName(name));
}
