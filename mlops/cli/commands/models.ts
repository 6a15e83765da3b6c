import { loadVariables } from "../../config/index.js";
import { UsageError } from "../../errors/index.js";
import { parseFlags } from "../../flags/index.js";
import { listModels, type ModelVersion } from "../../registry/index.js";
import type { Command } from "../command.js";

const flags = {
  name: { type: "string", placeholder: "NAME", description: "only this model" },
  json: { type: "boolean", description: "print the versions as JSON" },
} as const;

export const command: Command = {
  name: "models",
  summary: "list registered models",
  flags,
  async run(argv) {
    const [sub, ...rest] = argv;
    if (sub !== "list") throw new UsageError(`expected 'models list [--name N] [--json]', got '${argv.join(" ")}'`);
    const f = parseFlags("models list", rest, flags);
    const versions = await listModels(f.name ? { name: f.name } : {});
    if (f.json) {
      console.log(JSON.stringify(versions, null, 2));
      return 0;
    }
    if (versions.length === 0) {
      console.log(`no registered models${f.name ? ` named ${f.name}` : ""} (run npm start to register one)`);
      return 0;
    }
    const metric = loadVariables().EVALUATION_METRIC;
    const header = ["MODEL", "VERSION", "CREATED (UTC)", metric, "experiment", "BuildId", "run_id", "URI"];
    console.log(table([header, ...versions.map((v) => row(v, metric))]));
    return 0;
  },
};

function row(v: ModelVersion, metric: string): string[] {
  const created = v.createdUtc.replace("T", " ").slice(0, 19);
  const t = v.tags;
  const uri = `models:/${v.name}/${v.version}`;
  return [
    v.name,
    String(v.version),
    created,
    t[metric] ?? "-",
    t.experiment_name ?? "",
    t.BuildId ?? "",
    t.run_id ?? "",
    uri,
  ];
}

function table(rows: string[][]): string {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  return rows
    .map((r) =>
      r
        .map((c, i) => c.padEnd(widths[i]))
        .join("  ")
        .trimEnd(),
    )
    .join("\n");
}
