import { createHash, timingSafeEqual } from "node:crypto";
import { HttpError } from "./http-error.js";

const digest = (text: string) => createHash("sha256").update(text).digest();

/**
 * Returns a check for `Authorization: Bearer <key>`. Comparing fixed-length digests in constant time keeps both
 * the key's content and its length from leaking through response timing.
 */
export function bearerCheck(key: string): (header: string | undefined) => void {
  const expected = digest(key);
  return (header) => {
    const given = header?.startsWith("Bearer ") ? header.slice(7).trim() : undefined;
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
