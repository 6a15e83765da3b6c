import { CliError } from "../errors/index.js";
import { usage } from "../flags/index.js";
import { commands } from "./commands/index.js";

function printHelp(): void {
  const lines = ["usage: npm run mlops -- <command> [flags]", "", "commands:"];
  for (const [name, entry] of Object.entries(commands)) lines.push(`  ${name.padEnd(12)} ${entry.summary}`);
  lines.push("", "Run 'npm run mlops -- <command> --help' for a command's flags.");
  console.log(lines.join("\n"));
}

async function main(argv: readonly string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === "--help" || name === "-h" || name === "help") {
    printHelp();
    return name === undefined ? 2 : 0;
  }
  const entry = Object.hasOwn(commands, name) ? commands[name] : undefined;
  if (!entry) {
    throw new CliError(`unknown command '${name}' (known: ${Object.keys(commands).join(", ")})`, 2);
  }
  const command = await entry.load();
  if (rest.includes("--help") || rest.includes("-h")) {
    console.log(usage(command.name, entry.summary, command.flags));
    return 0;
  }
  return command.run(rest);
}

const argv = process.argv.slice(2);
main(argv).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    const prefix = argv[0] ? `mlops ${argv[0]}` : "mlops";
    const message = error instanceof Error ? error.message : String(error);
    console.error(`${prefix}: ${message}`);
    if (process.env.MLOPS_DEBUG && error instanceof Error && error.stack) console.error(error.stack);
    process.exitCode = error instanceof CliError ? error.exitCode : 1;
  },
);
