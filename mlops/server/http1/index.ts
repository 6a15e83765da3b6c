export { type Answer, type App, TIMEOUT } from "./app.js";
export type { Limits } from "./connection.js";
export type { RequestHead } from "./head.js";
export { type Http1Server, listenHttp1 } from "./server.js";
