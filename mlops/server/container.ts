import { UsageError } from "../errors/index.js";
import { toNumber } from "../flags/index.js";
import { resolveModelRef } from "../registry/index.js";
import { loadPredictor } from "./model.js";
import { AZUREML_MODEL_DIR, modelFolderIn } from "./model-dir.js";
import { DEFAULT_PORT, startServer } from "./server.js";

/** In the container every interface: Azure ML's probes and the endpoint's traffic come from outside it. */
export const CONTAINER_HOST = "0.0.0.0";

/** `serve --container` options, as given on the command line (checked here). */
export interface ContainerOptions {
  /** A model REF; default the folder Azure ML mounts at $AZUREML_MODEL_DIR. */
  readonly model?: string;
  readonly port?: string;
  readonly host?: string;
  /** Refused when set (here or as MLOPS_SCORING_KEY): the endpoint authenticates callers. */
  readonly key?: string;
  readonly maxBodyBytes?: string;
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Where the status lines go (default stderr). */
  readonly say?: (line: string) => void;
}

/**
 * The serving container's command (the serving image's ENTRYPOINT runs it): listens first, so liveness (`GET /`)
 * answers while the model loads and readiness (`GET /ready`) answers 200 only once it is in; a model that does not
 * load ends the process non-zero with the reason, which Azure ML shows in the deployment's logs. SIGTERM (Azure ML
 * replacing the container) stops accepting, finishes in-flight requests, then exits 0.
 */
export async function serveContainer(options: ContainerOptions): Promise<number> {
  const env = options.env ?? process.env;
  const say = options.say ?? ((line: string) => console.error(line));
  // Azure ML authenticates callers at the endpoint and forwards them without their key; a key here would refuse them.
  if (options.key !== undefined || env.MLOPS_SCORING_KEY) {
    throw new UsageError(
      "serve --container takes no key: Azure ML authenticates callers at the endpoint (key or token) before " +
        "they reach the container; unset MLOPS_SCORING_KEY and drop --key",
    );
  }
  if (!options.model && !env[AZUREML_MODEL_DIR]) {
    throw new UsageError(
      `serve --container: ${AZUREML_MODEL_DIR} is not set and no --model was given: Azure ML sets it to the ` +
        "deployment's model; elsewhere pass --model or set it to the folder holding the model",
    );
  }
  // Handlers first: Azure ML may stop the container at any time, even while the model loads.
  let onSignal: (signal: NodeJS.Signals) => void = () => {};
  const stopSignal = new Promise<NodeJS.Signals>((resolve) => {
    onSignal = resolve;
  });
  process.once("SIGTERM", onSignal);
  process.once("SIGINT", onSignal);
  try {
    return await serveUntilStopped(options, stopSignal, say);
  } finally {
    process.off("SIGTERM", onSignal);
    process.off("SIGINT", onSignal);
  }
}

async function serveUntilStopped(
  options: ContainerOptions,
  stopSignal: Promise<NodeJS.Signals>,
  say: (line: string) => void,
): Promise<number> {
  const env = options.env ?? process.env;
  const mounted = env[AZUREML_MODEL_DIR];
  const port =
    options.port === undefined ? DEFAULT_PORT : toNumber("port", options.port, { integer: true, min: 0, max: 65535 });
  const maxBodyBytes =
    options.maxBodyBytes === undefined
      ? undefined
      : toNumber("max-body-bytes", options.maxBodyBytes, { integer: true, min: 1 });
  const where = options.model ?? `${AZUREML_MODEL_DIR}=${mounted}`;
  const dir = options.model ? resolveModelRef(options.model) : modelFolderIn(mounted as string);
  const server = await startServer({
    predictor: dir.then(loadPredictor),
    port,
    host: options.host ?? CONTAINER_HOST,
    maxBodyBytes,
    title: "scoring",
  });
  say(`mlops serve --container: listening on ${server.url}; loading the model from ${where}`);
  const loaded = server.ready.then(
    () => ({ error: undefined as unknown }),
    (error: unknown) => ({ error: error ?? new Error("the model did not load") }),
  );
  const first = await Promise.race([loaded, stopSignal.then((signal) => ({ signal }))]);
  if ("error" in first && first.error !== undefined) {
    await server.close();
    throw first.error;
  }
  if ("error" in first) say(`mlops serve --container: model loaded from ${await dir}; GET /ready answers 200`);
  const signal = "signal" in first ? first.signal : await stopSignal;
  await server.close(() => say(`mlops serve: ${signal}: finishing in-flight requests, then exiting`));
  return 0;
}
