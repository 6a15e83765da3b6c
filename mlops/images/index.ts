// The images Azure ML builds from this repository: the serving image (the online deployment's container) and the
// step image (every pipeline step's runtime). Each is a committed Dockerfile plus a build context built here.
// (The Dockerfile reader, ./dockerfile.ts, and the lint use dev dependencies: tools and tests import them directly.)
export {
  buildServingContext,
  buildStepContext,
  CONTEXT_MANIFEST,
  type ContextOptions,
  dockerfileOf,
  type ImageContext,
  type ImageKind,
  readImageContext,
  SERVING_APP_DIR,
} from "./context.js";
export { type InferenceConfig, type Route, SERVING_PORT, SERVING_ROUTES, servingInferenceConfig } from "./serving.js";
