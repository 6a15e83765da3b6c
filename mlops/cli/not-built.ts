import type { Command } from "./command.js";
import { CliError } from "./errors.js";

// TEMPORARY scaffolding while the issues that own each command land. Delete when no command uses it.
export function notBuilt(name: string, issue: number, exitCode = 1): Command {
  return {
    name,
    summary: "",
    flags: {},
    async run() {
      if (exitCode === 0) {
        console.log(`mlops ${name}: not built yet (issue #${issue}); nothing to do.`);
        return 0;
      }
      throw new CliError(`not built yet (issue #${issue})`, exitCode);
    },
  };
}
