export { isClusterWorker, leaveCluster, runWorkers } from "./cluster.js";
export type { Scorer } from "./handler.js";
export { HttpError } from "./http-error.js";
export { formatRecord, type LogSink, RequestLog, type RequestLogRecord } from "./log.js";
export { loadScorer } from "./model.js";
export { PAYLOAD_KEYS, rowsFromPayload } from "./payload.js";
export {
  DEFAULT_HOST,
  DEFAULT_MAX_BODY_BYTES,
  DEFAULT_PORT,
  type RunningServer,
  type ServerOptions,
  startServer,
} from "./server.js";
export { swaggerDocument } from "./swagger.js";
