import type { FlagDefs } from "../flags/index.js";

/** A CLI subcommand: `npm run mlops -- <name> [flags]`. */
export interface Command {
  readonly name: string;
  /** One line for `mlops --help`. */
  readonly summary: string;
  /** Flags, used for `--help` and for parsing. */
  readonly flags: FlagDefs;
  /** Runs the command; resolves to the process exit code. Throw a CliError for a one-line failure. */
  run(argv: readonly string[]): Promise<number>;
}
