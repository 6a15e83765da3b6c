import type { Manifest } from "./manifest-types.js";

/**
 * Every place the project name lives, the markers bootstrap reads the current name from, and what is deliberately
 * kept. Paths are written with placeholders, never with the name itself, so the manifest stays true after a rename.
 * tests/bootstrap checks it against the tree: a file that starts carrying the name must be listed here.
 */
export const MANIFEST: Manifest = {
  markers: [
    { path: ".pipelines/{snake}-variables-template.yml" },
    { path: "package.json", jsonField: { field: "name", form: "kebab" } },
  ],
  places: [
    { path: "package.json", forms: ["kebab", "snake"], why: "npm package name; description" },
    { path: "package-lock.json", forms: ["kebab"], why: "the lockfile repeats the package name" },
    {
      path: ".pipelines/{snake}-variables-template.yml",
      forms: ["snake"],
      why: "the knob file, named after the project: MODEL_NAME, TRAINING_PIPELINE_NAME, DATASET_NAME",
    },
    { path: ".pipelines/templates/variables.yml", forms: ["snake"], why: "includes the variables template by name" },
    { path: "stacks/config.ts", forms: ["snake"], why: "PROJECT_NAME: every Azure resource name derives from it" },
    { path: "stacks/naming/names.ts", forms: ["snake"], why: "documents the project input of the naming module" },
    { path: "README.md", forms: ["snake"], why: "names the sample project" },
    { path: "docs/architecture.md", forms: ["snake"], why: "the variables template's file name; the bootstrap step" },
  ],
  kept: [
    {
      path: "**",
      text: "diabetes.csv",
      why: "the sample data file: it names the data set (sklearn's diabetes data), not the project",
    },
    { path: "data/**", why: "user data: the sample data set and its broken fixtures are never rewritten" },
    { path: "docs/bootstrap.md", why: "documents the template's original name and what bootstrap does with it" },
  ],
  protected: ["data/", ".mlops/"],
};
