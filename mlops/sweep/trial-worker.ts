// A sweep's worker process (forked by pool.ts): trains the trials it is sent, one at a time, each a real train step
// on the prep-data split with a validation split carved from the training rows, and answers with the metrics.
// Its own process, so trials of a CPU-bound model run on separate cores.
import { pathToFileURL } from "node:url";
import type { ModelDefinition } from "../contract/index.js";
import { numericMetrics } from "../steps/io.js";
import type { TrialReply, TrialRequest } from "./protocol.js";

const models = new Map<string, Promise<ModelDefinition>>();

/** The model a request names: the project's (training/) or an export of a module (fixtures, examples). */
function modelOf(request: TrialRequest): Promise<ModelDefinition> {
  const key = request.model ? `${request.model.module}#${request.model.export}` : "";
  let model = models.get(key);
  if (!model) {
    model = request.model
      ? import(pathToFileURL(request.model.module).href).then((m) => {
          const found = m[request.model?.export ?? ""] as ModelDefinition | undefined;
          if (!found) throw new Error(`${request.model?.module} exports no ${request.model?.export}`);
          return found;
        })
      : import("../project/index.js").then((m) => m.projectModel);
    models.set(key, model);
  }
  return model;
}

async function runTrial(request: TrialRequest): Promise<TrialReply> {
  const started = performance.now();
  try {
    const { trainFromPrepStep } = await import("../steps/train-from-prep.js");
    const result = await trainFromPrepStep({
      prepDir: request.prepDir,
      outputDir: request.outputDir,
      params: request.params,
      validationSize: request.validationSize,
      model: await modelOf(request),
      charts: false, // a trial is ranked by numbers; the sweep draws its own charts
      ...(request.modelName ? { modelName: request.modelName } : {}),
      ...(request.runId ? { runId: request.runId } : {}),
    });
    const seconds = (performance.now() - started) / 1000;
    return { trial: request.trial, ok: true, metrics: numericMetrics(result.metrics), seconds };
  } catch (error) {
    const seconds = (performance.now() - started) / 1000;
    return { trial: request.trial, ok: false, error: (error as Error).message ?? String(error), seconds };
  }
}

// One trial at a time: the pool sends the next when this one answers, so each process keeps one core busy.
process.on("message", (request: TrialRequest) => {
  void runTrial(request).then((reply) => process.send?.(reply));
});
// Ready: the pool sends the first trial once the worker's imports are done.
void import("../steps/train-from-prep.js").then(() => process.send?.({ ready: true }));
