// What a model predicts and from what: its task, target and input columns. Two models are comparable (one may
// replace the other as production) only when these agree; the kind of model may differ.
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import {
  COLUMN_TYPES,
  type ColumnSpec,
  type ColumnType,
  describeColumns,
  type ModelInfo,
  signatureDifferences,
  TASKS,
  type Task,
} from "../contract/index.js";
import { FILES, infoOf, parseMLmodel } from "../model-format/index.js";

/** The facts that make two models comparable, plus the model kind (for messages). */
export interface ModelIdentity {
  readonly kind: string;
  readonly task: Task;
  readonly target: ColumnSpec;
  readonly inputs: readonly ColumnSpec[];
}

/** Registered-model tag names that carry the identity (local registry and Azure ML alike). */
export const IDENTITY_TAGS = {
  kind: "mlops.model_type",
  task: "mlops.task",
  target: "mlops.target",
  inputs: "mlops.inputs",
} as const;

export const identityOf = (info: ModelInfo): ModelIdentity => ({
  kind: info.kind,
  task: info.task,
  target: info.signature.target,
  inputs: info.signature.inputs,
});

/** The identity as tags: `mlops.inputs` = `size double, color string, …` (column names hold no spaces or commas). */
export function identityTags(identity: ModelIdentity): Record<string, string> {
  return {
    [IDENTITY_TAGS.kind]: identity.kind,
    [IDENTITY_TAGS.task]: identity.task,
    [IDENTITY_TAGS.target]: describeColumns([identity.target]),
    [IDENTITY_TAGS.inputs]: describeColumns(identity.inputs),
  };
}

/** The identity read back from tags; undefined when they are absent or not in the form above (older versions). */
export function identityFromTags(tags: Readonly<Record<string, string>>): ModelIdentity | undefined {
  const columns = (text: string | undefined): ColumnSpec[] | undefined => {
    if (!text) return undefined;
    const out = text.split(", ").map((part) => {
      const [name, type] = part.split(" ");
      return { name, type: type as ColumnType };
    });
    return out.every((c) => c.name && COLUMN_TYPES.includes(c.type)) ? out : undefined;
  };
  const task = tags[IDENTITY_TAGS.task] as Task;
  const target = columns(tags[IDENTITY_TAGS.target]);
  const inputs = columns(tags[IDENTITY_TAGS.inputs]);
  if (!TASKS.includes(task) || target?.length !== 1 || !inputs) return undefined;
  return { kind: tags[IDENTITY_TAGS.kind] ?? "?", task, target: target[0], inputs };
}

/** The identity of the model folder `modelDir` (its MLmodel file). */
export async function identityOfFolder(modelDir: string): Promise<ModelIdentity> {
  const path = join(modelDir, FILES.mlmodel);
  const { mlmodel, inputs } = parseMLmodel(await readFile(path, "utf8"), path);
  return identityOf(infoOf(mlmodel, inputs));
}

/** Why two models are not comparable (empty when they are): task, target or input columns differ. */
export function identityDifferences(next: ModelIdentity, production: ModelIdentity): string[] {
  const task = next.task === production.task ? [] : [`task ${next.task} vs ${production.task}`];
  return [...task, ...signatureDifferences(next, production, ["new model", "production model"])];
}
