/** How one variable's text becomes a typed value; `parse` throws an Error whose message says what is expected. */
export interface Spec<T> {
  /** What the value must be, for error messages and docs. */
  readonly expects: string;
  parse(raw: string): T;
}

function fail(expects: string, raw: string): never {
  throw new Error(`must be ${expects}, got '${raw}'`);
}

/** A non-empty string, optionally matching a pattern. */
export function text(options: { readonly pattern?: RegExp; readonly expects?: string } = {}): Spec<string> {
  const expects = options.expects ?? "a non-empty string";
  return {
    expects,
    parse(raw) {
      const value = raw.trim();
      if (value === "" || (options.pattern && !options.pattern.test(value))) fail(expects, raw);
      return value;
    },
  };
}

/** `true` / `false`, case-insensitive (Azure DevOps passes `True` from some UIs). */
export function bool(): Spec<boolean> {
  const expects = "true or false (any case)";
  return {
    expects,
    parse(raw) {
      const value = raw.trim().toLowerCase();
      if (value === "true") return true;
      if (value === "false") return false;
      return fail(expects, raw);
    },
  };
}

/** A finite number, optionally an integer, with bounds. */
export function numeric(
  options: { readonly integer?: boolean; readonly min?: number; readonly max?: number } = {},
): Spec<number> {
  const kind = options.integer ? "an integer" : "a number";
  const { min, max } = options;
  const expects =
    min !== undefined && max !== undefined
      ? `${kind} in ${min}..${max}`
      : min !== undefined
        ? `${kind} ≥ ${min}`
        : kind;
  return {
    expects,
    parse(raw) {
      const value = raw.trim() === "" ? Number.NaN : Number(raw);
      if (!Number.isFinite(value) || (options.integer && !Number.isInteger(value))) fail(expects, raw);
      if ((min !== undefined && value < min) || (max !== undefined && value > max)) fail(expects, raw);
      return value;
    },
  };
}

/** A test share: a fraction in (0, 1) or a whole row count ≥ 1 (scikit-learn's `test_size`). */
export function testSize(): Spec<number> {
  const expects = "a fraction in (0, 1) or an integer row count ≥ 1";
  return {
    expects,
    parse(raw) {
      const value = raw.trim() === "" ? Number.NaN : Number(raw);
      const ok = (value > 0 && value < 1) || (Number.isInteger(value) && value >= 1);
      return ok ? value : fail(expects, raw);
    },
  };
}

/** One of a fixed set of words (exact, lower case). */
export function oneOf<const T extends readonly string[]>(values: T): Spec<T[number]> {
  const expects = `one of ${values.join(" | ")}`;
  return {
    expects,
    parse(raw) {
      const value = raw.trim();
      return values.includes(value) ? (value as T[number]) : fail(expects, raw);
    },
  };
}

/** A comma-separated list of names; empty text is the empty list. */
export function list(pattern: RegExp): Spec<readonly string[]> {
  const expects = "a comma-separated list of column names (or empty)";
  return {
    expects,
    parse(raw) {
      if (raw.trim() === "") return [];
      const items = raw.split(",").map((s) => s.trim());
      if (items.some((s) => !pattern.test(s)) || new Set(items).size !== items.length) fail(expects, raw);
      return items;
    },
  };
}
