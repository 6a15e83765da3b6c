import { execFileSync } from "node:child_process";
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, isAbsolute, join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { synthesize } from "../../stacks/app.js";
import { loadStacksConfig } from "../../stacks/config.js";
import { AZURERM_VERSION_CONSTRAINT, localStatePath } from "../../stacks/ml-stack.js";
import { cachedBundle } from "../../stacks/runner/bundle-cache.mjs";
import { useTempDirs } from "./helpers.js";

const ROOT = join(import.meta.dirname, "..", "..");
const tempDir = useTempDirs();
const read = (dir: string, stack: string) => readFileSync(join(dir, "stacks", stack, "cdk.tf.json"), "utf8");
// Without TFSTATE_* the stacks use local state: the runner and the in-process synth see the same environment.
const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith("TFSTATE_")));

describe("npm run synth (node stacks/synth.mjs)", () => {
  it("writes the same JSON as the app synthesized in-process, for every stack", () => {
    const viaRunner = tempDir();
    execFileSync(process.execPath, [join(ROOT, "stacks", "synth.mjs")], {
      cwd: ROOT,
      env: { ...env, CDKTF_OUTDIR: viaRunner },
    });
    const inProcess = tempDir();
    synthesize({ outdir: inProcess, config: loadStacksConfig(env) });
    expect(readdirSync(join(viaRunner, "stacks")).sort()).toEqual(["dev", "prod"]);
    for (const stack of ["dev", "prod"]) expect(read(viaRunner, stack)).toBe(read(inProcess, stack));
    expect(readFileSync(join(viaRunner, "manifest.json"), "utf8")).toBe(
      readFileSync(join(inProcess, "manifest.json"), "utf8"),
    );

    const json = JSON.parse(read(viaRunner, "prod"));
    expect(Object.keys(json.resource).sort()).toEqual([
      "azapi_resource",
      "azapi_update_resource",
      "azurerm_application_insights",
      "azurerm_container_registry",
      "azurerm_key_vault",
      "azurerm_log_analytics_workspace",
      "azurerm_machine_learning_compute_cluster",
      "azurerm_machine_learning_workspace",
      "azurerm_resource_group",
      "azurerm_role_assignment",
      "azurerm_storage_account",
    ]);
    expect(json.terraform.required_providers).toEqual({
      azurerm: { source: "azurerm", version: AZURERM_VERSION_CONSTRAINT },
      azapi: { source: "Azure/azapi", version: "~> 2.5" },
    });
    expect(Object.keys(json.provider).sort()).toEqual(["azapi", "azurerm"]);
    expect(Object.keys(json.output).sort()).toEqual([
      "batch_endpoint_id",
      "batch_scoring_uri",
      "compute_cluster_id",
      "online_endpoint_id",
      "online_scoring_uri",
      "workspace_id",
    ]);
  });

  it("exits non-zero with one line naming the problem", () => {
    let stderr = "";
    try {
      execFileSync(process.execPath, [join(ROOT, "stacks", "synth.mjs")], {
        cwd: ROOT,
        env: { ...env, CDKTF_OUTDIR: tempDir(), TFSTATE_RESOURCE_GROUP: "rg-state" },
        stdio: ["ignore", "pipe", "pipe"],
      });
    } catch (error) {
      stderr = String((error as { stderr: Buffer }).stderr);
    }
    expect(stderr.trim().split("\n")).toEqual([
      "synth: remote state: TFSTATE_STORAGE_ACCOUNT, TFSTATE_CONTAINER not set; set all of TFSTATE_RESOURCE_GROUP, TFSTATE_STORAGE_ACCOUNT, TFSTATE_CONTAINER or none",
    ]);
  });
});

/** Every string in a JSON value that is an absolute path (POSIX or a Windows drive). */
function absolutePaths(value: unknown, at = ""): string[] {
  if (typeof value === "string") return isAbsolute(value) || /^[A-Za-z]:[\\/]/.test(value) ? [`${at} = ${value}`] : [];
  if (value === null || typeof value !== "object") return [];
  return Object.entries(value).flatMap(([key, child]) => absolutePaths(child, `${at}.${key}`));
}

describe("the synthesized stacks do not depend on where the repository was cloned", () => {
  it("local state is relative to the stack folder (beside the output folder); no absolute path anywhere", () => {
    const config = loadStacksConfig(env);
    const a = tempDir();
    const b = join(tempDir(), "deeper", "cdktf.out"); // another place, another depth
    mkdirSync(b, { recursive: true });
    synthesize({ outdir: a, config });
    synthesize({ outdir: b, config });
    for (const stack of ["dev", "prod"]) {
      const text = read(a, stack);
      expect(read(b, stack), stack).toBe(text);
      const json = JSON.parse(text);
      expect(json.terraform.backend).toEqual({ local: { path: localStatePath(stack) } });
      // Terraform runs in the stack's folder (the manifest's workingDirectory): the file lands beside the outdir.
      const manifest = JSON.parse(readFileSync(join(a, "manifest.json"), "utf8"));
      const workingDir = join(a, manifest.stacks[stack].workingDirectory);
      expect(resolve(workingDir, json.terraform.backend.local.path)).toBe(
        join(dirname(a), `terraform.${stack}.tfstate`),
      );
      expect(absolutePaths(json), stack).toEqual([]);
      for (const place of [ROOT, a, b, process.cwd()]) expect(text).not.toContain(place);
    }
    expect(absolutePaths(JSON.parse(readFileSync(join(a, "manifest.json"), "utf8")))).toEqual([]);
  });

  it("remote state (TFSTATE_*) replaces the local backend", () => {
    const outdir = tempDir();
    const remote = {
      ...env,
      TFSTATE_RESOURCE_GROUP: "rg-state",
      TFSTATE_STORAGE_ACCOUNT: "ststate",
      TFSTATE_CONTAINER: "tfstate",
    };
    synthesize({ outdir, config: loadStacksConfig(remote) });
    const json = JSON.parse(read(outdir, "dev"));
    expect(Object.keys(json.terraform.backend)).toEqual(["azurerm"]);
    expect(absolutePaths(json)).toEqual([]);
  });
});

describe("cachedBundle", () => {
  it("reuses the bundle while its inputs are unchanged, rebuilds when one changes, and pins import.meta paths", async () => {
    const root = tempDir();
    writeFileSync(join(root, "main.ts"), 'import { where } from "./lib.ts";\nconsole.log(where);\n');
    writeFileSync(join(root, "lib.ts"), "export const where: string = import.meta.dirname;\n");
    const options = { root, entry: "main.ts", cacheDir: join(root, "cache") };

    const first = await cachedBundle(options);
    expect(first.built).toBe(true);
    expect(execFileSync(process.execPath, [first.file], { encoding: "utf8" }).trim()).toBe(root);
    expect(await cachedBundle(options)).toEqual({ file: first.file, built: false });

    writeFileSync(join(root, "lib.ts"), 'export const where: string = "changed";\n');
    const third = await cachedBundle(options);
    expect(third.built).toBe(true);
    expect(third.file).not.toBe(first.file);
    expect(execFileSync(process.execPath, [third.file], { encoding: "utf8" }).trim()).toBe("changed");
  });
});
