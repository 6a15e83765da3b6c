// The head's syntax: line endings, control bytes and obs-text in names, values, methods and targets, Host,
// Connection, Expect, methods and versions.
import { byteName, type Case, get, NEXT, post, RFC, valueCases } from "./requests.js";

const lineEndings: Case[] = [
  { name: "bare LF line ends", request: "GET / HTTP/1.1\nHost: x\n\n" },
  { name: "bare LF after the request line", request: "GET / HTTP/1.1\nHost: x\r\n\r\n" },
  { name: "bare LF ending the head", request: "GET / HTTP/1.1\r\nHost: x\r\n\n" },
  { name: "bare CR line ends", request: "GET / HTTP/1.1\rHost: x\r\r" },
  { name: "bare CR inside a value", request: get("X-A: a\rb\r\n") + NEXT },
  { name: "CR CR LF after a field", request: "GET / HTTP/1.1\r\nHost: x\r\r\n\r\n" },
  { name: "CRLF before the request line", request: `\r\n${get()}` },
  { name: "three CRLFs before the request line", request: `\r\n\r\n\r\n${get()}` },
  { name: "bare LF before the request line", request: `\n${get()}`, rfc: RFC.bareLf },
  { name: "CRLF after the request (then idle)", request: `${get()}\r\n` },
  { name: "space after HTTP/1.1", request: "GET / HTTP/1.1 \r\nHost: x\r\n\r\n" },
  { name: "two spaces after the method", request: "GET  / HTTP/1.1\r\nHost: x\r\n\r\n", rfc: RFC.singleSp },
  { name: "tabs between the parts of the request line", request: "GET\t/\tHTTP/1.1\r\nHost: x\r\n\r\n" },
  { name: "tab in the target", request: "GET /a\tb HTTP/1.1\r\nHost: x\r\n\r\n" },
  { name: "space in the target", request: "GET /a b HTTP/1.1\r\nHost: x\r\n\r\n" },
  {
    name: "a field line starting with a space (obs-fold)",
    request: `GET / HTTP/1.1\r\nHost: x\r\nX-A: a\r\n b\r\n\r\n${NEXT}`,
  },
  {
    name: "a field line starting with a tab (obs-fold)",
    request: `GET / HTTP/1.1\r\nHost: x\r\nX-A: a\r\n\tb\r\n\r\n${NEXT}`,
  },
  { name: "a first field line starting with a space", request: "GET / HTTP/1.1\r\n Host: x\r\n\r\n" },
  { name: "a field line without a colon", request: "GET / HTTP/1.1\r\nHost: x\r\nX-A\r\n\r\n" },
  { name: "an empty field name", request: "GET / HTTP/1.1\r\nHost: x\r\n: b\r\n\r\n" },
  { name: "an empty field value", request: get("X-A:\r\n") + NEXT },
];

/** A byte in a field value of a field the server does not read. */
const valueBytes: Case[] = [...Array.from({ length: 32 }, (_, c) => c), 0x7f, 0x80, 0xa0, 0xff].map((c) => ({
  name: `X-A value with ${byteName(c)}`,
  request: get(`X-A: a${String.fromCharCode(c)}b\r\n`) + NEXT,
}));

const nameBytes: Case[] = [0x00, 0x01, 0x20, 0x22, 0x28, 0x2f, 0x3b, 0x40, 0x5b, 0x7b, 0x7f, 0xa0, 0xe9].map((c) => ({
  name: `field name with ${byteName(c)}`,
  request: get(`X-${String.fromCharCode(c)}A: b\r\n`) + NEXT,
}));

