import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { type FixtureKind, trainFixture } from "../fixtures/index.js";

export { tempRoot } from "../fixtures/index.js";

let n = 0;

/**
 * A train step output folder of a fixture model (a real MLflow model folder), its metrics.json replaced by the
 * given metrics when there are any (evaluation reads only those).
 */
export async function trainOutput(
  root: string,
  metrics: Record<string, number>,
  kind: FixtureKind = "regression",
): Promise<string> {
  const dir = join(root, `train-${n++}`);
  await trainFixture(kind, dir, { runId: `run-${n}` });
  if (Object.keys(metrics).length > 0) writeFileSync(join(dir, "metrics.json"), JSON.stringify(metrics));
  return dir;
}
