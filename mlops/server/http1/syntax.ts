// The byte classes of RFC 9110 §5.6 and the comparisons the parsers make on them, straight on the bytes: no
// strings, so no JavaScript notion of whitespace (String.prototype.trim strips U+00A0, which as a latin1 byte is
// obs-text, not whitespace) and no allocation on the hot path.

/** A malformed head: the server answers `status` with `message` and closes the connection. */
export class HeadError extends Error {
  constructor(
    readonly status: 400 | 417 | 431 | 501,
    message: string,
  ) {
    super(message);
  }
}

/** A 400 for a malformed head. */
export const malformed = (message: string): HeadError => new HeadError(400, `malformed HTTP request (${message})`);

/** tchar (RFC 9110 §5.6.2): the bytes of tokens — header names, methods, list items (1) — and the others (0). */
export const TCHAR = new Uint8Array(256);
for (const c of "!#$%&'*+-.^_`|~0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ") {
  TCHAR[c.charCodeAt(0)] = 1;
}
/** Field-value bytes (RFC 9110 §5.5): visible characters, SP, HTAB and obs-text; no other control characters. */
export const VCHAR = new Uint8Array(256).map((_, c) => (c === 9 || (c >= 32 && c !== 127) ? 1 : 0));

/** qdtext (RFC 9110 §5.6.4): what a quoted string holds unescaped (no DQUOTE, no backslash). */
const QDTEXT = new Uint8Array(256).map((_, c) => (VCHAR[c] === 1 && c !== 34 && c !== 92 ? 1 : 0));

/** The lower-case bytes of a name the parsers compare with. */
export const lower = (name: string): Uint8Array => Uint8Array.from(name, (c) => c.charCodeAt(0));

/**
 * Whether `b[at, at + name.length)` is `name` (lower-case letters and '-') in any letter case. `| 0x20` folds
 * A–Z onto a–z and leaves '-' as it is; no other byte folds onto a letter or '-'.
 */
export function equalsIgnoringCase(b: Uint8Array, at: number, name: Uint8Array): boolean {
  for (let k = 0; k < name.length; k++) if ((b[at + k] | 0x20) !== name[k]) return false;
  return true;
}

/** The first index from `i` (below `end`) that is not SP or HTAB (OWS and BWS, RFC 9110 §5.6.3). */
export function skipOws(b: Uint8Array, i: number, end: number): number {
  while (i < end && (b[i] === 32 || b[i] === 9)) i++;
  return i;
}

/** The first index from `i` (below `end`) that is not a tchar. */
export function skipToken(b: Uint8Array, i: number, end: number): number {
  while (i < end && TCHAR[b[i]] === 1) i++;
  return i;
}

/**
 * The index after the quoted string that starts with the DQUOTE at `i` (RFC 9110 §5.6.4: qdtext and
 * backslash-escaped pairs); -1 when it is not closed before `end` or holds a byte it may not.
 */
export function quotedStringEnd(b: Uint8Array, i: number, end: number): number {
  for (i++; i < end; i++) {
    const c = b[i];
    if (c === 34) return i + 1;
    if (c === 92) {
      i++;
      if (i >= end || VCHAR[b[i]] !== 1) return -1; // quoted-pair: "\" (HTAB / SP / VCHAR / obs-text)
    } else if (QDTEXT[c] !== 1) return -1;
  }
  return -1;
}

/** The first byte of `b[start, end)` above 0x7F (obs-text), -1 when there is none. */
export function obsTextAt(b: Uint8Array, start: number, end: number): number {
  for (let i = start; i < end; i++) if (b[i] > 0x7f) return i;
  return -1;
}
