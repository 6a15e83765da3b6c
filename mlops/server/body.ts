import { HttpError } from "./http-error.js";

const JSON_SUFFIX = /^application\/[\w.+-]+\+json$/;
const UTF8 = /^charset="?utf-?8"?$/;

/**
 * Refuses bodies that are not JSON: `application/json` or any `+json` type, UTF-8 only. A missing Content-Type is
 * accepted (some clients omit it for JSON); form posts (curl -d's default) are the usual mistake this catches.
 */
export function checkContentType(header: string | undefined): void {
  if (header === undefined || header === "application/json") return;
  const [type, ...params] = header.toLowerCase().split(";");
  const mediaType = type.trim();
  if (mediaType !== "application/json" && !JSON_SUFFIX.test(mediaType)) {
    throw new HttpError(415, `Content-Type ${JSON.stringify(header)} is not JSON: send Content-Type: application/json`);
  }
  const charset = params.map((p) => p.trim()).find((p) => p.startsWith("charset="));
  if (charset && !UTF8.test(charset))
    throw new HttpError(415, `${charset} is not supported: send the body as UTF-8 JSON`);
}

/** The 413 message for a body of `what` (e.g. "5000 bytes") over the limit. */
export function tooLargeMessage(what: string, maxBytes: number): string {
  return `the body is too large (${what}; the limit is ${maxBytes} bytes): split the batch or raise --max-body-bytes`;
}
