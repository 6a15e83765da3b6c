import { randomBytes } from "node:crypto";
import { cp, mkdir, readdir, rename, rm, stat } from "node:fs/promises";
import { hostname } from "node:os";
import { join } from "node:path";
import { CliError } from "../errors/index.js";
import { sha256File, writeJsonAtomic } from "../fs/index.js";
import { checkModelName, mlopsHome, modelFolder } from "./home.js";
import { findLatest, listModels, type ModelVersion, readVersion, type VersionFile, versionNumbers } from "./store.js";

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

const HOST = hostname().replace(/[^A-Za-z0-9]/g, "_");
const STAGING = /^\.staging-(.+)-(\d+)-[0-9a-f]+$/;
const STALE_MS = 24 * 3600 * 1000;

/**
 * Registers a model as the next integer version of `name`, lock-free and safe under concurrent writers: the
 * version is assembled in a hidden staging folder and appears by one `rename` onto `<name>/<version>`, which fails
 * when another writer took that number first (then the next number is tried). A killed writer leaves only a
 * hidden staging folder, never a partial version. The same `BuildId` registered again returns the existing version.
 */
export async function registerModel(options: RegisterModelOptions): Promise<RegisterResult> {
  const home = options.home ?? mlopsHome();
  const name = checkModelName(options.name);
  const tags = { ...options.tags };
  const buildId = tags.BuildId ?? "";
  const modelDir = options.modelDir;
  const isModel = await stat(join(modelDir, "MLmodel")).then(
    (s) => s.isFile(),
    () => false,
  );
  if (!isModel) throw new CliError(`${modelDir} is not an MLflow model folder (no MLmodel file); train first`);

  const sameBuild = (v: ModelVersion) => buildId !== "" && v.tags.BuildId === buildId;
  const existing = buildId ? await findLatest(name, sameBuild, home) : undefined;
  if (existing) return alreadyRegistered(existing);

  const folder = modelFolder(name, home);
  await mkdir(folder, { recursive: true });
  await sweepStaging(folder);
  const staging = join(folder, `.staging-${HOST}-${process.pid}-${randomBytes(6).toString("hex")}`);
  try {
    await cp(modelDir, join(staging, "model"), { recursive: true, errorOnExist: true });
    const files = await hashFiles(staging);
    for (;;) {
      const numbers = await versionNumbers(name, home);
      const version = (numbers.at(-1) ?? 0) + 1;
      const record: VersionFile = {
        name,
        version,
        created_utc: new Date().toISOString(),
        ...(options.description ? { description: options.description } : {}),
        tags,
        files,
      };
      await writeJsonAtomic(join(staging, "version.json"), record);
      try {
        await rename(staging, join(folder, String(version)));
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code !== "ENOTEMPTY" && code !== "EEXIST") throw error;
        const raced = buildId ? await findLatest(name, sameBuild, home) : undefined;
        if (raced) return alreadyRegistered(raced);
        continue; // another writer took this number: try the next one
      }
      return await settleSameBuild(name, version, buildId, home);
    }
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}

function alreadyRegistered(model: ModelVersion): RegisterResult {
  const message = `build ${model.tags.BuildId} is already registered as ${model.name} version ${model.version}; nothing new registered`;
  return { model, created: false, message };
}

// Two writers with the same BuildId can both pass the check before either version is visible. Both then see both
// versions; the lower one is kept and the higher one withdraws, so one build keeps one version.
async function settleSameBuild(name: string, version: number, buildId: string, home: string): Promise<RegisterResult> {
  const mine = await readVersion(name, version, home);
  if (buildId) {
    const first = (await listModels({ name, home })).find((v) => v.tags.BuildId === buildId);
    if (first && first.version < version) {
      const aside = join(modelFolder(name, home), `.withdrawn-${process.pid}-${version}`);
      await rename(mine.dir, aside);
      await rm(aside, { recursive: true, force: true });
      return alreadyRegistered(first);
    }
  }
  return { model: mine, created: true, message: `registered ${name} version ${version}` };
}

/** sha256 of every file under `dir`, keyed by its '/'-separated relative path, sorted. */
async function hashFiles(dir: string): Promise<Record<string, string>> {
  const entries = (await readdir(dir, { recursive: true })).sort();
  const out: Record<string, string> = {};
  for (const rel of entries) {
    const path = join(dir, rel);
    if ((await stat(path)).isFile()) out[rel.split("\\").join("/")] = await sha256File(path);
  }
  return out;
}

// Staging folders of writers that died (kill -9, power loss) are invisible but take space: remove those whose
// process is gone on this host, or that are a day old (another host's).
async function sweepStaging(folder: string): Promise<void> {
  for (const entry of await readdir(folder)) {
    const m = STAGING.exec(entry) ?? /^\.withdrawn-()(\d+)-\d+$/.exec(entry);
    if (!m) continue;
    const path = join(folder, entry);
    const dead = m[1] === HOST || m[1] === "" ? !isAlive(Number(m[2])) : false;
    const old = await stat(path).then(
      (s) => Date.now() - s.mtimeMs > STALE_MS,
      () => false,
    );
    if (dead || old) await rm(path, { recursive: true, force: true });
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}
