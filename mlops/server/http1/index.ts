export { type Answer, type App, type Limits, TIMEOUT } from "./app.js";
export type { RequestHead } from "./head.js";
export { type Http1Server, listenHttp1 } from "./server.js";
