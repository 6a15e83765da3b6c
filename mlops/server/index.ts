export { isClusterWorker, leaveCluster, runWorkers } from "./cluster.js";
export type { Scorer } from "./handler.js";
export { formatRecord, type LogSink, RequestLog, type RequestLogRecord } from "./log.js";
export { loadScorer } from "./model.js";
export { PAYLOAD_KEYS } from "./payload.js";
export {
  DEFAULT_HOST,
  DEFAULT_MAX_BODY_BYTES,
  DEFAULT_PORT,
  type RunningServer,
  type ServerOptions,
  startServer,
} from "./server.js";
