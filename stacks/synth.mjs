// `npm run synth`: runs stacks/main.ts (the same app `cdktf synth` runs) from a cached esbuild bundle instead of
// compiling it with tsx on every start. Writes cdktf.out/stacks/<stack>/cdk.tf.json (CDKTF_OUTDIR overrides).
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { cachedBundle } from "./runner/bundle-cache.mjs";

const root = join(import.meta.dirname, "..");
const { file } = await cachedBundle({
  root,
  entry: "stacks/main.ts",
  cacheDir: join(root, "node_modules", ".cache", "mlops-synth"),
  extraInputs: ["stacks/synth.mjs", "stacks/runner/bundle-cache.mjs"],
});
await import(pathToFileURL(file).href);
