/**
 * An error the CLI reports as one line (no stack trace) with a chosen exit code.
 * Messages say what was wrong, the value, and the fix.
 */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
    this.name = "CliError";
  }
}

/** Wrong flags or values on the command line (exit code 2). */
export class UsageError extends CliError {
  constructor(message: string) {
    super(message, 2);
    this.name = "UsageError";
  }
}

/** Collects every problem first, then throws once with all of them. */
export class Problems {
  readonly #items: string[] = [];

  add(message: string): void {
    this.#items.push(message);
  }

  get count(): number {
    return this.#items.length;
  }

  throwIfAny(make: (message: string) => Error = (m) => new UsageError(m)): void {
    if (this.#items.length > 0) throw make(this.#items.join("; "));
  }
}

/** The caller sent input the model cannot score (HTTP 400, a skipped batch row); the message says what and where. */
export class ScoringInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ScoringInputError";
  }
}

/** A short, safe rendering of an offending value for error messages (strings cut at 40 characters). */
export function describeValue(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  if (typeof value === "object") return "an object";
  if (typeof value === "string") {
    return `the string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}`;
  }
  return String(value);
}
