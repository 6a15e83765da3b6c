export { isClusterWorker, leaveCluster, runWorkers } from "./cluster.js";
export { CONTAINER_HOST, type ContainerOptions, serveContainer } from "./container.js";
export { formatRecord, type LogSink, RequestLog, type RequestLogRecord } from "./log.js";
export { loadPredictor } from "./model.js";
export { AZUREML_MODEL_DIR, modelFolderIn } from "./model-dir.js";
export { PAYLOAD_KEYS } from "./payload.js";
export {
  DEFAULT_HOST,
  DEFAULT_MAX_BODY_BYTES,
  DEFAULT_PORT,
  type RunningServer,
  type ServerOptions,
  startServer,
} from "./server.js";
