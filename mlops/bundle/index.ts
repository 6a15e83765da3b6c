// The step bundles: each pipeline step entry bundled with esbuild into one file, the code asset Azure ML runs.
export { type Bundle, type BundleOptions, buildBundle, readBundle } from "./build.js";
export { BUNDLE_MANIFEST, BUNDLED_TEMPLATE, STEP_ENTRIES, type StepEntry } from "./layout.js";
