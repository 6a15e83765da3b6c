// Smuggling shapes and framing: Transfer-Encoding and Content-Length values and names, their combinations, and the
// chunked body's own syntax (sizes, extensions, trailers). Each request is followed by NEXT: whether NEXT gets an
// answer shows where the server thinks the body ended.
import { byteName, type Case, chunked, get, HELLO, NEXT, post, RFC, valueCases } from "./requests.js";

const te = valueCases(
  "Transfer-Encoding",
  (value) => `POST /p HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: ${value}\r\n\r\n${HELLO}${NEXT}`,
);

const teValues: Case[] = [
  te("chunked"),
  te("Chunked"),
  te("CHUNKED"),
  te(" chunked  "),
  te("\tchunked"),
  te("chunked\t"),
  te("chunked\xa0"),
  te("\xa0chunked"),
  te("chu\xa0nked"),
  te("chunked\x85"),
  te("chunked\xff"),
  te("chunked\x0b"),
  te("chunked\x0c"),
  te("chunked\x00"),
  te("chunked\x7f"),
  te("chunked,"),
  te(", chunked"),
  te(",chunked"),
  te(", , chunked"),
  te("chunked, chunked"),
  te("gzip, chunked", RFC.unknownCoding),
  te("chunked, gzip"),
  te("identity"),
  te("identity, chunked", RFC.unknownCoding),
  te("gzip"),
  te("xchunked"),
  te("chunkedx"),
  te("chunk"),
  te("chun ked"),
  te("chunked;q=1"),
  te('"chunked"'),
  te("", RFC.emptyCoding),
  te("\xa0"),
];

const framing: Case[] = [
  {
    name: "TE name with a space before the colon",
    request: `POST /p HTTP/1.1\r\nHost: x\r\nTransfer-Encoding : chunked\r\n\r\n${HELLO}${NEXT}`,
  },
  {
    name: "TE name with a tab before the colon",
    request: `POST /p HTTP/1.1\r\nHost: x\r\nTransfer-Encoding\t: chunked\r\n\r\n${HELLO}${NEXT}`,
  },
  {
    name: "TE name with 0xA0 before the colon",
    request: `POST /p HTTP/1.1\r\nHost: x\r\nTransfer-Encoding\xa0: chunked\r\n\r\n${HELLO}${NEXT}`,
  },
  {
    name: "Transfer_Encoding (underscore) is another field",
    request: `POST /p HTTP/1.1\r\nHost: x\r\nTransfer_Encoding: chunked\r\n\r\n${HELLO}${NEXT}`,
  },
  {
    name: "TE name in lower case",
    request: `POST /p HTTP/1.1\r\nHost: x\r\ntransfer-encoding: chunked\r\n\r\n${HELLO}${NEXT}`,
  },
  {
    name: "TE line folded onto the previous line",
    request: `POST /p HTTP/1.1\r\nHost: x\r\nX-A: b\r\n Transfer-Encoding: chunked\r\n\r\n${HELLO}${NEXT}`,
  },
  {
    name: "TE value folded onto a second line",
    request: `POST /p HTTP/1.1\r\nHost: x\r\nTransfer-Encoding:\r\n chunked\r\n\r\n${HELLO}${NEXT}`,
  },
  { name: "two TE lines: chunked, chunked", request: chunked(HELLO, "Transfer-Encoding: chunked\r\n") + NEXT },
  {
    name: "two TE lines: gzip then chunked",
    request: `POST /p HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip\r\nTransfer-Encoding: chunked\r\n\r\n${HELLO}${NEXT}`,
    rfc: RFC.unknownCoding,
  },
  { name: "two TE lines: chunked then gzip", request: chunked(HELLO, "Transfer-Encoding: gzip\r\n") + NEXT },
  {
    name: "CL.TE: Content-Length before Transfer-Encoding",
    request: `POST /p HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n${HELLO}${NEXT}`,
  },
  { name: "TE.CL: Transfer-Encoding before Content-Length", request: chunked(HELLO, "Content-Length: 15\r\n") + NEXT },
  { name: "TE with Content-Length: 0", request: chunked(HELLO, "Content-Length: 0\r\n") + NEXT },
  { name: "TE with an invalid Content-Length", request: chunked(HELLO, "Content-Length: x\r\n") + NEXT },
  { name: "HTTP/1.0 with chunked", request: `POST /p HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n${HELLO}${NEXT}` },
];

