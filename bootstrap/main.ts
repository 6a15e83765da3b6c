// `npm run bootstrap -- --name NAME [--dry-run] [--force]` or `-- --rollback` (see docs/bootstrap.md).
import { join } from "node:path";
import { runBootstrap } from "./cli.js";

process.exitCode = await runBootstrap(process.argv.slice(2), {
  root: join(import.meta.dirname, ".."),
  env: process.env,
  print: (line) => console.log(line),
  printError: (line) => console.error(line),
});
