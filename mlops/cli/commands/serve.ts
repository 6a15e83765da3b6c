import { availableParallelism } from "node:os";
import { UsageError } from "../../errors/index.js";
import { parseFlags, toNumber } from "../../flags/index.js";
import { resolveModelRef } from "../../registry/index.js";
import {
  AZUREML_MODEL_DIR,
  CONTAINER_HOST,
  DEFAULT_HOST,
  DEFAULT_MAX_BODY_BYTES,
  DEFAULT_PORT,
  isClusterWorker,
  leaveCluster,
  loadPredictor,
  runWorkers,
  serveContainer,
  startServer,
} from "../../server/index.js";
import type { Command } from "../command.js";

const flags = {
  model: {
    type: "string",
    placeholder: "REF",
    description: `model folder or models:/<name>/<version|latest> (required, except with --container: $${AZUREML_MODEL_DIR})`,
  },
  port: {
    type: "string",
    placeholder: "P",
    description: `port (default ${DEFAULT_PORT}, Azure ML's; 0 picks a free one)`,
  },
  host: {
    type: "string",
    placeholder: "H",
    description: `interface to bind (default ${DEFAULT_HOST}: this machine only)`,
  },
  key: {
    type: "string",
    placeholder: "K",
    description: "require Authorization: Bearer K (default: env MLOPS_SCORING_KEY; unset: no auth)",
  },
  "max-body-bytes": {
    type: "string",
    placeholder: "N",
    description: `largest request body (default ${DEFAULT_MAX_BODY_BYTES}); larger → 413`,
  },
  workers: { type: "string", placeholder: "N", description: "processes sharing the port (node:cluster; default 1)" },
  container: {
    type: "boolean",
    description:
      `Azure ML's serving container: model from $${AZUREML_MODEL_DIR}, binds ${CONTAINER_HOST}, listens before the ` +
      "model loads (GET /ready 503 until then), no key (Azure authenticates callers at the endpoint)",
  },
} as const;

/** How the primary hands its resolved model folder to the workers. */
const MODEL_DIR_ENV = "MLOPS_SERVE_MODEL_DIR";

// Log writes stay below PIPE_BUF when several workers share stdout, so lines never interleave.
const SHARED_STDOUT_BATCH = 3584;

export const command: Command = {
  name: "serve",
  summary: "serve a model over HTTP (Azure ML inference-server contract)",
  flags,
  async run(argv) {
    const f = parseFlags("serve", argv, flags);
    if (f.container) {
      if (f.workers !== undefined) {
        throw new UsageError("serve --container runs one process: drop --workers (scale the deployment's instances)");
      }
      return serveContainer({
        ...(f.model ? { model: f.model } : {}),
        ...(f.port !== undefined ? { port: f.port } : {}),
        ...(f.host !== undefined ? { host: f.host } : {}),
        ...(f.key !== undefined ? { key: f.key } : {}),
        ...(f["max-body-bytes"] !== undefined ? { maxBodyBytes: f["max-body-bytes"] } : {}),
      });
    }
    if (f.model === undefined || f.model === "") {
      throw new UsageError(`serve: --model REF is required (or --container, which reads $${AZUREML_MODEL_DIR})`);
    }
    const ref = f.model;
    const port = f.port === undefined ? DEFAULT_PORT : toNumber("port", f.port, { integer: true, min: 0, max: 65535 });
    const maxBodyBytes =
      f["max-body-bytes"] === undefined
        ? undefined
        : toNumber("max-body-bytes", f["max-body-bytes"], { integer: true, min: 1 });
    const workers =
      f.workers === undefined
        ? 1
        : toNumber("workers", f.workers, { integer: true, min: 1, max: 4 * availableParallelism() });
    const key = f.key ?? (process.env.MLOPS_SCORING_KEY || undefined);
    // Workers serve the folder the primary resolved: `models:/name/latest` must not name a newer version in one
    // of them because a registration happened while they started.
    const dir = (isClusterWorker && process.env[MODEL_DIR_ENV]) || (await resolveModelRef(ref));
    // Loads and checks the whole folder (an ONNX file that answers differently from the model is refused) before
    // anything listens; the primary of several workers checks it once, each worker loads it for itself.
    const predictor = await loadPredictor(dir);
    const describe = (url: string) =>
      `mlops serve: ${ref} on ${url} — POST /score, GET /swagger.json; key auth ${key ? "on" : "off"}` +
      `${workers > 1 ? `; ${workers} workers` : ""}; Ctrl-C stops`;
    if (workers > 1 && !isClusterWorker) {
      return runWorkers(workers, (url) => console.error(describe(url)), { [MODEL_DIR_ENV]: dir });
    }

    // Handlers first: a supervisor may send SIGTERM as soon as it reads the "listening" line.
    const stopSignal = new Promise<NodeJS.Signals>((resolve) => {
      process.once("SIGTERM", resolve);
      process.once("SIGINT", resolve);
    });
    const server = await startServer({
      predictor,
      port,
      host: f.host,
      key,
      maxBodyBytes,
      title: `${ref} scoring`,
      ...(predictor.example ? { example: { data: predictor.example } } : {}),
      logBatchBytes: isClusterWorker ? SHARED_STDOUT_BATCH : undefined,
    });
    if (!isClusterWorker) console.error(describe(server.url));
    const signal = await stopSignal;
    await server.close(() => {
      if (!isClusterWorker) console.error(`mlops serve: ${signal}: finishing in-flight requests, then exiting`);
    });
    leaveCluster();
    return 0;
  },
};