const cl = valueCases(
  "Content-Length",
  (value) => `POST /p HTTP/1.1\r\nHost: x\r\nContent-Length: ${value}\r\n\r\nhello${NEXT}`,
);

const clValues: Case[] = [
  cl("5"),
  cl("05"),
  cl("0005"),
  cl("+5"),
  cl("-5"),
  cl("5.0"),
  cl("0x5"),
  cl("5e0"),
  cl(" 5 "),
  cl("\t5"),
  cl("5\t"),
  cl("5\xa0"),
  cl("\xa05"),
  cl("5\x0b"),
  cl("5\x00"),
  cl("5, 5"),
  cl("5,5"),
  cl("5 5"),
  cl(""),
  { ...cl("0"), rfc: RFC.methodToken },
  cl("99999999999999999999"),
  cl("100000", RFC.bodyLimit),
  { name: "two Content-Length lines, same value", request: post("hello", "Content-Length: 5\r\n") + NEXT },
  { name: "two Content-Length lines, different values", request: post("hello", "Content-Length: 6\r\n") + NEXT },
  {
    name: "Content-Length with a space before the colon",
    request: `POST /p HTTP/1.1\r\nHost: x\r\nContent-Length : 5\r\n\r\nhello${NEXT}`,
  },
  {
    name: "Content-Length shorter than the body",
    request: `POST /p HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\nhello${NEXT}`,
    rfc: RFC.methodToken,
  },
  {
    name: "Content-Length longer than what arrives",
    request: `POST /p HTTP/1.1\r\nHost: x\r\nContent-Length: 9\r\n\r\nhello`,
  },
  {
    name: "GET with a Content-Length body",
    request: get("Content-Length: 5\r\n").replace("\r\n\r\n", "\r\n\r\nhello") + NEXT,
  },
];

/** A chunked POST whose body is `body`, then NEXT. */
const body = (name: string, chunks: string, rfc?: string): Case => ({
  name: `chunked body: ${name}`,
  request: chunked(chunks) + NEXT,
  ...(rfc ? { rfc } : {}),
});

