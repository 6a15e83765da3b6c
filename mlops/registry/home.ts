import { join, resolve } from "node:path";
import { CliError } from "../cli/errors.js";

/** The local MLOps folder (runs, registry): `$MLOPS_HOME`, or `<cwd>/.mlops`. */
export function mlopsHome(): string {
  const home = process.env.MLOPS_HOME;
  return home ? resolve(home) : resolve(".mlops");
}

// Azure ML model names; they are folder names here, so the pattern also keeps paths inside the registry.
const MODEL_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,254}$/;

/** Checks a model name (letters, digits, '.', '_', '-'), throwing an error that names it. */
export function checkModelName(name: string): string {
  if (!MODEL_NAME.test(name) || name.includes("..")) {
    throw new CliError(`invalid model name '${name}': use letters, digits, '.', '_', '-' (≤ 255 chars)`);
  }
  return name;
}

/** `<home>/registry/<name>`: one folder per model, one sub-folder per integer version. */
export function modelFolder(name: string, home = mlopsHome()): string {
  return join(home, "registry", checkModelName(name));
}
