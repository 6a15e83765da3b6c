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