const chunkedBodies: Case[] = [
  body("5 hello", HELLO),
  body("two chunks", "3\r\nhel\r\n2\r\nlo\r\n0\r\n\r\n"),
  body("upper-case hex A", "A\r\n0123456789\r\n0\r\n\r\n"),
  body("lower-case hex a", "a\r\n0123456789\r\n0\r\n\r\n"),
  body("leading zeros 0005", "0005\r\nhello\r\n0\r\n\r\n"),
  body("13 hex digits 0000000000005", "0000000000005\r\nhello\r\n0\r\n\r\n", RFC.sizeDigits),
  body("size ffffffffffffffff (overflow)", "ffffffffffffffff\r\nhello\r\n0\r\n\r\n", RFC.sizeDigits),
  body("size 1ffffffffffffffff (overflow)", "1ffffffffffffffff\r\nhello\r\n0\r\n\r\n"),
  body("size -5", "-5\r\nhello\r\n0\r\n\r\n"),
  body("size 0x5", "0x5\r\nhello\r\n0\r\n\r\n"),
  body("size +5", "+5\r\nhello\r\n0\r\n\r\n"),
  body("empty size line", "\r\nhello\r\n0\r\n\r\n"),
  body("space after the size", "5 \r\nhello\r\n0\r\n\r\n"),
  body("tab after the size", "5\t\r\nhello\r\n0\r\n\r\n"),
  body("space before the size", " 5\r\nhello\r\n0\r\n\r\n"),
  body("0xA0 after the size", "5\xa0\r\nhello\r\n0\r\n\r\n"),
  body("NUL after the size", "5\x00\r\nhello\r\n0\r\n\r\n"),
  body("data longer than the size", "5\r\nhelloX\r\n0\r\n\r\n"),
  body("data shorter than the size", "6\r\nhello\r\n0\r\n\r\n"),
  body("bare LF after the size", "5\nhello\r\n0\r\n\r\n"),
  body("bare LF after the data", "5\r\nhello\n0\r\n\r\n"),
  body("CR CR LF after the size", "5\r\r\nhello\r\n0\r\n\r\n"),
  body("last chunk only", "0\r\n\r\n"),
  body("last chunk 000", "000\r\n\r\n"),
  body("last chunk with an extension", "5\r\nhello\r\n0;a=b\r\n\r\n"),
  body("trailer field", "5\r\nhello\r\n0\r\nX-T: y\r\n\r\n"),
  body("trailer Content-Length", "5\r\nhello\r\n0\r\nContent-Length: 20\r\n\r\n"),
  body("trailer Transfer-Encoding", "5\r\nhello\r\n0\r\nTransfer-Encoding: chunked\r\n\r\n"),
  body("trailer Host", "5\r\nhello\r\n0\r\nHost: y\r\n\r\n"),
  body("trailer value with 0xA0", "5\r\nhello\r\n0\r\nX-T: y\xa0\r\n\r\n"),
  body("trailer with a space before the colon", "5\r\nhello\r\n0\r\nX-T : y\r\n\r\n"),
  body("trailer value with 0x01", "5\r\nhello\r\n0\r\nX-T: \x01\r\n\r\n"),
  body("trailer line without a colon", "5\r\nhello\r\n0\r\nnot a field\r\n\r\n"),
  body("trailer folded line", "5\r\nhello\r\n0\r\nX-T: y\r\n z\r\n\r\n"),
  body("no blank line after the last chunk", `5\r\nhello\r\n0\r\n`),
  ...["a", "a=b", 'a="b"', 'a="b\\"c"', 'a="b c"', "a=b;c=d", "a;b", 'a="\xa0"'].map((ext) =>
    body(`extension ;${ext}`, `5;${ext}\r\nhello\r\n0\r\n\r\n`),
  ),
  ...[" ;a=b", "; a=b", ";a =b", ";a= b", ' ;a="b"'].map((ext) =>
    body(`extension with whitespace ${JSON.stringify(ext)}`, `5${ext}\r\nhello\r\n0\r\n\r\n`, RFC.extensionBws),
  ),
  ...[";=b", ";a="].map((ext) => body(`extension ${ext}`, `5${ext}\r\nhello\r\n0\r\n\r\n`, RFC.extensionGrammar)),
  ...[
    ";",
    ";;",
    ";a=b ",
    ";a b",
    ';a="unterminated',
    ';a="b',
    ";a=b\xa0",
    ";a=\xa0",
    ';a="b\x01"',
    ';a="b\x7f"',
    ";a=b\x00",
    ';a="b"c',
    ';a="b\\',
  ].map((ext) => body(`extension ${JSON.stringify(ext)}`, `5${ext}\r\nhello\r\n0\r\n\r\n`)),
  body("extension of 5,000 bytes", `5;a=${"x".repeat(5000)}\r\nhello\r\n0\r\n\r\n`),
  body("extension of 20,000 bytes", `5;a=${"x".repeat(20_000)}\r\nhello\r\n0\r\n\r\n`),
  body(
    "extensions of 3,000 bytes on each of 8 chunks",
    `${`${`1;a=${"x".repeat(3000)}\r\nh\r\n`}`.repeat(8)}0\r\n\r\n`,
  ),
];

/** Controls of the TE value: each C0 byte (but HTAB) and DEL right after `chunked`. */
const teControls: Case[] = [...Array.from({ length: 32 }, (_, c) => c), 0x7f]
  .filter((c) => c !== 9 && c !== 0x0a && c !== 0x0d && c !== 0x00 && c !== 0x0b && c !== 0x0c && c !== 0x7f)
  .map((c) => ({
    name: `Transfer-Encoding: chunked then ${byteName(c)}`,
    request: `POST /p HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked${String.fromCharCode(c)}\r\n\r\n${HELLO}${NEXT}`,
  }));

export const FRAMING_CASES: readonly Case[] = [...teValues, ...framing, ...clValues, ...chunkedBodies, ...teControls];
