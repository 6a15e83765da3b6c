import { createHash, timingSafeEqual } from "node:crypto";
import { HttpError } from "./http-error.js";

const digest = (text: string) => createHash("sha256").update(text).digest();

/**
 * The credentials of `Authorization: Bearer <key>` (RFC 9110 §11.4: credentials = auth-scheme [ 1*SP token68 ]),
 * undefined when the scheme is not Bearer. The scheme is case-insensitive (RFC 9110 §11.1), so `bearer` counts.
 * Only SP separates the scheme from the key; the value arrives without SP/HTAB around it, and nothing else is
 * trimmed: JavaScript's trim() would also strip U+00A0 and take `Bearer KEY\xa0` for `Bearer KEY`.
 */
function bearerCredentials(header: string): string | undefined {
  if (header.length < 7 || header.charCodeAt(6) !== 32 || header.slice(0, 6).toLowerCase() !== "bearer") {
    return undefined;
  }
  let i = 7;
  while (header.charCodeAt(i) === 32) i++;
  return header.slice(i);
}

/**
 * Returns a check for `Authorization: Bearer <key>`. Comparing fixed-length digests in constant time keeps both
 * the key's content and its length from leaking through response timing.
 */
export function bearerCheck(key: string): (header: string | undefined) => void {
  const expected = digest(key);
  return (header) => {
    const given = header === undefined ? undefined : bearerCredentials(header);
    if (given === undefined || !timingSafeEqual(digest(given), expected)) {
      throw new HttpError(
        401,
        header === undefined
          ? "missing Authorization header: send Authorization: Bearer <key>"
          : "invalid key: send Authorization: Bearer <key> with the server's key",
        { "WWW-Authenticate": 'Bearer realm="score"' },
      );
    }
  };
}
