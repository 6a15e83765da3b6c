import { CliError } from "../../errors/index.js";

/** Runs a step entry: one line on failure (`mlops <step>: ...`), exit code 1 (or the CliError's). */
export function runStep(name: string, main: () => Promise<void>): void {
  main().then(
    () => {
      process.exitCode = 0;
    },
    (error: unknown) => {
      const message = error instanceof Error ? error.message : String(error);
      console.error(`mlops ${name}: ${message}`);
      if (process.env.MLOPS_DEBUG && error instanceof Error) console.error(error.stack);
      process.exitCode = error instanceof CliError ? error.exitCode : 1;
    },
  );
}
