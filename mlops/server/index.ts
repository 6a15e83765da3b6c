export { isClusterWorker, leaveCluster, runWorkers } from "./cluster.js";
export { formatRecord, type LogSink, RequestLog, type RequestLogRecord } from "./log.js";
export { loadPredictor } from "./model.js";
export { PAYLOAD_KEYS } from "./payload.js";
export {
  DEFAULT_HOST,
  DEFAULT_MAX_BODY_BYTES,
  DEFAULT_PORT,
  type RunningServer,
  type ServerOptions,
  startServer,
} from "./server.js";
