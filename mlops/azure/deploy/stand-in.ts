import type { ModelDefinition } from "../../contract/index.js";
import { loadModel } from "../../model-format/index.js";
import { projectModel } from "../../project/index.js";
import { resolveModelRef } from "../../registry/index.js";
import type { DryRunAssumptions } from "../dry-run/responder.js";
import { flavorsOf, SMOKE_PROPERTY, smokeProperty } from "../registry/model-properties.js";

/**
 * What a dry run of `deploy --model models:/NAME/V` assumes the workspace's model is: the same name and version in the
 * local registry (its flavors and smoke case, as the register step would have recorded them), and a deployment that
 * answers the smoke rows as the model recorded. Nothing when the local registry has no such version: the dry run then
 * shows the refusal a real deploy of an unknown model would give.
 */
export async function localStandIn(
  model: string,
  home?: string,
  definition: ModelDefinition = projectModel,
): Promise<DryRunAssumptions> {
  let dir: string;
  try {
    dir = await resolveModelRef(model, home ? { home } : {});
  } catch {
    return {};
  }
  const loaded = await loadModel(dir, definition);
  const { input: _rows, ...answer } = loaded.smoke;
  return {
    modelProperties: {
      modelType: "mlflow_model",
      flavors: Object.fromEntries(Object.entries(flavorsOf(loaded)).map(([k, data]) => [k, { data }])),
      properties: { [SMOKE_PROPERTY]: smokeProperty(loaded, definition.onnx?.output) },
    },
    scoringAnswer: answer,
  };
}
