// One version per build id, under any number of concurrent writers and kills. Before registering a build, a writer
// claims it: it creates `<home>/registry/.builds/<name>/<hash of the build id>/<generation>.json`, which exactly one
// writer can create (a hard link of a complete file: never seen half-written). The holder publishes the version
// (or finds one a killed predecessor published) and records its number in the claim; every other writer waits
// for that number and reports it. A claim whose holder died without recording a number is superseded by the next
// generation, which only one writer can create. Nothing is ever removed from the registry's versions, so no number
// is used twice and no version a writer reported disappears.
import { createHash, randomBytes } from "node:crypto";
import { link, mkdir, readdir, readFile, rm, unlink, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { CliError } from "../errors/index.js";
import { writeJsonAtomic } from "../fs/index.js";
import { mlopsHome } from "./home.js";
import { abandoned, HOST } from "./liveness.js";

/** What a claim file holds. */
interface ClaimFile {
  readonly buildId: string;
  readonly host: string;
  readonly pid: number;
  readonly claimedUtc: string;
  /** The version registered for the build, once there is one. */
  readonly version?: number;
}

/** How long a writer waits for a living holder to record its version before it gives up (it registers nothing). */
const WAIT_MS = 10 * 60 * 1000;
const GENERATION = /^([1-9][0-9]*)\.json$/;
const TEMP = /^\.tmp-(.+)-(\d+)-[0-9a-f]+$/;

/** The claim of one build: `hold` it, or learn the version its holder recorded. */
export class BuildClaim {
  readonly dir: string;
  #held: string | undefined = undefined;

  constructor(
    readonly name: string,
    readonly buildId: string,
    home = mlopsHome(),
  ) {
    const hash = createHash("sha256").update(buildId).digest("hex").slice(0, 32);
    this.dir = join(home, "registry", ".builds", name, hash);
  }

  /**
   * Either takes the claim (`{ held: true }`: the caller registers, then calls `record`) or waits for the holder
   * and returns the version it recorded. `valid` says whether a recorded version still exists for this build (a
   * version removed by hand makes its claim stale).
   */
  async acquire(
    valid: (version: number) => Promise<boolean>,
  ): Promise<{ held: true } | { held: false; version: number }> {
    await mkdir(this.dir, { recursive: true });
    await this.#sweepTemps();
    const deadline = Date.now() + WAIT_MS;
    for (let pause = 5; ; pause = Math.min(2 * pause, 100)) {
      const latest = await this.#latest();
      if (latest === undefined) {
        if (await this.#create(1)) return { held: true };
        continue;
      }
      const { generation, claim } = latest;
      const path = join(this.dir, `${generation}.json`);
      if (claim === undefined) {
        // Removed under us (a holder gave up, or removed a generation it superseded): look again.
        await sleep(pause);
        continue;
      }
      if (claim.version !== undefined && (await valid(claim.version))) return { held: false, version: claim.version };
      // A recorded version that no longer exists, or a holder that died before recording one: supersede it.
      if (claim.version !== undefined || (await abandoned(path, claim.host, claim.pid))) {
        if (await this.#create(generation + 1)) return { held: true };
        continue;
      }
      if (Date.now() > deadline) {
        throw new CliError(
          `build ${this.buildId} of ${this.name} is being registered by process ${claim.pid} on ${claim.host} since ` +
            `${claim.claimedUtc} and no version was recorded in ${WAIT_MS / 60_000} minutes; stop that process or ` +
            `remove ${path}, then run again`,
        );
      }
      await sleep(pause);
    }
  }

  /** Records the registered version in the held claim and removes the generations it superseded. */
  async record(version: number): Promise<void> {
    const held = this.#held;
    if (held === undefined) throw new Error("BuildClaim.record without holding the claim");
    const claim = JSON.parse(await readFile(held, "utf8")) as ClaimFile;
    await writeJsonAtomic(held, { ...claim, version });
    for (const entry of await readdir(this.dir)) {
      const m = GENERATION.exec(entry);
      if (m && join(this.dir, entry) !== held) await rm(join(this.dir, entry), { force: true });
    }
  }

  /** Gives a held claim up (registration failed): the next writer takes the build over at once. */
  async release(): Promise<void> {
    if (this.#held !== undefined) await rm(this.#held, { force: true });
    this.#held = undefined;
  }

  /** The highest generation and its content (undefined content: not readable as a claim). */
  async #latest(): Promise<{ generation: number; claim: ClaimFile | undefined } | undefined> {
    let generation = 0;
    for (const entry of await readdir(this.dir)) {
      const m = GENERATION.exec(entry);
      if (m) generation = Math.max(generation, Number(m[1]));
    }
    if (generation === 0) return undefined;
    const claim = await readFile(join(this.dir, `${generation}.json`), "utf8").then(
      (text) => JSON.parse(text) as ClaimFile,
      () => undefined,
    );
    return { generation, claim };
  }

  /** Creates generation `n` with this process's claim; false when another writer created it first. */
  async #create(n: number): Promise<boolean> {
    const claim: ClaimFile = {
      buildId: this.buildId,
      host: HOST,
      pid: process.pid,
      claimedUtc: new Date().toISOString(),
    };
    const temp = join(this.dir, `.tmp-${HOST}-${process.pid}-${randomBytes(6).toString("hex")}`);
    await writeFile(temp, `${JSON.stringify(claim, null, 2)}\n`, { flag: "wx" });
    const path = join(this.dir, `${n}.json`);
    try {
      await link(temp, path);
      this.#held = path;
      return true;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "EEXIST") return false;
      throw error;
    } finally {
      await unlink(temp);
    }
  }

  /** Temp files of writers killed between writing and linking their claim. */
  async #sweepTemps(): Promise<void> {
    for (const entry of await readdir(this.dir)) {
      const m = TEMP.exec(entry);
      const path = join(this.dir, entry);
      if (m && (await abandoned(path, m[1], Number(m[2])))) await rm(path, { force: true });
    }
  }
}
