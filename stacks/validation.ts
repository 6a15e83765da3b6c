import type { IConstruct } from "constructs";
import { Problems } from "../mlops/errors/index.js";
import { checkName, formatNameProblem, type NameKind, type NameProblem } from "./naming/index.js";

/** A construct's props broke rules: every problem, with the construct path, at once. */
export class StackValidationError extends Error {
  constructor(
    readonly path: string,
    message: string,
  ) {
    super(`${path}: ${message}`);
    this.name = "StackValidationError";
  }
}

/**
 * Collects every problem with a construct's props, then throws once (aws-cdk style: fail at synth, before
 * anything reaches Azure). Each problem names the field, the rule, the value and the fix.
 */
export class PropsValidator {
  readonly #problems = new Problems();

  /** Records a problem unless `ok`. */
  check(ok: boolean, problem: NameProblem): void {
    if (!ok) this.#problems.add(formatNameProblem(problem));
  }

  /** Records naming problems (from the naming module). */
  names(problems: readonly NameProblem[]): void {
    for (const problem of problems) this.#problems.add(formatNameProblem(problem));
  }

  /** Checks a resource name against Azure's rule for its kind. */
  name(kind: NameKind, value: string, field: string): void {
    this.names(checkName(kind, value, field));
  }

  /** Checks that a number is an integer within [min, max]. */
  integer(field: string, value: number, min: number, max: number, fix: string): void {
    this.check(Number.isInteger(value) && value >= min && value <= max, {
      field,
      rule: `an integer from ${min} to ${max}`,
      value: String(value),
      fix,
    });
  }

  /** Checks that a value is one of the allowed ones. */
  oneOf<T extends string>(field: string, value: T, allowed: readonly T[], fix?: string): void {
    this.check(allowed.includes(value), {
      field,
      rule: `one of ${allowed.map((a) => `"${a}"`).join(", ")}`,
      value,
      fix: fix ?? `use one of ${allowed.join(", ")}`,
    });
  }

  /** Throws a {@link StackValidationError} naming the construct path if any problem was recorded. */
  throwIfAny(scope: IConstruct): void {
    const count = this.#problems.count;
    this.#problems.throwIfAny(
      (message) => new StackValidationError(scope.node.path, `${count} problem${count === 1 ? "" : "s"}: ${message}`),
    );
  }
}
