// Oversized parts (each just under and over its limit) and pipelining (several requests in one write).
import { type Case, chunked, get, HELLO, NEXT, post, RFC } from "./requests.js";
import { MAX_BODY } from "./servers.js";

const oversized: Case[] = [
  { name: "a 15 KB field value", request: get(`X-Big: ${"a".repeat(15_000)}\r\n`) + NEXT },
  { name: "a 17 KB field value", request: get(`X-Big: ${"a".repeat(17_000)}\r\n`) + NEXT },
  { name: "a 15 KB target", request: get("", `/${"a".repeat(15_000)}`) + NEXT },
  { name: "a 17 KB target", request: get("", `/${"a".repeat(17_000)}`) + NEXT },
  { name: "a 2 KB field name", request: get(`X-${"a".repeat(2_000)}: b\r\n`) + NEXT },
  { name: "500 small fields", request: get("X-A: b\r\n".repeat(500)) + NEXT },
  { name: "3,000 small fields (17 KB)", request: get("X-A: b\r\n".repeat(3_000)) + NEXT, rfc: RFC.headLimit },
  { name: "a Content-Length body at the limit", request: post("a".repeat(MAX_BODY)) + NEXT },
  { name: "a Content-Length body over the limit", request: post("a".repeat(MAX_BODY + 1)) + NEXT },
  {
    name: "a chunked body at the limit",
    request: chunked(`${MAX_BODY.toString(16)}\r\n${"a".repeat(MAX_BODY)}\r\n0\r\n\r\n`) + NEXT,
  },
  {
    name: "a chunked body over the limit, in 1 KiB chunks",
    request: chunked(`${`400\r\n${"a".repeat(1024)}\r\n`.repeat(MAX_BODY / 1024 + 1)}0\r\n\r\n`) + NEXT,
  },
  { name: "a 20 KB trailer section", request: chunked(`5\r\nhello\r\n0\r\nX-T: ${"a".repeat(20_000)}\r\n\r\n`) + NEXT },
  { name: "a 10 KB trailer section", request: chunked(`5\r\nhello\r\n0\r\nX-T: ${"a".repeat(10_000)}\r\n\r\n`) + NEXT },
];

const pipelined: Case[] = [
  { name: "two GETs", request: get() + NEXT },
  { name: "ten GETs", request: get().repeat(9) + NEXT },
  { name: "GET, POST with a body, GET", request: get() + post("hello") + NEXT },
  { name: "three chunked POSTs", request: chunked(HELLO).repeat(3) + NEXT },
  { name: "chunked POST, then a Content-Length POST", request: chunked(HELLO) + post("hello") + NEXT },
  { name: "a request, then a line of garbage", request: `${get()}GARBAGE\r\n\r\n` },
  { name: "a request, then a bare LF request", request: `${get()}GET / HTTP/1.1\nHost: x\n\n` },
  { name: "a request, then half a request", request: `${get()}GET /half HTTP/1.1\r\nHo` },
  { name: "HTTP/1.0, then another request", request: `GET / HTTP/1.0\r\n\r\n${NEXT}` },
  {
    name: "HTTP/1.0 keep-alive, then another request",
    request: `GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n${NEXT}`,
  },
  { name: "HEAD, then GET", request: `HEAD / HTTP/1.1\r\nHost: x\r\n\r\n${NEXT}` },
  { name: "a POST whose body is a request", request: post(NEXT) + NEXT },
  {
    name: "a chunked POST whose chunk is a request",
    request: chunked(`${NEXT.length.toString(16)}\r\n${NEXT}\r\n0\r\n\r\n`) + NEXT,
  },
  { name: "a request inside a trailer", request: chunked(`5\r\nhello\r\n0\r\n${NEXT}`) + NEXT },
];

export const LIMIT_CASES: readonly Case[] = [...oversized, ...pipelined];
