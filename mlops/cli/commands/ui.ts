import { relative } from "node:path";
import { CliError, UsageError } from "../../errors/index.js";
import { parseFlags, toNumber } from "../../flags/index.js";
import { mlopsHome } from "../../registry/index.js";
import type { Command } from "../command.js";

// One flag table for `--help` (and the pipelines' flag checks): --port/--host serve, --run/--out are `ui report`'s.
const flags = {
  port: { type: "string", placeholder: "P", description: "port (default 5050; 0 picks a free one and prints it)" },
  host: {
    type: "string",
    placeholder: "H",
    description: "interface to bind (default 127.0.0.1: this machine only)",
  },
  run: { type: "string", placeholder: "ID", description: "ui report: the run (default: the newest in .mlops/runs)" },
  out: { type: "string", placeholder: "FILE", description: "ui report: write here, not <run folder>/report.html" },
} as const;

/** Refuses the other mode's flags, naming them and where they belong. */
function only(mode: string, given: Readonly<Record<string, unknown>>, others: readonly string[], hint: string): void {
  const stray = others.filter((name) => given[name] !== undefined);
  if (stray.length > 0) throw new UsageError(`'${mode}' takes no ${stray.map((n) => `--${n}`).join(", ")}: ${hint}`);
}

export const command: Command = {
  name: "ui",
  summary: "browse runs, models and comparisons in a read-only web app over .mlops/ ('ui report' writes report.html)",
  flags,
  async run(argv) {
    if (argv[0] === "report") return report(argv.slice(1));
    const f = parseFlags("ui", argv, flags);
    only("ui", f, ["run", "out"], "they are for writing a report: mlops ui report [--run ID] [--out FILE]");
    const port = f.port === undefined ? undefined : toNumber("port", f.port, { integer: true, min: 0, max: 65535 });
    const { startUi } = await import("../../ui/index.js");
    const home = mlopsHome();
    // Handlers first: a supervisor may send SIGTERM as soon as it reads the URL line.
    const stopSignal = new Promise<NodeJS.Signals>((resolve) => {
      process.once("SIGTERM", resolve);
      process.once("SIGINT", resolve);
    });
    const server = await startUi({
      home,
      ...(port !== undefined ? { port } : {}),
      ...(f.host ? { host: f.host } : {}),
    });
    console.error(`mlops ui: ${home} on ${server.url} (read-only); Ctrl-C stops`);
    const signal = await stopSignal;
    await server.close();
    console.error(`mlops ui: ${signal}: stopped`);
    return 0;
  },
};

/** `mlops ui report [--run ID] [--out FILE]`: (re)writes a run's report.html, e.g. for a run recorded from Azure ML. */
async function report(argv: readonly string[]): Promise<number> {
  const f = parseFlags("ui report", argv, flags);
  only("ui report", f, ["port", "host"], "a report is a file, not a server: drop them (mlops ui serves)");
  const { listRuns, writeReport } = await import("../../ui/index.js");
  const home = mlopsHome();
  let id = f.run;
  if (id === undefined || id === "") {
    const runs = await listRuns(home);
    if (runs.length === 0)
      throw new CliError(`no runs in ${home}/runs: run the pipeline first (npm start), or set MLOPS_HOME`);
    id = runs[0].id;
  }
  if (f.out === "") throw new UsageError("--out FILE must name a file, got ''");
  const file = await writeReport(home, id, f.out);
  const rel = relative(process.cwd(), file);
  console.log(`report: ${rel.startsWith("..") ? file : rel}`);
  return 0;
}
