import type { Manifest } from "./manifest-types.js";

/**
 * Every place the project name lives, the markers bootstrap reads the current name from, and what is deliberately
 * kept. Paths are written with placeholders, never with the name itself, so the manifest stays true after a rename;
 * kept texts quote the template's original words on purpose (they are not renamed).
 * tests/bootstrap checks it against the tree: a file that starts carrying the name must be listed here.
 */
export const MANIFEST: Manifest = {
  markers: [
    { path: ".pipelines/{snake}-variables-template.yml" },
    { path: "package.json", jsonField: { field: "name", form: "kebab" } },
  ],
  places: [
    { path: "package-lock.json", forms: ["kebab"], why: "the lockfile repeats the package name" },
    { path: "package.json", forms: ["kebab", "snake"], why: "npm package name; description" },
    { path: ".pipelines/templates/variables.yml", forms: ["snake"], why: "includes the variables template by name" },
    {
      path: ".pipelines/{snake}-variables-template.yml",
      forms: ["snake"],
      why: "the knob file, named after the project: MODEL_NAME, TRAINING_PIPELINE_NAME, DATASET_NAME",
    },
    { path: "stacks/config.ts", forms: ["snake"], why: "PROJECT_NAME: every Azure resource name derives from it" },
    { path: "stacks/naming/names.ts", forms: ["snake"], why: "documents the project input of the naming module" },
    { path: "docs/architecture.md", forms: ["snake"], why: "the variables template's file name; the bootstrap step" },
    {
      path: "docs/azure.md",
      forms: ["snake", "kebab"],
      why: "example resource group, workspace and model names (derived, untruncated)",
    },
    { path: "docs/bring-your-own-model.md", forms: ["snake"], why: "points at the variables template's knobs" },
    {
      path: "docs/github-actions.md",
      forms: ["kebab"],
      why: "the display names of the workflows' Azure identities in the setup commands",
    },
    {
      path: "docs/getting-started.md",
      forms: ["snake"],
      why: "the variables template's path; sample output and commands with MODEL_NAME",
    },
    {
      path: "docs/local-pipeline.md",
      forms: ["snake"],
      why: "sample output and the knob table: model, pipeline and dataset names",
    },
    { path: "tests/mlops/azure/cli.test.ts", forms: ["snake"], why: "model references from MODEL_NAME" },
    {
      path: "tests/mlops/azure/client.test.ts",
      forms: ["kebab"],
      why: "the resource group and workspace names the stacks derive",
    },
    {
      path: "tests/mlops/azure/contract/suites/dry-run.ts",
      forms: ["snake", "kebab"],
      why: "the pipeline tag from TRAINING_PIPELINE_NAME, the derived resource group, a MODEL_NAME reference",
    },
    {
      path: "tests/mlops/azure/contract/suites/run.ts",
      forms: ["snake"],
      why: "expects the pipeline component named from TRAINING_PIPELINE_NAME",
    },
    {
      path: "tests/mlops/bundle/fixtures/variables-template.yml",
      forms: ["snake"],
      why: "a copy of the variables template the bundle test runs with",
    },
  ],
  kept: [
    {
      path: "**",
      text: "diabetes.csv",
      why: "the sample data file: it names the data set (sklearn's diabetes data), not the project",
    },
    {
      path: "README.md",
      text: "MLOpsPython's diabetes ridge regression (`diabetes_regression`)",
      why: "names MLOpsPython's sample project, which keeps its name",
    },
    {
      path: "docs/architecture.md",
      text: "renames the template project (`diabetes_regression`)",
      why: "describes the template as it ships",
    },
    {
      path: "docs/training.md",
      text: "MLOpsPython's diabetes regression",
      why: "describes the sample model, which stays MLOpsPython's diabetes regression until you swap it",
    },
    {
      path: "training/bench/peer-train.py",
      text: "diabetes_regression/training/train.py",
      why: "a path in MLOpsPython's repository: the peer this benchmark reproduces",
    },
    {
      path: "docs/infrastructure.md",
      pattern: "`[a-z]{2,4}-?diabetes[a-z-]*-?(?:dev|prod)(?:-?[a-z0-9]{5})?`",
      why: "the sample project's derived Azure names, truncated and hashed: they are examples, not recomputed",
    },
    { path: "data/**", why: "user data: the sample data set and its broken fixtures are never rewritten" },
    { path: "docs/bootstrap.md", why: "documents the template's original name and what bootstrap does with it" },
    {
      path: "stacks/naming/rules.ts",
      pattern: 'example: "[^"]*"',
      why: "examples of valid Azure names in the naming rules: illustrations, not the project's name",
    },
    {
      path: "tests/stacks/naming.test.ts",
      why: "pins the naming module's unique suffix for a fixed input; that input is not the project's name",
    },
    { path: "bootstrap/**", why: "the rename tool: its example names (fraud_detection, ...) are not the project's" },
    { path: "tests/bootstrap/**", why: "the rename tool's tests: example names, not the project's" },
  ],
  protected: ["data/", ".mlops/"],
};
