// Request builders and the RFC clauses that allow this server to answer a case differently from llhttp.
import { escapeBytes } from "./exchange.js";

/** One raw request of the corpus: bytes as a latin1 string (one character per byte). */
export interface Case {
  readonly name: string;
  readonly request: string;
  /**
   * Why this server may answer differently from llhttp (an RFC clause): set exactly when the committed verdict
   * differs from llhttp's (verdicts.json records llhttp's answer beside it).
   */
  readonly rfc?: string;
}

/** The request behind a case: answered only when the case's framing ends where it should. */
export const NEXT = "GET /next HTTP/1.1\r\nHost: x\r\n\r\n";

export const get = (extra = "", target = "/") => `GET ${target} HTTP/1.1\r\nHost: x\r\n${extra}\r\n`;

/** A POST with a Content-Length body. */
export const post = (body: string, extra = "") =>
  `POST /p HTTP/1.1\r\nHost: x\r\nContent-Length: ${body.length}\r\n${extra}\r\n${body}`;

/** A POST with `Transfer-Encoding: chunked` and the given chunked body bytes. */
export const chunked = (body: string, extra = "") =>
  `POST /p HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n${extra}\r\n${body}`;

/** The chunked body of "hello". */
export const HELLO = "5\r\nhello\r\n0\r\n\r\n";

/**
 * A maker of cases that vary one field value: named `LABEL: "value"` (bytes escaped), the request `request(value)`,
 * with the RFC clause when the verdict differs from llhttp's.
 */
export const valueCases =
  (label: string, request: (value: string) => string) =>
  (value: string, rfc?: string): Case => ({
    name: `${label}: "${escapeBytes(value)}"`,
    request: request(value),
    ...(rfc ? { rfc } : {}),
  });

/** Printable names for the bytes a case inserts. */
export const byteName = (c: number): string => `0x${c.toString(16).padStart(2, "0").toUpperCase()}`;

/** The RFC clauses behind the differences from llhttp, by topic. */
export const RFC = {
  obsTextFraming:
    "RFC 9110 §5.5, §7.2, §7.6.1: Host is a uri-host and Connection a list of tokens, so obs-text there is no valid " +
    "value; the request is refused (400, §15.5.1) rather than read one way here and another way by a front end " +
    "(RFC 9112 §11.2); llhttp takes the value as it is",
  connectionOws:
    "RFC 9110 §5.6.3, §7.6.1: OWS (SP or HTAB) around a connection option is not part of it, so `close<HTAB>` is " +
    "close; llhttp reads it as another option and keeps the connection open",
  closeWins:
    "RFC 9112 §9.3, §9.6: a close option ends the connection after the answer whatever else the list holds; " +
    "llhttp keeps an HTTP/1.0 connection with keep-alive, close open",
  unknownCoding:
    "RFC 9112 §6.1: a server that does not understand a transfer coding SHOULD refuse the request (501); this one " +
    "reads chunked alone and refuses any other coding with 400 and a close, llhttp passes the coded body on",
  methodToken:
    "RFC 9110 §9.1, §15.6.2: an unrecognized method gets 501 (Not Implemented); this server knows RFC 9110's " +
    "methods and PATCH and answers 501 to any other token (a body read as a request line among them), llhttp 400",
  bareLf:
    "RFC 9112 §2.2: a recipient MAY take a bare LF as a line end; this server never does (CRLF only, so no two " +
    "parsers split lines differently), llhttp skips a bare LF before the request line",
  emptyCoding:
    "RFC 9112 §6.3 (4): a Transfer-Encoding field is present and chunked is not its final coding (it has none), so " +
    "the server answers 400 and closes; llhttp ignores the empty field",
  singleSp:
    "RFC 9112 §3: the request-line parts are separated by single SPs; a recipient MAY split on any whitespace, " +
    "but §3 and §11.2 warn that this leniency enables smuggling, so this server does not; llhttp does",
  version:
    "RFC 9112 §2.3: this server speaks HTTP/1.0 and HTTP/1.1 and refuses other versions (and HTTP/0.9's request " +
    "line without one) with 400; llhttp answers them as 1.x",
  hostCount: "RFC 9112 §3.2: a server MUST answer 400 to a request with more than one Host line; llhttp takes it",
  continueWithoutBody:
    "RFC 9110 §10.1.1: a server MAY omit 100 Continue when the framing says there is no content; node:http sends it",
  headLimit:
    "RFC 9110 §5.4: a server refuses a head larger than it wishes to process with a 4xx; this server's limit is 16 KiB " +
    "of head bytes (431), node:http's counts differently and took this one",
  expectation:
    "RFC 9110 §10.1.1: an expectation the server cannot meet MAY be answered 417; this server then closes (RFC 9112 " +
    "§9.6) rather than read the body it did not ask for as a request, node:http keeps reading",
  extensionGrammar:
    "RFC 9112 §7.1.1: a chunk extension's name is a token and its value a token or quoted-string, neither empty; " +
    "llhttp takes an empty one",
  extensionBws:
    "RFC 9112 §7.1.1: chunk-ext = *( BWS \";\" BWS name [ BWS \"=\" BWS value ] ): whitespace around ';' and '=' " +
    "is allowed; llhttp refuses it",
  sizeDigits:
    "RFC 9112 §7.1: recipients must prevent overflowing chunk sizes; this server reads at most 12 hex digits " +
    "(leading zeros included) and refuses longer sizes, llhttp skips leading zeros (and waits for 2^64 - 1 bytes)",
  bodyLimit:
    "RFC 9110 §15.5.14: a body over the server's limit (64 KiB here) gets 413 from its declared size; node:http has " +
    "no limit of its own (the test's handler applies it to the bytes that arrive, so it waits for them)",
  connect:
    "RFC 9110 §9.3.6: CONNECT is the application's to refuse (the scoring app answers 400: its target is not a " +
    "path); node:http hands it to a 'connect' listener and closes without one",
} as const;
