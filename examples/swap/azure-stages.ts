// The Azure stages of `npm run example:e2e`: the dry runs of the training pipeline (with and without a sweep) and of
// the deployment, each checking what the swapped model changes in the bodies Azure ML would receive.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { cli, modelUri, type Stage } from "./context.js";

/** The dry-run stages, in order (they follow the local ones: `deploy` looks up the model `npm start` registered). */
export const AZURE_STAGES: readonly Stage[] = [
  {
    name: "azureml dry run",
    run(c) {
      const dir = join(c.scratch, "calls");
      cli(c, "run", "--target", "azureml", "--dry-run", "--dry-run-dir", dir);
      const calls = JSON.parse(readFileSync(join(dir, "calls.json"), "utf8")) as {
        body?: { properties?: { componentSpec?: { inputs: Record<string, unknown> } } };
      }[];
      const specs = calls.flatMap((x) => x.body?.properties?.componentSpec ?? []);
      const knobs = Object.keys(
        JSON.parse(readFileSync(join(c.copy, "examples", c.example, "example.json"), "utf8")).knobs,
      );
      const wanted = knobs.filter((k) => k.startsWith("TRAIN_") && k !== "TRAIN_FEATURES");
      const missing = specs.flatMap((s, i) =>
        wanted.filter((k) => !(k in s.inputs)).map((k) => `component ${i}: ${k}`),
      );
      if (specs.length === 0 || missing.length > 0) throw new Error(`component inputs missing: ${missing.join(", ")}`);
      return `${specs.length} components, inputs ${wanted.join(", ")}`;
    },
  },
  {
    name: "azureml sweep dry run",
    run(c) {
      // `mlops sweep --target azureml` (run --target azureml with SWEEP=true) with no machinery edit: the train node
      // is a sweep over the example's own TRAIN_ knobs.
      const dir = join(c.scratch, "sweep-calls");
      cli(c, "sweep", "--target", "azureml", "--dry-run", "--dry-run-dir", dir);
      const calls = JSON.parse(readFileSync(join(dir, "calls.json"), "utf8")) as { method: string; url: string }[];
      const job = calls.find((x) => x.method === "PUT" && /\/jobs\/[^/?]+\?/.test(x.url)) as {
        body?: { properties?: { jobs?: Record<string, { type?: string; search_space?: Record<string, unknown> }> } };
      };
      const node = job?.body?.properties?.jobs?.train;
      const knobs = Object.keys(node?.search_space ?? {});
      const declared = JSON.parse(readFileSync(join(c.copy, "examples", c.example, "example.json"), "utf8")).knobs;
      if (node?.type !== "sweep" || knobs.length === 0 || knobs.some((k) => !(k in declared)))
        throw new Error(`no sweep node over the example's knobs: ${JSON.stringify(node?.type)} over ${knobs}`);
      return `sweep node over ${knobs.join(", ")}`;
    },
  },
  {
    name: "deploy dry run",
    run(c) {
      const r = c.run(process.execPath, [
        "--import",
        "tsx",
        "mlops/cli/main.ts",
        "deploy",
        "--model",
        // A dry run looks the workspace's model up by its version in the local registry ("latest" is Azure's).
        c.found.registered ?? modelUri(c),
        "--dry-run",
        "--dry-run-dir",
        join(c.scratch, "deploy"),
      ]);
      // The default mode deploys the serving image: a deployment with the environment and no scoring script.
      if (r.code !== 0) throw new Error(`deploy --dry-run exited ${r.code}:\n${r.stderr.trim()}`);
      const calls = JSON.parse(readFileSync(join(c.scratch, "deploy", "calls.json"), "utf8")) as {
        method: string;
        url: string;
        body?: { properties?: Record<string, unknown> };
      }[];
      const put = calls.find((x) => x.method === "PUT" && /\/onlineEndpoints\/[^/]+\/deployments\/[^/?]+/.test(x.url));
      const props = put?.body?.properties;
      if (props === undefined || typeof props.environmentId !== "string" || "codeConfiguration" in props) {
        throw new Error(
          `deploy --dry-run planned no custom-container deployment (environmentId, no codeConfiguration)`,
        );
      }
      return `container deployment planned: ${put?.url.split("/deployments/")[1]?.split("?")[0]}`;
    },
  },
];
