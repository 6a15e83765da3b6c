// Bundle entry of the serving image (esbuild → app/serve.mjs): `node serve.mjs [--port P]` is `mlops serve
// --container` — the model from $AZUREML_MODEL_DIR, readiness once it is loaded, no key, SIGTERM drains.
import { parseFlags } from "../../flags/index.js";
import { serveContainer } from "../../server/index.js";
import { runStep } from "./run.js";

const flags = {
  port: { type: "string", placeholder: "P", description: "port (the image's EXPOSE and inferenceConfig's)" },
  host: { type: "string", placeholder: "H", description: "interface (default every one)" },
  model: { type: "string", placeholder: "REF", description: "model folder (default $AZUREML_MODEL_DIR)" },
  "max-body-bytes": { type: "string", placeholder: "N", description: "largest request body" },
} as const;

runStep("serve", async () => {
  const f = parseFlags("serve", process.argv.slice(2), flags);
  await serveContainer({
    ...(f.port !== undefined ? { port: f.port } : {}),
    ...(f.host !== undefined ? { host: f.host } : {}),
    ...(f.model !== undefined ? { model: f.model } : {}),
    ...(f["max-body-bytes"] !== undefined ? { maxBodyBytes: f["max-body-bytes"] } : {}),
  });
});
