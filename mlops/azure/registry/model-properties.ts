import type { LoadedModel } from "../../model-format/index.js";

/** Model version property holding the smoke case: what `deploy` sends and the answer it must get back. */
export const SMOKE_PROPERTY = "mlops.smoke";

/**
 * The model's own smoke example (loadModel checked it against the model's predictions) as the `mlops.smoke`
 * property: the columns, the rows, the answer (result, and a classifier's classes and probabilities), and the
 * column an answer in records of several columns is read from (the ONNX export's output).
 */
export function smokeProperty(loaded: LoadedModel, output: string | undefined): string {
  const { input, ...answer } = loaded.smoke;
  return JSON.stringify({
    columns: loaded.info.signature.inputs.map((c) => c.name),
    data: input.data,
    ...answer,
    ...(output && loaded.onnxPath ? { output } : {}),
  });
}

/** The MLmodel's flavors (the whole YAML mapping, as loadModel parsed it) as Azure ML's map: scalar fields as text. */
export function flavorsOf(loaded: LoadedModel): Record<string, Record<string, string>> {
  const flavors = loaded.mlmodel.flavors as unknown as Record<string, Record<string, unknown> | null>;
  const out: Record<string, Record<string, string>> = {};
  for (const [flavor, fields] of Object.entries(flavors)) {
    out[flavor] = {};
    for (const [key, value] of Object.entries(fields ?? {})) {
      if (value !== null && typeof value !== "object") out[flavor][key] = String(value);
    }
  }
  return out;
}
