import { cpSync, mkdtempSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { REPO } from "./cli.js";

// What `npm start` needs from a clone; node_modules is linked, not copied.
const PARTS = ["package.json", "tsconfig.json", ".pipelines", "data", "training", "scoring", "mlops"];

/** A temp copy of the repository (so runs write their own `.mlops`), removed by `cleanup`. */
export function tempRepo(): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), "mlops-repo-"));
  for (const part of PARTS) cpSync(join(REPO, part), join(dir, part), { recursive: true });
  symlinkSync(join(REPO, "node_modules"), join(dir, "node_modules"), "dir");
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}
