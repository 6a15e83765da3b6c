/** The code asset's layout: `steps/<step>.mjs`, the variables template, the data file, the manifest. */
export const BUNDLE_MANIFEST = "mlops-bundle.json";
export const BUNDLED_TEMPLATE = "variables-template.yml";
export const STEP_ENTRIES = ["prep-data", "train", "evaluate", "register"] as const;
export type StepEntry = (typeof STEP_ENTRIES)[number];
