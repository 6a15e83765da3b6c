import { spawnSync } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";

// Runs every benchmark script one after another (never in parallel: they would disturb each other): the
// machinery's in bench/, then the model's own in training/bench/ (they go when the model is replaced).
const ROOT = join(import.meta.dirname, "..");
const FOLDERS = ["bench", join("training", "bench")];
const HELPERS = new Set(["run-all.ts", "fit-child.ts"]);
const only = process.argv.slice(2);
const scripts = FOLDERS.filter((folder) => existsSync(join(ROOT, folder))).flatMap((folder) =>
  readdirSync(join(ROOT, folder))
    .filter((f) => f.endsWith(".ts") && !HELPERS.has(f))
    .filter((f) => only.length === 0 || only.some((o) => f.includes(o)))
    .sort()
    .map((f) => join(folder, f)),
);
let failed = 0;
for (const script of scripts) {
  console.log(`\n== ${script}`);
  const result = spawnSync(process.execPath, ["--import", "tsx", join(ROOT, script)], { stdio: "inherit" });
  if (result.status !== 0) failed++;
}
process.exitCode = failed > 0 ? 1 : 0;
