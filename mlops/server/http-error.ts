/** A request the server refuses: `status` is a 4xx, `message` says what was wrong and how to fix it. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    /** Extra response headers (e.g. `Allow` for 405, `WWW-Authenticate` for 401). */
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(message);
    this.name = "HttpError";
  }
}
