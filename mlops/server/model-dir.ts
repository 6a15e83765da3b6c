import { readdir, stat } from "node:fs/promises";
import { join } from "node:path";
import { CliError } from "../errors/index.js";

/** Where Azure ML mounts the deployment's model in the container: `/var/azureml-app/azureml-models/<name>/<version>`. */
export const AZUREML_MODEL_DIR = "AZUREML_MODEL_DIR";

const MLMODEL = "MLmodel";

const isFile = (path: string) =>
  stat(path).then(
    (s) => s.isFile(),
    () => false,
  );

/**
 * The model folder inside the folder Azure ML mounts: the folder itself when it holds `MLmodel`, else its single
 * subfolder that does (a registered folder `model/` lands at `$AZUREML_MODEL_DIR/model/MLmodel`). Anything else is
 * refused, naming what was found, so a wrong registration fails at start and not at the first request.
 */
export async function modelFolderIn(mounted: string): Promise<string> {
  if (await isFile(join(mounted, MLMODEL))) return mounted;
  const entries = await readdir(mounted, { withFileTypes: true }).catch((error: NodeJS.ErrnoException) => {
    throw new CliError(
      `${AZUREML_MODEL_DIR}=${mounted} cannot be read (${error.code ?? error.message}): deploy the container with a ` +
        "registered model, which Azure ML mounts there",
    );
  });
  const found = entries.map((e) => (e.isDirectory() ? `${e.name}/` : e.name)).sort();
  const holding: string[] = [];
  for (const entry of entries) {
    if (entry.isDirectory() && (await isFile(join(mounted, entry.name, MLMODEL)))) holding.push(entry.name);
  }
  if (holding.length === 1) return join(mounted, holding[0]);
  throw new CliError(
    `${AZUREML_MODEL_DIR}=${mounted} holds no single model folder: expected ${MLMODEL} there or in exactly one ` +
      `subfolder, found ${found.length === 0 ? "nothing" : found.slice(0, 20).join(", ")}` +
      `${holding.length > 1 ? ` (${holding.length} subfolders hold ${MLMODEL}: ${holding.join(", ")})` : ""}; ` +
      "register the model folder (the one holding MLmodel) and deploy that version",
  );
}
