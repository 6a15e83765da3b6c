import { readFileSync } from "node:fs";
import { join } from "node:path";

/**
 * Example responses of the Azure ML REST spec (Azure/azure-rest-api-specs, MIT, Microsoft; stable 2025-12-01),
 * copied into ./examples (content unchanged; a test checks they still equal the spec's files).
 */
export const EXAMPLE_FILES = {
  startPendingUpload: "code-version-start-pending-upload.json",
  codeVersion: "code-version.json",
  environmentVersion: "environment-version.json",
  pipelineJob: "pipeline-job.json",
  modelVersion: "model-version.json",
  onlineEndpoint: "online-endpoint.json",
  onlineDeployment: "online-deployment.json",
} as const;

/** One of the examples above. */
export type ExampleName = keyof typeof EXAMPLE_FILES;

const cache = new Map<ExampleName, Record<string, unknown>>();

/** The example's response body for `status` (200 by default), as a fresh copy. */
export function exampleResponse(name: ExampleName, status = "200"): Record<string, unknown> {
  let doc = cache.get(name);
  if (!doc) {
    doc = JSON.parse(readFileSync(join(import.meta.dirname, "examples", EXAMPLE_FILES[name]), "utf8")) as Record<
      string,
      unknown
    >;
    cache.set(name, doc);
  }
  const responses = doc.responses as Record<string, { body?: Record<string, unknown> }>;
  return structuredClone(responses[status]?.body ?? responses["200"]?.body ?? {});
}
