import { DEFAULT_PORT } from "../server/server.js";

/** The port the serving image's server listens on (the Dockerfile's EXPOSE and CMD; Azure ML's inference port). */
export const SERVING_PORT = DEFAULT_PORT;

/**
 * The serving container's routes, as the environment's inferenceConfig tells Azure ML. Liveness is `/live`, not
 * `/`: the spec's Route.path must contain a letter, digit or '_' (mfe.json 2025-12-01, pattern "[a-zA-Z0-9_]").
 */
export const SERVING_ROUTES = { liveness: "/live", readiness: "/ready", scoring: "/score" } as const;

/** A route of inferenceConfig (mfe.json `Route`: path and port, both required). */
export interface Route {
  readonly path: string;
  readonly port: number;
}

/** The environment version's `inferenceConfig` (mfe.json `InferenceContainerProperties`). */
export interface InferenceConfig {
  readonly livenessRoute: Route;
  readonly readinessRoute: Route;
  readonly scoringRoute: Route;
}

/** inferenceConfig for the serving image: every probe and the scoring route on SERVING_PORT. */
export function servingInferenceConfig(port = SERVING_PORT): InferenceConfig {
  return {
    livenessRoute: { path: SERVING_ROUTES.liveness, port },
    readinessRoute: { path: SERVING_ROUTES.readiness, port },
    scoringRoute: { path: SERVING_ROUTES.scoring, port },
  };
}
