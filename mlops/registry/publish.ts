import { randomBytes } from "node:crypto";
import { cp, mkdir, readdir, rename, rm, stat } from "node:fs/promises";
import { join } from "node:path";
import { sha256File, writeJsonAtomic } from "../fs/index.js";
import { modelFolder } from "./home.js";
import { abandoned, HOST } from "./liveness.js";
import { type ModelVersion, readVersion, type VersionFile, versionNumbers } from "./store.js";

const STAGING = /^\.staging-(.+)-(\d+)-[0-9a-f]+$/;
// Left by versions of this code that withdrew a duplicate version (they no longer exist).
const WITHDRAWN = /^\.withdrawn-()(\d+)-\d+$/;

/** What a new version is made of. */
export interface NewVersion {
  readonly name: string;
  readonly modelDir: string;
  readonly tags: Record<string, string>;
  readonly description?: string;
  readonly home: string;
}

/**
 * Publishes `model` as the next integer version of its name, lock-free and safe under concurrent writers: the
 * version is assembled in a hidden staging folder and appears by one `rename` onto `<name>/<version>`, which fails
 * when another writer took that number first (then the next number is tried). A killed writer leaves only a
 * hidden staging folder, never a partial version. Versions are never removed, so a number is never used twice.
 */
export async function publishVersion(model: NewVersion): Promise<ModelVersion> {
  const { name, home } = model;
  const folder = modelFolder(name, home);
  await mkdir(folder, { recursive: true });
  await sweepStaging(folder);
  const staging = join(folder, `.staging-${HOST}-${process.pid}-${randomBytes(6).toString("hex")}`);
  try {
    await cp(model.modelDir, join(staging, "model"), { recursive: true, errorOnExist: true });
    const files = await hashFiles(staging);
    for (;;) {
      const numbers = await versionNumbers(name, home);
      const version = (numbers.at(-1) ?? 0) + 1;
      const record: VersionFile = {
        name,
        version,
        created_utc: new Date().toISOString(),
        ...(model.description ? { description: model.description } : {}),
        tags: model.tags,
        files,
      };
      await writeJsonAtomic(join(staging, "version.json"), record);
      try {
        await rename(staging, join(folder, String(version)));
        return await readVersion(name, version, home);
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code !== "ENOTEMPTY" && code !== "EEXIST") throw error;
        // another writer took this number: try the next one
      }
    }
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
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
    const m = STAGING.exec(entry) ?? WITHDRAWN.exec(entry);
    if (!m) continue;
    const path = join(folder, entry);
    if (await abandoned(path, m[1] === "" ? HOST : m[1], Number(m[2])))
      await rm(path, { recursive: true, force: true });
  }
}
