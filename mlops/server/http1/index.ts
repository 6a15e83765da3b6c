export type { Answer, App, Limits } from "./app.js";
export type { RequestHead } from "./head.js";
export { type Http1Server, listenHttp1 } from "./server.js";
