/** The code asset's layout: `steps/<step>.mjs`, the variables template, the manifest (and a data file, if asked). */
export const BUNDLE_MANIFEST = "mlops-bundle.json";
/** The variables template, shipped at the bundle root. */
export const BUNDLED_TEMPLATE = "variables-template.yml";
/** The bundled step entries (`mlops/bundle/entries/<step>.ts` → `steps/<step>.mjs`); `score` is the batch endpoint's. */
export const STEP_ENTRIES = ["prep-data", "train", "evaluate", "register", "score"] as const;
/** A bundled step. */
export type StepEntry = (typeof STEP_ENTRIES)[number];