const requestLine: Case[] = [
  ...[0x00, 0x01, 0x7f, 0xa0, 0xe9].map((c) => ({
    name: `target with ${byteName(c)}`,
    request: `GET /a${String.fromCharCode(c)}b HTTP/1.1\r\nHost: x\r\n\r\n${NEXT}`,
  })),
  { name: "method get (lower case)", request: `get / HTTP/1.1\r\nHost: x\r\n\r\n${NEXT}`, rfc: RFC.methodToken },
  { name: "method FOO", request: `FOO / HTTP/1.1\r\nHost: x\r\n\r\n${NEXT}`, rfc: RFC.methodToken },
  { name: "method with 0xA0", request: `GE\xa0T / HTTP/1.1\r\nHost: x\r\n\r\n${NEXT}` },
  { name: "method with NUL", request: `GE\x00T / HTTP/1.1\r\nHost: x\r\n\r\n${NEXT}` },
  { name: "HTTP/1.0", request: "GET / HTTP/1.0\r\n\r\n" },
  { name: "HTTP/1.2", request: "GET / HTTP/1.2\r\nHost: x\r\n\r\n" },
  { name: "HTTP/2.0", request: "GET / HTTP/2.0\r\nHost: x\r\n\r\n", rfc: RFC.version },
  { name: "HTTP/0.9", request: "GET / HTTP/0.9\r\nHost: x\r\n\r\n", rfc: RFC.version },
  { name: "http/1.1 (lower case)", request: "GET / http/1.1\r\nHost: x\r\n\r\n" },
  { name: "HTTP/1.10", request: "GET / HTTP/1.10\r\nHost: x\r\n\r\n" },
  { name: "HTTP/11", request: "GET / HTTP/11\r\nHost: x\r\n\r\n" },
  { name: "no version", request: "GET /\r\nHost: x\r\n\r\n", rfc: RFC.version },
  { name: "no target", request: "GET HTTP/1.1\r\nHost: x\r\n\r\n" },
  { name: "OPTIONS *", request: `OPTIONS * HTTP/1.1\r\nHost: x\r\n\r\n${NEXT}` },
  { name: "absolute-form target", request: `GET http://x/a?b=1 HTTP/1.1\r\nHost: x\r\n\r\n${NEXT}` },
  { name: "CONNECT authority-form", request: "CONNECT x:443 HTTP/1.1\r\nHost: x:443\r\n\r\n", rfc: RFC.connect },
];

const host = valueCases("Host", (value) => `GET / HTTP/1.1\r\nHost: ${value}\r\n\r\n${NEXT}`);

const hosts: Case[] = [
  host("x"),
  host(""),
  host("x:80"),
  host("[::1]:80"),
  host("x\t"),
  host("x\xa0", RFC.obsTextFraming),
  host("\xa0x", RFC.obsTextFraming),
  host("x\xe9", RFC.obsTextFraming),
  { name: "no Host in HTTP/1.1", request: "GET / HTTP/1.1\r\n\r\n" },
  { name: "two Host lines", request: "GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n", rfc: RFC.hostCount },
  { name: "two Host lines, same value", request: "GET / HTTP/1.1\r\nHost: a\r\nHost: a\r\n\r\n", rfc: RFC.hostCount },
  { name: "Host with a space before the colon", request: "GET / HTTP/1.1\r\nHost : x\r\n\r\n" },
  { name: "no Host in HTTP/1.0", request: "GET / HTTP/1.0\r\n\r\n" },
];

/** A request with `Connection: value`, alone (a request behind a close is a case of its own). */
const connectionCases = (version: string) =>
  valueCases(`HTTP/${version} Connection`, (v) => `GET / HTTP/${version}\r\nHost: x\r\nConnection: ${v}\r\n\r\n`);
const connection = connectionCases("1.1");
const connection10 = connectionCases("1.0");

const connections: Case[] = [
  connection("close"),
  connection("Close"),
  connection("CLOSE"),
  connection("close "),
  connection("close\t", RFC.connectionOws),
  connection("close\xa0", RFC.obsTextFraming),
  connection("\xa0close", RFC.obsTextFraming),
  connection("keep-alive, close"),
  connection("close, keep-alive"),
  connection("x, Close"),
  connection(",close"),
  connection("close,"),
  connection("closed"),
  connection("xclose"),
  connection("keep-alive"),
  connection10("keep-alive"),
  connection10("Keep-Alive"),
  connection10("keep-alive\xa0", RFC.obsTextFraming),
  connection10("keep-alive, close", RFC.closeWins),
  { name: "HTTP/1.0 without Connection", request: "GET / HTTP/1.0\r\n\r\n" },
  { name: "Connection: close with a request behind it", request: get("Connection: close\r\n") + NEXT },
];

const expects: Case[] = [
  { name: "Expect: 100-continue", request: post("hello", "Expect: 100-continue\r\n") + NEXT },
  { name: "Expect: 100-Continue", request: post("hello", "Expect: 100-Continue\r\n") + NEXT },
  {
    name: "Expect: 100-continue on a GET without body",
    request: get("Expect: 100-continue\r\n") + NEXT,
    rfc: RFC.continueWithoutBody,
  },
  {
    name: "Expect: 100-continue\\xa0",
    request: post("hello", "Expect: 100-continue\xa0\r\n") + NEXT,
    rfc: RFC.expectation,
  },
  { name: "Expect: something-else", request: post("hello", "Expect: something-else\r\n") + NEXT, rfc: RFC.expectation },
  {
    name: "HTTP/1.0 Expect: something-else",
    request: post("hello", "Expect: something-else\r\n").replace("HTTP/1.1", "HTTP/1.0"),
  },
];

export const SYNTAX_CASES: readonly Case[] = [
  ...lineEndings,
  ...valueBytes,
  ...nameBytes,
  ...requestLine,
  ...hosts,
  ...connections,
  ...expects,
];
